/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <string.h>
#include <check.h>

#include "test_helpers.h"

void test_kv_set(lm_kv_t *section, const char **pairs)
{
	char key[64];
	const char *eq;
	int i;

	for (i = 0; pairs && pairs[i]; i++)
	{
		eq = strchr(pairs[i], '=');
		ck_assert_ptr_nonnull(eq);
		ck_assert_uint_lt(eq - pairs[i], sizeof(key));
		memcpy(key, pairs[i], eq - pairs[i]);
		key[eq - pairs[i]] = '\0';
		lm_kv_set(section, key, eq + 1);
	}
}

lm_kv_t *test_kv_monitor(const char *name, const char **pairs,
						 const char **more)
{
	lm_kv_t *root, *mon;

	root = lm_kv_create("monitors");
	mon = lm_kv_section(root, name);
	test_kv_set(mon, pairs);
	test_kv_set(mon, more);
	return root;
}

lm_config_t *test_parse(lm_kv_t *root)
{
	lm_config_t *config;
	lm_buf_t err = {};

	config = lm_config_parse(root, "test", &err);
	ck_assert_msg(config != NULL, "%s", lm_buf_str(&err));
	ck_assert_str_eq(lm_buf_str(&err), "");
	lm_kv_destroy(root);
	lm_buf_free(&err);
	return config;
}

lm_config_t *test_config_parse(const char *name, const char **pairs,
							   const char **more)
{
	lm_config_t *config;

	config = test_parse(test_kv_monitor(name, pairs, more));
	ck_assert_int_eq(config->count, 1);
	return config;
}

lm_monitor_cfg_t *test_cfg_create(const char **pairs, const char **more)
{
	lm_monitor_cfg_t *cfg;
	lm_config_t *config;

	config = test_config_parse("dc", pairs, more);
	cfg = lm_monitor_cfg_clone(config->monitors[0]);
	ck_assert_ptr_nonnull(cfg);
	lm_config_destroy(config);
	return cfg;
}

lm_monitor_t *test_mon_start(lm_monitor_cfg_t *cfg, uint64_t now)
{
	lm_monitor_t *mon;

	mon = lm_monitor_create(cfg, 1, 2, 0, now);
	ck_assert_ptr_nonnull(mon);
	lm_monitor_set_active(mon, true, now);
	return mon;
}
