/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_nlrule lm_nlrule
 * @{ @ingroup liblinkmon
 *
 * rtnetlink messages for the routing-policy rules the plugin owns: building
 * RTM_NEWRULE/RTM_DELRULE/RTM_GETRULE requests and parsing rule dumps. The
 * owner marker is the rule's protocol (FRA_PROTOCOL, "ip rule show protocol
 * 199"), LM_RTPROT like the routes'. ACKs are parsed by
 * lm_nlroute_parse_ack(). No sockets: the caller sends and receives.
 *
 * Builders write into a caller buffer and return the message length, or 0 if
 * the message does not fit or the rule is invalid. The parser takes received
 * bytes (4-byte aligned, as from recv()) and never reads beyond the given
 * length.
 *
 * The kernel knows no key of a rule: identical rules may exist several times
 * (NLM_F_EXCL refuses that), and a delete removes the first rule matching
 * every selector it is given. Every request carries all of the rule's
 * selectors, its table, priority and protocol.
 */

#ifndef LM_NLRULE_H_
#define LM_NLRULE_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lm_nlroute.h"
#include "lm_rule.h"

/**
 * Rule operations.
 */
typedef enum {
	/** RTM_NEWRULE, NLM_F_CREATE|NLM_F_EXCL: EEXIST if an identical rule
	 *  exists, ours or not */
	LM_NLRULE_ADD,
	/** RTM_DELRULE of a rule of ours (protocol LM_RTPROT): ENOENT if none */
	LM_NLRULE_DEL,
} lm_nlrule_op_t;

/**
 * Build an RTM_NEWRULE or RTM_DELRULE request with NLM_F_ACK.
 *
 * The header gets the rule's family, prefix lengths, action FR_ACT_TO_TBL
 * and its table if below 256, else RT_TABLE_UNSPEC. Attributes: FRA_TABLE,
 * FRA_PRIORITY, FRA_PROTOCOL LM_RTPROT (always), FRA_SRC and FRA_DST (if
 * their prefix length is not 0), FRA_IIFNAME (if any), FRA_FWMARK and
 * FRA_FWMASK (if fwmask is not 0).
 *
 * @param buf		buffer to write to
 * @param size		size of buf
 * @param seq		sequence number
 * @param op		operation
 * @param rule		rule, normalized (lm_rule_normalize())
 * @return			length of the message, 0 if it does not fit or the rule
 *					is invalid (family, prefix length, table 0)
 */
size_t lm_nlrule_build_rule(void *buf, size_t size, uint32_t seq,
							lm_nlrule_op_t op, const lm_rule_t *rule);

/**
 * Build an RTM_GETRULE dump request. The kernel does not filter rule dumps
 * by protocol: lm_nlrule_parse_dump() does.
 *
 * @param buf		buffer to write to
 * @param size		size of buf
 * @param seq		sequence number
 * @param family	AF_UNSPEC (every family), AF_INET or AF_INET6
 * @return			length of the message, 0 if it does not fit
 */
size_t lm_nlrule_build_dump(void *buf, size_t size, uint32_t seq,
							int family);

/**
 * Callback for each rule of ours in a dump.
 *
 * @param user		user data
 * @param rule		rule (normalized, as lm_rule_normalize())
 */
typedef void (*lm_nlrule_cb_t)(void *user, const lm_rule_t *rule);

/**
 * Parse received rule dump messages.
 *
 * Reports rules with FRA_PROTOCOL LM_RTPROT, family AF_INET/AF_INET6,
 * action FR_ACT_TO_TBL, neither inverted nor with a TOS (the rules we make);
 * the attributes of others are not validated. Messages with another
 * sequence number are skipped. Rules may have been reported before an
 * error is found: on an error result, discard what was reported for this
 * dump.
 *
 * @param buf		received bytes, one or more netlink messages
 * @param len		number of bytes
 * @param seq		sequence number of the dump request
 * @param cb		callback for each rule
 * @param user		user data for cb
 * @return			as lm_nlroute_parse_msgs()
 */
int lm_nlrule_parse_dump(const void *buf, size_t len, uint32_t seq,
						 lm_nlrule_cb_t cb, void *user);

#endif /** LM_NLRULE_H_ @}*/
