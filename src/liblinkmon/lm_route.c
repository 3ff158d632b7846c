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
