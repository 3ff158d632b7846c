/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz the control socket wire format: lm_msg_decode_hdr() on the first
 * LM_MSG_HDR_LEN bytes (with the limits the plugin and the CLI use, and
 * extremes), and lm_msg_parse_unix_uri() on the whole input as a string, with
 * path buffers from tiny to large.
 */

#include <stdbool.h>
#include <string.h>

#include "lm_msg.h"

#include "fuzz_common.h"

/**
 * Decode a header with one limit and check the result.
 */
static void decode_hdr(const uint8_t *hdr, uint32_t max)
{
	uint8_t again[LM_MSG_HDR_LEN];
	const char *err;
	uint8_t type = 0;
	uint32_t len = 0;

	err = lm_msg_decode_hdr(hdr, max, &type, &len);
	if (err)
	{
		CHECK(*err);
		return;
	}
	CHECK(len <= max);
	CHECK(lm_msg_type_name(type) != NULL);
	/* a valid header encodes back to the same bytes */
	lm_msg_encode_hdr(again, type, len);
	CHECK(memcmp(again, hdr, LM_MSG_HDR_LEN) == 0);
}

/**
 * Parse the URI into path buffers of several sizes.
 */
static void parse_uri(const char *uri)
{
	static const size_t sizes[] = { 1, 2, 8, 16, 108, 4096 };
	bool ok, was_ok = false;
	size_t i;
	char *path;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++)
	{
		path = malloc(sizes[i]);
		if (!path)
		{
			return;
		}
		memset(path, 0x55, sizes[i]);
		ok = lm_msg_parse_unix_uri(uri, path, sizes[i]);
		if (ok)
		{
			CHECK(strncmp(uri, "unix://", 7) == 0);
			CHECK(memchr(path, '\0', sizes[i]) != NULL);
			CHECK(path[0] == '/');
			CHECK(strcmp(path, uri + 7) == 0);
		}
		/* what fits a buffer fits any larger one */
		CHECK(ok || !was_ok);
		was_ok = ok;
		free(path);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *hdr;
	char *uri;

	if (size >= LM_MSG_HDR_LEN)
	{
		hdr = fuzz_dup(data, LM_MSG_HDR_LEN);
		if (hdr)
		{
			decode_hdr(hdr, 0);
			decode_hdr(hdr, LM_MSG_MAX_REQUEST);
			decode_hdr(hdr, LM_MSG_MAX_RESPONSE);
			decode_hdr(hdr, UINT32_MAX);
			if (size >= LM_MSG_HDR_LEN + 4)
			{
				decode_hdr(hdr, ((uint32_t)data[8] << 24) |
						   ((uint32_t)data[9] << 16) |
						   ((uint32_t)data[10] << 8) | data[11]);
			}
			free(hdr);
		}
	}

	uri = fuzz_strdup(data, size);
	if (uri)
	{
		parse_uri(uri);
		free(uri);
	}
	for (size_t i = 0; i < 256; i++)
	{
		lm_msg_type_name(i);
	}
	return 0;
}
