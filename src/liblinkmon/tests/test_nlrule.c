/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>
#include <sys/socket.h>
#include <linux/fib_rules.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include <lm_nlrule.h>

#include "test_suites.h"

/**
 * A decoded rule request.
 */
typedef struct {
	const struct nlmsghdr *nlh;
	const struct fib_rule_hdr *frh;
	const struct nlattr *tb[FRA_MAX + 1];
	int count;
} decoded_t;

static int decode_cb(const struct nlattr *attr, void *data)
{
	decoded_t *d = data;
	uint16_t type = mnl_attr_get_type(attr);

	ck_assert_int_le(type, FRA_MAX);
	/* every attribute at most once */
	ck_assert_ptr_null(d->tb[type]);
	d->tb[type] = attr;
	d->count++;
	return MNL_CB_OK;
}

/**
 * Build a rule message into an exactly sized heap buffer (checking that
 * building into a larger one gives the same bytes) and decode it with
 * libmnl, checking the netlink header.
 *
 * @return			the message, free() it
 */
static uint8_t *build_decode(lm_nlrule_op_t op, const lm_rule_t *rule,
							 uint32_t seq, uint16_t type, uint16_t flags,
							 decoded_t *d)
{
	uint8_t tmp[512], *buf;
	size_t len;

	len = lm_nlrule_build_rule(tmp, sizeof(tmp), seq, op, rule);
	ck_assert_uint_gt(len, 0);
	buf = malloc(len);
	ck_assert_uint_eq(lm_nlrule_build_rule(buf, len, seq, op, rule), len);
	ck_assert_mem_eq(buf, tmp, len);

	memset(d, 0, sizeof(*d));
	d->nlh = (struct nlmsghdr*)buf;
	ck_assert(mnl_nlmsg_ok(d->nlh, len));
	ck_assert_uint_eq(d->nlh->nlmsg_len, len);
	ck_assert_uint_eq(d->nlh->nlmsg_type, type);
	ck_assert_uint_eq(d->nlh->nlmsg_flags, flags);
	ck_assert_uint_eq(d->nlh->nlmsg_seq, seq);
	ck_assert_uint_eq(d->nlh->nlmsg_pid, 0);
	d->frh = mnl_nlmsg_get_payload(d->nlh);
	ck_assert_int_ge(mnl_attr_parse(d->nlh, sizeof(struct fib_rule_hdr),
									decode_cb, d), MNL_CB_OK);
	return buf;
}

static void assert_u32(decoded_t *d, uint16_t type, uint32_t value)
{
	ck_assert_ptr_nonnull(d->tb[type]);
	ck_assert_uint_eq(mnl_attr_get_payload_len(d->tb[type]), 4);
	ck_assert_uint_eq(mnl_attr_get_u32(d->tb[type]), value);
}

static void assert_addr(decoded_t *d, uint16_t type, const char *str)
{
	lm_addr_t addr;
	size_t len;

	ck_assert(lm_addr_parse(str, &addr));
	len = addr.family == AF_INET ? 4 : 16;
	ck_assert_ptr_nonnull(d->tb[type]);
	ck_assert_uint_eq(mnl_attr_get_payload_len(d->tb[type]), len);
	ck_assert_mem_eq(mnl_attr_get_payload(d->tb[type]), addr.a, len);
}

/**
 * Assert the rule header of a decoded message: a table lookup of ours.
 */
static void assert_frh(decoded_t *d, int family, int src_len, int dst_len,
					   int table)
{
	ck_assert_uint_eq(d->frh->family, family);
	ck_assert_uint_eq(d->frh->src_len, src_len);
	ck_assert_uint_eq(d->frh->dst_len, dst_len);
	ck_assert_uint_eq(d->frh->tos, 0);
	ck_assert_uint_eq(d->frh->table, table);
	ck_assert_uint_eq(d->frh->action, FR_ACT_TO_TBL);
	ck_assert_uint_eq(d->frh->flags, 0);
	ck_assert_ptr_nonnull(d->tb[FRA_PROTOCOL]);
	ck_assert_uint_eq(mnl_attr_get_payload_len(d->tb[FRA_PROTOCOL]), 1);
	ck_assert_uint_eq(mnl_attr_get_u8(d->tb[FRA_PROTOCOL]), LM_RTPROT);
}

/**
 * A rule: from and to may be NULL ("" for a prefix of length 0 of family).
 */
static lm_rule_t make_rule(int family, const char *from, const char *to,
						   const char *iif, uint32_t mark, uint32_t mask,
						   uint32_t table, uint32_t priority)
{
	lm_rule_t rule = {
		.family = family,
		.fwmark = mark,
		.fwmask = mask,
		.table = table,
		.priority = priority,
	};

	if (from)
	{
		ck_assert(lm_addr_parse_prefix(from, &rule.src, &rule.src_len));
	}
	if (to)
	{
		ck_assert(lm_addr_parse_prefix(to, &rule.dst, &rule.dst_len));
	}
	if (iif)
	{
		strcpy(rule.iif, iif);
	}
	lm_rule_normalize(&rule);
	return rule;
}

START_TEST(test_build_add4)
{
	lm_rule_t rule = make_rule(AF_INET, "10.1.0.0/24", "192.0.2.0/25",
							   "eth1", 0x10, 0xf0, 100, 500);
	decoded_t d;
	uint8_t *buf;

	buf = build_decode(LM_NLRULE_ADD, &rule, 42, RTM_NEWRULE,
					   NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
					   &d);
	assert_frh(&d, AF_INET, 24, 25, 100);
	ck_assert_int_eq(d.count, 8);
	assert_u32(&d, FRA_TABLE, 100);
	assert_u32(&d, FRA_PRIORITY, 500);
	assert_addr(&d, FRA_SRC, "10.1.0.0");
	assert_addr(&d, FRA_DST, "192.0.2.0");
	ck_assert_ptr_nonnull(d.tb[FRA_IIFNAME]);
	ck_assert_uint_eq(mnl_attr_get_payload_len(d.tb[FRA_IIFNAME]), 5);
	ck_assert_str_eq(mnl_attr_get_str(d.tb[FRA_IIFNAME]), "eth1");
	assert_u32(&d, FRA_FWMARK, 0x10);
	assert_u32(&d, FRA_FWMASK, 0xf0);
	free(buf);

	/* nothing but a table: every packet, no selector attributes */
	rule = make_rule(AF_INET, NULL, NULL, NULL, 0, 0, 254, 1000);
	buf = build_decode(LM_NLRULE_ADD, &rule, 43, RTM_NEWRULE,
					   NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
					   &d);
	assert_frh(&d, AF_INET, 0, 0, 254);
	ck_assert_int_eq(d.count, 3);
	assert_u32(&d, FRA_TABLE, 254);
	assert_u32(&d, FRA_PRIORITY, 1000);
	free(buf);
}
END_TEST

START_TEST(test_build_del6)
{
	lm_rule_t rule = make_rule(AF_INET6, "::/0", "2001:db8::/32", NULL, 0,
							   0xff, 4294967294U, 32765);
	decoded_t d;
	uint8_t *buf;

	/* table > 255, unmarked packets (0/0xff), IPv6 from all */
	buf = build_decode(LM_NLRULE_DEL, &rule, 0xffffffff, RTM_DELRULE,
					   NLM_F_REQUEST | NLM_F_ACK, &d);
	assert_frh(&d, AF_INET6, 0, 32, RT_TABLE_UNSPEC);
	ck_assert_int_eq(d.count, 6);
	assert_u32(&d, FRA_TABLE, 4294967294U);
	assert_u32(&d, FRA_PRIORITY, 32765);
	ck_assert_ptr_null(d.tb[FRA_SRC]);
	assert_addr(&d, FRA_DST, "2001:db8::");
	ck_assert_ptr_null(d.tb[FRA_IIFNAME]);
	assert_u32(&d, FRA_FWMARK, 0);
	assert_u32(&d, FRA_FWMASK, 0xff);
	free(buf);
}
END_TEST

START_TEST(test_build_invalid)
{
	lm_rule_t rule = make_rule(AF_INET, "10.0.0.0/8", NULL, "eth0", 1,
							   UINT32_MAX, 100, 10), bad;
	uint8_t tmp[512], *buf;
	size_t len, i;

	len = lm_nlrule_build_rule(tmp, sizeof(tmp), 1, LM_NLRULE_ADD, &rule);
	ck_assert_uint_gt(len, 0);
	/* every smaller buffer is refused, without writing beyond it */
	for (i = 0; i < len; i++)
	{
		buf = malloc(i ? i : 1);
		ck_assert_uint_eq(lm_nlrule_build_rule(buf, i, 1, LM_NLRULE_ADD,
											   &rule), 0);
		free(buf);
	}
	bad = rule;
	bad.family = 0;
	ck_assert_uint_eq(lm_nlrule_build_rule(tmp, sizeof(tmp), 1,
										   LM_NLRULE_ADD, &bad), 0);
	bad = rule;
	bad.src_len = 33;
	ck_assert_uint_eq(lm_nlrule_build_rule(tmp, sizeof(tmp), 1,
										   LM_NLRULE_DEL, &bad), 0);
	bad = rule;
	bad.table = 0;
	ck_assert_uint_eq(lm_nlrule_build_rule(tmp, sizeof(tmp), 1,
										   LM_NLRULE_DEL, &bad), 0);
	bad = rule;
	bad.family = AF_INET6;
	ck_assert_uint_eq(lm_nlrule_build_rule(tmp, sizeof(tmp), 1,
										   LM_NLRULE_ADD, &bad), 0);
	bad = rule;
	memset(bad.iif, 'x', sizeof(bad.iif));
	ck_assert_uint_eq(lm_nlrule_build_rule(tmp, sizeof(tmp), 1,
										   LM_NLRULE_ADD, &bad), 0);
	ck_assert_uint_eq(lm_nlrule_build_rule(tmp, sizeof(tmp), 1,
										   (lm_nlrule_op_t)9, &rule), 0);
}
END_TEST

START_TEST(test_build_dump)
{
	uint8_t tmp[64], *buf;
	const struct nlmsghdr *nlh = (struct nlmsghdr*)tmp;
	const struct fib_rule_hdr *frh;
	const uint8_t zero[sizeof(*frh)] = {};
	size_t len, i;

	len = lm_nlrule_build_dump(tmp, sizeof(tmp), 5, AF_UNSPEC);
	ck_assert_uint_eq(len, NLMSG_LENGTH(sizeof(struct fib_rule_hdr)));
	ck_assert_uint_eq(nlh->nlmsg_len, len);
	ck_assert_uint_eq(nlh->nlmsg_type, RTM_GETRULE);
	ck_assert_uint_eq(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	ck_assert_uint_eq(nlh->nlmsg_seq, 5);
	/* strict dump checking rejects anything but the family */
	frh = mnl_nlmsg_get_payload(nlh);
	ck_assert_mem_eq(frh, zero, sizeof(zero));

	ck_assert_uint_eq(lm_nlrule_build_dump(tmp, sizeof(tmp), 6, AF_INET6),
					  len);
	ck_assert_uint_eq(frh->family, AF_INET6);
	for (i = 0; i < len; i++)
	{
		buf = malloc(i ? i : 1);
		ck_assert_uint_eq(lm_nlrule_build_dump(buf, i, 5, AF_INET), 0);
		free(buf);
	}
}
END_TEST

START_TEST(test_normalize_equals)
{
	lm_rule_t a = make_rule(AF_INET, "10.1.2.3/20", "192.0.2.129/25", "eth1",
							5, UINT32_MAX, 100, 10), b;
	char buf[160];

	ck_assert_str_eq(lm_rule_fmt(&a, buf, sizeof(buf)), "priority 10 from "
					 "10.1.0.0/20 to 192.0.2.128/25 fwmark 0x5 iif eth1 "
					 "lookup 100");
	b = make_rule(AF_INET, "10.1.15.255/20", "192.0.2.255/25", "eth1", 5,
				  UINT32_MAX, 100, 10);
	ck_assert(lm_rule_equals(&a, &b));
	/* each field counts */
	b.src_len = 21;
	ck_assert(!lm_rule_equals(&a, &b));
	b = a;
	b.dst.a[3] = 0;
	ck_assert(!lm_rule_equals(&a, &b));
	b = a;
	strcpy(b.iif, "eth2");
	ck_assert(!lm_rule_equals(&a, &b));
	b = a;
	b.fwmask = 0xff;
	ck_assert(!lm_rule_equals(&a, &b));
	b = a;
	b.fwmark = 4;
	ck_assert(!lm_rule_equals(&a, &b));
	b = a;
	b.table = 101;
	ck_assert(!lm_rule_equals(&a, &b));
	b = a;
	b.priority = 11;
	ck_assert(!lm_rule_equals(&a, &b));
	/* a prefix of length 0 is no prefix, a mark without mask no mark */
	a = make_rule(AF_INET6, "2001:db8::1/0", NULL, NULL, 3, 0, 7, 1);
	ck_assert_int_eq(a.src.family, 0);
	ck_assert_uint_eq(a.fwmark, 0);
	b = make_rule(AF_INET6, NULL, NULL, NULL, 0, 0, 7, 1);
	ck_assert(lm_rule_equals(&a, &b));
	ck_assert_str_eq(lm_rule_fmt(&a, buf, sizeof(buf)),
					 "priority 1 from ::/0 lookup 7");
	b.family = AF_INET;
	ck_assert(!lm_rule_equals(&a, &b));
	ck_assert_str_eq(lm_rule_fmt(&b, buf, sizeof(buf)),
					 "priority 1 from all lookup 7");
	/* truncated output stays terminated */
	ck_assert_str_eq(lm_rule_fmt(&b, buf, 8), "priorit");
}
END_TEST

/**
 * A rule in a hand-built dump reply.
 */
typedef struct {
	uint32_t seq;
	int family;
	/** FRA_PROTOCOL, 0 for none */
	uint8_t protocol;
	uint8_t action;
	uint32_t flags;
	uint8_t tos;
	const char *src;
	uint8_t src_len;
	const char *dst;
	uint8_t dst_len;
	const char *iif;
	uint32_t mark;
	uint32_t mask;
	uint32_t table;
	uint32_t prio;
} reply_t;

/**
 * Append an RTM_NEWRULE message as the kernel sends it in a dump.
 */
static size_t put_rule(uint8_t *buf, size_t pos, const reply_t *r)
{
	struct nlmsghdr *nlh;
	struct fib_rule_hdr *frh;
	lm_addr_t addr;
	size_t alen = r->family == AF_INET ? 4 : 16;

	nlh = mnl_nlmsg_put_header(buf + pos);
	nlh->nlmsg_type = RTM_NEWRULE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = r->seq;
	nlh->nlmsg_pid = 1234;
	frh = mnl_nlmsg_put_extra_header(nlh, sizeof(*frh));
	frh->family = r->family;
	frh->src_len = r->src_len;
	frh->dst_len = r->dst_len;
	frh->tos = r->tos;
	frh->table = r->table < 256 ? r->table : RT_TABLE_COMPAT;
	frh->action = r->action ?: FR_ACT_TO_TBL;
	frh->flags = r->flags;
	mnl_attr_put_u32(nlh, FRA_TABLE, r->table);
	/* attributes we do not know, as the kernel adds them */
	mnl_attr_put_u8(nlh, FRA_SUPPRESS_PREFIXLEN, 0xff);
	if (r->prio)
	{
		mnl_attr_put_u32(nlh, FRA_PRIORITY, r->prio);
	}
	if (r->src)
	{
		ck_assert(lm_addr_parse(r->src, &addr));
		mnl_attr_put(nlh, FRA_SRC, alen, addr.a);
	}
	if (r->dst)
	{
		ck_assert(lm_addr_parse(r->dst, &addr));
		mnl_attr_put(nlh, FRA_DST, alen, addr.a);
	}
	if (r->iif)
	{
		mnl_attr_put_strz(nlh, FRA_IIFNAME, r->iif);
	}
	if (r->mark)
	{
		mnl_attr_put_u32(nlh, FRA_FWMARK, r->mark);
	}
	if (r->mark || r->mask)
	{
		mnl_attr_put_u32(nlh, FRA_FWMASK, r->mask);
	}
	if (r->protocol)
	{
		mnl_attr_put_u8(nlh, FRA_PROTOCOL, r->protocol);
	}
	return pos + nlh->nlmsg_len;
}

/**
 * Append an NLMSG_DONE or NLMSG_ERROR message.
 */
static size_t put_error(uint8_t *buf, size_t pos, uint16_t type, uint32_t seq,
						int error)
{
	struct nlmsghdr *nlh;
	struct nlmsgerr *err;

	nlh = mnl_nlmsg_put_header(buf + pos);
	nlh->nlmsg_type = type;
	nlh->nlmsg_seq = seq;
	if (type == NLMSG_DONE)
	{
		nlh->nlmsg_flags = NLM_F_MULTI;
		*(int*)mnl_nlmsg_put_extra_header(nlh, sizeof(int)) = error;
	}
	else
	{
		err = mnl_nlmsg_put_extra_header(nlh, sizeof(*err));
		err->error = error;
		err->msg.nlmsg_type = RTM_NEWRULE;
		err->msg.nlmsg_seq = seq;
		err->msg.nlmsg_len = sizeof(err->msg);
	}
	return pos + nlh->nlmsg_len;
}

#define MAX_SEEN 8

/**
 * Rules reported by the dump parser.
 */
typedef struct {
	lm_rule_t rules[MAX_SEEN];
	int count;
} seen_t;

static void seen_cb(void *user, const lm_rule_t *rule)
{
	seen_t *seen = user;

	ck_assert_int_lt(seen->count, MAX_SEEN);
	seen->rules[seen->count++] = *rule;
}

static void count_cb(void *user, const lm_rule_t *rule)
{
	(*(int*)user)++;
}

static void assert_seen(seen_t *seen, int i, const char *expected)
{
	char buf[160];

	ck_assert_int_lt(i, seen->count);
	ck_assert_str_eq(lm_rule_fmt(&seen->rules[i], buf, sizeof(buf)),
					 expected);
}

/**
 * Our IPv4 rule; the kernel's own, a foreign one of another protocol, ours
 * but a goto, inverted or with a TOS, an ipmr rule and one of ours for
 * another seq; our IPv6 rule in table 1000 with a detached input
 * interface, ours for unmarked packets; then NLMSG_DONE.
 */
static size_t build_dump(uint8_t *buf)
{
	size_t pos = 0;

	/* libmnl leaves attribute padding uninitialized */
	memset(buf, 0, 4096);
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT, .src = "10.1.0.0",
		.src_len = 24, .dst = "192.0.2.0", .dst_len = 24, .iif = "eth1",
		.mark = 0x10, .mask = 0xf0, .table = 100, .prio = 500 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = RTPROT_KERNEL,
		.table = 254, .prio = 32766 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = RTPROT_STATIC,
		.table = 100, .prio = 500 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT,
		.action = FR_ACT_GOTO, .table = 0, .prio = 10 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT,
		.flags = FIB_RULE_INVERT, .table = 100, .prio = 11 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT, .tos = 0x10,
		.table = 100, .prio = 12 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = RTNL_FAMILY_IPMR, .protocol = LM_RTPROT,
		.table = 100, .prio = 13 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 4, .family = AF_INET, .protocol = LM_RTPROT, .table = 100,
		.prio = 14 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET6, .protocol = LM_RTPROT,
		.flags = FIB_RULE_IIF_DETACHED, .dst = "2001:db8::", .dst_len = 32,
		.iif = "xfrm-dc", .table = 1000, .prio = 1000 });
	pos = put_rule(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT, .mask = 0xff,
		.table = 254, .prio = 2 });
	return put_error(buf, pos, NLMSG_DONE, 3, 0);
}

START_TEST(test_parse_dump)
{
	uint8_t buf[4096], *copy;
	seen_t seen = {};
	size_t len;

	len = build_dump(buf);
	copy = malloc(len);
	memcpy(copy, buf, len);
	ck_assert_int_eq(lm_nlrule_parse_dump(copy, len, 3, seen_cb, &seen), 0);
	ck_assert_int_eq(seen.count, 3);
	assert_seen(&seen, 0, "priority 500 from 10.1.0.0/24 to 192.0.2.0/24 "
				"fwmark 0x10/0xf0 iif eth1 lookup 100");
	ck_assert_int_eq(seen.rules[0].family, AF_INET);
	assert_seen(&seen, 1, "priority 1000 from ::/0 to 2001:db8::/32 "
				"iif xfrm-dc lookup 1000");
	assert_seen(&seen, 2, "priority 2 from all fwmark 0/0xff lookup 254");
	free(copy);

	/* other seq: nothing for us, more expected */
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, len, 9, seen_cb, &seen),
					 LM_NLROUTE_OTHER);
	ck_assert_int_eq(seen.count, 0);
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, len, 4, seen_cb, &seen),
					 LM_NLROUTE_OTHER);
	ck_assert_int_eq(seen.count, 1);
	assert_seen(&seen, 0, "priority 14 from all lookup 100");
	/* empty input */
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, 0, 3, seen_cb, &seen),
					 LM_NLROUTE_OTHER);
}
END_TEST

START_TEST(test_parse_dump_errors)
{
	uint8_t buf[512];
	struct nlmsghdr *nlh = (struct nlmsghdr*)buf;
	struct nlattr *attr;
	size_t pos;
	int count = 0;

	/* kernel errors, interrupted */
	pos = put_error(buf, 0, NLMSG_ERROR, 3, -EPERM);
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, pos, 3, count_cb, &count),
					 EPERM);
	pos = put_error(buf, 0, NLMSG_DONE, 3, -ENOBUFS);
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, pos, 3, count_cb, &count),
					 ENOBUFS);
	memset(buf, 0, sizeof(buf));
	pos = put_rule(buf, 0, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT,
		.src = "10.0.0.0", .src_len = 8, .table = 100, .prio = 7 });
	nlh->nlmsg_flags |= NLM_F_DUMP_INTR;
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, pos, 3, count_cb, &count),
					 EINTR);
	nlh->nlmsg_flags = NLM_F_MULTI;
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, pos, 3, count_cb, &count),
					 LM_NLROUTE_OTHER);
	ck_assert_int_eq(count, 1);

	/* ours with a short FRA_PRIORITY */
	attr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u16(nlh, FRA_PRIORITY, 1);
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										  &count), EBADMSG);
	/* a source of the wrong length */
	nlh->nlmsg_len = (uint8_t*)attr - buf;
	((struct fib_rule_hdr*)mnl_nlmsg_get_payload(nlh))->family = AF_INET6;
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										  &count), EBADMSG);
	/* a prefix length without the prefix */
	((struct fib_rule_hdr*)mnl_nlmsg_get_payload(nlh))->family = AF_INET;
	((struct fib_rule_hdr*)mnl_nlmsg_get_payload(nlh))->dst_len = 8;
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										  &count), EBADMSG);
	/* a prefix too long */
	((struct fib_rule_hdr*)mnl_nlmsg_get_payload(nlh))->dst_len = 0;
	((struct fib_rule_hdr*)mnl_nlmsg_get_payload(nlh))->src_len = 33;
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										  &count), EBADMSG);
	((struct fib_rule_hdr*)mnl_nlmsg_get_payload(nlh))->src_len = 8;
	/* an interface name without its NUL, and one too long */
	mnl_attr_put(nlh, FRA_IIFNAME, 4, "eth1");
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										  &count), EBADMSG);
	nlh->nlmsg_len = (uint8_t*)attr - buf;
	mnl_attr_put_strz(nlh, FRA_IIFNAME, "a-very-long-ifname0");
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										  &count), EBADMSG);
	/* a protocol that is no u8: not ours, not looked at */
	nlh->nlmsg_len = (uint8_t*)attr - buf;
	mnl_attr_put_u16(nlh, FRA_PROTOCOL, LM_RTPROT);
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										  &count), LM_NLROUTE_OTHER);
	ck_assert_int_eq(count, 1);
	/* header without fib_rule_hdr, a length beyond the input */
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										  &count), EBADMSG);
	nlh->nlmsg_len = 200;
	ck_assert_int_eq(lm_nlrule_parse_dump(buf, 100, 3, count_cb, &count),
					 EBADMSG);
	ck_assert_int_eq(count, 1);
}
END_TEST

START_TEST(test_roundtrip)
{
	lm_rule_t rules[] = {
		make_rule(AF_INET, "10.1.0.0/24", "192.0.2.0/24", "eth1", 0x10, 0xf0,
				  100, 500),
		make_rule(AF_INET6, "2001:db8:1::/48", NULL, NULL, 7, UINT32_MAX,
				  4294967294U, 1),
		make_rule(AF_INET, NULL, "0.0.0.0/0", "lo", 0, 0, 254, 32765),
	};
	uint8_t buf[512];
	seen_t seen = {};
	size_t len, i;

	/* what we send is what a dump reports back */
	for (i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
	{
		len = lm_nlrule_build_rule(buf, sizeof(buf), 8, LM_NLRULE_ADD,
								   &rules[i]);
		ck_assert_int_eq(lm_nlrule_parse_dump(buf, len, 8, seen_cb, &seen),
						 LM_NLROUTE_OTHER);
		ck_assert_int_eq(seen.count, i + 1);
		ck_assert(lm_rule_equals(&seen.rules[i], &rules[i]));
	}
}
END_TEST

/**
 * Run the parser on an exactly sized heap copy of data[0..len).
 */
static void parse_copy(const uint8_t *data, size_t len, uint32_t seq)
{
	uint8_t *copy;
	int count = 0, ret;

	copy = malloc(len ? len : 1);
	memcpy(copy, data, len);
	ret = lm_nlrule_parse_dump(copy, len, seq, count_cb, &count);
	ck_assert(ret == 0 || ret == LM_NLROUTE_OTHER || ret > 0);
	free(copy);
}

START_TEST(test_truncated)
{
	uint8_t buf[4096], mut[4096];
	size_t len, i, j;
	const uint8_t values[] = { 0x00, 0x01, 0x03, 0x04, 0x7f, 0x80, 0xff };

	len = build_dump(buf);
	/* every truncation */
	for (i = 0; i <= len; i++)
	{
		parse_copy(buf, i, 3);
	}
	/* every single byte replaced with a few interesting values */
	for (i = 0; i < len; i++)
	{
		for (j = 0; j < sizeof(values); j++)
		{
			memcpy(mut, buf, len);
			mut[i] = values[j];
			parse_copy(mut, len, 3);
		}
	}
}
END_TEST

Suite *nlrule_suite_create(void)
{
	Suite *s = suite_create("lm_nlrule");
	TCase *tc;

	tc = tcase_create("build");
	tcase_add_test(tc, test_build_add4);
	tcase_add_test(tc, test_build_del6);
	tcase_add_test(tc, test_build_invalid);
	tcase_add_test(tc, test_build_dump);
	tcase_add_test(tc, test_normalize_equals);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_dump);
	tcase_add_test(tc, test_parse_dump_errors);
	tcase_add_test(tc, test_roundtrip);
	tcase_add_test(tc, test_truncated);
	suite_add_tcase(s, tc);
	return s;
}
