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
 * @defgroup link_monitor_links link_monitor_links
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_LINKS_H_
#define LINK_MONITOR_LINKS_H_

#include "link_monitor_netlink.h"

typedef struct link_monitor_links_t link_monitor_links_t;

/**
 * Owner of the links the plugin sets down (cascade interfaces).
 *
 * Owners wanting the same link down share it; it is set up again when the
 * last one drops it. The kernel removes the routes via a link that goes
 * down. Failed operations are retried by reconcile().
 */
struct link_monitor_links_t {

	/**
	 * Set the links of an owner that must be down.
	 *
	 * Links no owner lists anymore are set up again. Blocks only on the
	 * kernel's netlink ACKs.
	 *
	 * @param owner		owner, e.g. a monitor name (copied)
	 * @param ifnames	interface names (copied), NULL if count is 0
	 * @param count		number of names, 0 to restore all of the owner
	 */
	void (*set_down)(link_monitor_links_t *this, const char *owner,
					 char **ifnames, int count);

	/**
	 * Retry what failed: set links down that owners want down and links up
	 * that nobody wants down anymore.
	 */
	void (*reconcile)(link_monitor_links_t *this);

	/**
	 * Set every link we set down up again, then destroy.
	 */
	void (*destroy)(link_monitor_links_t *this);
};

/**
 * Create a link_monitor_links_t.
 *
 * @param netlink	NETLINK_ROUTE socket, used until destroy()
 * @return			instance
 */
link_monitor_links_t *link_monitor_links_create(
										link_monitor_netlink_t *netlink);

#endif /** LINK_MONITOR_LINKS_H_ @}*/
