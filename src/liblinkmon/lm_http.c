/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE
#include "lm_http.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

void lm_http_request(lm_buf_t *buf, const char *path, const lm_addr_t *server,
					 uint16_t port, uint16_t default_port)
{
	char addr[LM_ADDR_STRLEN], host[LM_ADDR_STRLEN + 10];
	const char *fmt;

	lm_addr_fmt(server, addr);
	if (server->family == AF_INET6)
	{
		fmt = port == default_port ? "[%s]" : "[%s]:%u";
	}
	else
	{
		fmt = port == default_port ? "%s" : "%s:%u";
	}
	snprintf(host, sizeof(host), fmt, addr, port);
	lm_buf_printf(buf, "GET %s HTTP/1.1\r\nHost: %s\r\n"
				  "User-Agent: strongswan-link-monitor\r\nAccept: */*\r\n"
				  "Connection: close\r\n\r\n", path, host);
}

/**
 * Parse "HTTP/1.x NNN" at the start of a complete status line.
 */
static bool parse_status(const char *line, size_t len, int *status)
{
	int code;

	if (len < 12 || memcmp(line, "HTTP/1.", 7) != 0 ||
		!isdigit((unsigned char)line[7]) || line[8] != ' ' ||
		!isdigit((unsigned char)line[9]) || !isdigit((unsigned char)line[10]) ||
		!isdigit((unsigned char)line[11]) || (len > 12 && line[12] != ' '))
	{
		return false;
	}
	code = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
	if (code < 100)
	{
		return false;
	}
	*status = code;
	return true;
}

lm_http_result_t lm_http_evaluate(const char *data, size_t len, bool complete,
								  const char *match, int *status)
{
	const char *eol, *body;
	size_t line_len;

	*status = 0;
	eol = memmem(data, len, "\r\n", 2);
	if (!eol)
	{
		if (len > 1025 || complete)
		{
			return LM_HTTP_INVALID;
		}
		return LM_HTTP_MORE;
	}
	line_len = eol - data;
	/* the same limit whether the line arrived in pieces or at once */
	if (line_len > 1024 || !parse_status(data, line_len, status))
	{
		return LM_HTTP_INVALID;
	}
	if (*status < 200 || *status > 399)
	{
		/* 1xx interim responses are not expected for a plain GET */
		return LM_HTTP_BAD_STATUS;
	}
	if (!match)
	{
		return LM_HTTP_OK;
	}
	body = memmem(data, len, "\r\n\r\n", 4);
	if (body)
	{
		body += 4;
		if (memmem(body, len - (body - data), match, strlen(match)))
		{
			return LM_HTTP_OK;
		}
	}
	if (complete || len >= LM_HTTP_MAX_RESPONSE)
	{
		return body ? LM_HTTP_NO_MATCH : LM_HTTP_INVALID;
	}
	return LM_HTTP_MORE;
}

const char *lm_http_result_name(lm_http_result_t result)
{
	switch (result)
	{
		case LM_HTTP_MORE:
			return "incomplete";
		case LM_HTTP_OK:
			return "ok";
		case LM_HTTP_INVALID:
			return "malformed response";
		case LM_HTTP_BAD_STATUS:
			return "bad status";
		case LM_HTTP_NO_MATCH:
			return "content not matched";
		default:
			return "unknown";
	}
}
