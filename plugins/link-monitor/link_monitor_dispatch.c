/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

#include "link_monitor_dispatch.h"

#include <daemon.h>

typedef struct private_link_monitor_dispatch_t private_link_monitor_dispatch_t;

/**
 * Private data of a link_monitor_dispatch_t object.
 */
struct private_link_monitor_dispatch_t {

	/**
	 * Public link_monitor_dispatch_t interface.
	 */
	link_monitor_dispatch_t public;

	/**
	 * Runs controller commands.
	 */
	link_monitor_actions_t *actions;

	/**
	 * Owns routes and links, NULL without netlink.
	 */
	link_monitor_routes_t *routes;

	/**
	 * Runs hooks.
	 */
	link_monitor_updown_t *updown;

	/**
	 * Writes the HA track file.
	 */
	link_monitor_ha_t *ha;

	/**
	 * Keeps the transitions.
	 */
	link_monitor_events_t *events;
};

/**
 * strongSwan's log group of a line.
 */
static debug_t group(lm_log_group_t group)
{
	switch (group)
	{
		case LM_LOG_IKE:
			return DBG_IKE;
		case LM_LOG_CHD:
			return DBG_CHD;
		case LM_LOG_KNL:
			return DBG_KNL;
		case LM_LOG_CFG:
		default:
			return DBG_CFG;
	}
}

/**
 * Log a line at its level.
 */
static void log_line(lm_log_t *log)
{
	switch (log->level)
	{
		case 1:
			DBG1(group(log->group), "%s", log->msg);
			break;
		case 2:
			DBG2(group(log->group), "%s", log->msg);
			break;
		case 3:
			DBG3(group(log->group), "%s", log->msg);
			break;
		default:
			DBG4(group(log->group), "%s", log->msg);
			break;
	}
}

/**
 * Log the reply that was counted.
 */
static void log_trace(lm_trace_t *trace)
{
	char addr[LM_ADDR_STRLEN];

	DBG3(DBG_CFG, "link-monitor '%s': reply seq %u from %s, rtt %llu ns",
		 trace->monitor, trace->seq, lm_addr_fmt(&trace->from, addr),
		 (unsigned long long)trace->rtt_ns);
}

METHOD(link_monitor_dispatch_t, run, void,
	private_link_monitor_dispatch_t *this, lm_out_t *out)
{
	int i;

	for (i = 0; i < out->nlogs; i++)
	{
		log_line(&out->logs[i]);
	}
	if (out->trace.valid)
	{
		log_trace(&out->trace);
	}
	for (i = 0; i < out->ncmds; i++)
	{
		this->actions->queue(this->actions, out->cmds[i].monitor,
							 out->cmds[i].cmds, out->cmds[i].count);
	}
	for (i = 0; this->routes && i < out->nwants; i++)
	{
		this->routes->want(this->routes, &out->wants[i]);
	}
	for (i = 0; i < out->nhooks; i++)
	{
		this->updown->run(this->updown, out->hooks[i].path,
						  out->hooks[i].env, out->hooks[i].monitor);
	}
	if (out->ha_write)
	{
		this->ha->write(this->ha, out->ha_value);
	}
	if (this->events)
	{
		this->events->add(this->events, out);
	}
	if (out->failed)
	{
		DBG1(DBG_CFG, "link-monitor: out of memory, an action was dropped");
	}
}

METHOD(link_monitor_dispatch_t, destroy, void,
	private_link_monitor_dispatch_t *this)
{
	free(this);
}

/*
 * Described in header
 */
link_monitor_dispatch_t *link_monitor_dispatch_create(
							link_monitor_actions_t *actions,
							link_monitor_routes_t *routes,
							link_monitor_updown_t *updown,
							link_monitor_ha_t *ha,
							link_monitor_events_t *events)
{
	private_link_monitor_dispatch_t *this;

	INIT(this,
		.public = {
			.run = _run,
			.destroy = _destroy,
		},
		.actions = actions,
		.routes = routes,
		.updown = updown,
		.ha = ha,
		.events = events,
	);
	return &this->public;
}
