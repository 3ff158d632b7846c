/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <check.h>

#include <lm_ha.h>

#include "test_suites.h"

#define S 1000000000ULL

/** a time of day, as monotonic ns */
#define T(h, m, s) ((((uint64_t)(h) * 3600) + (m) * 60 + (s)) * S)

/**
 * Is there a log line containing str?
 */
static bool has_log(const lm_ha_out_t *out, const char *str)
{
	int i;

	for (i = 0; i < out->nlogs; i++)
	{
		if (strstr(out->logs[i], str))
		{
			return true;
		}
	}
	return false;
}

#define assert_log(out, str) \
	ck_assert_msg(has_log(out, str), "no log line with \"%s\" in %d lines: " \
				  "\"%s\" \"%s\" \"%s\"", str, (out)->nlogs, (out)->logs[0], \
				  (out)->logs[1], (out)->logs[2])

START_TEST(test_penalty_sum)
{
	lm_ha_cfg_t cfg = { .failover_threshold = 10, .flip_timeout_s = 3600,
						.secondary_force_reset = true };
	lm_ha_input_t mons[] = {
		{ .name = "dc", .ha_priority = 5 },
		{ .name = "dr", .ha_priority = 3 },
		{ .name = "wan", .ha_priority = 2 },
		{ .name = "none", .ha_priority = 0, .dead = true },
	};
	lm_ha_t ha;
	lm_ha_out_t out;

	lm_ha_init(&ha);
	lm_ha_update(&ha, &cfg, mons, 4, LM_HA_ROLE_MASTER, 1 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(!out.changed);
	ck_assert_uint_eq(out.penalty, 0);
	ck_assert_int_eq(out.nlogs, 1);
	assert_log(&out, "link-monitor: HA role unknown -> master");

	/* 5 + 3 = 8, below 10: counted, not written */
	mons[0].dead = mons[1].dead = true;
	lm_ha_update(&ha, &cfg, mons, 4, LM_HA_ROLE_MASTER, 2 * S, &out);
	ck_assert_uint_eq(out.penalty, 8);
	ck_assert_uint_eq(out.live, 8);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(!out.changed);
	ck_assert_int_eq(out.nlogs, 1);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 8 (dc 5, dr 3) "
					 "below threshold 10");

	/* 10 reaches 10: "When the threshold value is reached" */
	mons[2].dead = true;
	lm_ha_update(&ha, &cfg, mons, 4, LM_HA_ROLE_MASTER, 3 * S, &out);
	ck_assert_uint_eq(out.penalty, 10);
	ck_assert_uint_eq(out.value, 10);
	ck_assert(out.changed);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 10 (dc 5, dr 3, "
					 "wan 2) at threshold 10, asking to give up mastership");
	/* no flip timer until mastership is actually lost */
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, 3 * S), 0);

	/* the same again: nothing */
	lm_ha_update(&ha, &cfg, mons, 4, LM_HA_ROLE_MASTER, 4 * S, &out);
	ck_assert(!out.changed);
	ck_assert_int_eq(out.nlogs, 0);

	/* dr recovers: 7, below, request withdrawn */
	mons[1].dead = false;
	lm_ha_update(&ha, &cfg, mons, 4, LM_HA_ROLE_MASTER, 5 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(out.changed);
	ck_assert_uint_eq(out.penalty, 7);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 7 (dc 5, wan 2) "
					 "below threshold 10, no longer asking to give up "
					 "mastership");

	/* threshold 5: above it, the value is the penalty */
	cfg.failover_threshold = 5;
	lm_ha_update(&ha, &cfg, mons, 4, LM_HA_ROLE_MASTER, 6 * S, &out);
	ck_assert_uint_eq(out.value, 7);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 7 (dc 5, wan 2) "
					 "above threshold 5, asking to give up mastership");
	mons[1].dead = true;
	lm_ha_update(&ha, &cfg, mons, 4, LM_HA_ROLE_MASTER, 7 * S, &out);
	ck_assert_uint_eq(out.value, 10);
	ck_assert(out.changed);
	assert_log(&out, "still asking to give up mastership");

	/* all recover */
	mons[0].dead = mons[1].dead = mons[2].dead = false;
	lm_ha_update(&ha, &cfg, mons, 4, LM_HA_ROLE_MASTER, 8 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert_uint_eq(out.penalty, 0);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 0, no longer "
					 "asking to give up mastership");
	/* no monitors at all */
	lm_ha_update(&ha, &cfg, NULL, 0, LM_HA_ROLE_MASTER, 9 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert_int_eq(out.nlogs, 0);
}
END_TEST

START_TEST(test_threshold_zero)
{
	lm_ha_cfg_t cfg = { .failover_threshold = 0, .flip_timeout_s = 3600,
						.secondary_force_reset = true };
	lm_ha_input_t mons[] = {
		{ .name = "dc", .ha_priority = 5 },
		{ .name = "dr", .ha_priority = 1 },
	};
	lm_ha_t ha;
	lm_ha_out_t out;

	lm_ha_init(&ha);
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_MASTER, 1 * S, &out);
	ck_assert_uint_eq(out.value, 0);

	/* 0: any dead monitor, "trigger a HA failover right after the remote
	 * link failure is detected" */
	mons[0].dead = true;
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_MASTER, 2 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	ck_assert(out.changed);
	ck_assert_int_eq(out.nlogs, 1);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 5 (dc 5) above "
					 "threshold 0, asking to give up mastership");
	mons[0].dead = false;
	mons[1].dead = true;
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_MASTER, 3 * S, &out);
	ck_assert_uint_eq(out.value, 1);
	ck_assert(out.changed);
	mons[1].dead = false;
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_MASTER, 4 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(out.changed);
}
END_TEST

/**
 * Step of the reference's FGT1 ('preferred' primary) with one monitor.
 */
static void fgt1(lm_ha_t *ha, const lm_ha_cfg_t *cfg, bool dead,
				 lm_ha_role_t role, uint64_t now, lm_ha_out_t *out)
{
	lm_ha_input_t mon = {
		/* set ha-priority 1 */
		.name = "ha-link-monitor", .ha_priority = 1, .dead = dead,
	};

	lm_ha_update(ha, cfg, &mon, 1, role, now, out);
}

/**
 * Steps 1) to 10) of the reference's debug log timeline, on FGT1.
 */
static void reference_failover(lm_ha_t *ha, const lm_ha_cfg_t *cfg)
{
	lm_ha_out_t out;

	lm_ha_init(ha);
	/* "FGT1 is configured as 'preferred' primary. It is primary at the
	 * beginning of the test" */
	/* "1) 08:37:14: link monitor PING test [...] is successful"
	 * "2) 08:37:19 [...] 3) 08:37:24: [...] successful" */
	fgt1(ha, cfg, false, LM_HA_ROLE_MASTER, T(8, 37, 14), &out);
	ck_assert_uint_eq(out.value, 0);
	fgt1(ha, cfg, false, LM_HA_ROLE_MASTER, T(8, 37, 19), &out);
	fgt1(ha, cfg, false, LM_HA_ROLE_MASTER, T(8, 37, 24), &out);
	ck_assert_int_eq(out.nlogs, 0);
	ck_assert_uint_eq(out.value, 0);

	/* "4) -> a loss of connectivity [...] is simulated"
	 * "5) 08:37:29: [...] fails. It is done a second time [...] and also
	 * fails." The monitor is not dead yet (failtime 2): nothing. */
	fgt1(ha, cfg, false, LM_HA_ROLE_MASTER, T(8, 37, 30), &out);
	ck_assert_int_eq(out.nlogs, 0);

	/* "6) 08:37:31: link monitor is flagged as non-operational
	 * (cf. 'ha-link-monitor is dead' message)": the global PENALTY is
	 * incremented by ha-priority 1 and compared with threshold 0 */
	fgt1(ha, cfg, true, LM_HA_ROLE_MASTER, T(8, 37, 31), &out);
	ck_assert_uint_eq(out.value, 1);
	ck_assert(out.changed);
	ck_assert_int_eq(out.nlogs, 1);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 1 "
					 "(ha-link-monitor 1) above threshold 0, asking to give up "
					 "mastership");
	/* "if it is higher, the FLIP timer is started and a failover occurs":
	 * keepalived compares, we have not lost mastership yet */
	ck_assert_uint_eq(lm_ha_flip_remaining_s(ha, cfg, T(8, 37, 31)), 0);
	ck_assert_uint_eq(lm_ha_next(ha, cfg), UINT64_MAX);

	/* "7) 08:37:33: routing table is deactivated on FGT1 - failover occurs
	 * (FGT2 becomes primary)": the penalty is held, the flip timer runs */
	fgt1(ha, cfg, true, LM_HA_ROLE_BACKUP, T(8, 37, 33), &out);
	ck_assert_uint_eq(out.value, 1);
	ck_assert(!out.changed);
	ck_assert_int_eq(out.nlogs, 2);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA role master -> backup");
	ck_assert_str_eq(out.logs[1], "link-monitor: HA gave up mastership with "
					 "penalty 1 (ha-link-monitor 1), holding it, flip timeout "
					 "60 min running");
	ck_assert_uint_eq(lm_ha_flip_remaining_s(ha, cfg, T(8, 37, 33)), 3600);
	ck_assert_uint_eq(lm_ha_next(ha, cfg), T(9, 37, 33));

	/* "8) 08:37:37: the PING test cycle is re-initiated but no packets are
	 * effectively issued since routing table is inactive" "9) 08:37:42:
	 * idem than step 8" "10) 08:37:47: idem than step 8": whatever the
	 * secondary's monitors say, its penalty stays */
	fgt1(ha, cfg, true, LM_HA_ROLE_BACKUP, T(8, 37, 37), &out);
	ck_assert_uint_eq(out.value, 1);
	ck_assert_int_eq(out.nlogs, 0);
	fgt1(ha, cfg, false, LM_HA_ROLE_BACKUP, T(8, 37, 42), &out);
	ck_assert_uint_eq(out.value, 1);
	ck_assert_uint_eq(out.penalty, 1);
	ck_assert_int_eq(out.nlogs, 0);
	fgt1(ha, cfg, true, LM_HA_ROLE_BACKUP, T(8, 37, 47), &out);
	ck_assert_uint_eq(out.value, 1);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(ha, cfg, T(8, 37, 47)), 3586);
}

START_TEST(test_reference_flip_flop)
{
	/* "set pingserver-failover-threshold 0", "set pingserver-flip-timeout
	 * 60", secondary-force-reset at its default, enabled */
	lm_ha_cfg_t cfg = { .failover_threshold = 0, .flip_timeout_s = 60 * 60,
						.secondary_force_reset = true };
	lm_ha_t ha;
	lm_ha_out_t out;

	reference_failover(&ha, &cfg);

	/* nothing before the flip timer elapses */
	lm_ha_timer(&ha, &cfg, T(9, 37, 32), &out);
	ck_assert_int_eq(out.nlogs, 0);
	ck_assert_uint_eq(out.value, 1);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, T(9, 37, 32)), 1);

	/* "When the FLIP timer elapses, the 'preferred' primary 'global'
	 * PENALTY is reset." */
	lm_ha_timer(&ha, &cfg, T(9, 37, 33), &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(out.changed);
	ck_assert_uint_eq(out.penalty, 0);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 1 reset after "
					 "flip timeout 60 min, this node may take mastership "
					 "again");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, T(9, 37, 33)), 0);

	/* "Regardless of the remote link monitoring status on the new primary,
	 * the cluster automatically returns to normal operation, i.e., a
	 * failover occurs since the HA 'override' parameter is enabled" and
	 * "the 'preferred' primary unit starts remote link monitoring again.
	 * [...] If, however, the remote link is still down, remote link
	 * failover causes the cluster to fail over again" */
	fgt1(&ha, &cfg, true, LM_HA_ROLE_MASTER, T(9, 37, 35), &out);
	ck_assert_uint_eq(out.value, 1);
	ck_assert(out.changed);
	assert_log(&out, "asking to give up mastership");
	fgt1(&ha, &cfg, true, LM_HA_ROLE_BACKUP, T(9, 37, 37), &out);
	ck_assert_uint_eq(out.value, 1);
	assert_log(&out, "holding it, flip timeout 60 min running");
	/* "The FLIP timer is started" */
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), T(10, 37, 37));

	/* "This sequence, known as FLIP-FLOP failover, will repeat each time
	 * the FLIP timer expires, up until the failed remote link is
	 * restored." */
	lm_ha_timer(&ha, &cfg, T(10, 37, 37), &out);
	ck_assert_uint_eq(out.value, 0);
	fgt1(&ha, &cfg, true, LM_HA_ROLE_MASTER, T(10, 37, 39), &out);
	ck_assert_uint_eq(out.value, 1);
	fgt1(&ha, &cfg, true, LM_HA_ROLE_BACKUP, T(10, 37, 41), &out);
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), T(11, 37, 41));

	/* the link is restored while FGT1 is secondary: its penalty stays
	 * until the flip timer elapses */
	fgt1(&ha, &cfg, false, LM_HA_ROLE_BACKUP, T(11, 0, 0), &out);
	ck_assert_uint_eq(out.value, 1);
	lm_ha_timer(&ha, &cfg, T(11, 37, 41), &out);
	ck_assert_uint_eq(out.value, 0);
	/* "If the remote link is restored, the cluster continues to operate
	 * normally." */
	fgt1(&ha, &cfg, false, LM_HA_ROLE_MASTER, T(11, 37, 43), &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(!out.changed);
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
}
END_TEST

START_TEST(test_reference_no_force_reset)
{
	/* "set pingserver-secondary-force-reset disable", as configured in the
	 * reference's example */
	lm_ha_cfg_t cfg = { .failover_threshold = 0, .flip_timeout_s = 60 * 60,
						.secondary_force_reset = false };
	lm_ha_t ha;
	lm_ha_out_t out;

	reference_failover(&ha, &cfg);

	/* "With this setting, the 'preferred' primary 'global' PENALTY is not
	 * reset when the FLIP timer elapses. This way, there will be no
	 * FLIP-FLOP failover" */
	lm_ha_timer(&ha, &cfg, T(9, 37, 33), &out);
	ck_assert_uint_eq(out.value, 1);
	ck_assert(!out.changed);
	ck_assert_int_eq(out.nlogs, 1);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA flip timeout 60 min "
					 "expired, penalty 1 kept (secondary_force_reset = no) "
					 "until this node is master again");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, T(9, 37, 33)), 0);

	/* "the drawback being that the 'preferred' primary will never get a
	 * chance to become primary again, even if the remote link is restored
	 * on its side" */
	fgt1(&ha, &cfg, false, LM_HA_ROLE_BACKUP, T(10, 0, 0), &out);
	ck_assert_uint_eq(out.value, 1);
	lm_ha_timer(&ha, &cfg, T(23, 0, 0), &out);
	ck_assert_uint_eq(out.value, 1);

	/* "Only a manual failover (likely after restoring the ping server
	 * failure) or a remote link failure on the new primary side can
	 * trigger a failover. [...] the 'preferred' primary will take the
	 * cluster ownership back": once master, the monitors count again */
	fgt1(&ha, &cfg, false, LM_HA_ROLE_MASTER, T(23, 0, 5), &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(out.changed);
	assert_log(&out, "HA master again, releasing the held penalty 1 "
			   "(ha-link-monitor 1), the monitors count again");
	assert_log(&out, "HA penalty 0, no longer asking to give up mastership");
}
END_TEST

START_TEST(test_flip_expiry)
{
	lm_ha_cfg_t cfg = { .failover_threshold = 0, .flip_timeout_s = 90,
						.secondary_force_reset = true };
	lm_ha_input_t mon = { .name = "dc", .ha_priority = 5, .dead = true };
	lm_ha_t ha;
	lm_ha_out_t out;

	lm_ha_init(&ha);
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_MASTER, 0, &out);
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_BACKUP, 10 * S + 1, &out);
	assert_log(&out, "flip timeout 90 s running");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), 100 * S + 1);
	/* rounded up */
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, 10 * S + 1), 90);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, 10 * S + 2), 90);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, 99 * S + 1), 1);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, 99 * S + 2), 1);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, 100 * S + 1), 0);

	/* a reload that changes the timeout applies to the running timer */
	cfg.flip_timeout_s = 120;
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), 130 * S + 1);
	lm_ha_timer(&ha, &cfg, 100 * S + 1, &out);
	ck_assert_int_eq(out.nlogs, 0);
	ck_assert_uint_eq(out.value, 5);
	lm_ha_timer(&ha, &cfg, 130 * S + 1, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(out.changed);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 5 reset after "
					 "flip timeout 2 min, this node may take mastership "
					 "again");
	ck_assert_str_eq(out.logs[1], "link-monitor: HA penalty 0, no longer "
					 "asking to give up mastership");
	/* timers without anything due change nothing */
	lm_ha_timer(&ha, &cfg, 500 * S, &out);
	ck_assert_int_eq(out.nlogs, 0);
	ck_assert(!out.changed);

	/* FortiGate's maximum, 2147483647 min, does not overflow */
	cfg.flip_timeout_s = 2147483647ULL * 60;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_MASTER, 600 * S, &out);
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_BACKUP, 601 * S, &out);
	assert_log(&out, "flip timeout 2147483647 min running");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
	ck_assert_uint_gt(lm_ha_flip_remaining_s(&ha, &cfg, 601 * S),
					  (uint64_t)UINT32_MAX);
	lm_ha_timer(&ha, &cfg, UINT64_MAX - 1, &out);
	ck_assert_uint_eq(out.value, 5);
}
END_TEST

START_TEST(test_force_reset_off)
{
	lm_ha_cfg_t cfg = { .failover_threshold = 0, .flip_timeout_s = 60,
						.secondary_force_reset = false };
	lm_ha_input_t mon = { .name = "dc", .ha_priority = 5, .dead = true };
	lm_ha_t ha;
	lm_ha_out_t out;

	lm_ha_init(&ha);
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_MASTER, 0, &out);
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_BACKUP, 1 * S, &out);
	/* recovering does not reset it, neither before the flip timeout ... */
	mon.dead = false;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_BACKUP, 2 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	ck_assert_uint_eq(out.live, 0);
	ck_assert_int_eq(out.nlogs, 0);
	/* ... nor after it */
	lm_ha_timer(&ha, &cfg, 61 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	assert_log(&out, "penalty 5 kept (secondary_force_reset = no)");
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_BACKUP, 100 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	/* master again (manual failover, or the peer failed too) */
	mon.dead = true;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_MASTER, 200 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	ck_assert(!out.changed);
	assert_log(&out, "HA master again, releasing the held penalty 5 (dc 5)");
	/* counted live now */
	mon.dead = false;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_MASTER, 201 * S, &out);
	ck_assert_uint_eq(out.value, 0);

	/* with the flip timer still running, becoming master stops it */
	mon.dead = true;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_MASTER, 300 * S, &out);
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_BACKUP, 301 * S, &out);
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), 361 * S);
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_MASTER, 302 * S, &out);
	assert_log(&out, "the held penalty 5 (dc 5) and stopping the flip timer");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, 302 * S), 0);
}
END_TEST

START_TEST(test_roles)
{
	lm_ha_cfg_t cfg = { .failover_threshold = 4, .flip_timeout_s = 60,
						.secondary_force_reset = true };
	lm_ha_input_t mons[] = {
		{ .name = "dc", .ha_priority = 3, .dead = true },
		{ .name = "dr", .ha_priority = 2, .dead = true },
	};
	lm_ha_t ha;
	lm_ha_out_t out;

	/* a backup's monitors do not count: "a secondary unit cannot perform
	 * any monitoring since it has no active routing table" */
	lm_ha_init(&ha);
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_BACKUP, 1 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert_uint_eq(out.penalty, 0);
	ck_assert_uint_eq(out.live, 5);
	ck_assert_int_eq(out.nlogs, 1);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA role unknown -> backup");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);

	/* becoming master, they count at once */
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_MASTER, 2 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	ck_assert(out.changed);
	ck_assert_str_eq(out.logs[1], "link-monitor: HA penalty 5 (dc 3, dr 2) "
					 "above threshold 4, asking to give up mastership");
}
END_TEST

START_TEST(test_roles_backup)
{
	lm_ha_cfg_t cfg = { .failover_threshold = 4, .flip_timeout_s = 60,
						.secondary_force_reset = true };
	lm_ha_input_t mons[] = {
		{ .name = "dc", .ha_priority = 3, .dead = true },
		{ .name = "dr", .ha_priority = 2, .dead = false },
	};
	lm_ha_t ha;
	lm_ha_out_t out;

	/* a master below the threshold that loses mastership for another
	 * reason holds nothing */
	lm_ha_init(&ha);
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_MASTER, 1 * S, &out);
	ck_assert_uint_eq(out.penalty, 3);
	ck_assert_uint_eq(out.value, 0);
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_BACKUP, 2 * S, &out);
	ck_assert_uint_eq(out.penalty, 0);
	ck_assert_uint_eq(out.value, 0);
	assert_log(&out, "link-monitor: HA penalty 0 (backup: the monitors do "
			   "not count)");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
	/* nor do more failures while backup */
	mons[1].dead = true;
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_BACKUP, 3 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert_uint_eq(out.live, 5);
	ck_assert_int_eq(out.nlogs, 0);

	/* fault or a lost role source maps to backup/unknown: master -> unknown
	 * with a value holds it */
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_MASTER, 4 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_UNKNOWN, 5 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	assert_log(&out, "HA role unknown, holding penalty 5 (dc 3, dr 2), flip "
			   "timeout 1 min running");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), 65 * S);
	/* unknown -> backup keeps the hold and the timer */
	lm_ha_update(&ha, &cfg, mons, 2, LM_HA_ROLE_BACKUP, 6 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	ck_assert_int_eq(out.nlogs, 1);
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), 65 * S);
}
END_TEST

START_TEST(test_role_unknown)
{
	lm_ha_cfg_t cfg = { .failover_threshold = 0, .flip_timeout_s = 60,
						.secondary_force_reset = true };
	lm_ha_input_t mon = { .name = "dc", .ha_priority = 5, .dead = false };
	lm_ha_t ha;
	lm_ha_out_t out;

	/* without a role the node is taken as master and the request to give
	 * up mastership as done */
	lm_ha_init(&ha);
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_UNKNOWN, 0, &out);
	ck_assert_int_eq(out.nlogs, 0);
	mon.dead = true;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_UNKNOWN, 10 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	ck_assert_int_eq(out.nlogs, 2);
	ck_assert_str_eq(out.logs[0], "link-monitor: HA penalty 5 (dc 5) above "
					 "threshold 0, asking to give up mastership");
	ck_assert_str_eq(out.logs[1], "link-monitor: HA role unknown, holding "
					 "penalty 5 (dc 5), flip timeout 1 min running");
	ck_assert_uint_eq(lm_ha_flip_remaining_s(&ha, &cfg, 10 * S), 60);

	/* the flip-flop guard: recovering does not withdraw it before the
	 * flip timeout */
	mon.dead = false;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_UNKNOWN, 20 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	/* still dead at the expiry: reset, counted again, held again */
	mon.dead = true;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_UNKNOWN, 30 * S, &out);
	lm_ha_timer(&ha, &cfg, 70 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	ck_assert(!out.changed);
	ck_assert_int_eq(out.nlogs, 2);
	assert_log(&out, "penalty 5 reset after flip timeout 1 min");
	assert_log(&out, "HA role unknown, holding penalty 5 (dc 5), flip timeout "
			   "1 min running");
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), 130 * S);
	/* recovered at the next expiry: 0 */
	mon.dead = false;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_UNKNOWN, 100 * S, &out);
	ck_assert_uint_eq(out.value, 5);
	lm_ha_timer(&ha, &cfg, 130 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(out.changed);
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);

	/* held without a role, a reported master releases it */
	mon.dead = true;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_UNKNOWN, 200 * S, &out);
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), 260 * S);
	mon.dead = false;
	lm_ha_update(&ha, &cfg, &mon, 1, LM_HA_ROLE_MASTER, 201 * S, &out);
	ck_assert_uint_eq(out.value, 0);
	ck_assert(out.changed);
	ck_assert_uint_eq(lm_ha_next(&ha, &cfg), UINT64_MAX);
}
END_TEST

/**
 * A node of a keepalived pair.
 */
typedef struct {
	lm_ha_t ha;
	/** VRRP priority */
	int prio;
	/** its remote link is down */
	bool dead;
	lm_ha_role_t role;
	/** times it became master */
	int masterships;
} node_t;

/** track_file weight */
#define WEIGHT 10

/**
 * Feed both nodes and elect (preemption on, a tie goes to node 0) until
 * nothing changes. Returns the master.
 */
static int pair_settle(node_t *n, const lm_ha_cfg_t *cfg, uint64_t now)
{
	lm_ha_input_t mon = { .name = "wan", .ha_priority = 1 };
	lm_ha_out_t out;
	int i, round, master;

	for (round = 0; round < 10; round++)
	{
		for (i = 0; i < 2; i++)
		{
			mon.dead = n[i].dead;
			lm_ha_update(&n[i].ha, cfg, &mon, 1, n[i].role, now, &out);
		}
		master = n[0].prio - WEIGHT * (int)n[0].ha.value >=
				 n[1].prio - WEIGHT * (int)n[1].ha.value ? 0 : 1;
		if (n[master].role == LM_HA_ROLE_MASTER &&
			n[!master].role == LM_HA_ROLE_BACKUP)
		{
			return master;
		}
		if (n[master].role != LM_HA_ROLE_MASTER)
		{
			n[master].masterships++;
		}
		n[master].role = LM_HA_ROLE_MASTER;
		n[!master].role = LM_HA_ROLE_BACKUP;
	}
	ck_abort_msg("the pair does not settle");
	return -1;
}

/**
 * Run the pair's timers up to now.
 */
static int pair_run(node_t *n, const lm_ha_cfg_t *cfg, uint64_t now)
{
	lm_ha_out_t out;
	uint64_t next;
	int i, master = -1;

	while (true)
	{
		next = lm_ha_next(&n[0].ha, cfg);
		if (lm_ha_next(&n[1].ha, cfg) < next)
		{
			next = lm_ha_next(&n[1].ha, cfg);
		}
		if (next > now)
		{
			break;
		}
		for (i = 0; i < 2; i++)
		{
			lm_ha_timer(&n[i].ha, cfg, next, &out);
		}
		master = pair_settle(n, cfg, next);
	}
	return master >= 0 ? master : pair_settle(n, cfg, now);
}

START_TEST(test_pair)
{
	lm_ha_cfg_t cfg = { .failover_threshold = 0, .flip_timeout_s = 3600,
						.secondary_force_reset = _i == 0 };
	node_t n[2] = {
		{ .prio = 101, .role = LM_HA_ROLE_UNKNOWN },
		{ .prio = 100, .role = LM_HA_ROLE_UNKNOWN },
	};

	lm_ha_init(&n[0].ha);
	lm_ha_init(&n[1].ha);
	ck_assert_int_eq(pair_settle(n, &cfg, 0), 0);
	n[0].masterships = 0;

	/* the preferred node's link fails: the other one takes over */
	n[0].dead = true;
	ck_assert_int_eq(pair_settle(n, &cfg, 10 * S), 1);
	ck_assert_uint_eq(n[0].ha.value, 1);
	ck_assert_int_eq(n[1].masterships, 1);
	/* stable, no flip-flop while the flip timer runs */
	ck_assert_int_eq(pair_run(n, &cfg, 3609 * S), 1);
	ck_assert_int_eq(n[0].masterships, 0);

	if (cfg.secondary_force_reset)
	{
		/* reset at the expiry: node 0 takes over, finds its link still
		 * dead and gives up again, once per flip timeout */
		ck_assert_int_eq(pair_run(n, &cfg, 3610 * S), 1);
		ck_assert_int_eq(n[0].masterships, 1);
		ck_assert_int_eq(pair_run(n, &cfg, 7209 * S), 1);
		ck_assert_int_eq(n[0].masterships, 1);
		ck_assert_int_eq(pair_run(n, &cfg, 7210 * S), 1);
		ck_assert_int_eq(n[0].masterships, 2);
		/* restored: back at the next expiry, and it stays */
		n[0].dead = false;
		ck_assert_int_eq(pair_run(n, &cfg, 7300 * S), 1);
		ck_assert_int_eq(pair_run(n, &cfg, 10810 * S), 0);
		ck_assert_int_eq(n[0].masterships, 3);
		ck_assert_int_eq(pair_run(n, &cfg, 100000 * S), 0);
		ck_assert_int_eq(n[0].masterships, 3);
		ck_assert_uint_eq(n[0].ha.value, 0);
		ck_assert_uint_eq(n[1].ha.value, 0);
	}
	else
	{
		/* kept: node 1 stays master, even once node 0's link is back */
		n[0].dead = false;
		ck_assert_int_eq(pair_run(n, &cfg, 100000 * S), 1);
		ck_assert_int_eq(n[0].masterships, 0);
		ck_assert_uint_eq(n[0].ha.value, 1);
	}

	/* both links fail. Without force reset node 1 is master and node 0
	 * holds its penalty: "in case the new primary also experiences a remote
	 * link failure, its 'global' PENALTY will be increased and become equal
	 * to that of the 'preferred' primary, thus causing the HA election
	 * process to start. In this case, the 'preferred' primary will take the
	 * cluster ownership back". With force reset node 0 is master, gives up,
	 * node 1 finds its link dead too and the same election follows. */
	n[0].dead = true;
	n[1].dead = true;
	n[0].masterships = n[1].masterships = 0;
	ck_assert_int_eq(pair_run(n, &cfg, 200000 * S), 0);
	ck_assert_int_eq(n[0].masterships, 1);
	ck_assert_uint_eq(n[0].ha.value, 1);
	ck_assert_uint_eq(n[1].ha.value, 1);
	ck_assert(n[1].ha.held);
	/* from then on: no flip-flop while a flip timer runs; with force reset
	 * node 1 tries once per flip timeout, without it never */
	n[0].masterships = n[1].masterships = 0;
	ck_assert_int_eq(pair_run(n, &cfg, 200000 * S + 10 * 3600 * S), 0);
	ck_assert_int_eq(n[1].masterships, cfg.secondary_force_reset ? 10 : 0);
	ck_assert_int_eq(n[0].masterships, n[1].masterships);
}
END_TEST

/**
 * A fresh temporary directory.
 */
static char *tmpdir(void)
{
	char *dir = strdup("/tmp/lm_ha_test.XXXXXX");

	ck_assert_ptr_nonnull(mkdtemp(dir));
	return dir;
}

/**
 * Content of a file, "" if missing.
 */
static void read_file(const char *path, char *buf, size_t len)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f)
	{
		n = fread(buf, 1, len - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/**
 * Number of directory entries besides . and ..
 */
static int count_entries(const char *dir)
{
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	ck_assert_ptr_nonnull(d);
	while ((e = readdir(d)))
	{
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
		{
			n++;
		}
	}
	closedir(d);
	return n;
}

/**
 * rm -r for what the tests create: files and directories two deep.
 */
static void remove_tree(const char *dir)
{
	char path[512];
	struct dirent *e;
	struct stat st;
	DIR *d = opendir(dir);

	if (!d)
	{
		unlink(dir);
		return;
	}
	while ((e = readdir(d)))
	{
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
		{
			continue;
		}
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode))
		{
			remove_tree(path);
		}
		else
		{
			unlink(path);
		}
	}
	closedir(d);
	rmdir(dir);
}

START_TEST(test_track_file)
{
	char *dir = tmpdir(), path[256], sub[256], buf[64];
	struct stat st;

	snprintf(path, sizeof(path), "%s/ha.weight", dir);
	ck_assert_int_eq(lm_ha_write_track_file(path, 5), 0);
	read_file(path, buf, sizeof(buf));
	ck_assert_str_eq(buf, "5\n");
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_mode & 0777, 0644);
	ck_assert_int_eq(count_entries(dir), 1);

	/* replaced atomically: a new inode renamed over it, no temp file left */
	ck_assert_int_eq(lm_ha_write_track_file(path, 0), 0);
	read_file(path, buf, sizeof(buf));
	ck_assert_str_eq(buf, "0\n");
	ck_assert_int_eq(count_entries(dir), 1);
	ck_assert_int_eq(lm_ha_write_track_file(path, UINT32_MAX), 0);
	read_file(path, buf, sizeof(buf));
	ck_assert_str_eq(buf, "4294967295\n");
	ck_assert_int_eq(count_entries(dir), 1);

	/* missing directories are created */
	snprintf(sub, sizeof(sub), "%s/run/linkmon/ha.weight", dir);
	ck_assert_int_eq(lm_ha_write_track_file(sub, 12), 0);
	read_file(sub, buf, sizeof(buf));
	ck_assert_str_eq(buf, "12\n");
	snprintf(sub, sizeof(sub), "%s/run/linkmon", dir);
	ck_assert_int_eq(stat(sub, &st), 0);
	ck_assert(S_ISDIR(st.st_mode));
	ck_assert_int_eq(count_entries(sub), 1);

	remove_tree(dir);
	free(dir);
}
END_TEST

START_TEST(test_track_file_errors)
{
	char *dir = tmpdir(), path[256], target[256];

	/* a directory "under" a regular file: not writable, even for root */
	snprintf(path, sizeof(path), "%s/ha.weight", dir);
	ck_assert_int_eq(lm_ha_write_track_file(path, 1), 0);
	snprintf(target, sizeof(target), "%s/ha.weight/sub/ha.weight", dir);
	ck_assert_int_eq(lm_ha_write_track_file(target, 1), ENOTDIR);
	snprintf(target, sizeof(target), "%s/ha.weight/ha.weight", dir);
	ck_assert_int_eq(lm_ha_write_track_file(target, 1), ENOTDIR);

	/* the target is a directory: the rename fails, the temp file goes */
	snprintf(target, sizeof(target), "%s/adir", dir);
	ck_assert_int_eq(mkdir(target, 0755), 0);
	ck_assert_int_eq(lm_ha_write_track_file(target, 1), EISDIR);
	ck_assert_int_eq(count_entries(dir), 2);

	/* no file name */
	ck_assert_int_eq(lm_ha_write_track_file("", 1), EINVAL);
	ck_assert_int_eq(lm_ha_write_track_file(NULL, 1), EINVAL);
	snprintf(target, sizeof(target), "%s/", dir);
	ck_assert_int_eq(lm_ha_write_track_file(target, 1), EISDIR);

	/* /proc refuses new directories and files */
	ck_assert_int_ne(lm_ha_write_track_file("/proc/linkmon/ha.weight", 1), 0);

	remove_tree(dir);
	free(dir);
}
END_TEST

Suite *ha_suite_create(void)
{
	Suite *s = suite_create("lm_ha");
	TCase *tc = tcase_create("penalty");

	tcase_add_test(tc, test_penalty_sum);
	tcase_add_test(tc, test_threshold_zero);
	tcase_add_test(tc, test_reference_flip_flop);
	tcase_add_test(tc, test_reference_no_force_reset);
	tcase_add_test(tc, test_flip_expiry);
	tcase_add_test(tc, test_force_reset_off);
	tcase_add_test(tc, test_roles);
	tcase_add_test(tc, test_roles_backup);
	tcase_add_test(tc, test_role_unknown);
	tcase_add_loop_test(tc, test_pair, 0, 2);
	suite_add_tcase(s, tc);

	tc = tcase_create("track_file");
	tcase_add_test(tc, test_track_file);
	tcase_add_test(tc, test_track_file_errors);
	suite_add_tcase(s, tc);
	return s;
}
