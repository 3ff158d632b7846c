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
#include <strings.h>

/** longest status line, chunk-size line and trailer line */
#define MAX_LINE 1024

/** the default codes that count as success */
static const lm_http_range_t default_status = {
	LM_HTTP_STATUS_DEFAULT_MIN, LM_HTTP_STATUS_DEFAULT_MAX
};

void lm_http_request(lm_buf_t *buf, const char *path, const char *host,
					 const lm_addr_t *server, uint16_t port,
					 uint16_t default_port)
{
	char addr[LM_ADDR_STRLEN];
	const char *fmt = "%s";

	if (!host)
	{
		host = lm_addr_fmt(server, addr);
		if (server->family == AF_INET6)
		{
			fmt = "[%s]";
		}
	}
	lm_buf_printf(buf, "GET %s HTTP/1.1\r\nHost: ", path);
	lm_buf_printf(buf, fmt, host);
	if (port != default_port)
	{
		lm_buf_printf(buf, ":%u", port);
	}
	lm_buf_printf(buf, "\r\nUser-Agent: strongswan-link-monitor\r\n"
				  "Accept: */*\r\nConnection: close\r\n\r\n");
}

bool lm_http_status_ok(const lm_http_range_t *status, int count, int code)
{
	int i;

	if (!count)
	{
		status = &default_status;
		count = 1;
	}
	for (i = 0; i < count; i++)
	{
		if (code >= status[i].min && code <= status[i].max)
		{
			return true;
		}
	}
	return false;
}

void lm_http_status_fmt(lm_buf_t *buf, const lm_http_range_t *status,
						int count)
{
	int i;

	if (!count)
	{
		status = &default_status;
		count = 1;
	}
	for (i = 0; i < count; i++)
	{
		lm_buf_printf(buf, "%s%u", i ? "," : "", status[i].min);
		if (status[i].max != status[i].min)
		{
			lm_buf_printf(buf, "-%u", status[i].max);
		}
	}
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

/**
 * Check whether the last coding of a Transfer-Encoding value is chunked.
 */
static bool last_coding_chunked(const char *value, const char *end)
{
	const char *c;

	for (c = end; c > value && c[-1] != ','; c--)
	{
	}
	value = c;
	while (value < end && (*value == ' ' || *value == '\t'))
	{
		value++;
	}
	while (end > value && (end[-1] == ' ' || end[-1] == '\t'))
	{
		end--;
	}
	return end - value == 7 && strncasecmp(value, "chunked", 7) == 0;
}

/**
 * Check whether the header fields, each ending in CRLF, declare a chunked
 * body (the last Transfer-Encoding field decides).
 */
static bool header_chunked(const char *line, const char *end)
{
	static const char name[] = "Transfer-Encoding:";
	const size_t len = sizeof(name) - 1;
	const char *eol;
	bool chunked = false;

	for (; line < end; line = eol + 2)
	{
		eol = memmem(line, end - line, "\r\n", 2);
		if (!eol)
		{
			break;
		}
		if ((size_t)(eol - line) >= len && strncasecmp(line, name, len) == 0)
		{
			chunked = last_coding_chunked(line + len, eol);
		}
	}
	return chunked;
}

/**
 * Parse a chunk-size line (without its CRLF): hexadecimal digits, then
 * optional extensions after ';'.
 */
static bool parse_chunk_size(const char *line, const char *eol,
							 uint64_t *size)
{
	const char *c;
	uint64_t v = 0;
	int digits = 0;

	for (c = line; c < eol && isxdigit((unsigned char)*c); c++)
	{
		if (++digits > 15)
		{	/* no overflow, and far beyond what is read */
			return false;
		}
		v = v * 16 + (isdigit((unsigned char)*c) ? *c - '0'
											   : (*c | 0x20) - 'a' + 10);
	}
	while (c < eol && (*c == ' ' || *c == '\t'))
	{
		c++;
	}
	if (!digits || (c < eol && *c != ';'))
	{
		return false;
	}
	*size = v;
	return true;
}

/**
 * Handle a complete chunk-size or trailer line.
 */
static void chunk_line(lm_http_t *http, const char *line, const char *eol)
{
	if (http->state == LM_CHUNK_TRAILER)
	{
		if (line == eol)
		{	/* the empty line after the trailer fields */
			http->state = LM_CHUNK_DONE;
		}
		return;
	}
	if (!parse_chunk_size(line, eol, &http->left))
	{
		http->state = LM_CHUNK_BAD;
	}
	else
	{
		http->state = http->left ? LM_CHUNK_DATA : LM_CHUNK_TRAILER;
	}
}

/**
 * Handle the next chunk-size or trailer line, if it is complete.
 *
 * @return			false to wait for more data
 */
static bool next_line(lm_http_t *http, const char *data, size_t len)
{
	const char *line = data + http->pos, *eol;

	eol = memmem(line, len - http->pos, "\r\n", 2);
	if (!eol)
	{
		/* the same limit whether the line arrived in pieces or at once */
		if (len - http->pos > MAX_LINE + 1)
		{
			http->state = LM_CHUNK_BAD;
		}
		return false;
	}
	if (eol - line > MAX_LINE)
	{
		http->state = LM_CHUNK_BAD;
		return false;
	}
	chunk_line(http, line, eol);
	http->pos = eol + 2 - data;
	return true;
}

/**
 * Decode what came of a chunked body since the last call.
 */
static void chunk_feed(lm_http_t *http, const char *data, size_t len)
{
	size_t n;

	while (http->pos < len && http->state != LM_CHUNK_DONE &&
		   http->state != LM_CHUNK_BAD)
	{
		n = len - http->pos;
		switch (http->state)
		{
			case LM_CHUNK_DATA:
				n = n < http->left ? n : http->left;
				lm_buf_append(&http->decoded, data + http->pos, n);
				http->pos += n;
				http->left -= n;
				http->state = http->left ? LM_CHUNK_DATA : LM_CHUNK_DATA_END;
				break;
			case LM_CHUNK_DATA_END:
				if (n < 2)
				{
					return;
				}
				http->state = memcmp(data + http->pos, "\r\n", 2) == 0 ?
										LM_CHUNK_SIZE : LM_CHUNK_BAD;
				http->pos += 2;
				break;
			default:
				if (!next_line(http, data, len))
				{
					return;
				}
				break;
		}
	}
}

/**
 * Search what came of the body since the last call for the match (and the
 * bytes before it a match could start in).
 */
static bool search(lm_http_t *http, const char *body, size_t len)
{
	const char *match = http->expect->match;
	size_t mlen = strlen(match), from = 0;

	if (!mlen)
	{
		return true;
	}
	if (http->searched >= mlen)
	{
		from = http->searched - (mlen - 1);
	}
	http->searched = len;
	return len > from && memmem(body + from, len - from, match, mlen);
}

/**
 * Evaluate the status line.
 *
 * @param line_len	receives the length of the status line
 * @return			LM_HTTP_OK if the status counts as success
 */
static lm_http_result_t status_line(lm_http_t *http, const char *data,
									size_t len, bool complete,
									size_t *line_len)
{
	const lm_http_expect_t *expect = http->expect;
	const char *eol;

	eol = memmem(data, len, "\r\n", 2);
	if (!eol)
	{
		return len > MAX_LINE + 1 || complete ? LM_HTTP_INVALID : LM_HTTP_MORE;
	}
	*line_len = eol - data;
	/* the same limit whether the line arrived in pieces or at once */
	if (*line_len > MAX_LINE || !parse_status(data, *line_len, &http->status))
	{
		return LM_HTTP_INVALID;
	}
	if (!lm_http_status_ok(expect->status, expect->status_count,
						   http->status))
	{
		return LM_HTTP_BAD_STATUS;
	}
	return LM_HTTP_OK;
}

/**
 * Evaluate a chunked body: decode it, then search it.
 */
static lm_http_result_t chunked_body(lm_http_t *http, const char *data,
									 size_t len, bool complete)
{
	chunk_feed(http, data, len);
	if (lm_buf_failed(&http->decoded))
	{
		return LM_HTTP_NO_MEMORY;
	}
	if (search(http, http->decoded.data, http->decoded.len))
	{
		return LM_HTTP_OK;
	}
	switch (http->state)
	{
		case LM_CHUNK_DONE:
			return LM_HTTP_NO_MATCH;
		case LM_CHUNK_BAD:
			return LM_HTTP_BAD_CHUNK;
		default:
			break;
	}
	if (len >= LM_HTTP_MAX_RESPONSE)
	{	/* as much as is examined, without the match */
		return LM_HTTP_NO_MATCH;
	}
	return complete ? LM_HTTP_TRUNCATED : LM_HTTP_MORE;
}

lm_http_result_t lm_http_evaluate(lm_http_t *http, const char *data,
								  size_t len, bool complete)
{
	lm_http_result_t result;
	const char *end;
	size_t line_len;

	http->status = 0;
	result = status_line(http, data, len, complete, &line_len);
	if (result != LM_HTTP_OK || !http->expect->match)
	{
		return result;
	}
	if (!http->body)
	{
		end = memmem(data, len, "\r\n\r\n", 4);
		if (!end)
		{
			return complete || len >= LM_HTTP_MAX_RESPONSE ? LM_HTTP_INVALID
														   : LM_HTTP_MORE;
		}
		http->body = end + 4 - data;
		http->chunked = header_chunked(data + line_len + 2, end + 2);
		http->pos = http->body;
	}
	if (http->chunked)
	{
		return chunked_body(http, data, len, complete);
	}
	if (search(http, data + http->body, len - http->body))
	{
		return LM_HTTP_OK;
	}
	return complete || len >= LM_HTTP_MAX_RESPONSE ? LM_HTTP_NO_MATCH
												   : LM_HTTP_MORE;
}

void lm_http_init(lm_http_t *http, const lm_http_expect_t *expect)
{
	*http = (lm_http_t){
		.expect = expect,
	};
}

void lm_http_free(lm_http_t *http)
{
	lm_buf_free(&http->decoded);
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
		case LM_HTTP_BAD_CHUNK:
			return "malformed chunked body";
		case LM_HTTP_TRUNCATED:
			return "chunked body truncated";
		case LM_HTTP_NO_MEMORY:
			return "out of memory";
		default:
			return "unknown";
	}
}
