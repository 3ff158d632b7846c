/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Traffic selector ranges as the prefixes routes to a tunnel go to.
 */

#include <stdio.h>
#include <string.h>
#include <check.h>

#include <lm_route.h>

#include "test_suites.h"

/**
 * Cover the range FROM-TO and compare the prefixes, "a/len a/len ...", with
 * expected; NULL expects a failure.
 */
static void assert_range(const char *from, const char *to, int max,
						 const char *expected)
{
	char got[512] = "", addr[LM_ADDR_STRLEN];
	lm_prefix_t prefixes[32];
	lm_addr_t a, b;
	size_t pos = 0;
	int i, count;

	ck_assert(lm_addr_parse(from, &a));
	ck_assert(lm_addr_parse(to, &b));
	count = lm_route_range_prefixes(&a, &b, prefixes, max);
	if (!expected)
	{
		ck_assert_int_eq(count, -1);
		return;
	}
	ck_assert_int_gt(count, 0);
	for (i = 0; i < count; i++)
	{
		pos += snprintf(got + pos, sizeof(got) - pos, "%s%s/%u", i ? " " : "",
						lm_addr_fmt(&prefixes[i].addr, addr),
						prefixes[i].len);
	}
	ck_assert_str_eq(got, expected);
}

START_TEST(test_range_prefixes)
{
	/* subnets as traffic selectors usually are */
	assert_range("10.100.3.0", "10.100.3.255", 8, "10.100.3.0/24");
	assert_range("10.100.0.0", "10.100.255.255", 8, "10.100.0.0/16");
	assert_range("10.100.3.1", "10.100.3.1", 8, "10.100.3.1/32");
	assert_range("0.0.0.0", "255.255.255.255", 8, "0.0.0.0/0");
	assert_range("::", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", 8, "::/0");
	assert_range("2001:db8:1::", "2001:db8:1::ffff:ffff:ffff:ffff", 8,
				 "2001:db8:1::/64");
	/* ranges: the fewest prefixes, in order */
	assert_range("10.0.0.1", "10.0.0.6", 8,
				 "10.0.0.1/32 10.0.0.2/31 10.0.0.4/31 10.0.0.6/32");
	assert_range("10.0.0.0", "10.0.1.255", 8, "10.0.0.0/23");
	assert_range("10.0.0.128", "10.0.2.127", 8,
				 "10.0.0.128/25 10.0.1.0/24 10.0.2.0/25");
	assert_range("10.255.255.255", "11.0.0.0", 8,
				 "10.255.255.255/32 11.0.0.0/32");
	assert_range("255.255.255.254", "255.255.255.255", 8,
				 "255.255.255.254/31");
	assert_range("2001:db8::ffff", "2001:db8::1:0", 8,
				 "2001:db8::ffff/128 2001:db8::1:0/128");
	/* the worst case of IPv4 fits 62 prefixes, not 8 */
	assert_range("0.0.0.1", "255.255.255.254", 8, NULL);
	assert_range("10.0.0.1", "10.0.0.6", 3, NULL);
	/* the wrong way round, or mixed families */
	assert_range("10.0.0.2", "10.0.0.1", 8, NULL);
	assert_range("10.0.0.1", "2001:db8::1", 8, NULL);
}
END_TEST

Suite *route_suite_create()
{
	Suite *s;
	TCase *tc;

	s = suite_create("lm_route");
	tc = tcase_create("ranges");
	tcase_add_test(tc, test_range_prefixes);
	suite_add_tcase(s, tc);
	return s;
}
