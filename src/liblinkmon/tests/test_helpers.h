/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Helpers shared by the unit tests: monitors from "key=value" strings.
 */

#ifndef TEST_HELPERS_H_
#define TEST_HELPERS_H_

#include <stdint.h>

#include <lm_config.h>
#include <lm_kv.h>
#include <lm_monitor.h>

/**
 * Set keys of a section from a NULL-terminated list of "key=value" strings
 * (pairs may be NULL).
 */
void test_kv_set(lm_kv_t *section, const char **pairs);

/**
 * Build a monitors section with one monitor from NULL-terminated lists of
 * "key=value" strings; a key of more (which may be NULL) replaces the same
 * key of pairs.
 */
lm_kv_t *test_kv_monitor(const char *name, const char **pairs,
						 const char **more);

/**
 * Parse a monitors section, which must be valid and produce no message; the
 * section is destroyed.
 *
 * @return			the configuration
 */
lm_config_t *test_parse(lm_kv_t *root);

/**
 * Parse the monitor of test_kv_monitor(), which must be valid and produce
 * no message.
 *
 * @return			the configuration, with that one monitor
 */
lm_config_t *test_config_parse(const char *name, const char **pairs,
							   const char **more);

/**
 * Parse the monitor "dc" of test_kv_monitor(), which must be valid and
 * produce no message.
 *
 * @return			a clone of its configuration
 */
lm_monitor_cfg_t *test_cfg_create(const char **pairs, const char **more);

/**
 * Create a monitor (ICMP identifier 1, token 2, created 0) from cfg, which
 * it takes, and activate it at now, as when its tunnel is up.
 */
lm_monitor_t *test_mon_start(lm_monitor_cfg_t *cfg, uint64_t now);

#endif /* TEST_HELPERS_H_ */
