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

#include "link_monitor_reload.h"
#include "link_monitor_clock.h"
#include "link_monitor_config.h"

#include <malloc.h>

#include <daemon.h>

typedef struct private_link_monitor_reload_t private_link_monitor_reload_t;

/**
 * Private data of a link_monitor_reload_t object.
 */
struct private_link_monitor_reload_t {

	/**
	 * Public link_monitor_reload_t interface.
	 */
	link_monitor_reload_t public;

	/**
	 * Takes the configuration.
	 */
	link_monitor_scheduler_t *scheduler;

	/**
	 * Collects the installed CHILD_SAs.
	 */
	link_monitor_tunnels_t *tunnels;

	/**
	 * Where a rejected configuration is reported.
	 */
	link_monitor_errors_t *errors;
};

/**
 * Report a rejected configuration; the running monitors stay.
 */
static void rejected(private_link_monitor_reload_t *this, const char *file,
					 lm_buf_t *why)
{
	int count = this->scheduler->count(this->scheduler);

	DBG1(DBG_CFG, "link-monitor: configuration in %s rejected, keeping the "
		 "%d running monitors unchanged", file, count);
	if (count)
	{
		this->errors->set(this->errors, "config", "%s; running the %d "
						  "monitors of the last good configuration",
						  lm_buf_str(why), count);
	}
	else
	{
		this->errors->set(this->errors, "config", "%s; no monitors running",
						  lm_buf_str(why));
	}
}

METHOD(link_monitor_reload_t, reload, bool,
	private_link_monitor_reload_t *this, const char *file)
{
	link_monitor_tunnel_list_t list;
	lm_buf_t why = {};
	lm_event_t event = {
		.type = LM_EV_RELOAD,
		.reload = {
			.file = file,
		},
	};

	event.reload.config = link_monitor_config_load(file, &why);
	if (!event.reload.config)
	{
		rejected(this, file, &why);
		lm_buf_free(&why);
		return FALSE;
	}
	this->errors->clear(this->errors, "config");
	this->tunnels->collect(this->tunnels, &list);
	event.reload.tunnels = list.tunnels;
	event.reload.count = list.count;
	/* the time the configuration is ready: first probes are scheduled from
	 * it, not from when loading began */
	event.now_ns = link_monitor_now_ns();
	this->scheduler->step(this->scheduler, &event);
	this->tunnels->free_list(this->tunnels, &list);
	lm_config_destroy(event.reload.config);
	/* the parsed tree of thousands of monitors is freed now; hand the heap
	 * it leaves behind back instead of keeping it resident */
	malloc_trim(0);
	return TRUE;
}

METHOD(link_monitor_reload_t, destroy, void,
	private_link_monitor_reload_t *this)
{
	free(this);
}

/*
 * Described in header
 */
link_monitor_reload_t *link_monitor_reload_create(
										link_monitor_scheduler_t *scheduler,
										link_monitor_tunnels_t *tunnels,
										link_monitor_errors_t *errors)
{
	private_link_monitor_reload_t *this;

	INIT(this,
		.public = {
			.reload = _reload,
			.destroy = _destroy,
		},
		.scheduler = scheduler,
		.tunnels = tunnels,
		.errors = errors,
	);
	return &this->public;
}
