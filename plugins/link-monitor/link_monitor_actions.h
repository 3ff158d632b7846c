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
 * @defgroup link_monitor_actions link_monitor_actions
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_ACTIONS_H_
#define LINK_MONITOR_ACTIONS_H_

#include <library.h>

#include <lm_failover.h>

typedef struct link_monitor_actions_t link_monitor_actions_t;

/**
 * Carries out failover commands through charon's controller, from a job,
 * never from the thread (and locks) that decided them.
 */
struct link_monitor_actions_t {

	/**
	 * Queue commands for execution, in order.
	 *
	 * @param monitor	monitor name, for logs
	 * @param cmds		commands (strings are copied)
	 * @param count		number of commands
	 */
	void (*queue)(link_monitor_actions_t *this, const char *monitor,
				  const lm_cmd_t *cmds, int count);

	/**
	 * Destroy a link_monitor_actions_t.
	 */
	void (*destroy)(link_monitor_actions_t *this);
};

/**
 * Create a link_monitor_actions instance.
 */
link_monitor_actions_t *link_monitor_actions_create();

#endif /** LINK_MONITOR_ACTIONS_H_ @}*/
