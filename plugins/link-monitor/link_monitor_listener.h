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
 * @defgroup link_monitor_listener link_monitor_listener
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_LISTENER_H_
#define LINK_MONITOR_LISTENER_H_

#include <bus/listeners/listener.h>

#include "link_monitor_manager.h"

typedef struct link_monitor_listener_t link_monitor_listener_t;

/**
 * Bus listener following IKE_SA and CHILD_SA state for the monitors.
 */
struct link_monitor_listener_t {

	/**
	 * Implements listener_t.
	 */
	listener_t listener;

	/**
	 * Destroy a link_monitor_listener_t.
	 */
	void (*destroy)(link_monitor_listener_t *this);
};

/**
 * Create a link_monitor_listener instance.
 *
 * @param manager	monitor manager to inform about SA changes
 * @return			listener
 */
link_monitor_listener_t *link_monitor_listener_create(
										link_monitor_manager_t *manager);

#endif /** LINK_MONITOR_LISTENER_H_ @}*/
