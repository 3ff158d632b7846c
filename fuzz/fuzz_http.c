/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_http_evaluate() on (partial) HTTP responses.
 *
 * The first input byte holds flags:
 *
 *   bit 0     complete: the connection was closed
 *   bit 1     with a match string: the next N bytes (up to a NUL) are it
 *   bit 2     large: the response is the rest repeated to just below or
 *             above LM_HTTP_MAX_RESPONSE bytes
 *   bits 3-7  N, the length of the match string (0..31)
 *
 * The remaining bytes are the response.
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lm_http_result_t res;
	char *match = NULL, *resp;
	size_t mlen, len;
	uint8_t flags;
	bool complete;
	int status = -1;

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

	res = lm_http_evaluate(resp, len, complete, match, &status);
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
		case LM_HTTP_NO_MATCH:
			CHECK(match != NULL);
			CHECK(status >= 200 && status <= 399);
			break;
		case LM_HTTP_INVALID:
			break;
		default:
			CHECK(!"unknown result");
	}
	free(resp);
	free(match);
	return 0;
}
