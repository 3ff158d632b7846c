/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_nlroute.h"

#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/socket.h>
#include <net/if.h>
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

void lm_nlroute_normalize(lm_route_t *route)
{
	lm_addr_mask(&route->dst, route->prefixlen);
	if (route->table == 0)
	{
		route->table = LM_RT_TABLE_MAIN;
	}
	if (route->dst.family == AF_INET6 && route->metric == 0)
	{
		route->metric = LM_NLROUTE_METRIC6_DEFAULT;
	}
}

size_t lm_nlroute_build_route(void *buf, size_t size, uint32_t seq,
							  lm_nlroute_op_t op, const lm_route_t *route,
							  int ifindex)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;
	uint32_t metric = route->metric;
	size_t len;

	len = addr_len(route->dst.family);
	if (!len || route->prefixlen > len * 8 || ifindex < 0 ||
		(route->gateway.family && route->gateway.family != route->dst.family))
	{
		return 0;
	}
	if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*rtm)))
	{
		return 0;
	}
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	switch (op)
	{
		case LM_NLROUTE_ADD:
			nlh->nlmsg_type = RTM_NEWROUTE;
			nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_EXCL;
			break;
		case LM_NLROUTE_REPLACE:
			nlh->nlmsg_type = RTM_NEWROUTE;
			nlh->nlmsg_flags |= NLM_F_CREATE | NLM_F_REPLACE;
			break;
		case LM_NLROUTE_DEL:
			nlh->nlmsg_type = RTM_DELROUTE;
			break;
		default:
			return 0;
	}
	rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	rtm->rtm_family = route->dst.family;
	rtm->rtm_dst_len = route->prefixlen;
	rtm->rtm_table = route->table < 256 ? route->table : RT_TABLE_UNSPEC;
	rtm->rtm_protocol = LM_RTPROT;
	rtm->rtm_type = RTN_UNICAST;
	if (op == LM_NLROUTE_DEL)
	{
		rtm->rtm_scope = RT_SCOPE_NOWHERE;
	}
	else
	{
		rtm->rtm_scope = route->gateway.family ? RT_SCOPE_UNIVERSE
											   : RT_SCOPE_LINK;
	}
	if (route->dst.family == AF_INET6 && metric == 0)
	{
		metric = LM_NLROUTE_METRIC6_DEFAULT;
	}
	if (!mnl_attr_put_u32_check(nlh, size, RTA_TABLE, route->table) ||
		(route->prefixlen &&
		 !mnl_attr_put_check(nlh, size, RTA_DST, len, route->dst.a)) ||
		(route->gateway.family &&
		 !mnl_attr_put_check(nlh, size, RTA_GATEWAY, len,
							 route->gateway.a)) ||
		(ifindex && !mnl_attr_put_u32_check(nlh, size, RTA_OIF, ifindex)) ||
		!mnl_attr_put_u32_check(nlh, size, RTA_PRIORITY, metric))
	{
		return 0;
	}
	return nlh->nlmsg_len;
}

struct nlmsghdr *lm_nlroute_put_request(void *buf, size_t size, uint16_t type,
										uint16_t flags, uint32_t seq,
										size_t extra_len, void **extra)
{
	struct nlmsghdr *nlh;

	if (size < MNL_NLMSG_HDRLEN + MNL_ALIGN(extra_len))
	{
		return NULL;
	}
	/* libmnl leaves the padding of attributes as it finds it */
	memset(buf, 0, size);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	*extra = mnl_nlmsg_put_extra_header(nlh, extra_len);
	return nlh;
}

size_t lm_nlroute_build_dump(void *buf, size_t size, uint32_t seq, int family)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = lm_nlroute_put_request(buf, size, RTM_GETROUTE,
								 NLM_F_REQUEST | NLM_F_DUMP, seq,
								 sizeof(*rtm), (void**)&rtm);
	if (!nlh)
	{
		return 0;
	}
	rtm->rtm_family = family;
	rtm->rtm_protocol = LM_RTPROT;
	return nlh->nlmsg_len;
}

size_t lm_nlroute_build_table_dump(void *buf, size_t size, uint32_t seq,
								   int family, uint32_t table, int ifindex)
{
	struct nlmsghdr *nlh;
	struct rtmsg *rtm;

	nlh = lm_nlroute_put_request(buf, size, RTM_GETROUTE,
								 NLM_F_REQUEST | NLM_F_DUMP, seq,
								 sizeof(*rtm), (void**)&rtm);
	if (!nlh || !mnl_attr_put_u32_check(nlh, size, RTA_TABLE, table) ||
		(ifindex > 0 && !mnl_attr_put_u32_check(nlh, size, RTA_OIF, ifindex)))
	{
		return 0;
	}
	rtm->rtm_family = family;
	rtm->rtm_table = table < 256 ? table : RT_TABLE_UNSPEC;
	return nlh->nlmsg_len;
}

size_t lm_nlroute_build_link(void *buf, size_t size, uint32_t seq,
							 int ifindex, bool up)
{
	struct nlmsghdr *nlh;
	struct ifinfomsg *ifi;

	nlh = ifindex > 0 ? lm_nlroute_put_request(buf, size, RTM_NEWLINK,
									NLM_F_REQUEST | NLM_F_ACK, seq,
									sizeof(*ifi), (void**)&ifi) : NULL;
	if (!nlh)
	{
		return 0;
	}
	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	ifi->ifi_change = IFF_UP;
	ifi->ifi_flags = up ? IFF_UP : 0;
	return nlh->nlmsg_len;
}

/**
 * Attributes of a route message we look at.
 */
typedef struct {
	/** address length of the family */
	size_t alen;
	/** attributes by type, NULL if absent */
	const struct nlattr *tb[RTA_MAX + 1];
	/** an attribute had an invalid length */
	bool invalid;
} attrs_t;

/**
 * mnl_attr_parse*() callback collecting and validating attributes.
 */
static int attr_cb(const struct nlattr *attr, void *data)
{
	attrs_t *attrs = data;
	uint16_t type = mnl_attr_get_type(attr);
	int ret = 0;

	switch (type)
	{
		case RTA_DST:
		case RTA_GATEWAY:
			ret = mnl_attr_validate2(attr, MNL_TYPE_BINARY, attrs->alen);
			break;
		case RTA_OIF:
		case RTA_PRIORITY:
		case RTA_TABLE:
			ret = mnl_attr_validate(attr, MNL_TYPE_U32);
			break;
		case RTA_MULTIPATH:
			break;
		default:
			/* not interested */
			return MNL_CB_OK;
	}
	if (ret < 0)
	{
		attrs->invalid = true;
		return MNL_CB_ERROR;
	}
	attrs->tb[type] = attr;
	return MNL_CB_OK;
}

/**
 * Parse the attributes of a route message or of a nexthop.
 *
 * @return			FALSE if malformed
 */
static bool parse_attrs(const void *data, size_t len, attrs_t *attrs)
{
	memset(attrs->tb, 0, sizeof(attrs->tb));
	attrs->invalid = false;
	if (len && mnl_attr_parse_payload(data, len, attr_cb, attrs) < 0)
	{
		return false;
	}
	return !attrs->invalid;
}

/**
 * Report a route, with the gateway and interface of a nexthop if given.
 */
static void report(lm_route_t *route, const attrs_t *nh, int ifindex,
				   lm_nlroute_cb_t cb, void *user)
{
	route->gateway.family = 0;
	memset(route->gateway.a, 0, sizeof(route->gateway.a));
	if (nh->tb[RTA_GATEWAY])
	{
		route->gateway.family = route->dst.family;
		memcpy(route->gateway.a, mnl_attr_get_payload(nh->tb[RTA_GATEWAY]),
			   nh->alen);
	}
	if (nh->tb[RTA_OIF])
	{
		ifindex = mnl_attr_get_u32(nh->tb[RTA_OIF]);
	}
	cb(user, route, ifindex < 0 ? 0 : ifindex);
}

/**
 * Validate the nexthops of an RTA_MULTIPATH attribute, or report each.
 *
 * @param cb		callback to report, NULL to validate only
 * @return			FALSE if malformed
 */
static bool walk_nexthops(lm_route_t *route, const struct nlattr *mp,
						  size_t alen, lm_nlroute_cb_t cb, void *user)
{
	const struct rtnexthop *rtnh;
	const uint8_t *pos;
	size_t remaining, step;
	attrs_t nh;

	nh.alen = alen;
	pos = mnl_attr_get_payload(mp);
	remaining = mnl_attr_get_payload_len(mp);
	while (remaining)
	{
		rtnh = (const struct rtnexthop*)pos;
		if (remaining < sizeof(*rtnh) || rtnh->rtnh_len < sizeof(*rtnh) ||
			rtnh->rtnh_len > remaining ||
			!parse_attrs(pos + RTNH_ALIGN(sizeof(*rtnh)),
						 rtnh->rtnh_len - RTNH_ALIGN(sizeof(*rtnh)), &nh))
		{
			return false;
		}
		if (cb)
		{
			report(route, &nh, rtnh->rtnh_ifindex, cb, user);
		}
		step = RTNH_ALIGN(rtnh->rtnh_len);
		if (step >= remaining)
		{
			break;
		}
		pos += step;
		remaining -= step;
	}
	return true;
}

/**
 * Parse one RTM_NEWROUTE message of a dump.
 *
 * @return			FALSE if malformed
 */
static bool parse_route(const struct nlmsghdr *nlh, bool ours,
						lm_nlroute_cb_t cb, void *user)
{
	const struct rtmsg *rtm;
	size_t hdrlen;
	attrs_t attrs;
	lm_route_t route;
	int ifindex;

	hdrlen = MNL_NLMSG_HDRLEN + MNL_ALIGN(sizeof(*rtm));
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(*rtm))
	{
		return false;
	}
	rtm = mnl_nlmsg_get_payload(nlh);
	if ((ours && rtm->rtm_protocol != LM_RTPROT) ||
		rtm->rtm_type != RTN_UNICAST ||
		(rtm->rtm_flags & RTM_F_CLONED) || !addr_len(rtm->rtm_family))
	{
		return true;
	}
	attrs.alen = addr_len(rtm->rtm_family);
	if (rtm->rtm_dst_len > attrs.alen * 8 ||
		!parse_attrs((const uint8_t*)nlh + hdrlen,
					 nlh->nlmsg_len > hdrlen ? nlh->nlmsg_len - hdrlen : 0,
					 &attrs))
	{
		return false;
	}
	memset(&route, 0, sizeof(route));
	route.dst.family = rtm->rtm_family;
	route.prefixlen = rtm->rtm_dst_len;
	if (attrs.tb[RTA_DST])
	{
		memcpy(route.dst.a, mnl_attr_get_payload(attrs.tb[RTA_DST]),
			   attrs.alen);
	}
	route.table = attrs.tb[RTA_TABLE] ? mnl_attr_get_u32(attrs.tb[RTA_TABLE])
									  : rtm->rtm_table;
	if (attrs.tb[RTA_PRIORITY])
	{
		route.metric = mnl_attr_get_u32(attrs.tb[RTA_PRIORITY]);
	}
	lm_nlroute_normalize(&route);
	ifindex = attrs.tb[RTA_OIF] ? (int)mnl_attr_get_u32(attrs.tb[RTA_OIF]) : 0;

	if (!attrs.tb[RTA_MULTIPATH])
	{
		report(&route, &attrs, ifindex, cb, user);
		return true;
	}
	/* validate all nexthops before reporting any */
	return walk_nexthops(&route, attrs.tb[RTA_MULTIPATH], attrs.alen, NULL,
						 NULL) &&
		   walk_nexthops(&route, attrs.tb[RTA_MULTIPATH], attrs.alen, cb,
						 user);
}

/**
 * Error code of an NLMSG_ERROR message (min is sizeof(struct nlmsgerr)) or of
 * an NLMSG_DONE message (min 0, the error is optional there).
 *
 * @return			0 or an errno value, EBADMSG if malformed
 */
static int get_error(const struct nlmsghdr *nlh, size_t min)
{
	int error;

	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + min)
	{
		return EBADMSG;
	}
	if (nlh->nlmsg_len < MNL_NLMSG_HDRLEN + sizeof(error))
	{
		return 0;
	}
	memcpy(&error, mnl_nlmsg_get_payload(nlh), sizeof(error));
	/* the kernel sends 0 or -errno */
	if (error > 0 || error == INT_MIN)
	{
		return EBADMSG;
	}
	return -error;
}

/**
 * Check that a complete message starts at nlh. Unlike mnl_nlmsg_ok(), this
 * does not accept nlmsg_len values above INT_MAX.
 */
static bool msg_ok(const struct nlmsghdr *nlh, size_t remaining)
{
	return remaining >= sizeof(*nlh) && nlh->nlmsg_len >= sizeof(*nlh) &&
		   nlh->nlmsg_len <= remaining;
}

/**
 * Advance to the next message, after msg_ok().
 */
static const struct nlmsghdr *msg_next(const struct nlmsghdr *nlh,
									   size_t *remaining)
{
	size_t step = NLMSG_ALIGN(nlh->nlmsg_len);

	if (step >= *remaining)
	{
		/* the last message may lack its padding */
		*remaining = 0;
		return nlh;
	}
	*remaining -= step;
	return (const struct nlmsghdr*)((const uint8_t*)nlh + step);
}

int lm_nlroute_parse_msgs(const void *buf, size_t len, uint32_t seq,
						  uint16_t type, lm_nlroute_msg_cb_t cb, void *user)
{
	const struct nlmsghdr *nlh = buf;
	size_t remaining = len;

	while (msg_ok(nlh, remaining))
	{
		if (nlh->nlmsg_seq == seq)
		{
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
			{
				return EINTR;
			}
			if (nlh->nlmsg_type == NLMSG_DONE)
			{
				/* usually carries an int error, 0 or -errno */
				return get_error(nlh, 0);
			}
			if (nlh->nlmsg_type == NLMSG_ERROR)
			{
				return get_error(nlh, sizeof(struct nlmsgerr));
			}
			if (nlh->nlmsg_type == type && !cb(user, nlh))
			{
				return EBADMSG;
			}
		}
		nlh = msg_next(nlh, &remaining);
	}
	return remaining ? EBADMSG : LM_NLROUTE_OTHER;
}

/**
 * The callback of a route dump and its data.
 */
typedef struct {
	/** report our routes only, or all */
	bool ours;
	lm_nlroute_cb_t cb;
	void *user;
} route_cb_t;

/**
 * Parse an RTM_NEWROUTE message, lm_nlroute_msg_cb_t.
 */
static bool route_msg(void *user, const struct nlmsghdr *nlh)
{
	route_cb_t *route = user;

	return parse_route(nlh, route->ours, route->cb, route->user);
}

/**
 * Parse a route dump, of our routes or of all.
 */
static int parse_dump(const void *buf, size_t len, uint32_t seq, bool ours,
					  lm_nlroute_cb_t cb, void *user)
{
	route_cb_t route = {
		.ours = ours,
		.cb = cb,
		.user = user,
	};

	return lm_nlroute_parse_msgs(buf, len, seq, RTM_NEWROUTE, route_msg,
								 &route);
}

int lm_nlroute_parse_dump(const void *buf, size_t len, uint32_t seq,
						  lm_nlroute_cb_t cb, void *user)
{
	return parse_dump(buf, len, seq, true, cb, user);
}

int lm_nlroute_parse_routes(const void *buf, size_t len, uint32_t seq,
							lm_nlroute_cb_t cb, void *user)
{
	return parse_dump(buf, len, seq, false, cb, user);
}

int lm_nlroute_parse_ack(const void *buf, size_t len, uint32_t seq)
{
	const struct nlmsghdr *nlh = buf;
	size_t remaining = len;

	while (msg_ok(nlh, remaining))
	{
		if (nlh->nlmsg_seq == seq && nlh->nlmsg_type == NLMSG_ERROR)
		{
			return get_error(nlh, sizeof(struct nlmsgerr));
		}
		nlh = msg_next(nlh, &remaining);
	}
	return remaining ? EBADMSG : LM_NLROUTE_OTHER;
}
