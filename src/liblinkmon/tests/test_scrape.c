/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <errno.h>
#include <string.h>
#include <check.h>

#include <lm_scrape.h>

#include "test_suites.h"

static int parse(const char *req, lm_scrape_t *s)
{
	return lm_scrape_parse(req, strlen(req), s);
}

START_TEST(test_scrapes)
{
	lm_scrape_t s;

	ck_assert_int_eq(parse("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n", &s), 0);
	ck_assert_str_eq(s.path, "/metrics");
	ck_assert(!s.head);
	ck_assert(!s.openmetrics);
	/* Prometheus' own Accept header */
	ck_assert_int_eq(parse("GET /metrics?x=1 HTTP/1.1\r\nAccept: application/"
						   "OpenMetrics-text;version=1.0.0,text/plain;q=0.5\r\n"
						   "\r\n", &s), 0);
	ck_assert_str_eq(s.path, "/metrics");
	ck_assert(s.openmetrics);
	ck_assert_int_eq(parse("HEAD / HTTP/1.0\n\n", &s), 0);
	ck_assert(s.head);
	ck_assert_str_eq(s.path, "/");
}
END_TEST

START_TEST(test_refused)
{
	char big[LM_SCRAPE_MAX + 10];
	lm_scrape_t s;

	ck_assert_int_eq(parse("GET /metrics HTTP/1.1\r\nHost: x\r\n", &s), EAGAIN);
	ck_assert_int_eq(parse("POST /metrics HTTP/1.1\r\n\r\n", &s), EOPNOTSUPP);
	ck_assert_int_eq(parse("GET metrics HTTP/1.1\r\n\r\n", &s), EBADMSG);
	ck_assert_int_eq(parse("GET /metrics HTTP/2.0\r\n\r\n", &s), EBADMSG);
	ck_assert_int_eq(parse("GET /metrics\r\n\r\n", &s), EBADMSG);
	ck_assert_int_eq(parse("\r\n\r\nGET / HTTP/1.1\r\n\r\n", &s), EBADMSG);
	ck_assert_int_eq(parse("GET /metrics HTTP/1.1\r\nbroken\r\n\r\n", &s),
					 EBADMSG);
	ck_assert_int_eq(lm_scrape_parse("GET /\0 HTTP/1.1\r\n\r\n", 20, &s),
					 EBADMSG);
	memset(big, 'a', sizeof(big));
	memcpy(big, "GET /", 5);
	ck_assert_int_eq(lm_scrape_parse(big, sizeof(big), &s), EBADMSG);
	memcpy(big + 300, " HTTP/1.1\r\n\r\n", 13);
	ck_assert_int_eq(lm_scrape_parse(big, 313, &s), EMSGSIZE);
}
END_TEST

Suite *scrape_suite_create(void)
{
	Suite *s = suite_create("scrape");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_scrapes);
	tcase_add_test(tc, test_refused);
	suite_add_tcase(s, tc);
	return s;
}
