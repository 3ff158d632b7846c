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
 * @defgroup link_monitor_routes link_monitor_routes
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_ROUTES_H_
#define LINK_MONITOR_ROUTES_H_

#include <library.h>

#include <lm_out.h>
#include <lm_route.h>

#include "link_monitor_netlink.h"
#include "link_monitor_rules.h"

typedef struct link_monitor_routes_t link_monitor_routes_t;
typedef struct link_monitor_route_state_t link_monitor_route_state_t;

/**
 * State of a route an owner wants, for status output.
 */
struct link_monitor_route_state_t {

	/**
	 * The route, normalized as the kernel reports it (host bits of the
	 * destination cleared, table 0 is 254, IPv6 metric 0 is 1024).
	 */
	lm_route_t route;

	/**
	 * TRUE if the route is installed.
	 */
	bool installed;

	/**
	 * errno of the last failure to install it, 0 if none.
	 */
	int error;
};

/**
 * Owner of the routes (protocol LM_RTPROT) and, through link_monitor_rules_t
 * and link_monitor_links_t, of the rules and links the plugin changes.
 *
 * Routes are installed exclusively (NLM_F_EXCL): a route of another protocol
 * with the same table, destination and metric is never replaced, installing
 * ours fails with EEXIST and is retried. Owners wanting an identical route
 * share it; it is removed when the last one drops it. A metric change is
 * remove+add (new routes are added first), a gateway change of the same
 * table/destination/metric is done in place. Failed operations are retried
 * every 2 seconds; routes and rules removed by someone else are
 * re-installed.
 */
struct link_monitor_routes_t {

	/**
	 * Queue the routes, rules and down links an owner wants now: a job
	 * brings the kernel there, blocking only on the kernel's netlink ACKs
	 * (at most about 1 s each); wants of an owner queued before the job ran
	 * are replaced, the latest one wins. Links no owner lists anymore are
	 * set up again; the kernel removes the routes via a link that goes
	 * down. Routes are applied first, then rules, then links.
	 *
	 * @param want		the owner and what it wants (copied); a route's
	 *					ifname is resolved at install time; no routes, rules
	 *					or links remove or restore all of the owner's
	 */
	void (*want)(link_monitor_routes_t *this, const lm_want_t *want);

	/**
	 * Get the routes an owner wants and their state, for status output.
	 *
	 * @param owner		owner
	 * @param routes	receives an allocated array (free() it), NULL if none
	 * @return			number of routes
	 */
	int (*get_routes)(link_monitor_routes_t *this, const char *owner,
					  link_monitor_route_state_t **routes);

	/**
	 * Get the rules an owner wants and their state, for status output.
	 *
	 * @param owner		owner
	 * @param rules		receives an allocated array (free() it), NULL if none
	 * @return			number of rules
	 */
	int (*get_rules)(link_monitor_routes_t *this, const char *owner,
					 link_monitor_rule_state_t **rules);

	/**
	 * Remove every route and rule installed and set links up again, then
	 * destroy.
	 */
	void (*destroy)(link_monitor_routes_t *this);
};

/**
 * Create a link_monitor_routes instance.
 *
 * Removes stale routes of protocol LM_RTPROT in all tables and stale rules
 * of that protocol (left by a crashed run).
 *
 * @param netlink	NETLINK_ROUTE socket, shared, outlives the instance
 * @return			instance
 */
link_monitor_routes_t *link_monitor_routes_create(
										link_monitor_netlink_t *netlink);

#endif /** LINK_MONITOR_ROUTES_H_ @}*/
