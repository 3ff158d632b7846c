/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <string.h>
#include <check.h>

#include <lm_monitor.h>
#include <lm_status.h>
#include <lm_kv.h>
#include <lm_config.h>
#include <lm_failover.h>

#include "test_helpers.h"
#include "test_suites.h"

#define MS 1000000ULL

/**
 * A monitor "dc" on connection dc with the given servers and timing.
 */
static lm_monitor_cfg_t *cfg_create(const char *servers, uint32_t interval,
									uint32_t timeout, uint32_t failtime,
									uint32_t recoverytime)
{
	char keys[5][64];
	const char *pairs[] = { keys[0], keys[1], keys[2], keys[3], keys[4],
							"connection=dc", NULL };

	snprintf(keys[0], sizeof(keys[0]), "server=%s", servers);
	snprintf(keys[1], sizeof(keys[1]), "interval=%u", interval);
	snprintf(keys[2], sizeof(keys[2]), "probe_timeout=%u", timeout);
	snprintf(keys[3], sizeof(keys[3]), "failtime=%u", failtime);
	snprintf(keys[4], sizeof(keys[4]), "recoverytime=%u", recoverytime);
	return test_cfg_create(pairs, NULL);
}

/**
 * A started monitor on 10.0.0.135 whose SLA (loss up to 5% of probe_count
 * probes) acts.
 */
static lm_monitor_t *sla_mon_start(uint32_t failtime, uint32_t probe_count,
								   uint64_t now)
{
	lm_monitor_cfg_t *cfg;

	cfg = cfg_create("10.0.0.135", 100, 100, failtime, 2);
	cfg->probe_count = probe_count;
	cfg->loss_threshold = 5.0;
	cfg->sla_action = true;
	return test_mon_start(cfg, now);
}

/**
 * Send one round at now, answer with the given RTT or not at all.
 */
static lm_change_t round_trip(lm_monitor_t *mon, uint64_t *now, bool answer,
							  uint64_t rtt)
{
	lm_change_t c = { .from = mon->state, .to = mon->state };
	uint16_t seq;

	ck_assert(lm_monitor_due(mon, *now));
	seq = lm_monitor_sent(mon, 0, *now, *now);
	lm_monitor_advance(mon, *now);
	if (answer)
	{
		c = lm_monitor_reply(mon, 0, seq, rtt);
	}
	*now += mon->cfg->interval_ms * MS;
	if (!answer)
	{
		c = lm_monitor_expire(mon, *now);
	}
	return c;
}

START_TEST(test_lifecycle)
{
	lm_monitor_t *mon;
	lm_change_t c;
	uint64_t now = 1000 * MS;
	int i;

	mon = lm_monitor_create(cfg_create("10.0.0.135", 100, 100, 3, 2), 1, 2,
							0, now);
	ck_assert_int_eq(mon->state, LM_STATE_INIT);
	ck_assert(!lm_monitor_due(mon, now));
	ck_assert_uint_eq(lm_monitor_next_event(mon), UINT64_MAX);

	lm_monitor_set_active(mon, true, now);
	ck_assert(lm_monitor_due(mon, now));

	/* one answer is no verdict, the second (recoverytime): initial state
	 * alive */
	c = round_trip(mon, &now, true, 2 * MS);
	ck_assert(!c.changed);
	ck_assert_int_eq(mon->state, LM_STATE_INIT);
	c = round_trip(mon, &now, true, 2 * MS);
	ck_assert(c.changed);
	ck_assert(c.initial);
	ck_assert_int_eq(c.from, LM_STATE_INIT);
	ck_assert_int_eq(c.to, LM_STATE_ALIVE);
	ck_assert_uint_eq(mon->servers[0].received, 2);

	/* two losses: still alive, the third: dead */
	for (i = 0; i < 2; i++)
	{
		c = round_trip(mon, &now, false, 0);
		ck_assert(!c.changed);
	}
	c = round_trip(mon, &now, false, 0);
	ck_assert(c.changed);
	ck_assert(!c.initial);
	ck_assert_int_eq(c.to, LM_STATE_DEAD);
	ck_assert_uint_eq(mon->transitions, 2);

	/* recovery after two answers */
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(!c.changed);
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(c.changed);
	ck_assert_int_eq(c.to, LM_STATE_ALIVE);
	ck_assert_uint_eq(mon->servers[0].sent, 7);
	ck_assert_uint_eq(mon->servers[0].received, 4);
	/* losses are loss, not out-of-sequence */
	ck_assert_uint_eq(mon->servers[0].out_of_sequence, 0);
	ck_assert_uint_eq(mon->servers[0].seq_rcvd, 7);
	ck_assert_uint_eq(mon->servers[0].seq_exp, 8);

	/* tunnel goes away: dead at once, no probes */
	c = lm_monitor_set_active(mon, false, now);
	ck_assert(c.changed);
	ck_assert_int_eq(c.to, LM_STATE_DEAD);
	ck_assert(!lm_monitor_due(mon, now + 1000 * MS));
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_inactive_never_alive_is_init)
{
	lm_monitor_t *mon;
	lm_change_t c;
	uint64_t now = 0;

	mon = test_mon_start(cfg_create("10.0.0.135", 100, 100, 3, 2), now);
	c = lm_monitor_set_active(mon, false, now);
	ck_assert(!c.changed);
	ck_assert_int_eq(mon->state, LM_STATE_INIT);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_no_verdict_on_first_probes)
{
	lm_monitor_t *mon;
	lm_change_t c;
	uint64_t now = 0;
	int i;

	/* the boot race: the first probes through a fresh tunnel are lost,
	 * fewer than failtime of them: no verdict, then alive */
	mon = test_mon_start(cfg_create("10.0.0.135", 10, 10, 3, 2), now);
	for (i = 0; i < 2; i++)
	{
		c = round_trip(mon, &now, false, 0);
		ck_assert(!c.changed);
		ck_assert_int_eq(mon->state, LM_STATE_INIT);
		ck_assert_int_eq(lm_monitor_effective(mon), LM_STATE_INIT);
	}
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(!c.changed);
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(c.changed);
	ck_assert(c.initial);
	ck_assert_int_eq(c.from, LM_STATE_INIT);
	ck_assert_int_eq(c.to, LM_STATE_ALIVE);
	ck_assert_uint_eq(mon->transitions, 1);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_restart_back_to_init)
{
	uint64_t now = 0;
	lm_monitor_t *mon = sla_mon_start(3, 30, now);
	lm_change_t c;
	int i;

	for (i = 0; i < 2; i++)
	{
		c = round_trip(mon, &now, true, 1 * MS);
	}
	ck_assert_int_eq(mon->state, LM_STATE_ALIVE);
	/* the tunnel goes: dead at once */
	c = lm_monitor_set_active(mon, false, now);
	ck_assert_int_eq(c.to, LM_STATE_DEAD);
	/* re-created: init again, no verdict */
	c = lm_monitor_set_active(mon, true, now);
	ck_assert(c.changed);
	ck_assert(!c.initial);
	ck_assert_int_eq(c.from, LM_STATE_DEAD);
	ck_assert_int_eq(c.to, LM_STATE_INIT);
	ck_assert_int_eq(mon->servers[0].fsm.state, LM_STATE_INIT);
	ck_assert_int_eq(mon->sla_state, LM_STATE_INIT);
	/* a loss fails the SLA's window at once, but in init nothing is
	 * effective */
	c = round_trip(mon, &now, false, 0);
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert_int_eq(mon->state, LM_STATE_INIT);
	ck_assert_int_eq(lm_monitor_effective(mon), LM_STATE_INIT);
	/* recoverytime answers: alive again (not the initial state: that was
	 * the first verdict), SLA failing */
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(c.changed);
	ck_assert(!c.initial);
	ck_assert_int_eq(c.from, LM_STATE_INIT);
	ck_assert_int_eq(c.to, LM_STATE_ALIVE);
	ck_assert_int_eq(mon->sla_state, LM_STATE_DEAD);
	ck_assert_int_eq(lm_monitor_effective(mon), LM_STATE_DEAD);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_late_reply_out_of_sequence)
{
	lm_monitor_t *mon;
	uint64_t now = 0;
	uint16_t s1, s2;
	lm_change_t c;

	/* failtime 1: a verdict on the first loss */
	mon = test_mon_start(cfg_create("10.0.0.135", 100, 50, 1, 2), now);
	s1 = lm_monitor_sent(mon, 0, now, now);
	lm_monitor_advance(mon, now);
	/* timeout passes: lost, initial state dead */
	c = lm_monitor_expire(mon, now + 50 * MS);
	ck_assert(c.changed);
	ck_assert_int_eq(c.to, LM_STATE_DEAD);
	/* the reply arrives late: out-of-sequence, not received */
	c = lm_monitor_reply(mon, 0, s1, 60 * MS);
	ck_assert(!c.changed);
	ck_assert_uint_eq(mon->servers[0].received, 0);
	ck_assert_uint_eq(mon->servers[0].out_of_sequence, 1);
	/* duplicate of a received reply is out-of-sequence too */
	now += 100 * MS;
	s2 = lm_monitor_sent(mon, 0, now, now);
	lm_monitor_reply(mon, 0, s2, 1 * MS);
	lm_monitor_reply(mon, 0, s2, 1 * MS);
	ck_assert_uint_eq(mon->servers[0].received, 1);
	ck_assert_uint_eq(mon->servers[0].out_of_sequence, 2);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_multiple_outstanding_reordered)
{
	lm_monitor_t *mon;
	uint64_t now = 0, sent, real;
	uint16_t s1, s2, s3;

	/* timeout 3x the interval: three probes outstanding */
	mon = test_mon_start(cfg_create("10.0.0.135", 10, 30, 3, 2), now);
	s1 = lm_monitor_sent(mon, 0, now, now + 5);
	s2 = lm_monitor_sent(mon, 0, now + 10 * MS, now + 10 * MS + 5);
	s3 = lm_monitor_sent(mon, 0, now + 20 * MS, now + 20 * MS + 5);
	ck_assert(lm_monitor_pending(mon, 0, s2, &sent, &real));
	ck_assert_uint_eq(sent, 10 * MS);
	ck_assert_uint_eq(real, 10 * MS + 5);
	ck_assert_uint_eq(lm_monitor_next_event(mon), 0);
	lm_monitor_advance(mon, 25 * MS);
	ck_assert_uint_eq(mon->next_send_ns, 30 * MS);
	/* s2 first, then s1: s1 in time but out of order */
	lm_monitor_reply(mon, 0, s2, 5 * MS);
	lm_monitor_reply(mon, 0, s1, 25 * MS);
	ck_assert_uint_eq(mon->servers[0].received, 2);
	ck_assert_uint_eq(mon->servers[0].out_of_sequence, 1);
	ck_assert_uint_eq(mon->servers[0].seq_rcvd, s2);
	ck_assert_uint_eq(lm_monitor_next_event(mon), 30 * MS);
	/* s3 expires at 50 ms */
	ck_assert(!lm_monitor_expire(mon, 49 * MS).changed);
	ck_assert(lm_monitor_pending(mon, 0, s3, &sent, &real));
	lm_monitor_expire(mon, 50 * MS);
	ck_assert(!lm_monitor_pending(mon, 0, s3, &sent, &real));
	ck_assert_uint_eq(mon->servers[0].window.count, 3);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_schedule_no_drift)
{
	lm_monitor_t *mon;
	uint64_t now = 7 * MS;
	int i;

	mon = test_mon_start(cfg_create("10.0.0.135", 500, 500, 5, 5), now);
	/* late wake-ups do not shift the schedule */
	for (i = 0; i < 100; i++)
	{
		ck_assert(lm_monitor_due(mon, mon->next_send_ns + 3 * MS));
		lm_monitor_advance(mon, mon->next_send_ns + 3 * MS);
	}
	ck_assert_uint_eq(mon->next_send_ns, 7 * MS + 100 * 500 * MS);
	/* a wake-up 1.2 s late skips two whole rounds, phase kept */
	lm_monitor_advance(mon, mon->next_send_ns + 1200 * MS);
	ck_assert_uint_eq(mon->next_send_ns, 7 * MS + 103 * 500 * MS);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_multi_server)
{
	lm_monitor_t *mon;
	lm_addr_t a;
	lm_change_t c;
	uint16_t s0, s1;
	uint64_t now = 0;
	int i;

	mon = lm_monitor_create(cfg_create("10.0.0.1,10.0.0.2", 100, 100, 2, 1),
							1, 2, 0, now);
	lm_addr_parse("10.0.0.2", &a);
	ck_assert_int_eq(lm_monitor_find_server(mon, &a), 1);
	lm_addr_parse("10.0.0.3", &a);
	ck_assert_int_eq(lm_monitor_find_server(mon, &a), -1);
	lm_monitor_set_active(mon, true, now);
	/* server 0 answers, server 1 does not: alive as long as one is */
	for (i = 0; i < 5; i++)
	{
		s0 = lm_monitor_sent(mon, 0, now, now);
		s1 = lm_monitor_sent(mon, 1, now, now);
		(void)s1;
		c = lm_monitor_reply(mon, 0, s0, 1 * MS);
		now += 100 * MS;
		lm_monitor_expire(mon, now);
		ck_assert_int_eq(mon->state, LM_STATE_ALIVE);
	}
	ck_assert_int_eq(mon->servers[1].fsm.state, LM_STATE_DEAD);
	/* now server 0 fails too: dead after failtime */
	for (i = 0; i < 2; i++)
	{
		lm_monitor_sent(mon, 0, now, now);
		lm_monitor_sent(mon, 1, now, now);
		now += 100 * MS;
		c = lm_monitor_expire(mon, now);
	}
	ck_assert(c.changed);
	ck_assert_int_eq(mon->state, LM_STATE_DEAD);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_fail_and_disabled)
{
	lm_monitor_cfg_t *cfg;
	lm_monitor_t *mon;
	uint16_t seq;
	lm_change_t c;

	mon = test_mon_start(cfg_create("10.0.0.1", 100, 100, 1, 1), 0);
	seq = lm_monitor_sent(mon, 0, 0, 0);
	c = lm_monitor_fail(mon, 0, seq);
	ck_assert(c.changed);
	ck_assert_int_eq(c.to, LM_STATE_DEAD);
	/* failing again for the same probe is a no-op */
	ck_assert(!lm_monitor_fail(mon, 0, seq).changed);
	ck_assert_uint_eq(mon->servers[0].window.count, 1);
	lm_monitor_destroy(mon);

	cfg = cfg_create("10.0.0.1", 100, 100, 1, 1);
	cfg->enabled = false;
	mon = lm_monitor_create(cfg, 1, 2, 0, 0);
	ck_assert_int_eq(mon->state, LM_STATE_DISABLED);
	lm_monitor_set_active(mon, true, 0);
	ck_assert(!lm_monitor_due(mon, 0));
	ck_assert_int_eq(mon->state, LM_STATE_DISABLED);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_failure_reason)
{
	lm_monitor_t *mon;

	mon = lm_monitor_create(cfg_create("10.0.0.135", 100, 100, 3, 2), 1, 2,
							0, 0);
	ck_assert_ptr_null(mon->last_reason);
	/* a reason is news once, until it changes or a probe succeeds */
	ck_assert(lm_monitor_note_failure(mon, "No such device"));
	ck_assert(!lm_monitor_note_failure(mon, "No such device"));
	ck_assert(lm_monitor_note_failure(mon, "Network is unreachable"));
	ck_assert_str_eq(mon->last_reason, "Network is unreachable");
	ck_assert(!lm_monitor_note_failure(mon, NULL));
	ck_assert_ptr_null(mon->last_reason);
	ck_assert(lm_monitor_note_failure(mon, "Network is unreachable"));
	/* the tunnel description is replaced, not appended */
	ck_assert(lm_monitor_set_tunnel(mon, "dc", 7));
	ck_assert(lm_monitor_set_tunnel(mon, "lan", 4294967295u));
	ck_assert_str_eq(mon->tunnel, "lan{4294967295}");
	lm_monitor_destroy(mon);
}
END_TEST

/**
 * Extra top-level members, as the plugin adds its scheduler's.
 */
static void top_scheduler(void *data, lm_json_t *json)
{
	lm_json_object(json, "scheduler");
	lm_json_end(json);
}

/**
 * Extra top-level members, as the plugin adds HA's.
 */
static void top_ha(void *data, lm_json_t *json)
{
	lm_json_object(json, "ha");
	lm_json_end(json);
}

START_TEST(test_status_json_golden)
{
	const char *dc[] = { "server=10.0.0.135, 10.0.0.136", "source=10.1.0.1",
						 "connection=dc", "child=lan", "failover=dr/lan",
						 "latency_threshold=3", "sla_action=yes",
						 "interval=100", "probe_timeout=100", "failtime=2",
						 "recoverytime=2", NULL };
	const char *wan[] = { "server=172.16.1.1", "interface=eth0",
						  "protocol=udp-echo", NULL };
	lm_status_extra_t extra = { .top = top_scheduler };
	lm_monitor_cfg_t *cfg;
	lm_entry_t *ents[2];
	lm_monitor_t *mons[2];
	lm_config_t *config;
	lm_buf_t buf = {};
	lm_fo_out_t out = {};
	lm_kv_t *root;
	uint64_t now = 0;
	int i;

	root = test_kv_monitor("dc", dc, NULL);
	test_kv_set(lm_kv_section(root, "wan-1"), wan);
	config = test_parse(root);
	for (i = 0; i < 2; i++)
	{
		cfg = lm_monitor_cfg_clone(config->monitors[i]);
		ents[i] = lm_entry_create(cfg, i + 1, 2, 1700000000, now);
		mons[i] = ents[i]->mon;
	}
	lm_config_destroy(config);
	lm_failover_init(&ents[0]->fo, mons[0]->cfg, now, &out);
	ck_assert(lm_monitor_set_tunnel(mons[0], "probe", 3));
	lm_monitor_set_active(mons[0], true, now);
	ents[0]->effective = LM_STATE_ALIVE;
	for (i = 0; i < 3; i++)
	{
		lm_monitor_sent(mons[0], 0, now, now);
		lm_monitor_sent(mons[0], 1, now, now);
		lm_monitor_advance(mons[0], now);
		lm_monitor_reply(mons[0], 0, mons[0]->servers[0].seq_next - 1,
						 (4 + i) * MS);
		now += 100 * MS;
		lm_monitor_expire(mons[0], now);
	}
	lm_status_render(&buf, ents, 2, true, now, &extra);
	/* every member, in order, as scripts parse it */
	ck_assert_str_eq(lm_buf_str(&buf),
		"{\"monitors\":[{\"name\":\"dc\",\"state\":\"alive\","
		"\"protocol\":\"ping\",\"connection\":\"dc\",\"child\":\"lan\","
		"\"source\":\"10.1.0.1\",\"interface\":null,\"waiting_for_interface\":false,"
		"\"effective_state\":\"alive\",\"sla\":{\"state\":\"fail\","
		"\"reason\":\"no replies\",\"action\":true},"
		"\"path\":{\"active\":\"dc\",\"phase\":\"primary\","
		"\"since_s\":0.300,\"primary\":\"dc\"},\"probing\":true,"
		"\"tunnel\":\"probe{3}\",\"port\":0,\"interval_ms\":100,"
		"\"probe_timeout_ms\":100,\"failtime\":2,\"recoverytime\":2,"
		"\"probe_count\":30,\"ha_priority\":1,\"diffservcode\":0,"
		"\"fail_count\":0,\"recovery_count\":0,\"transitions\":1,"
		"\"saved\":0,\"state_since_s\":0.195,\"created\":1700000000,"
		"\"mark\":0,\"dead_weight\":1,\"fail_weight\":2,"
		"\"secondary_probing\":false,\"bfd\":null,"
		"\"servers\":[{\"address\":\"10.0.0.135\",\"state\":\"alive\","
		"\"latency_ms\":{\"min\":4.000,\"max\":6.000,\"avg\":5.000},"
		"\"jitter_ms\":{\"min\":1.000,\"max\":1.000,\"avg\":1.000},"
		"\"loss_percent\":0.000,\"mos\":4.40,\"samples\":3,\"sent\":3,"
		"\"received\":3,\"out_of_sequence\":0,\"fail_count\":0,"
		"\"recovery_count\":0,\"seq_sent\":3,\"seq_rcvd\":3,\"seq_exp\":4,"
		"\"protocol\":\"ping\",\"port\":0,\"weight\":1,"
		"\"secondary\":false,\"gateway_of\":null},"
		"{\"address\":\"10.0.0.136\",\"state\":\"dead\","
		"\"latency_ms\":{\"min\":null,\"max\":null,\"avg\":null},"
		"\"jitter_ms\":{\"min\":null,\"max\":null,\"avg\":null},"
		"\"loss_percent\":100.000,\"mos\":1.00,\"samples\":3,\"sent\":3,"
		"\"received\":0,\"out_of_sequence\":0,\"fail_count\":0,"
		"\"recovery_count\":0,\"seq_sent\":3,\"seq_rcvd\":0,"
		"\"seq_exp\":1,\"protocol\":\"ping\",\"port\":0,\"weight\":1,"
		"\"secondary\":false,\"gateway_of\":null}]},{\"name\":\"wan-1\",\"state\":\"init\","
		"\"protocol\":\"udp-echo\",\"connection\":null,\"child\":null,"
		"\"source\":null,\"interface\":\"eth0\",\"waiting_for_interface\":false,"
		"\"effective_state\":\"init\",\"sla\":null,\"path\":null,"
		"\"probing\":false,\"tunnel\":null,\"port\":7,\"interval_ms\":500,"
		"\"probe_timeout_ms\":500,\"failtime\":5,\"recoverytime\":5,"
		"\"probe_count\":30,\"ha_priority\":1,\"diffservcode\":0,"
		"\"fail_count\":0,\"recovery_count\":0,\"transitions\":0,"
		"\"saved\":0,\"state_since_s\":0.300,\"created\":1700000000,"
		"\"mark\":0,\"dead_weight\":0,\"fail_weight\":1,"
		"\"secondary_probing\":false,\"bfd\":null,"
		"\"servers\":[{\"address\":\"172.16.1.1\",\"state\":\"init\","
		"\"latency_ms\":{\"min\":null,\"max\":null,\"avg\":null},"
		"\"jitter_ms\":{\"min\":null,\"max\":null,\"avg\":null},"
		"\"loss_percent\":0.000,\"mos\":null,\"samples\":0,\"sent\":0,"
		"\"received\":0,\"out_of_sequence\":0,\"fail_count\":0,"
		"\"recovery_count\":0,\"seq_sent\":0,\"seq_rcvd\":0,"
		"\"seq_exp\":1,\"protocol\":\"udp-echo\",\"port\":7,"
		"\"weight\":1,\"secondary\":false,\"gateway_of\":null}]}],\"scheduler\":{}}"
		"\n");
	lm_buf_free(&buf);
	for (i = 0; i < 2; i++)
	{
		lm_entry_destroy(ents[i]);
	}
}
END_TEST

START_TEST(test_status_json)
{
	lm_status_extra_t ha = { .top = top_ha };
	lm_entry_t *entry;
	lm_monitor_t *mon;
	lm_buf_t buf = {};
	uint64_t now = 0;

	entry = lm_entry_create(cfg_create("10.0.0.135", 100, 100, 3, 2), 1, 2,
							0, now);
	mon = entry->mon;
	ck_assert(lm_monitor_set_tunnel(mon, "dc", 1));
	lm_monitor_set_active(mon, true, now);
	round_trip(mon, &now, true, 2 * MS);
	round_trip(mon, &now, true, 4 * MS);
	lm_status_render(&buf, &entry, 1, true, now, NULL);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"{\"monitors\":[{\"name\":\"dc\",\"state\":\"alive\",\"protocol\":\"ping\","
		"\"connection\":\"dc\",\"child\":null,"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"tunnel\":\"dc{1}\""));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\"servers\":[{\"address\":\"10.0.0.135\",\"state\":\"alive\","
		"\"latency_ms\":{\"min\":2.000,\"max\":4.000,\"avg\":3.000},"
		"\"jitter_ms\":{\"min\":2.000,\"max\":2.000,\"avg\":2.000},"
		"\"loss_percent\":0.000,"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\"sent\":2,\"received\":2,\"out_of_sequence\":0"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"transitions\":1,"));
	lm_buf_free(&buf);

	lm_status_render(&buf, &entry, 1, false, now, NULL);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"Link Monitor: dc, Status: alive, Server num(1)"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"Latency(Min/Max/Avg): 2.000/4.000/3.000 ms"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"Packet sent: 2, received: 2, Sequence(sent/rcvd/exp): 2/2/3"));
	lm_buf_free(&buf);

	lm_status_render(&buf, NULL, 0, true, now, NULL);
	ck_assert_str_eq(lm_buf_str(&buf), "{\"monitors\":[]}\n");
	lm_buf_free(&buf);
	lm_status_render(&buf, NULL, 0, true, now, &ha);
	ck_assert_str_eq(lm_buf_str(&buf), "{\"monitors\":[],\"ha\":{}}\n");
	lm_buf_free(&buf);
	lm_entry_destroy(entry);
}
END_TEST

START_TEST(test_status_dns)
{
	const char *match[] = { "server=10.0.0.53", "protocol=dns",
							"dns_name=www.lab.example", "dns_match=10.0.0.80",
							NULL };
	const char *any[] = { "server=10.0.0.53", "protocol=dns",
						  "dns_name=www.lab.example", "dns_type=MX", NULL };
	const char *a[] = { "address=10.0.0.53", "protocol=dns",
						"dns_name=lab.example", "dns_type=MX",
						"dns_match=mail.lab.example", NULL };
	const char *b[] = { "address=10.0.0.54", NULL };
	lm_config_t *config;
	lm_kv_t *root, *servers;
	lm_entry_t *entry;
	lm_buf_t buf = {};

	entry = lm_entry_create(test_cfg_create(match, NULL), 1, 2, 0, 0);
	lm_status_render(&buf, &entry, 1, true, 0, NULL);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\"protocol\":\"dns\","));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\"port\":53,\"dns\":{\"name\":\"www.lab.example\",\"type\":\"A\","
		"\"match\":\"10.0.0.80\"},\"interval_ms\":500,"));
	lm_buf_free(&buf);
	lm_status_render(&buf, &entry, 1, false, 0, NULL);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\nDNS query: A www.lab.example, match: 10.0.0.80\n"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"protocol: dns, port: 53, state: init\n"));
	lm_buf_free(&buf);
	lm_entry_destroy(entry);

	entry = lm_entry_create(test_cfg_create(any, NULL), 1, 2, 0, 0);
	lm_status_render(&buf, &entry, 1, true, 0, NULL);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\"dns\":{\"name\":\"www.lab.example\",\"type\":\"MX\","
		"\"match\":null}"));
	lm_buf_free(&buf);
	lm_status_render(&buf, &entry, 1, false, 0, NULL);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\nDNS query: MX www.lab.example\n"));
	lm_buf_free(&buf);
	lm_entry_destroy(entry);

	/* a server's own query, in its entry */
	root = lm_kv_create("monitors");
	servers = lm_kv_section(lm_kv_section(root, "dc"), "servers");
	test_kv_set(lm_kv_section(servers, "a"), a);
	test_kv_set(lm_kv_section(servers, "b"), b);
	config = test_parse(root);
	entry = lm_entry_create(lm_monitor_cfg_clone(config->monitors[0]), 1, 2,
							0, 0);
	lm_config_destroy(config);
	lm_status_render(&buf, &entry, 1, true, 0, NULL);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\"protocol\":\"dns\",\"port\":53,\"dns\":{\"name\":\"lab.example\","
		"\"type\":\"MX\",\"match\":\"mail.lab.example\"},\"weight\":1,"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\"protocol\":\"ping\",\"port\":0,\"weight\":1,"));
	lm_buf_free(&buf);
	lm_status_render(&buf, &entry, 1, false, 0, NULL);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
		"\n        DNS query: MX lab.example, match: mail.lab.example\n"));
	ck_assert_ptr_null(strstr(lm_buf_str(&buf), "\nDNS query"));
	lm_buf_free(&buf);
	lm_entry_destroy(entry);
}
END_TEST

START_TEST(test_sla)
{
	uint64_t now = 0;
	lm_monitor_t *mon = sla_mon_start(2, 10, now);
	lm_change_t c;
	int i;

	ck_assert_int_eq(mon->sla_state, LM_STATE_INIT);
	/* the SLA's first verdict, too, needs recoverytime passes */
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(!c.sla_changed);
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(c.sla_changed);
	ck_assert_int_eq(c.sla_to, LM_STATE_ALIVE);
	for (i = 0; i < 8; i++)
	{
		round_trip(mon, &now, true, 1 * MS);
	}
	ck_assert_int_eq(mon->sla_state, LM_STATE_ALIVE);
	/* one loss in 10: 10% > 5%, but failtime is 2 */
	c = round_trip(mon, &now, false, 0);
	ck_assert(!c.sla_changed);
	ck_assert_int_eq(lm_monitor_effective(mon), LM_STATE_ALIVE);
	/* still 10% after the next good probe: second failed evaluation */
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(c.sla_changed);
	ck_assert_int_eq(c.sla_from, LM_STATE_ALIVE);
	ck_assert_int_eq(c.sla_to, LM_STATE_DEAD);
	ck_assert_str_eq(mon->sla_reason, "loss 10.0% > 5.0%");
	/* the monitor itself is alive (FortiGate's 100%-loss rule), the
	 * effective state for actions is dead */
	ck_assert_int_eq(mon->state, LM_STATE_ALIVE);
	ck_assert_int_eq(lm_monitor_effective(mon), LM_STATE_DEAD);
	mon->cfg->sla_action = false;
	ck_assert_int_eq(lm_monitor_effective(mon), LM_STATE_ALIVE);
	mon->cfg->sla_action = true;
	/* the loss leaves the window after 9 more probes, then 2 passes */
	for (i = 0; i < 9; i++)
	{
		c = round_trip(mon, &now, true, 1 * MS);
	}
	ck_assert_int_eq(mon->sla_state, LM_STATE_DEAD);
	c = round_trip(mon, &now, true, 1 * MS);
	ck_assert(c.sla_changed);
	ck_assert_int_eq(c.sla_to, LM_STATE_ALIVE);
	ck_assert_ptr_null(mon->sla_reason);
	/* latency threshold names the latency */
	mon->cfg->latency_threshold_ms = 5;
	round_trip(mon, &now, true, 50 * MS);
	round_trip(mon, &now, true, 50 * MS);
	round_trip(mon, &now, true, 50 * MS);
	ck_assert_int_eq(mon->sla_state, LM_STATE_DEAD);
	ck_assert_ptr_nonnull(strstr(mon->sla_reason, "latency"));
	/* tunnel gone: SLA back to init */
	c = lm_monitor_set_active(mon, false, now);
	ck_assert_int_eq(mon->sla_state, LM_STATE_INIT);
	ck_assert(c.sla_changed);
	lm_monitor_destroy(mon);
}
END_TEST

START_TEST(test_sla_check)
{
	lm_monitor_cfg_t *cfg = cfg_create("10.0.0.135", 100, 100, 2, 2);
	lm_summary_t s = {
		.samples = 10, .received = 10, .latency_avg = 20.0,
		.jitter_avg = 3.0, .loss_percent = 0.0, .mos = 4.3,
	};
	char reason[96];

	cfg->jitter_threshold_ms = 2;
	ck_assert(!lm_monitor_sla_check(cfg, &s, reason, sizeof(reason)));
	ck_assert_str_eq(reason, "jitter 3.000 ms > 2 ms");
	cfg->jitter_threshold_ms = 0;
	cfg->mos_threshold = 4.35;
	ck_assert(!lm_monitor_sla_check(cfg, &s, reason, sizeof(reason)));
	ck_assert_str_eq(reason, "MOS 4.30 < 4.35");
	cfg->mos_threshold = 4.0;
	ck_assert(lm_monitor_sla_check(cfg, &s, reason, sizeof(reason)));
	ck_assert_str_eq(reason, "");
	s.received = 0;
	ck_assert(!lm_monitor_sla_check(cfg, &s, reason, sizeof(reason)));
	ck_assert_str_eq(reason, "no replies");
	lm_monitor_cfg_destroy(cfg);
}
END_TEST

Suite *monitor_suite_create(void)
{
	Suite *s = suite_create("lm_monitor");
	TCase *tc = tcase_create("engine");

	tcase_add_test(tc, test_lifecycle);
	tcase_add_test(tc, test_inactive_never_alive_is_init);
	tcase_add_test(tc, test_no_verdict_on_first_probes);
	tcase_add_test(tc, test_restart_back_to_init);
	tcase_add_test(tc, test_late_reply_out_of_sequence);
	tcase_add_test(tc, test_multiple_outstanding_reordered);
	tcase_add_test(tc, test_schedule_no_drift);
	tcase_add_test(tc, test_multi_server);
	tcase_add_test(tc, test_fail_and_disabled);
	tcase_add_test(tc, test_failure_reason);
	tcase_add_test(tc, test_status_json);
	tcase_add_test(tc, test_status_json_golden);
	tcase_add_test(tc, test_status_dns);
	tcase_add_test(tc, test_sla);
	tcase_add_test(tc, test_sla_check);
	suite_add_tcase(s, tc);
	return s;
}
