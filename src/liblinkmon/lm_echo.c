/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_echo.h"

#include <string.h>

#define MAGIC "LMEC"

size_t lm_echo_encode(uint8_t *buf, uint16_t ident, uint16_t seq,
					  uint32_t token)
{
	int i;

	memcpy(buf, MAGIC, 4);
	buf[4] = ident >> 8;
	buf[5] = ident;
	buf[6] = seq >> 8;
	buf[7] = seq;
	buf[8] = token >> 24;
	buf[9] = token >> 16;
	buf[10] = token >> 8;
	buf[11] = token;
	for (i = 12; i < LM_ECHO_LEN; i++)
	{
		buf[i] = 0xa0 + i;
	}
	return LM_ECHO_LEN;
}

int lm_echo_decode(const uint8_t *buf, size_t len, uint16_t *ident,
				   uint16_t *seq, uint32_t *token)
{
	int i;

	if (len != LM_ECHO_LEN || memcmp(buf, MAGIC, 4) != 0)
	{
		return -1;
	}
	for (i = 12; i < LM_ECHO_LEN; i++)
	{
		if (buf[i] != (uint8_t)(0xa0 + i))
		{
			return -1;
		}
	}
	*ident = (buf[4] << 8) | buf[5];
	*seq = (buf[6] << 8) | buf[7];
	*token = ((uint32_t)buf[8] << 24) | ((uint32_t)buf[9] << 16) |
			 ((uint32_t)buf[10] << 8) | buf[11];
	return 0;
}
