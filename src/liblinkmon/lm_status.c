/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_status.h"
#include "lm_bfdstat.h"

#include <stdio.h>
#include <string.h>

/**
 * Monitor-level counters: progress of the server closest to a transition.
 */
static void counters(const lm_monitor_t *mon, uint32_t *fail, uint32_t *rec)
{
	int i;

	*fail = *rec = 0;
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		if (mon->servers[i].fsm.fail_count > *fail)
		{
			*fail = mon->servers[i].fsm.fail_count;
		}
		if (mon->servers[i].fsm.recovery_count > *rec)
		{
			*rec = mon->servers[i].fsm.recovery_count;
		}
	}
}

/**
 * A server's weight and role, for its protocol line: nothing for a plain
 * server list.
 */
static void server_role(char *buf, size_t len, const lm_monitor_t *mon,
						int i)
{
	const lm_monitor_cfg_t *cfg = mon->cfg;

	buf[0] = '\0';
	if (i >= cfg->primary_count)
	{
		snprintf(buf, len, ", secondary%s", mon->secondary ? "" : " (resting)");
	}
	else if (cfg->server_cfg_count || cfg->fail_weight)
	{
		snprintf(buf, len, ", weight: %u",
				 lm_monitor_cfg_server(cfg, i)->weight);
	}
}

/**
 * The DNS query of a configuration probing with dns, as a line after indent.
 */
static void text_dns(lm_buf_t *buf, const char *indent,
					 const lm_monitor_cfg_t *cfg)
{
	if (cfg->protocol == LM_PROTO_DNS)
	{
		lm_buf_printf(buf, "%sDNS query: %s %s%s%s\n", indent,
					  lm_dns_type_name(cfg->dns_type), cfg->dns_name,
					  cfg->dns_match ? ", match: " : "", cfg->dns_match ?: "");
	}
}

/**
 * The DNS query of a configuration probing with dns, as an object "dns".
 */
static void json_dns(lm_json_t *json, const lm_monitor_cfg_t *cfg)
{
	if (cfg->protocol == LM_PROTO_DNS)
	{
		lm_json_object(json, "dns");
		lm_json_str(json, "name", cfg->dns_name);
		lm_json_str(json, "type", lm_dns_type_name(cfg->dns_type));
		lm_json_str(json, "match", cfg->dns_match);
		lm_json_end(json);
	}
}

/**
 * Check whether a configuration probes with HTTP.
 */
static bool is_http(const lm_monitor_cfg_t *cfg)
{
	return cfg->protocol == LM_PROTO_HTTP || cfg->protocol == LM_PROTO_HTTPS;
}

/**
 * The request and TLS settings of a configuration probing with http or
 * https, as lines after indent.
 */
static void text_http(lm_buf_t *buf, const char *indent,
					  const lm_monitor_cfg_t *cfg)
{
	if (!is_http(cfg))
	{
		return;
	}
	lm_buf_printf(buf, "%sHTTP: GET %s, Host: %s, Status codes: ", indent,
				  cfg->http_get, cfg->http_host ?: "server address");
	lm_http_status_fmt(buf, cfg->http_status, cfg->http_status_count);
	if (cfg->http_match)
	{
		lm_buf_printf(buf, ", Match: %s", cfg->http_match);
	}
	lm_buf_printf(buf, "\n");
	if (cfg->protocol == LM_PROTO_HTTPS)
	{
		lm_buf_printf(buf, "%sTLS: SNI: %s, Verify: %s", indent,
					  cfg->http_host ?: "none", cfg->tls_verify ? "yes" : "no");
		if (cfg->tls_verify)
		{
			lm_buf_printf(buf, " (CA %s)", cfg->tls_ca ?: "system store");
		}
		lm_buf_printf(buf, "\n");
	}
}

/**
 * The request and TLS settings of a configuration probing with http or
 * https, as an object "http".
 */
static void json_http(lm_json_t *json, const lm_monitor_cfg_t *cfg)
{
	lm_buf_t status = {};

	if (!is_http(cfg))
	{
		return;
	}
	lm_http_status_fmt(&status, cfg->http_status, cfg->http_status_count);
	lm_json_object(json, "http");
	lm_json_str(json, "get", cfg->http_get);
	lm_json_str(json, "host", cfg->http_host);
	lm_json_str(json, "status", lm_buf_str(&status));
	lm_json_str(json, "match", cfg->http_match);
	if (cfg->protocol == LM_PROTO_HTTPS)
	{
		lm_json_bool(json, "tls_verify", cfg->tls_verify);
	}
	else
	{
		lm_json_null(json, "tls_verify");
	}
	lm_json_str(json, "tls_ca", cfg->tls_ca);
	lm_json_end(json);
	lm_buf_free(&status);
}

static void text_server(lm_buf_t *buf, const lm_monitor_t *mon,
						const lm_server_t *srv)
{
	int i = srv - mon->servers;
	const lm_monitor_cfg_t *cfg = lm_monitor_cfg_server(mon->cfg, i);
	char addr[LM_ADDR_STRLEN], src[LM_ADDR_STRLEN], role[48];
	lm_summary_t s;

	server_role(role, sizeof(role), mon, i);
	lm_window_summary(&srv->window, cfg->mos_codec, &s);
	lm_addr_fmt(&srv->addr, addr);
	if (mon->cfg->gateways & (1U << i))
	{
		lm_buf_printf(buf, "  Peer: %s (default gateway of %s)\n",
					  srv->addr.family ? addr : "none yet", mon->cfg->interface);
	}
	else
	{
		lm_buf_printf(buf, "  Peer: %s\n", addr);
	}
	if (cfg->source.family)
	{
		lm_buf_printf(buf, "        Source IP(%s)\n", lm_addr_fmt(&cfg->source, src));
	}
	if (cfg->protocol == LM_PROTO_PING)
	{
		lm_buf_printf(buf, "        protocol: %s%s, state: %s\n",
					  lm_proto_name(cfg->protocol), role,
					  lm_state_name(srv->fsm.state));
	}
	else
	{
		lm_buf_printf(buf, "        protocol: %s, port: %u%s, state: %s\n",
					  lm_proto_name(cfg->protocol), cfg->port, role,
					  lm_state_name(srv->fsm.state));
	}
	if (i < mon->cfg->server_cfg_count)
	{
		/* a server's own query */
		text_dns(buf, "        ", cfg);
		text_http(buf, "        ", cfg);
	}
	if (cfg->protocol == LM_PROTO_BFD)
	{
		lm_bfdstat_text_server(buf, mon, srv);
		return;
	}
	if (s.received)
	{
		lm_buf_printf(buf, "                Latency(Min/Max/Avg): "
					  "%.3f/%.3f/%.3f ms\n",
					  s.latency_min, s.latency_max, s.latency_avg);
	}
	if (s.jitter_samples)
	{
		lm_buf_printf(buf, "                Jitter(Min/Max/Avg): "
					  "%.3f/%.3f/%.3f ms\n",
					  s.jitter_min, s.jitter_max, s.jitter_avg);
	}
	lm_buf_printf(buf, "                Packet lost: %.3f%% (last %d probes)\n",
				  s.loss_percent, s.samples);
	if (s.samples)
	{
		lm_buf_printf(buf, "                MOS: %.2f (%s)\n", s.mos,
					  lm_codec_name(cfg->mos_codec));
	}
	lm_buf_printf(buf, "                Number of out-of-sequence packets: %llu\n",
				  (unsigned long long)srv->out_of_sequence);
	if (srv->fsm.state == LM_STATE_DEAD)
	{
		lm_buf_printf(buf, "                Recovery times(%u/%u) Fail Times(%u/%u)\n",
					  srv->fsm.recovery_count, cfg->recoverytime,
					  srv->fsm.fail_count, cfg->failtime);
	}
	else
	{
		lm_buf_printf(buf, "                Fail Times(%u/%u)\n",
					  srv->fsm.fail_count, cfg->failtime);
	}
	lm_buf_printf(buf, "                Packet sent: %llu, received: %llu, "
				  "Sequence(sent/rcvd/exp): %u/%u/%u\n",
				  (unsigned long long)srv->sent,
				  (unsigned long long)srv->received,
				  (uint16_t)(srv->seq_next - 1), srv->seq_rcvd, srv->seq_exp);
}

/**
 * SLA state as pass/fail/init.
 */
static const char *sla_name(lm_state_t state)
{
	switch (state)
	{
		case LM_STATE_ALIVE:
			return "pass";
		case LM_STATE_DEAD:
			return "fail";
		default:
			return "init";
	}
}

static void text_sla(lm_buf_t *buf, const lm_monitor_t *mon)
{
	const lm_monitor_cfg_t *cfg = mon->cfg;

	lm_buf_printf(buf, "SLA: %s", sla_name(mon->sla_state));
	if (mon->sla_state == LM_STATE_DEAD)
	{
		lm_buf_printf(buf, " (%s)", mon->sla_reason ?: "");
	}
	lm_buf_printf(buf, ", thresholds:");
	if (cfg->latency_threshold_ms)
	{
		lm_buf_printf(buf, " latency %u ms", cfg->latency_threshold_ms);
	}
	if (cfg->jitter_threshold_ms)
	{
		lm_buf_printf(buf, " jitter %u ms", cfg->jitter_threshold_ms);
	}
	if (cfg->loss_threshold >= 0.0)
	{
		lm_buf_printf(buf, " loss %.1f%%", cfg->loss_threshold);
	}
	if (cfg->mos_threshold > 0.0)
	{
		lm_buf_printf(buf, " MOS %.2f", cfg->mos_threshold);
	}
	lm_buf_printf(buf, ", sla_action: %s\n", cfg->sla_action ? "yes" : "no");
}

static void text_monitor(lm_buf_t *buf, const lm_entry_t *entry,
						 uint64_t now_ns, const lm_status_extra_t *extra)
{
	const lm_monitor_t *mon = entry->mon;
	const lm_monitor_cfg_t *cfg = mon->cfg;
	char created[64];
	struct tm tm;
	int i;

	localtime_r(&mon->created, &tm);
	strftime(created, sizeof(created), "%a %b %e %H:%M:%S %Y", &tm);
	lm_buf_printf(buf, "Link Monitor: %s, Status: %s, Server num(%d), "
				  "Create time: %s\n", cfg->name, lm_state_name(mon->state),
				  cfg->server_count, created);
	lm_buf_printf(buf, "State since: %llu s ago, transitions: %llu\n",
				  (unsigned long long)((now_ns - mon->state_since_ns) /
									   1000000000ULL),
				  (unsigned long long)mon->transitions);
	if (cfg->connection)
	{
		lm_buf_printf(buf, "Tunnel: %s/%s, %s\n", cfg->connection,
					  cfg->child ?: "*",
					  mon->active && mon->tunnel ? mon->tunnel :
					  "not installed, not probing");
	}
	if (cfg->failover_count)
	{
		lm_buf_printf(buf, "Active path: %s (%s) since %llu s, failover:",
					  lm_failover_active(&entry->fo, cfg),
					  lm_failover_phase_name(entry->fo.phase),
					  (unsigned long long)((now_ns - entry->fo.since_ns) /
										   1000000000ULL));
		for (i = 0; i < cfg->failover_count; i++)
		{
			lm_buf_printf(buf, "%s %s%s%s", i ? "," : "",
						  cfg->failover[i].connection,
						  cfg->failover[i].child ? "/" : "",
						  cfg->failover[i].child ?: "");
		}
		lm_buf_printf(buf, "\n");
	}
	if (cfg->interface)
	{
		lm_buf_printf(buf, "Source interface: %s%s\n", cfg->interface,
					  entry->waiting ? " (does not exist, waiting for it)" : "");
	}
	if (cfg->server_cfg_count || cfg->fail_weight ||
		cfg->server_count > cfg->primary_count)
	{
		lm_buf_printf(buf, "Weight of dead servers: %u, dead at %u%s\n",
					  lm_monitor_dead_weight(mon),
					  cfg->fail_weight ?: lm_monitor_cfg_weight(cfg),
					  mon->secondary ? ", every primary dead: probing the "
					  "secondary servers" : "");
	}
	if (cfg->protocol == LM_PROTO_BFD)
	{
		lm_bfdstat_text_monitor(buf, cfg);
	}
	else
	{
		lm_buf_printf(buf, "Interval: %u ms, Probe timeout: %u ms, "
					  "Probe count: %u\n", cfg->interval_ms,
					  cfg->probe_timeout_ms, cfg->probe_count);
	}
	text_dns(buf, "", cfg);
	text_http(buf, "", cfg);
	if (cfg->on_idle)
	{
		lm_buf_printf(buf, "On idle: probe rounds saved by traffic: %llu\n",
					  (unsigned long long)mon->saved);
	}
	if (lm_monitor_cfg_has_sla(cfg))
	{
		text_sla(buf, mon);
	}
	lm_buf_printf(buf, "Diffservcode: %c%c%c%c%c%c, HA priority: %u\n",
				  cfg->dscp & 32 ? '1' : '0', cfg->dscp & 16 ? '1' : '0',
				  cfg->dscp & 8 ? '1' : '0', cfg->dscp & 4 ? '1' : '0',
				  cfg->dscp & 2 ? '1' : '0', cfg->dscp & 1 ? '1' : '0',
				  cfg->ha_priority);
	if (extra && extra->monitor)
	{
		extra->monitor(extra->data, buf, NULL, mon);
	}
	for (i = 0; i < cfg->server_count; i++)
	{
		text_server(buf, mon, &mon->servers[i]);
	}
}

static void json_minmaxavg(lm_json_t *json, const char *key, bool valid,
						   double min, double max, double avg)
{
	lm_json_object(json, key);
	if (valid)
	{
		lm_json_num(json, "min", 3, min);
		lm_json_num(json, "max", 3, max);
		lm_json_num(json, "avg", 3, avg);
	}
	else
	{
		lm_json_null(json, "min");
		lm_json_null(json, "max");
		lm_json_null(json, "avg");
	}
	lm_json_end(json);
}

/**
 * A server's protocol, port, weight and role.
 */
static void json_server_role(lm_json_t *json, const lm_monitor_t *mon, int i)
{
	const lm_monitor_cfg_t *cfg = lm_monitor_cfg_server(mon->cfg, i);

	lm_json_str(json, "protocol", lm_proto_name(cfg->protocol));
	lm_json_uint(json, "port", cfg->port);
	json_dns(json, cfg);
	json_http(json, cfg);
	lm_json_uint(json, "weight", cfg->weight);
	lm_json_bool(json, "secondary", i >= mon->cfg->primary_count);
	lm_json_str(json, "gateway_of", mon->cfg->gateways & (1U << i) ?
				mon->cfg->interface : NULL);
}

/**
 * A server's probe statistics.
 */
static void json_probes(lm_json_t *json, const lm_monitor_t *mon,
						const lm_server_t *srv)
{
	lm_summary_t s;

	lm_window_summary(&srv->window, mon->cfg->mos_codec, &s);
	json_minmaxavg(json, "latency_ms", s.received > 0, s.latency_min,
				   s.latency_max, s.latency_avg);
	json_minmaxavg(json, "jitter_ms", s.jitter_samples > 0, s.jitter_min,
				   s.jitter_max, s.jitter_avg);
	lm_json_num(json, "loss_percent", 3, s.loss_percent);
	if (s.samples)
	{
		lm_json_num(json, "mos", 2, s.mos);
	}
	else
	{
		lm_json_null(json, "mos");
	}
	lm_json_int(json, "samples", s.samples);
	lm_json_uint(json, "sent", srv->sent);
	lm_json_uint(json, "received", srv->received);
	lm_json_uint(json, "out_of_sequence", srv->out_of_sequence);
	lm_json_uint(json, "fail_count", srv->fsm.fail_count);
	lm_json_uint(json, "recovery_count", srv->fsm.recovery_count);
	lm_json_uint(json, "seq_sent", (uint16_t)(srv->seq_next - 1));
	lm_json_uint(json, "seq_rcvd", srv->seq_rcvd);
	lm_json_uint(json, "seq_exp", srv->seq_exp);
}

static void json_server(lm_json_t *json, const lm_monitor_t *mon,
						const lm_server_t *srv)
{
	char addr[LM_ADDR_STRLEN];

	lm_json_object(json, NULL);
	lm_json_str(json, "address", srv->addr.family ?
				lm_addr_fmt(&srv->addr, addr) : NULL);
	lm_json_str(json, "state", lm_state_name(srv->fsm.state));
	if (lm_monitor_cfg_server(mon->cfg, srv - mon->servers)->protocol ==
		LM_PROTO_BFD)
	{
		lm_bfdstat_json_server(json, srv);
	}
	else
	{
		json_probes(json, mon, srv);
	}
	json_server_role(json, mon, srv - mon->servers);
	lm_json_end(json);
}

/**
 * The monitor's SLA and failover path, null without.
 */
static void json_sla_path(lm_json_t *json, const lm_entry_t *entry,
						  uint64_t now_ns)
{
	const lm_monitor_t *mon = entry->mon;
	const lm_monitor_cfg_t *cfg = mon->cfg;

	if (lm_monitor_cfg_has_sla(cfg))
	{
		lm_json_object(json, "sla");
		lm_json_str(json, "state", sla_name(mon->sla_state));
		lm_json_str(json, "reason", mon->sla_state == LM_STATE_DEAD ?
					mon->sla_reason ?: "" : NULL);
		lm_json_bool(json, "action", cfg->sla_action);
		lm_json_end(json);
	}
	else
	{
		lm_json_null(json, "sla");
	}
	if (cfg->failover_count)
	{
		lm_json_object(json, "path");
		lm_json_str(json, "active", lm_failover_active(&entry->fo, cfg));
		lm_json_str(json, "phase", lm_failover_phase_name(entry->fo.phase));
		lm_json_num(json, "since_s", 3, (now_ns - entry->fo.since_ns) / 1e9);
		lm_json_str(json, "primary", cfg->connection);
		lm_json_end(json);
	}
	else
	{
		lm_json_null(json, "path");
	}
}

/**
 * The monitor's settings and counters.
 */
static void json_settings(lm_json_t *json, const lm_monitor_t *mon,
						  uint64_t now_ns)
{
	const lm_monitor_cfg_t *cfg = mon->cfg;
	uint32_t fail, rec;

	counters(mon, &fail, &rec);
	lm_json_uint(json, "port", cfg->port);
	json_dns(json, cfg);
	json_http(json, cfg);
	lm_json_uint(json, "interval_ms", cfg->interval_ms);
	lm_json_uint(json, "probe_timeout_ms", cfg->probe_timeout_ms);
	lm_json_uint(json, "failtime", cfg->failtime);
	lm_json_uint(json, "recoverytime", cfg->recoverytime);
	lm_json_uint(json, "probe_count", cfg->probe_count);
	lm_json_uint(json, "ha_priority", cfg->ha_priority);
	lm_json_uint(json, "diffservcode", cfg->dscp);
	lm_json_uint(json, "fail_count", fail);
	lm_json_uint(json, "recovery_count", rec);
	lm_json_uint(json, "transitions", mon->transitions);
	lm_json_uint(json, "saved", mon->saved);
	lm_json_num(json, "state_since_s", 3, (now_ns - mon->state_since_ns) / 1e9);
	lm_json_int(json, "created", mon->created);
	lm_json_uint(json, "mark", cfg->mark);
	lm_json_uint(json, "dead_weight", lm_monitor_dead_weight(mon));
	lm_json_uint(json, "fail_weight",
				 cfg->fail_weight ?: lm_monitor_cfg_weight(cfg));
	lm_json_bool(json, "secondary_probing", mon->secondary);
}

static void json_monitor(lm_json_t *json, const lm_entry_t *entry,
						 uint64_t now_ns, const lm_status_extra_t *extra)
{
	const lm_monitor_t *mon = entry->mon;
	const lm_monitor_cfg_t *cfg = mon->cfg;
	char src[LM_ADDR_STRLEN];
	int i;

	lm_json_object(json, NULL);
	lm_json_str(json, "name", cfg->name);
	lm_json_str(json, "state", lm_state_name(mon->state));
	lm_json_str(json, "protocol", lm_proto_name(cfg->protocol));
	lm_json_str(json, "connection", cfg->connection);
	lm_json_str(json, "child", cfg->child);
	lm_json_str(json, "source", cfg->source.family ?
				lm_addr_fmt(&cfg->source, src) : NULL);
	lm_json_str(json, "interface", cfg->interface);
	lm_json_bool(json, "waiting_for_interface", entry->waiting);
	lm_json_str(json, "effective_state", lm_state_name(entry->effective));
	json_sla_path(json, entry, now_ns);
	lm_json_bool(json, "probing", mon->active && cfg->enabled);
	lm_json_str(json, "tunnel", mon->active && cfg->connection ?
				mon->tunnel : NULL);
	json_settings(json, mon, now_ns);
	lm_bfdstat_json_monitor(json, cfg);
	if (extra && extra->monitor)
	{
		extra->monitor(extra->data, json->buf, json, mon);
	}
	lm_json_array(json, "servers");
	for (i = 0; i < cfg->server_count; i++)
	{
		json_server(json, mon, &mon->servers[i]);
	}
	lm_json_end(json);
	lm_json_end(json);
}

void lm_status_begin(lm_status_stream_t *stream, lm_buf_t *buf, bool json,
					 uint64_t now_ns, const lm_status_extra_t *extra)
{
	*stream = (lm_status_stream_t){
		.buf = buf,
		.json = json,
		.now_ns = now_ns,
		.extra = extra,
	};
	if (json)
	{
		lm_json_init(&stream->writer, buf);
		lm_json_object(&stream->writer, NULL);
		lm_json_array(&stream->writer, "monitors");
	}
}

void lm_status_add(lm_status_stream_t *stream, const lm_entry_t *entry)
{
	if (stream->json)
	{
		json_monitor(&stream->writer, entry, stream->now_ns, stream->extra);
	}
	else
	{
		if (stream->count)
		{
			lm_buf_printf(stream->buf, "\n");
		}
		text_monitor(stream->buf, entry, stream->now_ns, stream->extra);
	}
	stream->count++;
}

void lm_status_end(lm_status_stream_t *stream)
{
	const lm_status_extra_t *extra = stream->extra;

	if (!stream->json)
	{
		if (!stream->count)
		{
			lm_buf_printf(stream->buf, "no link monitors configured\n");
		}
		return;
	}
	lm_json_end(&stream->writer);
	if (extra && extra->top)
	{
		extra->top(extra->data, &stream->writer);
	}
	lm_json_end(&stream->writer);
	lm_buf_printf(stream->buf, "\n");
}

void lm_status_render(lm_buf_t *buf, lm_entry_t *const *entries, int count,
					  bool json, uint64_t now_ns,
					  const lm_status_extra_t *extra)
{
	lm_status_stream_t stream;
	int i;

	lm_status_begin(&stream, buf, json, now_ns, extra);
	for (i = 0; i < count; i++)
	{
		lm_status_add(&stream, entries[i]);
	}
	lm_status_end(&stream);
}
