/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_route.h"

#include <stdio.h>
#include <string.h>

bool lm_route_equals(const lm_route_t *a, const lm_route_t *b)
{
	return lm_addr_equals(&a->dst, &b->dst) &&
		   a->prefixlen == b->prefixlen &&
		   (a->gateway.family == 0 ? b->gateway.family == 0 :
									 lm_addr_equals(&a->gateway, &b->gateway)) &&
		   strcmp(a->ifname, b->ifname) == 0 &&
		   a->metric == b->metric &&
		   a->table == b->table;
}

char *lm_route_fmt(const lm_route_t *route, char *buf, size_t len)
{
	char dst[LM_ADDR_STRLEN], gw[LM_ADDR_STRLEN];
	size_t pos;

	pos = snprintf(buf, len, "%s/%u", lm_addr_fmt(&route->dst, dst),
				   route->prefixlen);
	if (route->gateway.family && pos < len)
	{
		pos += snprintf(buf + pos, len - pos, " via %s",
						lm_addr_fmt(&route->gateway, gw));
	}
	if (route->ifname[0] && pos < len)
	{
		pos += snprintf(buf + pos, len - pos, " dev %s", route->ifname);
	}
	if (pos < len)
	{
		snprintf(buf + pos, len - pos, " metric %u table %u", route->metric,
				 route->table);
	}
	return buf;
}

/**
 * Does an address, with its lowest bits host bits set, exceed a limit?
 */
static bool beyond(const uint8_t *addr, int bits, const uint8_t *limit,
				   int len)
{
	uint8_t last[16];
	int i;

	memcpy(last, addr, len);
	for (i = len - 1; bits > 0; i--, bits -= 8)
	{
		last[i] |= bits >= 8 ? 0xff : (1 << bits) - 1;
	}
	return memcmp(last, limit, len) > 0;
}

/**
 * Number of trailing zero bits of an address, len * 8 for all-zero.
 */
static int trailing_zeros(const uint8_t *addr, int len)
{
	int i, bits = 0;
	uint8_t b;

	for (i = len - 1; i >= 0; i--)
	{
		if (addr[i])
		{
			for (b = addr[i]; !(b & 1); b >>= 1)
			{
				bits++;
			}
			return bits;
		}
		bits += 8;
	}
	return bits;
}

/**
 * Add 2^bits to an address.
 *
 * @return			FALSE if it wrapped past the last address
 */
static bool advance(uint8_t *addr, int bits, int len)
{
	int i = len - 1 - bits / 8;
	unsigned carry = 1 << (bits % 8);

	for (; i >= 0 && carry; i--)
	{
		carry += addr[i];
		addr[i] = carry & 0xff;
		carry >>= 8;
	}
	return !carry;
}

int lm_route_range_prefixes(const lm_addr_t *from, const lm_addr_t *to,
							lm_prefix_t *prefixes, int max)
{
	int len = from->family == AF_INET ? 4 : 16, count = 0, host;
	uint8_t cur[16];

	if ((from->family != AF_INET && from->family != AF_INET6) ||
		to->family != from->family || memcmp(from->a, to->a, len) > 0)
	{
		return -1;
	}
	memcpy(cur, from->a, len);
	while (true)
	{
		/* the largest aligned block at cur that ends within the range */
		host = trailing_zeros(cur, len);
		while (beyond(cur, host, to->a, len))
		{
			host--;
		}
		if (count == max)
		{
			return -1;
		}
		prefixes[count] = (lm_prefix_t){
			.addr = { .family = from->family },
			.len = len * 8 - host,
		};
		memcpy(prefixes[count++].addr.a, cur, len);
		if (host == len * 8 || !advance(cur, host, len) ||
			memcmp(cur, to->a, len) > 0)
		{
			return count;
		}
	}
}
