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
 * @defgroup link_monitor_ha link_monitor_ha
 * @{ @ingroup link_monitor
 *
 * The plugin's side of the HA penalty for keepalived: writes the value the
 * decision core computes to the track file keepalived reads, and takes the
 * role keepalived's notify script reports (linkmon ha-role).
 */

#ifndef LINK_MONITOR_HA_H_
#define LINK_MONITOR_HA_H_

#include <library.h>

#include "link_monitor_errors.h"

#include <lm_buf.h>
#include <lm_ha.h>
#include <lm_msg.h>

typedef struct link_monitor_ha_t link_monitor_ha_t;

/**
 * keepalived's track file and role.
 */
struct link_monitor_ha_t {

	/**
	 * Set the track file, NULL if the HA penalty is not configured.
	 */
	void (*set_track_file)(link_monitor_ha_t *this, const char *path);

	/**
	 * Get a copy of the track file, NULL if not configured.
	 *
	 * @return			allocated path, or NULL
	 */
	char *(*get_track_file)(link_monitor_ha_t *this);

	/**
	 * Queue writing a value to the track file; the latest value wins.
	 */
	void (*write)(link_monitor_ha_t *this, uint32_t value);

	/**
	 * Parse a role reported by keepalived (master, backup, fault).
	 *
	 * @param name		role as reported
	 * @param role		receives the role
	 * @param buf		receives why it is refused
	 * @return			LM_MSG_OK, or LM_MSG_FAILED if unknown or if the HA
	 *					penalty is not configured
	 */
	lm_msg_result_t (*parse_role)(link_monitor_ha_t *this, const char *name,
								  lm_ha_role_t *role, lm_buf_t *buf);

	/**
	 * Destroy a link_monitor_ha_t.
	 */
	void (*destroy)(link_monitor_ha_t *this);
};

/**
 * Create a link_monitor_ha instance.
 *
 * @param errors	where a failed write is recorded
 * @return			HA track file writer
 */
link_monitor_ha_t *link_monitor_ha_create(link_monitor_errors_t *errors);

#endif /** LINK_MONITOR_HA_H_ @}*/
