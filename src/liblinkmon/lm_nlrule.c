/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_nlrule.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

/**
 * Length of an address of a family, 0 if unsupported.
 */
static size_t addr_len(int family)
{
	switch (family)
	{
		case AF_INET:
			return 4;
		case AF_INET6:
			return 16;
		default:
			return 0;
	}
}

/**
 * Check that a rule can be sent.
 */
static bool rule_valid(const lm_rule_t *rule)
{
	size_t len = addr_len(rule->family);

	return len && rule->table &&
		   rule->src_len <= len * 8 && rule->dst_len <= len * 8 &&
		   (!rule->src_len || rule->src.family == rule->family) &&
		   (!rule->dst_len || rule->dst.family == rule->family) &&
		   memchr(rule->iif, '\0', sizeof(rule->iif));
}

/**
 * Add the attributes of a rule.
 *
 * @return			FALSE if they do not fit
 */
static bool put_attrs(struct nlmsghdr *nlh, size_t size,
					  const lm_rule_t *rule)
{
	size_t len = addr_len(rule->family);

	return mnl_attr_put_u32_check(nlh, size, FRA_TABLE, rule->table) &&
		   mnl_attr_put_u32_check(nlh, size, FRA_PRIORITY, rule->priority) &&
		   mnl_attr_put_u8_check(nlh, size, FRA_PROTOCOL, LM_RTPROT) &&
		   (!rule->src_len ||
			mnl_attr_put_check(nlh, size, FRA_SRC, len, rule->src.a)) &&
		   (!rule->dst_len ||
			mnl_attr_put_check(nlh, size, FRA_DST, len, rule->dst.a)) &&
		   (!rule->iif[0] ||
			mnl_attr_put_strz_check(nlh, size, FRA_IIFNAME, rule->iif)) &&
		   (!rule->fwmask ||
			(mnl_attr_put_u32_check(nlh, size, FRA_FWMARK, rule->fwmark) &&
			 mnl_attr_put_u32_check(nlh, size, FRA_FWMASK, rule->fwmask)));
}

size_t lm_nlrule_build_rule(void *buf, size_t size, uint32_t seq,
							lm_nlrule_op_t op, const lm_rule_t *rule)
{
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;
	uint16_t type, flags = NLM_F_REQUEST | NLM_F_ACK;

	switch (op)
	{
		case LM_NLRULE_ADD:
			type = RTM_NEWRULE;
			flags |= NLM_F_CREATE | NLM_F_EXCL;
			break;
		case LM_NLRULE_DEL:
			type = RTM_DELRULE;
			break;
		default:
			return 0;
	}
	if (!rule_valid(rule))
	{
		return 0;
	}
	nlh = lm_nlroute_put_request(buf, size, type, flags, seq, sizeof(*frh),
								 (void**)&frh);
	if (!nlh)
	{
		return 0;
	}
	frh->family = rule->family;
	frh->src_len = rule->src_len;
	frh->dst_len = rule->dst_len;
	frh->table = rule->table < 256 ? rule->table : RT_TABLE_UNSPEC;
	frh->action = FR_ACT_TO_TBL;
	if (!put_attrs(nlh, size, rule))
	{
		return 0;
	}
	return nlh->nlmsg_len;
}

size_t lm_nlrule_build_dump(void *buf, size_t size, uint32_t seq, int family)
{
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;

	/* strict dump checking wants nothing but the family */
	nlh = lm_nlroute_put_request(buf, size, RTM_GETRULE,
								 NLM_F_REQUEST | NLM_F_DUMP, seq,
								 sizeof(*frh), (void**)&frh);
	if (!nlh)
	{
		return 0;
	}
	frh->family = family;
	return nlh->nlmsg_len;
}

/**
 * Attributes of a rule message we look at.
 */
typedef struct {
	/** attributes by type, NULL if absent, not validated */
	const struct nlattr *tb[FRA_MAX + 1];
} attrs_t;

/**
 * mnl_attr_parse() callback collecting the attributes we know.
 */
static int attr_cb(const struct nlattr *attr, void *data)
{
	attrs_t *attrs = data;
	uint16_t type = mnl_attr_get_type(attr);

	switch (type)
	{
		case FRA_SRC:
		case FRA_DST:
		case FRA_IIFNAME:
		case FRA_PRIORITY:
		case FRA_FWMARK:
		case FRA_FWMASK:
		case FRA_TABLE:
		case FRA_PROTOCOL:
			attrs->tb[type] = attr;
			break;
		default:
			/* not interested */
			break;
	}
	return MNL_CB_OK;
}

/**
 * Check if the attributes mark a rule of ours.
 */
static bool is_ours(const attrs_t *attrs)
{
	const struct nlattr *proto = attrs->tb[FRA_PROTOCOL];

	return proto && mnl_attr_validate(proto, MNL_TYPE_U8) == 0 &&
		   mnl_attr_get_u8(proto) == LM_RTPROT;
}

/**
 * Read an optional u32 attribute.
 *
 * @return			FALSE if it is malformed
 */
static bool get_u32(const attrs_t *attrs, int type, uint32_t *value)
{
	if (!attrs->tb[type])
	{
		return true;
	}
	if (mnl_attr_validate(attrs->tb[type], MNL_TYPE_U32) < 0)
	{
		return false;
	}
	*value = mnl_attr_get_u32(attrs->tb[type]);
	return true;
}

/**
 * Read a prefix, present if its length is not 0.
 *
 * @return			FALSE if it is missing or malformed
 */
static bool get_prefix(const attrs_t *attrs, int type, int family,
					   uint8_t len, lm_addr_t *addr)
{
	size_t alen = addr_len(family);

	if (!len)
	{
		return true;
	}
	if (len > alen * 8 || !attrs->tb[type] ||
		mnl_attr_get_payload_len(attrs->tb[type]) != alen)
	{
		return false;
	}
	addr->family = family;
	memcpy(addr->a, mnl_attr_get_payload(attrs->tb[type]), alen);
	return true;
}

/**
 * Read the input interface, if any.
 *
 * @return			FALSE if it is malformed
 */
static bool get_iif(const attrs_t *attrs, char iif[IF_NAMESIZE])
{
	const struct nlattr *attr = attrs->tb[FRA_IIFNAME];

	if (!attr)
	{
		return true;
	}
	if (mnl_attr_validate(attr, MNL_TYPE_NUL_STRING) < 0 ||
		mnl_attr_get_payload_len(attr) > IF_NAMESIZE)
	{
		return false;
	}
	strcpy(iif, mnl_attr_get_str(attr));
	return true;
}

/**
 * The callback of a rule dump and its data.
 */
typedef struct {
	lm_nlrule_cb_t cb;
	void *user;
} rule_cb_t;

/**
 * Parse an RTM_NEWRULE message of a dump, lm_nlroute_msg_cb_t.
 */
static bool rule_msg(void *user, const struct nlmsghdr *nlh)
{
	rule_cb_t *report = user;
	const struct fib_rule_hdr *frh;
	attrs_t attrs = {};
	lm_rule_t rule = {};

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*frh))
	{
		return false;
	}
	frh = mnl_nlmsg_get_payload(nlh);
	if (!addr_len(frh->family) || frh->action != FR_ACT_TO_TBL ||
		frh->tos || (frh->flags & FIB_RULE_INVERT))
	{
		return true;
	}
	mnl_attr_parse(nlh, sizeof(*frh), attr_cb, &attrs);
	if (!is_ours(&attrs))
	{
		return true;
	}
	rule.family = frh->family;
	rule.src_len = frh->src_len;
	rule.dst_len = frh->dst_len;
	rule.table = frh->table;
	if (!get_prefix(&attrs, FRA_SRC, frh->family, frh->src_len, &rule.src) ||
		!get_prefix(&attrs, FRA_DST, frh->family, frh->dst_len, &rule.dst) ||
		!get_iif(&attrs, rule.iif) ||
		!get_u32(&attrs, FRA_TABLE, &rule.table) ||
		!get_u32(&attrs, FRA_PRIORITY, &rule.priority) ||
		!get_u32(&attrs, FRA_FWMARK, &rule.fwmark) ||
		!get_u32(&attrs, FRA_FWMASK, &rule.fwmask))
	{
		return false;
	}
	lm_rule_normalize(&rule);
	report->cb(report->user, &rule);
	return true;
}

int lm_nlrule_parse_dump(const void *buf, size_t len, uint32_t seq,
						 lm_nlrule_cb_t cb, void *user)
{
	rule_cb_t report = {
		.cb = cb,
		.user = user,
	};

	return lm_nlroute_parse_msgs(buf, len, seq, RTM_NEWRULE, rule_msg,
								 &report);
}
