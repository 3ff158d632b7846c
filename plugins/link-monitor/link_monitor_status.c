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

#include "link_monitor_status.h"
#include "link_monitor_clock.h"

#include <daemon.h>

typedef struct private_link_monitor_status_t private_link_monitor_status_t;

/**
 * Private data of a link_monitor_status_t object.
 */
struct private_link_monitor_status_t {

	/**
	 * Public link_monitor_status_t interface.
	 */
	link_monitor_status_t public;

	/**
	 * Renders the monitors.
	 */
	link_monitor_scheduler_t *scheduler;

	/**
	 * What fails.
	 */
	link_monitor_errors_t *errors;

	/**
	 * Route owner, NULL without netlink.
	 */
	link_monitor_routes_t *routes;

	/**
	 * HA track file.
	 */
	link_monitor_ha_t *ha;
};

/**
 * A request in progress.
 */
typedef struct {
	/** the renderer */
	private_link_monitor_status_t *this;
	/** failures reported */
	uint64_t errors;
} request_t;

/**
 * What fails, as text lines first.
 */
static void head(request_t *req, lm_buf_t *buf)
{
	req->errors = req->this->errors->status(req->this->errors, buf, NULL);
}

/**
 * What fails, as the JSON member "errors".
 */
static void top(request_t *req, lm_json_t *json)
{
	req->errors = req->this->errors->status(req->this->errors, NULL, json);
}

/**
 * One route of a monitor.
 */
static void route_line(lm_buf_t *buf, lm_json_t *json,
					   link_monitor_route_state_t *state)
{
	const char *error = state->error ? strerror(state->error) : NULL;
	char route[256];

	lm_route_fmt(&state->route, route, sizeof(route));
	if (json)
	{
		lm_json_object(json, NULL);
		lm_json_str(json, "route", route);
		lm_json_bool(json, "installed", state->installed);
		lm_json_str(json, "error", error);
		lm_json_end(json);
	}
	else
	{
		lm_buf_printf(buf, "Route: %s proto %d, %s%s%s\n", route, LM_RTPROT,
					  state->installed ? "installed" : "not installed",
					  error ? ": " : "", error ?: "");
	}
}

/**
 * One rule of a monitor.
 */
static void rule_line(lm_buf_t *buf, lm_json_t *json,
					  link_monitor_rule_state_t *state)
{
	const char *error = state->error ? strerror(state->error) : NULL;
	char rule[256];

	lm_rule_fmt(&state->rule, rule, sizeof(rule));
	if (json)
	{
		lm_json_object(json, NULL);
		lm_json_str(json, "rule", rule);
		lm_json_bool(json, "installed", state->installed);
		lm_json_str(json, "error", error);
		lm_json_end(json);
	}
	else
	{
		lm_buf_printf(buf, "Rule: %s proto %d, %s%s%s\n", rule, LM_RTPROT,
					  state->installed ? "installed" : "not installed",
					  error ? ": " : "", error ?: "");
	}
}

/**
 * The routes of a monitor: text lines, or a "routes" member.
 */
static void routes(private_link_monitor_status_t *this, lm_buf_t *buf,
				   lm_json_t *json, const lm_monitor_t *mon)
{
	link_monitor_route_state_t *states = NULL;
	int i, count = 0;

	/* most monitors own no route: spare them the route owner's lock */
	if (mon->cfg->route_count || mon->cfg->gateway.family)
	{
		count = this->routes->get_routes(this->routes, mon->cfg->name,
										 &states);
	}
	if (json)
	{
		lm_json_array(json, "routes");
	}
	for (i = 0; i < count; i++)
	{
		route_line(buf, json, &states[i]);
	}
	if (json)
	{
		lm_json_end(json);
	}
	free(states);
}

/**
 * The rules of a monitor: text lines, or a "rules" member.
 */
static void rules(private_link_monitor_status_t *this, lm_buf_t *buf,
				  lm_json_t *json, const lm_monitor_t *mon)
{
	link_monitor_rule_state_t *states = NULL;
	int i, count = 0;

	if (mon->cfg->rule_count)
	{
		count = this->routes->get_rules(this->routes, mon->cfg->name,
										&states);
	}
	if (json)
	{
		lm_json_array(json, "rules");
	}
	for (i = 0; i < count; i++)
	{
		rule_line(buf, json, &states[i]);
	}
	if (json)
	{
		lm_json_end(json);
	}
	free(states);
}

/**
 * The routes and rules of a monitor: text lines, or "routes" and "rules"
 * members.
 */
static void monitor(request_t *req, lm_buf_t *buf, lm_json_t *json,
					const lm_monitor_t *mon)
{
	private_link_monitor_status_t *this = req->this;

	if (this->routes)
	{
		routes(this, buf, json, mon);
		rules(this, buf, json, mon);
	}
}

METHOD(link_monitor_status_t, render, lm_msg_result_t,
	private_link_monitor_status_t *this, const char *name, bool json,
	lm_buf_t *buf)
{
	request_t ctx = {
		.this = this,
	};
	lm_status_extra_t extra = {
		.head = (void*)head,
		.monitor = (void*)monitor,
		.top = (void*)top,
		.data = &ctx,
	};
	lm_status_req_t req = {
		.name = name,
		.json = json,
		.now_ns = link_monitor_now_ns(),
		.track_file = this->ha->get_track_file(this->ha),
		.extra = &extra,
	};
	lm_msg_result_t result;

	result = this->scheduler->status(this->scheduler, &req, buf);
	free((char*)req.track_file);
	if (result == LM_MSG_OK && ctx.errors)
	{
		result = LM_MSG_DEGRADED;
	}
	return result;
}

METHOD(link_monitor_status_t, destroy, void,
	private_link_monitor_status_t *this)
{
	free(this);
}

/*
 * Described in header
 */
link_monitor_status_t *link_monitor_status_create(
										link_monitor_scheduler_t *scheduler,
										link_monitor_errors_t *errors,
										link_monitor_routes_t *routes,
										link_monitor_ha_t *ha)
{
	private_link_monitor_status_t *this;

	INIT(this,
		.public = {
			.render = _render,
			.destroy = _destroy,
		},
		.scheduler = scheduler,
		.errors = errors,
		.routes = routes,
		.ha = ha,
	);
	return &this->public;
}
