/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <check.h>

#include <lm_hist.h>

#include "test_suites.h"

START_TEST(test_exact_small)
{
	static lm_hist_t h;
	int i;

	ck_assert_uint_eq(lm_hist_percentile(&h, 50), 0);
	for (i = 1; i <= 50; i++)
	{
		lm_hist_add(&h, i);
	}
	ck_assert_uint_eq(lm_hist_percentile(&h, 50), 25);
	ck_assert_uint_eq(lm_hist_percentile(&h, 100), 50);
	ck_assert_uint_eq(lm_hist_percentile(&h, 0), 1);
	ck_assert_uint_eq(h.max, 50);
	ck_assert_uint_eq(h.total, 50);
}
END_TEST

START_TEST(test_relative_error)
{
	static lm_hist_t h;
	uint64_t v, p;

	/* every value maps to a bucket whose lower bound is within 1/32 */
	for (v = 1; v < 10000000; v = v * 3 + 7)
	{
		h = (lm_hist_t){};
		lm_hist_add(&h, v);
		p = lm_hist_percentile(&h, 50);
		ck_assert_uint_le(p, v);
		ck_assert_msg(v - p <= v / 32, "value %llu, bucket %llu",
					  (unsigned long long)v, (unsigned long long)p);
	}
	h = (lm_hist_t){};
	lm_hist_add(&h, UINT64_MAX);
	/* the largest value lands in the last bucket: 63 << 58, within 1/32 */
	ck_assert_uint_eq(lm_hist_percentile(&h, 99), (uint64_t)63 << 58);
	ck_assert_uint_ge(lm_hist_percentile(&h, 99), UINT64_MAX / 32 * 31);
}
END_TEST

START_TEST(test_p99)
{
	static lm_hist_t h;
	int i;

	/* 990 values of 100, 10 of 5000: p50 100, p99 100, p99.5 ~5000 */
	for (i = 0; i < 990; i++)
	{
		lm_hist_add(&h, 100);
	}
	for (i = 0; i < 10; i++)
	{
		lm_hist_add(&h, 5000);
	}
	ck_assert_uint_le(lm_hist_percentile(&h, 50), 100);
	ck_assert_uint_ge(lm_hist_percentile(&h, 50), 97);
	ck_assert_uint_le(lm_hist_percentile(&h, 99), 100);
	ck_assert_uint_ge(lm_hist_percentile(&h, 99.5), 4850);
	ck_assert_uint_eq(h.max, 5000);
}
END_TEST

Suite *hist_suite_create(void)
{
	Suite *s = suite_create("lm_hist");
	TCase *tc = tcase_create("percentiles");

	tcase_add_test(tc, test_exact_small);
	tcase_add_test(tc, test_relative_error);
	tcase_add_test(tc, test_p99);
	suite_add_tcase(s, tc);
	return s;
}
