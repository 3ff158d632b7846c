/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_entry.h"
#include "lm_updown.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

lm_entry_t *lm_entry_create(lm_monitor_cfg_t *cfg, uint16_t ident,
							uint32_t token, time_t created, uint64_t now_ns)
{
	lm_entry_t *entry;

	entry = calloc(1, sizeof(*entry));
	if (!entry)
	{
		lm_monitor_cfg_destroy(cfg);
		return NULL;
	}
	entry->mon = lm_monitor_create(cfg, ident, token, created, now_ns);
	if (!entry->mon)
	{
		free(entry);
		return NULL;
	}
	entry->effective = entry->mon->state;
	lm_heap_entry_init(&entry->timer);
	return entry;
}

lm_entry_t *lm_entry_from_timer(lm_heap_entry_t *timer)
{
	return (lm_entry_t*)((char*)timer - offsetof(lm_entry_t, timer));
}

bool lm_entry_has_routes(const lm_entry_t *entry)
{
	const lm_monitor_cfg_t *cfg = entry->mon->cfg;

	return cfg->route_count || cfg->rule_count || cfg->cascade_count ||
		   cfg->gateway.family;
}

/**
 * Add host routes to a WAN monitor's servers via its gateway: it keeps
 * probing out of its uplink whatever the routing table says.
 */
static void want_server_routes(const lm_monitor_cfg_t *cfg, lm_want_t *want)
{
	lm_route_t *route;
	int i;

	for (i = 0; i < cfg->server_count; i++)
	{
		if (!cfg->servers[i].family)
		{
			continue;
		}
		route = &want->routes[want->count++];
		*route = (lm_route_t){
			.dst = cfg->servers[i],
			.prefixlen = cfg->servers[i].family == AF_INET ? 32 : 128,
			.gateway = cfg->gateway,
			.table = LM_RT_TABLE_MAIN,
		};
		if (cfg->interface)
		{
			snprintf(route->ifname, sizeof(route->ifname), "%s",
					 cfg->interface);
		}
	}
}

/**
 * Add a route to a want, if there is room.
 *
 * @return			FALSE if it did not fit
 */
static bool add_route(lm_want_t *want, const lm_route_t *route)
{
	if (want->count == LM_WANT_ROUTES)
	{
		return false;
	}
	want->routes[want->count++] = *route;
	return true;
}

/**
 * Add a route to a destination of the tunnel, unless it has none or one of
 * another family than the route's gateway.
 *
 * @return			FALSE if left out
 */
static bool add_to(lm_want_t *want, lm_route_t route, const lm_addr_t *dst,
				   uint8_t len)
{
	if (!dst->family ||
		(route.gateway.family && route.gateway.family != dst->family))
	{
		return false;
	}
	route.dst = *dst;
	route.prefixlen = len;
	return add_route(want, &route);
}

/**
 * Add the routes of one route configuration in a state; a template's take
 * their destination from the instance's tunnel.
 *
 * @return			number of destinations left out
 */
static int want_route(const lm_entry_t *entry, const lm_route_cfg_t *rc,
					  bool dead, lm_want_t *want)
{
	lm_route_t route = rc->route;
	int i, left = 0;

	/* before its first verdict a monitor's routes have their alive form:
	 * nothing is known against the path */
	if (dead && !rc->has_dead_metric)
	{
		return 0;
	}
	if (dead)
	{
		route.metric = rc->dead_metric;
	}
	switch (rc->dst)
	{
		case LM_ROUTE_DST_PREFIX:
			return !add_route(want, &route);
		case LM_ROUTE_DST_REMOTE:
			return !add_to(want, route, &entry->remote,
						   entry->remote.family == AF_INET ? 32 : 128);
		case LM_ROUTE_DST_REMOTE_TS:
			for (i = 0; i < entry->nremote_ts; i++)
			{
				left += !add_to(want, route, &entry->remote_ts[i].addr,
								entry->remote_ts[i].len);
			}
			return entry->nremote_ts ? left : 1;
	}
	return 0;
}

const lm_want_t *lm_entry_want(const lm_entry_t *entry, lm_out_t *out)
{
	const lm_monitor_cfg_t *cfg = entry->mon->cfg;
	bool dead = entry->effective == LM_STATE_DEAD;
	lm_want_t *want;
	int i;

	want = lm_out_want(out, cfg->name);
	if (!want)
	{
		return NULL;
	}
	for (i = 0; i < cfg->route_count; i++)
	{
		want_route(entry, &cfg->routes[i], dead, want);
	}
	if (cfg->gateway.family)
	{
		want_server_routes(cfg, want);
	}
	/* like routes: in place before the first verdict, gone while dead */
	for (i = 0; !dead && i < cfg->rule_count; i++)
	{
		want->rules[want->nrules++] = cfg->rules[i].rule;
	}
	for (i = 0; dead && i < cfg->cascade_count; i++)
	{
		want->links[want->nlinks++] = cfg->cascade[i];
	}
	return want;
}

void lm_entry_unwant(const lm_entry_t *entry, lm_out_t *out)
{
	if (lm_entry_has_routes(entry))
	{
		lm_out_want(out, entry->mon->cfg->name);
	}
}

bool lm_entry_set_tunnel(lm_entry_t *entry, const lm_prefix_t *ts, int count,
						 const lm_addr_t *remote, lm_out_t *out)
{
	const lm_monitor_cfg_t *cfg = entry->mon->cfg;
	lm_want_t want = {};
	int i, left = 0;

	free(entry->remote_ts);
	entry->remote_ts = NULL;
	entry->nremote_ts = 0;
	if (count > 0)
	{
		entry->remote_ts = malloc(count * sizeof(*ts));
		if (!entry->remote_ts)
		{
			return false;
		}
		memcpy(entry->remote_ts, ts, count * sizeof(*ts));
		entry->nremote_ts = count;
	}
	entry->remote = *remote;
	for (i = 0; i < cfg->route_count; i++)
	{
		left += want_route(entry, &cfg->routes[i], false, &want);
	}
	if (left)
	{
		lm_out_log(out, LM_LOG_KNL, 1, "link-monitor '%s': %d route "
				   "destinations of the tunnel left out (none, another family "
				   "than the route's gateway, or more than %d routes)",
				   cfg->name, left, LM_WANT_ROUTES);
	}
	return true;
}

void lm_entry_hook(const lm_entry_t *entry, lm_out_t *out, const char *event,
				   lm_state_t old, const char *action)
{
	const lm_monitor_cfg_t *cfg = entry->mon->cfg;
	lm_updown_event_t ev = {
		.event = event,
		.old_state = old,
		.action = action,
		.active_path = cfg->failover_count ?
					lm_failover_active(&entry->fo, cfg) : cfg->connection,
	};
	char **env;

	if (!cfg->updown)
	{
		return;
	}
	env = lm_updown_env(entry->mon, &ev);
	if (!env)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': out of memory "
				   "running updown", cfg->name);
		return;
	}
	lm_out_hook(out, cfg->name, cfg->updown, env);
}

bool lm_entry_cfg_binds(const lm_monitor_cfg_t *cfg, const char *ike,
						const char *child)
{
	const char *probe = lm_monitor_cfg_probe_child(cfg);

	return cfg->connection && strcmp(cfg->connection, ike) == 0 &&
		   (!probe || strcmp(probe, child) == 0);
}

void lm_entry_destroy(lm_entry_t *entry)
{
	if (entry)
	{
		lm_monitor_destroy(entry->mon);
		free(entry->remote_ts);
		free(entry->tmpl);
		free(entry);
	}
}
