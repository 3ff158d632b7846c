/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdint.h>
#include <check.h>

#include <lm_hookq.h>

#include "test_suites.h"

/** item number n as an opaque item */
#define ITEM(n) ((void*)(uintptr_t)(n))

/**
 * Push an item, checking the result and that nothing is dropped.
 */
static void push(lm_hookq_t *q, const char *key, int n,
				 lm_hookq_result_t expected)
{
	void *dropped = ITEM(99);

	ck_assert_int_eq(lm_hookq_push(q, key, ITEM(n), &dropped), expected);
	ck_assert_ptr_null(dropped);
}

/**
 * Finish the running item of a key, checking the item that runs next
 * (NULL: none, the key is idle again).
 */
static void done(lm_hookq_t *q, const char *key, void *next)
{
	ck_assert_ptr_eq(lm_hookq_done(q, key), next);
}

START_TEST(test_fifo_per_key)
{
	lm_hookq_t *q = lm_hookq_create(8, 4);

	ck_assert_ptr_nonnull(q);
	/* the first item of a key runs, the next ones wait in order */
	push(q, "dc", 1, LM_HOOKQ_RUN);
	push(q, "dc", 2, LM_HOOKQ_QUEUED);
	push(q, "dc", 3, LM_HOOKQ_QUEUED);
	/* another key runs concurrently */
	push(q, "dr", 10, LM_HOOKQ_RUN);
	ck_assert_uint_eq(lm_hookq_running(q), 2);
	done(q, "dc", ITEM(2));
	push(q, "dc", 4, LM_HOOKQ_QUEUED);
	done(q, "dc", ITEM(3));
	done(q, "dc", ITEM(4));
	ck_assert_uint_eq(lm_hookq_running(q), 2);
	/* idle again: the slot is released, the next item runs at once */
	done(q, "dc", NULL);
	ck_assert_uint_eq(lm_hookq_running(q), 1);
	push(q, "dc", 5, LM_HOOKQ_RUN);
	done(q, "dc", NULL);
	done(q, "dr", NULL);
	ck_assert_uint_eq(lm_hookq_running(q), 0);
	/* unknown keys are idle */
	done(q, "dc", NULL);
	ck_assert_uint_eq(lm_hookq_running(q), 0);
	lm_hookq_destroy(q);
}
END_TEST

START_TEST(test_overflow_drops_oldest)
{
	lm_hookq_t *q = lm_hookq_create(8, 3);
	void *dropped;
	int i;

	push(q, "dc", 0, LM_HOOKQ_RUN);
	for (i = 1; i <= 3; i++)
	{
		push(q, "dc", i, LM_HOOKQ_QUEUED);
	}
	/* full: each new item drops the oldest waiting one */
	for (i = 4; i <= 7; i++)
	{
		ck_assert_int_eq(lm_hookq_push(q, "dc", ITEM(i), &dropped),
						 LM_HOOKQ_QUEUED);
		ck_assert_ptr_eq(dropped, ITEM(i - 3));
	}
	done(q, "dc", ITEM(5));
	done(q, "dc", ITEM(6));
	done(q, "dc", ITEM(7));
	done(q, "dc", NULL);
	lm_hookq_destroy(q);
}
END_TEST

START_TEST(test_max_running)
{
	lm_hookq_t *q = lm_hookq_create(2, 2);

	push(q, "a", 1, LM_HOOKQ_RUN);
	push(q, "b", 2, LM_HOOKQ_RUN);
	/* a third key is refused, busy keys still queue */
	push(q, "c", 3, LM_HOOKQ_REFUSED);
	push(q, "a", 4, LM_HOOKQ_QUEUED);
	ck_assert_uint_eq(lm_hookq_running(q), 2);
	/* a keeps its slot for its queued item */
	done(q, "a", ITEM(4));
	push(q, "c", 5, LM_HOOKQ_REFUSED);
	done(q, "a", NULL);
	push(q, "c", 6, LM_HOOKQ_RUN);
	ck_assert_uint_eq(lm_hookq_running(q), 2);
	done(q, "b", NULL);
	done(q, "c", NULL);
	ck_assert_uint_eq(lm_hookq_running(q), 0);
	lm_hookq_destroy(q);
}
END_TEST

START_TEST(test_drain_and_limits)
{
	lm_hookq_t *q = lm_hookq_create(0, 0);
	void *dropped, *item;
	int seen = 0;

	/* limits of 0 count as 1 */
	push(q, "a", 1, LM_HOOKQ_RUN);
	push(q, "b", 2, LM_HOOKQ_REFUSED);
	push(q, "a", 3, LM_HOOKQ_QUEUED);
	ck_assert_int_eq(lm_hookq_push(q, "a", ITEM(4), &dropped),
					 LM_HOOKQ_QUEUED);
	ck_assert_ptr_eq(dropped, ITEM(3));
	lm_hookq_destroy(q);
	lm_hookq_destroy(NULL);

	/* drain returns the waiting items, not the running ones */
	q = lm_hookq_create(4, 4);
	push(q, "a", 1, LM_HOOKQ_RUN);
	push(q, "a", 2, LM_HOOKQ_QUEUED);
	push(q, "b", 3, LM_HOOKQ_RUN);
	push(q, "b", 4, LM_HOOKQ_QUEUED);
	push(q, "b", 5, LM_HOOKQ_QUEUED);
	while ((item = lm_hookq_drain(q)))
	{
		seen |= 1 << (uintptr_t)item;
	}
	ck_assert_int_eq(seen, (1 << 2) | (1 << 4) | (1 << 5));
	ck_assert_uint_eq(lm_hookq_running(q), 2);
	done(q, "a", NULL);
	/* destroy frees the busy keys */
	lm_hookq_destroy(q);
}
END_TEST

Suite *hookq_suite_create(void)
{
	Suite *s = suite_create("lm_hookq");
	TCase *tc = tcase_create("order");

	tcase_add_test(tc, test_fifo_per_key);
	tcase_add_test(tc, test_overflow_drops_oldest);
	tcase_add_test(tc, test_max_running);
	tcase_add_test(tc, test_drain_and_limits);
	suite_add_tcase(s, tc);
	return s;
}
