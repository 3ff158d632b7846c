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
 * @defgroup link_monitor_gateways link_monitor_gateways
 * @{ @ingroup link_monitor
 *
 * Follows the default gateway of the interfaces whose gateway monitors
 * probe (`server = %gateway`): looks it up in the main routing table when
 * the monitors are loaded and every few seconds after, and tells the
 * decision core when it changes (a DHCP or PPP renewal, the link gone).
 */

#ifndef LINK_MONITOR_GATEWAYS_H_
#define LINK_MONITOR_GATEWAYS_H_

#include "link_monitor_netlink.h"
#include "link_monitor_scheduler.h"

typedef struct link_monitor_gateways_t link_monitor_gateways_t;

/**
 * Follows default gateways.
 */
struct link_monitor_gateways_t {

	/**
	 * Look the gateways up now (after a reload: new monitors learn theirs)
	 * and from then on every few seconds.
	 */
	void (*refresh)(link_monitor_gateways_t *this);

	/**
	 * Destroy a link_monitor_gateways_t.
	 */
	void (*destroy)(link_monitor_gateways_t *this);
};

/**
 * Create a link_monitor_gateways instance.
 *
 * @param scheduler	lists the interfaces, takes the gateways
 * @param netlink	NETLINK_ROUTE socket, shared, outlives the instance
 * @return			gateway follower, NULL without a netlink socket
 */
link_monitor_gateways_t *link_monitor_gateways_create(
										link_monitor_scheduler_t *scheduler,
										link_monitor_netlink_t *netlink);

#endif /** LINK_MONITOR_GATEWAYS_H_ @}*/
