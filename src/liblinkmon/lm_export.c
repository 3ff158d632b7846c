/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * The decision core's state for the world outside: a monitor's history and
 * the metrics of all monitors.
 */

#include "lm_engine_priv.h"

#include <string.h>

/**
 * Find a monitor by name.
 */
static lm_entry_t *find(lm_engine_t *this, const char *name)
{
	int i;

	for (i = 0; i < this->count; i++)
	{
		if (strcmp(this->entries[i]->mon->cfg->name, name) == 0)
		{
			return this->entries[i];
		}
	}
	return NULL;
}

lm_msg_result_t lm_engine_history(lm_engine_t *this, const char *name,
								  int64_t since, uint64_t now_ns,
								  int64_t wall_ns, lm_buf_t *buf)
{
	lm_entry_t *entry = find(this, name);
	const lm_monitor_cfg_t *cfg;
	char addr[LM_ADDR_STRLEN];
	int i;

	if (!entry)
	{
		lm_buf_printf(buf, "link-monitor '%s' not found\n", name);
		return LM_MSG_NOT_FOUND;
	}
	if (!entry->mon->history)
	{
		if (lm_history_cfg_enabled(&this->history))
		{
			lm_buf_printf(buf, "link-monitor '%s' has no history yet: it has "
						  "not probed since it was loaded\n", name);
		}
		else
		{
			lm_buf_printf(buf, "link-monitor '%s' keeps no history (see "
						  "charon.plugins.link-monitor.history)\n", name);
		}
		return LM_MSG_FAILED;
	}
	cfg = entry->mon->cfg;
	lm_buf_printf(buf, "monitor %s %d %d\nnow %lld\n", cfg->name,
				  entry->mon->state, cfg->mos_codec,
				  (long long)(wall_ns / 1000000000LL));
	for (i = 0; i < cfg->server_count; i++)
	{
		lm_buf_printf(buf, "server %d %s %s\n", i,
					  lm_addr_fmt(&entry->mon->servers[i].addr, addr),
					  lm_proto_name(lm_monitor_cfg_server(cfg, i)->protocol));
	}
	lm_history_write(entry->mon->history, buf, since, now_ns, wall_ns);
	return LM_MSG_OK;
}

void lm_engine_metrics_part(lm_engine_t *this, lm_metrics_t *m, int max)
{
	lm_metrics_global_t global = {
		.monitors = this->count,
		.ha = this->ha_enabled,
		.ha_penalty = this->ha.penalty,
		.ha_value = this->ha.value,
	};

	lm_metrics_part(m, this->entries, this->count, &global, max);
}
