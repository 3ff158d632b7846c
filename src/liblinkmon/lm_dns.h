/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_dns lm_dns
 * @{ @ingroup liblinkmon
 *
 * DNS messages of dns probes (RFC 1035): a query for one name and type, with
 * recursion desired and an EDNS(0) OPT record offering a 1232 byte UDP
 * payload (RFC 6891), and the strict evaluation of a response to it.
 *
 * A response is parsed completely within the datagram: header, question,
 * every record of the answer, authority and additional sections, nothing
 * after them. A compression pointer must point before the name it is part
 * of, and each further pointer of the same name before the previous one's
 * target, so a name is read in at most as many steps as the datagram has
 * bytes and pointer loops are impossible; a name is at most 255 bytes. The
 * question must be the query's (name compared case-insensitively, type,
 * class IN). Then the rcode decides, and, if a match is set, an answer
 * record of the queried type must hold it.
 */

#ifndef LM_DNS_H_
#define LM_DNS_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * Record types a dns probe asks for (their numbers on the wire).
 */
typedef enum {
	LM_DNS_A = 1,
	LM_DNS_NS = 2,
	LM_DNS_CNAME = 5,
	LM_DNS_SOA = 6,
	LM_DNS_PTR = 12,
	LM_DNS_MX = 15,
	LM_DNS_TXT = 16,
	LM_DNS_AAAA = 28,
} lm_dns_type_t;

/** the names of the record types, for messages */
#define LM_DNS_TYPE_NAMES "A, AAAA, CNAME, MX, NS, PTR, SOA, TXT"

/** longest name in wire form (RFC 1035 2.3.4) */
#define LM_DNS_NAME_LEN 255

/** longest match, in characters */
#define LM_DNS_MATCH_LEN 255

/** longest query: header, question, OPT record */
#define LM_DNS_QUERY_MAX (12 + LM_DNS_NAME_LEN + 4 + 11)

/** UDP payload offered in the OPT record */
#define LM_DNS_UDP_PAYLOAD 1232

/**
 * What an answer record must hold.
 */
typedef enum {
	/** nothing, any answer will do */
	LM_DNS_MATCH_NONE,
	/** A/AAAA: this address (4 or 16 bytes) */
	LM_DNS_MATCH_ADDR,
	/** NS, CNAME, PTR, MX, SOA: this name (wire form), case-insensitively */
	LM_DNS_MATCH_NAME,
	/** TXT: these bytes, the record's strings concatenated */
	LM_DNS_MATCH_TEXT,
} lm_dns_match_t;

/**
 * A query and what its answer must hold.
 */
typedef struct {
	/** type asked for */
	lm_dns_type_t type;
	/** name asked for, wire form */
	uint8_t name[LM_DNS_NAME_LEN];
	/** its length */
	size_t name_len;
	/** kind of match */
	lm_dns_match_t match;
	/** address, wire form name or text the answer must hold */
	uint8_t value[LM_DNS_NAME_LEN];
	/** its length */
	size_t value_len;
	/** the match as configured, for messages */
	char text[LM_DNS_MATCH_LEN + 1];
} lm_dns_query_t;

/**
 * Outcome of a response.
 */
typedef enum {
	/** an answer to the query: alive */
	LM_DNS_ALIVE,
	/** an answer to the query that fails the probe (rcode, no match) */
	LM_DNS_FAILED,
	/** not a well-formed DNS response: dropped */
	LM_DNS_MALFORMED,
	/** a well-formed message, but no answer to this question: dropped */
	LM_DNS_OTHER,
} lm_dns_result_t;

/**
 * Name of a record type.
 *
 * @return			"A", "AAAA", ...; NULL if not one of lm_dns_type_t
 */
const char *lm_dns_type_name(lm_dns_type_t type);

/**
 * Parse the name of a record type, case-insensitively.
 *
 * @return			TRUE if it is one of LM_DNS_TYPE_NAMES
 */
bool lm_dns_type_parse(const char *name, lm_dns_type_t *type);

/**
 * Check a domain name: "." or labels of 1..63 letters, digits, '-' or '_'
 * separated by dots, an optional trailing dot, at most 253 characters
 * without it.
 */
bool lm_dns_name_valid(const char *name);

/**
 * Check a match for a record type: an IPv4 address for A, an IPv6 address
 * for AAAA, a domain name for NS, CNAME, PTR, MX and SOA, 1..255 characters
 * for TXT.
 */
bool lm_dns_match_valid(lm_dns_type_t type, const char *match);

/**
 * Prepare a query.
 *
 * @param name		name asked for, lm_dns_name_valid()
 * @param type		type asked for
 * @param match		what an answer record must hold, NULL for nothing
 * @return			FALSE if name or match is invalid
 */
bool lm_dns_query_init(lm_dns_query_t *query, const char *name,
					   lm_dns_type_t type, const char *match);

/**
 * Compare two queries: name (exactly), type and match.
 */
bool lm_dns_query_equals(const lm_dns_query_t *a, const lm_dns_query_t *b);

/**
 * Encode a query.
 *
 * @param buf		buffer
 * @param size		its size, LM_DNS_QUERY_MAX is always enough
 * @param id		DNS ID
 * @return			length, 0 if size is too small
 */
size_t lm_dns_encode_query(uint8_t *buf, size_t size, uint16_t id,
						   const lm_dns_query_t *query);

/**
 * Read the ID of a response: a message of at least a header with QR set.
 *
 * @return			TRUE if it may be a response
 */
bool lm_dns_response_id(const uint8_t *buf, size_t len, uint16_t *id);

/**
 * Evaluate a response to a query (its ID already matched).
 *
 * @param reason	receives why an answer fails the probe (LM_DNS_FAILED)
 * @param size		size of reason
 * @return			outcome
 */
lm_dns_result_t lm_dns_evaluate(const uint8_t *buf, size_t len,
								const lm_dns_query_t *query, char *reason,
								size_t size);

/**
 * Name of a response code.
 *
 * @return			"NOERROR", "NXDOMAIN", ...; NULL if unnamed
 */
const char *lm_dns_rcode_name(unsigned int rcode);

#endif /** LM_DNS_H_ @}*/
