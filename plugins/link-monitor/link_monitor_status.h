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
 * @defgroup link_monitor_status link_monitor_status
 * @{ @ingroup link_monitor
 *
 * The status linkmon shows: what fails first, the HA penalty, then each
 * monitor with its routes, as text or JSON.
 */

#ifndef LINK_MONITOR_STATUS_H_
#define LINK_MONITOR_STATUS_H_

#include "link_monitor_errors.h"
#include "link_monitor_ha.h"
#include "link_monitor_routes.h"
#include "link_monitor_scheduler.h"

typedef struct link_monitor_status_t link_monitor_status_t;

/**
 * Renders the status.
 */
struct link_monitor_status_t {

	/**
	 * Render the status of all monitors or one.
	 *
	 * @param name		monitor, NULL for all
	 * @param json		JSON instead of text
	 * @param buf		receives the status
	 * @return			LM_MSG_OK, LM_MSG_DEGRADED if something fails,
	 *					LM_MSG_NOT_FOUND if there is no monitor name
	 */
	lm_msg_result_t (*render)(link_monitor_status_t *this, const char *name,
							  bool json, lm_buf_t *buf);

	/**
	 * Destroy a link_monitor_status_t.
	 */
	void (*destroy)(link_monitor_status_t *this);
};

/**
 * Create a link_monitor_status instance.
 *
 * @param scheduler	renders the monitors
 * @param errors	what fails
 * @param routes	route owner, NULL without netlink
 * @param ha		HA track file
 * @return			status renderer
 */
link_monitor_status_t *link_monitor_status_create(
										link_monitor_scheduler_t *scheduler,
										link_monitor_errors_t *errors,
										link_monitor_routes_t *routes,
										link_monitor_ha_t *ha);

#endif /** LINK_MONITOR_STATUS_H_ @}*/
