/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_route lm_route
 * @{ @ingroup liblinkmon
 *
 * Routes owned by the plugin (FortiGate update-static-route).
 */

#ifndef LM_ROUTE_H_
#define LM_ROUTE_H_

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lm_addr.h"

/** routing protocol id of our routes ("ip route show proto 199") */
#define LM_RTPROT 199

/** the main routing table */
#define LM_RT_TABLE_MAIN 254

typedef struct lm_route_t lm_route_t;

/**
 * A route.
 */
struct lm_route_t {
	/** destination prefix */
	lm_addr_t dst;
	/** prefix length */
	uint8_t prefixlen;
	/** gateway, family 0 if none */
	lm_addr_t gateway;
	/** output interface, "" if none */
	char ifname[IF_NAMESIZE];
	/** metric (RTA_PRIORITY) */
	uint32_t metric;
	/** routing table */
	uint32_t table;
};

typedef struct lm_prefix_t lm_prefix_t;

/**
 * An IPv4 or IPv6 prefix.
 */
struct lm_prefix_t {
	/** network address, host bits clear */
	lm_addr_t addr;
	/** prefix length */
	uint8_t len;
};

/**
 * Compare two routes in every field.
 */
bool lm_route_equals(const lm_route_t *a, const lm_route_t *b);

/**
 * Format a route like ip-route(8):
 * "10.0.0.135/32 via 198.51.100.1 dev eth1 metric 10 table 254".
 *
 * @return			buf
 */
char *lm_route_fmt(const lm_route_t *route, char *buf, size_t len);

/**
 * Cover an address range (a traffic selector's) with the fewest prefixes,
 * in order: 10.0.0.0-10.0.1.255 is 10.0.0.0/23, 10.0.0.1-10.0.0.6 is
 * 10.0.0.1/32, 10.0.0.2/31, 10.0.0.4/31 and 10.0.0.6/32.
 *
 * @param from		first address
 * @param to		last address, of the family of from, not below it
 * @param prefixes	receives the prefixes
 * @param max		room in prefixes
 * @return			number of prefixes, -1 if the range is invalid or needs
 *					more than max
 */
int lm_route_range_prefixes(const lm_addr_t *from, const lm_addr_t *to,
							lm_prefix_t *prefixes, int max);

#endif /** LM_ROUTE_H_ @}*/
