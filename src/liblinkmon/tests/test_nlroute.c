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
#include <net/if.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include <lm_nlroute.h>

#include "test_suites.h"

/**
 * A decoded route request.
 */
typedef struct {
	const struct nlmsghdr *nlh;
	const struct rtmsg *rtm;
	const struct nlattr *tb[RTA_MAX + 1];
	int count;
} decoded_t;

static int decode_cb(const struct nlattr *attr, void *data)
{
	decoded_t *d = data;
	uint16_t type = mnl_attr_get_type(attr);

	ck_assert_int_le(type, RTA_MAX);
	/* every attribute at most once */
	ck_assert_ptr_null(d->tb[type]);
	d->tb[type] = attr;
	d->count++;
	return MNL_CB_OK;
}

/**
 * Decode a message built into buf with libmnl, check the netlink header.
 */
static void decode(const void *buf, size_t len, uint16_t type, uint16_t flags,
				   uint32_t seq, decoded_t *d)
{
	memset(d, 0, sizeof(*d));
	d->nlh = buf;
	ck_assert(mnl_nlmsg_ok(d->nlh, len));
	ck_assert_uint_eq(d->nlh->nlmsg_len, len);
	ck_assert_uint_eq(d->nlh->nlmsg_type, type);
	ck_assert_uint_eq(d->nlh->nlmsg_flags, flags);
	ck_assert_uint_eq(d->nlh->nlmsg_seq, seq);
	ck_assert_uint_eq(d->nlh->nlmsg_pid, 0);
	d->rtm = mnl_nlmsg_get_payload(d->nlh);
	ck_assert_int_ge(mnl_attr_parse(d->nlh, sizeof(struct rtmsg), decode_cb,
									d), MNL_CB_OK);
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

static lm_route_t make_route(const char *dst, uint8_t prefixlen,
							 const char *gw, uint32_t metric, uint32_t table)
{
	lm_route_t route;

	memset(&route, 0, sizeof(route));
	ck_assert(lm_addr_parse(dst, &route.dst));
	route.prefixlen = prefixlen;
	if (gw)
	{
		ck_assert(lm_addr_parse(gw, &route.gateway));
	}
	route.metric = metric;
	route.table = table;
	return route;
}

/**
 * Build a route message into an exactly sized heap buffer.
 */
static uint8_t *build_exact(lm_nlroute_op_t op, const lm_route_t *route,
							int ifindex, uint32_t seq, size_t *len)
{
	uint8_t tmp[512], *buf;

	*len = lm_nlroute_build_route(tmp, sizeof(tmp), seq, op, route, ifindex);
	ck_assert_uint_gt(*len, 0);
	buf = malloc(*len);
	ck_assert_uint_eq(lm_nlroute_build_route(buf, *len, seq, op, route,
											 ifindex), *len);
	ck_assert_mem_eq(buf, tmp, *len);
	return buf;
}

/**
 * Assert the route header of a decoded message: ours, unicast.
 */
static void assert_rtm(decoded_t *d, int family, int dst_len, int table,
					   int scope)
{
	ck_assert_uint_eq(d->rtm->rtm_family, family);
	ck_assert_uint_eq(d->rtm->rtm_dst_len, dst_len);
	ck_assert_uint_eq(d->rtm->rtm_table, table);
	ck_assert_uint_eq(d->rtm->rtm_protocol, LM_RTPROT);
	ck_assert_uint_eq(d->rtm->rtm_scope, scope);
	ck_assert_uint_eq(d->rtm->rtm_type, RTN_UNICAST);
}

START_TEST(test_build_add4)
{
	lm_route_t route = make_route("10.0.0.135", 32, "198.51.100.1", 10, 254);
	decoded_t d;
	uint8_t *buf;
	size_t len;

	buf = build_exact(LM_NLROUTE_ADD, &route, 7, 42, &len);
	decode(buf, len, RTM_NEWROUTE,
		   NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 42, &d);
	ck_assert_uint_eq(d.rtm->rtm_family, AF_INET);
	ck_assert_uint_eq(d.rtm->rtm_dst_len, 32);
	ck_assert_uint_eq(d.rtm->rtm_src_len, 0);
	ck_assert_uint_eq(d.rtm->rtm_tos, 0);
	ck_assert_uint_eq(d.rtm->rtm_table, 254);
	ck_assert_uint_eq(d.rtm->rtm_protocol, LM_RTPROT);
	ck_assert_uint_eq(d.rtm->rtm_scope, RT_SCOPE_UNIVERSE);
	ck_assert_uint_eq(d.rtm->rtm_type, RTN_UNICAST);
	ck_assert_uint_eq(d.rtm->rtm_flags, 0);
	ck_assert_int_eq(d.count, 5);
	assert_u32(&d, RTA_TABLE, 254);
	assert_addr(&d, RTA_DST, "10.0.0.135");
	assert_addr(&d, RTA_GATEWAY, "198.51.100.1");
	assert_u32(&d, RTA_OIF, 7);
	assert_u32(&d, RTA_PRIORITY, 10);
	free(buf);
}
END_TEST

START_TEST(test_build_dev4)
{
	lm_route_t route = make_route("192.0.2.0", 24, NULL, 0, 100);
	decoded_t d;
	uint8_t *buf;
	size_t len;

	buf = build_exact(LM_NLROUTE_REPLACE, &route, 3, 1, &len);
	decode(buf, len, RTM_NEWROUTE,
		   NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, 1, &d);
	assert_rtm(&d, AF_INET, 24, 100, RT_SCOPE_LINK);
	ck_assert_int_eq(d.count, 4);
	assert_u32(&d, RTA_TABLE, 100);
	assert_addr(&d, RTA_DST, "192.0.2.0");
	ck_assert_ptr_null(d.tb[RTA_GATEWAY]);
	assert_u32(&d, RTA_OIF, 3);
	/* IPv4 metric 0 stays 0 */
	assert_u32(&d, RTA_PRIORITY, 0);
	free(buf);
}
END_TEST

START_TEST(test_build_add6)
{
	lm_route_t route = make_route("2001:db8:1::", 48, "fe80::1", 0, 1000);
	decoded_t d;
	uint8_t *buf;
	size_t len;

	/* no ifindex, table > 255, IPv6 metric 0 */
	buf = build_exact(LM_NLROUTE_ADD, &route, 0, 0xffffffff, &len);
	decode(buf, len, RTM_NEWROUTE,
		   NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 0xffffffff,
		   &d);
	assert_rtm(&d, AF_INET6, 48, RT_TABLE_UNSPEC, RT_SCOPE_UNIVERSE);
	ck_assert_int_eq(d.count, 4);
	assert_u32(&d, RTA_TABLE, 1000);
	assert_addr(&d, RTA_DST, "2001:db8:1::");
	assert_addr(&d, RTA_GATEWAY, "fe80::1");
	ck_assert_ptr_null(d.tb[RTA_OIF]);
	assert_u32(&d, RTA_PRIORITY, LM_NLROUTE_METRIC6_DEFAULT);
	free(buf);

	/* device only, table 255 is still in the header */
	route = make_route("2001:db8:2::1", 128, NULL, 5, 255);
	buf = build_exact(LM_NLROUTE_ADD, &route, 9, 2, &len);
	decode(buf, len, RTM_NEWROUTE,
		   NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL, 2, &d);
	ck_assert_uint_eq(d.rtm->rtm_dst_len, 128);
	ck_assert_uint_eq(d.rtm->rtm_table, 255);
	ck_assert_uint_eq(d.rtm->rtm_scope, RT_SCOPE_LINK);
	ck_assert_int_eq(d.count, 4);
	assert_u32(&d, RTA_TABLE, 255);
	assert_addr(&d, RTA_DST, "2001:db8:2::1");
	ck_assert_ptr_null(d.tb[RTA_GATEWAY]);
	assert_u32(&d, RTA_OIF, 9);
	assert_u32(&d, RTA_PRIORITY, 5);
	free(buf);
}
END_TEST

START_TEST(test_build_del)
{
	lm_route_t route = make_route("0.0.0.0", 0, "203.0.113.1", 20, 256);
	decoded_t d;
	uint8_t *buf;
	size_t len;

	buf = build_exact(LM_NLROUTE_DEL, &route, 4, 77, &len);
	decode(buf, len, RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, 77, &d);
	assert_rtm(&d, AF_INET, 0, RT_TABLE_UNSPEC, RT_SCOPE_NOWHERE);
	/* default route: no RTA_DST */
	ck_assert_int_eq(d.count, 4);
	assert_u32(&d, RTA_TABLE, 256);
	ck_assert_ptr_null(d.tb[RTA_DST]);
	assert_addr(&d, RTA_GATEWAY, "203.0.113.1");
	assert_u32(&d, RTA_OIF, 4);
	assert_u32(&d, RTA_PRIORITY, 20);
	free(buf);

	route = make_route("2001:db8::", 32, NULL, 0, 254);
	buf = build_exact(LM_NLROUTE_DEL, &route, 0, 78, &len);
	decode(buf, len, RTM_DELROUTE, NLM_F_REQUEST | NLM_F_ACK, 78, &d);
	ck_assert_uint_eq(d.rtm->rtm_family, AF_INET6);
	ck_assert_uint_eq(d.rtm->rtm_table, 254);
	ck_assert_uint_eq(d.rtm->rtm_scope, RT_SCOPE_NOWHERE);
	ck_assert_int_eq(d.count, 3);
	assert_u32(&d, RTA_TABLE, 254);
	assert_addr(&d, RTA_DST, "2001:db8::");
	/* a delete with metric 0 would match any IPv6 metric */
	assert_u32(&d, RTA_PRIORITY, LM_NLROUTE_METRIC6_DEFAULT);
	free(buf);
}
END_TEST

START_TEST(test_build_invalid)
{
	lm_route_t route = make_route("10.0.0.0", 8, "10.0.0.1", 1, 254);
	uint8_t tmp[512], *buf;
	size_t len, i;

	len = lm_nlroute_build_route(tmp, sizeof(tmp), 1, LM_NLROUTE_ADD, &route,
								 1);
	ck_assert_uint_gt(len, 0);
	/* every smaller buffer is refused, without writing beyond it */
	for (i = 0; i < len; i++)
	{
		buf = malloc(i ? i : 1);
		ck_assert_uint_eq(lm_nlroute_build_route(buf, i, 1, LM_NLROUTE_ADD,
												 &route, 1), 0);
		free(buf);
	}
	route.prefixlen = 33;
	ck_assert_uint_eq(lm_nlroute_build_route(tmp, sizeof(tmp), 1,
							LM_NLROUTE_ADD, &route, 1), 0);
	route.prefixlen = 8;
	ck_assert(lm_addr_parse("2001:db8::1", &route.gateway));
	ck_assert_uint_eq(lm_nlroute_build_route(tmp, sizeof(tmp), 1,
							LM_NLROUTE_ADD, &route, 1), 0);
	route.gateway.family = 0;
	route.dst.family = 0;
	ck_assert_uint_eq(lm_nlroute_build_route(tmp, sizeof(tmp), 1,
							LM_NLROUTE_ADD, &route, 1), 0);
	route = make_route("2001:db8::", 129, NULL, 1, 254);
	ck_assert_uint_eq(lm_nlroute_build_route(tmp, sizeof(tmp), 1,
							LM_NLROUTE_DEL, &route, 1), 0);
	route.prefixlen = 128;
	ck_assert_uint_eq(lm_nlroute_build_route(tmp, sizeof(tmp), 1,
							LM_NLROUTE_DEL, &route, -1), 0);
	ck_assert_uint_eq(lm_nlroute_build_route(tmp, sizeof(tmp), 1,
							(lm_nlroute_op_t)99, &route, 1), 0);
}
END_TEST

START_TEST(test_normalize)
{
	lm_route_t route = make_route("10.1.2.3", 20, NULL, 0, 0);

	lm_nlroute_normalize(&route);
	ck_assert_mem_eq(route.dst.a, ((uint8_t[]){ 10, 1, 0, 0 }), 4);
	ck_assert_uint_eq(route.table, LM_RT_TABLE_MAIN);
	ck_assert_uint_eq(route.metric, 0);

	route = make_route("2001:db8:ffff:ffff::1", 35, NULL, 0, 7);
	lm_nlroute_normalize(&route);
	ck_assert_mem_eq(route.dst.a, ((uint8_t[]){ 0x20, 0x01, 0x0d, 0xb8,
						0xe0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }), 16);
	ck_assert_uint_eq(route.table, 7);
	ck_assert_uint_eq(route.metric, LM_NLROUTE_METRIC6_DEFAULT);

	route = make_route("192.0.2.1", 0, NULL, 3, 0);
	lm_nlroute_normalize(&route);
	ck_assert_mem_eq(route.dst.a, ((uint8_t[]){ 0, 0, 0, 0 }), 4);
	ck_assert_uint_eq(route.metric, 3);
}
END_TEST

START_TEST(test_build_dump)
{
	uint8_t tmp[64], *buf;
	const struct nlmsghdr *nlh;
	const struct rtmsg *rtm;
	size_t len, i;

	len = lm_nlroute_build_dump(tmp, sizeof(tmp), 5, AF_INET6);
	ck_assert_uint_eq(len, NLMSG_LENGTH(sizeof(struct rtmsg)));
	nlh = (struct nlmsghdr*)tmp;
	ck_assert_uint_eq(nlh->nlmsg_len, len);
	ck_assert_uint_eq(nlh->nlmsg_type, RTM_GETROUTE);
	ck_assert_uint_eq(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_DUMP);
	ck_assert_uint_eq(nlh->nlmsg_seq, 5);
	rtm = mnl_nlmsg_get_payload(nlh);
	ck_assert_uint_eq(rtm->rtm_family, AF_INET6);
	ck_assert_uint_eq(rtm->rtm_protocol, LM_RTPROT);
	/* strict dump checking rejects anything else in the header */
	ck_assert_uint_eq(rtm->rtm_dst_len, 0);
	ck_assert_uint_eq(rtm->rtm_src_len, 0);
	ck_assert_uint_eq(rtm->rtm_tos, 0);
	ck_assert_uint_eq(rtm->rtm_table, 0);
	ck_assert_uint_eq(rtm->rtm_scope, 0);
	ck_assert_uint_eq(rtm->rtm_type, 0);
	ck_assert_uint_eq(rtm->rtm_flags, 0);

	ck_assert_uint_eq(lm_nlroute_build_dump(tmp, sizeof(tmp), 5, AF_UNSPEC),
					  len);
	ck_assert_uint_eq(rtm->rtm_family, AF_UNSPEC);
	for (i = 0; i < len; i++)
	{
		buf = malloc(i ? i : 1);
		ck_assert_uint_eq(lm_nlroute_build_dump(buf, i, 5, AF_INET), 0);
		free(buf);
	}
}
END_TEST

START_TEST(test_build_link)
{
	uint8_t tmp[64], *buf;
	const struct nlmsghdr *nlh;
	const struct ifinfomsg *ifi;
	size_t len, i;

	len = lm_nlroute_build_link(tmp, sizeof(tmp), 9, 12, false);
	ck_assert_uint_eq(len, NLMSG_LENGTH(sizeof(struct ifinfomsg)));
	nlh = (struct nlmsghdr*)tmp;
	ck_assert_uint_eq(nlh->nlmsg_len, len);
	ck_assert_uint_eq(nlh->nlmsg_type, RTM_NEWLINK);
	ck_assert_uint_eq(nlh->nlmsg_flags, NLM_F_REQUEST | NLM_F_ACK);
	ck_assert_uint_eq(nlh->nlmsg_seq, 9);
	ifi = mnl_nlmsg_get_payload(nlh);
	ck_assert_uint_eq(ifi->ifi_family, AF_UNSPEC);
	ck_assert_uint_eq(ifi->ifi_type, 0);
	ck_assert_int_eq(ifi->ifi_index, 12);
	ck_assert_uint_eq(ifi->ifi_change, IFF_UP);
	ck_assert_uint_eq(ifi->ifi_flags, 0);

	ck_assert_uint_eq(lm_nlroute_build_link(tmp, sizeof(tmp), 10, 12, true),
					  len);
	ck_assert_uint_eq(ifi->ifi_change, IFF_UP);
	ck_assert_uint_eq(ifi->ifi_flags, IFF_UP);
	ck_assert_uint_eq(lm_nlroute_build_link(tmp, sizeof(tmp), 10, 0, true),
					  0);
	for (i = 0; i < len; i++)
	{
		buf = malloc(i ? i : 1);
		ck_assert_uint_eq(lm_nlroute_build_link(buf, i, 5, 1, true), 0);
		free(buf);
	}
}
END_TEST

/**
 * A route in a hand-built dump reply.
 */
typedef struct {
	uint32_t seq;
	int family;
	uint8_t protocol;
	uint8_t type;
	uint32_t flags;
	uint8_t table;
	const char *dst;
	uint8_t dst_len;
	const char *gw;
	uint32_t oif;
	uint32_t prio;
	uint32_t table_attr;
	/** two nexthops via gw/oif and gw2/oif2 */
	const char *gw2;
	uint32_t oif2;
} reply_t;

/**
 * Append an RTM_NEWROUTE message as the kernel sends it in a dump.
 */
static size_t put_route(uint8_t *buf, size_t pos, const reply_t *r)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	struct nlattr *mp;
	struct rtnexthop *rtnh;
	lm_addr_t addr;
	size_t alen = r->family == AF_INET ? 4 : 16;

	nlh = mnl_nlmsg_put_header(buf + pos);
	nlh->nlmsg_type = RTM_NEWROUTE;
	nlh->nlmsg_flags = NLM_F_MULTI;
	nlh->nlmsg_seq = r->seq;
	nlh->nlmsg_pid = 1234;
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = r->family;
	rtm->rtm_dst_len = r->dst_len;
	rtm->rtm_table = r->table;
	rtm->rtm_protocol = r->protocol;
	rtm->rtm_scope = r->gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rtm->rtm_type = r->type;
	rtm->rtm_flags = r->flags;
	if (r->table_attr)
	{
		mnl_attr_put_u32(nlh, RTA_TABLE, r->table_attr);
	}
	if (r->dst)
	{
		ck_assert(lm_addr_parse(r->dst, &addr));
		mnl_attr_put(nlh, RTA_DST, alen, addr.a);
	}
	if (r->prio)
	{
		mnl_attr_put_u32(nlh, RTA_PRIORITY, r->prio);
	}
	/* some attribute we do not know */
	mnl_attr_put_u8(nlh, RTA_PREF, 0);
	if (r->gw2)
	{
		mp = mnl_attr_nest_start(nlh, RTA_MULTIPATH);
		rtnh = mnl_nlmsg_get_payload_tail(nlh);
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_ifindex = r->oif;
		nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
		ck_assert(lm_addr_parse(r->gw, &addr));
		mnl_attr_put(nlh, RTA_GATEWAY, alen, addr.a);
		rtnh->rtnh_len = (uint8_t*)mnl_nlmsg_get_payload_tail(nlh) -
						 (uint8_t*)rtnh;
		rtnh = mnl_nlmsg_get_payload_tail(nlh);
		memset(rtnh, 0, sizeof(*rtnh));
		rtnh->rtnh_ifindex = r->oif2;
		nlh->nlmsg_len += RTNH_ALIGN(sizeof(*rtnh));
		ck_assert(lm_addr_parse(r->gw2, &addr));
		mnl_attr_put(nlh, RTA_GATEWAY, alen, addr.a);
		rtnh->rtnh_len = (uint8_t*)mnl_nlmsg_get_payload_tail(nlh) -
						 (uint8_t*)rtnh;
		mnl_attr_nest_end(nlh, mp);
	}
	else
	{
		if (r->gw)
		{
			ck_assert(lm_addr_parse(r->gw, &addr));
			mnl_attr_put(nlh, RTA_GATEWAY, alen, addr.a);
		}
		if (r->oif)
		{
			mnl_attr_put_u32(nlh, RTA_OIF, r->oif);
		}
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
		err->msg.nlmsg_type = RTM_NEWROUTE;
		err->msg.nlmsg_seq = seq;
		err->msg.nlmsg_len = sizeof(err->msg);
	}
	return pos + nlh->nlmsg_len;
}

#define MAX_SEEN 8

/**
 * Routes reported by the dump parser.
 */
typedef struct {
	lm_route_t routes[MAX_SEEN];
	int ifindex[MAX_SEEN];
	int count;
} seen_t;

static void seen_cb(void *user, const lm_route_t *route, int ifindex)
{
	seen_t *seen = user;

	ck_assert_int_lt(seen->count, MAX_SEEN);
	seen->routes[seen->count] = *route;
	seen->ifindex[seen->count++] = ifindex;
}

static void count_cb(void *user, const lm_route_t *route, int ifindex)
{
	(*(int*)user)++;
}

static void assert_seen(seen_t *seen, int i, const char *dst, uint8_t plen,
						const char *gw, uint32_t metric, uint32_t table,
						int ifindex)
{
	lm_route_t route = make_route(dst, plen, gw, metric, table);

	ck_assert_int_lt(i, seen->count);
	ck_assert(lm_route_equals(&seen->routes[i], &route));
	ck_assert_str_eq(seen->routes[i].ifname, "");
	ck_assert_int_eq(seen->ifindex[i], ifindex);
}

/**
 * Our IPv4 route, a foreign one, a foreign one with a broken attribute, a
 * cloned and a local one of ours, one for another seq, our IPv6 route in
 * table 1000 and a multipath route, then NLMSG_DONE.
 */
static size_t build_dump(uint8_t *buf)
{
	size_t pos = 0;
	struct nlmsghdr *nlh;

	/* libmnl leaves attribute padding uninitialized */
	memset(buf, 0, 2048);

	pos = put_route(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT,
		.type = RTN_UNICAST, .table = 254, .table_attr = 254,
		.dst = "10.0.0.135", .dst_len = 32, .gw = "198.51.100.1", .oif = 2,
		.prio = 10 });
	pos = put_route(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = RTPROT_STATIC,
		.type = RTN_UNICAST, .table = 254, .table_attr = 254,
		.dst = "10.0.0.0", .dst_len = 8, .gw = "198.51.100.1", .oif = 2 });
	/* foreign with a 3 byte RTA_DST: not looked at */
	nlh = (struct nlmsghdr*)(buf + pos);
	pos = put_route(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = RTPROT_KERNEL,
		.type = RTN_UNICAST, .table = 254 });
	mnl_attr_put(nlh, RTA_DST, 3, "abc");
	pos = (uint8_t*)nlh - buf + nlh->nlmsg_len;
	pos = put_route(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET6, .protocol = LM_RTPROT,
		.type = RTN_UNICAST, .flags = RTM_F_CLONED, .table = 254,
		.dst = "2001:db8::1", .dst_len = 128, .oif = 2 });
	pos = put_route(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT,
		.type = RTN_LOCAL, .table = 255, .dst = "10.0.0.1", .dst_len = 32,
		.oif = 2 });
	pos = put_route(buf, pos, &(reply_t){
		.seq = 4, .family = AF_INET, .protocol = LM_RTPROT,
		.type = RTN_UNICAST, .table = 254, .dst = "10.9.9.9", .dst_len = 32,
		.oif = 2 });
	pos = put_route(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET6, .protocol = LM_RTPROT,
		.type = RTN_UNICAST, .table = RT_TABLE_UNSPEC, .table_attr = 1000,
		.dst = "2001:db8:1::", .dst_len = 48, .gw = "fe80::1", .oif = 5,
		.prio = 1024 });
	/* default route, metric 0 absent, IPv4 multipath */
	pos = put_route(buf, pos, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT,
		.type = RTN_UNICAST, .table = 100, .dst_len = 0,
		.gw = "192.0.2.1", .oif = 6, .gw2 = "192.0.2.2", .oif2 = 7 });
	return put_error(buf, pos, NLMSG_DONE, 3, 0);
}

START_TEST(test_parse_dump)
{
	uint8_t buf[2048], *copy;
	seen_t seen = {};
	size_t len;

	len = build_dump(buf);
	copy = malloc(len);
	memcpy(copy, buf, len);
	ck_assert_int_eq(lm_nlroute_parse_dump(copy, len, 3, seen_cb, &seen), 0);
	ck_assert_int_eq(seen.count, 4);
	assert_seen(&seen, 0, "10.0.0.135", 32, "198.51.100.1", 10, 254, 2);
	assert_seen(&seen, 1, "2001:db8:1::", 48, "fe80::1", 1024, 1000, 5);
	assert_seen(&seen, 2, "0.0.0.0", 0, "192.0.2.1", 0, 100, 6);
	assert_seen(&seen, 3, "0.0.0.0", 0, "192.0.2.2", 0, 100, 7);
	free(copy);

	/* other seq: nothing for us, more expected */
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, len, 9, seen_cb, &seen),
					 LM_NLROUTE_OTHER);
	ck_assert_int_eq(seen.count, 0);
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, len, 4, seen_cb, &seen),
					 LM_NLROUTE_OTHER);
	ck_assert_int_eq(seen.count, 1);
	assert_seen(&seen, 0, "10.9.9.9", 32, NULL, 0, 254, 2);
	/* empty input */
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, 0, 3, seen_cb, &seen),
					 LM_NLROUTE_OTHER);
}
END_TEST

START_TEST(test_table_dump)
{
	uint8_t tmp[128], buf[2048];
	const struct rtmsg *rtm;
	seen_t seen = {};
	decoded_t d;
	size_t len;

	len = lm_nlroute_build_table_dump(tmp, sizeof(tmp), 7, AF_INET, 254, 3);
	ck_assert_uint_gt(len, 0);
	decode(tmp, len, RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, 7, &d);
	rtm = d.rtm;
	ck_assert_uint_eq(rtm->rtm_family, AF_INET);
	ck_assert_uint_eq(rtm->rtm_table, 254);
	/* any protocol */
	ck_assert_uint_eq(rtm->rtm_protocol, 0);
	ck_assert_int_eq(d.count, 2);
	assert_u32(&d, RTA_TABLE, 254);
	assert_u32(&d, RTA_OIF, 3);
	len = lm_nlroute_build_table_dump(tmp, sizeof(tmp), 7, AF_INET6, 1000, 0);
	decode(tmp, len, RTM_GETROUTE, NLM_F_REQUEST | NLM_F_DUMP, 7, &d);
	ck_assert_uint_eq(d.rtm->rtm_table, RT_TABLE_UNSPEC);
	ck_assert_int_eq(d.count, 1);
	assert_u32(&d, RTA_TABLE, 1000);
	ck_assert_uint_eq(lm_nlroute_build_table_dump(tmp, 20, 7, AF_INET, 254,
												  3), 0);

	/* routes of every protocol, not only ours */
	memset(buf, 0, sizeof(buf));
	len = put_route(buf, 0, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = RTPROT_DHCP,
		.type = RTN_UNICAST, .table = 254, .table_attr = 254,
		.dst_len = 0, .gw = "192.0.2.1", .oif = 3, .prio = 100 });
	len = put_route(buf, len, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = RTPROT_KERNEL,
		.type = RTN_LOCAL, .table = 255, .dst = "192.0.2.9", .dst_len = 32,
		.oif = 3 });
	len = put_error(buf, len, NLMSG_DONE, 3, 0);
	ck_assert_int_eq(lm_nlroute_parse_routes(buf, len, 3, seen_cb, &seen), 0);
	ck_assert_int_eq(seen.count, 1);
	assert_seen(&seen, 0, "0.0.0.0", 0, "192.0.2.1", 100, 254, 3);
	memset(&seen, 0, sizeof(seen));
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, len, 3, seen_cb, &seen), 0);
	ck_assert_int_eq(seen.count, 0);
}
END_TEST

START_TEST(test_parse_dump_errors)
{
	uint8_t buf[2048];
	struct nlmsghdr *nlh;
	struct nlattr *attr;
	size_t pos;
	int count = 0;

	/* kernel error */
	pos = put_error(buf, 0, NLMSG_ERROR, 3, -EPERM);
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, pos, 3, count_cb, &count),
					 EPERM);
	/* error in NLMSG_DONE */
	pos = put_error(buf, 0, NLMSG_DONE, 3, -ENOBUFS);
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, pos, 3, count_cb, &count),
					 ENOBUFS);
	/* NLMSG_DONE without error */
	pos = put_error(buf, 0, NLMSG_DONE, 3, 0);
	((struct nlmsghdr*)buf)->nlmsg_len = NLMSG_HDRLEN;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, NLMSG_HDRLEN, 3, count_cb,
										   &count), 0);
	/* positive error */
	pos = put_error(buf, 0, NLMSG_ERROR, 3, 5);
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, pos, 3, count_cb, &count),
					 EBADMSG);

	/* interrupted */
	pos = put_route(buf, 0, &(reply_t){
		.seq = 3, .family = AF_INET, .protocol = LM_RTPROT,
		.type = RTN_UNICAST, .table = 254, .dst = "10.0.0.0", .dst_len = 8,
		.oif = 1 });
	((struct nlmsghdr*)buf)->nlmsg_flags |= NLM_F_DUMP_INTR;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, pos, 3, count_cb, &count),
					 EINTR);
	ck_assert_int_eq(count, 0);

	/* our route with a short RTA_PRIORITY */
	nlh = (struct nlmsghdr*)buf;
	nlh->nlmsg_flags = NLM_F_MULTI;
	attr = mnl_nlmsg_get_payload_tail(nlh);
	mnl_attr_put_u16(nlh, RTA_PRIORITY, 1);
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										   &count), EBADMSG);
	/* and a long RTA_GATEWAY */
	nlh->nlmsg_len = (uint8_t*)attr - buf;
	mnl_attr_put(nlh, RTA_GATEWAY, 16, buf);
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										   &count), EBADMSG);
	/* prefix too long */
	nlh->nlmsg_len = (uint8_t*)attr - buf;
	((struct rtmsg*)mnl_nlmsg_get_payload(nlh))->rtm_dst_len = 33;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										   &count), EBADMSG);
	((struct rtmsg*)mnl_nlmsg_get_payload(nlh))->rtm_dst_len = 8;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										   &count), LM_NLROUTE_OTHER);
	ck_assert_int_eq(count, 1);
	/* trailing garbage, after reporting the route (callers discard what
	 * was reported when the result is an error) */
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, nlh->nlmsg_len + 8, 3,
										   count_cb, &count), EBADMSG);
	ck_assert_int_eq(count, 2);
	/* header without rtmsg */
	nlh->nlmsg_len = NLMSG_HDRLEN + 4;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, nlh->nlmsg_len, 3, count_cb,
										   &count), EBADMSG);
	/* a length beyond the input */
	nlh->nlmsg_len = 200;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, 100, 3, count_cb, &count),
					 EBADMSG);
	nlh->nlmsg_len = 0xfffffff0;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, 100, 3, count_cb, &count),
					 EBADMSG);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, 100, 3), EBADMSG);
	ck_assert_int_eq(count, 2);
}
END_TEST

START_TEST(test_parse_dump_multipath_invalid)
{
	uint8_t buf[512];
	struct nlmsghdr *nlh = (struct nlmsghdr*)buf;
	struct rtnexthop *rtnh;
	size_t len;
	int count = 0;

	len = put_route(buf, 0, &(reply_t){
		.seq = 3, .family = AF_INET6, .protocol = LM_RTPROT,
		.type = RTN_UNICAST, .table = 254, .dst = "2001:db8::",
		.dst_len = 32, .gw = "fe80::1", .oif = 1, .gw2 = "fe80::2",
		.oif2 = 2 });
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, len, 3, count_cb, &count),
					 LM_NLROUTE_OTHER);
	ck_assert_int_eq(count, 2);
	/* the second nexthop claims more than there is: nothing reported */
	rtnh = (struct rtnexthop*)(buf + len - 28);
	ck_assert_uint_eq(rtnh->rtnh_len, 28);
	ck_assert_int_eq(rtnh->rtnh_ifindex, 2);
	rtnh->rtnh_len = 29;
	count = 0;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, len, 3, count_cb, &count),
					 EBADMSG);
	rtnh->rtnh_len = 4;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, len, 3, count_cb, &count),
					 EBADMSG);
	ck_assert_int_eq(count, 0);
	/* a nexthop with a short gateway */
	rtnh->rtnh_len = 28;
	((struct nlattr*)(rtnh + 1))->nla_len = 8;
	ck_assert_int_eq(lm_nlroute_parse_dump(buf, len, 3, count_cb, &count),
					 EBADMSG);
	ck_assert_int_eq(count, 0);
	ck_assert_uint_eq(nlh->nlmsg_len, len);
}
END_TEST

START_TEST(test_parse_ack)
{
	uint8_t buf[256];
	size_t pos;

	pos = put_error(buf, 0, NLMSG_ERROR, 7, 0);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 7), 0);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 8), LM_NLROUTE_OTHER);
	pos = put_error(buf, 0, NLMSG_ERROR, 7, -EEXIST);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 7), EEXIST);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, 0, 7), LM_NLROUTE_OTHER);
	/* EPERM is 1: an errno value, never taken for LM_NLROUTE_OTHER */
	pos = put_error(buf, 0, NLMSG_ERROR, 7, -EPERM);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 7), EPERM);
	ck_assert_int_ne(EPERM, LM_NLROUTE_OTHER);

	/* a stale reply first, then ours */
	pos = put_error(buf, 0, NLMSG_ERROR, 6, -ESRCH);
	pos = put_error(buf, pos, NLMSG_DONE, 7, 0);
	pos = put_error(buf, pos, NLMSG_ERROR, 7, -ENODEV);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 7), ENODEV);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 6), ESRCH);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 5), LM_NLROUTE_OTHER);

	/* malformed */
	pos = put_error(buf, 0, NLMSG_ERROR, 7, 1);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 7), EBADMSG);
	pos = put_error(buf, 0, NLMSG_ERROR, 7, -EEXIST);
	((struct nlmsghdr*)buf)->nlmsg_len = NLMSG_HDRLEN + 4;
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, NLMSG_HDRLEN + 4, 7),
					 EBADMSG);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, NLMSG_HDRLEN + 4, 8),
					 LM_NLROUTE_OTHER);
	((struct nlmsghdr*)buf)->nlmsg_len = 8;
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, pos, 7), EBADMSG);
	ck_assert_int_eq(lm_nlroute_parse_ack(buf, 10, 7), EBADMSG);
}
END_TEST

/**
 * Run both parsers on an exactly sized heap copy of data[0..len).
 */
static void parse_copy(const uint8_t *data, size_t len, uint32_t seq)
{
	uint8_t *copy;
	int count = 0, ret;

	copy = malloc(len ? len : 1);
	memcpy(copy, data, len);
	ret = lm_nlroute_parse_dump(copy, len, seq, count_cb, &count);
	ck_assert(ret == 0 || ret == LM_NLROUTE_OTHER || ret > 0);
	ret = lm_nlroute_parse_ack(copy, len, seq);
	ck_assert(ret == 0 || ret == LM_NLROUTE_OTHER || ret > 0);
	free(copy);
}

START_TEST(test_truncated)
{
	uint8_t buf[2048], mut[2048];
	size_t len, i, j;
	const uint8_t values[] = { 0x00, 0x01, 0x03, 0x04, 0x7f, 0x80, 0xff };

	len = build_dump(buf);
	len = put_error(buf, len, NLMSG_ERROR, 3, -EEXIST);
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

Suite *nlroute_suite_create(void)
{
	Suite *s = suite_create("lm_nlroute");
	TCase *tc;

	tc = tcase_create("build");
	tcase_add_test(tc, test_build_add4);
	tcase_add_test(tc, test_build_dev4);
	tcase_add_test(tc, test_build_add6);
	tcase_add_test(tc, test_build_del);
	tcase_add_test(tc, test_build_invalid);
	tcase_add_test(tc, test_normalize);
	tcase_add_test(tc, test_build_dump);
	tcase_add_test(tc, test_build_link);
	suite_add_tcase(s, tc);

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_dump);
	tcase_add_test(tc, test_parse_dump_errors);
	tcase_add_test(tc, test_table_dump);
	tcase_add_test(tc, test_parse_dump_multipath_invalid);
	tcase_add_test(tc, test_parse_ack);
	tcase_add_test(tc, test_truncated);
	suite_add_tcase(s, tc);
	return s;
}
