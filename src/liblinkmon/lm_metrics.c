/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_metrics.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/**
 * Renders a family's samples of a monitor.
 */
typedef void (*samples_t)(lm_metrics_t *m, const lm_entry_t *e,
						  const char *name);

/**
 * A metric family.
 */
typedef struct {
	/** name, without _total for counters */
	const char *name;
	/** "gauge" or "counter" */
	const char *type;
	/** OpenMetrics unit, NULL for none */
	const char *unit;
	/** HELP text */
	const char *help;
	/** samples per monitor, NULL for a global family */
	samples_t samples;
} family_t;

/**
 * A label value, escaped.
 */
static void label(lm_buf_t *buf, const char *key, const char *value, bool more)
{
	lm_buf_printf(buf, "%s=\"", key);
	for (; *value; value++)
	{
		if (*value == '\\' || *value == '"')
		{
			lm_buf_printf(buf, "\\%c", *value);
		}
		else if (*value == '\n')
		{
			lm_buf_printf(buf, "\\n");
		}
		else
		{
			lm_buf_append(buf, value, 1);
		}
	}
	lm_buf_printf(buf, "\"%s", more ? "," : "");
}

/**
 * A sample of a monitor: NAME{monitor="..."[,KEY="VALUE"]} VALUE.
 */
static void mon_sample(lm_metrics_t *m, const char *name, const lm_entry_t *e,
					   const char *key, const char *value, double v)
{
	lm_buf_printf(m->buf, "%s{", name);
	label(m->buf, "monitor", e->mon->cfg->name, key != NULL);
	if (key)
	{
		label(m->buf, key, value, false);
	}
	lm_buf_printf(m->buf, "} %.9g\n", v);
}

/**
 * A sample of a server: NAME{monitor="...",server="..."[,KEY="VALUE"]}.
 */
static void srv_sample(lm_metrics_t *m, const char *name, const lm_entry_t *e,
					   int i, const char *key, const char *value, double v)
{
	char addr[LM_ADDR_STRLEN];

	lm_buf_printf(m->buf, "%s{", name);
	label(m->buf, "monitor", e->mon->cfg->name, true);
	label(m->buf, "server", lm_addr_fmt(&e->mon->servers[i].addr, addr),
		  key != NULL);
	if (key)
	{
		label(m->buf, key, value, false);
	}
	lm_buf_printf(m->buf, "} %.9g\n", v);
}

static void mon_state(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	lm_state_t s;

	for (s = LM_STATE_INIT; s <= LM_STATE_DISABLED; s++)
	{
		mon_sample(m, name, e, "state", lm_state_name(s), e->mon->state == s);
	}
}

static void mon_transitions(lm_metrics_t *m, const lm_entry_t *e,
							const char *name)
{
	mon_sample(m, name, e, NULL, NULL, e->mon->transitions);
}

static void mon_changed(lm_metrics_t *m, const lm_entry_t *e,
						const char *name)
{
	double ago = (m->now_ns - e->mon->state_since_ns) / 1e9;

	mon_sample(m, name, e, NULL, NULL, m->wall_ns / 1e9 - ago);
}

static void mon_probing(lm_metrics_t *m, const lm_entry_t *e,
						const char *name)
{
	mon_sample(m, name, e, NULL, NULL, e->mon->active && e->mon->cfg->enabled);
}

static void mon_path(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	const lm_monitor_cfg_t *cfg = e->mon->cfg;
	const char *active;
	int i;

	if (!cfg->failover_count || !cfg->connection)
	{
		return;
	}
	active = lm_failover_active(&e->fo, cfg);
	mon_sample(m, name, e, "path", cfg->connection,
			   strcmp(active, cfg->connection) == 0);
	for (i = 0; i < cfg->failover_count; i++)
	{
		mon_sample(m, name, e, "path", cfg->failover[i].connection,
				   strcmp(active, cfg->failover[i].connection) == 0);
	}
}

static void srv_state(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	lm_state_t s;
	int i;

	for (i = 0; i < e->mon->cfg->server_count; i++)
	{
		for (s = LM_STATE_INIT; s <= LM_STATE_DISABLED; s++)
		{
			srv_sample(m, name, e, i, "state", lm_state_name(s),
					   e->mon->servers[i].fsm.state == s);
		}
	}
}

/**
 * Which statistic of the window a family shows.
 */
typedef enum {
	LAT_AVG, LAT_MIN, LAT_MAX, JITTER, LOSS, MOS,
} stat_t;

/**
 * A statistic of every server's window; none without the samples it needs.
 */
static void srv_stat(lm_metrics_t *m, const lm_entry_t *e, const char *name,
					 stat_t stat)
{
	lm_summary_t s;
	double v;
	int i;

	for (i = 0; i < e->mon->cfg->server_count; i++)
	{
		lm_window_summary(&e->mon->servers[i].window,
						  e->mon->cfg->mos_codec, &s);
		switch (stat)
		{
			case LAT_AVG:
			case LAT_MIN:
			case LAT_MAX:
				if (!s.received)
				{
					continue;
				}
				v = (stat == LAT_AVG ? s.latency_avg : stat == LAT_MIN ?
					 s.latency_min : s.latency_max) / 1e3;
				break;
			case JITTER:
				if (!s.jitter_samples)
				{
					continue;
				}
				v = s.jitter_avg / 1e3;
				break;
			case LOSS:
			case MOS:
			default:
				if (!s.samples)
				{
					continue;
				}
				v = stat == LOSS ? s.loss_percent / 100.0 : s.mos;
				break;
		}
		srv_sample(m, name, e, i, NULL, NULL, v);
	}
}

static void srv_lat(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	srv_stat(m, e, name, LAT_AVG);
}

static void srv_lat_min(lm_metrics_t *m, const lm_entry_t *e,
						const char *name)
{
	srv_stat(m, e, name, LAT_MIN);
}

static void srv_lat_max(lm_metrics_t *m, const lm_entry_t *e,
						const char *name)
{
	srv_stat(m, e, name, LAT_MAX);
}

static void srv_jitter(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	srv_stat(m, e, name, JITTER);
}

static void srv_loss(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	srv_stat(m, e, name, LOSS);
}

static void srv_mos(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	srv_stat(m, e, name, MOS);
}

/**
 * A counter of every server.
 */
static void srv_count(lm_metrics_t *m, const lm_entry_t *e, const char *name,
					  size_t offset)
{
	int i;

	for (i = 0; i < e->mon->cfg->server_count; i++)
	{
		srv_sample(m, name, e, i, NULL, NULL,
				   *(uint64_t*)((char*)&e->mon->servers[i] + offset));
	}
}

static void srv_sent(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	srv_count(m, e, name, offsetof(lm_server_t, sent));
}

static void srv_received(lm_metrics_t *m, const lm_entry_t *e,
						 const char *name)
{
	srv_count(m, e, name, offsetof(lm_server_t, received));
}

static void srv_oos(lm_metrics_t *m, const lm_entry_t *e, const char *name)
{
	srv_count(m, e, name, offsetof(lm_server_t, out_of_sequence));
}

/**
 * The families, in order.
 */
static const family_t families[] = {
	{ "linkmon_monitors", "gauge", NULL,
	  "Number of link monitors", NULL },
	{ "linkmon_monitor_state", "gauge", NULL,
	  "State of a link monitor: 1 for the current one", mon_state },
	{ "linkmon_monitor_transitions", "counter", NULL,
	  "State changes of a link monitor", mon_transitions },
	{ "linkmon_monitor_last_change_timestamp_seconds", "gauge", "seconds",
	  "Time of the last state change (or start) of a link monitor",
	  mon_changed },
	{ "linkmon_monitor_probing", "gauge", NULL,
	  "1 while a link monitor probes (its tunnel is up, it is enabled)",
	  mon_probing },
	{ "linkmon_monitor_active_path", "gauge", NULL,
	  "1 for the connection carrying a monitored path's traffic", mon_path },
	{ "linkmon_server_state", "gauge", NULL,
	  "State of a probed server: 1 for the current one", srv_state },
	{ "linkmon_server_latency_seconds", "gauge", "seconds",
	  "Average round trip time over the last probe_count probes", srv_lat },
	{ "linkmon_server_latency_min_seconds", "gauge", "seconds",
	  "Shortest round trip time over the last probe_count probes",
	  srv_lat_min },
	{ "linkmon_server_latency_max_seconds", "gauge", "seconds",
	  "Longest round trip time over the last probe_count probes",
	  srv_lat_max },
	{ "linkmon_server_jitter_seconds", "gauge", "seconds",
	  "Average difference of consecutive round trip times", srv_jitter },
	{ "linkmon_server_loss_ratio", "gauge", NULL,
	  "Lost probes over the last probe_count probes, 0 to 1", srv_loss },
	{ "linkmon_server_mos", "gauge", NULL,
	  "Mean opinion score (simplified E-model), 1 to 4.5", srv_mos },
	{ "linkmon_server_probes_sent", "counter", NULL,
	  "Probes sent to a server", srv_sent },
	{ "linkmon_server_probes_received", "counter", NULL,
	  "Replies received in time from a server", srv_received },
	{ "linkmon_server_out_of_sequence", "counter", NULL,
	  "Late, duplicate or reordered replies from a server", srv_oos },
	{ "linkmon_ha_penalty", "gauge", NULL,
	  "HA penalty: the ha_priority of the dead monitors", NULL },
	{ "linkmon_ha_track_value", "gauge", NULL,
	  "Value in keepalived's track file", NULL },
};

void lm_metrics_begin(lm_metrics_t *m, lm_buf_t *buf, bool openmetrics,
					  uint64_t now_ns, int64_t wall_ns)
{
	*m = (lm_metrics_t){
		.buf = buf,
		.openmetrics = openmetrics,
		.now_ns = now_ns,
		.wall_ns = wall_ns,
	};
}

/**
 * A family's TYPE, UNIT and HELP lines.
 */
static void header(lm_metrics_t *m, const family_t *f)
{
	const char *total = strcmp(f->type, "counter") || m->openmetrics ?
						"" : "_total";

	lm_buf_printf(m->buf, "# TYPE %s%s %s\n", f->name, total, f->type);
	if (f->unit && m->openmetrics)
	{
		lm_buf_printf(m->buf, "# UNIT %s %s\n", f->name, f->unit);
	}
	lm_buf_printf(m->buf, "# HELP %s%s %s.\n", f->name, total, f->help);
}

/**
 * A global family's sample.
 */
static void global_sample(lm_metrics_t *m, const family_t *f,
						  const lm_metrics_global_t *g)
{
	if (strcmp(f->name, "linkmon_monitors") == 0)
	{
		header(m, f);
		lm_buf_printf(m->buf, "%s %d\n", f->name, g->monitors);
	}
	else if (g->ha)
	{
		header(m, f);
		lm_buf_printf(m->buf, "%s %u\n", f->name,
					  strcmp(f->name, "linkmon_ha_penalty") == 0 ?
					  g->ha_penalty : g->ha_value);
	}
}

void lm_metrics_part(lm_metrics_t *m, lm_entry_t *const *entries, int count,
					 const lm_metrics_global_t *global, int max)
{
	const int nfamilies = sizeof(families) / sizeof(families[0]);
	const family_t *f;
	char name[96];

	while (max > 0 && m->family < nfamilies)
	{
		f = &families[m->family];
		if (!f->samples)
		{
			global_sample(m, f, global);
			m->family++;
			continue;
		}
		if (m->pos == 0)
		{
			header(m, f);
		}
		snprintf(name, sizeof(name), "%s%s", f->name,
				 strcmp(f->type, "counter") ? "" : "_total");
		for (; max > 0 && m->pos < count; max--)
		{
			f->samples(m, entries[m->pos++], name);
		}
		if (m->pos >= count)
		{
			m->family++;
			m->pos = 0;
		}
	}
	m->done = m->family >= nfamilies;
}
