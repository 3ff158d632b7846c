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
#include "lm_entry.h"

typedef struct lm_status_extra_t lm_status_extra_t;

/**
 * What the caller adds to the status (errors, routes).
 */
struct lm_status_extra_t {

	/**
	 * Text lines before everything else (lm_engine_status()), e.g. what
	 * fails.
	 */
	void (*head)(void *data, lm_buf_t *buf);

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

	/** data passed to all */
	void *data;
};

/**
 * A status rendered monitor by monitor, e.g. in parts between which the
 * caller's lock is released.
 */
typedef struct {
	/** output */
	lm_buf_t *buf;
	/** JSON instead of text */
	bool json;
	/** monotonic time, for "since" values */
	uint64_t now_ns;
	/** what the caller adds, NULL for nothing */
	const lm_status_extra_t *extra;
	/** JSON writer */
	lm_json_t writer;
	/** monitors rendered */
	int count;
} lm_status_stream_t;

/**
 * Start rendering a status.
 *
 * @param stream	receives the stream state
 * @param buf		output
 * @param json		JSON instead of text
 * @param now_ns	monotonic time, for "since" values
 * @param extra		what the caller adds, NULL for nothing
 */
void lm_status_begin(lm_status_stream_t *stream, lm_buf_t *buf, bool json,
					 uint64_t now_ns, const lm_status_extra_t *extra);

/**
 * Render one monitor.
 */
void lm_status_add(lm_status_stream_t *stream, const lm_entry_t *entry);

/**
 * Finish rendering: the top-level JSON members, or the text for no
 * monitors.
 */
void lm_status_end(lm_status_stream_t *stream);

/**
 * Render the status of monitors.
 *
 * @param buf		output
 * @param entries	monitors
 * @param count		number of monitors
 * @param json		JSON instead of text
 * @param now_ns	monotonic time, for "since" values
 * @param extra		what the caller adds, NULL for nothing
 */
void lm_status_render(lm_buf_t *buf, lm_entry_t *const *entries, int count,
					  bool json, uint64_t now_ns,
					  const lm_status_extra_t *extra);

#endif /** LM_STATUS_H_ @}*/
