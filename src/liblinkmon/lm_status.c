/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_status.h"

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

static void text_server(lm_buf_t *buf, const lm_monitor_t *mon,
						const lm_server_t *srv)
{
	const lm_monitor_cfg_t *cfg = mon->cfg;
	char addr[LM_ADDR_STRLEN], src[LM_ADDR_STRLEN];
	lm_summary_t s;

	lm_window_summary(&srv->window, cfg->mos_codec, &s);
	lm_addr_fmt(&srv->addr, addr);
	lm_buf_printf(buf, "  Peer: %s\n", addr);
	if (cfg->source.family)
	{
		lm_buf_printf(buf, "        Source IP(%s)\n", lm_addr_fmt(&cfg->source, src));
	}
	if (cfg->protocol == LM_PROTO_PING)
	{
		lm_buf_printf(buf, "        protocol: %s, state: %s\n",
					  lm_proto_name(cfg->protocol),
					  lm_state_name(srv->fsm.state));
	}
	else
	{
		lm_buf_printf(buf, "        protocol: %s, port: %u, state: %s\n",
					  lm_proto_name(cfg->protocol), cfg->port,
					  lm_state_name(srv->fsm.state));
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

static void text_monitor(lm_buf_t *buf, const lm_monitor_t *mon,
						 uint64_t now_ns, lm_status_extra_t extra, void *data)
{
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
					  lm_failover_active(&mon->fo, cfg),
					  lm_failover_phase_name(mon->fo.phase),
					  (unsigned long long)((now_ns - mon->fo.since_ns) /
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
		lm_buf_printf(buf, "Source interface: %s\n", cfg->interface);
	}
	lm_buf_printf(buf, "Interval: %u ms, Probe timeout: %u ms, "
				  "Probe count: %u\n", cfg->interval_ms, cfg->probe_timeout_ms,
				  cfg->probe_count);
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
	if (extra)
	{
		extra(data, buf, mon, false);
	}
	for (i = 0; i < cfg->server_count; i++)
	{
		text_server(buf, mon, &mon->servers[i]);
	}
}

static void json_opt_str(lm_buf_t *buf, const char *key, const char *value)
{
	lm_buf_printf(buf, "\"%s\":", key);
	if (value)
	{
		lm_buf_json_str(buf, value);
	}
	else
	{
		lm_buf_printf(buf, "null");
	}
}

static void json_minmaxavg(lm_buf_t *buf, const char *key, bool valid,
						   double min, double max, double avg)
{
	if (valid)
	{
		lm_buf_printf(buf, "\"%s\":{\"min\":%.3f,\"max\":%.3f,\"avg\":%.3f}",
					  key, min, max, avg);
	}
	else
	{
		lm_buf_printf(buf, "\"%s\":{\"min\":null,\"max\":null,\"avg\":null}",
					  key);
	}
}

static void json_server(lm_buf_t *buf, const lm_monitor_t *mon,
						const lm_server_t *srv)
{
	char addr[LM_ADDR_STRLEN];
	lm_summary_t s;

	lm_window_summary(&srv->window, mon->cfg->mos_codec, &s);
	lm_buf_printf(buf, "{\"address\":\"%s\",\"state\":\"%s\",",
				  lm_addr_fmt(&srv->addr, addr), lm_state_name(srv->fsm.state));
	json_minmaxavg(buf, "latency_ms", s.received > 0, s.latency_min,
				   s.latency_max, s.latency_avg);
	lm_buf_printf(buf, ",");
	json_minmaxavg(buf, "jitter_ms", s.jitter_samples > 0, s.jitter_min,
				   s.jitter_max, s.jitter_avg);
	lm_buf_printf(buf, ",\"loss_percent\":%.3f,", s.loss_percent);
	if (s.samples)
	{
		lm_buf_printf(buf, "\"mos\":%.2f,", s.mos);
	}
	else
	{
		lm_buf_printf(buf, "\"mos\":null,");
	}
	lm_buf_printf(buf, "\"samples\":%d,\"sent\":%llu,\"received\":%llu,"
				  "\"out_of_sequence\":%llu,\"fail_count\":%u,"
				  "\"recovery_count\":%u,\"seq_sent\":%u,\"seq_rcvd\":%u,"
				  "\"seq_exp\":%u}", s.samples,
				  (unsigned long long)srv->sent,
				  (unsigned long long)srv->received,
				  (unsigned long long)srv->out_of_sequence,
				  srv->fsm.fail_count, srv->fsm.recovery_count,
				  (uint16_t)(srv->seq_next - 1), srv->seq_rcvd, srv->seq_exp);
}

static void json_monitor(lm_buf_t *buf, const lm_monitor_t *mon,
						 uint64_t now_ns, lm_status_extra_t extra, void *data)
{
	const lm_monitor_cfg_t *cfg = mon->cfg;
	char src[LM_ADDR_STRLEN];
	uint32_t fail, rec;
	int i;

	counters(mon, &fail, &rec);
	lm_buf_printf(buf, "{\"name\":");
	lm_buf_json_str(buf, cfg->name);
	lm_buf_printf(buf, ",\"state\":\"%s\",\"protocol\":\"%s\",",
				  lm_state_name(mon->state), lm_proto_name(cfg->protocol));
	json_opt_str(buf, "connection", cfg->connection);
	lm_buf_printf(buf, ",");
	json_opt_str(buf, "child", cfg->child);
	lm_buf_printf(buf, ",");
	json_opt_str(buf, "source", cfg->source.family ?
				 lm_addr_fmt(&cfg->source, src) : NULL);
	lm_buf_printf(buf, ",");
	json_opt_str(buf, "interface", cfg->interface);
	lm_buf_printf(buf, ",\"effective_state\":\"%s\",",
				  lm_state_name(mon->effective));
	if (lm_monitor_cfg_has_sla(cfg))
	{
		lm_buf_printf(buf, "\"sla\":{\"state\":\"%s\",\"reason\":",
					  sla_name(mon->sla_state));
		if (mon->sla_state == LM_STATE_DEAD)
		{
			lm_buf_json_str(buf, mon->sla_reason ?: "");
		}
		else
		{
			lm_buf_printf(buf, "null");
		}
		lm_buf_printf(buf, ",\"action\":%s},", cfg->sla_action ? "true" : "false");
	}
	else
	{
		lm_buf_printf(buf, "\"sla\":null,");
	}
	if (cfg->failover_count)
	{
		lm_buf_printf(buf, "\"path\":{\"active\":");
		lm_buf_json_str(buf, lm_failover_active(&mon->fo, cfg));
		lm_buf_printf(buf, ",\"phase\":\"%s\",\"since_s\":%.3f,"
					  "\"primary\":", lm_failover_phase_name(mon->fo.phase),
					  (now_ns - mon->fo.since_ns) / 1e9);
		lm_buf_json_str(buf, cfg->connection);
		lm_buf_printf(buf, "},");
	}
	else
	{
		lm_buf_printf(buf, "\"path\":null,");
	}
	lm_buf_printf(buf, "\"probing\":%s,", mon->active && cfg->enabled ?
				  "true" : "false");
	json_opt_str(buf, "tunnel", mon->active && cfg->connection ?
				 mon->tunnel : NULL);
	lm_buf_printf(buf, ",\"port\":%u,\"interval_ms\":%u,"
				  "\"probe_timeout_ms\":%u,\"failtime\":%u,"
				  "\"recoverytime\":%u,\"probe_count\":%u,\"ha_priority\":%u,"
				  "\"diffservcode\":%u,\"fail_count\":%u,\"recovery_count\":%u,"
				  "\"transitions\":%llu,\"saved\":%llu,\"state_since_s\":%.3f,"
				  "\"created\":%lld,",
				  cfg->port, cfg->interval_ms, cfg->probe_timeout_ms,
				  cfg->failtime, cfg->recoverytime, cfg->probe_count,
				  cfg->ha_priority, cfg->dscp, fail, rec,
				  (unsigned long long)mon->transitions,
				  (unsigned long long)mon->saved,
				  (now_ns - mon->state_since_ns) / 1e9,
				  (long long)mon->created);
	if (extra)
	{
		extra(data, buf, mon, true);
	}
	lm_buf_printf(buf, "\"servers\":[");
	for (i = 0; i < cfg->server_count; i++)
	{
		if (i)
		{
			lm_buf_printf(buf, ",");
		}
		json_server(buf, mon, &mon->servers[i]);
	}
	lm_buf_printf(buf, "]}");
}

void lm_status_render(lm_buf_t *buf, lm_monitor_t **mons, int count,
					  bool json, uint64_t now_ns, lm_status_extra_t extra,
					  void *data, const char *json_top)
{
	int i;

	if (json)
	{
		lm_buf_printf(buf, "{\"monitors\":[");
		for (i = 0; i < count; i++)
		{
			if (i)
			{
				lm_buf_printf(buf, ",");
			}
			json_monitor(buf, mons[i], now_ns, extra, data);
		}
		lm_buf_printf(buf, "]%s%s}\n", json_top ? "," : "", json_top ?: "");
		return;
	}
	if (!count)
	{
		lm_buf_printf(buf, "no link monitors configured\n");
		return;
	}
	for (i = 0; i < count; i++)
	{
		if (i)
		{
			lm_buf_printf(buf, "\n");
		}
		text_monitor(buf, mons[i], now_ns, extra, data);
	}
}
