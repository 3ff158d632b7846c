/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <check.h>

#include <lm_txstamp.h>

#include "test_suites.h"

/**
 * An address.
 */
static lm_addr_t addr(const char *str)
{
	lm_addr_t parsed;

	ck_assert(lm_addr_parse(str, &parsed));
	return parsed;
}

/** the table of each test */
static lm_txstamp_t *t;

/** the server probed in each test, 10.0.0.1 */
static lm_addr_t a;

/**
 * Create the table before each test.
 */
static void setup(void)
{
	t = lm_txstamp_create();
	ck_assert_ptr_nonnull(t);
	a = addr("10.0.0.1");
}

/**
 * Destroy it after each test.
 */
static void teardown(void)
{
	lm_txstamp_destroy(t);
}

/**
 * Send probes 1 to n of ident to a server.
 */
static void send_seqs(uint16_t ident, uint16_t n, lm_addr_t *to)
{
	uint16_t seq;

	for (seq = 1; seq <= n; seq++)
	{
		lm_txstamp_sent(t, ident, seq, to);
	}
}

/**
 * Check the stamps taken for probes 1 to n of ident to a server, 0 for none.
 */
static void assert_taken(uint16_t ident, lm_addr_t *to, const uint64_t *ns,
						 uint16_t n)
{
	uint16_t seq;

	for (seq = 1; seq <= n; seq++)
	{
		ck_assert_uint_eq(lm_txstamp_take(t, ident, seq, to), ns[seq - 1]);
	}
}

START_TEST(test_match)
{
	lm_addr_t b = addr("10.0.0.2");

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
}
END_TEST

START_TEST(test_kinds)
{
	lm_addr_t a6 = addr("2001:db8::1");

	send_seqs(1, 3, &a6);
	/* SND preferred over SCHED, whatever the order */
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SCHED, 100));
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SND, 105));
	ck_assert(lm_txstamp_stamp(t, 1, LM_TXSTAMP_SND, 205));
	ck_assert(lm_txstamp_stamp(t, 1, LM_TXSTAMP_SCHED, 200));
	/* only SCHED (a device that does not stamp) */
	ck_assert(lm_txstamp_stamp(t, 2, LM_TXSTAMP_SCHED, 300));
	ck_assert(!lm_txstamp_stamp(t, 2, 7, 300));
	assert_taken(1, &a6, (uint64_t[]){ 105, 205, 300 }, 3);
}
END_TEST

START_TEST(test_no_stamp)
{
	/* the kernel gave none (yet): the caller falls back, or reads the error
	 * queue and asks again */
	lm_txstamp_sent(t, 1, 1, &a);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 1, &a), 0);
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SCHED, 50));
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 1, &a), 50);
	ck_assert_uint_eq(lm_txstamp_take(t, 1, 1, &a), 0);
}
END_TEST

START_TEST(test_reset)
{
	send_seqs(1, 2, &a);
	lm_txstamp_reset(t);
	/* numbering restarts; probes sent before are forgotten */
	ck_assert(!lm_txstamp_stamp(t, 0, LM_TXSTAMP_SND, 100));
	ck_assert_uint_eq(lm_txstamp_sent(t, 1, 3, &a), 0);
	ck_assert(lm_txstamp_stamp(t, 0, LM_TXSTAMP_SND, 100));
	ck_assert(!lm_txstamp_stamp(t, 1, LM_TXSTAMP_SND, 200));
	assert_taken(1, &a, (uint64_t[]){ 0, 0, 100 }, 3);
}
END_TEST

START_TEST(test_wrap)
{
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
}
END_TEST

START_TEST(test_collision)
{
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
}
END_TEST

Suite *txstamp_suite_create(void)
{
	Suite *s = suite_create("txstamp");
	TCase *tc = tcase_create("core");

	tcase_add_checked_fixture(tc, setup, teardown);

	tcase_add_test(tc, test_match);
	tcase_add_test(tc, test_kinds);
	tcase_add_test(tc, test_no_stamp);
	tcase_add_test(tc, test_reset);
	tcase_add_test(tc, test_wrap);
	tcase_add_test(tc, test_collision);
	suite_add_tcase(s, tc);
	return s;
}
