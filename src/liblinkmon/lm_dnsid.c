/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_dnsid.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

typedef struct query_t query_t;

/**
 * A question and match, shared by the queries asking it (one per monitor
 * configuration, however many of its queries are tracked).
 */
struct query_t {
	/** the query */
	lm_dns_query_t query;
	/** tracked queries referring to it */
	unsigned int refs;
	/** next in the list */
	query_t *next;
};

/**
 * A tracked query.
 */
typedef struct {
	/** its ID */
	uint16_t id;
	/** slot in use */
	bool used;
	/** its probe */
	lm_dnsid_probe_t probe;
	/** its question and match */
	query_t *query;
} entry_t;

struct lm_dnsid_t {
	/** queries in a ring, the oldest at next modulo the size */
	entry_t entries[LM_DNSID_SLOTS];
	/** slot of each ID (valid if that slot is used with the ID) */
	uint16_t slots[UINT16_MAX + 1];
	/** number of queries tracked so far */
	uint64_t next;
	/** questions and matches of the tracked queries */
	query_t *queries;
};

lm_dnsid_t *lm_dnsid_create(void)
{
	return calloc(1, sizeof(lm_dnsid_t));
}

/**
 * Drop a reference to a question, freeing it with the last one.
 */
static void query_unref(lm_dnsid_t *t, query_t *query)
{
	query_t **p;

	if (!query || --query->refs)
	{
		return;
	}
	for (p = &t->queries; *p; p = &(*p)->next)
	{
		if (*p == query)
		{
			*p = query->next;
			break;
		}
	}
	free(query);
}

/**
 * Get a reference to a question, shared if already known.
 *
 * @return			the question, NULL if out of memory
 */
static query_t *query_ref(lm_dnsid_t *t, const lm_dns_query_t *query)
{
	query_t *q;

	for (q = t->queries; q; q = q->next)
	{
		if (lm_dns_query_equals(&q->query, query))
		{
			q->refs++;
			return q;
		}
	}
	q = malloc(sizeof(*q));
	if (!q)
	{
		return NULL;
	}
	*q = (query_t){
		.query = *query,
		.refs = 1,
		.next = t->queries,
	};
	t->queries = q;
	return q;
}

void lm_dnsid_destroy(lm_dnsid_t *t)
{
	query_t *q;

	while (t && t->queries)
	{
		q = t->queries;
		t->queries = q->next;
		free(q);
	}
	free(t);
}

/**
 * The tracked query with an ID, NULL if none.
 */
static entry_t *find(lm_dnsid_t *t, uint16_t id)
{
	entry_t *e = &t->entries[t->slots[id]];

	return e->used && e->id == id ? e : NULL;
}

/**
 * Release a slot.
 */
static void release(lm_dnsid_t *t, entry_t *e)
{
	query_unref(t, e->query);
	e->query = NULL;
	e->used = false;
}

int lm_dnsid_add(lm_dnsid_t *t, const uint16_t *draws, int count,
				 const lm_dnsid_probe_t *probe, const lm_dns_query_t *query,
				 uint16_t *id)
{
	entry_t *e = &t->entries[t->next % LM_DNSID_SLOTS], *other;
	query_t *q;
	int i;

	for (i = 0; i < count; i++)
	{
		other = find(t, draws[i]);
		if (!other || other == e)
		{
			break;
		}
	}
	if (i == count)
	{
		return EAGAIN;
	}
	q = query_ref(t, query);
	if (!q)
	{
		return ENOMEM;
	}
	release(t, e);
	*e = (entry_t){
		.id = draws[i],
		.used = true,
		.probe = *probe,
		.query = q,
	};
	t->slots[e->id] = e - t->entries;
	t->next++;
	*id = e->id;
	return 0;
}

void lm_dnsid_remove(lm_dnsid_t *t, uint16_t id)
{
	entry_t *e = find(t, id);

	if (e)
	{
		release(t, e);
	}
}

bool lm_dnsid_match(lm_dnsid_t *t, const uint8_t *buf, size_t len,
					const lm_addr_t *from, lm_dnsid_probe_t *probe,
					bool *failed, char *reason, size_t size)
{
	entry_t *e;
	uint16_t id;

	if (!lm_dns_response_id(buf, len, &id))
	{
		return false;
	}
	e = find(t, id);
	if (!e || !lm_addr_equals(&e->probe.server, from))
	{
		return false;
	}
	switch (lm_dns_evaluate(buf, len, &e->query->query, reason, size))
	{
		case LM_DNS_ALIVE:
			*failed = false;
			break;
		case LM_DNS_FAILED:
			*failed = true;
			break;
		default:
			return false;
	}
	*probe = e->probe;
	return true;
}
