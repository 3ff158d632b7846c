/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <string.h>
#include <check.h>

#include <lm_failover.h>

#include "test_helpers.h"
#include "test_suites.h"

#define S 1000000000ULL

/** data children probed through the child "probe" */
static const char *probe_child[] = { "probe_child=probe", NULL };

static bool none_dead[LM_MAX_PATHS];

/**
 * A monitor on dc/lan with backups dr and dr2 and the keys of extra, its
 * failover initialized at 0.
 */
static lm_monitor_cfg_t *fo_create(const char **extra, lm_failover_t *fo,
								   lm_fo_out_t *out)
{
	const char *base[] = { "server=10.0.0.135", "connection=dc", "child=lan",
						   "failover=dr, dr2/lan2", "holddown=0", NULL };
	lm_monitor_cfg_t *cfg;

	cfg = test_cfg_create(base, extra);
	lm_failover_init(fo, cfg, 0, out);
	return cfg;
}

/**
 * The monitor dies at now and dr's data child comes up: the traffic moves
 * to dr.
 */
static void move_to_dr(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					   uint64_t now, lm_fo_out_t *out)
{
	lm_failover_state(fo, cfg, LM_STATE_DEAD, none_dead, now, out);
	lm_failover_child(fo, cfg, "dr", "lan", true, none_dead, now, out);
}

/**
 * Assert a command.
 */
static void assert_cmd(lm_fo_out_t *out, int i, lm_cmd_type_t type,
					   const char *conn, const char *child)
{
	ck_assert_int_gt(out->count, i);
	ck_assert_int_eq(out->cmds[i].type, type);
	ck_assert_str_eq(out->cmds[i].connection, conn);
	if (child)
	{
		ck_assert_ptr_nonnull(out->cmds[i].child);
		ck_assert_str_eq(out->cmds[i].child, child);
	}
	else
	{
		ck_assert_ptr_null(out->cmds[i].child);
	}
}

/**
 * Assert the phase and the path that carries the traffic.
 */
static void assert_path(const lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
						lm_fo_phase_t phase, const char *active)
{
	ck_assert_int_eq(fo->phase, phase);
	ck_assert_str_eq(lm_failover_active(fo, cfg), active);
}

START_TEST(test_failover_and_back)
{
	lm_fo_out_t out = {};
	lm_failover_t fo;
	lm_monitor_cfg_t *cfg = fo_create(probe_child, &fo, &out);

	ck_assert_int_eq(out.count, 0);
	ck_assert_str_eq(lm_failover_active(&fo, cfg), "dc");
	lm_failover_child(&fo, cfg, "dc", "lan", true, none_dead, 1 * S, &out);
	ck_assert(fo.primary_up);
	lm_failover_state(&fo, cfg, LM_STATE_ALIVE, none_dead, 1 * S, &out);
	ck_assert_int_eq(out.count, 0);

	/* dead: bring up dr first, keep dc until dr is installed */
	lm_failover_state(&fo, cfg, LM_STATE_DEAD, none_dead, 5 * S, &out);
	ck_assert_int_eq(out.count, 1);
	assert_cmd(&out, 0, LM_CMD_INITIATE_CHILD, "dr", "lan");
	assert_path(&fo, cfg, LM_FO_TO_BACKUP, "dc");
	ck_assert_ptr_nonnull(strstr(out.logs[0], "moving the traffic from dc to dr"));
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), 5 * S + LM_FAILOVER_MOVE_TIMEOUT);

	/* unrelated children do nothing, also other children of the backup */
	memset(&out, 0, sizeof(out));
	lm_failover_child(&fo, cfg, "dc", "probe", true, none_dead, 5 * S, &out);
	lm_failover_child(&fo, cfg, "dr", "probe", true, none_dead, 5 * S, &out);
	ck_assert_int_eq(out.count, 0);
	ck_assert_int_eq(fo.phase, LM_FO_TO_BACKUP);

	/* dr installed: close dc's data child */
	lm_failover_child(&fo, cfg, "dr", "lan", true, none_dead, 5 * S + 20, &out);
	ck_assert_int_eq(out.count, 1);
	assert_cmd(&out, 0, LM_CMD_TERMINATE_CHILD, "dc", "lan");
	ck_assert(out.moved);
	ck_assert_str_eq(out.action, "failover dc -> dr");
	assert_path(&fo, cfg, LM_FO_BACKUP, "dr");
	ck_assert_uint_eq(fo.since_ns, 5 * S + 20);
	/* with probe_child the primary stays observable: no retries */
	ck_assert_uint_eq(fo.retry_ns, 0);
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), UINT64_MAX);

	/* alive again: bring dc back, then close dr (IKE, no standby) */
	memset(&out, 0, sizeof(out));
	lm_failover_child(&fo, cfg, "dc", "lan", false, none_dead, 6 * S, &out);
	lm_failover_state(&fo, cfg, LM_STATE_ALIVE, none_dead, 9 * S, &out);
	ck_assert_int_eq(out.count, 1);
	assert_cmd(&out, 0, LM_CMD_INITIATE_CHILD, "dc", "lan");
	assert_path(&fo, cfg, LM_FO_TO_PRIMARY, "dr");
	memset(&out, 0, sizeof(out));
	lm_failover_child(&fo, cfg, "dc", "lan", true, none_dead, 9 * S + 15, &out);
	ck_assert_int_eq(out.count, 1);
	assert_cmd(&out, 0, LM_CMD_TERMINATE_IKE, "dr", NULL);
	ck_assert_str_eq(out.action, "failback dr -> dc");
	assert_path(&fo, cfg, LM_FO_PRIMARY, "dc");
	lm_monitor_cfg_destroy(cfg);
}
END_TEST

START_TEST(test_holddown_and_delay)
{
	const char *extra[] = { "probe_child=probe", "holddown=10",
							"failback_delay=30", NULL };
	lm_fo_out_t out = {};
	lm_failover_t fo;
	lm_monitor_cfg_t *cfg = fo_create(extra, &fo, &out);

	move_to_dr(&fo, cfg, 100 * S, &out);
	ck_assert_int_eq(fo.phase, LM_FO_BACKUP);

	/* alive at 101 s: failback at max(101 + 30, 100 + 10) */
	memset(&out, 0, sizeof(out));
	lm_failover_state(&fo, cfg, LM_STATE_ALIVE, none_dead, 101 * S, &out);
	ck_assert_int_eq(out.count, 0);
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), 131 * S);
	/* dies again before: the wait starts over */
	lm_failover_state(&fo, cfg, LM_STATE_DEAD, none_dead, 120 * S, &out);
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), UINT64_MAX);
	lm_failover_state(&fo, cfg, LM_STATE_ALIVE, none_dead, 121 * S, &out);
	lm_failover_timer(&fo, cfg, none_dead, 150 * S, &out);
	ck_assert_int_eq(out.count, 0);
	lm_failover_timer(&fo, cfg, none_dead, 151 * S, &out);
	assert_cmd(&out, 0, LM_CMD_INITIATE_CHILD, "dc", "lan");
	lm_failover_child(&fo, cfg, "dc", "lan", true, none_dead, 151 * S, &out);
	ck_assert_int_eq(fo.phase, LM_FO_PRIMARY);

	/* dead within the holddown after the failback: wait for its end */
	memset(&out, 0, sizeof(out));
	lm_failover_state(&fo, cfg, LM_STATE_DEAD, none_dead, 155 * S, &out);
	ck_assert_int_eq(out.count, 0);
	ck_assert_int_eq(out.nlogs, 1);
	ck_assert_ptr_nonnull(strstr(out.logs[0], "holding down moves for 6.0 s"));
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), 161 * S);
	lm_failover_timer(&fo, cfg, none_dead, 161 * S, &out);
	assert_cmd(&out, 0, LM_CMD_INITIATE_CHILD, "dr", "lan");
	lm_monitor_cfg_destroy(cfg);
}
END_TEST

START_TEST(test_dead_backups)
{
	bool dead[LM_MAX_PATHS] = { true, true };
	lm_fo_out_t out = {};
	lm_failover_t fo;
	lm_monitor_cfg_t *cfg = fo_create(probe_child, &fo, &out);

	/* every backup known dead: keep what is up, say why, once */
	lm_failover_state(&fo, cfg, LM_STATE_DEAD, dead, 1 * S, &out);
	ck_assert_int_eq(out.count, 0);
	ck_assert_ptr_nonnull(strstr(out.logs[0], "no backup path is usable "
								 "(all known dead), keeping the traffic on dc"));
	lm_failover_state(&fo, cfg, LM_STATE_DEAD, dead, 2 * S, &out);
	ck_assert_int_eq(out.nlogs, 1);
	ck_assert_int_eq(fo.phase, LM_FO_PRIMARY);

	/* dr dead, dr2 fine: dr2 with its own child */
	dead[1] = false;
	lm_failover_state(&fo, cfg, LM_STATE_DEAD, dead, 3 * S, &out);
	assert_cmd(&out, 0, LM_CMD_INITIATE_CHILD, "dr2", "lan2");
	/* dr2 does not come up: no other usable path, back to the primary */
	memset(&out, 0, sizeof(out));
	lm_failover_timer(&fo, cfg, dead, 3 * S + LM_FAILOVER_MOVE_TIMEOUT, &out);
	ck_assert_int_eq(out.count, 0);
	ck_assert_int_eq(fo.phase, LM_FO_PRIMARY);
	ck_assert_ptr_nonnull(strstr(out.logs[0], "dr2 did not come up"));
	/* when it comes up late it is closed again */
	memset(&out, 0, sizeof(out));
	lm_failover_child(&fo, cfg, "dr2", "lan2", true, dead, 14 * S, &out);
	assert_cmd(&out, 0, LM_CMD_TERMINATE_CHILD, "dr2", "lan2");
	lm_monitor_cfg_destroy(cfg);
}
END_TEST

START_TEST(test_timeout_tries_next)
{
	lm_fo_out_t out = {};
	lm_failover_t fo;
	lm_monitor_cfg_t *cfg = fo_create(probe_child, &fo, &out);

	lm_failover_state(&fo, cfg, LM_STATE_DEAD, none_dead, 1 * S, &out);
	memset(&out, 0, sizeof(out));
	lm_failover_timer(&fo, cfg, none_dead, 1 * S + LM_FAILOVER_MOVE_TIMEOUT - 1,
					  &out);
	ck_assert_int_eq(out.count, 0);
	lm_failover_timer(&fo, cfg, none_dead, 1 * S + LM_FAILOVER_MOVE_TIMEOUT,
					  &out);
	assert_cmd(&out, 0, LM_CMD_INITIATE_CHILD, "dr2", "lan2");
	ck_assert_int_eq(fo.backup, 1);
	lm_failover_child(&fo, cfg, "dr2", "lan2", true, none_dead, 12 * S, &out);
	ck_assert_str_eq(lm_failover_active(&fo, cfg), "dr2");
	lm_monitor_cfg_destroy(cfg);
}
END_TEST

START_TEST(test_standby_and_teardown)
{
	const char *extra[] = { "probe_child=probe", "standby=ike",
							"teardown=ike", NULL };
	const char *none[] = { "probe_child=probe", "teardown=none", NULL };
	lm_fo_out_t out = {};
	lm_failover_t fo;
	lm_monitor_cfg_t *cfg = fo_create(extra, &fo, &out);

	ck_assert_int_eq(out.count, 2);
	assert_cmd(&out, 0, LM_CMD_INITIATE_IKE, "dr", NULL);
	assert_cmd(&out, 1, LM_CMD_INITIATE_IKE, "dr2", NULL);
	/* checked again periodically */
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), LM_FAILOVER_STANDBY_CHECK);
	memset(&out, 0, sizeof(out));
	lm_failover_timer(&fo, cfg, none_dead, LM_FAILOVER_STANDBY_CHECK, &out);
	ck_assert_int_eq(out.count, 2);
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), 2 * LM_FAILOVER_STANDBY_CHECK);
	memset(&out, 0, sizeof(out));
	move_to_dr(&fo, cfg, 1 * S, &out);
	assert_cmd(&out, 1, LM_CMD_TERMINATE_IKE, "dc", NULL);
	memset(&out, 0, sizeof(out));
	lm_failover_state(&fo, cfg, LM_STATE_ALIVE, none_dead, 2 * S, &out);
	lm_failover_child(&fo, cfg, "dc", "lan", true, none_dead, 2 * S, &out);
	/* standby: the backup keeps its IKE_SA, only the child goes */
	assert_cmd(&out, 1, LM_CMD_TERMINATE_CHILD, "dr", "lan");
	/* on dr, only dr2 is standby */
	memset(&out, 0, sizeof(out));
	move_to_dr(&fo, cfg, 20 * S, &out);
	memset(&out, 0, sizeof(out));
	lm_failover_timer(&fo, cfg, none_dead, 30 * S, &out);
	ck_assert_int_eq(out.count, 1);
	assert_cmd(&out, 0, LM_CMD_INITIATE_IKE, "dr2", NULL);
	lm_monitor_cfg_destroy(cfg);

	memset(&out, 0, sizeof(out));
	cfg = fo_create(none, &fo, &out);
	lm_failover_state(&fo, cfg, LM_STATE_DEAD, none_dead, 1 * S, &out);
	memset(&out, 0, sizeof(out));
	lm_failover_child(&fo, cfg, "dr", "lan", true, none_dead, 1 * S, &out);
	ck_assert_int_eq(out.count, 0);
	ck_assert(out.moved);
	lm_monitor_cfg_destroy(cfg);
}
END_TEST

START_TEST(test_retry_without_probe_child)
{
	const char *extra[] = { "holddown=5", "interval=100", "probe_timeout=100",
							"recoverytime=3", NULL };
	lm_fo_out_t out = {};
	lm_failover_t fo;
	lm_monitor_cfg_t *cfg = fo_create(extra, &fo, &out);

	lm_failover_child(&fo, cfg, "dc", "lan", true, none_dead, 0, &out);
	move_to_dr(&fo, cfg, 10 * S, &out);
	ck_assert(!fo.primary_up);
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), 15 * S);

	/* retry: bring dc up to probe it */
	memset(&out, 0, sizeof(out));
	lm_failover_timer(&fo, cfg, none_dead, 15 * S, &out);
	assert_cmd(&out, 0, LM_CMD_INITIATE_CHILD, "dc", "lan");
	lm_failover_child(&fo, cfg, "dc", "lan", true, none_dead, 15 * S, &out);
	/* 3 x 100 ms + 100 ms + 1 s to prove itself */
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), 15 * S + 1400000000ULL);
	/* still dead: closed again, next retry after the holddown */
	memset(&out, 0, sizeof(out));
	lm_failover_timer(&fo, cfg, none_dead, 16 * S + 400000000ULL, &out);
	assert_cmd(&out, 0, LM_CMD_TERMINATE_CHILD, "dc", "lan");
	ck_assert_uint_eq(lm_failover_next(&fo, cfg), 21 * S + 400000000ULL);

	/* next retry: alive, the primary is already up, close the backup */
	memset(&out, 0, sizeof(out));
	lm_failover_timer(&fo, cfg, none_dead, 21 * S + 400000000ULL, &out);
	lm_failover_child(&fo, cfg, "dc", "lan", true, none_dead, 22 * S, &out);
	memset(&out, 0, sizeof(out));
	lm_failover_state(&fo, cfg, LM_STATE_ALIVE, none_dead, 22 * S, &out);
	ck_assert_int_eq(out.count, 1);
	assert_cmd(&out, 0, LM_CMD_TERMINATE_IKE, "dr", NULL);
	ck_assert_int_eq(fo.phase, LM_FO_PRIMARY);
	lm_monitor_cfg_destroy(cfg);
}
END_TEST

START_TEST(test_backup_down)
{
	lm_fo_out_t out = {};
	lm_failover_t fo;
	lm_monitor_cfg_t *cfg = fo_create(probe_child, &fo, &out);

	move_to_dr(&fo, cfg, 1 * S, &out);
	/* dr goes away while dc is still dead: dr2, despite any holddown */
	memset(&out, 0, sizeof(out));
	lm_failover_child(&fo, cfg, "dr", "lan", false, none_dead, 2 * S, &out);
	assert_cmd(&out, 0, LM_CMD_INITIATE_CHILD, "dr2", "lan2");
	ck_assert_ptr_nonnull(strstr(out.logs[0], "dr went down while carrying"));
	/* moving from one backup to another: dr counts until dr2 is up */
	assert_path(&fo, cfg, LM_FO_TO_BACKUP, "dr");
	lm_failover_child(&fo, cfg, "dr2", "lan2", true, none_dead, 2 * S, &out);
	ck_assert_str_eq(lm_failover_active(&fo, cfg), "dr2");
	ck_assert_str_eq(lm_failover_phase_name(fo.phase), "backup");
	lm_monitor_cfg_destroy(cfg);
}
END_TEST

Suite *failover_suite_create(void)
{
	Suite *s = suite_create("lm_failover");
	TCase *tc = tcase_create("paths");

	tcase_add_test(tc, test_failover_and_back);
	tcase_add_test(tc, test_holddown_and_delay);
	tcase_add_test(tc, test_dead_backups);
	tcase_add_test(tc, test_timeout_tries_next);
	tcase_add_test(tc, test_standby_and_teardown);
	tcase_add_test(tc, test_retry_without_probe_child);
	tcase_add_test(tc, test_backup_down);
	suite_add_tcase(s, tc);
	return s;
}
