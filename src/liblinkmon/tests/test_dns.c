/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <check.h>

#include <lm_dns.h>
#include <lm_dnsid.h>

#include "test_suites.h"

#define countof(array) (sizeof(array) / sizeof((array)[0]))

/** flags of a response: QR, RD, RA */
#define RESPONSE 0x8180

/** a compression pointer to the question's name */
#define QNAME "\xc0\x0c"

/**
 * A DNS message built by a test.
 */
typedef struct {
	uint8_t buf[2048];
	size_t len;
} msg_t;

static void put(msg_t *m, const void *data, size_t len)
{
	ck_assert_uint_le(m->len + len, sizeof(m->buf));
	memcpy(m->buf + m->len, data, len);
	m->len += len;
}

static void put16(msg_t *m, uint16_t v)
{
	uint8_t b[2] = { v >> 8, v };

	put(m, b, 2);
}

static void put32(msg_t *m, uint32_t v)
{
	put16(m, v >> 16);
	put16(m, v);
}

/**
 * A name, uncompressed; labels in "a.b.c", "" for the root.
 */
static void put_name(msg_t *m, const char *name)
{
	const char *dot;
	uint8_t len;

	while (*name)
	{
		dot = strchr(name, '.');
		len = dot ? (size_t)(dot - name) : strlen(name);
		put(m, &len, 1);
		put(m, name, len);
		name += len + (dot ? 1 : 0);
	}
	put(m, "", 1);
}

/**
 * A response header and question.
 */
static void response(msg_t *m, uint16_t id, uint16_t flags, const char *qname,
					 uint16_t qtype, uint16_t an, uint16_t ns, uint16_t ar)
{
	m->len = 0;
	put16(m, id);
	put16(m, flags);
	put16(m, qname ? 1 : 0);
	put16(m, an);
	put16(m, ns);
	put16(m, ar);
	if (qname)
	{
		put_name(m, qname);
		put16(m, qtype);
		put16(m, 1);
	}
}

/**
 * A record of class IN: owner as raw (compressed) bytes, and its data.
 */
static void put_rr(msg_t *m, const char *owner, size_t owner_len,
				   uint16_t type, const void *rdata, size_t rdlen)
{
	put(m, owner, owner_len);
	put16(m, type);
	put16(m, 1);
	put32(m, 300);
	put16(m, rdlen);
	put(m, rdata, rdlen);
}

/**
 * An A record owned by the question's name.
 */
static void put_a(msg_t *m, const char *addr)
{
	uint8_t a[4];

	ck_assert_int_eq(inet_pton(AF_INET, addr, a), 1);
	put_rr(m, QNAME, 2, LM_DNS_A, a, 4);
}

/**
 * A query, which must be valid.
 */
static lm_dns_query_t query(const char *name, lm_dns_type_t type,
							const char *match)
{
	lm_dns_query_t q;

	ck_assert_msg(lm_dns_query_init(&q, name, type, match), "%s %s", name,
				  match ?: "");
	return q;
}

/**
 * Evaluate a response and check the outcome and reason (NULL for none).
 */
static void assert_eval(const msg_t *m, const lm_dns_query_t *q,
						lm_dns_result_t expected, const char *reason)
{
	char why[96] = "";

	ck_assert_int_eq(lm_dns_evaluate(m->buf, m->len, q, why, sizeof(why)),
					 expected);
	ck_assert_str_eq(why, reason ?: "");
}

START_TEST(test_encode)
{
	lm_dns_query_t q = query("www.Lab.example.", LM_DNS_AAAA, NULL);
	const uint8_t expected[] = {
		0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
		3, 'w', 'w', 'w', 3, 'L', 'a', 'b', 7, 'e', 'x', 'a', 'm', 'p', 'l',
		'e', 0, 0x00, 0x1c, 0x00, 0x01,
		0x00, 0x00, 0x29, 0x04, 0xd0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	};
	uint8_t buf[LM_DNS_QUERY_MAX];

	ck_assert_uint_eq(lm_dns_encode_query(buf, sizeof(buf), 0x1234, &q),
					  sizeof(expected));
	ck_assert_mem_eq(buf, expected, sizeof(expected));
	ck_assert_uint_eq(lm_dns_encode_query(buf, sizeof(expected) - 1, 1, &q),
					  0);
	q = query(".", LM_DNS_NS, NULL);
	ck_assert_uint_eq(lm_dns_encode_query(buf, sizeof(buf), 1, &q),
					  12 + 1 + 4 + 11);
}
END_TEST

START_TEST(test_names)
{
	const char *good[] = {
		"www.example.com", "example.com.", ".", "_dmarc.example.com",
		"1.0.0.10.in-addr.arpa", "localhost", "xn--bcher-kva.example",
	};
	const char *bad[] = {
		"", "..", "a..b", ".a", "a b", "a/b", "exa*mple.com", "a.b..",
		"\xc3\xa9t\xc3\xa9.example",
	};
	char name[300];
	size_t i;

	for (i = 0; i < countof(good); i++)
	{
		ck_assert_msg(lm_dns_name_valid(good[i]), "%s", good[i]);
	}
	for (i = 0; i < countof(bad); i++)
	{
		ck_assert_msg(!lm_dns_name_valid(bad[i]), "%s", bad[i]);
	}
	/* labels of 1..63, names of 253 characters (255 bytes on the wire) */
	memset(name, 'a', 64);
	name[64] = '\0';
	ck_assert(!lm_dns_name_valid(name));
	name[63] = '\0';
	ck_assert(lm_dns_name_valid(name));
	for (i = 0; i < 4; i++)
	{
		memset(name + i * 64, 'b', 63);
		name[i * 64 + 63] = '.';
	}
	name[253] = '\0';
	ck_assert(lm_dns_name_valid(name));
	name[252] = '.';
	ck_assert(lm_dns_name_valid(name));
	name[252] = 'b';
	name[253] = 'b';
	name[254] = '\0';
	ck_assert(!lm_dns_name_valid(name));
}
END_TEST

START_TEST(test_types_and_matches)
{
	lm_dns_type_t type;
	char text[300];

	ck_assert(lm_dns_type_parse("aaaa", &type));
	ck_assert_int_eq(type, LM_DNS_AAAA);
	ck_assert(lm_dns_type_parse("Mx", &type));
	ck_assert_int_eq(type, LM_DNS_MX);
	ck_assert_str_eq(lm_dns_type_name(LM_DNS_PTR), "PTR");
	ck_assert(!lm_dns_type_parse("ANY", &type));
	ck_assert(!lm_dns_type_parse("SRV", &type));
	ck_assert_ptr_null(lm_dns_type_name(33));

	ck_assert(lm_dns_match_valid(LM_DNS_A, "10.0.0.1"));
	ck_assert(!lm_dns_match_valid(LM_DNS_A, "2001:db8::1"));
	ck_assert(!lm_dns_match_valid(LM_DNS_A, "10.0.0"));
	ck_assert(lm_dns_match_valid(LM_DNS_AAAA, "2001:db8::1"));
	ck_assert(!lm_dns_match_valid(LM_DNS_AAAA, "10.0.0.1"));
	ck_assert(lm_dns_match_valid(LM_DNS_MX, "mail.example.com"));
	ck_assert(!lm_dns_match_valid(LM_DNS_MX, "10 mail.example.com"));
	ck_assert(lm_dns_match_valid(LM_DNS_TXT, "v=spf1 -all"));
	ck_assert(!lm_dns_match_valid(LM_DNS_TXT, ""));
	memset(text, 'x', 256);
	text[256] = '\0';
	ck_assert(!lm_dns_match_valid(LM_DNS_TXT, text));
	text[255] = '\0';
	ck_assert(lm_dns_match_valid(LM_DNS_TXT, text));
	ck_assert(!lm_dns_match_valid(33, "x"));

	ck_assert_str_eq(lm_dns_rcode_name(3), "NXDOMAIN");
	ck_assert_str_eq(lm_dns_rcode_name(16), "BADVERS");
	ck_assert_ptr_null(lm_dns_rcode_name(11));
}
END_TEST

START_TEST(test_answer_a)
{
	lm_dns_query_t q = query("www.lab.example", LM_DNS_A, "10.0.0.80");
	lm_dns_query_t wrong = query("www.lab.example", LM_DNS_A, "10.0.0.9");
	lm_dns_query_t any = query("www.lab.example", LM_DNS_A, NULL);
	uint16_t id;
	msg_t m;

	response(&m, 0xbeef, RESPONSE, "WWW.lab.Example", LM_DNS_A, 2, 0, 0);
	put_a(&m, "10.0.0.81");
	put_a(&m, "10.0.0.80");
	ck_assert(lm_dns_response_id(m.buf, m.len, &id));
	ck_assert_uint_eq(id, 0xbeef);
	assert_eval(&m, &q, LM_DNS_ALIVE, NULL);
	assert_eval(&m, &any, LM_DNS_ALIVE, NULL);
	assert_eval(&m, &wrong, LM_DNS_FAILED,
				"A 10.0.0.9 not in the answer (2 A records)");

	/* no record of the type (NODATA): an answer, but no match */
	response(&m, 1, RESPONSE | 0x0200, "www.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &any, LM_DNS_ALIVE, NULL);
	assert_eval(&m, &q, LM_DNS_FAILED,
				"A 10.0.0.80 not in the answer (0 A records, truncated)");

	/* a query is no response */
	response(&m, 1, 0x0100, "www.lab.example", LM_DNS_A, 0, 0, 0);
	ck_assert(!lm_dns_response_id(m.buf, m.len, &id));
	assert_eval(&m, &any, LM_DNS_OTHER, NULL);
}
END_TEST

START_TEST(test_answer_cname_aaaa)
{
	lm_dns_query_t q = query("www.lab.example", LM_DNS_AAAA, "2001:db8::80");
	uint8_t a6[16];
	msg_t m;

	ck_assert_int_eq(inet_pton(AF_INET6, "2001:db8::80", a6), 1);
	response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_AAAA, 2, 0, 0);
	/* www CNAME web.lab.example, web AAAA 2001:db8::80 */
	put_rr(&m, QNAME, 2, LM_DNS_CNAME, "\x03web\xc0\x10", 6);
	put_rr(&m, "\xc0\x2d", 2, LM_DNS_AAAA, a6, 16);
	assert_eval(&m, &q, LM_DNS_ALIVE, NULL);
	/* an AAAA record of 4 bytes */
	response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_AAAA, 1, 0, 0);
	put_rr(&m, QNAME, 2, LM_DNS_AAAA, a6, 4);
	assert_eval(&m, &q, LM_DNS_MALFORMED, NULL);
}
END_TEST

START_TEST(test_answer_names_text)
{
	lm_dns_query_t mx = query("lab.example", LM_DNS_MX, "MAIL.lab.example.");
	lm_dns_query_t mx2 = query("lab.example", LM_DNS_MX, "mail2.lab.example");
	lm_dns_query_t soa = query("lab.example", LM_DNS_SOA, "ns1.lab.example");
	lm_dns_query_t txt = query("lab.example", LM_DNS_TXT, "v=spf1 -all");
	lm_dns_query_t txt2 = query("lab.example", LM_DNS_TXT, "v=spf1");
	msg_t m;

	response(&m, 1, RESPONSE, "lab.example", LM_DNS_MX, 1, 0, 0);
	put_rr(&m, QNAME, 2, LM_DNS_MX, "\x00\x0a\x04mail\xc0\x0c", 9);
	assert_eval(&m, &mx, LM_DNS_ALIVE, NULL);
	assert_eval(&m, &mx2, LM_DNS_FAILED,
				"MX mail2.lab.example not in the answer (1 MX record)");

	response(&m, 1, RESPONSE, "lab.example", LM_DNS_SOA, 1, 0, 0);
	put_rr(&m, QNAME, 2, LM_DNS_SOA, "\x03ns1\xc0\x0c\x0ahostmaster\xc0\x0c"
		   "\x00\x00\x00\x01\x00\x00\x0e\x10\x00\x00\x03\x84\x00\x09\x3a\x80"
		   "\x00\x00\x01\x2c", 6 + 13 + 20);
	assert_eval(&m, &soa, LM_DNS_ALIVE, NULL);
	/* without its numbers */
	response(&m, 1, RESPONSE, "lab.example", LM_DNS_SOA, 1, 0, 0);
	put_rr(&m, QNAME, 2, LM_DNS_SOA, "\x03ns1\xc0\x0c\x0ahostmaster\xc0\x0c",
		   6 + 13);
	assert_eval(&m, &soa, LM_DNS_MALFORMED, NULL);

	response(&m, 1, RESPONSE, "lab.example", LM_DNS_TXT, 1, 0, 0);
	put_rr(&m, QNAME, 2, LM_DNS_TXT, "\x07v=spf1 \x04-all", 13);
	assert_eval(&m, &txt, LM_DNS_ALIVE, NULL);
	assert_eval(&m, &txt2, LM_DNS_FAILED,
				"TXT v=spf1 not in the answer (1 TXT record)");
	/* a string longer than the data */
	response(&m, 1, RESPONSE, "lab.example", LM_DNS_TXT, 1, 0, 0);
	put_rr(&m, QNAME, 2, LM_DNS_TXT, "\x07v=spf1 \x05-all", 13);
	assert_eval(&m, &txt, LM_DNS_MALFORMED, NULL);
}
END_TEST

START_TEST(test_rcodes)
{
	lm_dns_query_t q = query("nx.lab.example", LM_DNS_A, NULL);
	msg_t m;

	response(&m, 1, RESPONSE | 3, "nx.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_FAILED, "NXDOMAIN: no such name");
	response(&m, 1, RESPONSE | 2, "nx.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_FAILED, "SERVFAIL: server failure");
	response(&m, 1, RESPONSE | 5, "nx.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_FAILED, "REFUSED: query refused");
	response(&m, 1, RESPONSE | 9, "nx.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_FAILED, "NOTAUTH");
	response(&m, 1, RESPONSE | 12, "nx.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_FAILED, "rcode 12");
	/* an error without the question counts, an answer without it not */
	response(&m, 1, RESPONSE | 5, NULL, 0, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_FAILED, "REFUSED: query refused");
	response(&m, 1, RESPONSE | 3, NULL, 0, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_OTHER, NULL);
	response(&m, 1, RESPONSE, NULL, 0, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_OTHER, NULL);
	/* the extended rcode of the OPT record: BADVERS */
	response(&m, 1, RESPONSE, "nx.lab.example", LM_DNS_A, 0, 0, 1);
	put(&m, "\x00\x00\x29\x04\xd0\x01\x00\x00\x00\x00\x00", 11);
	assert_eval(&m, &q, LM_DNS_FAILED, "BADVERS");
	/* two OPT records, an OPT record not owned by the root */
	response(&m, 1, RESPONSE, "nx.lab.example", LM_DNS_A, 0, 0, 2);
	put(&m, "\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00", 11);
	put(&m, "\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00", 11);
	assert_eval(&m, &q, LM_DNS_MALFORMED, NULL);
	response(&m, 1, RESPONSE, "nx.lab.example", LM_DNS_A, 0, 0, 1);
	put(&m, QNAME "\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00", 12);
	assert_eval(&m, &q, LM_DNS_MALFORMED, NULL);
}
END_TEST

START_TEST(test_other_questions)
{
	lm_dns_query_t q = query("www.lab.example", LM_DNS_A, NULL);
	msg_t m;

	response(&m, 1, RESPONSE, "ww.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_OTHER, NULL);
	response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_AAAA, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_OTHER, NULL);
	response(&m, 1, RESPONSE, "www.lab.example.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_OTHER, NULL);
	/* class CH */
	response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_A, 0, 0, 0);
	m.buf[m.len - 1] = 3;
	assert_eval(&m, &q, LM_DNS_OTHER, NULL);
	/* opcode STATUS, two questions */
	response(&m, 1, RESPONSE | 0x1000, "www.lab.example", LM_DNS_A, 0, 0, 0);
	assert_eval(&m, &q, LM_DNS_OTHER, NULL);
	response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_A, 0, 0, 0);
	m.buf[5] = 2;
	assert_eval(&m, &q, LM_DNS_OTHER, NULL);
}
END_TEST

START_TEST(test_truncated_and_trailing)
{
	lm_dns_query_t q = query("www.lab.example", LM_DNS_A, "10.0.0.80");
	char why[96];
	uint16_t id;
	size_t len;
	msg_t m;

	response(&m, 7, RESPONSE, "www.lab.example", LM_DNS_A, 1, 1, 1);
	put_a(&m, "10.0.0.80");
	put_rr(&m, "\xc0\x10", 2, LM_DNS_NS, "\x02ns\xc0\x10", 5);
	put(&m, "\x00\x00\x29\x04\xd0\x00\x00\x00\x00\x00\x00", 11);
	assert_eval(&m, &q, LM_DNS_ALIVE, NULL);
	for (len = 0; len < m.len; len++)
	{
		ck_assert_msg(lm_dns_evaluate(m.buf, len, &q, why, sizeof(why)) ==
					  LM_DNS_MALFORMED, "%zu of %zu bytes", len, m.len);
		ck_assert(lm_dns_response_id(m.buf, len, &id) == (len >= 12));
	}
	put(&m, "", 1);
	assert_eval(&m, &q, LM_DNS_MALFORMED, NULL);
}
END_TEST

START_TEST(test_compression)
{
	lm_dns_query_t q = query("www.lab.example", LM_DNS_A, NULL);
	lm_dns_query_t ns = query("lab.example", LM_DNS_NS, "ns.lab.example");
	const char *loops[] = { "\xc0\x21", "\xc0\x23", "\xc0\x05", "\xff\xff" };
	char name[300];
	msg_t m;
	int i;

	/* a pointer to a pointer to the question, each one further back */
	response(&m, 1, RESPONSE, "lab.example", LM_DNS_NS, 2, 0, 0);
	put_rr(&m, QNAME, 2, LM_DNS_NS, "\x02ns\xc0\x0c", 5);
	put_rr(&m, QNAME, 2, LM_DNS_NS, "\x03www\xc0\x29", 6);
	assert_eval(&m, &ns, LM_DNS_ALIVE, NULL);

	/* owners pointing to themselves, forward, into the header, past the
	 * end */
	for (i = 0; i < (int)countof(loops); i++)
	{
		response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_A, 1, 0, 0);
		ck_assert_uint_eq(m.len, 0x21);
		put_rr(&m, loops[i], 2, LM_DNS_A, "\x0a\x00\x00\x50", 4);
		assert_eval(&m, &q, LM_DNS_MALFORMED, NULL);
	}
	/* two owners pointing to each other; a pointer to a pointer back */
	response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_A, 2, 0, 0);
	put_rr(&m, "\x01x\xc0\x33", 4, LM_DNS_A, "\x0a\x00\x00\x50", 4);
	put_rr(&m, "\xc0\x21", 2, LM_DNS_A, "\x0a\x00\x00\x50", 4);
	assert_eval(&m, &q, LM_DNS_MALFORMED, NULL);
	response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_A, 2, 0, 0);
	put_rr(&m, "\x01x\xc0\x0c", 4, LM_DNS_A, "\x0a\x00\x00\x50", 4);
	put_rr(&m, "\xc0\x23", 2, LM_DNS_A, "\x0a\x00\x00\x50", 4);
	assert_eval(&m, &q, LM_DNS_ALIVE, NULL);
	/* an extended label type */
	response(&m, 1, RESPONSE, "www.lab.example", LM_DNS_A, 1, 0, 0);
	put_rr(&m, "\x41\x00", 2, LM_DNS_A, "\x0a\x00\x00\x50", 4);
	assert_eval(&m, &q, LM_DNS_MALFORMED, NULL);

	/* a label in front of a 245 byte question name is too long */
	for (i = 0; i < 4; i++)
	{
		memset(name + i * 61, 'c', 60);
		name[i * 61 + 60] = '.';
	}
	name[243] = '\0';
	q = query(name, LM_DNS_A, NULL);
	response(&m, 1, RESPONSE, name, LM_DNS_A, 1, 0, 0);
	put_rr(&m, "\x0a" "0123456789\xc0\x0c", 13, LM_DNS_A,
		   "\x0a\x00\x00\x50", 4);
	assert_eval(&m, &q, LM_DNS_MALFORMED, NULL);
	m.len -= 4 + 10 + 13;
	m.buf[7] = 0;
	assert_eval(&m, &q, LM_DNS_ALIVE, NULL);

	/* the longest name, 255 bytes, as question and, compressed, owner */
	memset(name, 'd', 253);
	for (i = 1; i < 4; i++)
	{
		name[i * 64 - 1] = '.';
	}
	name[253] = '\0';
	q = query(name, LM_DNS_A, "10.0.0.80");
	response(&m, 1, RESPONSE, name, LM_DNS_A, 1, 0, 0);
	ck_assert_uint_eq(m.len, 12 + 255 + 4);
	put_a(&m, "10.0.0.80");
	assert_eval(&m, &q, LM_DNS_ALIVE, NULL);
}
END_TEST

/** the table of each test of lm_dnsid */
static lm_dnsid_t *t;

/** the server of its queries, 10.0.0.53 */
static lm_addr_t server;

static void setup(void)
{
	t = lm_dnsid_create();
	ck_assert_ptr_nonnull(t);
	ck_assert(lm_addr_parse("10.0.0.53", &server));
}

static void teardown(void)
{
	lm_dnsid_destroy(t);
}

/**
 * Track a query of probe (ident, seq) with the given draws, expecting id.
 */
static void add(const lm_dns_query_t *q, uint16_t ident, uint16_t seq,
				const uint16_t *draws, int count, uint16_t expected)
{
	lm_dnsid_probe_t probe = {
		.ident = ident,
		.seq = seq,
		.token = 0xfeed0000 | seq,
		.server = server,
	};
	uint16_t id;

	ck_assert_int_eq(lm_dnsid_add(t, draws, count, &probe, q, &id), 0);
	ck_assert_uint_eq(id, expected);
}

/**
 * Match a response from an address: -1 if dropped, else whether it failed;
 * checks the probe's identifier and sequence number if matched.
 */
static int match(const msg_t *m, const char *from, uint16_t ident,
				 uint16_t seq)
{
	lm_dnsid_probe_t probe;
	char reason[96] = "";
	lm_addr_t addr;
	bool failed;

	ck_assert(lm_addr_parse(from, &addr));
	if (!lm_dnsid_match(t, m->buf, m->len, &addr, &probe, &failed, reason,
						sizeof(reason)))
	{
		return -1;
	}
	ck_assert_uint_eq(probe.ident, ident);
	ck_assert_uint_eq(probe.seq, seq);
	ck_assert_uint_eq(probe.token, 0xfeed0000 | seq);
	ck_assert(lm_addr_equals(&probe.server, &server));
	ck_assert(failed == (reason[0] != '\0'));
	return failed;
}

/**
 * A response with an A record.
 */
static void answer(msg_t *m, uint16_t id, uint16_t flags, const char *name,
				   const char *addr)
{
	response(m, id, flags, name, LM_DNS_A, addr ? 1 : 0, 0, 0);
	if (addr)
	{
		put_a(m, addr);
	}
}

START_TEST(test_ids_drawn)
{
	lm_dns_query_t q = query("www.lab.example", LM_DNS_A, NULL);
	lm_dnsid_probe_t probe = { .server = server };
	uint16_t draws[] = { 7, 7, 9 }, id;

	add(&q, 1, 1, draws, 3, 7);
	/* 7 is taken, the next free draw */
	add(&q, 1, 2, draws, 3, 9);
	ck_assert_int_eq(lm_dnsid_add(t, draws, 3, &probe, &q, &id), EAGAIN);
	ck_assert_int_eq(lm_dnsid_add(t, draws, 0, &probe, &q, &id), EAGAIN);
	/* a query that could not be sent frees its ID */
	lm_dnsid_remove(t, 7);
	add(&q, 1, 3, draws, 3, 7);
}
END_TEST

START_TEST(test_ids_match)
{
	lm_dns_query_t q = query("www.lab.example", LM_DNS_A, "10.0.0.80");
	uint16_t a = 0x1111, b = 0x2222;
	msg_t m;

	add(&q, 5, 1, &a, 1, a);
	add(&q, 5, 2, &b, 1, b);
	/* unknown ID, another sender, not a response: dropped */
	answer(&m, 0x3333, RESPONSE, "www.lab.example", "10.0.0.80");
	ck_assert_int_eq(match(&m, "10.0.0.53", 0, 0), -1);
	answer(&m, b, RESPONSE, "www.lab.example", "10.0.0.80");
	ck_assert_int_eq(match(&m, "10.0.0.54", 0, 0), -1);
	answer(&m, b, 0x0100, "www.lab.example", "10.0.0.80");
	ck_assert_int_eq(match(&m, "10.0.0.53", 0, 0), -1);
	/* malformed, another question: dropped, the query still waits */
	answer(&m, b, RESPONSE, "www.lab.example", "10.0.0.80");
	m.len--;
	ck_assert_int_eq(match(&m, "10.0.0.53", 0, 0), -1);
	answer(&m, b, RESPONSE, "mail.lab.example", "10.0.0.80");
	ck_assert_int_eq(match(&m, "10.0.0.53", 0, 0), -1);
	answer(&m, b, RESPONSE, "www.lab.example", "10.0.0.80");
	ck_assert_int_eq(match(&m, "10.0.0.53", 5, 2), 0);
	/* again (late or repeated): still its probe, out of sequence for the
	 * core */
	ck_assert_int_eq(match(&m, "10.0.0.53", 5, 2), 0);
	/* an answer failing the probe */
	answer(&m, a, RESPONSE, "www.lab.example", "10.0.0.81");
	ck_assert_int_eq(match(&m, "10.0.0.53", 5, 1), 1);
	answer(&m, a, RESPONSE | 3, "www.lab.example", NULL);
	ck_assert_int_eq(match(&m, "10.0.0.53", 5, 1), 1);
}
END_TEST

START_TEST(test_ids_ring)
{
	lm_dns_query_t q1 = query("www.lab.example", LM_DNS_A, NULL);
	lm_dns_query_t q2 = query("ftp.lab.example", LM_DNS_A, NULL);
	uint16_t id;
	msg_t m;
	int i;

	for (i = 0; i < LM_DNSID_SLOTS; i++)
	{
		id = 1000 + i;
		add(i % 2 ? &q2 : &q1, 9, i, &id, 1, id);
	}
	/* each query keeps its own question */
	answer(&m, 1000, RESPONSE, "www.lab.example", NULL);
	ck_assert_int_eq(match(&m, "10.0.0.53", 9, 0), 0);
	answer(&m, 1001, RESPONSE, "www.lab.example", NULL);
	ck_assert_int_eq(match(&m, "10.0.0.53", 0, 0), -1);
	answer(&m, 1001, RESPONSE, "ftp.lab.example", NULL);
	ck_assert_int_eq(match(&m, "10.0.0.53", 9, 1), 0);
	/* one more reuses the oldest slot: query 0 is forgotten, its ID free */
	id = 1000;
	add(&q2, 9, 4096, &id, 1, 1000);
	answer(&m, 1000, RESPONSE, "www.lab.example", NULL);
	ck_assert_int_eq(match(&m, "10.0.0.53", 0, 0), -1);
	answer(&m, 1000, RESPONSE, "ftp.lab.example", NULL);
	ck_assert_int_eq(match(&m, "10.0.0.53", 9, 4096), 0);
	/* the slot of query 1 goes to a new ID */
	id = 7;
	add(&q1, 9, 4097, &id, 1, 7);
	answer(&m, 1001, RESPONSE, "ftp.lab.example", NULL);
	ck_assert_int_eq(match(&m, "10.0.0.53", 0, 0), -1);
	answer(&m, 7, RESPONSE, "www.lab.example", NULL);
	ck_assert_int_eq(match(&m, "10.0.0.53", 9, 4097), 0);
}
END_TEST

Suite *dns_suite_create(void)
{
	Suite *s = suite_create("dns");
	TCase *tc = tcase_create("codec");
	TCase *ids = tcase_create("ids");

	tcase_add_test(tc, test_encode);
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_types_and_matches);
	tcase_add_test(tc, test_answer_a);
	tcase_add_test(tc, test_answer_cname_aaaa);
	tcase_add_test(tc, test_answer_names_text);
	tcase_add_test(tc, test_rcodes);
	tcase_add_test(tc, test_other_questions);
	tcase_add_test(tc, test_truncated_and_trailing);
	tcase_add_test(tc, test_compression);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(ids, setup, teardown);
	tcase_add_test(ids, test_ids_drawn);
	tcase_add_test(ids, test_ids_match);
	tcase_add_test(ids, test_ids_ring);
	suite_add_tcase(s, ids);
	return s;
}
