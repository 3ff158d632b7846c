/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon reflect: a TWAMP-light and STAMP reflector (RFC 5357 and RFC 8762
 * unauthenticated mode, RFC 6038 symmetric size), answering every test
 * packet of 14 bytes or more with a reply as long as it (at least 41 bytes),
 * from the address it was sent to; a STAMP packet's SSID (RFC 8972) is
 * copied back.
 */

#ifndef LINKMON_REFLECT_H_
#define LINKMON_REFLECT_H_

#include <stdint.h>

/**
 * Reflect test packets until SIGINT/SIGTERM or until count packets were
 * reflected; prints the address it listens on and, when done, how many
 * packets it reflected and ignored.
 *
 * @param listen_addr	numeric address to listen on, NULL for :: (IPv4 and
 *						IPv6, or 0.0.0.0 on hosts without IPv6)
 * @param port			UDP port, 0 for a free one
 * @param count			packets to reflect before returning, 0 for no limit
 * @return				exit code: 0 ok, 1 socket or receive error, 2 invalid
 *						listen address
 */
int linkmon_reflect(const char *listen_addr, unsigned long port,
					uint64_t count);

#endif /* LINKMON_REFLECT_H_ */
