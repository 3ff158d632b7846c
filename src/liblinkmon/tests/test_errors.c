/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdio.h>
#include <string.h>
#include <check.h>

#include <lm_errors.h>

#include "test_suites.h"

#define S 1000000000ULL

START_TEST(test_set_clear)
{
	lm_errors_t e = {};
	lm_buf_t buf = {};
	lm_json_t json;

	ck_assert_uint_eq(lm_errors_count(&e), 0);
	lm_errors_text(&e, &buf, 0);
	ck_assert_str_eq(lm_buf_str(&buf), "");
	ck_assert(lm_errors_set(&e, "config", "cannot read /x: Permission denied",
							1 * S));
	ck_assert(lm_errors_set(&e, "ha", "track file: No such file", 2 * S));
	/* failing again keeps the start, replaces the message */
	ck_assert(!lm_errors_set(&e, "config", "syntax error", 5 * S));
	ck_assert_uint_eq(lm_errors_count(&e), 2);
	lm_errors_text(&e, &buf, 7 * S);
	ck_assert_str_eq(lm_buf_str(&buf), "Errors:\n"
		"  config: syntax error (for 6 s)\n"
		"  ha: track file: No such file (for 5 s)\n\n");
	lm_buf_free(&buf);
	ck_assert(lm_errors_clear(&e, "config"));
	ck_assert(!lm_errors_clear(&e, "config"));
	lm_json_init(&json, &buf);
	lm_json_object(&json, NULL);
	lm_errors_json(&e, &json, 3 * S);
	lm_json_end(&json);
	ck_assert_str_eq(lm_buf_str(&buf), "{\"errors\":[{\"source\":\"ha\","
		"\"message\":\"track file: No such file\",\"since_s\":1.000}]}");
	lm_buf_free(&buf);
	ck_assert(lm_errors_clear(&e, "ha"));
	ck_assert_uint_eq(lm_errors_count(&e), 0);
	lm_errors_free(&e);
}
END_TEST

START_TEST(test_bounded)
{
	lm_errors_t e = {};
	lm_buf_t buf = {};
	lm_json_t json;
	char name[32];
	int i;

	for (i = 0; i < LM_ERRORS_MAX + 3; i++)
	{
		snprintf(name, sizeof(name), "updown 'm%d'", i);
		ck_assert(lm_errors_set(&e, name, "spawn failed", 0));
	}
	ck_assert_int_eq(e.count, LM_ERRORS_MAX);
	ck_assert_uint_eq(lm_errors_count(&e), LM_ERRORS_MAX + 3);
	lm_errors_text(&e, &buf, 0);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
								 "  and 3 more failures, not listed\n"));
	lm_buf_free(&buf);
	lm_json_init(&json, &buf);
	lm_json_object(&json, NULL);
	lm_errors_json(&e, &json, 0);
	lm_json_end(&json);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
								 "],\"errors_not_listed\":3}"));
	lm_buf_free(&buf);
	/* a slot frees: the others are seen again when they fail again */
	ck_assert(lm_errors_clear(&e, "updown 'm0'"));
	ck_assert_uint_eq(lm_errors_count(&e), LM_ERRORS_MAX - 1);
	lm_errors_free(&e);
	ck_assert_uint_eq(lm_errors_count(&e), 0);
}
END_TEST

Suite *errors_suite_create(void)
{
	Suite *s = suite_create("lm_errors");
	TCase *tc = tcase_create("errors");

	tcase_add_test(tc, test_set_clear);
	tcase_add_test(tc, test_bounded);
	suite_add_tcase(s, tc);
	return s;
}
