/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_txstamp.h"

#include <stdlib.h>
#include <string.h>

#define MASK (LM_TXSTAMP_SLOTS - 1)

/**
 * A probe the kernel numbered.
 */
typedef struct {
	/** the kernel's number */
	uint32_t id;
	/** server address hash */
	uint32_t server;
	/** monitor identifier */
	uint16_t ident;
	/** sequence number */
	uint16_t seq;
	/** slot in use */
	bool used;
	/** stamps, 0 if not (yet) seen */
	uint64_t ns[2];
} entry_t;

struct lm_txstamp_t {
	/** probes by hash of (ident, seq, server) */
	entry_t entries[LM_TXSTAMP_SLOTS];
	/** slot of each number, by number modulo the size */
	uint16_t slots[LM_TXSTAMP_SLOTS];
	/** number of the next datagram */
	uint32_t next;
};

lm_txstamp_t *lm_txstamp_create(void)
{
	return calloc(1, sizeof(lm_txstamp_t));
}

void lm_txstamp_destroy(lm_txstamp_t *t)
{
	free(t);
}

void lm_txstamp_reset(lm_txstamp_t *t)
{
	memset(t, 0, sizeof(*t));
}

/**
 * FNV-1a hash of a server address.
 */
static uint32_t addr_hash(const lm_addr_t *addr)
{
	uint32_t h = 2166136261u;
	int i, len = addr->family == AF_INET6 ? 16 : 4;

	for (i = 0; i < len; i++)
	{
		h = (h ^ addr->a[i]) * 16777619u;
	}
	return h;
}

/**
 * Slot of a probe.
 */
static entry_t *slot_of(lm_txstamp_t *t, uint16_t ident, uint16_t seq,
						uint32_t server)
{
	uint32_t h = server;

	h = (h ^ ident) * 16777619u;
	h = (h ^ seq) * 16777619u;
	h ^= h >> 15;
	return &t->entries[h & MASK];
}

uint32_t lm_txstamp_sent(lm_txstamp_t *t, uint16_t ident, uint16_t seq,
						 const lm_addr_t *server)
{
	uint32_t hash = addr_hash(server);
	entry_t *e = slot_of(t, ident, seq, hash);

	*e = (entry_t){
		.id = t->next,
		.server = hash,
		.ident = ident,
		.seq = seq,
		.used = true,
	};
	t->slots[t->next & MASK] = e - t->entries;
	return t->next++;
}

bool lm_txstamp_stamp(lm_txstamp_t *t, uint32_t id, lm_txstamp_kind_t kind,
					  uint64_t ns)
{
	entry_t *e = &t->entries[t->slots[id & MASK]];

	if (!e->used || e->id != id || kind > LM_TXSTAMP_SCHED)
	{
		return false;
	}
	e->ns[kind] = ns;
	return true;
}

uint64_t lm_txstamp_take(lm_txstamp_t *t, uint16_t ident, uint16_t seq,
						 const lm_addr_t *server)
{
	uint32_t hash = addr_hash(server);
	entry_t *e = slot_of(t, ident, seq, hash);
	uint64_t ns;

	if (!e->used || e->ident != ident || e->seq != seq || e->server != hash)
	{
		return 0;
	}
	ns = e->ns[LM_TXSTAMP_SND] ? e->ns[LM_TXSTAMP_SND]
							 : e->ns[LM_TXSTAMP_SCHED];
	if (ns)
	{
		e->used = false;
	}
	return ns;
}
