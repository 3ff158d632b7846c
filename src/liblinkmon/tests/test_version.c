/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <check.h>

#include <lm_version.h>

#include "test_suites.h"

START_TEST(test_version_find)
{
	const char bin[] = "\x7f" "ELF\0junk (strongSwan %s\0"
		"Starting IKE charon daemon (strongSwan 5.9.8, %s %s, %s)\0"
		"(strongSwan 6.0.0)";
	const char rc[] = "x(strongSwan 5.9.14rc1)";
	char v[16];

	ck_assert(lm_version_find(bin, sizeof(bin) - 1, v, sizeof(v)));
	ck_assert_str_eq(v, "5.9.8");
	ck_assert(lm_version_find(rc, sizeof(rc) - 1, v, sizeof(v)));
	ck_assert_str_eq(v, "5.9.14rc1");
	/* too small a buffer, none, one cut off at the end */
	ck_assert(!lm_version_find(rc, sizeof(rc) - 1, v, 9));
	ck_assert(!lm_version_find("strongSwan 5.9.8", 16, v, sizeof(v)));
	ck_assert(!lm_version_find("(strongSwan ", 12, v, sizeof(v)));
	ck_assert(lm_version_find("(strongSwan 5", 13, v, sizeof(v)));
	ck_assert_str_eq(v, "5");
}
END_TEST

Suite *version_suite_create(void)
{
	Suite *s = suite_create("lm_version");
	TCase *tc = tcase_create("version");

	tcase_add_test(tc, test_version_find);
	suite_add_tcase(s, tc);
	return s;
}
