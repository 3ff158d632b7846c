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
 */

#ifndef LINK_MONITOR_HA_H_
#define LINK_MONITOR_HA_H_

#include <library.h>

#include "link_monitor_errors.h"

#include <lm_buf.h>
#include <lm_json.h>
#include <lm_ha.h>
#include <lm_msg.h>

typedef struct link_monitor_ha_t link_monitor_ha_t;

/**
 * HA penalty for keepalived (charon.plugins.link-monitor.ha): the decisions
 * of lm_ha, logged, and the resulting weight written to the track file by
 * a job, so the latest value always wins. Thread-safe.
 */
struct link_monitor_ha_t {

	/**
	 * (Re-)read charon.plugins.link-monitor.ha.
	 */
	void (*reload)(link_monitor_ha_t *this);

	/**
	 * Check whether the HA penalty is configured.
	 *
	 * @return			TRUE if configured
	 */
	bool (*is_enabled)(link_monitor_ha_t *this);

	/**
	 * Feed the monitors' states.
	 *
	 * @param inputs	one entry per monitor
	 * @param count		number of entries
	 * @param now		monotonic ns
	 */
	void (*update)(link_monitor_ha_t *this, lm_ha_input_t *inputs, int count,
				   uint64_t now);

	/**
	 * Take the role keepalived reports (master, backup or fault). The
	 * caller feeds the monitors' states again afterwards (update()).
	 *
	 * @param role		role name
	 * @param buf		receives the text for the client
	 * @return			LM_MSG_OK, or LM_MSG_FAILED for an unknown role or
	 *					without HA
	 */
	lm_msg_result_t (*set_role)(link_monitor_ha_t *this, char *role,
								lm_buf_t *buf);

	/**
	 * Time of the next timer (flip timeout), UINT64_MAX if none.
	 *
	 * @return			monotonic ns
	 */
	uint64_t (*next)(link_monitor_ha_t *this);

	/**
	 * Run the timer if it is due.
	 *
	 * @param now		monotonic ns
	 */
	void (*timer)(link_monitor_ha_t *this, uint64_t now);

	/**
	 * Describe the HA state, as a text paragraph or a JSON member "ha":{..}.
	 *
	 * @param buf		receives the text, if json is NULL
	 * @param json		receives the member, NULL for text
	 * @param now		monotonic ns
	 * @return			FALSE (nothing written) if HA is not configured
	 */
	bool (*status)(link_monitor_ha_t *this, lm_buf_t *buf, lm_json_t *json,
				   uint64_t now);

	/**
	 * Destroy a link_monitor_ha_t.
	 */
	void (*destroy)(link_monitor_ha_t *this);
};

/**
 * Create a link_monitor_ha_t, disabled until reload() finds it configured.
 */
link_monitor_ha_t *link_monitor_ha_create(link_monitor_errors_t *errors);

#endif /** LINK_MONITOR_HA_H_ @}*/
