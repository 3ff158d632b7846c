/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_rule.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** number of elements of an array */
#define countof(array) (sizeof(array) / sizeof((array)[0]))

/** the main routing table */
#define TABLE_MAIN 254

/**
 * Keys of a rule section.
 */
static const char *rule_keys[] = {
	"from", "to", "iif", "fwmark", "table", "priority",
};

/**
 * Parsing one rule section.
 */
typedef struct {
	/** the section */
	const lm_kv_t *kv;
	/** the rule being built */
	lm_rule_t *rule;
	/** error callback and its data */
	lm_rule_error_t error;
	void *user;
	/** errors reported */
	int count;
} ctx_t;

static void fail(ctx_t *ctx, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Report an error of a key, named "rules.NAME.KEY".
 */
static void fail(ctx_t *ctx, const char *key, const char *fmt, ...)
{
	char name[128], msg[256];
	va_list args;

	snprintf(name, sizeof(name), "rules.%s.%s", ctx->kv->name, key);
	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	ctx->error(ctx->user, name, msg);
	ctx->count++;
}

void lm_rule_normalize(lm_rule_t *rule)
{
	if (rule->src_len)
	{
		rule->src.family = rule->family;
		lm_addr_mask(&rule->src, rule->src_len);
	}
	else
	{
		memset(&rule->src, 0, sizeof(rule->src));
	}
	if (rule->dst_len)
	{
		rule->dst.family = rule->family;
		lm_addr_mask(&rule->dst, rule->dst_len);
	}
	else
	{
		memset(&rule->dst, 0, sizeof(rule->dst));
	}
	if (!rule->fwmask)
	{
		rule->fwmark = 0;
	}
	rule->iif[IF_NAMESIZE - 1] = '\0';
}

bool lm_rule_equals(const lm_rule_t *a, const lm_rule_t *b)
{
	return a->family == b->family &&
		   a->src_len == b->src_len && lm_addr_equals(&a->src, &b->src) &&
		   a->dst_len == b->dst_len && lm_addr_equals(&a->dst, &b->dst) &&
		   strcmp(a->iif, b->iif) == 0 &&
		   a->fwmark == b->fwmark && a->fwmask == b->fwmask &&
		   a->table == b->table && a->priority == b->priority;
}

char *lm_rule_fmt(const lm_rule_t *rule, char *buf, size_t len)
{
	char addr[LM_ADDR_STRLEN];
	size_t pos;

	if (rule->src_len)
	{
		pos = snprintf(buf, len, "priority %u from %s/%u", rule->priority,
					   lm_addr_fmt(&rule->src, addr), rule->src_len);
	}
	else
	{
		pos = snprintf(buf, len, "priority %u from %s", rule->priority,
					   rule->family == AF_INET6 ? "::/0" : "all");
	}
	if (rule->dst_len && pos < len)
	{
		pos += snprintf(buf + pos, len - pos, " to %s/%u",
						lm_addr_fmt(&rule->dst, addr), rule->dst_len);
	}
	if (rule->fwmask && pos < len)
	{
		pos += snprintf(buf + pos, len - pos, " fwmark %#x", rule->fwmark);
		if (rule->fwmask != UINT32_MAX && pos < len)
		{
			pos += snprintf(buf + pos, len - pos, "/%#x", rule->fwmask);
		}
	}
	if (rule->iif[0] && pos < len)
	{
		pos += snprintf(buf + pos, len - pos, " iif %s", rule->iif);
	}
	if (pos < len)
	{
		snprintf(buf + pos, len - pos, " lookup %u", rule->table);
	}
	return buf;
}

/**
 * Parse an unsigned 32-bit number, whole string: decimal, or hexadecimal
 * with 0x if hex is set.
 */
static bool parse_u32(const char *str, bool hex, uint32_t *out)
{
	unsigned long long v;
	int base = 10;
	char *end;

	if (hex && (strncmp(str, "0x", 2) == 0 || strncmp(str, "0X", 2) == 0))
	{
		str += 2;
		base = 16;
	}
	if (!isxdigit((unsigned char)*str) ||
		(base == 10 && !isdigit((unsigned char)*str)))
	{
		return false;
	}
	errno = 0;
	v = strtoull(str, &end, base);
	if (errno || *end || v > UINT32_MAX)
	{
		return false;
	}
	*out = v;
	return true;
}

/**
 * Report the subsections and unknown keys of the section.
 */
static void check_keys(ctx_t *ctx)
{
	const lm_kv_t *kv = ctx->kv;
	size_t i, k;

	for (i = 0; i < kv->nsubs; i++)
	{
		fail(ctx, kv->subs[i]->name, "unexpected subsection");
	}
	for (i = 0; i < kv->npairs; i++)
	{
		for (k = 0; k < countof(rule_keys); k++)
		{
			if (strcmp(kv->pairs[i].key, rule_keys[k]) == 0)
			{
				break;
			}
		}
		if (k == countof(rule_keys))
		{
			fail(ctx, kv->pairs[i].key, "unknown key");
		}
	}
}

/**
 * The prefix of from or to; the first one sets the rule's family.
 */
static void parse_prefix(ctx_t *ctx, const char *key, lm_addr_t *addr,
						 uint8_t *len)
{
	const char *v = lm_kv_get(ctx->kv, key);
	lm_addr_t prefix;
	uint8_t plen;

	if (!v)
	{
		return;
	}
	if (!lm_addr_parse_prefix(v, &prefix, &plen))
	{
		fail(ctx, key, "'%s' is not an IPv4 or IPv6 prefix", v);
	}
	else if (ctx->rule->family && ctx->rule->family != prefix.family)
	{
		fail(ctx, key, "address family differs from the one of 'from'");
	}
	else
	{
		ctx->rule->family = prefix.family;
		*addr = prefix;
		*len = plen;
	}
}

/**
 * The input interface.
 */
static void parse_iif(ctx_t *ctx)
{
	const char *v = lm_kv_get(ctx->kv, "iif"), *c;
	size_t len;

	if (!v)
	{
		return;
	}
	len = strlen(v);
	for (c = v; *c && isgraph((unsigned char)*c) && *c != '/'; c++)
	{
	}
	if (!len || len >= IF_NAMESIZE || *c)
	{
		fail(ctx, "iif", "'%s' is not a valid interface name", v);
		return;
	}
	memcpy(ctx->rule->iif, v, len + 1);
}

/**
 * The firewall mark, N or N/MASK.
 */
static void parse_fwmark(ctx_t *ctx)
{
	const char *v = lm_kv_get(ctx->kv, "fwmark");
	char buf[32], *slash;
	uint32_t mark, mask = UINT32_MAX;

	if (!v)
	{
		return;
	}
	snprintf(buf, sizeof(buf), "%s", v);
	slash = strchr(buf, '/');
	if (slash)
	{
		*slash++ = '\0';
	}
	if (strlen(v) >= sizeof(buf) || !parse_u32(buf, true, &mark) ||
		(slash && !parse_u32(slash, true, &mask)))
	{
		fail(ctx, "fwmark", "'%s' is not a mark N or N/MASK (decimal or "
			 "0x hex, 32 bits)", v);
	}
	else if (!mask || (!mark && !slash))
	{
		fail(ctx, "fwmark", "'%s' matches every packet (for unmarked "
			 "packets, give a mask: 0/MASK)", v);
	}
	else if (mark & ~mask)
	{
		fail(ctx, "fwmark", "'%s' has bits outside its mask", v);
	}
	else
	{
		ctx->rule->fwmark = mark;
		ctx->rule->fwmask = mask;
	}
}

/**
 * The table, required, and the priority.
 */
static void parse_order(ctx_t *ctx)
{
	const char *v;
	uint32_t num;

	v = lm_kv_get(ctx->kv, "table");
	if (!v)
	{
		fail(ctx, "table", "missing");
	}
	else if (strcmp(v, "main") == 0)
	{
		ctx->rule->table = TABLE_MAIN;
	}
	else if (!parse_u32(v, false, &num) || !num || num > LM_RULE_TABLE_MAX)
	{
		fail(ctx, "table", "'%s' is not 'main' or a table number "
			 "1..%u", v, LM_RULE_TABLE_MAX);
	}
	else
	{
		ctx->rule->table = num;
	}
	v = lm_kv_get(ctx->kv, "priority");
	if (v)
	{
		if (!parse_u32(v, false, &num) || !num ||
			num > LM_RULE_PRIORITY_MAX)
		{
			fail(ctx, "priority", "'%s' is not a priority 1..%u (0 is the "
				 "local table's rule, 32766 main's)", v,
				 LM_RULE_PRIORITY_MAX);
		}
		else
		{
			ctx->rule->priority = num;
		}
	}
}

int lm_rule_parse(const lm_kv_t *kv, lm_rule_t *rule, lm_rule_error_t error,
				  void *user)
{
	ctx_t ctx = {
		.kv = kv,
		.rule = rule,
		.error = error,
		.user = user,
	};

	*rule = (lm_rule_t){
		.priority = LM_RULE_PRIORITY_DEFAULT,
	};
	check_keys(&ctx);
	parse_prefix(&ctx, "from", &rule->src, &rule->src_len);
	parse_prefix(&ctx, "to", &rule->dst, &rule->dst_len);
	if (!rule->family)
	{
		rule->family = AF_INET;
	}
	parse_iif(&ctx);
	parse_fwmark(&ctx);
	parse_order(&ctx);
	lm_rule_normalize(rule);
	return ctx.count;
}
