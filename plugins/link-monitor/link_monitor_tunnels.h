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

/**
 * @defgroup link_monitor_tunnels link_monitor_tunnels
 * @{ @ingroup link_monitor
 *
 * The tunnels monitors probe through: a bus listener turning CHILD_SA
 * events into events of the decision core (which binds monitors and creates
 * %remote instances), and the installed CHILD_SAs for a reload.
 */

#ifndef LINK_MONITOR_TUNNELS_H_
#define LINK_MONITOR_TUNNELS_H_

#include <bus/listeners/listener.h>

#include "link_monitor_scheduler.h"

typedef struct link_monitor_tunnels_t link_monitor_tunnels_t;

/**
 * The installed CHILD_SAs, collected.
 */
typedef struct {
	/** the CHILD_SAs, names allocated */
	lm_tunnel_t *tunnels;
	/** number of CHILD_SAs */
	int count;
} link_monitor_tunnel_list_t;

/**
 * Follows CHILD_SAs for the monitors.
 */
struct link_monitor_tunnels_t {

	/**
	 * Implements listener_t.
	 */
	listener_t listener;

	/**
	 * Collect the installed CHILD_SAs; call without locks held.
	 *
	 * @param list		receives them, free with free_list()
	 */
	void (*collect)(link_monitor_tunnels_t *this,
					link_monitor_tunnel_list_t *list);

	/**
	 * Free a list of CHILD_SAs.
	 */
	void (*free_list)(link_monitor_tunnels_t *this,
					  link_monitor_tunnel_list_t *list);

	/**
	 * Destroy a link_monitor_tunnels_t.
	 */
	void (*destroy)(link_monitor_tunnels_t *this);
};

/**
 * Create a link_monitor_tunnels instance, on charon's main thread.
 *
 * @param scheduler		takes the events
 * @return				tunnel listener
 */
link_monitor_tunnels_t *link_monitor_tunnels_create(
										link_monitor_scheduler_t *scheduler);

#endif /** LINK_MONITOR_TUNNELS_H_ @}*/
