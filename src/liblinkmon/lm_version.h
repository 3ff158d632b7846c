/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_version lm_version
 * @{ @ingroup liblinkmon
 *
 * The strongSwan version a daemon was built as, read from its binary.
 *
 * A plugin built for one strongSwan crashes another (library_t and
 * daemon_t change between versions), and the libraries carry no version a
 * plugin could ask for. charon and charon-systemd announce theirs at start
 * ("Starting IKE charon daemon (strongSwan 5.9.8, ..."): that text, compiled
 * into the binary, is what the plugin compares with its own headers'
 * version before it touches anything of the daemon.
 */

#ifndef LM_VERSION_H_
#define LM_VERSION_H_

#include <stdbool.h>
#include <stddef.h>

/**
 * Find the version a daemon binary announces: the characters [0-9a-z.]
 * right after the first "(strongSwan " followed by a digit (charon), or
 * else the one NUL-terminated string of the binary that is nothing but a
 * version like 5.9.8 or 5.9.14rc1 (charon-systemd passes VERSION to a
 * "strongSwan %s" format). Two different such strings find nothing.
 *
 * @param data		the binary's contents
 * @param len		its length
 * @param version	receives the version, NUL terminated
 * @param size		size of version, at least 2
 * @return			TRUE if found (and it fitted)
 */
bool lm_version_find(const void *data, size_t len, char *version,
					 size_t size);

#endif /** LM_VERSION_H_ @}*/
