/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <string.h>
#include <check.h>

#include <lm_http.h>
#include <lm_status.h>

#include "test_helpers.h"
#include "test_suites.h"

START_TEST(test_http_request)
{
	lm_buf_t buf = {};
	lm_addr_t a;

	lm_addr_parse("10.0.0.135", &a);
	lm_http_request(&buf, "/health", NULL, &a, 80, 80);
	ck_assert_str_eq(lm_buf_str(&buf), "GET /health HTTP/1.1\r\n"
		"Host: 10.0.0.135\r\nUser-Agent: strongswan-link-monitor\r\n"
		"Accept: */*\r\nConnection: close\r\n\r\n");
	lm_buf_free(&buf);
	lm_addr_parse("2001:db8::1", &a);
	lm_http_request(&buf, "/", NULL, &a, 8443, 443);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "Host: [2001:db8::1]:8443\r\n"));
	lm_buf_free(&buf);
	/* a host name replaces the address, with the port as before */
	lm_http_request(&buf, "/", "probe.example", &a, 443, 443);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\r\nHost: probe.example\r\n"));
	lm_buf_free(&buf);
	lm_http_request(&buf, "/", "probe.example", &a, 8443, 443);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\r\nHost: probe.example:8443\r\n"));
	lm_buf_free(&buf);
}
END_TEST

/**
 * Evaluate a whole response at once, expecting codes of status.
 */
static lm_http_result_t eval_status(const char *data, size_t len,
									bool complete, const char *match,
									const lm_http_range_t *status, int count,
									int *code)
{
	lm_http_expect_t expect = {
		.status = status,
		.status_count = count,
		.match = match,
	};
	lm_http_result_t result;
	lm_http_t http;

	lm_http_init(&http, &expect);
	result = lm_http_evaluate(&http, data, len, complete);
	*code = http.status;
	lm_http_free(&http);
	return result;
}

/**
 * Evaluate a whole response at once with the default status codes.
 */
static lm_http_result_t eval(const char *data, size_t len, bool complete,
							 const char *match, int *code)
{
	return eval_status(data, len, complete, match, NULL, 0, code);
}

#define EVAL(s, complete, match) eval(s, strlen(s), complete, match, &status)

/**
 * Feed a response byte by byte, as a server trickling it would, up to the
 * first decision: it must be the one of the same bytes at once, and come
 * only with the last byte unless decided is given.
 *
 * @param decided	receives the bytes read when it was decided, NULL if
 *					that must be all
 */
static lm_http_result_t trickle(const char *s, bool complete,
								const char *match, size_t *decided)
{
	lm_http_expect_t expect = { .match = match };
	lm_http_result_t result = LM_HTTP_MORE;
	size_t len = strlen(s), i;
	lm_http_t http;
	int status;

	lm_http_init(&http, &expect);
	for (i = 1; i <= len && result == LM_HTTP_MORE; i++)
	{
		result = lm_http_evaluate(&http, s, i, i == len && complete);
	}
	lm_http_free(&http);
	i--;
	ck_assert_msg(decided || i == len, "decided after %zu of %zu bytes", i,
				  len);
	if (decided)
	{
		*decided = i;
	}
	ck_assert_int_eq(result, eval(s, i, i == len && complete, match,
								  &status));
	return result;
}

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
	/* a match split across reads is found */
	ck_assert_int_eq(trickle("HTTP/1.1 200 OK\r\n\r\nall is healthy", false,
							 "healthy", NULL), LM_HTTP_OK);
	ck_assert_int_eq(trickle("HTTP/1.1 200 OK\r\n\r\nall is health", true,
							 "healthy", NULL), LM_HTTP_NO_MATCH);
}
END_TEST

START_TEST(test_http_binary)
{
	char data[] = "HTTP/1.1 200 OK\r\n\r\n\0\0\0needle";
	char junk[2048];
	int status;

	/* NUL bytes in the body do not stop the search */
	ck_assert_int_eq(eval(data, sizeof(data) - 1, true, "needle", &status),
					 LM_HTTP_OK);
	/* status below 100: malformed, and no status reported */
	ck_assert_int_eq(eval("HTTP/1.1 099 X\r\n", 16, false, NULL, &status),
					 LM_HTTP_INVALID);
	ck_assert_int_eq(status, 0);
	/* an over-long status line is malformed however it arrives */
	memset(junk, 'A', sizeof(junk));
	memcpy(junk, "HTTP/1.1 200 ", 13);
	memcpy(junk + 1500, "\r\n", 2);
	ck_assert_int_eq(eval(junk, sizeof(junk), false, NULL, &status),
					 LM_HTTP_INVALID);
	ck_assert_int_eq(eval(junk, 1025, false, NULL, &status), LM_HTTP_MORE);
	ck_assert_int_eq(eval(junk, 1026, false, NULL, &status), LM_HTTP_INVALID);
	/* a status line that never ends */
	memset(junk, 'A', sizeof(junk));
	ck_assert_int_eq(eval(junk, sizeof(junk), false, NULL, &status),
					 LM_HTTP_INVALID);
}
END_TEST

START_TEST(test_http_status)
{
	const lm_http_range_t some[] = { { 200, 200 }, { 204, 204 },
									 { 301, 302 } };
	const lm_http_range_t all[] = { { 100, 599 } };
	const char *moved = "HTTP/1.1 301 Moved\r\n";
	lm_buf_t buf = {};
	int status;

	/* none: 200-399 */
	ck_assert(lm_http_status_ok(NULL, 0, 200));
	ck_assert(lm_http_status_ok(NULL, 0, 399));
	ck_assert(!lm_http_status_ok(NULL, 0, 199));
	ck_assert(!lm_http_status_ok(NULL, 0, 400));
	ck_assert(lm_http_status_ok(some, 3, 204));
	ck_assert(lm_http_status_ok(some, 3, 302));
	ck_assert(!lm_http_status_ok(some, 3, 201));
	ck_assert(!lm_http_status_ok(some, 3, 303));
	ck_assert_int_eq(eval_status(moved, strlen(moved), false, NULL, some, 3,
								 &status), LM_HTTP_OK);
	ck_assert_int_eq(eval_status("HTTP/1.1 203 X\r\n", 16, false, NULL, some,
								 3, &status), LM_HTTP_BAD_STATUS);
	ck_assert_int_eq(status, 203);
	/* any answer at all, also a 503, when the list says so */
	ck_assert_int_eq(eval_status("HTTP/1.1 503 X\r\n", 16, false, NULL, all,
								 1, &status), LM_HTTP_OK);
	/* the default is written as configured */
	lm_http_status_fmt(&buf, NULL, 0);
	ck_assert_str_eq(lm_buf_str(&buf), "200-399");
	lm_buf_free(&buf);
	lm_http_status_fmt(&buf, some, 3);
	ck_assert_str_eq(lm_buf_str(&buf), "200,204,301-302");
	lm_buf_free(&buf);
}
END_TEST

/** a chunked response's header */
#define CHUNKED "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n" \
	"Transfer-Encoding: chunked\r\n\r\n"

START_TEST(test_http_chunked)
{
	const char *split = CHUNKED "4\r\nheal\r\n3;ext=1\r\nthy";
	size_t decided;
	int status;

	/* a match split by the chunk framing is found in the decoded body, as
	 * soon as it is complete */
	ck_assert_int_eq(trickle(CHUNKED "4\r\nheal\r\n3;ext=1\r\nthy\r\n0\r\n\r\n",
							 false, "healthy", &decided), LM_HTTP_OK);
	ck_assert_uint_eq(decided, strlen(split));
	/* the framing itself is no content: "4\r\nheal" does not contain
	 * "4\r\nh" once decoded */
	ck_assert_int_eq(trickle(CHUNKED "4\r\nheal\r\n0\r\n\r\n", false,
							 "4\r\nh", NULL), LM_HTTP_NO_MATCH);
	/* the last chunk and its trailer decide without waiting for the close */
	ck_assert_int_eq(trickle(CHUNKED "5\r\nsick\n\r\n0\r\nX-T: 1\r\n\r\n",
							 false, "healthy", NULL), LM_HTTP_NO_MATCH);
	/* upper and lower case hex, whitespace before an extension, codings
	 * before chunked and any spelling of the field name */
	ck_assert_int_eq(EVAL("HTTP/1.1 200 OK\r\ntransfer-encoding: gzip ,"
						  " Chunked \r\n\r\nA \r\n0123456789\r\na;x\r\n"
						  "abcdefghij\r\n0\r\n\r\n", false, "9a"),
					 LM_HTTP_OK);
	/* chunked not last: the body is not chunked, the framing stays */
	ck_assert_int_eq(EVAL("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, "
						  "gzip\r\n\r\n4\r\nheal\r\n", true, "4\r\nheal"),
					 LM_HTTP_OK);
	/* without http_match the status line decides, the body is not read */
	ck_assert_int_eq(EVAL(CHUNKED "zz\r\n", true, NULL), LM_HTTP_OK);
	ck_assert_int_eq(EVAL("HTTP/1.1 500 X\r\nTransfer-Encoding: chunked\r\n"
						  "\r\n7\r\nhealthy\r\n0\r\n\r\n", true, "healthy"),
					 LM_HTTP_BAD_STATUS);
	ck_assert_int_eq(status, 500);
}
END_TEST

START_TEST(test_http_chunked_broken)
{
	char line[1200];
	int status;

	/* truncated: in a chunk's data, in its size line, before the last
	 * chunk, in the trailer */
	ck_assert_int_eq(trickle(CHUNKED "10\r\nhealth", true, "healthy", NULL),
					 LM_HTTP_TRUNCATED);
	ck_assert_int_eq(trickle(CHUNKED "4\r\nheal\r\n1", true, "healthy",
							 NULL), LM_HTTP_TRUNCATED);
	ck_assert_int_eq(trickle(CHUNKED "4\r\nheal\r\n", true, "healthy", NULL),
					 LM_HTTP_TRUNCATED);
	ck_assert_int_eq(trickle(CHUNKED "4\r\nheal\r\n0\r\nX-T: 1\r\n", true,
							 "healthy", NULL), LM_HTTP_TRUNCATED);
	/* a match before the cut still counts, as for any body */
	ck_assert_int_eq(trickle(CHUNKED "10\r\nhealthy", true, "healthy", NULL),
					 LM_HTTP_OK);
	/* malformed: no hex size, an empty size, a sign, data longer than its
	 * size, no CRLF after the data, an overflowing size, garbage after the
	 * size */
	ck_assert_int_eq(EVAL(CHUNKED "x\r\nhealthy\r\n", false, "healthy"),
					 LM_HTTP_BAD_CHUNK);
	ck_assert_int_eq(EVAL(CHUNKED "\r\nhealthy\r\n", false, "healthy"),
					 LM_HTTP_BAD_CHUNK);
	ck_assert_int_eq(EVAL(CHUNKED "-7\r\nhealthy\r\n", false, "healthy"),
					 LM_HTTP_BAD_CHUNK);
	ck_assert_int_eq(EVAL(CHUNKED "3\r\nhealthy\r\n", false, "healthy"),
					 LM_HTTP_BAD_CHUNK);
	ck_assert_int_eq(EVAL(CHUNKED "3\r\nhea\n\n", false, "healthy"),
					 LM_HTTP_BAD_CHUNK);
	ck_assert_int_eq(EVAL(CHUNKED "1000000000000000\r\nhealthy", false,
						  "healthy"), LM_HTTP_BAD_CHUNK);
	ck_assert_int_eq(EVAL(CHUNKED "7 x\r\nhealthy\r\n", false, "healthy"),
					 LM_HTTP_BAD_CHUNK);
	/* a size line without end is malformed however it arrives */
	memset(line, '0', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	memcpy(line, CHUNKED, strlen(CHUNKED));
	ck_assert_int_eq(EVAL(line, false, "healthy"), LM_HTTP_BAD_CHUNK);
	ck_assert_str_eq(lm_http_result_name(LM_HTTP_BAD_CHUNK),
					 "malformed chunked body");
	ck_assert_str_eq(lm_http_result_name(LM_HTTP_TRUNCATED),
					 "chunked body truncated");
}
END_TEST

/**
 * Fill buf with a chunked response whose chunks never end: "5\r\nsick\n\r\n"
 * until buf is full (the last one cut), as a server sends that goes on
 * until the client drops the connection.
 */
static void endless_chunks(char *buf, size_t len)
{
	const char *chunk = "5\r\nsick\n\r\n";
	size_t pos = strlen(CHUNKED), n;

	memcpy(buf, CHUNKED, pos);
	while (pos < len)
	{
		n = strlen(chunk);
		if (n > len - pos)
		{
			n = len - pos;
		}
		memcpy(buf + pos, chunk, n);
		pos += n;
	}
}

START_TEST(test_http_chunked_endless)
{
	static char data[LM_HTTP_MAX_RESPONSE];
	lm_http_expect_t expect = { .match = "healthy" };
	lm_http_result_t result = LM_HTTP_MORE;
	lm_http_t http;
	size_t len;
	int status;

	endless_chunks(data, sizeof(data));
	/* read as the session does, 4 KiB at a time into a buffer of
	 * LM_HTTP_MAX_RESPONSE, the last read reported as the end: undecided
	 * until the buffer is full, then "content not matched", not truncated */
	lm_http_init(&http, &expect);
	for (len = 4096; len <= sizeof(data); len += 4096)
	{
		result = lm_http_evaluate(&http, data, len, len == sizeof(data));
		if (len < sizeof(data))
		{
			ck_assert_int_eq(result, LM_HTTP_MORE);
		}
	}
	lm_http_free(&http);
	ck_assert_int_eq(result, LM_HTTP_NO_MATCH);
	ck_assert_str_eq(lm_http_result_name(result), "content not matched");
	/* the same 64 KiB at once, with or without the end */
	ck_assert_int_eq(eval(data, sizeof(data), false, "healthy", &status),
					 LM_HTTP_NO_MATCH);
	ck_assert_int_eq(eval(data, sizeof(data), true, "healthy", &status),
					 LM_HTTP_NO_MATCH);
	/* a byte less and the connection still open: more may come */
	ck_assert_int_eq(eval(data, sizeof(data) - 1, false, "healthy", &status),
					 LM_HTTP_MORE);
	/* the match in the last whole chunk of those 64 KiB is found: chunks
	 * of 10 bytes after the header, the last one cut */
	len = strlen(CHUNKED) +
		  ((sizeof(data) - strlen(CHUNKED)) / 10 - 1) * 10;
	memcpy(data + len, "5\r\nheal", 8);
	ck_assert_int_eq(eval(data, sizeof(data), true, "sick\nheal", &status),
					 LM_HTTP_OK);
}
END_TEST

/**
 * Render the status of a monitor as text or JSON and expect a part of it.
 */
static void assert_status(lm_monitor_cfg_t *cfg, bool json,
						  const char *expected)
{
	lm_entry_t *entry;
	lm_buf_t buf = {};

	entry = lm_entry_create(cfg, 1, 2, 0, 0);
	lm_status_render(&buf, &entry, 1, json, 0, NULL);
	ck_assert_msg(strstr(lm_buf_str(&buf), expected), "'%s' lacks '%s'",
				  lm_buf_str(&buf), expected);
	lm_buf_free(&buf);
	lm_entry_destroy(entry);
}

START_TEST(test_status_http)
{
	const char *https[] = { "server=10.0.0.135", "protocol=https",
							"http_get=/health", "http_host=probe.example",
							"http_status=200,301-302", "http_match=healthy",
							"tls_verify=yes", "tls_ca=/etc/ssl/ca.pem", NULL };
	const char *http[] = { "server=10.0.0.135", "protocol=http", NULL };
	const char *system[] = { "server=10.0.0.135", "protocol=https",
							 "http_host=probe.example", "http_match=healthy",
							 "tls_verify=yes", NULL };

	assert_status(test_cfg_create(https, NULL), true,
		"\"port\":443,\"http\":{\"get\":\"/health\",\"host\":\"probe.example\","
		"\"status\":\"200,301-302\",\"match\":\"healthy\",\"tls_verify\":true,"
		"\"tls_ca\":\"/etc/ssl/ca.pem\"},\"interval_ms\":");
	assert_status(test_cfg_create(https, NULL), false,
		"\nHTTP: GET /health, Host: probe.example, Status codes: "
		"200,301-302, Match: healthy\n"
		"TLS: SNI: probe.example, Verify: yes (CA /etc/ssl/ca.pem)\n");
	assert_status(test_cfg_create(system, NULL), false,
		"Status codes: 200-399, Match: healthy\n"
		"TLS: SNI: probe.example, Verify: yes (CA system store)\n");
	/* plain http: the address as Host, no TLS */
	assert_status(test_cfg_create(http, NULL), true,
		"\"port\":80,\"http\":{\"get\":\"/\",\"host\":null,"
		"\"status\":\"200-399\",\"match\":null,\"tls_verify\":null,"
		"\"tls_ca\":null},\"interval_ms\":");
	assert_status(test_cfg_create(http, NULL), false,
		"\nHTTP: GET /, Host: server address, Status codes: 200-399\n"
		"Diffservcode");
}
END_TEST

START_TEST(test_status_http_server)
{
	const char *web[] = { "address=10.0.0.80", "protocol=https",
						  "http_host=portal.example", NULL };
	const char *isp[] = { "address=10.0.0.1", NULL };
	lm_kv_t *root, *servers;
	lm_config_t *config;

	root = test_kv_monitor("dc", NULL, NULL);
	servers = lm_kv_section(lm_kv_section(root, "dc"), "servers");
	test_kv_set(lm_kv_section(servers, "isp"), isp);
	test_kv_set(lm_kv_section(servers, "web"), web);
	config = test_parse(root);
	/* the https server's own settings under it; none for the monitor
	 * (ping) and its other server */
	assert_status(lm_monitor_cfg_clone(config->monitors[0]), false,
		"  Peer: 10.0.0.80\n"
		"        protocol: https, port: 443, weight: 1, state: init\n"
		"        HTTP: GET /, Host: portal.example, Status codes: 200-399\n"
		"        TLS: SNI: portal.example, Verify: no\n");
	assert_status(lm_monitor_cfg_clone(config->monitors[0]), true,
		"\"protocol\":\"https\",\"port\":443,\"http\":{\"get\":\"/\","
		"\"host\":\"portal.example\",\"status\":\"200-399\",\"match\":null,"
		"\"tls_verify\":false,\"tls_ca\":null},\"weight\":1");
	assert_status(lm_monitor_cfg_clone(config->monitors[0]), true,
		"\"protocol\":\"ping\",\"port\":0,\"weight\":1");
	lm_config_destroy(config);
}
END_TEST

Suite *http_suite_create(void)
{
	Suite *s = suite_create("lm_http");
	TCase *tc = tcase_create("http");

	tcase_add_test(tc, test_http_request);
	tcase_add_test(tc, test_http_evaluate);
	tcase_add_test(tc, test_http_binary);
	tcase_add_test(tc, test_http_status);
	tcase_add_test(tc, test_http_chunked);
	tcase_add_test(tc, test_http_chunked_broken);
	tcase_add_test(tc, test_http_chunked_endless);
	tcase_add_test(tc, test_status_http);
	tcase_add_test(tc, test_status_http_server);
	suite_add_tcase(s, tc);
	return s;
}
