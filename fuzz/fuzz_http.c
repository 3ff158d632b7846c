/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_http_evaluate() on (partial) HTTP responses, plain and chunked.
 *
 * The first input byte holds flags:
 *
 *   bit 0     complete: the connection was closed
 *   bit 1     with a match string: the next N bytes (up to a NUL) are it
 *   bit 2     large: the response is the rest repeated to just below or
 *             above LM_HTTP_MAX_RESPONSE bytes
 *   bits 3-7  N, the length of the match string (0..31)
 *
 * The remaining bytes are the response. It is evaluated as a server
 * sending it in three pieces would have it read (a third, two thirds, all),
 * stopping at the first decision, and at once; the two must agree.
 */

#include <stdbool.h>
#include <string.h>

#include "lm_http.h"

#include "fuzz_common.h"

#define FLAG_COMPLETE 0x01
#define FLAG_MATCH 0x02
#define FLAG_LARGE 0x04

/**
 * Build the response buffer, of exactly its length.
 */
static char *make_response(const uint8_t *data, size_t size, bool large,
						   size_t *len)
{
	size_t i, want;
	char *buf;

	if (!large)
	{
		*len = size;
		return (char*)fuzz_dup(data, size);
	}
	/* straddle the limit: LM_HTTP_MAX_RESPONSE - 8 .. + 7 */
	want = LM_HTTP_MAX_RESPONSE - 8 + (size % 16);
	buf = malloc(want);
	if (!buf)
	{
		return NULL;
	}
	if (!size)
	{
		memset(buf, 'x', want);
	}
	else
	{
		for (i = 0; i < want; i += size)
		{
			memcpy(buf + i, data, want - i < size ? want - i : size);
		}
	}
	*len = want;
	return buf;
}

/**
 * Evaluate the response in three reads, as the session does: stop at the
 * first decision.
 */
static lm_http_result_t in_pieces(const lm_http_expect_t *expect,
								  const char *resp, size_t len, bool complete,
								  int *status, size_t *read)
{
	lm_http_result_t res = LM_HTTP_MORE;
	lm_http_t http;
	int i;

	lm_http_init(&http, expect);
	for (i = 1; i <= 3 && res == LM_HTTP_MORE; i++)
	{
		*read = len * i / 3;
		res = lm_http_evaluate(&http, resp, *read, i == 3 && complete);
	}
	*status = http.status;
	lm_http_free(&http);
	return res;
}

/**
 * Check the invariants of an outcome.
 */
static void check_result(lm_http_result_t res, const char *match,
						 bool complete, size_t len, int status)
{
	CHECK(strcmp(lm_http_result_name(res), "unknown") != 0);
	switch (res)
	{
		case LM_HTTP_MORE:
			/* nothing more will come for a complete response */
			CHECK(!complete);
			CHECK(len < LM_HTTP_MAX_RESPONSE);
			break;
		case LM_HTTP_OK:
			CHECK(status >= 200 && status <= 399);
			break;
		case LM_HTTP_BAD_STATUS:
			CHECK(status >= 100 && status <= 999);
			CHECK(status < 200 || status > 399);
			break;
		case LM_HTTP_TRUNCATED:
			/* only a closed connection truncates */
			CHECK(complete);
			/* fall through */
		case LM_HTTP_NO_MATCH:
		case LM_HTTP_BAD_CHUNK:
			/* the body is only examined for a match */
			CHECK(match != NULL);
			CHECK(status >= 200 && status <= 399);
			break;
		case LM_HTTP_INVALID:
		case LM_HTTP_NO_MEMORY:
			break;
		default:
			CHECK(!"unknown result");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lm_http_expect_t expect = {};
	lm_http_result_t res, at_once;
	char *match = NULL, *resp;
	size_t mlen, len, read;
	uint8_t flags;
	bool complete;
	int status, status_once;
	lm_http_t http;

	if (size < 1)
	{
		return 0;
	}
	flags = data[0];
	data++;
	size--;
	complete = flags & FLAG_COMPLETE;
	if (flags & FLAG_MATCH)
	{
		mlen = flags >> 3;
		if (mlen > size)
		{
			mlen = size;
		}
		match = fuzz_strdup(data, mlen);
		if (!match)
		{
			return 0;
		}
		data += mlen;
		size -= mlen;
	}
	resp = make_response(data, size, flags & FLAG_LARGE, &len);
	if (!resp && len)
	{
		free(match);
		return 0;
	}
	expect.match = match;

	res = in_pieces(&expect, resp, len, complete, &status, &read);
	check_result(res, match, complete && read == len, read, status);
	lm_http_init(&http, &expect);
	at_once = lm_http_evaluate(&http, resp, len, complete);
	status_once = http.status;
	lm_http_free(&http);
	check_result(at_once, match, complete, len, status_once);
	if (read == len && res != LM_HTTP_NO_MEMORY &&
		at_once != LM_HTTP_NO_MEMORY)
	{
		/* however the response arrived, the same outcome */
		CHECK(res == at_once);
		CHECK(status == status_once);
	}
	free(resp);
	free(match);
	return 0;
}
