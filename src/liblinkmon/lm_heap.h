/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_heap lm_heap
 * @{ @ingroup liblinkmon
 *
 * Binary min-heap of timed entries, so that thousands of monitors cost
 * O(log n) per event instead of a scan.
 */

#ifndef LM_HEAP_H_
#define LM_HEAP_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** index of an entry not in the heap */
#define LM_HEAP_NONE ((size_t)-1)

typedef struct lm_heap_entry_t lm_heap_entry_t;

/**
 * Embed in the timed object.
 */
struct lm_heap_entry_t {
	/** time key */
	uint64_t key;
	/** position in the heap, LM_HEAP_NONE if not in it */
	size_t index;
};

typedef struct lm_heap_t lm_heap_t;

/**
 * The heap.
 */
struct lm_heap_t {
	/** entries, heap ordered */
	lm_heap_entry_t **items;
	/** number of entries */
	size_t count;
	/** allocated */
	size_t cap;
};

/**
 * Initialize an entry (not in any heap).
 */
void lm_heap_entry_init(lm_heap_entry_t *entry);

/**
 * Insert an entry or move it to a new key if already in the heap.
 *
 * @return			false on allocation failure
 */
bool lm_heap_set(lm_heap_t *heap, lm_heap_entry_t *entry, uint64_t key);

/**
 * Remove an entry if it is in the heap.
 */
void lm_heap_remove(lm_heap_t *heap, lm_heap_entry_t *entry);

/**
 * The entry with the smallest key, NULL if empty.
 */
lm_heap_entry_t *lm_heap_peek(const lm_heap_t *heap);

/**
 * Free the heap's storage (not the entries).
 */
void lm_heap_free(lm_heap_t *heap);

#endif /** LM_HEAP_H_ @}*/
