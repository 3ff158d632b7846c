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
 * @defgroup link_monitor_netlink link_monitor_netlink
 * @{ @ingroup link_monitor
 *
 * The NETLINK_ROUTE socket (libmnl) through which the plugin changes routes,
 * rules and links: every request waits for the kernel's ACK
 * (NETLINK_TIMEOUT, about 1 s at most), dumps list the routes or rules of
 * protocol LM_RTPROT. The messages are built and parsed by lm_nlroute and
 * lm_nlrule; requests of several threads are serialized.
 */

#ifndef LINK_MONITOR_NETLINK_H_
#define LINK_MONITOR_NETLINK_H_

#include <library.h>
#include <collections/array.h>

#include <lm_nlroute.h>
#include <lm_nlrule.h>

typedef struct link_monitor_netlink_t link_monitor_netlink_t;
typedef struct link_monitor_kroute_t link_monitor_kroute_t;

/**
 * A route of ours in the kernel, with its output interface.
 */
struct link_monitor_kroute_t {

	/**
	 * The route, normalized (lm_nlroute_normalize()); first, so a
	 * link_monitor_kroute_t is also its lm_route_t. Its ifname is empty in
	 * dumps, which carry the interface index only.
	 */
	lm_route_t route;

	/**
	 * Output interface index, 0 if none.
	 */
	int ifindex;
};

/**
 * The NETLINK_ROUTE socket.
 */
struct link_monitor_netlink_t {

	/**
	 * Add, replace or delete a route of ours and wait for the ACK.
	 *
	 * @param op		operation
	 * @param route		route, its ifname is not used
	 * @param ifindex	output interface index, 0 for none
	 * @return			0, or an errno value
	 */
	int (*route_op)(link_monitor_netlink_t *this, lm_nlroute_op_t op,
					const lm_route_t *route, int ifindex);

	/**
	 * Add or delete a rule of ours and wait for the ACK.
	 *
	 * @param op		operation
	 * @param rule		rule, normalized
	 * @return			0, or an errno value
	 */
	int (*rule_op)(link_monitor_netlink_t *this, lm_nlrule_op_t op,
				   const lm_rule_t *rule);

	/**
	 * List the rules of ours of both families; a dump interrupted by
	 * concurrent changes is repeated, a few times.
	 *
	 * @param found		receives an array of lm_rule_t, normalized (free it
	 *					with array_destroy()), only on success
	 * @return			0, or an errno value
	 */
	int (*dump_rules)(link_monitor_netlink_t *this, array_t **found);

	/**
	 * Set a link up or down and wait for the ACK.
	 *
	 * @param ifindex	interface index
	 * @param up		TRUE to set it up, FALSE for down
	 * @return			0, or an errno value
	 */
	int (*link_op)(link_monitor_netlink_t *this, int ifindex, bool up);

	/**
	 * List the routes of ours in all tables; a dump interrupted by
	 * concurrent changes is repeated, a few times.
	 *
	 * @param found		receives an array of link_monitor_kroute_t (free it
	 *					with array_destroy()), only on success
	 * @return			0, or an errno value
	 */
	int (*dump)(link_monitor_netlink_t *this, array_t **found);

	/**
	 * Check if a route of ours is in the kernel, e.g. after EEXIST.
	 *
	 * @param route		route, normalized, its ifname is ignored
	 * @param ifindex	the interface it was installed with, 0 for any
	 * @return			TRUE if found, FALSE if not or if the dump failed
	 */
	bool (*has_route)(link_monitor_netlink_t *this, const lm_route_t *route,
					  int ifindex);

	/**
	 * Get the default gateway of an interface: of the main table's default
	 * route via it with the lowest metric, IPv4 before IPv6.
	 *
	 * @param ifindex	interface index
	 * @param gw		receives the gateway, family 0 if there is none
	 * @return			0, or an errno value
	 */
	int (*gateway)(link_monitor_netlink_t *this, int ifindex, lm_addr_t *gw);

	/**
	 * Close the socket and destroy.
	 */
	void (*destroy)(link_monitor_netlink_t *this);
};

/**
 * Check if a route of ours is in a dump.
 *
 * @param found		array of link_monitor_kroute_t, from dump()
 * @param route		route, normalized, its ifname is ignored
 * @param ifindex	the interface it was installed with, 0 if the kernel
 *					picked one (then any matches)
 * @return			TRUE if found
 */
bool link_monitor_netlink_in_dump(array_t *found, const lm_route_t *route,
								  int ifindex);

/**
 * Open the NETLINK_ROUTE socket.
 *
 * @return			instance, NULL if the socket failed (logged)
 */
link_monitor_netlink_t *link_monitor_netlink_create();

#endif /** LINK_MONITOR_NETLINK_H_ @}*/
