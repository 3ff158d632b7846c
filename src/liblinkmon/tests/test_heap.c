/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdlib.h>
#include <check.h>

#include <lm_heap.h>

#include "test_suites.h"

#define N 1000

START_TEST(test_order)
{
	lm_heap_entry_t e[N], *min;
	lm_heap_t heap = {};
	uint64_t last = 0;
	int i;

	srandom(1);
	for (i = 0; i < N; i++)
	{
		lm_heap_entry_init(&e[i]);
		ck_assert(lm_heap_set(&heap, &e[i], random() % 10000));
	}
	/* move some, remove some */
	for (i = 0; i < N; i += 3)
	{
		ck_assert(lm_heap_set(&heap, &e[i], random() % 10000));
	}
	for (i = 1; i < N; i += 7)
	{
		lm_heap_remove(&heap, &e[i]);
		ck_assert_uint_eq(e[i].index, LM_HEAP_NONE);
		lm_heap_remove(&heap, &e[i]);
	}
	ck_assert_uint_eq(heap.count, N - (N + 5) / 7);
	while ((min = lm_heap_peek(&heap)))
	{
		ck_assert_uint_ge(min->key, last);
		last = min->key;
		lm_heap_remove(&heap, min);
	}
	ck_assert_uint_eq(heap.count, 0);
	lm_heap_free(&heap);
}
END_TEST

START_TEST(test_indexes)
{
	lm_heap_entry_t e[10];
	lm_heap_t heap = {};
	size_t i;

	for (i = 0; i < 10; i++)
	{
		lm_heap_entry_init(&e[i]);
		lm_heap_set(&heap, &e[i], 100 - i);
	}
	for (i = 0; i < heap.count; i++)
	{
		ck_assert_uint_eq(heap.items[i]->index, i);
	}
	ck_assert_ptr_eq(lm_heap_peek(&heap), &e[9]);
	lm_heap_set(&heap, &e[0], 1);
	ck_assert_ptr_eq(lm_heap_peek(&heap), &e[0]);
	lm_heap_set(&heap, &e[0], 1000);
	ck_assert_ptr_eq(lm_heap_peek(&heap), &e[9]);
	lm_heap_free(&heap);
}
END_TEST

Suite *heap_suite_create(void)
{
	Suite *s = suite_create("lm_heap");
	TCase *tc = tcase_create("heap");

	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_indexes);
	suite_add_tcase(s, tc);
	return s;
}
