/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz the DNS response evaluation: the first byte picks one of the queries
 * below, the rest is a response as received (on an exactly sized copy). It
 * is evaluated with lm_dns_evaluate() and matched through an lm_dnsid table
 * tracking the query under the response's ID; both must agree, and what is
 * accepted must be a response with the header's promises kept. The bytes
 * read as a name must, if valid, make a query whose echo as a response
 * (with an A record of the match, compressed) is an answer.
 */

#include <string.h>

#include "lm_dns.h"
#include "lm_dnsid.h"

#include "fuzz_common.h"

/**
 * The queries a response is evaluated against.
 */
static const struct {
	const char *name;
	lm_dns_type_t type;
	const char *match;
} queries[] = {
	{ "www.lab.example", LM_DNS_A, NULL },
	{ "www.lab.example", LM_DNS_A, "10.0.0.80" },
	{ "www.lab.example", LM_DNS_AAAA, "2001:db8::80" },
	{ "lab.example", LM_DNS_MX, "mail.lab.example" },
	{ "lab.example", LM_DNS_SOA, "ns1.lab.example" },
	{ "lab.example", LM_DNS_TXT, "v=spf1 -all" },
	{ "lab.example", LM_DNS_NS, NULL },
	{ "80.0.0.10.in-addr.arpa", LM_DNS_PTR, "www.lab.example" },
	{ "web.lab.example", LM_DNS_CNAME, "www.lab.example" },
};

/**
 * Evaluate a response, check what is accepted, and match it through a
 * table: both must agree.
 */
static void check_response(const uint8_t *buf, size_t len,
						   const lm_dns_query_t *query)
{
	static lm_dnsid_t *table;
	lm_dnsid_probe_t probe = { .ident = 1, .seq = 2, .token = 3 }, got;
	char reason[96], why[96];
	lm_dns_result_t res;
	lm_addr_t other;
	uint16_t id, tracked;
	bool failed;

	memset(reason, 0x55, sizeof(reason));
	res = lm_dns_evaluate(buf, len, query, reason, sizeof(reason));
	CHECK(res >= LM_DNS_ALIVE && res <= LM_DNS_OTHER);
	CHECK(res != LM_DNS_FAILED || (memchr(reason, 0, sizeof(reason)) &&
								  reason[0]));
	CHECK(lm_dns_response_id(buf, len, &id) ==
		  (len >= 12 && (buf[2] & 0x80)));
	if (res == LM_DNS_ALIVE || res == LM_DNS_FAILED)
	{
		/* a response to a standard query, one question at most */
		CHECK(len >= 12 && (buf[2] & 0x80) && !(buf[2] & 0x78));
		CHECK(buf[4] == 0 && buf[5] <= 1);
	}
	if (!table)
	{
		table = lm_dnsid_create();
	}
	if (!table || !lm_dns_response_id(buf, len, &id))
	{
		return;
	}
	lm_addr_parse("10.0.0.53", &probe.server);
	lm_addr_parse("10.0.0.54", &other);
	lm_dnsid_remove(table, id);
	CHECK(lm_dnsid_add(table, &id, 1, &probe, query, &tracked) == 0);
	CHECK(tracked == id);
	CHECK(!lm_dnsid_match(table, buf, len, &other, &got, &failed, why,
						  sizeof(why)));
	memset(why, 0, sizeof(why));
	CHECK(lm_dnsid_match(table, buf, len, &probe.server, &got, &failed, why,
						 sizeof(why)) ==
		  (res == LM_DNS_ALIVE || res == LM_DNS_FAILED));
	if (res == LM_DNS_ALIVE || res == LM_DNS_FAILED)
	{
		CHECK(failed == (res == LM_DNS_FAILED));
		CHECK(got.ident == 1 && got.seq == 2 && got.token == 3);
		CHECK(!failed || strcmp(why, reason) == 0);
	}
}

/**
 * A valid name makes a query whose echo, with an answer, is an answer.
 */
static void check_name(const uint8_t *data, size_t size)
{
	uint8_t buf[LM_DNS_QUERY_MAX + 16];
	char *name = fuzz_strdup(data, size);
	lm_dns_query_t query;
	char reason[96] = "";
	size_t len;

	if (!name)
	{
		return;
	}
	if (!lm_dns_name_valid(name))
	{
		CHECK(!lm_dns_query_init(&query, name, LM_DNS_A, NULL));
		free(name);
		return;
	}
	CHECK(lm_dns_query_init(&query, name, LM_DNS_A, "192.0.2.1"));
	len = lm_dns_encode_query(buf, sizeof(buf), 0x4242, &query);
	CHECK(len == 12 + query.name_len + 4 + 11 && len <= LM_DNS_QUERY_MAX);
	CHECK(lm_dns_evaluate(buf, len, &query, reason, sizeof(reason)) ==
		  LM_DNS_OTHER);
	/* QR, one answer: the question's name, compressed, A 192.0.2.1; the
	 * OPT record after it */
	buf[2] |= 0x80;
	buf[7] = 1;
	len -= 11;
	memcpy(buf + len + 16, buf + len, 11);
	memcpy(buf + len, "\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04"
		   "\xc0\x00\x02\x01", 16);
	len += 16 + 11;
	CHECK(lm_dns_evaluate(buf, len, &query, reason, sizeof(reason)) ==
		  LM_DNS_ALIVE);
	free(name);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lm_dns_query_t query;
	uint8_t *buf;
	int i;

	if (!size)
	{
		return 0;
	}
	i = data[0] % (sizeof(queries) / sizeof(queries[0]));
	CHECK(lm_dns_query_init(&query, queries[i].name, queries[i].type,
							queries[i].match));
	buf = fuzz_dup(data + 1, size - 1);
	if (buf || size == 1)
	{
		check_response(buf, size - 1, &query);
		free(buf);
	}
	check_name(data + 1, size - 1);
	return 0;
}
