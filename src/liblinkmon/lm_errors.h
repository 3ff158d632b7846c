/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_errors lm_errors
 * @{ @ingroup liblinkmon
 *
 * What is wrong with the plugin right now, for status: the configuration
 * that could not be read, the HA track file that could not be written, the
 * hook that could not be started. One entry per source ("config", "ha",
 * "updown 'dc'"), replaced when the source fails again and removed when it
 * works again; at most LM_ERRORS_MAX entries, further sources only counted.
 */

#ifndef LM_ERRORS_H_
#define LM_ERRORS_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_buf.h"
#include "lm_json.h"

/** most entries kept */
#define LM_ERRORS_MAX 32

typedef struct lm_errors_t lm_errors_t;

/**
 * Current errors (not thread-safe).
 */
struct lm_errors_t {
	/** entries, count of them */
	struct {
		/** what failed (allocated) */
		char *source;
		/** why (allocated) */
		char *message;
		/** monotonic ns it first failed, kept while it fails again */
		uint64_t since_ns;
	} entries[LM_ERRORS_MAX];
	/** number of entries */
	int count;
	/** failures of sources not kept for lack of room, since an entry was
	 *  last cleared */
	uint64_t dropped;
};

/**
 * Record that a source fails; replaces its message.
 *
 * @return			TRUE if the source was not failing before
 */
bool lm_errors_set(lm_errors_t *errors, const char *source,
				   const char *message, uint64_t now_ns);

/**
 * Record that a source works (again).
 *
 * @return			TRUE if it was failing
 */
bool lm_errors_clear(lm_errors_t *errors, const char *source);

/**
 * Number of failing sources kept plus the failures not kept: 0 if and only
 * if nothing is known to fail.
 */
uint64_t lm_errors_count(const lm_errors_t *errors);

/**
 * Text for status: "Errors:" and a line per source, nothing if none.
 */
void lm_errors_text(const lm_errors_t *errors, lm_buf_t *buf,
					uint64_t now_ns);

/**
 * JSON member "errors": [{"source","message","since_s"}...] (and
 * "errors_not_listed", the failures not kept, if any).
 */
void lm_errors_json(const lm_errors_t *errors, lm_json_t *json,
					uint64_t now_ns);

/**
 * Free all entries.
 */
void lm_errors_free(lm_errors_t *errors);

#endif /** LM_ERRORS_H_ @}*/
