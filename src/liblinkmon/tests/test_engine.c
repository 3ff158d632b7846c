/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The decision core as a whole: events in, everything to do out. A small
 * simulator plays the plugin's part: it answers the probes the engine asks
 * for (or not), feeds the outcomes back and writes down what the engine
 * wants done, so the tests read like a gateway's day.
 */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include <lm_engine.h>
#include <lm_evlog.h>
#include <lm_histdata.h>
#include <lm_kv.h>
#include <lm_updown.h>

#include "test_suites.h"

#define MS 1000000ULL
#define S (1000 * MS)

/**
 * The plugin's part.
 */
typedef struct {
	/** the engine */
	lm_engine_t *engine;
	/** output of the current step */
	lm_out_t out;
	/** current time */
	uint64_t now;
	/** next time the engine has something to do */
	uint64_t next;
	/** answer probes */
	bool answer;
	/** their RTT */
	uint64_t rtt;
	/** error sending probes, 0 for none */
	int err;
	/** servers (bit by index) whose probes are lost */
	uint32_t drop;
	/** probes sent per server index */
	int sent_to[LM_MAX_SERVERS];
	/** the last probe sent per server index */
	lm_probe_t last[LM_MAX_SERVERS];
	/** kernel transmit stamp this long after the user space send time, 0
	 *  for no kernel stamps */
	uint64_t tx_stamp;
	/** answer traffic checks */
	bool answer_idle;
	/** inbound packets of the CHILD_SA, reported to traffic checks */
	uint64_t packets;
	/** RTT of the last reply counted */
	uint64_t last_rtt;
	/** probes sent */
	int probes;
	/** traffic checks asked for */
	int idles;
	/** what was done, one line each: logs, commands, route wants, hooks,
	 *  HA values, the routes wanted */
	lm_buf_t log, cmds, wants, hooks, ha, routes;
	/** the event log, fed with the transitions of every output */
	lm_evlog_t *events;
} sim_t;

static const char *cmd_names[] = {
	"initiate-child", "initiate-ike", "terminate-child", "terminate-ike",
	"clear-ike",
};

static void sim_init(sim_t *sim)
{
	memset(sim, 0, sizeof(*sim));
	sim->engine = lm_engine_create(42);
	ck_assert_ptr_nonnull(sim->engine);
	lm_out_init(&sim->out);
	sim->now = 10 * S;
	sim->next = UINT64_MAX;
	sim->answer = true;
	sim->rtt = 1 * MS;
	sim->events = lm_evlog_create(64);
	ck_assert_ptr_nonnull(sim->events);
}

static void sim_clear(sim_t *sim)
{
	lm_buf_free(&sim->log);
	lm_buf_free(&sim->cmds);
	lm_buf_free(&sim->wants);
	lm_buf_free(&sim->hooks);
	lm_buf_free(&sim->ha);
	lm_buf_free(&sim->routes);
	sim->probes = sim->idles = 0;
}

static void sim_free(sim_t *sim)
{
	lm_engine_destroy(sim->engine);
	lm_out_free(&sim->out);
	lm_evlog_destroy(sim->events);
	sim_clear(sim);
}

/**
 * Write down what an output wants done (its probes excepted).
 */
static void record(sim_t *sim, lm_out_t *out)
{
	char route[128];
	int i, j;

	for (i = 0; i < out->nlogs; i++)
	{
		lm_buf_printf(&sim->log, "%d %s\n", out->logs[i].level,
					  out->logs[i].msg);
	}
	for (i = 0; i < out->ncmds; i++)
	{
		for (j = 0; j < out->cmds[i].count; j++)
		{
			lm_buf_printf(&sim->cmds, "%s: %s %s/%s\n", out->cmds[i].monitor,
						  cmd_names[out->cmds[i].cmds[j].type],
						  out->cmds[i].cmds[j].connection,
						  out->cmds[i].cmds[j].child ?: "*");
		}
	}
	for (i = 0; i < out->nwants; i++)
	{
		lm_buf_printf(&sim->wants, "%s: %d routes, %d rules, %d links\n",
					  out->wants[i].owner, out->wants[i].count,
					  out->wants[i].nrules, out->wants[i].nlinks);
		for (j = 0; j < out->wants[i].count; j++)
		{
			lm_buf_printf(&sim->routes, "%s: %s\n", out->wants[i].owner,
						  lm_route_fmt(&out->wants[i].routes[j], route,
									   sizeof(route)));
		}
	}
	for (i = 0; i < out->nhooks; i++)
	{
		lm_buf_printf(&sim->hooks, "%s: %s %s %s\n", out->hooks[i].monitor,
					  lm_updown_env_get(out->hooks[i].env, "LINKMON_EVENT"),
					  lm_updown_env_get(out->hooks[i].env, "LINKMON_STATE"),
					  lm_updown_env_get(out->hooks[i].env, "LINKMON_ACTION"));
	}
	if (out->ha_write)
	{
		lm_buf_printf(&sim->ha, "%u\n", out->ha_value);
	}
	for (i = 0; i < out->ntrs; i++)
	{
		/* the wall clock is the monotonic one plus a day */
		lm_evlog_add(sim->events, &out->trs[i],
					 out->trs[i].now_ns + 86400 * S);
	}
	sim->idles += out->nidles;
	if (out->trace.valid)
	{
		sim->last_rtt = out->trace.rtt_ns;
	}
}

static void step(sim_t *sim, lm_event_t *event);

/**
 * Send the probes of the output as the plugin does, report the outcomes,
 * and answer them.
 */
static void send_probes(sim_t *sim)
{
	lm_reply_t replies[64];
	lm_event_t event = {
		.type = LM_EV_SENT,
		.now_ns = sim->now,
		.sent = {
			.probes = sim->out.probes,
			.count = sim->out.nprobes,
		},
	};
	int i, count = 0;

	for (i = 0; i < sim->out.nprobes; i++)
	{
		lm_probe_t *probe = &sim->out.probes[i];

		probe->err = sim->err;
		probe->mono_ns = sim->now;
		probe->real_ns = sim->now;
		sim->probes++;
		sim->sent_to[probe->server]++;
		sim->last[probe->server] = *probe;
		if (!sim->err && sim->answer && !(sim->drop & (1 << probe->server)) &&
			count < 64)
		{
			replies[count++] = (lm_reply_t){
				.protocol = lm_monitor_cfg_server(probe->mon->cfg,
												  probe->server)->protocol,
				.ident = probe->mon->ident,
				.token = probe->mon->token,
				.token_mask = UINT32_MAX,
				.seq = probe->seq,
				.from = probe->mon->servers[probe->server].addr,
				.rx_mono_ns = sim->now + sim->rtt,
			};
			if (sim->tx_stamp)
			{
				/* the kernel's view: sent a bit later, received a bit
				 * earlier than user space saw it */
				replies[count - 1].tx_real_ns = probe->real_ns + sim->tx_stamp;
				replies[count - 1].rx_real_ns = probe->real_ns + sim->rtt -
												100000;
			}
		}
	}
	lm_engine_step(sim->engine, &event, &sim->out);
	ck_assert_int_eq(sim->out.nprobes, event.sent.count);
	record(sim, &sim->out);
	sim->next = sim->out.next_ns;
	lm_out_reset(&sim->out);
	for (i = 0; i < count; i++)
	{
		lm_event_t reply = {
			.type = LM_EV_REPLY,
			.now_ns = replies[i].rx_mono_ns,
			.reply = &replies[i],
		};
		step(sim, &reply);
	}
}

/**
 * Answer the traffic checks of an output, as the plugin's jobs do.
 */
static void answer_idles(sim_t *sim, lm_idle_t *idles, int count)
{
	lm_event_t event;
	int i;

	for (i = 0; i < count; i++)
	{
		event = (lm_event_t){
			.type = LM_EV_IDLE,
			.now_ns = sim->now,
			.idle = {
				.ident = idles[i].ident,
				.token = idles[i].token,
				.child_id = idles[i].child_id,
				.found = true,
				.packets = sim->packets,
			},
		};
		step(sim, &event);
	}
}

/**
 * Handle an event as the plugin's scheduler does.
 */
static void step(sim_t *sim, lm_event_t *event)
{
	lm_idle_t idles[16];
	int count = 0;

	if (!event->now_ns)
	{
		event->now_ns = sim->now;
	}
	lm_engine_step(sim->engine, event, &sim->out);
	if (sim->answer_idle)
	{
		count = sim->out.nidles < 16 ? sim->out.nidles : 16;
		memcpy(idles, sim->out.idles, count * sizeof(lm_idle_t));
	}
	if (sim->out.nprobes)
	{
		send_probes(sim);
	}
	else
	{
		record(sim, &sim->out);
		sim->next = sim->out.next_ns;
		lm_out_reset(&sim->out);
	}
	answer_idles(sim, idles, count);
}

/**
 * Let time pass up to a point, handling every timer on the way.
 */
static void run_until(sim_t *sim, uint64_t until)
{
	lm_event_t event;

	while (sim->next <= until)
	{
		sim->now = sim->next;
		event = (lm_event_t){
			.type = LM_EV_TIMER,
			.now_ns = sim->now,
		};
		step(sim, &event);
	}
	sim->now = until;
}

/**
 * A configuration from "monitor.key=value" lines; sections nest by dots
 * ("dc.routes.r1.destination=...").
 */
static lm_config_t *config_create(const char *spec)
{
	char line[256], *eq, *dot, *key;
	lm_kv_t *root, *kv;
	lm_config_t *config;
	lm_buf_t err = {};
	const char *pos = spec, *end;

	root = lm_kv_create("monitors");
	while (*pos)
	{
		end = strchr(pos, '\n') ?: pos + strlen(pos);
		snprintf(line, sizeof(line), "%.*s", (int)(end - pos), pos);
		pos = *end ? end + 1 : end;
		eq = strchr(line, '=');
		ck_assert_ptr_nonnull(eq);
		*eq = '\0';
		kv = root;
		key = line;
		while ((dot = strchr(key, '.')))
		{
			*dot = '\0';
			kv = lm_kv_section(kv, key);
			key = dot + 1;
		}
		ck_assert_int_eq(lm_kv_set(kv, key, eq + 1), 0);
	}
	config = lm_config_parse(root, "test.conf", &err);
	ck_assert_msg(config != NULL, "%s", lm_buf_str(&err));
	lm_kv_destroy(root);
	lm_buf_free(&err);
	return config;
}

/**
 * Load a configuration with some tunnels installed.
 */
static void reload(sim_t *sim, const char *spec, const lm_tunnel_t *tunnels,
				   int count)
{
	lm_event_t event = {
		.type = LM_EV_RELOAD,
		.reload = {
			.config = config_create(spec),
			.file = "test.conf",
			.tunnels = tunnels,
			.count = count,
		},
	};

	step(sim, &event);
	lm_config_destroy(event.reload.config);
}

/**
 * Number of lines of a record matching a text.
 */
static int count_lines(lm_buf_t *buf, const char *text)
{
	const char *pos = lm_buf_str(buf) ?: "";
	int count = 0;

	while ((pos = strstr(pos, text)))
	{
		count++;
		pos += strlen(text);
	}
	return count;
}

static const char *str(lm_buf_t *buf)
{
	return lm_buf_str(buf) ?: "";
}

/**
 * Start the simulation with a configuration and some tunnels installed.
 */
static void sim_start(sim_t *sim, const char *spec, const lm_tunnel_t *tunnels,
					  int count)
{
	sim_init(sim);
	reload(sim, spec, tunnels, count);
}

/** a DC/DR monitor probing through dc's probe CHILD_SA, 10 ms x 3 */
#define DC_DR \
	"dc.server=10.0.0.135\n" \
	"dc.source=10.1.0.1\n" \
	"dc.connection=dc\n" \
	"dc.child=lan\n" \
	"dc.probe_child=probe\n" \
	"dc.failover=dr\n" \
	"dc.holddown=0\n" \
	"dc.interval=10\n" \
	"dc.probe_timeout=10\n" \
	"dc.failtime=3\n" \
	"dc.recoverytime=3\n" \
	"dc.ha_priority=5\n" \
	"dc.updown=/usr/local/sbin/hook\n" \
	"dc.routes.r1.destination=10.0.0.0/24\n" \
	"dc.routes.r1.interface=eth1\n" \
	"dc.rules.lan.from=10.1.0.0/24\n" \
	"dc.rules.lan.table=100"

static const lm_tunnel_t dc_tunnels[] = {
	{ .ike = "dc", .child = "probe", .id = 1, .ike_id = 1 },
	{ .ike = "dc", .child = "lan", .id = 2, .ike_id = 1 },
};

/**
 * Enable the HA penalty.
 */
static void ha_enable(sim_t *sim)
{
	lm_event_t event = {
		.type = LM_EV_HA_CONFIG,
		.ha = {
			.enabled = true,
			.cfg = { .flip_timeout_s = 3600, .secondary_force_reset = true },
			.track_file = "/run/linkmon/ha.weight",
		},
	};

	step(sim, &event);
}

START_TEST(test_no_verdict_on_one_probe)
{
	sim_t sim;

	sim_init(&sim);
	ha_enable(&sim);
	reload(&sim, DC_DR, dc_tunnels, 2);
	ck_assert_ptr_nonnull(strstr(str(&sim.log), "loaded 1 monitors from "
								 "test.conf (1 added"));
	/* the routes in their alive form and the rules from the start, the
	 * primary is up */
	ck_assert_str_eq(str(&sim.wants), "dc: 1 routes, 1 rules, 0 links\n");
	ck_assert_str_eq(str(&sim.cmds), "");
	ck_assert_str_eq(str(&sim.ha), "0\n");
	sim_clear(&sim);

	/* the first probes (after the tunnel settled for 250 ms) get lost: two
	 * failures are no verdict */
	sim.answer = false;
	run_until(&sim, sim.now + 250 * MS + 15 * MS);
	ck_assert_int_eq(sim.probes, 2);
	ck_assert_str_eq(str(&sim.log), "");
	ck_assert_str_eq(str(&sim.cmds), "");
	ck_assert_str_eq(str(&sim.wants), "");
	ck_assert_str_eq(str(&sim.hooks), "");
	ck_assert_str_eq(str(&sim.ha), "");

	/* answered from now on: alive after recoverytime, nothing moves */
	sim.answer = true;
	run_until(&sim, sim.now + 40 * MS);
	ck_assert_int_eq(count_lines(&sim.log, "'dc' initial state is alive"), 1);
	ck_assert_str_eq(str(&sim.cmds), "");
	ck_assert_str_eq(str(&sim.wants), "dc: 1 routes, 1 rules, 0 links\n");
	ck_assert_str_eq(str(&sim.hooks), "dc: state alive \n");
	ck_assert_str_eq(str(&sim.ha), "");
	sim_free(&sim);
}
END_TEST

START_TEST(test_dead_moves_everything)
{
	lm_tunnel_t dr = { .ike = "dr", .child = "lan", .id = 5, .ike_id = 3 };
	lm_event_t dr_up = { .type = LM_EV_TUNNEL_UP, .tunnel = &dr };
	sim_t sim;

	sim_init(&sim);
	ha_enable(&sim);
	reload(&sim, DC_DR, dc_tunnels, 2);
	run_until(&sim, sim.now + 300 * MS);
	sim_clear(&sim);

	sim.answer = false;
	run_until(&sim, sim.now + 25 * MS);
	run_until(&sim, sim.now + 10 * MS);
	/* two failures */
	ck_assert_str_eq(str(&sim.log), "");
	ck_assert_str_eq(str(&sim.cmds), "");
	run_until(&sim, sim.now + 10 * MS);
	ck_assert_int_eq(count_lines(&sim.log,
			"'dc' changed state from alive to dead, protocol: ping"), 1);
	/* make before break: dr first, dc's data CHILD_SA once dr is up */
	ck_assert_str_eq(str(&sim.cmds), "dc: initiate-child dr/lan\n");
	ck_assert_str_eq(str(&sim.wants), "dc: 0 routes, 0 rules, 0 links\n");
	ck_assert_str_eq(str(&sim.hooks), "dc: state dead \n");
	ck_assert_str_eq(str(&sim.ha), "5\n");
	sim_clear(&sim);

	/* dr's CHILD_SA is installed: dc's goes, the move is complete */
	step(&sim, &dr_up);
	ck_assert_str_eq(str(&sim.cmds), "dc: terminate-child dc/lan\n");
	ck_assert_str_eq(str(&sim.hooks),
					 "dc: action dead failover dc -> dr\n");
	sim_free(&sim);
}
END_TEST

START_TEST(test_reload_moves_rule)
{
	sim_t sim;

	sim_start(&sim, DC_DR, dc_tunnels, 2);
	run_until(&sim, sim.now + 300 * MS);
	ck_assert_int_eq(count_lines(&sim.log, "'dc' initial state is alive"), 1);
	sim_clear(&sim);

	/* a changed rule keeps the statistics; the wants name the monitor by
	 * a name that outlives the step (the old configuration's does not) */
	reload(&sim, DC_DR "\ndc.rules.lan.priority=900", dc_tunnels, 2);
	ck_assert_int_eq(count_lines(&sim.log, "'dc': configuration changed, "
								 "statistics kept"), 1);
	ck_assert_str_eq(str(&sim.wants), "dc: 0 routes, 0 rules, 0 links\n"
					 "dc: 1 routes, 1 rules, 0 links\n");
	ck_assert_uint_eq(sim.out.wants[1].rules[0].priority, 900);
	sim_free(&sim);
}
END_TEST

START_TEST(test_interface_wait)
{
	lm_status_req_t req = { .json = true };
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim, "wan.server=192.0.2.1\nwan.interface=ppp0\n"
			"wan.interval=100\nwan.probe_timeout=100\nwan.failtime=2\n"
			"wan.recoverytime=2", NULL, 0);
	sim.err = ENODEV;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_ge(sim.probes, 9);
	ck_assert_int_eq(count_lines(&sim.log, "interface ppp0 does not exist, "
								 "waiting for it"), 1);
	ck_assert_int_eq(count_lines(&sim.log, "failed"), 0);
	ck_assert_int_eq(count_lines(&sim.log, "state"), 0);
	req.now_ns = sim.now;
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &buf), LM_MSG_OK);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
								 "\"waiting_for_interface\":true"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"sent\":0,"));
	lm_buf_free(&buf);

	/* it appears: probing, alive */
	sim.err = 0;
	run_until(&sim, sim.now + 300 * MS);
	ck_assert_int_eq(count_lines(&sim.log, "interface ppp0 appeared, "
								 "probing"), 1);
	ck_assert_int_eq(count_lines(&sim.log, "initial state is alive"), 1);

	/* with a verdict, a vanished interface fails probes, logged once */
	sim.err = ENODEV;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "sending ping probe to 192.0.2.1 "
								 "failed: No such device"), 1);
	ck_assert_int_eq(count_lines(&sim.log, "changed state from alive to "
								 "dead"), 1);
	sim_free(&sim);
}
END_TEST

START_TEST(test_instances)
{
	lm_tunnel_t client = {
		.ike = "clients", .child = "net", .id = 7, .ike_id = 3,
		.remote = { .family = AF_INET, .a = { 10, 9, 0, 1 } },
	};
	lm_event_t up = { .type = LM_EV_TUNNEL_UP, .tunnel = &client };
	lm_event_t down = { .type = LM_EV_TUNNEL_DOWN, .tunnel = &client };
	lm_status_req_t req = { .name = "hub[7]" };
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim, "hub.server=%remote\nhub.connection=clients\n"
			"hub.interval=100\nhub.probe_timeout=100\nhub.failtime=2\n"
			"hub.recoverytime=2", NULL, 0);
	ck_assert_int_eq(lm_engine_count(sim.engine), 0);
	ck_assert_ptr_nonnull(strstr(str(&sim.log), "0 monitors from test.conf "
				"(0 added, 0 changed, 0 reset, 0 removed, 0 unchanged), "
				"1 templates"));
	step(&sim, &up);
	ck_assert_int_eq(lm_engine_count(sim.engine), 1);
	ck_assert_int_eq(count_lines(&sim.log, "'hub[7]': created for CHILD_SA "
								 "net{7} of clients[3], probing 10.9.0.1"), 1);
	/* the same CHILD_SA again: no second instance */
	step(&sim, &up);
	ck_assert_int_eq(lm_engine_count(sim.engine), 1);
	/* first probe after the tunnel settled, alive after recoverytime */
	run_until(&sim, sim.now + 200 * MS);
	ck_assert_int_eq(sim.probes, 0);
	run_until(&sim, sim.now + 300 * MS);
	ck_assert_int_ge(sim.probes, 2);
	ck_assert_int_eq(count_lines(&sim.log, "'hub[7]' initial state is alive"),
					 1);
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &buf), LM_MSG_OK);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "Tunnel: clients/*, "
								 "net{7}"));
	lm_buf_free(&buf);

	step(&sim, &down);
	ck_assert_int_eq(lm_engine_count(sim.engine), 0);
	ck_assert_int_eq(count_lines(&sim.log, "'hub[7]': CHILD_SA net{7} is "
								 "gone, removing the instance"), 1);
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &buf),
					 LM_MSG_NOT_FOUND);
	lm_buf_free(&buf);
	sim_free(&sim);
}
END_TEST

/** a hub's template with routes to each client's tunnel */
#define HUB \
	"hub.server=%remote\nhub.connection=clients\nhub.interval=100\n" \
	"hub.probe_timeout=100\nhub.failtime=2\nhub.recoverytime=2\n" \
	"hub.routes.lan.destination=%remote_ts\n" \
	"hub.routes.lan.interface=ipsec0\nhub.routes.lan.table=199\n" \
	"hub.routes.lan.dead_metric=500\n" \
	"hub.routes.v4.destination=%remote_ts\nhub.routes.v4.gateway=10.0.9.1\n" \
	"hub.routes.host.destination=%remote\nhub.routes.host.interface=ipsec0"

/** the routes of hub[7] in a state: alive, or dead with dead_metric */
#define HUB7_ROUTES(metric) \
	"hub[7]: 10.9.0.0/24 dev ipsec0 metric " metric " table 199\n" \
	"hub[7]: 10.9.8.0/22 dev ipsec0 metric " metric " table 199\n" \
	"hub[7]: 2001:db8:9::/64 dev ipsec0 metric " metric " table 199\n"
#define HUB7_ALIVE HUB7_ROUTES("0") \
	"hub[7]: 10.9.0.0/24 via 10.0.9.1 metric 0 table 254\n" \
	"hub[7]: 10.9.8.0/22 via 10.0.9.1 metric 0 table 254\n" \
	"hub[7]: 10.9.0.1/32 dev ipsec0 metric 0 table 254\n"

START_TEST(test_instance_routes)
{
	lm_prefix_t ts[] = {
		{ .addr = { .family = AF_INET, .a = { 10, 9 } }, .len = 24 },
		{ .addr = { .family = AF_INET, .a = { 10, 9, 8 } }, .len = 22 },
		{ .addr = { .family = AF_INET6, .a = { 0x20, 1, 0xd, 0xb8, 0, 9 } },
		  .len = 64 },
	};
	lm_tunnel_t clients[] = {
		{ .ike = "clients", .child = "net", .id = 7, .ike_id = 3,
		  .remote = { .family = AF_INET, .a = { 10, 9, 0, 1 } },
		  .remote_ts = ts, .nremote_ts = 3 },
		{ .ike = "clients", .child = "net", .id = 8, .ike_id = 4,
		  .remote = { .family = AF_INET, .a = { 10, 8, 0, 1 } },
		  .remote_ts = ts, .nremote_ts = 1 },
	};
	lm_event_t up = { .type = LM_EV_TUNNEL_UP, .tunnel = &clients[0] };
	lm_event_t down = { .type = LM_EV_TUNNEL_DOWN, .tunnel = &clients[0] };
	sim_t sim;

	/* hub[8] comes with the tunnels installed at the reload */
	sim_start(&sim, HUB, &clients[1], 1);
	ck_assert_str_eq(str(&sim.routes),
					 "hub[8]: 10.9.0.0/24 dev ipsec0 metric 0 table 199\n"
					 "hub[8]: 10.9.0.0/24 via 10.0.9.1 metric 0 table 254\n"
					 "hub[8]: 10.8.0.1/32 dev ipsec0 metric 0 table 254\n");
	sim_clear(&sim);
	/* hub[7] with its tunnel, in the alive form before a verdict; the
	 * IPv6 prefix is left out of the route via an IPv4 gateway */
	step(&sim, &up);
	ck_assert_str_eq(str(&sim.routes), HUB7_ALIVE);
	ck_assert_int_eq(count_lines(&sim.log, "'hub[7]': 1 route destinations "
								 "of the tunnel left out"), 1);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'hub[7]' initial state is alive"),
					 1);
	sim_clear(&sim);
	/* both go dead: the routes with a dead_metric stay, behind */
	sim.answer = false;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'hub[7]' changed state from "
								 "alive to dead"), 1);
	ck_assert_int_eq(count_lines(&sim.wants, "hub[7]: 3 routes"), 1);
	ck_assert_int_eq(count_lines(&sim.wants, "hub[8]: 1 routes"), 1);
	ck_assert_int_eq(count_lines(&sim.routes, "hub[7]:"), 3);
	ck_assert_ptr_nonnull(strstr(str(&sim.routes), HUB7_ROUTES("500")));
	sim_clear(&sim);
	/* alive again: the alive form */
	sim.answer = true;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_ptr_nonnull(strstr(str(&sim.routes), HUB7_ALIVE));
	sim_clear(&sim);
	/* the CHILD_SA goes: its instance wants nothing, hub[8] stays */
	step(&sim, &down);
	ck_assert_str_eq(str(&sim.wants), "hub[7]: 0 routes, 0 rules, 0 links\n");
	ck_assert_int_eq(lm_engine_count(sim.engine), 1);
	sim_clear(&sim);
	/* a new template: hub[8] goes with the old one and comes again */
	reload(&sim, HUB "\nhub.routes.lan.metric=5", &clients[1], 1);
	ck_assert_str_eq(str(&sim.wants), "hub[8]: 0 routes, 0 rules, 0 links\n"
					 "hub[8]: 3 routes, 0 rules, 0 links\n");
	ck_assert_int_eq(count_lines(&sim.routes, "metric 5 table 199"), 1);
	sim_free(&sim);
}
END_TEST

START_TEST(test_reload_plan)
{
	lm_status_req_t req = { .name = "a", .json = true };
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim, "a.server=192.0.2.1\na.interval=100\na.probe_timeout=100\n"
			"b.server=192.0.2.2\nc.server=192.0.2.3", NULL, 0);
	ck_assert_ptr_nonnull(strstr(str(&sim.log), "(3 added, 0 changed, "
								 "0 reset, 0 removed, 0 unchanged)"));
	run_until(&sim, sim.now + 1 * S);
	sim_clear(&sim);

	/* a: only its HA priority, its statistics stay; b: probes elsewhere,
	 * restarted; c: gone; d: new */
	reload(&sim, "a.server=192.0.2.1\na.interval=100\na.probe_timeout=100\n"
			"a.ha_priority=7\nb.server=192.0.2.9\nd.server=192.0.2.4", NULL, 0);
	ck_assert_ptr_nonnull(strstr(str(&sim.log), "(1 added, 1 changed, "
								 "1 reset, 1 removed, 0 unchanged)"));
	ck_assert_int_eq(count_lines(&sim.log, "'a': configuration changed, "
								 "statistics kept"), 1);
	ck_assert_int_eq(count_lines(&sim.log, "'c': removed"), 1);
	ck_assert_int_eq(lm_engine_count(sim.engine), 3);
	req.now_ns = sim.now;
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &buf), LM_MSG_OK);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"ha_priority\":7"));
	ck_assert_ptr_null(strstr(lm_buf_str(&buf), "\"sent\":0,"));
	lm_buf_free(&buf);
	sim_clear(&sim);

	reload(&sim, "a.server=192.0.2.1\na.interval=100\na.probe_timeout=100\n"
			"a.ha_priority=7\nb.server=192.0.2.9\nd.server=192.0.2.4", NULL, 0);
	ck_assert_ptr_nonnull(strstr(str(&sim.log), "(0 added, 0 changed, "
								 "0 reset, 0 removed, 3 unchanged)"));
	sim_free(&sim);
}
END_TEST

START_TEST(test_forged_reply)
{
	lm_reply_t reply = {
		.protocol = LM_PROTO_PING,
		.token_mask = UINT32_MAX,
		.seq = 1,
		.from = { .family = AF_INET, .a = { 192, 0, 2, 1 } },
	};
	lm_event_t event = { .type = LM_EV_REPLY, .reply = &reply };
	lm_status_req_t req = { .json = true };
	lm_buf_t buf = {};
	sim_t sim;
	int i;

	sim_start(&sim, "a.server=192.0.2.1\na.interval=100\na.probe_timeout=100",
		   NULL, 0);
	sim.answer = false;
	run_until(&sim, sim.now + 150 * MS);
	ck_assert_int_eq(sim.probes, 1);
	/* every identifier but the monitor's is unknown; its own with another
	 * token is dropped and logged at level 2 */
	for (i = 0; i < 65536; i += 97)
	{
		reply.ident = i;
		reply.token = 0x5eed;
		reply.rx_mono_ns = sim.now;
		step(&sim, &event);
	}
	ck_assert_int_le(count_lines(&sim.log, "2 link-monitor 'a': dropped a "
								 "ping reply from 192.0.2.1 with another "
								 "token"), 1);
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"received\":0,"));
	lm_buf_free(&buf);
	sim_free(&sim);
}
END_TEST

START_TEST(test_kernel_rtt)
{
	lm_status_req_t req = { .json = true };
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim, "a.server=192.0.2.1\na.interval=100\na.probe_timeout=100",
		   NULL, 0);
	/* without kernel stamps: the user space send time to when read */
	sim.rtt = 2 * MS;
	run_until(&sim, sim.now + 150 * MS);
	ck_assert_int_eq(sim.probes, 1);
	ck_assert_uint_eq(sim.last_rtt, 2 * MS);
	/* with them: the kernel's transmit to its receive time */
	sim.tx_stamp = 20000;
	run_until(&sim, sim.now + 100 * MS);
	ck_assert_int_eq(sim.probes, 2);
	ck_assert_uint_eq(sim.last_rtt, 2 * MS - 100000 - 20000);
	/* a transmit stamp after the receive stamp is no stamp */
	sim.tx_stamp = 3 * MS;
	run_until(&sim, sim.now + 100 * MS);
	ck_assert_uint_eq(sim.last_rtt, 2 * MS - 100000);
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"tx_kernel\":1,"
								 "\"tx_fallback\":1"));
	lm_buf_free(&buf);
	sim_free(&sim);
}
END_TEST

START_TEST(test_on_idle)
{
	lm_tunnel_t tunnel = {
		.ike = "dc", .child = "lan", .id = 4, .ike_id = 2,
	};
	lm_status_req_t req = { .name = "dc", .now_ns = 0 };
	lm_buf_t buf = {};
	int probes;
	sim_t sim;

	sim_start(&sim, "dc.server=10.0.0.135\ndc.connection=dc\ndc.child=lan\n"
			"dc.on_idle=yes\ndc.interval=100\ndc.probe_timeout=100\n"
			"dc.failtime=2\ndc.recoverytime=2", &tunnel, 1);
	/* a check nobody answers stays in flight: no probe, no second check */
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(sim.idles, 1);
	ck_assert_int_eq(sim.probes, 0);
	sim_free(&sim);

	/* no traffic but our own: every round is probed */
	sim_init(&sim);
	sim.answer_idle = true;
	reload(&sim, "dc.server=10.0.0.135\ndc.connection=dc\ndc.child=lan\n"
			"dc.on_idle=yes\ndc.interval=100\ndc.probe_timeout=100\n"
			"dc.failtime=2\ndc.recoverytime=2", &tunnel, 1);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_ge(sim.probes, 6);
	ck_assert_int_eq(sim.probes, sim.idles);
	ck_assert_int_eq(count_lines(&sim.log, "'dc' initial state is alive"), 1);

	/* traffic comes in: rounds are saved, and the state holds */
	probes = sim.probes;
	sim.answer = false;
	for (sim.packets = 1000; sim.packets < 1010; sim.packets++)
	{
		run_until(&sim, sim.now + 100 * MS);
	}
	ck_assert_int_le(sim.probes - probes, 1);
	ck_assert_int_eq(count_lines(&sim.log, "dead"), 0);
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "On idle: probe rounds "
								 "saved by traffic: "));
	ck_assert_ptr_null(strstr(lm_buf_str(&buf), "saved by traffic: 0\n"));
	lm_buf_free(&buf);

	/* traffic stops and probes are lost: dead */
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "changed state from alive to "
								 "dead"), 1);
	sim_free(&sim);
}
END_TEST

START_TEST(test_dead_action)
{
	lm_tunnel_t tunnel = {
		.ike = "dc", .child = "lan", .id = 4, .ike_id = 2,
		.peer = { .family = AF_INET, .a = { 172, 16, 1, 2 } },
	};
	sim_t sim;

	sim_start(&sim, "dc.protocol=dpd\ndc.connection=dc\ndc.child=lan\n"
			"dc.dead_action=restart\ndc.interval=100\ndc.probe_timeout=100\n"
			"dc.failtime=2\ndc.recoverytime=2\ndc.updown=/bin/hook", &tunnel,
		   1);
	run_until(&sim, sim.now + 600 * MS);
	ck_assert_int_eq(count_lines(&sim.log, "'dc' initial state is alive"), 1);
	sim_clear(&sim);
	sim.answer = false;
	run_until(&sim, sim.now + 400 * MS);
	ck_assert_int_eq(count_lines(&sim.log, "'dc': dead, restarting IKE_SA "
								 "dc[2]"), 1);
	ck_assert_str_eq(str(&sim.cmds),
					 "dc: clear-ike dc/*\ndc: initiate-child dc/lan\n");
	ck_assert_str_eq(str(&sim.hooks),
					 "dc: state dead \ndc: action dead restart\n");
	sim_free(&sim);
}
END_TEST

START_TEST(test_status_and_ha)
{
	lm_status_req_t req = { .track_file = "/run/linkmon/ha.weight" };
	lm_event_t role = { .type = LM_EV_HA_ROLE, .role = LM_HA_ROLE_MASTER };
	lm_buf_t buf = {};
	sim_t sim;

	sim_init(&sim);
	req.name = "nope";
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &buf),
					 LM_MSG_NOT_FOUND);
	ck_assert_str_eq(lm_buf_str(&buf), "link-monitor 'nope' not found\n");
	lm_buf_free(&buf);
	req.name = NULL;
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &buf), LM_MSG_OK);
	ck_assert_str_eq(lm_buf_str(&buf), "no link monitors configured\n");
	lm_buf_free(&buf);

	/* the role is ignored without HA */
	step(&sim, &role);
	ck_assert_str_eq(str(&sim.log), "");
	ha_enable(&sim);
	ck_assert(lm_engine_ha_enabled(sim.engine));
	step(&sim, &role);
	ck_assert_int_eq(count_lines(&sim.log, "HA role is now master"), 1);
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &buf), LM_MSG_OK);
	ck_assert_str_eq(lm_buf_str(&buf), "HA: role master, penalty 0, "
					 "threshold 0, track file value 0, flip timer 0 s, track "
					 "file /run/linkmon/ha.weight\n\nno link monitors "
					 "configured\n");
	lm_buf_free(&buf);
	req.json = true;
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &buf), LM_MSG_OK);
	ck_assert_str_eq(lm_buf_str(&buf), "{\"monitors\":[],\"scheduler\":"
					 "{\"rounds\":0,\"drift_p50_us\":0,\"drift_p99_us\":0,"
					 "\"drift_max_us\":0,\"tx_kernel\":0,\"tx_fallback\":0},"
					 "\"history\":{\"fine_s\":10,\"fine_kept\":60,"
					 "\"coarse_s\":300,\"coarse_kept\":288,\"monitors\":0,"
					 "\"bytes\":0,\"bytes_per_monitor\":0},"
					 "\"ha\":{\"penalty\":0,\"threshold\":0,\"flip_timer_s\":0,"
					 "\"role\":\"master\",\"value\":0,\"held\":false}}\n");
	lm_buf_free(&buf);
	sim_free(&sim);
}
END_TEST

START_TEST(test_status_parts)
{
	lm_status_req_t req = { .json = true };
	lm_status_cursor_t cursor;
	lm_buf_t whole = {}, parts = {};
	sim_t sim;
	int calls = 0;

	sim_start(&sim, "a.server=192.0.2.1\nb.server=192.0.2.2\nc.server=192.0.2.3",
		   NULL, 0);
	run_until(&sim, sim.now + 2 * S);
	req.now_ns = sim.now;
	ck_assert_int_eq(lm_engine_status(sim.engine, &req, &whole), LM_MSG_OK);
	lm_status_cursor_init(&cursor, &req);
	while (!cursor.done)
	{
		ck_assert_int_eq(lm_engine_status_part(sim.engine, &cursor, &parts, 1),
						 LM_MSG_OK);
		calls++;
	}
	ck_assert_int_eq(calls, 3);
	ck_assert_str_eq(lm_buf_str(&parts), lm_buf_str(&whole));
	lm_buf_free(&parts);

	/* the configuration changes between parts: a shorter list, still one
	 * well-formed status */
	lm_status_cursor_init(&cursor, &req);
	lm_engine_status_part(sim.engine, &cursor, &parts, 2);
	ck_assert(!cursor.done);
	reload(&sim, "a.server=192.0.2.1", NULL, 0);
	lm_engine_status_part(sim.engine, &cursor, &parts, 2);
	ck_assert(cursor.done);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&parts), "\"name\":\"b\""));
	ck_assert_ptr_null(strstr(lm_buf_str(&parts), "\"name\":\"c\""));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&parts), "}],\"scheduler\":{"));
	lm_buf_free(&parts);
	lm_buf_free(&whole);
	sim_free(&sim);
}
END_TEST

START_TEST(test_weights)
{
	lm_status_req_t req = { .name = "wan" };
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim, "wan.servers.big.address=192.0.2.1\n"
			  "wan.servers.big.weight=10\nwan.servers.s1.address=192.0.2.2\n"
			  "wan.servers.s1.weight=5\nwan.servers.s2.address=192.0.2.3\n"
			  "wan.servers.s2.weight=5\nwan.fail_weight=10\n"
			  "wan.interval=100\nwan.probe_timeout=100\nwan.failtime=2\n"
			  "wan.recoverytime=2", NULL, 0);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' initial state is alive"), 1);

	/* a light server dies: 5 of 10, the link lives */
	sim.drop = 1 << 1;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "changed state"), 0);
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "Weight of dead servers: "
								 "5, dead at 10\n"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "protocol: ping, weight: "
								 "5, state: dead"));
	lm_buf_free(&buf);

	/* the other light one too: 10 of 10, dead although big answers */
	sim.drop = (1 << 1) | (1 << 2);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' changed state from alive to "
								 "dead"), 1);
	sim_free(&sim);

	/* the heavy one alone is enough */
	sim_start(&sim, "wan.servers.big.address=192.0.2.1\n"
			  "wan.servers.big.weight=10\nwan.servers.s1.address=192.0.2.2\n"
			  "wan.servers.s1.weight=5\nwan.fail_weight=10\n"
			  "wan.interval=100\nwan.probe_timeout=100\nwan.failtime=2\n"
			  "wan.recoverytime=2", NULL, 0);
	run_until(&sim, sim.now + 1 * S);
	sim.drop = 1 << 0;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' changed state from alive to "
								 "dead"), 1);
	sim_free(&sim);
}
END_TEST

START_TEST(test_secondary)
{
	sim_t sim;

	sim_start(&sim, "wan.server=192.0.2.1\nwan.secondary=192.0.2.9\n"
			  "wan.interval=100\nwan.probe_timeout=100\nwan.failtime=2\n"
			  "wan.recoverytime=2", NULL, 0);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' initial state is alive"), 1);
	/* the secondary rests while the primary lives */
	ck_assert_int_ge(sim.sent_to[0], 9);
	ck_assert_int_eq(sim.sent_to[1], 0);

	/* the primary dies: the secondary is probed, it answers, the monitor
	 * stays alive */
	sim.drop = 1 << 0;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan': every primary server is "
								 "dead, probing the secondary servers"), 1);
	ck_assert_int_ge(sim.sent_to[1], 5);
	ck_assert_int_eq(count_lines(&sim.log, "changed state"), 0);

	/* the secondary dies too: dead */
	sim.drop = (1 << 0) | (1 << 1);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' changed state from alive to "
								 "dead"), 1);

	/* the primary answers again: alive, the secondary rests */
	sim.drop = 0;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' changed state from dead to "
								 "alive"), 1);
	ck_assert_int_eq(count_lines(&sim.log, "a primary server answers again, "
								 "the secondary servers rest"), 1);
	sim.sent_to[1] = 0;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(sim.sent_to[1], 0);
	sim_free(&sim);
}
END_TEST

START_TEST(test_mixed_protocols)
{
	lm_reply_t reply = {
		.protocol = LM_PROTO_PING,
		.token_mask = UINT32_MAX,
		.from = { .family = AF_INET, .a = { 192, 0, 2, 2 } },
	};
	lm_event_t event = { .type = LM_EV_REPLY, .reply = &reply };
	lm_status_req_t req = { .name = "wan", .json = true };
	lm_buf_t buf = {};
	sim_t sim;
	int i;

	sim_start(&sim, "wan.servers.a.address=192.0.2.1\n"
			  "wan.servers.b.address=192.0.2.2\n"
			  "wan.servers.b.protocol=udp-echo\nwan.interval=100\n"
			  "wan.probe_timeout=100\nwan.failtime=2\nwan.recoverytime=2",
			  NULL, 0);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' initial state is alive"), 1);
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"address\":\"192.0.2.2\","
								 "\"state\":\"alive\""));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"protocol\":\"udp-echo\","
								 "\"port\":7,\"weight\":1"));
	lm_buf_free(&buf);

	/* b stops answering; ping replies to b's probes are not b's */
	sim.drop = 1 << 1;
	for (i = 0; i < 10; i++)
	{
		run_until(&sim, sim.now + 100 * MS);
		reply.ident = sim.last[1].mon->ident;
		reply.token = sim.last[1].mon->token;
		reply.seq = sim.last[1].seq;
		reply.rx_mono_ns = sim.now;
		step(&sim, &event);
	}
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"address\":\"192.0.2.2\","
								 "\"state\":\"dead\""));
	lm_buf_free(&buf);
	/* a still answers: alive */
	ck_assert_int_eq(count_lines(&sim.log, "changed state"), 0);
	sim_free(&sim);
}
END_TEST

/**
 * Report the default gateway of an interface.
 */
static void set_gateway(sim_t *sim, const char *interface, const char *addr)
{
	lm_event_t event = {
		.type = LM_EV_GATEWAY,
		.gateway = { .interface = interface },
	};

	if (addr)
	{
		ck_assert(lm_addr_parse(addr, &event.gateway.addr));
	}
	step(sim, &event);
}

START_TEST(test_gateway)
{
	lm_status_req_t req = { .name = "wan", .json = true };
	const char *names[4];
	lm_buf_t buf = {};
	sim_t sim;

	sim_start(&sim, "wan.server=%gateway, 198.51.100.1\nwan.interface=eth0\n"
			  "wan.interval=100\nwan.probe_timeout=100\nwan.failtime=2\n"
			  "wan.recoverytime=2", NULL, 0);
	ck_assert_int_eq(lm_engine_gateway_interfaces(sim.engine, names, 4), 1);
	ck_assert_str_eq(names[0], "eth0");
	/* no gateway known: only the other server is probed */
	sim.drop = 1 << 1;
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(sim.sent_to[0], 0);
	ck_assert_int_ge(sim.sent_to[1], 9);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' initial state"), 0);
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"address\":null,"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"gateway_of\":\"eth0\""));
	lm_buf_free(&buf);

	/* DHCP gave one: probed, alive; another interface's changes nothing */
	set_gateway(&sim, "eth1", "192.0.2.99");
	set_gateway(&sim, "eth0", "192.0.2.1");
	ck_assert_int_eq(count_lines(&sim.log, "'wan': the default gateway of "
								 "eth0 is 192.0.2.1, probing it"), 1);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_ge(sim.sent_to[0], 9);
	ck_assert_int_eq(sim.last[0].mon->servers[0].addr.a[3], 1);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' initial state is alive"), 1);

	/* it changes: the new one is probed, the state holds */
	set_gateway(&sim, "eth0", "192.0.2.254");
	set_gateway(&sim, "eth0", "192.0.2.254");
	ck_assert_int_eq(count_lines(&sim.log, "is 192.0.2.254, probing it"), 1);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(sim.last[0].mon->servers[0].addr.a[3], 254);
	ck_assert_int_eq(count_lines(&sim.log, "changed state"), 0);

	/* it goes away: with a verdict, that is a dead link */
	set_gateway(&sim, "eth0", NULL);
	ck_assert_int_eq(count_lines(&sim.log, "'wan': eth0 has no default "
								 "gateway, waiting for one"), 1);
	run_until(&sim, sim.now + 1 * S);
	ck_assert_int_eq(count_lines(&sim.log, "'wan' changed state from alive to "
								 "dead"), 1);
	sim_free(&sim);
}
END_TEST

/**
 * The events of the log, as text lines.
 */
static void events_text(sim_t *sim, lm_buf_t *text)
{
	lm_buf_t wire = {};
	const char *line;
	lm_evrec_t rec;

	lm_evlog_write(sim->events, &wire, 0, NULL);
	for (line = str(&wire); *line; line = strchr(line, '\n') + 1)
	{
		if (line[0] == 'e')
		{
			ck_assert(lm_evlog_parse(line, &rec));
			lm_buf_printf(text, "%s %s %u>%u %s\n", rec.monitor,
						  lm_tr_type_name(rec.type), rec.from, rec.to,
						  rec.detail);
		}
	}
	lm_buf_free(&wire);
}

static lm_tunnel_t dr_lan = {
	.ike = "dr", .child = "lan", .id = 5, .ike_id = 3,
};

START_TEST(test_events)
{
	lm_event_t dr_up = { .type = LM_EV_TUNNEL_UP, .tunnel = &dr_lan };
	lm_buf_t text = {};
	sim_t sim;

	sim_init(&sim);
	ha_enable(&sim);
	reload(&sim, DC_DR, dc_tunnels, 2);
	run_until(&sim, sim.now + 300 * MS);
	sim.answer = false;
	run_until(&sim, sim.now + 100 * MS);
	step(&sim, &dr_up);
	events_text(&sim, &text);
	/* the routes and rules take their alive form at the first verdict
	 * (dc's route has no dead_metric, its rule goes while dead); the move
	 * is done when dr's CHILD_SA is up */
	ck_assert_str_eq(str(&text),
		"dc state 0>1 initial state alive, protocol ping\n"
		"dc routes 0>1 routes, rules and links in their alive form: "
		"1 routes, 1 rules, 0 links down\n"
		"dc state 1>2 state dead, protocol ping\n"
		"dc routes 0>2 routes, rules and links in their dead form: "
		"0 routes, 0 rules, 0 links down\n"
		" ha 0>5 HA track file value 5\n"
		"dc failover 0>0 failover dc -> dr, active path dr\n");
	lm_buf_free(&text);
	sim_free(&sim);
}
END_TEST

START_TEST(test_evlog_ring)
{
	lm_transition_t tr = { .type = LM_TR_STATE, .monitor = "a", .to = 2 };
	lm_evlog_t *log = lm_evlog_create(4);
	lm_buf_t buf = {};
	lm_evrec_t rec;
	int i;

	for (i = 0; i < 6; i++)
	{
		snprintf(tr.detail, sizeof(tr.detail), "event %d\nsecond line", i);
		tr.monitor = i == 5 ? "b" : "a";
		lm_evlog_add(log, &tr, 1800000000123456789LL + i);
	}
	/* 1 and 2 overwritten: one lost after 1; only a's and HA's events */
	lm_evlog_write(log, &buf, 1, "a");
	ck_assert_str_eq(str(&buf), "lost 1\n"
		"e 3 1800000000123456791 state 0 2 a event 2 second line\n"
		"e 4 1800000000123456792 state 0 2 a event 3 second line\n"
		"e 5 1800000000123456793 state 0 2 a event 4 second line\n"
		"next 7\n");
	ck_assert(lm_evlog_parse("e 3 1800000000123456791 state 0 2 a event 2",
							 &rec));
	ck_assert(!lm_evlog_parse("e 3 1 bogus 0 2 a x", &rec));
	ck_assert(!lm_evlog_parse("e x", &rec));
	lm_buf_free(&buf);
	lm_evlog_parse("e 3 1800000000123456791 state 1 2 a went dead", &rec);
	lm_evlog_json(&rec, &buf);
	ck_assert_str_eq(str(&buf), "{\"seq\":3,\"time\":"
		"\"2027-01-15T08:00:00.123Z\",\"timestamp\":1800000000.123,"
		"\"type\":\"state\",\"monitor\":\"a\",\"from\":\"alive\","
		"\"to\":\"dead\",\"detail\":\"went dead\"}\n");
	lm_buf_free(&buf);
	lm_evlog_destroy(log);
}
END_TEST

/**
 * All metrics, in parts of one monitor.
 */
static void metrics(sim_t *sim, bool openmetrics, lm_buf_t *buf)
{
	lm_metrics_t m;

	lm_metrics_begin(&m, buf, openmetrics, sim->now, 1800000000LL * S);
	while (!m.done)
	{
		lm_engine_metrics_part(sim->engine, &m, 1);
	}
}

START_TEST(test_history_with_first_round)
{
	lm_status_req_t req = {};
	lm_buf_t buf = {};
	sim_t sim;

	sim_init(&sim);
	reload(&sim, DC_DR, dc_tunnels, 2);
	/* loaded but not yet probed: no history allocated */
	req.json = true;
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(str(&buf), "\"monitors\":0,\"bytes\":0,"));
	lm_buf_free(&buf);
	ck_assert_int_eq(lm_engine_history(sim.engine, "dc", 0, sim.now,
									   sim.now, &buf), LM_MSG_FAILED);
	ck_assert_str_eq(str(&buf), "link-monitor 'dc' has no history yet: it "
					 "has not probed since it was loaded\n");
	lm_buf_free(&buf);
	/* the first round brings it, with the state the monitor is in */
	run_until(&sim, sim.now + 1 * S);
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	ck_assert_ptr_nonnull(strstr(str(&buf), "\"monitors\":1,\"bytes\":"));
	lm_buf_free(&buf);
	ck_assert_int_eq(lm_engine_history(sim.engine, "dc", 0, sim.now,
									   sim.now, &buf), LM_MSG_OK);
	lm_buf_free(&buf);
	sim_free(&sim);
}
END_TEST

START_TEST(test_history_and_metrics)
{
	lm_event_t dr_up = { .type = LM_EV_TUNNEL_UP, .tunnel = &dr_lan };
	lm_history_cfg_t cfg = lm_history_cfg_default();
	lm_status_req_t req = {};
	char expect[128];
	lm_histdata_t d;
	lm_buf_t buf = {};
	sim_t sim;
	int i;

	sim_init(&sim);
	ha_enable(&sim);
	reload(&sim, DC_DR, dc_tunnels, 2);
	run_until(&sim, sim.now + 10 * S);
	sim.answer = false;
	run_until(&sim, sim.now + 1 * S);
	step(&sim, &dr_up);
	ck_assert_int_eq(lm_engine_history(sim.engine, "dc", 0, sim.now,
									   sim.now, &buf), LM_MSG_OK);
	ck_assert_ptr_null(lm_histdata_parse(str(&buf), &d));
	ck_assert_str_eq(d.name, "dc");
	ck_assert_str_eq(d.servers[0], "10.0.0.135");
	ck_assert_int_eq(d.state, LM_STATE_DEAD);
	/* a closed 10 s bucket of 10 ms probes, the open one with the cut */
	ck_assert_int_ge(d.levels[0].count, 2);
	i = d.levels[0].count - 1;
	ck_assert(d.levels[0].rows[i].dead);
	ck_assert_uint_gt(d.levels[0].rows[i].servers[0].sent,
					  d.levels[0].rows[i].servers[0].received);
	ck_assert_uint_ge(d.levels[0].rows[i - 1].servers[0].received, 100);
	lm_histdata_free(&d);
	lm_buf_free(&buf);
	ck_assert_int_eq(lm_engine_history(sim.engine, "xx", 0, sim.now,
									   sim.now, &buf), LM_MSG_NOT_FOUND);
	lm_buf_free(&buf);
	/* status reports the histories' fixed memory */
	req.json = true;
	req.now_ns = sim.now;
	lm_engine_status(sim.engine, &req, &buf);
	snprintf(expect, sizeof(expect), "\"monitors\":1,\"bytes\":%zu,"
			 "\"bytes_per_monitor\":%zu}", lm_history_size(&cfg, 1),
			 lm_history_size(&cfg, 1));
	ck_assert_ptr_nonnull(strstr(str(&buf), expect));
	lm_buf_free(&buf);

	metrics(&sim, true, &buf);
	ck_assert_ptr_nonnull(strstr(str(&buf), "# TYPE linkmon_monitors gauge\n"
								 "# HELP linkmon_monitors Number of link "
								 "monitors.\nlinkmon_monitors 1\n"));
	ck_assert_ptr_nonnull(strstr(str(&buf), "linkmon_monitor_state{monitor="
								 "\"dc\",state=\"dead\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(str(&buf), "linkmon_monitor_active_path{"
								 "monitor=\"dc\",path=\"dr\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(str(&buf), "# TYPE linkmon_server_probes_sent"
								 " counter\n"));
	ck_assert_ptr_nonnull(strstr(str(&buf), "# UNIT linkmon_server_latency_"
								 "seconds seconds\n"));
	ck_assert_ptr_nonnull(strstr(str(&buf), "linkmon_server_loss_ratio{"
								 "monitor=\"dc\",server=\"10.0.0.135\"} 1\n"));
	ck_assert_ptr_nonnull(strstr(str(&buf), "linkmon_ha_penalty 5\n"));
	lm_buf_free(&buf);
	metrics(&sim, false, &buf);
	ck_assert_ptr_nonnull(strstr(str(&buf), "# TYPE linkmon_server_probes_"
								 "sent_total counter\n"));
	ck_assert_ptr_null(strstr(str(&buf), "# UNIT"));
	lm_buf_free(&buf);
	sim_free(&sim);
}
END_TEST

Suite *engine_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("lm_engine");
	tc = tcase_create("core");
	tcase_add_test(tc, test_no_verdict_on_one_probe);
	tcase_add_test(tc, test_dead_moves_everything);
	tcase_add_test(tc, test_reload_moves_rule);
	tcase_add_test(tc, test_interface_wait);
	tcase_add_test(tc, test_instances);
	tcase_add_test(tc, test_instance_routes);
	tcase_add_test(tc, test_reload_plan);
	tcase_add_test(tc, test_forged_reply);
	tcase_add_test(tc, test_kernel_rtt);
	tcase_add_test(tc, test_on_idle);
	tcase_add_test(tc, test_dead_action);
	tcase_add_test(tc, test_status_and_ha);
	tcase_add_test(tc, test_status_parts);
	tcase_add_test(tc, test_weights);
	tcase_add_test(tc, test_secondary);
	tcase_add_test(tc, test_mixed_protocols);
	tcase_add_test(tc, test_gateway);
	tcase_add_test(tc, test_events);
	tcase_add_test(tc, test_evlog_ring);
	tcase_add_test(tc, test_history_with_first_round);
	tcase_add_test(tc, test_history_and_metrics);
	suite_add_tcase(s, tc);
	return s;
}
