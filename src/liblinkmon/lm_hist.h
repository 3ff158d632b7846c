/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_hist lm_hist
 * @{ @ingroup liblinkmon
 *
 * Log-linear histogram of non-negative values (e.g. microseconds) with
 * percentiles, about 3% relative error, constant memory.
 */

#ifndef LM_HIST_H_
#define LM_HIST_H_

#include <stdint.h>

/** values below this are exact */
#define LM_HIST_LINEAR 64
/** number of buckets: exact values plus 32 per power of two up to 2^63 */
#define LM_HIST_BUCKETS (LM_HIST_LINEAR + 32 * 58)

typedef struct lm_hist_t lm_hist_t;

/**
 * The histogram.
 */
struct lm_hist_t {
	/** counts per bucket */
	uint32_t counts[LM_HIST_BUCKETS];
	/** number of values */
	uint64_t total;
	/** largest value */
	uint64_t max;
};

/**
 * Add a value.
 */
void lm_hist_add(lm_hist_t *hist, uint64_t value);

/**
 * Value at a percentile (0..100), the bucket's lower bound; 0 if empty.
 */
uint64_t lm_hist_percentile(const lm_hist_t *hist, double percentile);

#endif /** LM_HIST_H_ @}*/
