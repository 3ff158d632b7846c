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
 * @defgroup link_monitor_socket link_monitor_socket
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_SOCKET_H_
#define LINK_MONITOR_SOCKET_H_

#include "link_monitor_events.h"
#include "link_monitor_ha.h"
#include "link_monitor_scheduler.h"
#include "link_monitor_status.h"

typedef struct link_monitor_socket_t link_monitor_socket_t;

/**
 * Reload the monitors (and the options they depend on).
 *
 * @return			TRUE if loaded, FALSE if rejected
 */
typedef bool (*link_monitor_reload_cb_t)(void *data);

/**
 * Control socket answering linkmon requests (see lm_msg.h).
 */
struct link_monitor_socket_t {

	/**
	 * Destroy a link_monitor_socket_t.
	 */
	void (*destroy)(link_monitor_socket_t *this);
};

/**
 * Create a link_monitor_socket instance.
 *
 * @param uri		URI to listen on
 * @param group		group allowed to use it (mode 0660), NULL for 0600
 * @param status	answers status requests
 * @param ha		parses HA roles
 * @param scheduler	takes HA roles, writes histories and metrics
 * @param events	the event log, NULL if none
 * @param reload	reloads the monitors
 * @param data		data passed to reload
 * @return			socket, NULL if it could not be created
 */
link_monitor_socket_t *link_monitor_socket_create(const char *uri,
										const char *group,
										link_monitor_status_t *status,
										link_monitor_ha_t *ha,
										link_monitor_scheduler_t *scheduler,
										link_monitor_events_t *events,
										link_monitor_reload_cb_t reload,
										void *data);

#endif /** LINK_MONITOR_SOCKET_H_ @}*/
