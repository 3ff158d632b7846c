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
 * @defgroup link_monitor_rules link_monitor_rules
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_RULES_H_
#define LINK_MONITOR_RULES_H_

#include "link_monitor_netlink.h"

typedef struct link_monitor_rules_t link_monitor_rules_t;
typedef struct link_monitor_rule_state_t link_monitor_rule_state_t;

/**
 * State of a rule an owner wants, for status output.
 */
struct link_monitor_rule_state_t {

	/**
	 * The rule, normalized.
	 */
	lm_rule_t rule;

	/**
	 * TRUE if the rule is installed.
	 */
	bool installed;

	/**
	 * errno of the last failure to install it, 0 if none.
	 */
	int error;
};

/**
 * Owner of the routing-policy rules the plugin installs (protocol
 * LM_RTPROT).
 *
 * Rules are installed exclusively (NLM_F_EXCL): if an identical rule of
 * another protocol exists, installing ours fails with EEXIST and is
 * retried. Owners wanting an identical rule share it; it is removed when
 * the last one drops it. Failed operations are retried by check(), which
 * also re-installs rules removed by someone else.
 */
struct link_monitor_rules_t {

	/**
	 * Set the rules an owner wants installed: install what is missing,
	 * remove what nobody wants anymore. Blocks only on the kernel's
	 * netlink ACKs.
	 *
	 * @param owner		owner, e.g. a monitor name (copied)
	 * @param rules		rules (copied)
	 * @param count		number of rules, 0 to remove all of the owner
	 */
	void (*set)(link_monitor_rules_t *this, const char *owner,
				const lm_rule_t *rules, int count);

	/**
	 * Find rules of ours removed by someone else, then install what is
	 * missing and remove what nobody wants, retrying what failed.
	 */
	void (*check)(link_monitor_rules_t *this);

	/**
	 * Get the rules an owner wants and their state, for status output.
	 *
	 * @param owner		owner
	 * @param rules		receives an allocated array (free() it), NULL if none
	 * @return			number of rules
	 */
	int (*get_rules)(link_monitor_rules_t *this, const char *owner,
					 link_monitor_rule_state_t **rules);

	/**
	 * Remove every rule installed, then destroy.
	 */
	void (*destroy)(link_monitor_rules_t *this);
};

/**
 * Create a link_monitor_rules_t, removing stale rules of protocol
 * LM_RTPROT (left by a crashed run).
 *
 * @param netlink	NETLINK_ROUTE socket, used until destroy()
 * @return			instance
 */
link_monitor_rules_t *link_monitor_rules_create(
										link_monitor_netlink_t *netlink);

#endif /** LINK_MONITOR_RULES_H_ @}*/
