/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_buf lm_buf
 * @{ @ingroup liblinkmon
 *
 * A growable text buffer for status output (text and JSON).
 */

#ifndef LM_BUF_H_
#define LM_BUF_H_

#include <stddef.h>
#include <stdbool.h>

typedef struct lm_buf_t lm_buf_t;

/**
 * Growable, always NUL terminated text buffer.
 *
 * Appending never fails visibly: on allocation failure the buffer is marked
 * failed, further appends are ignored and lm_buf_failed() tells.
 */
struct lm_buf_t {
	/** text, NUL terminated (NULL until the first append) */
	char *data;
	/** length of the text */
	size_t len;
	/** allocated size */
	size_t cap;
	/** an allocation failed */
	bool failed;
};

/**
 * Append formatted text.
 */
void lm_buf_printf(lm_buf_t *buf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/**
 * Append raw bytes (may contain NUL).
 */
void lm_buf_append(lm_buf_t *buf, const void *data, size_t len);

/**
 * Append a string as a JSON string literal, with quotes and escapes.
 */
void lm_buf_json_str(lm_buf_t *buf, const char *str);

/**
 * Get the text, "" if nothing was appended.
 */
const char *lm_buf_str(lm_buf_t *buf);

/**
 * Check whether an allocation failed.
 */
bool lm_buf_failed(lm_buf_t *buf);

/**
 * Free the text and reset the buffer.
 */
void lm_buf_free(lm_buf_t *buf);

#endif /** LM_BUF_H_ @}*/
