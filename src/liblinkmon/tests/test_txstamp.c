/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <check.h>

#include <lm_txstamp.h>

#include "test_suites.h"

static lm_addr_t addr(const char *str)
{
	lm_addr_t a;

	ck_assert(lm_addr_parse(str, &a));
	return a;
}

START_TEST(test_match)
{
	lm_txstamp_t *t = lm_txstamp_create();
	lm_addr_t a = addr("10.0.0.1"), b = addr("10.0.0.2");

	ck_assert_uint_eq(lm_txstamp_sent(t, 7, 1, &a), 0);
	ck_assert_uint_eq(lm_txstamp_sent(t, 7, 1, &b), 1);
	ck_assert_uint_eq(lm_txstamp_sent(t, 8, 1, &a), 2);
	/* stamps arrive by number, in any order */
	ck_assert(lm_txstamp_stamp(t, 2, LM_TXSTAMP_SND, 3000));
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SND, 1000));
	ck_assert(lm_txstamp_stamp(t, 1, LM_TXSTAMP_SND, 2000));
	/* a number never given */
	ck_assert(!lm_txstamp_stamp(t, 3, LM_TXSTAMP_SND, 4000));
	/* the same ident and seq to two servers are told apart */
	ck_assert_uint_eq(lm_txstamp_take(t, 7, 1, &b), 2000);
	ck_assert_uint_eq(lm_txstamp_take(t, 7, 1, &a), 1000);
	ck_assert_uint_eq(lm_txstamp_take(t, 8, 1, &a), 3000);
	/* taken once */
	ck_assert_uint_eq(lm_txstamp_take(t, 8, 1, &a), 0);
	/* unknown probes */
	ck_assert_uint_eq(lm_txstamp_take(t, 8, 2, &a), 0);
	ck_assert_uint_eq(lm_txstamp_take(t, 9, 1, &a), 0);
	lm_txstamp_destroy(t);
}
END_TEST

START_TEST(test_kinds)
{
	lm_txstamp_t *t = lm_txstamp_create();
	lm_addr_t a = addr("2001:db8::1");

	lm_txstamp_sent(t, 1, 1, &a);
	lm_txstamp_sent(t, 1, 2, &a);
	lm_txstamp_sent(t, 1, 3, &a);
	/* SND preferred over SCHED, whatever the order */
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SCHED, 100));
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SND, 105));
	ck_assert(lm_txstamp_stamp(t, 1, LM_TXSTAMP_SND, 205));
	ck_assert(lm_txstamp_stamp(t, 1, LM_TXSTAMP_SCHED, 200));
	/* only SCHED (a device that does not stamp) */
	ck_assert(lm_txstamp_stamp(t, 2, LM_TXSTAMP_SCHED, 300));
	ck_assert(!lm_txstamp_stamp(t, 2, 7, 300));
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 1, &a), 105);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 2, &a), 205);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 3, &a), 300);
	lm_txstamp_destroy(t);
}
END_TEST

START_TEST(test_no_stamp)
{
	lm_txstamp_t *t = lm_txstamp_create();
	lm_addr_t a = addr("10.0.0.1");

	/* the kernel gave none (yet): the caller falls back, or reads the error
	 * queue and asks again */
	lm_txstamp_sent(t, 1, 1, &a);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 1, &a), 0);
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SCHED, 50));
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 1, &a), 50);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 1, &a), 0);
	lm_txstamp_destroy(t);
}
END_TEST

START_TEST(test_reset)
{
	lm_txstamp_t *t = lm_txstamp_create();
	lm_addr_t a = addr("10.0.0.1");

	lm_txstamp_sent(t, 1, 1, &a);
	lm_txstamp_sent(t, 1, 2, &a);
	lm_txstamp_reset(t);
	/* numbering restarts; probes sent before are forgotten */
	ck_assert(!lm_txstamp_stamp(t, 0, LM_TXSTAMP_SND, 100));
	ck_assert_uint_eq(lm_txstamp_sent(t, 1, 3, &a), 0);
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SND, 100));
	ck_assert(!lm_txstamp_stamp(t, 1, LM_TXSTAMP_SND, 200));
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 1, &a), 0);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 2, &a), 0);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 3, &a), 100);
	lm_txstamp_destroy(t);
}
END_TEST

START_TEST(test_wrap)
{
	lm_txstamp_t *t = lm_txstamp_create();
	lm_addr_t a = addr("10.0.0.1");
	uint32_t i, id;

	/* many more probes than slots: stamps of numbers reused by later
	 * probes are refused, the recent ones match */
	for (i = 0; i < 3 * LM_TXSTAMP_SLOTS + 5; i++)
	{
		id = lm_txstamp_sent(t, i / 65536, i % 65536, &a);
		ck_assert_uint_eq(id, i);
	}
	ck_assert(!lm_txstamp_stamp(t, 4, LM_TXSTAMP_SND, 1));
	ck_assert(lm_txstamp_stamp(t, id, LM_TXSTAMP_SND, 77));
	ck_assert_uint_eq(lm_txstamp_take(t, id / 65536, id % 65536, &a), 77);
	ck_assert_uint_eq(lm_txstamp_take(t, 0, 4, &a), 0);
	lm_txstamp_destroy(t);
}
END_TEST

START_TEST(test_collision)
{
	lm_txstamp_t *t = lm_txstamp_create();
	lm_addr_t a = addr("10.0.0.1");
	uint16_t seq;
	uint32_t first;

	/* find a probe sharing the slot of (1, 0): it replaces it, and the
	 * first one's stamp and reply no longer match anything */
	for (seq = 1; seq; seq++)
	{
		first = lm_txstamp_sent(t, 1, 0, &a);
		lm_txstamp_sent(t, 2, seq, &a);
		if (!lm_txstamp_stamp(t, first, LM_TXSTAMP_SND, 1))
		{
			break;
		}
		lm_txstamp_take(t, 2, seq, &a);
	}
	ck_assert_uint_ne(seq, 0);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 0, &a), 0);
	lm_txstamp_destroy(t);
}
END_TEST

Suite *txstamp_suite_create(void)
{
	Suite *s = suite_create("txstamp");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_no_stamp);
	tcase_add_test(tc, test_reset);
	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_collision);
	suite_add_tcase(s, tc);
	return s;
}
