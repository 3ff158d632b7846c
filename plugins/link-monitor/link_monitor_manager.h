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
 * @defgroup link_monitor_manager link_monitor_manager
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_MANAGER_H_
#define LINK_MONITOR_MANAGER_H_

#include <library.h>
#include <sa/ike_sa.h>
#include <sa/child_sa.h>

#include "link_monitor_errors.h"

#include <lm_buf.h>
#include <lm_msg.h>

typedef struct link_monitor_manager_t link_monitor_manager_t;

/**
 * Owns the configured monitors, their probes and their state.
 */
struct link_monitor_manager_t {

	/**
	 * Render the status of all monitors or of one.
	 *
	 * @param buf		buffer to append the output to
	 * @param name		monitor name, NULL for all
	 * @param json		TRUE for JSON, FALSE for text
	 * @return			LM_MSG_OK, or LM_MSG_NOT_FOUND with an error in buf
	 */
	lm_msg_result_t (*status)(link_monitor_manager_t *this, lm_buf_t *buf,
							  char *name, bool json);

	/**
	 * A CHILD_SA came up or went down.
	 */
	void (*child_updown)(link_monitor_manager_t *this, ike_sa_t *ike_sa,
						 child_sa_t *child_sa, bool up);

	/**
	 * A CHILD_SA was rekeyed.
	 */
	void (*child_rekey)(link_monitor_manager_t *this, ike_sa_t *ike_sa,
						child_sa_t *old, child_sa_t *new);

	/**
	 * The node's HA role changed (keepalived notify via linkmon ha-role).
	 *
	 * @param role		"master", "backup" or "fault"
	 * @param buf		receives a message
	 * @return			LM_MSG_OK, or LM_MSG_FAILED with an error in buf
	 */
	lm_msg_result_t (*ha_role)(link_monitor_manager_t *this, char *role,
							   lm_buf_t *buf);

	/**
	 * Re-read the monitor configuration.
	 *
	 * A configuration with any error is rejected and the running monitors
	 * stay as they are; a good one adds, removes and changes monitors,
	 * keeping the statistics of those whose probe settings did not change.
	 *
	 * @return			TRUE if the configuration was applied
	 */
	bool (*reload)(link_monitor_manager_t *this);

	/**
	 * Destroy a link_monitor_manager_t.
	 */
	void (*destroy)(link_monitor_manager_t *this);
};

/**
 * Create a link_monitor_manager instance and load the configuration.
 *
 * @param errors	where failures are recorded for status (not owned)
 * @return			manager, NULL if probe sockets cannot be opened
 */
link_monitor_manager_t *link_monitor_manager_create(
										link_monitor_errors_t *errors);

#endif /** LINK_MONITOR_MANAGER_H_ @}*/
