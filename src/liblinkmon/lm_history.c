/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_history.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_S 1000000000ULL

/** largest count a bucket holds (22 bits) */
#define COUNT_MAX ((1U << 22) - 1)

/** a part of the allocation, rounded up to keep the next one aligned */
#define PART(bytes) (((bytes) + 7) / 8 * 8)

/**
 * Sums of the open bucket of a server (or, state only, of the monitor).
 */
typedef struct {
	/** results and replies */
	uint32_t sent, received;
	/** latency, us */
	uint32_t lat_min, lat_max;
	uint64_t lat_sum;
	/** jitter, us, and its number of samples */
	uint32_t jit_min, jit_max, jit_n;
	uint64_t jit_sum;
	/** state now */
	uint8_t state;
	/** states seen in the bucket, a bit per lm_state_t */
	uint8_t seen;
} acc_t;

/**
 * One resolution.
 */
typedef struct {
	/** bucket width, ns */
	uint64_t step_ns;
	/** buckets kept */
	uint32_t size;
	/** buckets stored */
	uint32_t count;
	/** next slot to write */
	uint32_t head;
	/** index of the open bucket: (monotonic + offset) / step */
	uint64_t index;
	/** monotonic time the open bucket ends */
	uint64_t end_ns;
	/** sums of the open bucket per server */
	acc_t *acc;
	/** the monitor's states in the open bucket */
	acc_t macc;
	/** closed buckets, slot by slot, a bucket per server each */
	lm_hbucket_t *ring;
	/** the monitor's states per slot: state, changed << 2, dead << 3 */
	uint8_t *mring;
} level_t;

struct lm_history_t {
	/** number of servers */
	int servers;
	/** CLOCK_REALTIME minus CLOCK_MONOTONIC at creation, ns */
	int64_t offset_ns;
	/** per server the last RTT, for jitter; negative if none */
	int32_t *last_rtt;
	/** fine and coarse */
	level_t levels[LM_HISTORY_LEVELS];
};

lm_history_cfg_t lm_history_cfg_default(void)
{
	return (lm_history_cfg_t){
		.fine_step = 10,
		.fine_count = 60,
		.coarse_step = 300,
		.coarse_count = 288,
	};
}

bool lm_history_cfg_check(const lm_history_cfg_t *cfg, char *err, size_t len)
{
	if (cfg->fine_step < 1 || cfg->fine_step > LM_HISTORY_MAX_STEP ||
		cfg->coarse_step < 1 || cfg->coarse_step > LM_HISTORY_MAX_STEP)
	{
		snprintf(err, len, "bucket widths must be 1..%u s",
				 LM_HISTORY_MAX_STEP);
		return false;
	}
	if (cfg->coarse_step % cfg->fine_step)
	{
		snprintf(err, len, "the coarse width (%u s) must be a multiple of "
				 "the fine width (%u s)", cfg->coarse_step, cfg->fine_step);
		return false;
	}
	if (cfg->fine_count > LM_HISTORY_MAX_COUNT ||
		cfg->coarse_count > LM_HISTORY_MAX_COUNT)
	{
		snprintf(err, len, "at most %u buckets per resolution",
				 LM_HISTORY_MAX_COUNT);
		return false;
	}
	return true;
}

uint16_t lm_history_pack(uint32_t us)
{
	uint32_t e, v;

	if (us < 2048)
	{
		return us;
	}
	/* us = (2048 + m) << (e - 1), e >= 1 */
	e = 31 - __builtin_clz(us) - 10;
	v = (us + (1U << (e - 1) >> 1)) >> (e - 1);
	if (v >= 4096)
	{
		e++;
		v >>= 1;
	}
	return (e << 11) | (v - 2048);
}

uint32_t lm_history_unpack(uint16_t code)
{
	uint32_t e = code >> 11, m = code & 0x7ff;
	uint64_t v;

	if (!e)
	{
		return m;
	}
	v = (uint64_t)(2048 + m) << (e - 1);
	return v > UINT32_MAX ? UINT32_MAX : v;
}

bool lm_history_cfg_enabled(const lm_history_cfg_t *cfg)
{
	return cfg->fine_count || cfg->coarse_count;
}

size_t lm_history_size(const lm_history_cfg_t *cfg, int servers)
{
	size_t size = PART(sizeof(lm_history_t)) + PART(servers * sizeof(int32_t));
	uint32_t counts[] = { cfg->fine_count, cfg->coarse_count };
	int i;

	for (i = 0; i < LM_HISTORY_LEVELS; i++)
	{
		size += PART(servers * sizeof(acc_t)) +
				PART(counts[i] * servers * sizeof(lm_hbucket_t)) +
				PART(counts[i]);
	}
	return size;
}

/**
 * Start an open bucket: nothing counted, the state it starts with seen.
 */
static void acc_reset(acc_t *acc)
{
	*acc = (acc_t){
		.state = acc->state,
		.seen = 1 << acc->state,
		.lat_min = UINT32_MAX,
		.jit_min = UINT32_MAX,
	};
}

/**
 * Place a level's open bucket at an index.
 */
static void set_index(lm_history_t *h, level_t *l, uint64_t index)
{
	l->index = index;
	l->end_ns = (index + 1) * l->step_ns - h->offset_ns;
}

/**
 * Carve a level's parts out of the allocation at *p.
 */
static void carve(lm_history_t *h, level_t *l, uint32_t step, uint32_t size,
				  char **p, uint64_t now_ns)
{
	int i;

	l->step_ns = step * NS_PER_S;
	l->size = size;
	l->acc = (acc_t*)*p;
	*p += PART(h->servers * sizeof(acc_t));
	l->ring = (lm_hbucket_t*)*p;
	*p += PART(size * h->servers * sizeof(lm_hbucket_t));
	l->mring = (uint8_t*)*p;
	*p += PART(size);
	for (i = 0; i < h->servers; i++)
	{
		acc_reset(&l->acc[i]);
	}
	acc_reset(&l->macc);
	set_index(h, l, (now_ns + h->offset_ns) / l->step_ns);
}

lm_history_t *lm_history_create(const lm_history_cfg_t *cfg, int servers,
								uint64_t now_ns, int64_t offset_ns)
{
	lm_history_t *h;
	char *p;
	int i;

	if (!lm_history_cfg_enabled(cfg))
	{
		return NULL;
	}
	h = calloc(1, lm_history_size(cfg, servers));
	if (!h)
	{
		return NULL;
	}
	h->servers = servers;
	h->offset_ns = offset_ns;
	p = (char*)h + PART(sizeof(*h));
	h->last_rtt = (int32_t*)p;
	p += PART(servers * sizeof(int32_t));
	for (i = 0; i < servers; i++)
	{
		h->last_rtt[i] = -1;
	}
	carve(h, &h->levels[0], cfg->fine_step, cfg->fine_count, &p, now_ns);
	carve(h, &h->levels[1], cfg->coarse_step, cfg->coarse_count, &p, now_ns);
	return h;
}

/**
 * Pack the sums of a bucket.
 */
static void pack(const acc_t *a, lm_hbucket_t *b)
{
	uint32_t sent = a->sent > COUNT_MAX ? COUNT_MAX : a->sent;
	uint32_t rcvd = a->received > COUNT_MAX ? COUNT_MAX : a->received;

	*b = (lm_hbucket_t){
		.lat_min = LM_HISTORY_NONE, .lat_avg = LM_HISTORY_NONE,
		.lat_max = LM_HISTORY_NONE, .jit_min = LM_HISTORY_NONE,
		.jit_avg = LM_HISTORY_NONE, .jit_max = LM_HISTORY_NONE,
		.sent = sent & 0xffff,
		.received = rcvd & 0xffff,
		.meta = (a->state & 3) | (__builtin_popcount(a->seen) > 1) << 2 |
				!!(a->seen & (1 << LM_STATE_DEAD)) << 3 |
				(sent >> 16) << 4 | (rcvd >> 16) << 10,
	};
	if (a->received)
	{
		b->lat_min = lm_history_pack(a->lat_min);
		b->lat_avg = lm_history_pack(a->lat_sum / a->received);
		b->lat_max = lm_history_pack(a->lat_max);
	}
	if (a->jit_n)
	{
		b->jit_min = lm_history_pack(a->jit_min);
		b->jit_avg = lm_history_pack(a->jit_sum / a->jit_n);
		b->jit_max = lm_history_pack(a->jit_max);
	}
}

void lm_history_unpack_bucket(const lm_hbucket_t *b, lm_hpoint_t *p)
{
	*p = (lm_hpoint_t){
		.sent = b->sent | (uint32_t)((b->meta >> 4) & 63) << 16,
		.received = b->received | (uint32_t)((b->meta >> 10) & 63) << 16,
		.lat_min = lm_history_unpack(b->lat_min),
		.lat_avg = lm_history_unpack(b->lat_avg),
		.lat_max = lm_history_unpack(b->lat_max),
		.jit_min = lm_history_unpack(b->jit_min),
		.jit_avg = lm_history_unpack(b->jit_avg),
		.jit_max = lm_history_unpack(b->jit_max),
		.has_jitter = b->jit_avg != LM_HISTORY_NONE,
		.state = b->meta & 3,
		.changed = b->meta & 4,
		.dead = b->meta & 8,
	};
}

/**
 * The monitor's states of a bucket, as stored.
 */
static uint8_t mstate(const acc_t *a)
{
	return (a->state & 3) | (__builtin_popcount(a->seen) > 1) << 2 |
		   !!(a->seen & (1 << LM_STATE_DEAD)) << 3;
}

/**
 * Merge the sums of a closed bucket into the open bucket of a coarser
 * level.
 */
static void merge(acc_t *to, const acc_t *from)
{
	to->sent += from->sent;
	to->received += from->received;
	to->lat_sum += from->lat_sum;
	to->lat_min = from->lat_min < to->lat_min ? from->lat_min : to->lat_min;
	to->lat_max = from->lat_max > to->lat_max ? from->lat_max : to->lat_max;
	to->jit_n += from->jit_n;
	to->jit_sum += from->jit_sum;
	to->jit_min = from->jit_min < to->jit_min ? from->jit_min : to->jit_min;
	to->jit_max = from->jit_max > to->jit_max ? from->jit_max : to->jit_max;
	to->state = from->state;
	to->seen |= from->seen;
}

/**
 * Close a level's open bucket: store it (if the level keeps buckets), merge
 * it into the next level, start the next one.
 */
static void close_bucket(lm_history_t *h, level_t *l, level_t *next)
{
	lm_hbucket_t *slot;
	int i;

	if (l->size)
	{
		slot = &l->ring[l->head * h->servers];
		for (i = 0; i < h->servers; i++)
		{
			pack(&l->acc[i], &slot[i]);
		}
		l->mring[l->head] = mstate(&l->macc);
		l->head = (l->head + 1) % l->size;
		if (l->count < l->size)
		{
			l->count++;
		}
	}
	for (i = 0; i < h->servers; i++)
	{
		if (next)
		{
			merge(&next->acc[i], &l->acc[i]);
		}
		acc_reset(&l->acc[i]);
	}
	if (next)
	{
		merge(&next->macc, &l->macc);
	}
	acc_reset(&l->macc);
}

/**
 * Bring a level to the bucket of a time, storing empty buckets for the
 * time nothing happened.
 */
static void advance_level(lm_history_t *h, level_t *l, level_t *next,
						  uint64_t now_ns)
{
	uint64_t index = (now_ns + h->offset_ns) / l->step_ns, gap;

	if (index <= l->index)
	{
		return;
	}
	close_bucket(h, l, next);
	gap = index - l->index - 1;
	if (gap > l->size)
	{
		gap = l->size;
	}
	while (gap--)
	{
		close_bucket(h, l, NULL);
	}
	set_index(h, l, index);
}

void lm_history_advance(lm_history_t *h, uint64_t now_ns)
{
	if (now_ns >= h->levels[0].end_ns)
	{
		advance_level(h, &h->levels[0], h->levels[1].size ? &h->levels[1]
														  : NULL, now_ns);
	}
	if (h->levels[1].size && now_ns >= h->levels[1].end_ns)
	{
		advance_level(h, &h->levels[1], NULL, now_ns);
	}
}

void lm_history_result(lm_history_t *h, int server, int32_t rtt_us,
					   lm_state_t state, uint64_t now_ns)
{
	acc_t *a;
	uint32_t jit, rtt = rtt_us;

	if (now_ns >= h->levels[0].end_ns)
	{
		lm_history_advance(h, now_ns);
	}
	a = &h->levels[0].acc[server];
	a->sent++;
	a->state = state;
	a->seen |= 1 << state;
	if (rtt_us < 0)
	{
		return;
	}
	a->received++;
	a->lat_sum += rtt;
	a->lat_min = rtt < a->lat_min ? rtt : a->lat_min;
	a->lat_max = rtt > a->lat_max ? rtt : a->lat_max;
	if (h->last_rtt[server] >= 0)
	{
		jit = rtt > (uint32_t)h->last_rtt[server] ?
			  rtt - h->last_rtt[server] : h->last_rtt[server] - rtt;
		a->jit_n++;
		a->jit_sum += jit;
		a->jit_min = jit < a->jit_min ? jit : a->jit_min;
		a->jit_max = jit > a->jit_max ? jit : a->jit_max;
	}
	h->last_rtt[server] = rtt_us;
}

void lm_history_state(lm_history_t *h, int server, lm_state_t state,
					  uint64_t now_ns)
{
	acc_t *a;

	lm_history_advance(h, now_ns);
	a = server < 0 ? &h->levels[0].macc : &h->levels[0].acc[server];
	a->state = state;
	a->seen |= 1 << state;
}

/**
 * Write a bucket's lines.
 */
static void write_bucket(lm_history_t *h, lm_buf_t *buf, int64_t start,
						 const lm_hbucket_t *b, uint8_t m)
{
	lm_hpoint_t p;
	int i;

	lm_buf_printf(buf, "m %lld %d %d %d\n", (long long)start, m & 3,
				  !!(m & 4), !!(m & 8));
	for (i = 0; i < h->servers; i++)
	{
		lm_history_unpack_bucket(&b[i], &p);
		lm_buf_printf(buf, "s %d %lld %u %u ", i, (long long)start, p.sent,
					  p.received);
		if (p.received)
		{
			lm_buf_printf(buf, "%u %u %u ", p.lat_min, p.lat_avg, p.lat_max);
		}
		else
		{
			lm_buf_printf(buf, "- - - ");
		}
		if (p.has_jitter)
		{
			lm_buf_printf(buf, "%u %u %u ", p.jit_min, p.jit_avg, p.jit_max);
		}
		else
		{
			lm_buf_printf(buf, "- - - ");
		}
		lm_buf_printf(buf, "%d %d %d\n", p.state, p.changed, p.dead);
	}
}

/**
 * Write a level's buckets ending after since, and its open bucket.
 *
 * @param shift		wall clock seconds to add to aligned bucket starts (the
 *					clock was set since the history started)
 */
static void write_level(lm_history_t *h, level_t *l, lm_buf_t *buf,
						int64_t since, int64_t shift)
{
	int64_t step = l->step_ns / NS_PER_S, start;
	lm_hbucket_t open[h->servers];
	uint32_t k, slot;
	int i;

	lm_buf_printf(buf, "level %lld %u\n", (long long)step, l->size);
	for (k = l->count; k > 0; k--)
	{
		start = (int64_t)(l->index - k) * step + shift;
		if (start + step <= since)
		{
			continue;
		}
		slot = (l->head + l->size - k) % l->size;
		write_bucket(h, buf, start, &l->ring[slot * h->servers],
					 l->mring[slot]);
	}
	for (i = 0; i < h->servers; i++)
	{
		pack(&l->acc[i], &open[i]);
	}
	lm_buf_printf(buf, "open\n");
	write_bucket(h, buf, (int64_t)l->index * step + shift, open,
				 mstate(&l->macc));
}

void lm_history_write(lm_history_t *h, lm_buf_t *buf, int64_t since,
					  uint64_t now_ns, int64_t wall_ns)
{
	int64_t shift;
	int i;

	lm_history_advance(h, now_ns);
	/* the wall clock's change since the history started, whole seconds */
	shift = (wall_ns - (int64_t)now_ns - h->offset_ns) / (int64_t)NS_PER_S;
	for (i = 0; i < LM_HISTORY_LEVELS; i++)
	{
		if (h->levels[i].size)
		{
			write_level(h, &h->levels[i], buf, since, shift);
		}
	}
}

void lm_history_destroy(lm_history_t *h)
{
	free(h);
}
