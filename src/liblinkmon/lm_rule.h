/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_rule lm_rule
 * @{ @ingroup liblinkmon
 *
 * Routing-policy rules owned by the plugin (FortiGate update-policy-route):
 * "traffic matching these selectors looks up this table", installed while
 * a monitor is alive, and the section of a monitor's "rules" that
 * configures one.
 */

#ifndef LM_RULE_H_
#define LM_RULE_H_

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lm_addr.h"
#include "lm_kv.h"

/** priority of a rule without the key (before main's 32766) */
#define LM_RULE_PRIORITY_DEFAULT 1000

/** highest priority a rule may have: the last one before main's */
#define LM_RULE_PRIORITY_MAX 32765

/** highest table number (RT_TABLE_MAX is no table) */
#define LM_RULE_TABLE_MAX 4294967294U

typedef struct lm_rule_t lm_rule_t;

/**
 * A rule: the selectors and the table traffic matching them looks up.
 */
struct lm_rule_t {
	/** AF_INET or AF_INET6 */
	int family;
	/** source prefix, family 0 and zero if src_len is 0 */
	lm_addr_t src;
	/** source prefix length, 0 for any */
	uint8_t src_len;
	/** destination prefix, family 0 and zero if dst_len is 0 */
	lm_addr_t dst;
	/** destination prefix length, 0 for any */
	uint8_t dst_len;
	/** input interface, "" for any */
	char iif[IF_NAMESIZE];
	/** firewall mark, compared under fwmask */
	uint32_t fwmark;
	/** mask of the firewall mark, 0 if the mark is not compared */
	uint32_t fwmask;
	/** routing table to look up */
	uint32_t table;
	/** priority, lower first */
	uint32_t priority;
};

/**
 * Report an error of a rule section.
 *
 * @param user		user data
 * @param key		the key, "rules.NAME.KEY"
 * @param msg		what is wrong
 */
typedef void (*lm_rule_error_t)(void *user, const char *key,
								const char *msg);

/**
 * Bring a rule to the form the kernel reports in dumps: host bits of the
 * prefixes cleared, an unset prefix all zero.
 *
 * @param rule		rule to normalize in place
 */
void lm_rule_normalize(lm_rule_t *rule);

/**
 * Compare two rules, normalized, in every field.
 */
bool lm_rule_equals(const lm_rule_t *a, const lm_rule_t *b);

/**
 * Format a rule like ip-rule(8): "priority 1000 from 10.1.0.0/24 to
 * 192.0.2.0/24 fwmark 0x1/0xff iif eth1 lookup 100"; without a source an
 * IPv4 rule is "from all", an IPv6 one "from ::/0".
 *
 * @return			buf
 */
char *lm_rule_fmt(const lm_rule_t *rule, char *buf, size_t len);

/**
 * Parse the section of one rule (keys from, to, iif, fwmark, table,
 * priority). Its family is the one of from and to; without either, IPv4.
 *
 * @param kv		the rule's section, named like the rule
 * @param rule		receives the rule, normalized
 * @param error		called for each error
 * @param user		user data for error
 * @return			number of errors, 0 if the rule is valid
 */
int lm_rule_parse(const lm_kv_t *kv, lm_rule_t *rule, lm_rule_error_t error,
				  void *user);

#endif /** LM_RULE_H_ @}*/
