/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon's client of the link-monitor control socket: one request per
 * connection, the response printed (docs/development.md, "Control socket
 * protocol").
 */

#ifndef LINKMON_CLIENT_H_
#define LINKMON_CLIENT_H_

#include <stdint.h>

/**
 * Send a request to the plugin and print its response: the text to stdout
 * if it succeeded (also when degraded), otherwise to stderr.
 *
 * @param uri		control socket, unix:///path
 * @param type		request type, an lm_msg_type_t
 * @param arg		body of the request (monitor name, role), or NULL
 * @return			exit code: 0 ok, 1 failed or unreachable, 2 invalid URI
 *					or argument, 3 status shown but the plugin reports errors
 */
int linkmon_request(const char *uri, uint8_t type, const char *arg);

/**
 * Send a request to the plugin and return its response, without printing
 * it; errors reaching the plugin are printed.
 *
 * @param uri		control socket, unix:///path
 * @param type		request type, an lm_msg_type_t
 * @param arg		body of the request, or NULL
 * @param result	receives the response's lm_msg_result_t
 * @param body		receives the response body, NUL-terminated, allocated
 * @return			0, or the exit code: 1 unreachable, 2 invalid URI or
 *					argument
 */
int linkmon_fetch(const char *uri, uint8_t type, const char *arg,
				  uint8_t *result, char **body);

/**
 * Print a failed response's message to stderr.
 *
 * @return			exit code 1
 */
int linkmon_failed(const char *body);

#endif /* LINKMON_CLIENT_H_ */
