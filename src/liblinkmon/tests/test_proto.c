/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <string.h>
#include <check.h>

#include <lm_echo.h>
#include <lm_http.h>

#include "test_suites.h"

START_TEST(test_echo)
{
	uint8_t buf[LM_ECHO_LEN];
	uint16_t ident, seq;
	uint32_t token;
	size_t i;

	ck_assert_uint_eq(lm_echo_encode(buf, 0x0102, 0xfffe, 0xa1b2c3d4),
					  LM_ECHO_LEN);
	ck_assert_mem_eq(buf, "LMEC\x01\x02\xff\xfe\xa1\xb2\xc3\xd4", 12);
	ck_assert_int_eq(lm_echo_decode(buf, sizeof(buf), &ident, &seq, &token), 0);
	ck_assert_uint_eq(ident, 0x0102);
	ck_assert_uint_eq(seq, 0xfffe);
	ck_assert_uint_eq(token, 0xa1b2c3d4);
	for (i = 0; i < LM_ECHO_LEN; i++)
	{
		ck_assert_int_eq(lm_echo_decode(buf, i, &ident, &seq, &token), -1);
	}
	buf[20] ^= 1;
	ck_assert_int_eq(lm_echo_decode(buf, sizeof(buf), &ident, &seq, &token), -1);
	buf[20] ^= 1;
	buf[0] = 'X';
	ck_assert_int_eq(lm_echo_decode(buf, sizeof(buf), &ident, &seq, &token), -1);
}
END_TEST

START_TEST(test_http_request)
{
	lm_buf_t buf = {};
	lm_addr_t a;

	lm_addr_parse("10.0.0.135", &a);
	lm_http_request(&buf, "/health", &a, 80, 80);
	ck_assert_str_eq(lm_buf_str(&buf), "GET /health HTTP/1.1\r\n"
		"Host: 10.0.0.135\r\nUser-Agent: strongswan-link-monitor\r\n"
		"Accept: */*\r\nConnection: close\r\n\r\n");
	lm_buf_free(&buf);
	lm_addr_parse("2001:db8::1", &a);
	lm_http_request(&buf, "/", &a, 8443, 443);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "Host: [2001:db8::1]:8443\r\n"));
	lm_buf_free(&buf);
}
END_TEST

#define EVAL(s, complete, match) \
	lm_http_evaluate(s, strlen(s), complete, match, &status)

START_TEST(test_http_evaluate)
{
	int status;

	ck_assert_int_eq(EVAL("", false, NULL), LM_HTTP_MORE);
	ck_assert_int_eq(EVAL("HTTP/1.1 200", false, NULL), LM_HTTP_MORE);
	ck_assert_int_eq(EVAL("HTTP/1.1 200 OK\r\n", false, NULL), LM_HTTP_OK);
	ck_assert_int_eq(status, 200);
	ck_assert_int_eq(EVAL("HTTP/1.0 302 Found\r\n", false, NULL), LM_HTTP_OK);
	ck_assert_int_eq(status, 302);
	ck_assert_int_eq(EVAL("HTTP/1.1 204\r\n", false, NULL), LM_HTTP_OK);
	ck_assert_int_eq(EVAL("HTTP/1.1 500 Internal Server Error\r\n", false, NULL),
					 LM_HTTP_BAD_STATUS);
	ck_assert_int_eq(status, 500);
	ck_assert_int_eq(EVAL("HTTP/1.1 404 Not Found\r\n", false, NULL),
					 LM_HTTP_BAD_STATUS);
	ck_assert_int_eq(EVAL("HTTP/1.1 101 Switching\r\n", false, NULL),
					 LM_HTTP_BAD_STATUS);
	ck_assert_int_eq(EVAL("SSH-2.0-OpenSSH\r\n", false, NULL), LM_HTTP_INVALID);
	ck_assert_int_eq(EVAL("HTTP/1.1 20 OK\r\n", false, NULL), LM_HTTP_INVALID);
	ck_assert_int_eq(EVAL("HTTP/1.1 2000 OK\r\n", false, NULL), LM_HTTP_INVALID);
	ck_assert_int_eq(EVAL("HTTP/1.1 200", true, NULL), LM_HTTP_INVALID);

	/* body match */
	ck_assert_int_eq(EVAL("HTTP/1.1 200 OK\r\nA: OK\r\n", false, "OK"),
					 LM_HTTP_MORE);
	ck_assert_int_eq(EVAL("HTTP/1.1 200 OK\r\nA: OK\r\n\r\nall is well", false,
						  "OK"), LM_HTTP_MORE);
	ck_assert_int_eq(EVAL("HTTP/1.1 200 OK\r\nA: OK\r\n\r\nall is well", true,
						  "OK"), LM_HTTP_NO_MATCH);
	ck_assert_int_eq(EVAL("HTTP/1.1 200 OK\r\n\r\nstatus: OK\n", false, "OK"),
					 LM_HTTP_OK);
	ck_assert_int_eq(EVAL("HTTP/1.1 200 OK\r\nA: B", true, "OK"),
					 LM_HTTP_INVALID);
	ck_assert_int_eq(EVAL("HTTP/1.1 503 Busy\r\n\r\nOK", true, "OK"),
					 LM_HTTP_BAD_STATUS);
	ck_assert_str_eq(lm_http_result_name(LM_HTTP_NO_MATCH),
					 "content not matched");
}
END_TEST

START_TEST(test_http_binary)
{
	char data[] = "HTTP/1.1 200 OK\r\n\r\n\0\0\0needle";
	char junk[2048];
	int status;

	/* NUL bytes in the body do not stop the search */
	ck_assert_int_eq(lm_http_evaluate(data, sizeof(data) - 1, true, "needle",
									  &status), LM_HTTP_OK);
	/* status below 100: malformed, and no status reported */
	ck_assert_int_eq(lm_http_evaluate("HTTP/1.1 099 X\r\n", 16, false, NULL,
									  &status), LM_HTTP_INVALID);
	ck_assert_int_eq(status, 0);
	/* an over-long status line is malformed however it arrives */
	memset(junk, 'A', sizeof(junk));
	memcpy(junk, "HTTP/1.1 200 ", 13);
	memcpy(junk + 1500, "\r\n", 2);
	ck_assert_int_eq(lm_http_evaluate(junk, sizeof(junk), false, NULL, &status),
					 LM_HTTP_INVALID);
	ck_assert_int_eq(lm_http_evaluate(junk, 1025, false, NULL, &status),
					 LM_HTTP_MORE);
	ck_assert_int_eq(lm_http_evaluate(junk, 1026, false, NULL, &status),
					 LM_HTTP_INVALID);
	/* a status line that never ends */
	memset(junk, 'A', sizeof(junk));
	ck_assert_int_eq(lm_http_evaluate(junk, sizeof(junk), false, NULL, &status),
					 LM_HTTP_INVALID);
}
END_TEST

Suite *proto_suite_create(void)
{
	Suite *s = suite_create("lm_echo_http");
	TCase *tc = tcase_create("codecs");

	tcase_add_test(tc, test_echo);
	tcase_add_test(tc, test_http_request);
	tcase_add_test(tc, test_http_evaluate);
	tcase_add_test(tc, test_http_binary);
	suite_add_tcase(s, tc);
	return s;
}
