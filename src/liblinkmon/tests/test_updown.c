/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <string.h>
#include <check.h>

#include <lm_updown.h>

#include "test_helpers.h"
#include "test_suites.h"

#define MS 1000000ULL

/** no reply */
#define LOST (-1)

/** PATH of every hook */
#define HOOK_PATH "/usr/sbin:/usr/bin:/sbin:/bin"

/**
 * The entries of a hook's environment, in order.
 */
enum {
	ENV_NAME,
	ENV_EVENT,
	ENV_STATE,
	ENV_OLD_STATE,
	ENV_PROTOCOL,
	ENV_SERVERS,
	ENV_ACTIVE_PATH,
	ENV_ACTION,
	ENV_LATENCY,
	ENV_JITTER,
	ENV_LOSS,
	ENV_MOS,
	ENV_PATH,
	ENV_LEN,
};

/** the keys of the entries */
static const char *env_keys[ENV_LEN] = {
	"LINKMON_NAME", "LINKMON_EVENT", "LINKMON_STATE", "LINKMON_OLD_STATE",
	"LINKMON_PROTOCOL", "LINKMON_SERVERS", "LINKMON_ACTIVE_PATH",
	"LINKMON_ACTION", "LINKMON_LATENCY_MS", "LINKMON_JITTER_MS",
	"LINKMON_LOSS_PERCENT", "LINKMON_MOS", "PATH",
};

/** the traffic moved from dc to dr while the monitor was alive */
static const lm_updown_event_t failover_event = {
	.event = LM_UPDOWN_EVENT_ACTION,
	.old_state = LM_STATE_ALIVE,
	.active_path = "dr",
	.action = "failover dc -> dr",
};

/**
 * Create a started monitor "dc" with the given servers, failtime 3,
 * recoverytime 2, interval and timeout 100 ms.
 */
static lm_monitor_t *mon_create(const char *servers, const char *protocol,
								uint64_t now)
{
	char server[64], proto[32];
	const char *pairs[] = { server, proto, "interval=100", "probe_timeout=100",
							"failtime=3", "recoverytime=2",
							"updown=/usr/local/sbin/linkmon-updown", NULL };

	snprintf(server, sizeof(server), "server=%s", servers);
	snprintf(proto, sizeof(proto), "protocol=%s", protocol);
	return test_mon_start(test_cfg_create(pairs, NULL), now);
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
 * Check an environment: its ENV_LEN entries in order, each with its key and
 * the value given (any value where that is NULL).
 */
static void assert_env(char **env, const char *values[ENV_LEN])
{
	char expected[256];
	size_t len;
	int i;

	ck_assert_ptr_nonnull(env);
	for (i = 0; i < ENV_LEN; i++)
	{
		ck_assert_ptr_nonnull(env[i]);
		len = strlen(env_keys[i]);
		ck_assert_msg(strncmp(env[i], env_keys[i], len) == 0 &&
					  env[i][len] == '=', "'%s' is not %s", env[i],
					  env_keys[i]);
		if (values[i])
		{
			snprintf(expected, sizeof(expected), "%s=%s", env_keys[i],
					 values[i]);
			ck_assert_str_eq(env[i], expected);
		}
	}
	ck_assert_ptr_null(env[ENV_LEN]);
}

/**
 * Check the environment of a hook for an event on a monitor.
 */
static void check_env(const lm_monitor_t *mon, const lm_updown_event_t *event,
					  const char *values[ENV_LEN])
{
	char **env;

	env = lm_updown_env(mon, event);
	assert_env(env, values);
	lm_updown_env_free(env);
}

/**
 * Check the environment of a hook for a monitor's state change from
 * old_state, the traffic on active_path.
 */
static void check_state_env(const lm_monitor_t *mon, lm_state_t old_state,
							const char *active_path,
							const char *values[ENV_LEN])
{
	lm_updown_event_t event = {
		.event = LM_UPDOWN_EVENT_STATE,
		.old_state = old_state,
		.active_path = active_path,
	};

	check_env(mon, &event, values);
}

START_TEST(test_no_data)
{
	const char *values[ENV_LEN] = {
		"dc", "state", "init", "init", "ping", "10.0.0.1,10.0.0.2",
		/* no active path, no action, no latency, jitter, loss, MOS */
		"", "", "", "", "", "", HOOK_PATH,
	};
	lm_monitor_t *mon;

	mon = mon_create("10.0.0.1, 10.0.0.2", "ping", 1000 * MS);
	check_state_env(mon, LM_STATE_INIT, NULL, values);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_first_alive_server)
{
	/* server 2: 10, 12, lost, 11 ms: latency 11, jitter (2 + 1) / 2,
	 * loss 25%; MOS (G.711): d = 5.5 + 3 + 20 = 28.5, Id = 0.684,
	 * Ie_eff = 95 * 25 / 50.1 = 47.405, R = 45.111, MOS = 2.321 */
	const char *values[ENV_LEN] = {
		"dc", "state", "alive", "init", "ping", "10.0.0.1,10.0.0.2", "dc", "",
		"11.000", "1.500", "25.000", "2.32", HOOK_PATH,
	};
	uint64_t now = 1000 * MS;
	lm_monitor_t *mon;

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
	check_state_env(mon, LM_STATE_INIT, "dc", values);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_none_alive_first_server)
{
	/* server 1 never answered: no latency, no jitter, 100% loss, MOS 1;
	 * server 2 has an answer, but is not alive and not the first */
	const char *values[ENV_LEN] = {
		"dc", "state", "dead", "alive", "tcp-echo", "2001:db8::1,2001:db8::2",
		"dc", "", "", "", "100.000", "1.00", HOOK_PATH,
	};
	uint64_t now = 1000 * MS;
	lm_monitor_t *mon;

	mon = mon_create("2001:db8::1,2001:db8::2", "tcp-echo", now);
	round_trip(mon, &now, LOST, 5);
	round_trip(mon, &now, LOST, LOST);
	round_trip(mon, &now, LOST, LOST);
	round_trip(mon, &now, LOST, LOST);
	ck_assert_int_eq(mon->servers[0].fsm.state, LM_STATE_DEAD);
	ck_assert_int_eq(mon->servers[1].fsm.state, LM_STATE_DEAD);
	ck_assert_int_eq(mon->state, LM_STATE_DEAD);
	check_state_env(mon, LM_STATE_ALIVE, "dc", values);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_single_reply_no_jitter)
{
	const char *values[ENV_LEN] = {
		[ENV_STATE] = "alive",
		[ENV_LATENCY] = "2.000",
		[ENV_JITTER] = "",
		[ENV_LOSS] = "0.000",
		/* d = 1 + 0 + 20, R = 93.2 - 0.504 = 92.696 */
		[ENV_MOS] = "4.40",
	};
	uint64_t now = 1000 * MS;
	lm_monitor_t *mon;

	mon = mon_create("10.0.0.1,10.0.0.2", "ping", now);
	/* a verdict on one answer */
	mon->cfg->recoverytime = 1;
	round_trip(mon, &now, 2, LOST);
	ck_assert_int_eq(mon->state, LM_STATE_ALIVE);
	check_state_env(mon, LM_STATE_INIT, NULL, values);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_action)
{
	const char *values[ENV_LEN] = {
		[ENV_EVENT] = "action",
		[ENV_STATE] = "dead",
		[ENV_OLD_STATE] = "alive",
		[ENV_ACTIVE_PATH] = "dr",
		[ENV_ACTION] = "failover dc -> dr",
		/* first server: 2 ms, then three losses */
		[ENV_LATENCY] = "2.000",
		[ENV_JITTER] = "",
		[ENV_LOSS] = "75.000",
		[ENV_PATH] = HOOK_PATH,
	};
	uint64_t now = 1000 * MS;
	lm_monitor_t *mon;
	int i;

	mon = mon_create("10.0.0.1,10.0.0.2", "ping", now);
	round_trip(mon, &now, 2, 3);
	for (i = 0; i < 3; i++)
	{
		round_trip(mon, &now, LOST, LOST);
	}
	ck_assert_int_eq(mon->state, LM_STATE_DEAD);
	check_env(mon, &failover_event, values);
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
	/* values are verbatim, each in its own entry */
	const char *values[ENV_LEN] = {
		[ENV_ACTIVE_PATH] = "dc;PATH=/tmp $(id)",
		[ENV_ACTION] = "x\nLINKMON_STATE=alive\nPATH=/tmp",
	};
	/* NULL strings are empty values */
	const char *empty[ENV_LEN] = {
		[ENV_EVENT] = "",
		[ENV_OLD_STATE] = "disabled",
		[ENV_ACTIVE_PATH] = "",
		[ENV_ACTION] = "",
	};
	lm_monitor_t *mon;
	char **env;
	int i, path = 0, state = 0;

	mon = mon_create("10.0.0.1,10.0.0.2", "ping", 1000 * MS);
	env = lm_updown_env(mon, &event);
	assert_env(env, values);
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

	event = (lm_updown_event_t){ .old_state = LM_STATE_DISABLED };
	check_env(mon, &event, empty);
	lm_updown_env_free(NULL);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_dup_get)
{
	char *empty[] = { NULL };
	lm_monitor_t *mon;
	char **env, **copy;
	int i;

	mon = mon_create("10.0.0.1", "ping", 1000 * MS);
	env = lm_updown_env(mon, &failover_event);
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
