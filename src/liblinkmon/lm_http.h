/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_http lm_http
 * @{ @ingroup liblinkmon
 *
 * HTTP/1.x health check requests and incremental response evaluation: the
 * status code against the codes that count as success and, if wanted, a
 * string in the body, decoded from chunked transfer encoding first.
 */

#ifndef LM_HTTP_H_
#define LM_HTTP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lm_addr.h"
#include "lm_buf.h"

/** most response bytes examined for http_match */
#define LM_HTTP_MAX_RESPONSE 65536

/** lowest and highest status code a range may name */
#define LM_HTTP_STATUS_MIN 100
#define LM_HTTP_STATUS_MAX 599

/** the codes that count as success without http_status: 2xx and 3xx */
#define LM_HTTP_STATUS_DEFAULT_MIN 200
#define LM_HTTP_STATUS_DEFAULT_MAX 399

/** most ranges in http_status */
#define LM_HTTP_MAX_RANGES 16

/**
 * A range of status codes, min..max (equal for a single code).
 */
typedef struct {
	uint16_t min;
	uint16_t max;
} lm_http_range_t;

/**
 * Outcome of evaluating a (partial) response.
 */
typedef enum {
	/** more data needed */
	LM_HTTP_MORE,
	/** healthy: a status that counts as success and the match, if any */
	LM_HTTP_OK,
	/** malformed response */
	LM_HTTP_INVALID,
	/** a status that does not count as success */
	LM_HTTP_BAD_STATUS,
	/** complete response without the expected content */
	LM_HTTP_NO_MATCH,
	/** a chunked body that breaks the chunk syntax */
	LM_HTTP_BAD_CHUNK,
	/** the connection closed before the last chunk */
	LM_HTTP_TRUNCATED,
	/** decoding ran out of memory */
	LM_HTTP_NO_MEMORY,
} lm_http_result_t;

/**
 * What a healthy response has.
 */
typedef struct {
	/** status codes counting as success, status_count entries; none for
	 *  the default 200-399 */
	const lm_http_range_t *status;
	/** number of ranges */
	int status_count;
	/** string the (decoded) body must contain, NULL for none */
	const char *match;
} lm_http_expect_t;

/**
 * Where the chunk decoder is.
 */
typedef enum {
	/** before a chunk-size line */
	LM_CHUNK_SIZE,
	/** in the data of a chunk */
	LM_CHUNK_DATA,
	/** at the CRLF after a chunk's data */
	LM_CHUNK_DATA_END,
	/** in the trailer section after the last chunk */
	LM_CHUNK_TRAILER,
	/** after the trailer section: the body is complete */
	LM_CHUNK_DONE,
	/** the chunk syntax is broken */
	LM_CHUNK_BAD,
} lm_chunk_state_t;

/**
 * The evaluation of one response, fed the response as it grows. Zero it (or
 * lm_http_init()) before the first lm_http_evaluate(), lm_http_free() it
 * after the last.
 */
typedef struct {
	/** what the response must have (not owned) */
	const lm_http_expect_t *expect;
	/** status code once parsed, else 0 */
	int status;
	/** offset of the body in the response, 0 until the header is complete */
	size_t body;
	/** the body is chunked */
	bool chunked;
	/** chunked: bytes of the response the decoder consumed */
	size_t pos;
	/** chunked: bytes left in the current chunk's data */
	uint64_t left;
	/** chunked: where the decoder is */
	lm_chunk_state_t state;
	/** chunked: the decoded body */
	lm_buf_t decoded;
	/** bytes of the body searched for the match so far */
	size_t searched;
} lm_http_t;

/**
 * Build a GET request.
 *
 * @param buf		output
 * @param path		absolute path
 * @param host		host name for the Host header, NULL for the server
 *					address
 * @param server	server address (IPv6 in brackets in Host)
 * @param port		port, added to Host unless default_port
 * @param default_port	the scheme's default port
 */
void lm_http_request(lm_buf_t *buf, const char *path, const char *host,
					 const lm_addr_t *server, uint16_t port,
					 uint16_t default_port);

/**
 * Start evaluating a response.
 *
 * @param http		evaluation
 * @param expect	what the response must have, kept until lm_http_free()
 */
void lm_http_init(lm_http_t *http, const lm_http_expect_t *expect);

/**
 * Evaluate the response received so far: the bytes of the previous call
 * and what came since.
 *
 * @param http		evaluation
 * @param data		response bytes
 * @param len		number of bytes
 * @param complete	the connection was closed or the response is as long
 *					as it may be: no more data will come
 * @return			outcome; the status code is in http->status
 */
lm_http_result_t lm_http_evaluate(lm_http_t *http, const char *data,
								  size_t len, bool complete);

/**
 * Free what an evaluation holds.
 */
void lm_http_free(lm_http_t *http);

/**
 * Check whether a status code counts as success.
 *
 * @param status	ranges, count entries; none for 200-399
 * @param count		number of ranges
 * @param code		status code
 */
bool lm_http_status_ok(const lm_http_range_t *status, int count, int code);

/**
 * Write the ranges as http_status takes them, "200-399" or "200,301-302".
 *
 * @param buf		output
 * @param status	ranges, count entries; none for 200-399
 * @param count		number of ranges
 */
void lm_http_status_fmt(lm_buf_t *buf, const lm_http_range_t *status,
						int count);

/**
 * Name of an outcome for logs.
 */
const char *lm_http_result_name(lm_http_result_t result);

#endif /** LM_HTTP_H_ @}*/
