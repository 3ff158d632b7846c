/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_hookq lm_hookq
 * @{ @ingroup liblinkmon
 *
 * Order of updown hooks: per key (a monitor name) at most one item runs at
 * a time and the others wait in a bounded FIFO queue; items of different
 * keys run concurrently, up to a global number of running items. A key that
 * has a running item keeps its slot for its queued items. The queue holds
 * opaque items; the caller runs and frees them.
 */

#ifndef LM_HOOKQ_H_
#define LM_HOOKQ_H_

#include <stdbool.h>

typedef struct lm_hookq_t lm_hookq_t;

/**
 * What lm_hookq_push() did with an item.
 */
typedef enum {
	/** the key was idle: run the item now, then call lm_hookq_done() */
	LM_HOOKQ_RUN,
	/** queued behind the key's running item */
	LM_HOOKQ_QUEUED,
	/** the key was idle but max_running items run: not taken */
	LM_HOOKQ_REFUSED,
	/** allocation failure: not taken */
	LM_HOOKQ_NOMEM,
} lm_hookq_result_t;

/**
 * Create an empty queue.
 *
 * @param max_running	items running at most at once (at least 1)
 * @param max_queued	items waiting at most per key (at least 1); on
 *						overflow the oldest waiting item is dropped
 * @return				queue, NULL on allocation failure
 */
lm_hookq_t *lm_hookq_create(unsigned max_running, unsigned max_queued);

/**
 * Add an item for a key.
 *
 * @param key		key, copied
 * @param item		item, not NULL
 * @param dropped	set to the oldest waiting item if the key's queue was
 *					full (it is no longer queued), else to NULL
 * @return			what happened to item
 */
lm_hookq_result_t lm_hookq_push(lm_hookq_t *q, const char *key, void *item,
								void **dropped);

/**
 * The running item of a key ended (or could not be started).
 *
 * @param key		key
 * @return			the key's next item, to run now (the key keeps its
 *					slot), or NULL if none waits (the key is idle)
 */
void *lm_hookq_done(lm_hookq_t *q, const char *key);

/**
 * Number of keys with a running item.
 */
unsigned lm_hookq_running(lm_hookq_t *q);

/**
 * Take one waiting item of any key out of the queue, e.g. to free it on
 * shutdown; running items stay.
 *
 * @return			an item, NULL if none waits
 */
void *lm_hookq_drain(lm_hookq_t *q);

/**
 * Destroy the queue; waiting items are not freed (drain them first).
 *
 * @param q			queue, may be NULL
 */
void lm_hookq_destroy(lm_hookq_t *q);

#endif /** LM_HOOKQ_H_ @}*/
