/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <string.h>
#include <check.h>

#include <lm_updown.h>

#include "test_suites.h"

#define MS 1000000ULL

/** no reply */
#define LOST (-1)

/**
 * Create a started monitor "dc" with the given servers, failtime 3,
 * recoverytime 2, interval and timeout 100 ms.
 */
static lm_monitor_t *mon_create(const char *servers, const char *protocol,
								uint64_t now)
{
	lm_monitor_cfg_t *cfg;
	lm_monitor_t *mon;
	lm_config_t *config;
	lm_buf_t err = {};
	lm_kv_t *root, *kv;

	root = lm_kv_create("monitors");
	kv = lm_kv_section(root, "dc");
	lm_kv_set(kv, "server", servers);
	lm_kv_set(kv, "protocol", protocol);
	lm_kv_set(kv, "interval", "100");
	lm_kv_set(kv, "probe_timeout", "100");
	lm_kv_set(kv, "failtime", "3");
	lm_kv_set(kv, "recoverytime", "2");
	lm_kv_set(kv, "updown", "/usr/local/sbin/linkmon-updown");
	config = lm_config_parse(root, "test", &err);
	ck_assert_msg(config != NULL, "%s", lm_buf_str(&err));
	cfg = lm_monitor_cfg_clone(config->monitors[0]);
	lm_config_destroy(config);
	lm_kv_destroy(root);
	lm_buf_free(&err);
	ck_assert_ptr_nonnull(cfg);
	mon = lm_monitor_create(cfg, 1, 2, 0, now);
	ck_assert_ptr_nonnull(mon);
	lm_monitor_set_active(mon, true, now);
	return mon;
}

/**
 * One probe round to both servers, RTT in ms or LOST for each.
 */
static void round_trip(lm_monitor_t *mon, uint64_t *now, int rtt0, int rtt1)
{
	int rtt[2] = { rtt0, rtt1 }, i;
	uint16_t seq[2];

	ck_assert(lm_monitor_due(mon, *now));
	for (i = 0; i < 2; i++)
	{
		seq[i] = lm_monitor_sent(mon, i, *now, *now);
	}
	lm_monitor_advance(mon, *now);
	for (i = 0; i < 2; i++)
	{
		if (rtt[i] != LOST)
		{
			lm_monitor_reply(mon, i, seq[i], rtt[i] * MS);
		}
	}
	*now += mon->cfg->interval_ms * MS;
	lm_monitor_expire(mon, *now);
}

/**
 * Number of entries before the terminating NULL.
 */
static int env_count(char **env)
{
	int i = 0;

	while (env[i])
	{
		i++;
	}
	return i;
}

/**
 * Check the complete environment, in order.
 */
static void assert_env(char **env, const char *expected[])
{
	int i;

	ck_assert_ptr_nonnull(env);
	for (i = 0; expected[i]; i++)
	{
		ck_assert_ptr_nonnull(env[i]);
		ck_assert_str_eq(env[i], expected[i]);
	}
	ck_assert_ptr_null(env[i]);
	ck_assert_int_eq(env_count(env), 13);
}

START_TEST(test_no_data)
{
	lm_updown_event_t event = {
		.event = LM_UPDOWN_EVENT_STATE,
		.old_state = LM_STATE_INIT,
	};
	const char *expected[] = {
		"LINKMON_NAME=dc",
		"LINKMON_EVENT=state",
		"LINKMON_STATE=init",
		"LINKMON_OLD_STATE=init",
		"LINKMON_PROTOCOL=ping",
		"LINKMON_SERVERS=10.0.0.1,10.0.0.2",
		"LINKMON_ACTIVE_PATH=",
		"LINKMON_ACTION=",
		"LINKMON_LATENCY_MS=",
		"LINKMON_JITTER_MS=",
		"LINKMON_LOSS_PERCENT=",
		"LINKMON_MOS=",
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
		NULL,
	};
	lm_monitor_t *mon;
	char **env;

	mon = mon_create("10.0.0.1, 10.0.0.2", "ping", 1000 * MS);
	env = lm_updown_env(mon, &event);
	assert_env(env, expected);
	lm_updown_env_free(env);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_first_alive_server)
{
	lm_updown_event_t event = {
		.event = LM_UPDOWN_EVENT_STATE,
		.old_state = LM_STATE_INIT,
		.active_path = "dc",
	};
	/* server 2: 10, 12, lost, 11 ms: latency 11, jitter (2 + 1) / 2,
	 * loss 25%; MOS (G.711): d = 5.5 + 3 + 20 = 28.5, Id = 0.684,
	 * Ie_eff = 95 * 25 / 50.1 = 47.405, R = 45.111, MOS = 2.321 */
	const char *expected[] = {
		"LINKMON_NAME=dc",
		"LINKMON_EVENT=state",
		"LINKMON_STATE=alive",
		"LINKMON_OLD_STATE=init",
		"LINKMON_PROTOCOL=ping",
		"LINKMON_SERVERS=10.0.0.1,10.0.0.2",
		"LINKMON_ACTIVE_PATH=dc",
		"LINKMON_ACTION=",
		"LINKMON_LATENCY_MS=11.000",
		"LINKMON_JITTER_MS=1.500",
		"LINKMON_LOSS_PERCENT=25.000",
		"LINKMON_MOS=2.32",
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
		NULL,
	};
	uint64_t now = 1000 * MS;
	lm_monitor_t *mon;
	char **env;

	mon = mon_create("10.0.0.1,10.0.0.2", "ping", now);
	/* server 1 has the lower latency but is dead (three losses in a row
	 * after its answer): not reported */
	round_trip(mon, &now, 1, 10);
	round_trip(mon, &now, LOST, 12);
	round_trip(mon, &now, LOST, LOST);
	round_trip(mon, &now, LOST, 11);
	ck_assert_int_eq(mon->servers[0].fsm.state, LM_STATE_DEAD);
	ck_assert_int_eq(mon->servers[1].fsm.state, LM_STATE_ALIVE);
	ck_assert_int_eq(mon->state, LM_STATE_ALIVE);

	env = lm_updown_env(mon, &event);
	assert_env(env, expected);
	lm_updown_env_free(env);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_none_alive_first_server)
{
	lm_updown_event_t event = {
		.event = LM_UPDOWN_EVENT_STATE,
		.old_state = LM_STATE_ALIVE,
		.active_path = "dc",
	};
	/* server 1 never answered: no latency, no jitter, 100% loss, MOS 1;
	 * server 2 has an answer, but is not alive and not the first */
	const char *expected[] = {
		"LINKMON_NAME=dc",
		"LINKMON_EVENT=state",
		"LINKMON_STATE=dead",
		"LINKMON_OLD_STATE=alive",
		"LINKMON_PROTOCOL=tcp-echo",
		"LINKMON_SERVERS=2001:db8::1,2001:db8::2",
		"LINKMON_ACTIVE_PATH=dc",
		"LINKMON_ACTION=",
		"LINKMON_LATENCY_MS=",
		"LINKMON_JITTER_MS=",
		"LINKMON_LOSS_PERCENT=100.000",
		"LINKMON_MOS=1.00",
		"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
		NULL,
	};
	uint64_t now = 1000 * MS;
	lm_monitor_t *mon;
	char **env;

	mon = mon_create("2001:db8::1,2001:db8::2", "tcp-echo", now);
	round_trip(mon, &now, LOST, 5);
	round_trip(mon, &now, LOST, LOST);
	round_trip(mon, &now, LOST, LOST);
	round_trip(mon, &now, LOST, LOST);
	ck_assert_int_eq(mon->servers[0].fsm.state, LM_STATE_DEAD);
	ck_assert_int_eq(mon->servers[1].fsm.state, LM_STATE_DEAD);
	ck_assert_int_eq(mon->state, LM_STATE_DEAD);

	env = lm_updown_env(mon, &event);
	assert_env(env, expected);
	lm_updown_env_free(env);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_single_reply_no_jitter)
{
	lm_updown_event_t event = {
		.event = LM_UPDOWN_EVENT_STATE,
		.old_state = LM_STATE_INIT,
	};
	uint64_t now = 1000 * MS;
	lm_monitor_t *mon;
	char **env;

	mon = mon_create("10.0.0.1,10.0.0.2", "ping", now);
	/* a verdict on one answer */
	mon->cfg->recoverytime = 1;
	round_trip(mon, &now, 2, LOST);
	ck_assert_int_eq(mon->state, LM_STATE_ALIVE);
	env = lm_updown_env(mon, &event);
	ck_assert_ptr_nonnull(env);
	ck_assert_int_eq(env_count(env), 13);
	ck_assert_str_eq(env[2], "LINKMON_STATE=alive");
	ck_assert_str_eq(env[8], "LINKMON_LATENCY_MS=2.000");
	ck_assert_str_eq(env[9], "LINKMON_JITTER_MS=");
	ck_assert_str_eq(env[10], "LINKMON_LOSS_PERCENT=0.000");
	/* d = 1 + 0 + 20, R = 93.2 - 0.504 = 92.696 */
	ck_assert_str_eq(env[11], "LINKMON_MOS=4.40");
	lm_updown_env_free(env);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_action)
{
	lm_updown_event_t event = {
		.event = LM_UPDOWN_EVENT_ACTION,
		.old_state = LM_STATE_ALIVE,
		.active_path = "dr",
		.action = "failover dc -> dr",
	};
	uint64_t now = 1000 * MS;
	lm_monitor_t *mon;
	char **env;
	int i;

	mon = mon_create("10.0.0.1,10.0.0.2", "ping", now);
	round_trip(mon, &now, 2, 3);
	for (i = 0; i < 3; i++)
	{
		round_trip(mon, &now, LOST, LOST);
	}
	ck_assert_int_eq(mon->state, LM_STATE_DEAD);
	env = lm_updown_env(mon, &event);
	ck_assert_ptr_nonnull(env);
	ck_assert_int_eq(env_count(env), 13);
	ck_assert_str_eq(env[1], "LINKMON_EVENT=action");
	ck_assert_str_eq(env[2], "LINKMON_STATE=dead");
	ck_assert_str_eq(env[3], "LINKMON_OLD_STATE=alive");
	ck_assert_str_eq(env[6], "LINKMON_ACTIVE_PATH=dr");
	ck_assert_str_eq(env[7], "LINKMON_ACTION=failover dc -> dr");
	/* first server: 2 ms, then three losses */
	ck_assert_str_eq(env[8], "LINKMON_LATENCY_MS=2.000");
	ck_assert_str_eq(env[9], "LINKMON_JITTER_MS=");
	ck_assert_str_eq(env[10], "LINKMON_LOSS_PERCENT=75.000");
	ck_assert_str_eq(env[12], "PATH=/usr/sbin:/usr/bin:/sbin:/bin");
	ck_assert_ptr_null(env[13]);
	lm_updown_env_free(env);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_no_injection)
{
	lm_updown_event_t event = {
		.event = LM_UPDOWN_EVENT_ACTION,
		.old_state = LM_STATE_DEAD,
		.active_path = "dc;PATH=/tmp $(id)",
		.action = "x\nLINKMON_STATE=alive\nPATH=/tmp",
	};
	lm_monitor_t *mon;
	char **env;
	int i, path = 0, state = 0;

	mon = mon_create("10.0.0.1,10.0.0.2", "ping", 1000 * MS);
	env = lm_updown_env(mon, &event);
	ck_assert_ptr_nonnull(env);
	ck_assert_int_eq(env_count(env), 13);
	/* values are verbatim, each in its own entry */
	ck_assert_str_eq(env[6], "LINKMON_ACTIVE_PATH=dc;PATH=/tmp $(id)");
	ck_assert_str_eq(env[7], "LINKMON_ACTION=x\nLINKMON_STATE=alive\nPATH=/tmp");
	/* exactly one entry per key, with the real value */
	for (i = 0; env[i]; i++)
	{
		if (strncmp(env[i], "PATH=", 5) == 0)
		{
			ck_assert_str_eq(env[i], "PATH=" LM_UPDOWN_PATH);
			path++;
		}
		if (strncmp(env[i], "LINKMON_STATE=", 14) == 0)
		{
			ck_assert_str_eq(env[i], "LINKMON_STATE=init");
			state++;
		}
	}
	ck_assert_int_eq(path, 1);
	ck_assert_int_eq(state, 1);
	lm_updown_env_free(env);

	/* NULL strings are empty values */
	event = (lm_updown_event_t){ .old_state = LM_STATE_DISABLED };
	env = lm_updown_env(mon, &event);
	ck_assert_ptr_nonnull(env);
	ck_assert_str_eq(env[1], "LINKMON_EVENT=");
	ck_assert_str_eq(env[3], "LINKMON_OLD_STATE=disabled");
	ck_assert_str_eq(env[6], "LINKMON_ACTIVE_PATH=");
	ck_assert_str_eq(env[7], "LINKMON_ACTION=");
	lm_updown_env_free(env);
	lm_updown_env_free(NULL);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_dup_get)
{
	lm_updown_event_t event = {
		.event = LM_UPDOWN_EVENT_ACTION,
		.old_state = LM_STATE_ALIVE,
		.active_path = "dr",
		.action = "failover dc -> dr",
	};
	char *empty[] = { NULL };
	lm_monitor_t *mon;
	char **env, **copy;
	int i;

	mon = mon_create("10.0.0.1", "ping", 1000 * MS);
	env = lm_updown_env(mon, &event);
	ck_assert_ptr_nonnull(env);
	copy = lm_updown_env_dup(env);
	ck_assert_ptr_nonnull(copy);
	for (i = 0; env[i]; i++)
	{
		ck_assert_ptr_nonnull(copy[i]);
		ck_assert_ptr_ne(copy[i], env[i]);
		ck_assert_str_eq(copy[i], env[i]);
	}
	ck_assert_ptr_null(copy[i]);
	/* the copy still describes the event once the original is gone */
	lm_updown_env_free(env);
	lm_monitor_destroy(mon);
	ck_assert_str_eq(lm_updown_env_get(copy, "LINKMON_EVENT"), "action");
	ck_assert_str_eq(lm_updown_env_get(copy, "LINKMON_ACTION"),
					 "failover dc -> dr");
	ck_assert_str_eq(lm_updown_env_get(copy, "LINKMON_OLD_STATE"), "alive");
	ck_assert_str_eq(lm_updown_env_get(copy, "LINKMON_JITTER_MS"), "");
	/* whole keys only */
	ck_assert_ptr_null(lm_updown_env_get(copy, "LINKMON"));
	ck_assert_ptr_null(lm_updown_env_get(copy, "LINKMON_EVEN"));
	ck_assert_ptr_null(lm_updown_env_get(copy, "NOPE"));
	lm_updown_env_free(copy);

	copy = lm_updown_env_dup(empty);
	ck_assert_ptr_nonnull(copy);
	ck_assert_ptr_null(copy[0]);
	ck_assert_ptr_null(lm_updown_env_get(copy, "PATH"));
	lm_updown_env_free(copy);
}
END_TEST

Suite *updown_suite_create(void)
{
	Suite *s = suite_create("lm_updown");
	TCase *tc = tcase_create("env");

	tcase_add_test(tc, test_no_data);
	tcase_add_test(tc, test_first_alive_server);
	tcase_add_test(tc, test_none_alive_first_server);
	tcase_add_test(tc, test_single_reply_no_jitter);
	tcase_add_test(tc, test_action);
	tcase_add_test(tc, test_no_injection);
	tcase_add_test(tc, test_dup_get);
	suite_add_tcase(s, tc);
	return s;
}
