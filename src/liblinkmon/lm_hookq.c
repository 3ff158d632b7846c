/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_hookq.h"

#include <stdlib.h>
#include <string.h>

typedef struct entry_t entry_t;

/**
 * A key with a running item and its waiting items.
 */
struct entry_t {
	/** next busy key */
	entry_t *next;
	/** key */
	char *key;
	/** index of the oldest waiting item in items */
	unsigned head;
	/** waiting items */
	unsigned count;
	/** ring of max_queued waiting items */
	void *items[];
};

struct lm_hookq_t {
	/** keys with a running item, as many as running items */
	entry_t *busy;
	/** number of busy keys */
	unsigned running;
	/** limit of running items */
	unsigned max_running;
	/** limit of waiting items per key */
	unsigned max_queued;
};

lm_hookq_t *lm_hookq_create(unsigned max_running, unsigned max_queued)
{
	lm_hookq_t *q;

	q = calloc(1, sizeof(*q));
	if (q)
	{
		q->max_running = max_running ? max_running : 1;
		q->max_queued = max_queued ? max_queued : 1;
	}
	return q;
}

/**
 * Find a busy key, with the link pointing to it.
 */
static entry_t **find(lm_hookq_t *q, const char *key)
{
	entry_t **pos;

	for (pos = &q->busy; *pos; pos = &(*pos)->next)
	{
		if (strcmp((*pos)->key, key) == 0)
		{
			break;
		}
	}
	return pos;
}

/**
 * Take the oldest waiting item of an entry that has one.
 */
static void *take(lm_hookq_t *q, entry_t *e)
{
	void *item = e->items[e->head];

	e->head = (e->head + 1) % q->max_queued;
	e->count--;
	return item;
}

lm_hookq_result_t lm_hookq_push(lm_hookq_t *q, const char *key, void *item,
								void **dropped)
{
	entry_t *e = *find(q, key);

	*dropped = NULL;
	if (e)
	{
		if (e->count == q->max_queued)
		{
			*dropped = take(q, e);
		}
		e->items[(e->head + e->count++) % q->max_queued] = item;
		return LM_HOOKQ_QUEUED;
	}
	if (q->running >= q->max_running)
	{
		return LM_HOOKQ_REFUSED;
	}
	e = calloc(1, sizeof(*e) + q->max_queued * sizeof(void*));
	if (!e || !(e->key = strdup(key)))
	{
		free(e);
		return LM_HOOKQ_NOMEM;
	}
	e->next = q->busy;
	q->busy = e;
	q->running++;
	return LM_HOOKQ_RUN;
}

void *lm_hookq_done(lm_hookq_t *q, const char *key)
{
	entry_t **pos = find(q, key), *e = *pos;

	if (!e)
	{
		return NULL;
	}
	if (e->count)
	{
		return take(q, e);
	}
	*pos = e->next;
	q->running--;
	free(e->key);
	free(e);
	return NULL;
}

unsigned lm_hookq_running(lm_hookq_t *q)
{
	return q->running;
}

void *lm_hookq_drain(lm_hookq_t *q)
{
	entry_t *e;

	for (e = q->busy; e; e = e->next)
	{
		if (e->count)
		{
			return take(q, e);
		}
	}
	return NULL;
}

void lm_hookq_destroy(lm_hookq_t *q)
{
	entry_t *e;

	if (q)
	{
		while ((e = q->busy))
		{
			q->busy = e->next;
			free(e->key);
			free(e);
		}
		free(q);
	}
}
