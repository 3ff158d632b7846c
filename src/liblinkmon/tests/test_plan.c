/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include <lm_kv.h>
#include <lm_plan.h>

#include "test_suites.h"

/**
 * A configuration of monitors NAME: KEY=VALUE[, KEY=VALUE...] per line.
 */
static lm_config_t *config_create(const char *spec)
{
	char line[256], *colon, *pair, *eq, *save;
	lm_config_t *config;
	lm_buf_t err = {};
	lm_kv_t *root, *mon;
	const char *pos = spec, *end;

	root = lm_kv_create("monitors");
	while (*pos)
	{
		end = strchr(pos, '\n') ?: pos + strlen(pos);
		snprintf(line, sizeof(line), "%.*s", (int)(end - pos), pos);
		pos = *end ? end + 1 : end;
		colon = strchr(line, ':');
		*colon = '\0';
		mon = lm_kv_section(root, line);
		for (pair = strtok_r(colon + 1, ",", &save); pair;
			 pair = strtok_r(NULL, ",", &save))
		{
			while (*pair == ' ')
			{
				pair++;
			}
			eq = strchr(pair, '=');
			*eq = '\0';
			lm_kv_set(mon, pair, eq + 1);
		}
	}
	config = lm_config_parse(root, "plan.conf", &err);
	ck_assert_msg(config != NULL, "%s", lm_buf_str(&err));
	lm_kv_destroy(root);
	lm_buf_free(&err);
	return config;
}

/**
 * The monitors and templates of a configuration, as running ones.
 */
static void split(lm_config_t *config, const lm_monitor_cfg_t **mons,
				  int *nmons, const lm_monitor_cfg_t **tmpls, int *ntmpls)
{
	int i;

	*nmons = *ntmpls = 0;
	for (i = 0; i < config->count; i++)
	{
		if (config->monitors[i]->remote)
		{
			tmpls[(*ntmpls)++] = config->monitors[i];
		}
		else
		{
			mons[(*nmons)++] = config->monitors[i];
		}
	}
}

START_TEST(test_plan_ops)
{
	const lm_monitor_cfg_t *mons[8], *tmpls[8];
	lm_config_t *old, *new;
	lm_plan_t plan;
	int nmons, ntmpls;

	old = config_create(
		"keep: server=192.0.2.1\n"
		"update: server=192.0.2.2, ha_priority=2\n"
		"rebind: server=192.0.2.3, connection=dc, child=lan\n"
		"replace: server=192.0.2.4\n"
		"gone: server=192.0.2.5\n"
		"hub: server=%remote, connection=clients\n"
		"spoke: server=%remote, connection=branches");
	new = config_create(
		"added: server=198.51.100.1\n"
		"replace: server=192.0.2.40\n"
		"keep: server=192.0.2.1\n"
		"update: server=192.0.2.2, ha_priority=3\n"
		"rebind: server=192.0.2.3, connection=dr, child=lan\n"
		"hub: server=%remote, connection=clients\n"
		"spoke: server=%remote, connection=branches, interval=100");
	split(old, mons, &nmons, tmpls, &ntmpls);
	ck_assert_int_eq(nmons, 5);
	ck_assert_int_eq(ntmpls, 2);
	ck_assert(lm_plan_build(&plan, mons, nmons, tmpls, ntmpls, new));

	/* in the new configuration's order */
	ck_assert_int_eq(plan.count, 5);
	ck_assert_int_eq(plan.items[0].op, LM_PLAN_ADD);
	ck_assert_int_eq(plan.items[0].old, -1);
	ck_assert_int_eq(plan.items[0].cfg, 0);
	ck_assert_int_eq(plan.items[1].op, LM_PLAN_REPLACE);
	ck_assert_int_eq(plan.items[1].old, 3);
	ck_assert_int_eq(plan.items[2].op, LM_PLAN_KEEP);
	ck_assert_int_eq(plan.items[2].old, 0);
	ck_assert_int_eq(plan.items[3].op, LM_PLAN_UPDATE);
	ck_assert_int_eq(plan.items[3].old, 1);
	ck_assert(!plan.items[3].rebind);
	ck_assert_int_eq(plan.items[4].op, LM_PLAN_UPDATE);
	ck_assert_int_eq(plan.items[4].old, 2);
	ck_assert(plan.items[4].rebind);
	ck_assert_int_eq(plan.nremoved, 1);
	ck_assert_int_eq(plan.removed[0], 4);
	ck_assert_int_eq(plan.added, 1);
	ck_assert_int_eq(plan.updated, 2);
	ck_assert_int_eq(plan.replaced, 1);
	ck_assert_int_eq(plan.unchanged, 1);
	/* hub is unchanged and keeps its instances, spoke's change drops them */
	ck_assert_int_eq(plan.ntemplates, 2);
	ck_assert_int_eq(plan.templates[0], 5);
	ck_assert_int_eq(plan.templates[1], 6);
	ck_assert(plan.templates_kept[0]);
	ck_assert(!plan.templates_kept[1]);

	lm_plan_free(&plan);
	lm_config_destroy(old);
	lm_config_destroy(new);
}
END_TEST

START_TEST(test_plan_empty)
{
	const lm_monitor_cfg_t *mons[8], *tmpls[8];
	lm_config_t *old, *new;
	lm_plan_t plan;
	int nmons, ntmpls;

	old = config_create("a: server=192.0.2.1\nb: server=192.0.2.2");
	new = config_create("c: server=192.0.2.3");
	split(old, mons, &nmons, tmpls, &ntmpls);

	/* from nothing: all added */
	ck_assert(lm_plan_build(&plan, NULL, 0, NULL, 0, old));
	ck_assert_int_eq(plan.count, 2);
	ck_assert_int_eq(plan.added, 2);
	ck_assert_int_eq(plan.nremoved, 0);
	lm_plan_free(&plan);

	/* all replaced by another */
	ck_assert(lm_plan_build(&plan, mons, nmons, tmpls, ntmpls, new));
	ck_assert_int_eq(plan.count, 1);
	ck_assert_int_eq(plan.items[0].op, LM_PLAN_ADD);
	ck_assert_int_eq(plan.nremoved, 2);
	ck_assert_int_eq(plan.removed[0], 0);
	ck_assert_int_eq(plan.removed[1], 1);
	lm_plan_free(&plan);
	lm_config_destroy(old);
	lm_config_destroy(new);
}
END_TEST

START_TEST(test_plan_many)
{
	const lm_monitor_cfg_t **mons;
	lm_config_t *config;
	lm_buf_t spec = {};
	lm_plan_t plan;
	int i;

	/* names that collide in a small table still find their monitor */
	for (i = 0; i < 500; i++)
	{
		lm_buf_printf(&spec, "%sm%d: server=10.0.%d.%d", i ? "\n" : "", i,
					  i / 250, i % 250 + 1);
	}
	config = config_create(lm_buf_str(&spec));
	mons = calloc(config->count, sizeof(*mons));
	for (i = 0; i < config->count; i++)
	{
		mons[config->count - 1 - i] = config->monitors[i];
	}
	ck_assert(lm_plan_build(&plan, mons, config->count, NULL, 0, config));
	ck_assert_int_eq(plan.unchanged, 500);
	for (i = 0; i < plan.count; i++)
	{
		ck_assert_int_eq(plan.items[i].op, LM_PLAN_KEEP);
		ck_assert_int_eq(plan.items[i].old, config->count - 1 - i);
	}
	lm_plan_free(&plan);
	free(mons);
	lm_config_destroy(config);
	lm_buf_free(&spec);
}
END_TEST

Suite *plan_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("lm_plan");
	tc = tcase_create("plan");
	tcase_add_test(tc, test_plan_ops);
	tcase_add_test(tc, test_plan_empty);
	tcase_add_test(tc, test_plan_many);
	suite_add_tcase(s, tc);
	return s;
}
