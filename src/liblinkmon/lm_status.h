/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_status lm_status
 * @{ @ingroup liblinkmon
 *
 * Status output of monitors, as text in the spirit of FortiGate's
 * "diagnose sys link-monitor status" and as JSON.
 */

#ifndef LM_STATUS_H_
#define LM_STATUS_H_

#include <stdint.h>

#include "lm_buf.h"
#include "lm_json.h"
#include "lm_monitor.h"

typedef struct lm_status_extra_t lm_status_extra_t;

/**
 * What the caller adds to the status it owns (routes, scheduler, HA).
 */
struct lm_status_extra_t {

	/**
	 * Details of a monitor: text lines (json NULL) or JSON members placed
	 * before "servers".
	 */
	void (*monitor)(void *data, lm_buf_t *buf, lm_json_t *json,
					const lm_monitor_t *mon);

	/**
	 * JSON members of the top-level object, after "monitors".
	 */
	void (*top)(void *data, lm_json_t *json);

	/** data passed to both */
	void *data;
};

/**
 * Render the status of monitors.
 *
 * @param buf		output
 * @param mons		monitors
 * @param count		number of monitors
 * @param json		JSON instead of text
 * @param now_ns	monotonic time, for "since" values
 * @param extra		what the caller adds, NULL for nothing
 */
void lm_status_render(lm_buf_t *buf, lm_monitor_t **mons, int count,
					  bool json, uint64_t now_ns,
					  const lm_status_extra_t *extra);

#endif /** LM_STATUS_H_ @}*/
