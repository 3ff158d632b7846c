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

START_TEST(test_version_bare)
{
	/* charon-systemd: "strongSwan %s" and VERSION as a string of its own */
	const char sd[] = "\0STATUS=charon-systemd running, strongSwan %s, %s\0"
		"GLIBC_2.34\0" "1.2\0" "5.9.8\0" "x5.9.9\0" "5.9.8\0";
	const char two[] = "\0" "5.9.8\0" "6.0.0\0";
	const char unterminated[] = "\0" "5.9.8";
	const char dots[] = "\0" "5..8\0" "5.9.\0";
	char v[16];

	ck_assert(lm_version_find(sd, sizeof(sd) - 1, v, sizeof(v)));
	ck_assert_str_eq(v, "5.9.8");
	/* two different candidates: none */
	ck_assert(!lm_version_find(two, sizeof(two) - 1, v, sizeof(v)));
	ck_assert(!lm_version_find(unterminated, sizeof(unterminated) - 1, v,
							   sizeof(v)));
	ck_assert(!lm_version_find(dots, sizeof(dots) - 1, v, sizeof(v)));
	/* the marked form wins over a bare one */
	ck_assert(lm_version_find("\0" "6.0.0\0(strongSwan 5.9.8,", 25, v,
							  sizeof(v)));
	ck_assert_str_eq(v, "5.9.8");
}
END_TEST

Suite *version_suite_create(void)
{
	Suite *s = suite_create("lm_version");
	TCase *tc = tcase_create("version");

	tcase_add_test(tc, test_version_find);
	tcase_add_test(tc, test_version_bare);
	suite_add_tcase(s, tc);
	return s;
}
