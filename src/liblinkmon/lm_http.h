/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_http lm_http
 * @{ @ingroup liblinkmon
 *
 * HTTP/1.x health check requests and incremental response evaluation.
 */

#ifndef LM_HTTP_H_
#define LM_HTTP_H_

#include <stdbool.h>
#include <stddef.h>

#include "lm_addr.h"
#include "lm_buf.h"

/** most response bytes examined for http_match */
#define LM_HTTP_MAX_RESPONSE 65536

/**
 * Outcome of evaluating a (partial) response.
 */
typedef enum {
	/** more data needed */
	LM_HTTP_MORE,
	/** healthy: status 2xx/3xx and the match, if any, found */
	LM_HTTP_OK,
	/** malformed response */
	LM_HTTP_INVALID,
	/** status other than 2xx/3xx */
	LM_HTTP_BAD_STATUS,
	/** complete response without the expected content */
	LM_HTTP_NO_MATCH,
} lm_http_result_t;

/**
 * Build a GET request with Host header for a server address.
 *
 * @param buf		output
 * @param path		absolute path
 * @param server	server address (IPv6 in brackets in Host)
 * @param port		port, added to Host unless default_port
 * @param default_port	the scheme's default port
 */
void lm_http_request(lm_buf_t *buf, const char *path, const lm_addr_t *server,
					 uint16_t port, uint16_t default_port);

/**
 * Evaluate the response received so far.
 *
 * @param data		response bytes
 * @param len		number of bytes
 * @param complete	the connection was closed: no more data will come
 * @param match		string the body must contain, NULL for none
 * @param status	receives the status code once parsed, else 0
 * @return			outcome
 */
lm_http_result_t lm_http_evaluate(const char *data, size_t len, bool complete,
								  const char *match, int *status);

/**
 * Name of an outcome for logs.
 */
const char *lm_http_result_name(lm_http_result_t result);

#endif /** LM_HTTP_H_ @}*/
