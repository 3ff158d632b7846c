/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_dns.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <arpa/inet.h>

/** length of the header */
#define HDR_LEN 12

/** header flags: response, opcode, truncated, recursion desired */
#define FLAG_QR 0x8000
#define FLAG_OPCODE 0x7800
#define FLAG_TC 0x0200
#define FLAG_RD 0x0100

/** class IN */
#define CLASS_IN 1

/** type of the EDNS(0) OPT pseudo record */
#define TYPE_OPT 41

/** number of elements of an array */
#define countof(array) (sizeof(array) / sizeof((array)[0]))

/**
 * A resource record read from a message.
 */
typedef struct {
	/** type */
	uint16_t type;
	/** class (OPT: UDP payload size) */
	uint16_t cls;
	/** TTL (OPT: extended rcode, version, flags) */
	uint32_t ttl;
	/** offset of the record data */
	size_t rdata;
	/** length of the record data */
	uint16_t rdlen;
	/** the owner is the root */
	bool root;
} rr_t;

/**
 * What the records of a response hold.
 */
typedef struct {
	/** answer records of the queried type */
	unsigned int count;
	/** one of them holds the match */
	bool matched;
	/** extended rcode bits of the OPT record */
	unsigned int ext_rcode;
	/** an OPT record was read */
	bool opt;
} answer_t;

static const struct {
	lm_dns_type_t type;
	const char *name;
} types[] = {
	{ LM_DNS_A, "A" },
	{ LM_DNS_AAAA, "AAAA" },
	{ LM_DNS_CNAME, "CNAME" },
	{ LM_DNS_MX, "MX" },
	{ LM_DNS_NS, "NS" },
	{ LM_DNS_PTR, "PTR" },
	{ LM_DNS_SOA, "SOA" },
	{ LM_DNS_TXT, "TXT" },
};

/**
 * Response codes 0..10 (RFC 1035, RFC 2136): name and what it means.
 */
static const struct {
	const char *name;
	const char *why;
} rcodes[] = {
	{ "NOERROR", NULL }, { "FORMERR", "format error" },
	{ "SERVFAIL", "server failure" }, { "NXDOMAIN", "no such name" },
	{ "NOTIMP", "not implemented" }, { "REFUSED", "query refused" },
	{ "YXDOMAIN", NULL }, { "YXRRSET", NULL }, { "NXRRSET", NULL },
	{ "NOTAUTH", NULL }, { "NOTZONE", NULL },
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		   ((uint32_t)p[2] << 8) | p[3];
}

const char *lm_dns_type_name(lm_dns_type_t type)
{
	size_t i;

	for (i = 0; i < countof(types); i++)
	{
		if (types[i].type == type)
		{
			return types[i].name;
		}
	}
	return NULL;
}

bool lm_dns_type_parse(const char *name, lm_dns_type_t *type)
{
	size_t i;

	for (i = 0; i < countof(types); i++)
	{
		if (strcasecmp(types[i].name, name) == 0)
		{
			*type = types[i].type;
			return true;
		}
	}
	return false;
}

const char *lm_dns_rcode_name(unsigned int rcode)
{
	if (rcode < countof(rcodes))
	{
		return rcodes[rcode].name;
	}
	return rcode == 16 ? "BADVERS" : NULL;
}

/**
 * A character of a label.
 */
static bool label_char(char c)
{
	return isalnum((unsigned char)c) || c == '-' || c == '_';
}

/**
 * Convert a name in presentation form to wire form.
 *
 * @param wire		LM_DNS_NAME_LEN bytes
 * @param len		receives the length
 * @return			FALSE if not a valid name
 */
static bool name_to_wire(const char *name, uint8_t *wire, size_t *len)
{
	size_t n = 0, label;

	if (strcmp(name, ".") == 0)
	{
		wire[0] = 0;
		*len = 1;
		return true;
	}
	while (*name)
	{
		for (label = 0; label_char(name[label]); label++)
		{
		}
		if (!label || label > 63 || (name[label] && name[label] != '.') ||
			n + 1 + label + 1 > LM_DNS_NAME_LEN)
		{
			return false;
		}
		wire[n] = label;
		memcpy(wire + n + 1, name, label);
		n += 1 + label;
		name += label;
		if (*name == '.')
		{
			name++;
		}
	}
	if (!n)
	{
		return false;
	}
	wire[n++] = 0;
	*len = n;
	return true;
}

bool lm_dns_name_valid(const char *name)
{
	uint8_t wire[LM_DNS_NAME_LEN];
	size_t len;

	return name_to_wire(name, wire, &len);
}

/**
 * Set the match of a query.
 */
static bool set_match(lm_dns_query_t *query, const char *match)
{
	size_t len = strlen(match);

	switch (query->type)
	{
		case LM_DNS_A:
		case LM_DNS_AAAA:
			query->match = LM_DNS_MATCH_ADDR;
			query->value_len = query->type == LM_DNS_A ? 4 : 16;
			return inet_pton(query->type == LM_DNS_A ? AF_INET : AF_INET6,
							 match, query->value) == 1;
		case LM_DNS_TXT:
			if (!len || len > LM_DNS_MATCH_LEN)
			{
				return false;
			}
			query->match = LM_DNS_MATCH_TEXT;
			memcpy(query->value, match, len);
			query->value_len = len;
			return true;
		default:
			query->match = LM_DNS_MATCH_NAME;
			return name_to_wire(match, query->value, &query->value_len);
	}
}

bool lm_dns_match_valid(lm_dns_type_t type, const char *match)
{
	lm_dns_query_t query = {
		.type = type,
	};

	return lm_dns_type_name(type) && set_match(&query, match);
}

bool lm_dns_query_init(lm_dns_query_t *query, const char *name,
					   lm_dns_type_t type, const char *match)
{
	memset(query, 0, sizeof(*query));
	query->type = type;
	if (!lm_dns_type_name(type) ||
		!name_to_wire(name, query->name, &query->name_len))
	{
		return false;
	}
	if (!match)
	{
		return true;
	}
	snprintf(query->text, sizeof(query->text), "%s", match);
	return set_match(query, match);
}

bool lm_dns_query_equals(const lm_dns_query_t *a, const lm_dns_query_t *b)
{
	return a->type == b->type && a->name_len == b->name_len &&
		   memcmp(a->name, b->name, a->name_len) == 0 &&
		   a->match == b->match && a->value_len == b->value_len &&
		   memcmp(a->value, b->value, a->value_len) == 0 &&
		   strcmp(a->text, b->text) == 0;
}

size_t lm_dns_encode_query(uint8_t *buf, size_t size, uint16_t id,
						   const lm_dns_query_t *query)
{
	size_t len = HDR_LEN + query->name_len + 4 + 11, p;

	if (size < len)
	{
		return 0;
	}
	memset(buf, 0, len);
	put16(buf, id);
	put16(buf + 2, FLAG_RD);
	put16(buf + 4, 1);
	put16(buf + 10, 1);
	memcpy(buf + HDR_LEN, query->name, query->name_len);
	p = HDR_LEN + query->name_len;
	put16(buf + p, query->type);
	put16(buf + p + 2, CLASS_IN);
	/* OPT: root owner, payload size, rcode/version/flags 0, no options */
	put16(buf + p + 5, TYPE_OPT);
	put16(buf + p + 7, LM_DNS_UDP_PAYLOAD);
	return len;
}

bool lm_dns_response_id(const uint8_t *buf, size_t len, uint16_t *id)
{
	if (len < HDR_LEN || !(get16(buf + 2) & FLAG_QR))
	{
		return false;
	}
	*id = get16(buf);
	return true;
}

/**
 * Read a name, following compression pointers.
 *
 * @param pos		offset of the name, moved past it
 * @param out		LM_DNS_NAME_LEN bytes, receives the uncompressed name
 * @param out_len	receives its length
 * @return			FALSE if malformed
 */
static bool read_name(const uint8_t *buf, size_t len, size_t *pos,
					  uint8_t *out, size_t *out_len)
{
	size_t p = *pos, limit = *pos, end = 0, n = 0, target;
	uint8_t c;

	while (p < len)
	{
		c = buf[p];
		if ((c & 0xc0) == 0xc0)
		{
			if (p + 1 >= len)
			{
				return false;
			}
			target = ((size_t)(c & 0x3f) << 8) | buf[p + 1];
			/* before the name, then before each previous target */
			if (target < HDR_LEN || target >= limit)
			{
				return false;
			}
			end = end ?: p + 2;
			limit = p = target;
			continue;
		}
		/* a label leaves room for the root's length byte */
		if ((c & 0xc0) || p + 1 + c > len ||
			n + 1 + c + (c ? 1 : 0) > LM_DNS_NAME_LEN)
		{
			return false;
		}
		memcpy(out + n, buf + p, 1 + c);
		n += 1 + c;
		p += 1 + c;
		if (!c)
		{
			*pos = end ?: p;
			*out_len = n;
			return true;
		}
	}
	return false;
}

/**
 * Compare two names in wire form, case-insensitively.
 */
static bool names_equal(const uint8_t *a, size_t alen, const uint8_t *b,
						size_t blen)
{
	size_t i;

	if (alen != blen)
	{
		return false;
	}
	/* length bytes are below 64, never letters */
	for (i = 0; i < alen; i++)
	{
		if (tolower(a[i]) != tolower(b[i]))
		{
			return false;
		}
	}
	return true;
}

/**
 * Read a resource record.
 *
 * @param pos		its offset, moved past it
 * @return			FALSE if malformed
 */
static bool read_rr(const uint8_t *buf, size_t len, size_t *pos, rr_t *rr)
{
	uint8_t name[LM_DNS_NAME_LEN];
	size_t name_len;

	if (!read_name(buf, len, pos, name, &name_len) || *pos + 10 > len)
	{
		return false;
	}
	rr->root = name_len == 1;
	rr->type = get16(buf + *pos);
	rr->cls = get16(buf + *pos + 2);
	rr->ttl = get32(buf + *pos + 4);
	rr->rdlen = get16(buf + *pos + 8);
	rr->rdata = *pos + 10;
	if (rr->rdata + rr->rdlen > len)
	{
		return false;
	}
	*pos = rr->rdata + rr->rdlen;
	return true;
}

/**
 * Check the strings of TXT record data and whether, concatenated, they
 * equal the match.
 *
 * @return			1 if they do, 0 if not, -1 if malformed
 */
static int txt_holds(const uint8_t *buf, const rr_t *rr,
					 const lm_dns_query_t *query)
{
	size_t p = rr->rdata, end = rr->rdata + rr->rdlen, n = 0;
	bool equal = true;
	uint8_t slen;

	if (!rr->rdlen)
	{
		return -1;
	}
	while (p < end)
	{
		slen = buf[p++];
		if (p + slen > end)
		{
			return -1;
		}
		if (n + slen > query->value_len ||
			memcmp(buf + p, query->value + n, slen) != 0)
		{
			equal = false;
		}
		n += slen;
		p += slen;
	}
	return equal && n == query->value_len;
}

/**
 * Read count names of record data from an offset, followed by exactly skip
 * bytes up to the end of the data; compare the first with the match.
 *
 * @return			1 if it equals the match, 0 if not, -1 if malformed
 */
static int names_hold(const uint8_t *buf, const rr_t *rr, size_t offset,
					  int count, size_t skip, const lm_dns_query_t *query)
{
	size_t p = rr->rdata + offset, end = rr->rdata + rr->rdlen, name_len;
	uint8_t name[LM_DNS_NAME_LEN];
	int i, holds = 0;

	for (i = 0; i < count; i++)
	{
		if (p > end || !read_name(buf, end, &p, name, &name_len))
		{
			return -1;
		}
		if (!i)
		{
			holds = names_equal(name, name_len, query->value,
								query->value_len);
		}
	}
	return p + skip == end ? holds : -1;
}

/**
 * Check the data of an answer record of the queried type and whether it
 * holds the match.
 *
 * @return			1 if it does, 0 if not, -1 if malformed
 */
static int rdata_holds(const uint8_t *buf, const rr_t *rr,
					   const lm_dns_query_t *query)
{
	switch (query->type)
	{
		case LM_DNS_A:
		case LM_DNS_AAAA:
			if (rr->rdlen != (query->type == LM_DNS_A ? 4 : 16))
			{
				return -1;
			}
			return query->match == LM_DNS_MATCH_ADDR &&
				   memcmp(buf + rr->rdata, query->value, rr->rdlen) == 0;
		case LM_DNS_TXT:
			return txt_holds(buf, rr, query);
		case LM_DNS_MX:
			/* preference, exchange */
			return names_hold(buf, rr, 2, 1, 0, query);
		case LM_DNS_SOA:
			/* MNAME, RNAME, then five 32-bit numbers */
			return names_hold(buf, rr, 0, 2, 20, query);
		default:
			return names_hold(buf, rr, 0, 1, 0, query);
	}
}

/**
 * Read the records of the answer, authority and additional sections: what
 * the answer records of the queried type hold, and the OPT record.
 *
 * @param pos		offset of the first record, moved past the last
 * @return			FALSE if malformed
 */
static bool read_records(const uint8_t *buf, size_t len, size_t *pos,
						 const lm_dns_query_t *query, answer_t *answer)
{
	unsigned int counts[3], s, i;
	int holds;
	rr_t rr;

	counts[0] = get16(buf + 6);
	counts[1] = get16(buf + 8);
	counts[2] = get16(buf + 10);
	for (s = 0; s < countof(counts); s++)
	{
		for (i = 0; i < counts[s]; i++)
		{
			if (!read_rr(buf, len, pos, &rr))
			{
				return false;
			}
			if (s == 0 && rr.type == query->type && rr.cls == CLASS_IN)
			{
				holds = rdata_holds(buf, &rr, query);
				if (holds < 0)
				{
					return false;
				}
				answer->count++;
				answer->matched |= holds == 1;
			}
			else if (s == 2 && rr.type == TYPE_OPT)
			{
				/* one, owned by the root (RFC 6891 6.1.1) */
				if (answer->opt || !rr.root)
				{
					return false;
				}
				answer->opt = true;
				answer->ext_rcode = rr.ttl >> 24;
			}
		}
	}
	return true;
}

/**
 * Read the question and compare it with the query's.
 *
 * @param pos		its offset, moved past it
 * @return			LM_DNS_ALIVE if it is the query's, LM_DNS_OTHER if not,
 *					LM_DNS_MALFORMED
 */
static lm_dns_result_t read_question(const uint8_t *buf, size_t len,
									 size_t *pos, const lm_dns_query_t *query)
{
	uint8_t name[LM_DNS_NAME_LEN];
	size_t name_len;
	uint16_t type, cls;

	if (!read_name(buf, len, pos, name, &name_len) || *pos + 4 > len)
	{
		return LM_DNS_MALFORMED;
	}
	type = get16(buf + *pos);
	cls = get16(buf + *pos + 2);
	*pos += 4;
	if (!names_equal(name, name_len, query->name, query->name_len) ||
		type != query->type || cls != CLASS_IN)
	{
		return LM_DNS_OTHER;
	}
	return LM_DNS_ALIVE;
}

/**
 * An answer failing the probe for its rcode.
 */
static lm_dns_result_t rcode_failed(unsigned int rcode, char *reason,
									size_t size)
{
	const char *name = lm_dns_rcode_name(rcode);

	if (!name)
	{
		snprintf(reason, size, "rcode %u", rcode);
	}
	else if (rcode < countof(rcodes) && rcodes[rcode].why)
	{
		snprintf(reason, size, "%s: %s", name, rcodes[rcode].why);
	}
	else
	{
		snprintf(reason, size, "%s", name);
	}
	return LM_DNS_FAILED;
}

/**
 * The verdict on a response whose records were read.
 *
 * @param asked		the response has the query's question (else none)
 */
static lm_dns_result_t verdict(unsigned int flags, bool asked,
							   const answer_t *answer,
							   const lm_dns_query_t *query, char *reason,
							   size_t size)
{
	unsigned int rcode = (answer->ext_rcode << 4) | (flags & 0xf);
	const char *type = lm_dns_type_name(query->type);

	/* a server may leave out the question of an error it reports; an answer
	 * or NXDOMAIN must have it */
	if (!asked && (rcode == 0 || rcode == 3))
	{
		return LM_DNS_OTHER;
	}
	if (rcode)
	{
		return rcode_failed(rcode, reason, size);
	}
	if (query->match == LM_DNS_MATCH_NONE || answer->matched)
	{
		return LM_DNS_ALIVE;
	}
	snprintf(reason, size, "%s %s not in the answer (%u %s record%s%s)", type,
			 query->text, answer->count, type, answer->count == 1 ? "" : "s",
			 flags & FLAG_TC ? ", truncated" : "");
	return LM_DNS_FAILED;
}

lm_dns_result_t lm_dns_evaluate(const uint8_t *buf, size_t len,
								const lm_dns_query_t *query, char *reason,
								size_t size)
{
	lm_dns_result_t question;
	answer_t answer = {};
	unsigned int flags, qdcount;
	size_t pos = HDR_LEN;

	if (len < HDR_LEN)
	{
		return LM_DNS_MALFORMED;
	}
	flags = get16(buf + 2);
	qdcount = get16(buf + 4);
	if (!(flags & FLAG_QR) || (flags & FLAG_OPCODE) || qdcount > 1)
	{
		return LM_DNS_OTHER;
	}
	if (qdcount)
	{
		question = read_question(buf, len, &pos, query);
		if (question != LM_DNS_ALIVE)
		{
			return question;
		}
	}
	if (!read_records(buf, len, &pos, query, &answer) || pos != len)
	{
		return LM_DNS_MALFORMED;
	}
	return verdict(flags, qdcount == 1, &answer, query, reason, size);
}
