/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_nlrule_parse_dump() (and through it lm_nlroute_parse_msgs(), the
 * walk shared with the route dumps) and lm_nlroute_parse_ack() on the bytes
 * as received from a NETLINK_ROUTE socket. The dump's sequence number is
 * the one of the first message, so that mutations keep reaching the rules.
 *
 * Every rule reported must be one we could have made (family, prefix
 * lengths, a terminated interface name, normalized), must format, and
 * must come back unchanged from a dump of the request built for it.
 */

#include <string.h>
#include <sys/socket.h>

#include "lm_nlrule.h"

#include "fuzz_common.h"

/** a request of ours fits this */
#define REQUEST_SIZE 256

/**
 * Remember the rule of a one-rule dump, lm_nlrule_cb_t.
 */
static void keep(void *user, const lm_rule_t *rule)
{
	lm_rule_t *kept = user;

	CHECK(kept->family == 0);
	*kept = *rule;
}

/**
 * Rebuild a reported rule as a request and parse that as a dump again.
 */
static void roundtrip(const lm_rule_t *rule)
{
	uint8_t req[REQUEST_SIZE], *copy;
	lm_rule_t again;
	size_t len;

	len = lm_nlrule_build_rule(req, sizeof(req), 1, LM_NLRULE_ADD, rule);
	if (!rule->table)
	{
		/* a kernel's rule may say so, ours never do */
		CHECK(len == 0);
		return;
	}
	CHECK(len > 0);
	copy = fuzz_dup(req, len);
	if (!copy)
	{
		return;
	}
	memset(&again, 0, sizeof(again));
	CHECK(lm_nlrule_parse_dump(copy, len, 1, keep, &again) ==
		  LM_NLROUTE_OTHER);
	CHECK(lm_rule_equals(&again, rule));
	free(copy);
}

/**
 * Check a rule the parser reported, lm_nlrule_cb_t.
 */
static void check_rule(void *user, const lm_rule_t *rule)
{
	lm_rule_t normalized = *rule;
	char buf[160], tiny[8];
	int max;

	CHECK(rule->family == AF_INET || rule->family == AF_INET6);
	max = rule->family == AF_INET ? 32 : 128;
	CHECK(rule->src_len <= max && rule->dst_len <= max);
	CHECK(memchr(rule->iif, '\0', sizeof(rule->iif)));
	lm_rule_normalize(&normalized);
	CHECK(lm_rule_equals(&normalized, rule));
	CHECK(strlen(lm_rule_fmt(rule, buf, sizeof(buf))) < sizeof(buf));
	CHECK(strlen(lm_rule_fmt(rule, tiny, sizeof(tiny))) < sizeof(tiny));
	roundtrip(rule);
	(*(int*)user)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *buf;
	uint32_t seq = 0;
	int count = 0, ret;

	if (size >= 12)
	{
		memcpy(&seq, data + 8, sizeof(seq));
	}
	buf = fuzz_dup(data, size);
	if (!buf && size)
	{
		return 0;
	}
	ret = lm_nlrule_parse_dump(buf, size, seq, check_rule, &count);
	CHECK(ret == 0 || ret == LM_NLROUTE_OTHER || ret > 0);
	ret = lm_nlroute_parse_ack(buf, size, seq);
	CHECK(ret == 0 || ret == LM_NLROUTE_OTHER || ret > 0);
	free(buf);
	return 0;
}
