/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * BFD sessions in the decision core: which sessions it asks the transport
 * to run, and what their reports do to the monitors.
 */

#include <string.h>
#include <check.h>

#include <lm_engine.h>

#include "test_helpers.h"
#include "test_suites.h"

#define MS 1000000ULL

/**
 * The engine and what its steps asked for.
 */
typedef struct {
	lm_engine_t *engine;
	lm_out_t out;
	uint64_t now;
	/** log lines and session requests, one per line */
	lm_buf_t log;
	lm_buf_t sessions;
	/** commands of the steps */
	int cmds;
	/** the sessions of the last request that ran them */
	lm_session_t last;
} sim_t;

/** a DC/DR monitor with a BFD session to dc's own address, 10 ms x 3 */
static const char *dc[] = {
	"server=10.0.0.1", "source=10.1.0.1", "protocol=bfd", "bfd_tx=10",
	"bfd_rx=10", "bfd_mult=3", "recoverytime=5", "connection=dc",
	"child=lan", "probe_child=probe", "failover=dr", "holddown=0", NULL,
};

static const lm_tunnel_t probe_sa = {
	.ike = "dc", .child = "probe", .id = 1, .ike_id = 1,
};

static void step(sim_t *sim, lm_event_t *event)
{
	lm_session_t *s;
	int i;

	event->now_ns = event->now_ns ?: sim->now;
	lm_engine_step(sim->engine, event, &sim->out);
	for (i = 0; i < sim->out.nlogs; i++)
	{
		lm_buf_printf(&sim->log, "%d %s\n", sim->out.logs[i].level,
					  sim->out.logs[i].msg);
	}
	for (i = 0; i < sim->out.nsessions; i++)
	{
		s = &sim->out.sessions[i];
		lm_buf_printf(&sim->sessions, "%s %s gen %u%s, %d servers\n",
					  s->mon->cfg->name, s->run ? "run" : "stop", s->gen,
					  s->admin_down ? " admin-down" : "",
					  s->mon->cfg->server_count);
		if (s->run)
		{
			sim->last = *s;
		}
	}
	for (i = 0; i < sim->out.ncmds; i++)
	{
		sim->cmds += sim->out.cmds[i].count;
	}
	/* no probes for BFD monitors, ever */
	ck_assert_int_eq(sim->out.nprobes, 0);
	lm_out_reset(&sim->out);
}

static void sim_clear(sim_t *sim)
{
	lm_buf_free(&sim->log);
	lm_buf_free(&sim->sessions);
	sim->cmds = 0;
}

static void reload(sim_t *sim, const char **more, const lm_tunnel_t *tunnels,
				   int count)
{
	lm_event_t event = {
		.type = LM_EV_RELOAD,
		.reload = {
			.config = test_config_parse("dc", dc, more),
			.file = "test.conf",
			.tunnels = tunnels,
			.count = count,
		},
	};

	step(sim, &event);
	lm_config_destroy(event.reload.config);
}

static void sim_start(sim_t *sim)
{
	memset(sim, 0, sizeof(*sim));
	sim->engine = lm_engine_create(7);
	lm_out_init(&sim->out);
	sim->now = 10000 * MS;
	reload(sim, NULL, NULL, 0);
}

static void sim_free(sim_t *sim)
{
	lm_engine_destroy(sim->engine);
	lm_out_free(&sim->out);
	sim_clear(sim);
}

static void tunnel(sim_t *sim, bool up)
{
	lm_event_t event = {
		.type = up ? LM_EV_TUNNEL_UP : LM_EV_TUNNEL_DOWN,
		.tunnel = &probe_sa,
	};

	step(sim, &event);
}

/**
 * Report the session with the server of the last run request.
 */
static void report(sim_t *sim, uint32_t gen, lm_bfd_info_t info)
{
	lm_bfd_report_t r = {
		.ident = sim->last.ident,
		.token = sim->last.token,
		.gen = gen,
		.server = sim->last.mon->servers[0].addr,
		.info = info,
	};
	lm_event_t event = {
		.type = LM_EV_BFD,
		.bfd = &r,
	};

	step(sim, &event);
}

/** a session Up for good */
static const lm_bfd_info_t up = {
	.state = LM_BFD_UP,
	.remote_state = LM_BFD_UP,
	.local_discr = 0x1234,
	.remote_discr = 0x99,
	.tx_us = 10000,
	.detect_us = 30000,
	.remote_tx_us = 10000,
	.remote_rx_us = 10000,
	.remote_mult = 3,
	.ups = 1,
	.verdict = LM_BFD_VERDICT_UP,
};

static const char *str(lm_buf_t *buf)
{
	return lm_buf_str(buf) ?: "";
}

/**
 * The status of the monitor, text or JSON.
 */
static void status(sim_t *sim, bool json, lm_buf_t *buf)
{
	lm_status_req_t req = {
		.json = json,
		.now_ns = sim->now,
	};

	ck_assert_int_eq(lm_engine_status(sim->engine, &req, buf), LM_MSG_OK);
}

START_TEST(test_follow_tunnel)
{
	lm_bfd_info_t down = up;
	lm_event_t timer = { .type = LM_EV_TIMER };
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim);
	/* no tunnel, no session */
	ck_assert_str_eq(str(&sim.sessions), "");
	status(&sim, false, &buf);
	ck_assert(strstr(str(&buf), "BFD: single-hop, port 3784, desired min TX "
					 "10 ms, required min RX 10 ms, detect multiplier 3, up "
					 "after 5 packets (recoverytime)\n"));
	ck_assert(strstr(str(&buf), "protocol: bfd, port: 3784, state: init\n"
					 "                Session: none, not probing\n"));
	lm_buf_free(&buf);
	tunnel(&sim, true);
	ck_assert_str_eq(str(&sim.sessions), "dc run gen 1, 1 servers\n");
	/* the session runs on its own: no rounds, nothing timed */
	sim.now += 1000 * MS;
	step(&sim, &timer);
	report(&sim, 1, up);
	ck_assert(strstr(str(&sim.log), "1 link-monitor 'dc': BFD session to "
					 "10.0.0.1 is up, transmit interval 10 ms, detection "
					 "time 30 ms\n1 link-monitor 'dc' initial state is alive, "
					 "protocol: bfd\n"));
	/* the peer's AdminDown: down with its diagnostic, and the traffic
	 * moves */
	sim_clear(&sim);
	down.state = LM_BFD_DOWN;
	down.remote_state = LM_BFD_ADMIN_DOWN;
	down.local_diag = LM_BFD_DIAG_NEIGHBOR_DOWN;
	down.remote_diag = LM_BFD_DIAG_ADMIN_DOWN;
	down.verdict = LM_BFD_VERDICT_DOWN;
	down.why = LM_BFD_WHY_NEIGHBOR;
	down.downs = 1;
	report(&sim, 1, down);
	ck_assert(strstr(str(&sim.log), "1 link-monitor 'dc': BFD session to "
					 "10.0.0.1 is down: the peer signaled AdminDown (its "
					 "diagnostic: administratively down)\n"));
	ck_assert(strstr(str(&sim.log), "changed state from alive to dead, "
					 "protocol: bfd"));
	ck_assert_int_gt(sim.cmds, 0);
	/* the tunnel goes: the sessions stop, quietly; late reports are
	 * nothing */
	sim_clear(&sim);
	tunnel(&sim, false);
	ck_assert_str_eq(str(&sim.sessions), "dc stop gen 1, 1 servers\n");
	report(&sim, 1, up);
	ck_assert(!strstr(str(&sim.log), "BFD session"));
	/* back: new sessions; reports of the old ones are nothing */
	tunnel(&sim, true);
	ck_assert(strstr(str(&sim.sessions), "dc run gen 2, 1 servers\n"));
	report(&sim, 1, up);
	ck_assert(!strstr(str(&sim.log), "BFD session"));
	report(&sim, 2, up);
	ck_assert(strstr(str(&sim.log), "BFD session to 10.0.0.1 is up"));
	sim_free(&sim);
}
END_TEST

START_TEST(test_reload)
{
	const char *slower[] = { "bfd_tx=50", NULL };
	const char *multi[] = { "bfd_mode=multi", NULL };
	lm_event_t event = { .type = LM_EV_RELOAD };
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim);
	tunnel(&sim, true);
	report(&sim, 1, up);
	/* new intervals: the same sessions, with them (a Poll Sequence) */
	sim_clear(&sim);
	reload(&sim, slower, &probe_sa, 1);
	ck_assert_str_eq(str(&sim.sessions), "dc run gen 1, 1 servers\n");
	ck_assert_uint_eq(sim.last.mon->cfg->bfd_tx_ms, 50);
	ck_assert(strstr(str(&sim.log), "statistics kept"));
	status(&sim, true, &buf);
	ck_assert(strstr(str(&buf), "\"state\":\"alive\""));
	lm_buf_free(&buf);
	/* another encapsulation: a new monitor, the old one tells the peer */
	sim_clear(&sim);
	reload(&sim, multi, &probe_sa, 1);
	ck_assert_str_eq(str(&sim.sessions), "dc run gen 1, 1 servers\n"
					 "dc stop gen 1 admin-down, 1 servers\n");
	ck_assert_uint_eq(sim.last.mon->cfg->port, 4784);
	/* removed */
	sim_clear(&sim);
	event.reload.config = test_parse(lm_kv_create("monitors"));
	event.reload.file = "test.conf";
	step(&sim, &event);
	lm_config_destroy(event.reload.config);
	ck_assert_str_eq(str(&sim.sessions), "dc stop gen 1 admin-down, "
					 "1 servers\n");
	sim_free(&sim);
}
END_TEST

START_TEST(test_status)
{
	lm_bfd_info_t down = up;
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim);
	tunnel(&sim, true);
	status(&sim, false, &buf);
	ck_assert(strstr(str(&buf), "Session: Down, starting\n"));
	lm_buf_free(&buf);
	report(&sim, 1, up);
	status(&sim, false, &buf);
	ck_assert(strstr(str(&buf), "protocol: bfd, port: 3784, state: alive\n"
		"                Session: Up, peer Up, discriminators local "
		"0x00001234, remote 0x00000099\n"
		"                Intervals: transmit 10 ms (peer's min RX 10 ms), "
		"detection 30 ms (peer's TX 10 ms x 3)\n"
		"                Diagnostics: local no diagnostic, peer no "
		"diagnostic\n"
		"                Up 1 times, down 0 times\n"));
	/* no probe statistics */
	ck_assert(!strstr(str(&buf), "Latency"));
	ck_assert(!strstr(str(&buf), "Packet lost"));
	lm_buf_free(&buf);
	down.state = LM_BFD_DOWN;
	down.local_diag = LM_BFD_DIAG_DETECT_EXPIRED;
	down.remote_discr = 0;
	down.verdict = LM_BFD_VERDICT_DOWN;
	down.why = LM_BFD_WHY_DETECT;
	down.tx_us = 1000000;
	down.downs = 1;
	report(&sim, 1, down);
	status(&sim, false, &buf);
	ck_assert(strstr(str(&buf), "Down: control detection time expired "
					 "(30 ms)\n                Up 1 times, down 1 times\n"));
	lm_buf_free(&buf);
	status(&sim, true, &buf);
	ck_assert(strstr(str(&buf), "\"bfd\":{\"mode\":\"single\",\"tx_ms\":10,"
					 "\"rx_ms\":10,\"mult\":3},\"servers\":[{\"address\":"
					 "\"10.0.0.1\",\"state\":\"dead\",\"bfd\":{\"state\":"
					 "\"Down\",\"remote_state\":\"Up\",\"local_discr\":4660,"
					 "\"remote_discr\":0,\"tx_ms\":1000.000,\"detect_ms\":"
					 "30.000,\"remote_tx_ms\":10.000,\"remote_rx_ms\":10.000,"
					 "\"remote_mult\":3,\"remote_demand\":false,\"poll\":"
					 "false,\"local_diag\":\"control detection time "
					 "expired\",\"remote_diag\":\"no diagnostic\",\"ups\":1,"
					 "\"downs\":1,\"verdict\":\"down\",\"reason\":\"control "
					 "detection time expired (30 ms)\"},\"protocol\":\"bfd\","
					 "\"port\":3784,"));
	ck_assert(!strstr(str(&buf), "latency_ms"));
	lm_buf_free(&buf);
	sim_free(&sim);
}
END_TEST

Suite *sessions_suite_create(void)
{
	Suite *s = suite_create("sessions");
	TCase *tc = tcase_create("engine");

	tcase_add_test(tc, test_follow_tunnel);
	tcase_add_test(tc, test_reload);
	tcase_add_test(tc, test_status);
	suite_add_tcase(s, tc);
	return s;
}
