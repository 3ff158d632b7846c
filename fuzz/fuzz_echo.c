/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_echo_decode() on echoed udp-echo/tcp-echo payloads. A payload that
 * decodes must be exactly what lm_echo_encode() builds for the decoded
 * values, and a payload built from the input's first bytes must decode.
 */

#include <string.h>

#include "lm_echo.h"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t again[LM_ECHO_LEN], *buf;
	uint16_t ident = 0, seq = 0;
	uint32_t token = 0;
	int res;

	buf = fuzz_dup(data, size);
	if (!buf && size)
	{
		return 0;
	}
	res = lm_echo_decode(buf, size, &ident, &seq, &token);
	CHECK(res == 0 || res == -1);
	if (res == 0)
	{
		CHECK(size == LM_ECHO_LEN);
		CHECK(lm_echo_encode(again, ident, seq, token) == LM_ECHO_LEN);
		CHECK(memcmp(again, buf, LM_ECHO_LEN) == 0);
	}
	free(buf);

	if (size >= 8)
	{
		uint16_t i2 = fuzz_get16(data), s2 = fuzz_get16(data + 2);
		uint32_t t2 = ((uint32_t)data[4] << 24) | ((uint32_t)data[5] << 16) |
					  ((uint32_t)data[6] << 8) | data[7];

		buf = malloc(LM_ECHO_LEN);
		if (buf)
		{
			CHECK(lm_echo_encode(buf, i2, s2, t2) == LM_ECHO_LEN);
			CHECK(lm_echo_decode(buf, LM_ECHO_LEN, &ident, &seq, &token) == 0);
			CHECK(ident == i2 && seq == s2 && token == t2);
			/* truncated echoes are not ours */
			CHECK(lm_echo_decode(buf, LM_ECHO_LEN - 1, &ident, &seq,
								 &token) == -1);
			free(buf);
		}
	}
	return 0;
}
