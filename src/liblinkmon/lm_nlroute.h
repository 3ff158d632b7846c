/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_nlroute lm_nlroute
 * @{ @ingroup liblinkmon
 *
 * rtnetlink messages for the routes and links the plugin owns: building
 * RTM_NEWROUTE/RTM_DELROUTE/RTM_GETROUTE/RTM_NEWLINK requests and parsing
 * route dumps and ACKs; the request header and the walk over the messages
 * of a dump for lm_nlrule too. No sockets: the caller sends and receives.
 *
 * Builders write into a caller buffer and return the message length, or 0 if
 * the message does not fit or the input is invalid. Parsers take received
 * bytes (4-byte aligned, as from recv()) and never read beyond the given
 * length.
 *
 * A route is identified by the kernel by (family, table, dst/prefixlen, tos,
 * metric); the gateway and interface are attributes of it. Changing the
 * gateway of a route is possible in place (LM_NLROUTE_REPLACE), a change of
 * the metric is a different route (add the new one, delete the old one).
 */

#ifndef LM_NLROUTE_H_
#define LM_NLROUTE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

#include "lm_route.h"

/** IPv6 routes added with metric 0 get this metric (IP6_RT_PRIO_USER) */
#define LM_NLROUTE_METRIC6_DEFAULT 1024

/** receive buffer size that holds any message of a dump */
#define LM_NLROUTE_RECV_SIZE 32768

/** lm_nlroute_parse_ack()/lm_nlroute_parse_dump(): nothing for us (yet);
 *  negative, so it is no errno value */
#define LM_NLROUTE_OTHER (-1)

/**
 * Route operations.
 */
typedef enum {
	/** RTM_NEWROUTE, NLM_F_CREATE|NLM_F_EXCL: EEXIST if any route with the
	 *  same key (table, dst, metric) exists, ours or not */
	LM_NLROUTE_ADD,
	/** RTM_NEWROUTE, NLM_F_CREATE|NLM_F_REPLACE: replaces the route with the
	 *  same key (e.g. to change the gateway), or creates it */
	LM_NLROUTE_REPLACE,
	/** RTM_DELROUTE of a route of ours (protocol LM_RTPROT) */
	LM_NLROUTE_DEL,
} lm_nlroute_op_t;

/**
 * Normalize a route to what the kernel reports back in a dump: host bits of
 * the destination cleared, table 0 is LM_RT_TABLE_MAIN, an IPv6 metric of 0
 * is LM_NLROUTE_METRIC6_DEFAULT.
 *
 * @param route		route to normalize in place
 */
void lm_nlroute_normalize(lm_route_t *route);

/**
 * Build an RTM_NEWROUTE or RTM_DELROUTE request with NLM_F_ACK.
 *
 * The header gets rtm_family of the destination, rtm_dst_len, rtm_protocol
 * LM_RTPROT, rtm_type RTN_UNICAST, rtm_table the table if below 256, else
 * RT_TABLE_UNSPEC; rtm_scope RT_SCOPE_UNIVERSE for a route with a gateway,
 * RT_SCOPE_LINK without, and RT_SCOPE_NOWHERE (any scope) for a delete.
 * Attributes: RTA_TABLE (always), RTA_DST (unless the prefix length is 0),
 * RTA_GATEWAY (if any), RTA_OIF (if ifindex), RTA_PRIORITY (always; for
 * IPv6, 0 is sent as LM_NLROUTE_METRIC6_DEFAULT). route->ifname is not used.
 *
 * @param buf		buffer to write to
 * @param size		size of buf
 * @param seq		sequence number
 * @param op		operation
 * @param route		route, dst family AF_INET or AF_INET6
 * @param ifindex	output interface, 0 for none
 * @return			length of the message, 0 if it does not fit or the route
 *					is invalid (family, prefix length, gateway family)
 */
size_t lm_nlroute_build_route(void *buf, size_t size, uint32_t seq,
							  lm_nlroute_op_t op, const lm_route_t *route,
							  int ifindex);

/**
 * Build an RTM_GETROUTE dump request.
 *
 * rtm_protocol is LM_RTPROT: with NETLINK_GET_STRICT_CHK set on the socket,
 * the kernel sends only our routes; without it, it sends all and
 * lm_nlroute_parse_dump() filters them.
 *
 * @param buf		buffer to write to
 * @param size		size of buf
 * @param seq		sequence number
 * @param family	AF_UNSPEC, AF_INET or AF_INET6
 * @return			length of the message, 0 if it does not fit
 */
size_t lm_nlroute_build_dump(void *buf, size_t size, uint32_t seq,
							 int family);

/**
 * Build an RTM_GETROUTE dump request of the routes of a table via an
 * interface, any protocol (with NETLINK_GET_STRICT_CHK the kernel filters by
 * table and interface; parse with lm_nlroute_parse_routes()).
 *
 * @param buf		buffer to write to
 * @param size		size of buf
 * @param seq		sequence number
 * @param family	AF_INET or AF_INET6
 * @param table		routing table
 * @param ifindex	output interface, 0 for any
 * @return			length of the message, 0 if it does not fit
 */
size_t lm_nlroute_build_table_dump(void *buf, size_t size, uint32_t seq,
								   int family, uint32_t table, int ifindex);

/**
 * Start a request: the netlink header and the family specific header, with
 * the whole buffer zeroed but for the given fields (libmnl does not clear
 * the padding of attributes).
 *
 * @param buf		buffer to write to
 * @param size		size of buf
 * @param type		message type
 * @param flags		message flags
 * @param seq		sequence number
 * @param extra_len	size of the family specific header
 * @param extra		receives the family specific header
 * @return			the message, NULL if buf is too small
 */
struct nlmsghdr *lm_nlroute_put_request(void *buf, size_t size, uint16_t type,
										uint16_t flags, uint32_t seq,
										size_t extra_len, void **extra);

/**
 * Parse one message of a dump, for lm_nlroute_parse_msgs().
 *
 * @param user		user data
 * @param nlh		a complete message of the requested type and sequence
 *					number (its nlmsg_len is within the received bytes)
 * @return			FALSE if malformed
 */
typedef bool (*lm_nlroute_msg_cb_t)(void *user, const struct nlmsghdr *nlh);

/**
 * Walk received dump messages: the ones of the dump's sequence number and
 * type go to cb, until NLMSG_DONE or an NLMSG_ERROR of that sequence
 * number; messages with another sequence number are skipped.
 *
 * @param buf		received bytes, one or more netlink messages
 * @param len		number of bytes
 * @param seq		sequence number of the dump request
 * @param type		type of the messages for cb (e.g. RTM_NEWROUTE)
 * @param cb		parses one message
 * @param user		user data for cb
 * @return			0 when NLMSG_DONE was seen, LM_NLROUTE_OTHER if more
 *					messages are expected, the (positive) errno value of an
 *					NLMSG_ERROR, EINTR if the dump was interrupted
 *					(NLM_F_DUMP_INTR, retry it), EBADMSG if malformed (also
 *					if cb says so)
 */
int lm_nlroute_parse_msgs(const void *buf, size_t len, uint32_t seq,
						  uint16_t type, lm_nlroute_msg_cb_t cb, void *user);

/**
 * Build an RTM_NEWLINK request with NLM_F_ACK that sets an interface up or
 * down (ifi_change IFF_UP, ifi_flags IFF_UP or 0).
 *
 * @param buf		buffer to write to
 * @param size		size of buf
 * @param seq		sequence number
 * @param ifindex	interface index
 * @param up		TRUE to set the interface up, FALSE for down
 * @return			length of the message, 0 if it does not fit
 */
size_t lm_nlroute_build_link(void *buf, size_t size, uint32_t seq,
							 int ifindex, bool up);

/**
 * Callback for each route of ours in a dump.
 *
 * route->ifname is empty, the output interface is passed as ifindex (0 if
 * none). A multipath route is reported once per nexthop.
 *
 * @param user		user data
 * @param route		route (normalized, as lm_nlroute_normalize())
 * @param ifindex	output interface index, 0 if none
 */
typedef void (*lm_nlroute_cb_t)(void *user, const lm_route_t *route,
								int ifindex);

/**
 * Parse received route dump messages.
 *
 * Reports routes with rtm_protocol LM_RTPROT, type RTN_UNICAST, family
 * AF_INET/AF_INET6, not RTM_F_CLONED; others are skipped without looking at
 * their attributes. Messages with another sequence number are skipped.
 * Routes may have been reported before an error is found: on an error
 * result, discard what was reported for this dump.
 *
 * @param buf		received bytes, one or more netlink messages
 * @param len		number of bytes
 * @param seq		sequence number of the dump request
 * @param cb		callback for each route
 * @param user		user data for cb
 * @return			0 when NLMSG_DONE was seen, LM_NLROUTE_OTHER if more
 *					messages are expected, the (positive) errno value of an
 *					NLMSG_ERROR, EINTR if the dump was interrupted
 *					(NLM_F_DUMP_INTR, retry it), EBADMSG if malformed
 */
int lm_nlroute_parse_dump(const void *buf, size_t len, uint32_t seq,
						  lm_nlroute_cb_t cb, void *user);

/**
 * Parse the reply to a lm_nlroute_build_table_dump() request as
 * lm_nlroute_parse_dump() does, reporting the unicast routes of any
 * protocol.
 */
int lm_nlroute_parse_routes(const void *buf, size_t len, uint32_t seq,
							lm_nlroute_cb_t cb, void *user);

/**
 * Parse received messages for the ACK of a request.
 *
 * @param buf		received bytes, one or more netlink messages
 * @param len		number of bytes
 * @param seq		sequence number of the request
 * @return			0 for an ACK of seq, the (positive) errno value of an
 *					error reply to seq, LM_NLROUTE_OTHER if nothing is for
 *					seq, EBADMSG if malformed
 */
int lm_nlroute_parse_ack(const void *buf, size_t len, uint32_t seq);

#endif /** LM_NLROUTE_H_ @}*/
