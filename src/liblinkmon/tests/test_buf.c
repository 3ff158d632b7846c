/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include <lm_buf.h>
#include <lm_json.h>

#include "test_suites.h"

START_TEST(test_empty)
{
	lm_buf_t buf = {};

	ck_assert_str_eq(lm_buf_str(&buf), "");
	ck_assert_uint_eq(buf.len, 0);
	ck_assert(!lm_buf_failed(&buf));
	lm_buf_free(&buf);
}
END_TEST

START_TEST(test_printf_grows)
{
	lm_buf_t buf = {};
	char expected[8192];
	int i;

	expected[0] = '\0';
	for (i = 0; i < 1000; i++)
	{
		lm_buf_printf(&buf, "%d,", i % 10);
		strcat(expected, (char[]){ '0' + i % 10, ',', '\0' });
	}
	ck_assert_uint_eq(buf.len, 2000);
	ck_assert_str_eq(lm_buf_str(&buf), expected);
	ck_assert_uint_ge(buf.cap, buf.len + 1);
	lm_buf_free(&buf);
	ck_assert_ptr_null(buf.data);
	ck_assert_uint_eq(buf.len, 0);
}
END_TEST

START_TEST(test_large)
{
	lm_buf_t buf = {};
	char line[64], *big;
	size_t i, len = 0;

	/* across the switch from the heap to a mapping and through mremap */
	for (i = 0; i < 60000; i++)
	{
		len += snprintf(line, sizeof(line), "line %zu\n", i);
		lm_buf_printf(&buf, "line %zu\n", i);
	}
	ck_assert(!lm_buf_failed(&buf));
	ck_assert_uint_eq(buf.len, len);
	ck_assert_uint_eq(strlen(lm_buf_str(&buf)), len);
	ck_assert(strncmp(lm_buf_str(&buf), "line 0\nline 1\n", 14) == 0);
	ck_assert_str_eq(lm_buf_str(&buf) + len - 11, "line 59999\n");
	lm_buf_free(&buf);
	ck_assert_ptr_null(buf.data);
	ck_assert_uint_eq(buf.cap, 0);
	/* a large append in one go, then reuse */
	big = calloc(1, 300000);
	memset(big, 'x', 299999);
	lm_buf_append(&buf, big, 299999);
	ck_assert_uint_eq(strlen(lm_buf_str(&buf)), 299999);
	lm_buf_free(&buf);
	free(big);
}
END_TEST

START_TEST(test_json_escape)
{
	lm_buf_t buf = {};

	lm_buf_json_str(&buf, "a\"b\\c\nd\te\x01" "f/é");
	ck_assert_str_eq(lm_buf_str(&buf), "\"a\\\"b\\\\c\\nd\\te\\u0001f/é\"");
	lm_buf_free(&buf);

	lm_buf_json_str(&buf, "");
	ck_assert_str_eq(lm_buf_str(&buf), "\"\"");
	lm_buf_free(&buf);
}
END_TEST

START_TEST(test_json_writer)
{
	lm_buf_t buf = {};
	lm_json_t json;

	lm_json_init(&json, &buf);
	lm_json_object(&json, NULL);
	lm_json_str(&json, "s", "a\"b");
	lm_json_str(&json, "n", NULL);
	lm_json_array(&json, "list");
	lm_json_uint(&json, NULL, 18446744073709551615ULL);
	lm_json_int(&json, NULL, -3);
	lm_json_object(&json, NULL);
	lm_json_end(&json);
	lm_json_array(&json, NULL);
	lm_json_end(&json);
	lm_json_end(&json);
	lm_json_num(&json, "x", 3, 1.0 / 3);
	lm_json_num(&json, "nan", 2, 0.0 / 0.0);
	lm_json_num(&json, "inf", 2, 1.0 / 0.0);
	lm_json_bool(&json, "t", true);
	lm_json_bool(&json, "f", false);
	lm_json_null(&json, "key\n");
	lm_json_end(&json);
	ck_assert(!json.failed);
	ck_assert_int_eq(json.depth, 0);
	ck_assert_str_eq(lm_buf_str(&buf),
		"{\"s\":\"a\\\"b\",\"n\":null,"
		"\"list\":[18446744073709551615,-3,{},[]],\"x\":0.333,"
		"\"nan\":null,\"inf\":null,\"t\":true,\"f\":false,"
		"\"key\\n\":null}");
	lm_buf_free(&buf);
}
END_TEST

START_TEST(test_json_misnested)
{
	lm_buf_t buf = {};
	lm_json_t json;
	int i;

	/* closing more than was opened is flagged, not written */
	lm_json_init(&json, &buf);
	lm_json_end(&json);
	ck_assert(json.failed);
	ck_assert_str_eq(lm_buf_str(&buf), "");
	/* nesting deeper than LM_JSON_DEPTH is flagged, not overrun */
	lm_json_init(&json, &buf);
	for (i = 0; i <= LM_JSON_DEPTH; i++)
	{
		lm_json_array(&json, NULL);
	}
	ck_assert(json.failed);
	ck_assert_int_eq(json.depth, LM_JSON_DEPTH);
	lm_buf_free(&buf);
}
END_TEST

START_TEST(test_append)
{
	lm_buf_t buf = {};
	uint8_t bin[300];
	int i;

	for (i = 0; i < 300; i++)
	{
		bin[i] = i;
	}
	lm_buf_append(&buf, bin, 300);
	lm_buf_append(&buf, "xy", 2);
	ck_assert_uint_eq(buf.len, 302);
	ck_assert_mem_eq(buf.data, bin, 300);
	ck_assert_mem_eq(buf.data + 300, "xy", 3);
	lm_buf_free(&buf);
}
END_TEST

Suite *buf_suite_create(void)
{
	Suite *s = suite_create("lm_buf");
	TCase *tc = tcase_create("buffer");

	tcase_add_test(tc, test_empty);
	tcase_add_test(tc, test_printf_grows);
	tcase_add_test(tc, test_large);
	tcase_add_test(tc, test_json_escape);
	tcase_add_test(tc, test_json_writer);
	tcase_add_test(tc, test_json_misnested);
	tcase_add_test(tc, test_append);
	suite_add_tcase(s, tc);
	return s;
}
