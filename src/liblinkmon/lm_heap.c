/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_heap.h"

#include <stdlib.h>

void lm_heap_entry_init(lm_heap_entry_t *entry)
{
	entry->key = 0;
	entry->index = LM_HEAP_NONE;
}

static void place(lm_heap_t *heap, lm_heap_entry_t *entry, size_t i)
{
	heap->items[i] = entry;
	entry->index = i;
}

static void sift_up(lm_heap_t *heap, size_t i)
{
	lm_heap_entry_t *entry = heap->items[i];
	size_t parent;

	while (i > 0)
	{
		parent = (i - 1) / 2;
		if (heap->items[parent]->key <= entry->key)
		{
			break;
		}
		place(heap, heap->items[parent], i);
		i = parent;
	}
	place(heap, entry, i);
}

static void sift_down(lm_heap_t *heap, size_t i)
{
	lm_heap_entry_t *entry = heap->items[i];
	size_t child;

	while ((child = 2 * i + 1) < heap->count)
	{
		if (child + 1 < heap->count &&
			heap->items[child + 1]->key < heap->items[child]->key)
		{
			child++;
		}
		if (entry->key <= heap->items[child]->key)
		{
			break;
		}
		place(heap, heap->items[child], i);
		i = child;
	}
	place(heap, entry, i);
}

bool lm_heap_set(lm_heap_t *heap, lm_heap_entry_t *entry, uint64_t key)
{
	lm_heap_entry_t **items;
	uint64_t old;
	size_t cap;

	if (entry->index != LM_HEAP_NONE)
	{
		old = entry->key;
		entry->key = key;
		if (key < old)
		{
			sift_up(heap, entry->index);
		}
		else
		{
			sift_down(heap, entry->index);
		}
		return true;
	}
	if (heap->count == heap->cap)
	{
		cap = heap->cap ? heap->cap * 2 : 64;
		items = realloc(heap->items, cap * sizeof(*items));
		if (!items)
		{
			return false;
		}
		heap->items = items;
		heap->cap = cap;
	}
	entry->key = key;
	place(heap, entry, heap->count++);
	sift_up(heap, entry->index);
	return true;
}

void lm_heap_remove(lm_heap_t *heap, lm_heap_entry_t *entry)
{
	lm_heap_entry_t *last;
	size_t i = entry->index;

	if (i == LM_HEAP_NONE)
	{
		return;
	}
	entry->index = LM_HEAP_NONE;
	last = heap->items[--heap->count];
	if (i == heap->count)
	{
		return;
	}
	place(heap, last, i);
	if (i > 0 && heap->items[(i - 1) / 2]->key > last->key)
	{
		sift_up(heap, i);
	}
	else
	{
		sift_down(heap, i);
	}
}

lm_heap_entry_t *lm_heap_peek(const lm_heap_t *heap)
{
	return heap->count ? heap->items[0] : NULL;
}

void lm_heap_free(lm_heap_t *heap)
{
	free(heap->items);
	*heap = (lm_heap_t){};
}
