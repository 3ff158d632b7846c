/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_evlog lm_evlog
 * @{ @ingroup liblinkmon
 *
 * The event log: the last transitions the decision core reported (state
 * and SLA changes, failovers, dead actions, route and HA changes) with
 * their wall clock times and sequence numbers, in a ring of fixed size;
 * its wire format for the control socket, and the text and JSON lines
 * linkmon prints.
 */

#ifndef LM_EVLOG_H_
#define LM_EVLOG_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_buf.h"
#include "lm_config.h"
#include "lm_out.h"

/**
 * An event.
 */
typedef struct {
	/** sequence number, from 1 */
	uint64_t seq;
	/** CLOCK_REALTIME ns */
	int64_t time_ns;
	/** kind */
	lm_tr_type_t type;
	/** previous and new state or value */
	uint32_t from, to;
	/** monitor name, "" for HA */
	char monitor[LM_MAX_NAME + 1];
	/** what happened */
	char detail[LM_TR_DETAIL];
} lm_evrec_t;

typedef struct lm_evlog_t lm_evlog_t;

/**
 * Create an event log.
 *
 * @param size		events kept, at least 1
 * @return			log, NULL on allocation failure
 */
lm_evlog_t *lm_evlog_create(uint32_t size);

/**
 * Add a transition.
 *
 * @param wall_ns	CLOCK_REALTIME ns it happened
 */
void lm_evlog_add(lm_evlog_t *log, const lm_transition_t *tr, int64_t wall_ns);

/**
 * Write the events after a sequence number in the wire format: a line
 * "lost N" if N events after it were overwritten already, a line
 * "e SEQ TIME_NS TYPE FROM TO MONITOR DETAIL" per event (MONITOR "-" for
 * none, DETAIL to the end of the line), and "next SEQ", the sequence
 * number the next event will have.
 *
 * @param after		0 for every event kept
 * @param monitor	only this monitor's events and HA's, NULL for all
 */
void lm_evlog_write(lm_evlog_t *log, lm_buf_t *buf, uint64_t after,
					const char *monitor);

/**
 * Parse an "e" line of the wire format.
 *
 * @return			TRUE if it is a valid event line
 */
bool lm_evlog_parse(const char *line, lm_evrec_t *rec);

/**
 * Render an event as a text line: local time, monitor, kind, what changed.
 */
void lm_evlog_text(const lm_evrec_t *rec, lm_buf_t *buf);

/**
 * Render an event as a JSON line.
 */
void lm_evlog_json(const lm_evrec_t *rec, lm_buf_t *buf);

/**
 * Destroy an event log.
 */
void lm_evlog_destroy(lm_evlog_t *log);

#endif /** LM_EVLOG_H_ @}*/
