/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <check.h>

#include <lm_stats.h>
#include <lm_fsm.h>

#include "test_suites.h"

#define EPS 0.0005

/**
 * Check the counts, latency, jitter and loss of a summary against those of
 * expected.
 */
static void assert_summary(const lm_summary_t *s, const lm_summary_t *expected)
{
	ck_assert_int_eq(s->samples, expected->samples);
	ck_assert_int_eq(s->received, expected->received);
	ck_assert_double_eq_tol(s->latency_min, expected->latency_min, EPS);
	ck_assert_double_eq_tol(s->latency_max, expected->latency_max, EPS);
	ck_assert_double_eq_tol(s->latency_avg, expected->latency_avg, EPS);
	ck_assert_int_eq(s->jitter_samples, expected->jitter_samples);
	ck_assert_double_eq_tol(s->jitter_min, expected->jitter_min, EPS);
	ck_assert_double_eq_tol(s->jitter_max, expected->jitter_max, EPS);
	ck_assert_double_eq_tol(s->jitter_avg, expected->jitter_avg, EPS);
	ck_assert_double_eq_tol(s->loss_percent, expected->loss_percent, EPS);
}

START_TEST(test_mos_worked_values)
{
	/* d = 0.5 + 0 + 20 = 20.5; Id = 0.492; R = 92.708;
	 * MOS = 1 + 3.24478 + 7e-6 * 92.708 * 32.708 * 7.292 = 4.39956 */
	ck_assert_double_eq_tol(lm_mos(1.0, 0.0, 0.0, LM_CODEC_G711), 4.39956, EPS);
	/* d = 150 + 40 + 20 = 210; Id = 5.04 + 0.11 * 32.7 = 8.637;
	 * Ie_eff = 95 * 5 / 30.1 = 15.7807; R = 68.7823; MOS = 3.53940 */
	ck_assert_double_eq_tol(lm_mos(300.0, 20.0, 5.0, LM_CODEC_G711), 3.53940, EPS);
	/* G.729: d = 0.5 + 25 = 25.5; Id = 0.612; Ie_eff = 11; R = 81.588;
	 * MOS = 1 + 2.85558 + 7e-6 * 81.588 * 21.588 * 18.412 = 4.08258 */
	ck_assert_double_eq_tol(lm_mos(1.0, 0.0, 0.0, LM_CODEC_G729), 4.08258, EPS);
	/* total loss: Ie_eff = 95 * 100 / 125.1 = 75.939; R = 16.769; MOS 1.16455
	 * (the window reports 1.0 when nothing at all was received) */
	ck_assert_double_eq_tol(lm_mos(1.0, 0.0, 100.0, LM_CODEC_G711), 1.16455, EPS);
	/* absurd delay: R < 0 */
	ck_assert_double_eq(lm_mos(5000.0, 0.0, 0.0, LM_CODEC_G711), 1.0);
}
END_TEST

START_TEST(test_window_summary)
{
	lm_window_t w;
	lm_summary_t s;

	lm_window_init(&w, 5);
	lm_window_summary(&w, LM_CODEC_G711, &s);
	ck_assert_int_eq(s.samples, 0);
	ck_assert_double_eq(s.loss_percent, 0.0);

	/* 1ms, 3ms, lost, 2ms: jitter over consecutive received |3-1|, |2-3| */
	lm_window_add(&w, 1000);
	lm_window_add(&w, 3000);
	lm_window_add(&w, LM_RTT_LOST);
	lm_window_add(&w, 2000);
	lm_window_summary(&w, LM_CODEC_G711, &s);
	assert_summary(&s, &(lm_summary_t){
		.samples = 4, .received = 3,
		.latency_min = 1.0, .latency_max = 3.0, .latency_avg = 2.0,
		.jitter_samples = 2,
		.jitter_min = 1.0, .jitter_max = 2.0, .jitter_avg = 1.5,
		.loss_percent = 25.0,
	});
	ck_assert_double_eq_tol(s.mos, lm_mos(2.0, 1.5, 25.0, LM_CODEC_G711), EPS);

	/* two more fill the window and push out the oldest (1ms): 3 L 2 4 4.5 */
	lm_window_add(&w, 4000);
	lm_window_add(&w, 4500);
	lm_window_summary(&w, LM_CODEC_G711, &s);
	assert_summary(&s, &(lm_summary_t){
		.samples = 5, .received = 4,
		.latency_min = 2.0, .latency_max = 4.5, .latency_avg = 13.5 / 4,
		/* order kept across the wrap: |2-3|, |4-2|, |4.5-4| */
		.jitter_samples = 3,
		.jitter_min = 0.5, .jitter_max = 2.0, .jitter_avg = 3.5 / 3,
		.loss_percent = 20.0,
	});
}
END_TEST

START_TEST(test_window_all_lost)
{
	lm_window_t w;
	lm_summary_t s;
	int i;

	lm_window_init(&w, 30);
	for (i = 0; i < 40; i++)
	{
		lm_window_add(&w, LM_RTT_LOST);
	}
	lm_window_summary(&w, LM_CODEC_G711, &s);
	ck_assert_int_eq(s.samples, 30);
	ck_assert_int_eq(s.received, 0);
	ck_assert_double_eq(s.loss_percent, 100.0);
	ck_assert_double_eq(s.mos, 1.0);
}
END_TEST

START_TEST(test_fsm)
{
	lm_fsm_t f;
	int i;

	lm_fsm_init(&f);
	ck_assert_str_eq(lm_state_name(f.state), "init");
	/* no verdict on one result: init until recoverytime successes in a
	 * row, a failure in between starts over */
	ck_assert(!lm_fsm_result(&f, true, 3, 2));
	ck_assert(!lm_fsm_result(&f, false, 3, 2));
	ck_assert_uint_eq(f.recovery_count, 0);
	ck_assert(!lm_fsm_result(&f, true, 3, 2));
	ck_assert_int_eq(f.state, LM_STATE_INIT);
	ck_assert(lm_fsm_result(&f, true, 3, 2));
	ck_assert_int_eq(f.state, LM_STATE_ALIVE);
	/* alive -> dead after failtime consecutive failures */
	ck_assert(!lm_fsm_result(&f, false, 3, 2));
	ck_assert(!lm_fsm_result(&f, false, 3, 2));
	ck_assert_uint_eq(f.fail_count, 2);
	ck_assert(!lm_fsm_result(&f, true, 3, 2));
	ck_assert_uint_eq(f.fail_count, 0);
	for (i = 0; i < 2; i++)
	{
		ck_assert(!lm_fsm_result(&f, false, 3, 2));
	}
	ck_assert(lm_fsm_result(&f, false, 3, 2));
	ck_assert_int_eq(f.state, LM_STATE_DEAD);
	/* dead -> alive after recoverytime consecutive successes */
	ck_assert(!lm_fsm_result(&f, true, 3, 2));
	ck_assert_uint_eq(f.recovery_count, 1);
	ck_assert(!lm_fsm_result(&f, false, 3, 2));
	ck_assert_uint_eq(f.recovery_count, 0);
	ck_assert(!lm_fsm_result(&f, true, 3, 2));
	ck_assert(lm_fsm_result(&f, true, 3, 2));
	ck_assert_int_eq(f.state, LM_STATE_ALIVE);

	/* init -> dead after failtime failures in a row, a success in between
	 * starts over */
	lm_fsm_init(&f);
	ck_assert(!lm_fsm_result(&f, false, 3, 2));
	ck_assert(!lm_fsm_result(&f, false, 3, 2));
	ck_assert(!lm_fsm_result(&f, true, 3, 2));
	ck_assert_uint_eq(f.fail_count, 0);
	for (i = 0; i < 2; i++)
	{
		ck_assert(!lm_fsm_result(&f, false, 3, 2));
	}
	ck_assert_int_eq(f.state, LM_STATE_INIT);
	ck_assert(lm_fsm_result(&f, false, 3, 2));
	ck_assert_str_eq(lm_state_name(f.state), "dead");
	/* failtime 1 and recoverytime 1 decide on the first result */
	lm_fsm_init(&f);
	ck_assert(lm_fsm_result(&f, true, 1, 1));
	ck_assert_int_eq(f.state, LM_STATE_ALIVE);
	lm_fsm_init(&f);
	ck_assert(lm_fsm_result(&f, false, 1, 1));
	ck_assert_int_eq(f.state, LM_STATE_DEAD);
	ck_assert(lm_fsm_force(&f, LM_STATE_INIT));
	ck_assert(!lm_fsm_force(&f, LM_STATE_INIT));
	ck_assert_str_eq(lm_state_name(LM_STATE_DISABLED), "disabled");
}
END_TEST

Suite *stats_suite_create(void)
{
	Suite *s = suite_create("lm_stats");
	TCase *tc = tcase_create("stats");

	tcase_add_test(tc, test_mos_worked_values);
	tcase_add_test(tc, test_window_summary);
	tcase_add_test(tc, test_window_all_lost);
	tcase_add_test(tc, test_fsm);
	suite_add_tcase(s, tc);
	return s;
}
