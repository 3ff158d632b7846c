/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

#include "link_monitor_netlink.h"

#include <errno.h>
#include <sys/socket.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <libmnl/libmnl.h>

#include <daemon.h>
#include <threading/mutex.h>

/** receive timeout for netlink replies, in s */
#define NETLINK_TIMEOUT 1

/** size of the requests we send */
#define REQUEST_SIZE 256

/** attempts of a dump interrupted by concurrent changes */
#define DUMP_ATTEMPTS 3

typedef struct private_link_monitor_netlink_t private_link_monitor_netlink_t;

/**
 * Private data of a link_monitor_netlink_t object.
 */
struct private_link_monitor_netlink_t {

	/**
	 * Public link_monitor_netlink_t interface.
	 */
	link_monitor_netlink_t public;

	/**
	 * NETLINK_ROUTE socket.
	 */
	struct mnl_socket *nl;

	/**
	 * Last sequence number used.
	 */
	uint32_t seq;

	/**
	 * Protects the socket, the sequence number and the buffers: one request
	 * at a time.
	 */
	mutex_t *mutex;

	/**
	 * Request buffer.
	 */
	uint32_t req[REQUEST_SIZE / sizeof(uint32_t)];

	/**
	 * Receive buffer.
	 */
	uint32_t buf[LM_NLROUTE_RECV_SIZE / sizeof(uint32_t)];
};

/**
 * Receive into this->buf.
 *
 * @param len		receives the number of bytes
 * @return			0, or an errno value (ETIMEDOUT after NETLINK_TIMEOUT)
 */
static int nl_recv(private_link_monitor_netlink_t *this, size_t *len)
{
	ssize_t ret;

	ret = mnl_socket_recvfrom(this->nl, this->buf, sizeof(this->buf));
	if (ret < 0)
	{
		return errno == EAGAIN || errno == EWOULDBLOCK ? ETIMEDOUT : errno;
	}
	*len = ret;
	return 0;
}

/**
 * Send the request in this->req and wait for its ACK.
 *
 * @return			0 for an ACK, an errno value on failure
 */
static int nl_request(private_link_monitor_netlink_t *this, size_t len,
					  uint32_t seq)
{
	time_t deadline;
	size_t rlen = 0;
	int ret;

	if (!len)
	{
		return EINVAL;
	}
	if (mnl_socket_sendto(this->nl, this->req, len) < 0)
	{
		return errno;
	}
	/* replies to older requests that timed out are skipped, within limits */
	deadline = time_monotonic(NULL) + NETLINK_TIMEOUT + 1;
	while (TRUE)
	{
		ret = nl_recv(this, &rlen);
		if (!ret)
		{
			ret = lm_nlroute_parse_ack(this->buf, rlen, seq);
			if (ret != LM_NLROUTE_OTHER)
			{
				return ret;
			}
		}
		else if (ret != EINTR)
		{
			return ret;
		}
		if (time_monotonic(NULL) > deadline)
		{
			return ETIMEDOUT;
		}
	}
}

METHOD(link_monitor_netlink_t, route_op, int,
	private_link_monitor_netlink_t *this, lm_nlroute_op_t op,
	const lm_route_t *route, int ifindex)
{
	uint32_t seq;
	int ret;

	this->mutex->lock(this->mutex);
	seq = ++this->seq;
	ret = nl_request(this, lm_nlroute_build_route(this->req,
						sizeof(this->req), seq, op, route, ifindex), seq);
	this->mutex->unlock(this->mutex);
	return ret;
}

METHOD(link_monitor_netlink_t, link_op, int,
	private_link_monitor_netlink_t *this, int ifindex, bool up)
{
	uint32_t seq;
	int ret;

	this->mutex->lock(this->mutex);
	seq = ++this->seq;
	ret = nl_request(this, lm_nlroute_build_link(this->req,
						sizeof(this->req), seq, ifindex, up), seq);
	this->mutex->unlock(this->mutex);
	return ret;
}

METHOD(link_monitor_netlink_t, rule_op, int,
	private_link_monitor_netlink_t *this, lm_nlrule_op_t op,
	const lm_rule_t *rule)
{
	uint32_t seq;
	int ret;

	this->mutex->lock(this->mutex);
	seq = ++this->seq;
	ret = nl_request(this, lm_nlrule_build_rule(this->req, sizeof(this->req),
												seq, op, rule), seq);
	this->mutex->unlock(this->mutex);
	return ret;
}

/**
 * Parse received messages of a dump into an array.
 *
 * @return			as lm_nlroute_parse_msgs()
 */
typedef int (*parse_dump_t)(const void *buf, size_t len, uint32_t seq,
							array_t *found);

/**
 * Collect a route of a dump, lm_nlroute_cb_t.
 */
CALLBACK(collect, void,
	array_t *found, const lm_route_t *route, int ifindex)
{
	link_monitor_kroute_t entry = {
		.route = *route,
		.ifindex = ifindex,
	};

	array_insert(found, ARRAY_TAIL, &entry);
}

/**
 * Parse a dump of our routes into link_monitor_kroute_t, parse_dump_t.
 */
static int parse_our_routes(const void *buf, size_t len, uint32_t seq,
							array_t *found)
{
	return lm_nlroute_parse_dump(buf, len, seq, collect, found);
}

/**
 * Parse a dump of the routes of any protocol into link_monitor_kroute_t,
 * parse_dump_t.
 */
static int parse_all_routes(const void *buf, size_t len, uint32_t seq,
							array_t *found)
{
	return lm_nlroute_parse_routes(buf, len, seq, collect, found);
}

/**
 * Collect a rule of a dump, lm_nlrule_cb_t.
 */
CALLBACK(collect_rule, void,
	array_t *found, const lm_rule_t *rule)
{
	array_insert(found, ARRAY_TAIL, (void*)rule);
}

/**
 * Parse a dump of our rules into lm_rule_t, parse_dump_t.
 */
static int parse_rules(const void *buf, size_t len, uint32_t seq,
					   array_t *found)
{
	return lm_nlrule_parse_dump(buf, len, seq, collect_rule, found);
}

/**
 * Run the dump request in this->req and collect the routes or rules of its
 * reply.
 *
 * @param len		length of the request
 * @param seq		its sequence number
 * @param parse		parses the reply into found
 * @param found		array to add to
 */
static int run_dump(private_link_monitor_netlink_t *this, size_t len,
					uint32_t seq, parse_dump_t parse, array_t *found)
{
	int ret;

	if (!len)
	{
		return EINVAL;
	}
	if (mnl_socket_sendto(this->nl, this->req, len) < 0)
	{
		return errno;
	}
	while (TRUE)
	{
		ret = nl_recv(this, &len);
		if (ret == EINTR)
		{
			continue;
		}
		if (ret)
		{
			return ret;
		}
		ret = parse(this->buf, len, seq, found);
		if (ret != LM_NLROUTE_OTHER)
		{
			return ret;
		}
	}
}

/**
 * Dump the routes of ours in all tables, or the rules of ours, once.
 *
 * @param rules		TRUE for rules, FALSE for routes
 * @param found		array of link_monitor_kroute_t or lm_rule_t to add to
 */
static int dump_once(private_link_monitor_netlink_t *this, bool rules,
					 array_t *found)
{
	uint32_t seq = ++this->seq;

	if (rules)
	{
		return run_dump(this, lm_nlrule_build_dump(this->req,
						sizeof(this->req), seq, AF_UNSPEC), seq, parse_rules,
						found);
	}
	return run_dump(this, lm_nlroute_build_dump(this->req, sizeof(this->req),
							seq, AF_UNSPEC), seq, parse_our_routes, found);
}

/**
 * The gateway of the default route of the main table via an interface with
 * the lowest metric, of a family.
 */
static int family_gateway(private_link_monitor_netlink_t *this, int family,
						  int ifindex, lm_addr_t *gw)
{
	link_monitor_kroute_t entry;
	uint32_t seq = ++this->seq, metric = UINT32_MAX;
	array_t *found;
	int i, ret;

	found = array_create(sizeof(link_monitor_kroute_t), 0);
	ret = run_dump(this, lm_nlroute_build_table_dump(this->req,
						sizeof(this->req), seq, family, LM_RT_TABLE_MAIN,
						ifindex), seq, parse_all_routes, found);
	for (i = 0; !ret && i < array_count(found); i++)
	{
		array_get(found, i, &entry);
		/* the kernel filters by table and interface, we check anyway */
		if (!entry.route.prefixlen && entry.route.gateway.family &&
			entry.ifindex == ifindex && entry.route.table == LM_RT_TABLE_MAIN &&
			entry.route.metric < metric)
		{
			*gw = entry.route.gateway;
			metric = entry.route.metric;
		}
	}
	array_destroy(found);
	return ret;
}

METHOD(link_monitor_netlink_t, gateway, int,
	private_link_monitor_netlink_t *this, int ifindex, lm_addr_t *gw)
{
	int ret;

	memset(gw, 0, sizeof(*gw));
	this->mutex->lock(this->mutex);
	ret = family_gateway(this, AF_INET, ifindex, gw);
	if (!ret && !gw->family)
	{
		ret = family_gateway(this, AF_INET6, ifindex, gw);
	}
	this->mutex->unlock(this->mutex);
	return ret;
}

/**
 * Dump routes or rules of ours, repeating an interrupted dump.
 *
 * @param rules		TRUE for rules, FALSE for routes
 * @param found		receives the array, only on success
 * @return			0, or an errno value
 */
static int dump_with_retries(private_link_monitor_netlink_t *this, bool rules,
							 array_t **found)
{
	int i, ret = EINTR;

	this->mutex->lock(this->mutex);
	for (i = 0; i < DUMP_ATTEMPTS && ret == EINTR; i++)
	{
		*found = array_create(rules ? sizeof(lm_rule_t)
									: sizeof(link_monitor_kroute_t), 0);
		ret = dump_once(this, rules, *found);
		if (ret)
		{
			array_destroy(*found);
			*found = NULL;
		}
	}
	this->mutex->unlock(this->mutex);
	return ret;
}

METHOD(link_monitor_netlink_t, dump, int,
	private_link_monitor_netlink_t *this, array_t **found)
{
	return dump_with_retries(this, FALSE, found);
}

METHOD(link_monitor_netlink_t, dump_rules, int,
	private_link_monitor_netlink_t *this, array_t **found)
{
	return dump_with_retries(this, TRUE, found);
}

/*
 * Described in header
 */
bool link_monitor_netlink_in_dump(array_t *found, const lm_route_t *route,
								  int ifindex)
{
	link_monitor_kroute_t entry;
	int i;

	for (i = 0; i < array_count(found); i++)
	{
		array_get(found, i, &entry);
		/* dumps carry the interface index, not its name */
		memcpy(entry.route.ifname, route->ifname, sizeof(entry.route.ifname));
		/* without an interface of our own, the kernel picks one */
		if (lm_route_equals(route, &entry.route) &&
			(!ifindex || ifindex == entry.ifindex))
		{
			return TRUE;
		}
	}
	return FALSE;
}

METHOD(link_monitor_netlink_t, has_route, bool,
	private_link_monitor_netlink_t *this, const lm_route_t *route,
	int ifindex)
{
	array_t *found;
	bool has;

	if (dump(this, &found))
	{
		return FALSE;
	}
	has = link_monitor_netlink_in_dump(found, route, ifindex);
	array_destroy(found);
	return has;
}

METHOD(link_monitor_netlink_t, destroy, void,
	private_link_monitor_netlink_t *this)
{
	if (this->nl)
	{
		mnl_socket_close(this->nl);
	}
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_netlink_t *link_monitor_netlink_create()
{
	private_link_monitor_netlink_t *this;
	struct timeval tv = { .tv_sec = NETLINK_TIMEOUT };
	int on = 1;

	INIT(this,
		.public = {
			.route_op = _route_op,
			.rule_op = _rule_op,
			.dump_rules = _dump_rules,
			.link_op = _link_op,
			.dump = _dump,
			.has_route = _has_route,
			.gateway = _gateway,
			.destroy = _destroy,
		},
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	this->nl = mnl_socket_open(NETLINK_ROUTE);
	if (!this->nl || mnl_socket_bind(this->nl, 0, MNL_SOCKET_AUTOPID) < 0 ||
		setsockopt(mnl_socket_get_fd(this->nl), SOL_SOCKET, SO_RCVTIMEO, &tv,
				   sizeof(tv)) < 0)
	{
		DBG1(DBG_KNL, "link-monitor: opening netlink socket failed: %s",
			 strerror(errno));
		destroy(this);
		return NULL;
	}
	/* let the kernel filter dumps by protocol (Linux >= 4.20), we filter
	 * them anyway; smaller ACKs without the request */
	mnl_socket_setsockopt(this->nl, NETLINK_GET_STRICT_CHK, &on, sizeof(on));
	mnl_socket_setsockopt(this->nl, NETLINK_CAP_ACK, &on, sizeof(on));
	return &this->public;
}
