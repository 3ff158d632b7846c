/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_hist.h"

/**
 * Bucket of a value: exact below LM_HIST_LINEAR, then 32 buckets for each
 * power of two.
 */
static int bucket(uint64_t v)
{
	int e;

	if (v < LM_HIST_LINEAR)
	{
		return v;
	}
	e = 63 - __builtin_clzll(v);
	/* the top 6 bits: 32..63 */
	return LM_HIST_LINEAR + (e - 6) * 32 + (int)((v >> (e - 5)) - 32);
}

/**
 * Lower bound of a bucket.
 */
static uint64_t lower(int idx)
{
	int e, m;

	if (idx < LM_HIST_LINEAR)
	{
		return idx;
	}
	idx -= LM_HIST_LINEAR;
	e = idx / 32 + 6;
	m = idx % 32 + 32;
	return (uint64_t)m << (e - 5);
}

void lm_hist_add(lm_hist_t *hist, uint64_t value)
{
	hist->counts[bucket(value)]++;
	hist->total++;
	if (value > hist->max)
	{
		hist->max = value;
	}
}

uint64_t lm_hist_percentile(const lm_hist_t *hist, double percentile)
{
	uint64_t rank, seen = 0;
	int i;

	if (!hist->total)
	{
		return 0;
	}
	rank = (uint64_t)(percentile / 100.0 * hist->total + 0.5);
	if (rank < 1)
	{
		rank = 1;
	}
	if (rank > hist->total)
	{
		rank = hist->total;
	}
	for (i = 0; i < LM_HIST_BUCKETS; i++)
	{
		seen += hist->counts[i];
		if (seen >= rank)
		{
			return lower(i);
		}
	}
	return hist->max;
}
