/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_msg.h"

#include <string.h>

#define LM_MAGIC_0 'L'
#define LM_MAGIC_1 'M'

void lm_msg_encode_hdr(uint8_t *buf, uint8_t type, uint32_t len)
{
	buf[0] = LM_MAGIC_0;
	buf[1] = LM_MAGIC_1;
	buf[2] = LM_MSG_VERSION;
	buf[3] = type;
	buf[4] = (len >> 24) & 0xff;
	buf[5] = (len >> 16) & 0xff;
	buf[6] = (len >> 8) & 0xff;
	buf[7] = len & 0xff;
}

const char *lm_msg_decode_hdr(const uint8_t *buf, uint32_t max,
							  uint8_t *type, uint32_t *len)
{
	uint32_t l;

	if (buf[0] != LM_MAGIC_0 || buf[1] != LM_MAGIC_1)
	{
		return "not a link-monitor message";
	}
	if (buf[2] != LM_MSG_VERSION)
	{
		return "unsupported link-monitor protocol version";
	}
	l = ((uint32_t)buf[4] << 24) | ((uint32_t)buf[5] << 16) |
		((uint32_t)buf[6] << 8) | (uint32_t)buf[7];
	if (l > max)
	{
		return "link-monitor message too long";
	}
	*type = buf[3];
	*len = l;
	return NULL;
}

const char *lm_msg_type_name(uint8_t type)
{
	switch (type)
	{
		case LM_MSG_STATUS:
			return "status";
		case LM_MSG_STATUS_JSON:
			return "status-json";
		case LM_MSG_RELOAD:
			return "reload";
		case LM_MSG_HA_ROLE:
			return "ha-role";
		case LM_MSG_HISTORY:
			return "history";
		case LM_MSG_EVENTS:
			return "events";
		case LM_MSG_METRICS:
			return "metrics";
		default:
			return "unknown";
	}
}

bool lm_msg_parse_unix_uri(const char *uri, char *path, size_t len)
{
	static const char prefix[] = "unix://";
	size_t plen;

	if (strncmp(uri, prefix, sizeof(prefix) - 1) != 0)
	{
		return false;
	}
	uri += sizeof(prefix) - 1;
	plen = strlen(uri);
	if (plen == 0 || plen >= len || uri[0] != '/')
	{
		return false;
	}
	memcpy(path, uri, plen + 1);
	return true;
}
