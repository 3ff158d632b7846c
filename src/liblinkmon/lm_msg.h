/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_msg lm_msg
 * @{ @ingroup liblinkmon
 *
 * Wire format of the link-monitor control socket, shared by the charon
 * plugin and the linkmon CLI.
 *
 * Every message is a fixed 8 byte header followed by a body of the given
 * length:
 *
 *   0      2      3      4              8
 *   +------+------+------+--------------+-------------....
 *   | 'LM' | ver  | type | length (BE)  | body (length bytes)
 *   +------+------+------+--------------+-------------....
 *
 * Requests carry an lm_msg_type_t and an optional body (a monitor name for
 * status requests, space separated arguments for history and events). Responses carry an lm_msg_result_t as type and the text
 * to print (human readable or JSON) as body.
 */

#ifndef LM_MSG_H_
#define LM_MSG_H_

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>

/** protocol version */
#define LM_MSG_VERSION 1

/** size of the message header */
#define LM_MSG_HDR_LEN 8

/** largest request body accepted by the plugin */
#define LM_MSG_MAX_REQUEST 1024

/** largest response body accepted by the CLI */
#define LM_MSG_MAX_RESPONSE (64 * 1024 * 1024)

/**
 * Request types.
 */
typedef enum {
	/** status as text, body: optional monitor name */
	LM_MSG_STATUS = 1,
	/** status as JSON, body: optional monitor name */
	LM_MSG_STATUS_JSON = 2,
	/** re-read the configuration, body: empty */
	LM_MSG_RELOAD = 3,
	/** the node's HA role changed, body: master, backup or fault */
	LM_MSG_HA_ROLE = 4,
	/** a monitor's history (lm_histdata_parse()), body: "NAME [SINCE]",
	 *  SINCE in wall clock seconds */
	LM_MSG_HISTORY = 5,
	/** the events after a sequence number (lm_evlog_write()), body:
	 *  "[AFTER [NAME]]" */
	LM_MSG_EVENTS = 6,
	/** the metrics (lm_metrics), body: "openmetrics" or "text" (0.0.4) */
	LM_MSG_METRICS = 7,
} lm_msg_type_t;

/**
 * Response results.
 */
typedef enum {
	/** success, body is the output */
	LM_MSG_OK = 0,
	/** failure, body is an error message */
	LM_MSG_FAILED = 1,
	/** a named monitor does not exist, body is an error message */
	LM_MSG_NOT_FOUND = 2,
	/** request not understood, body is an error message */
	LM_MSG_UNSUPPORTED = 3,
	/** success, body is the output, but something fails (configuration,
	 *  HA track file, hooks): the output lists it */
	LM_MSG_DEGRADED = 4,
} lm_msg_result_t;

/**
 * Encode a message header.
 *
 * @param buf		buffer of at least LM_MSG_HDR_LEN bytes
 * @param type		request type or response result
 * @param len		length of the body following the header
 */
void lm_msg_encode_hdr(uint8_t *buf, uint8_t type, uint32_t len);

/**
 * Decode and validate a message header.
 *
 * @param buf		LM_MSG_HDR_LEN bytes received
 * @param max		largest body length accepted
 * @param type		receives the type or result
 * @param len		receives the body length
 * @return			NULL if valid, otherwise a static error description
 */
const char *lm_msg_decode_hdr(const uint8_t *buf, uint32_t max,
							  uint8_t *type, uint32_t *len);

/**
 * Get the name of a request type.
 *
 * @param type		request type
 * @return			name, "unknown" for unknown types
 */
const char *lm_msg_type_name(uint8_t type);

/**
 * Parse a control socket URI of the form unix:///path.
 *
 * @param uri		URI to parse
 * @param path		buffer receiving the socket path
 * @param len		size of path
 * @return			TRUE if the URI is a valid unix:// URI fitting in path
 */
bool lm_msg_parse_unix_uri(const char *uri, char *path, size_t len);

#endif /** LM_MSG_H_ @}*/
