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
 * @defgroup link_monitor_dispatch link_monitor_dispatch
 * @{ @ingroup link_monitor
 *
 * Carries out what the decision core decided, apart from probes and
 * traffic checks (link_monitor_scheduler): logs its lines, hands commands
 * to the controller's executor, route wants to the route owner, hooks to
 * the updown runner and the HA value to the track file writer. Everything
 * is queued; nothing here waits for charon, the kernel or a hook.
 */

#ifndef LINK_MONITOR_DISPATCH_H_
#define LINK_MONITOR_DISPATCH_H_

#include "link_monitor_actions.h"
#include "link_monitor_events.h"
#include "link_monitor_ha.h"
#include "link_monitor_routes.h"
#include "link_monitor_updown.h"

#include <lm_out.h>

typedef struct link_monitor_dispatch_t link_monitor_dispatch_t;

/**
 * Carries out outputs of the decision core.
 */
struct link_monitor_dispatch_t {

	/**
	 * Carry out an output (its probes and traffic checks excepted), in
	 * order.
	 */
	void (*run)(link_monitor_dispatch_t *this, lm_out_t *out);

	/**
	 * Destroy a link_monitor_dispatch_t.
	 */
	void (*destroy)(link_monitor_dispatch_t *this);
};

/**
 * Create a link_monitor_dispatch instance.
 *
 * @param actions	runs controller commands
 * @param routes	owns routes and links, NULL without netlink
 * @param updown	runs hooks
 * @param ha		writes the HA track file
 * @param events	keeps the transitions, NULL for none
 * @return			dispatcher
 */
link_monitor_dispatch_t *link_monitor_dispatch_create(
							link_monitor_actions_t *actions,
							link_monitor_routes_t *routes,
							link_monitor_updown_t *updown,
							link_monitor_ha_t *ha,
							link_monitor_events_t *events);

#endif /** LINK_MONITOR_DISPATCH_H_ @}*/
