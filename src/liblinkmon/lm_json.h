/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_json lm_json
 * @{ @ingroup liblinkmon
 *
 * The one JSON writer: compact JSON into an lm_buf_t, with the commas, the
 * key quoting and string escaping done in one place. Objects and arrays nest
 * up to LM_JSON_DEPTH; values take the member's key inside an object and
 * NULL as key inside an array or at the top.
 */

#ifndef LM_JSON_H_
#define LM_JSON_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_buf.h"

/** deepest nesting of objects and arrays */
#define LM_JSON_DEPTH 8

typedef struct lm_json_t lm_json_t;

/**
 * A JSON writer over a buffer.
 */
struct lm_json_t {
	/** buffer written to */
	lm_buf_t *buf;
	/** open objects and arrays */
	int depth;
	/** per level: '}' or ']' that closes it */
	char close[LM_JSON_DEPTH];
	/** per level: a value was written, the next one needs a comma */
	bool more[LM_JSON_DEPTH];
	/** nesting went past LM_JSON_DEPTH or below zero (a bug) */
	bool failed;
};

/**
 * Start writing into a buffer.
 */
void lm_json_init(lm_json_t *json, lm_buf_t *buf);

/**
 * Open an object, as a member (key) or a value (key NULL).
 */
void lm_json_object(lm_json_t *json, const char *key);

/**
 * Open an array, as a member (key) or a value (key NULL).
 */
void lm_json_array(lm_json_t *json, const char *key);

/**
 * Close the innermost object or array.
 */
void lm_json_end(lm_json_t *json);

/**
 * A string, escaped; null if value is NULL.
 */
void lm_json_str(lm_json_t *json, const char *key, const char *value);

/**
 * An unsigned integer.
 */
void lm_json_uint(lm_json_t *json, const char *key, uint64_t value);

/**
 * A signed integer.
 */
void lm_json_int(lm_json_t *json, const char *key, int64_t value);

/**
 * A number with a fixed count of decimals (printf's %.Nf); null if it is
 * not finite.
 */
void lm_json_num(lm_json_t *json, const char *key, int decimals, double value);

/**
 * true or false.
 */
void lm_json_bool(lm_json_t *json, const char *key, bool value);

/**
 * null.
 */
void lm_json_null(lm_json_t *json, const char *key);

#endif /** LM_JSON_H_ @}*/
