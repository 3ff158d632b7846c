/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_icmp.h"

#include <string.h>
#include <sys/socket.h>

#define ICMP_ECHO_REQUEST 8
#define ICMP_ECHO_REPLY 0
#define ICMP6_ECHO_REQUEST 128
#define ICMP6_ECHO_REPLY 129
#define ICMP_HDR_LEN 8
#define MAGIC "LMON"

uint16_t lm_inet_checksum(const void *data, size_t len)
{
	const uint8_t *p = data;
	uint32_t sum = 0;

	while (len > 1)
	{
		sum += (p[0] << 8) | p[1];
		p += 2;
		len -= 2;
	}
	if (len)
	{
		sum += p[0] << 8;
	}
	while (sum >> 16)
	{
		sum = (sum & 0xffff) + (sum >> 16);
	}
	return ~sum & 0xffff;
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static uint16_t get16(const uint8_t *p)
{
	return (p[0] << 8) | p[1];
}

size_t lm_icmp_echo_encode(uint8_t *buf, int family, uint16_t id,
						   uint16_t seq, uint32_t token)
{
	uint16_t sum;
	int i;

	memset(buf, 0, LM_ICMP_ECHO_LEN);
	buf[0] = family == AF_INET6 ? ICMP6_ECHO_REQUEST : ICMP_ECHO_REQUEST;
	buf[1] = 0;
	put16(buf + 4, id);
	put16(buf + 6, seq);
	memcpy(buf + 8, MAGIC, 4);
	buf[12] = token >> 24;
	buf[13] = token >> 16;
	buf[14] = token >> 8;
	buf[15] = token;
	for (i = 16; i < LM_ICMP_ECHO_LEN; i++)
	{
		buf[i] = i;
	}
	if (family != AF_INET6)
	{
		sum = lm_inet_checksum(buf, LM_ICMP_ECHO_LEN);
		put16(buf + 2, sum);
	}
	return LM_ICMP_ECHO_LEN;
}

lm_icmp_result_t lm_icmp_echo_decode(const uint8_t *pkt, size_t len,
									 int family, uint16_t *id, uint16_t *seq,
									 uint32_t *token)
{
	const uint8_t *icmp;
	size_t ihl, tot, icmp_len;

	if (family == AF_INET)
	{
		if (len < 20 || (pkt[0] >> 4) != 4)
		{
			return LM_ICMP_INVALID;
		}
		ihl = (pkt[0] & 0x0f) * 4;
		tot = get16(pkt + 2);
		if (ihl < 20 || ihl > len || tot < ihl || tot > len)
		{
			return LM_ICMP_INVALID;
		}
		if (pkt[9] != 1)
		{
			return LM_ICMP_IGNORE;
		}
		icmp = pkt + ihl;
		icmp_len = tot - ihl;
	}
	else if (family == AF_INET6)
	{
		icmp = pkt;
		icmp_len = len;
	}
	else
	{
		return LM_ICMP_INVALID;
	}
	if (icmp_len < ICMP_HDR_LEN)
	{
		return LM_ICMP_INVALID;
	}
	if (icmp[0] != (family == AF_INET6 ? ICMP6_ECHO_REPLY : ICMP_ECHO_REPLY))
	{
		return LM_ICMP_IGNORE;
	}
	if (icmp[1] != 0)
	{
		return LM_ICMP_INVALID;
	}
	if (family == AF_INET && lm_inet_checksum(icmp, icmp_len) != 0)
	{
		return LM_ICMP_INVALID;
	}
	if (icmp_len < 16 || memcmp(icmp + 8, MAGIC, 4) != 0)
	{
		/* someone else's echo reply */
		return LM_ICMP_IGNORE;
	}
	*id = get16(icmp + 4);
	*seq = get16(icmp + 6);
	*token = ((uint32_t)icmp[12] << 24) | ((uint32_t)icmp[13] << 16) |
			 ((uint32_t)icmp[14] << 8) | icmp[15];
	return LM_ICMP_OK;
}
