/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_stats lm_stats
 * @{ @ingroup liblinkmon
 *
 * The window of the last probe_count probe results of a server, and what is
 * derived from it: latency, jitter, loss and MOS.
 */

#ifndef LM_STATS_H_
#define LM_STATS_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_config.h"

/** largest window (FortiGate's probe-count maximum) */
#define LM_WINDOW_MAX 30

/** a lost probe in the window */
#define LM_RTT_LOST (-1)

typedef struct lm_window_t lm_window_t;

/**
 * Ring of the last results, RTT in microseconds or LM_RTT_LOST.
 */
struct lm_window_t {
	/** results */
	int32_t rtt_us[LM_WINDOW_MAX];
	/** window size (probe_count) */
	uint8_t size;
	/** results in the window */
	uint8_t count;
	/** next position to write */
	uint8_t pos;
};

typedef struct lm_summary_t lm_summary_t;

/**
 * Statistics over a window.
 */
struct lm_summary_t {
	/** results in the window */
	int samples;
	/** received probes in the window */
	int received;
	/** latency (RTT) in ms, valid if received > 0 */
	double latency_min, latency_max, latency_avg;
	/** jitter in ms (|difference| of consecutive RTTs), valid if jitter_samples */
	double jitter_min, jitter_max, jitter_avg;
	/** number of RTT differences the jitter is based on */
	int jitter_samples;
	/** lost probes in percent of samples, 0 without samples */
	double loss_percent;
	/** mean opinion score 1.0 .. 4.5, valid if samples > 0 */
	double mos;
};

/**
 * Initialize an empty window.
 *
 * @param size		window size, clamped to 1..LM_WINDOW_MAX
 */
void lm_window_init(lm_window_t *window, int size);

/**
 * Add a result, dropping the oldest if full.
 *
 * @param rtt_us	round trip time in us, or LM_RTT_LOST
 */
void lm_window_add(lm_window_t *window, int32_t rtt_us);

/**
 * Compute statistics over the window.
 */
void lm_window_summary(const lm_window_t *window, lm_codec_t codec,
					   lm_summary_t *summary);

/**
 * Simplified ITU-T G.107 E-model.
 *
 * One-way delay d = latency/2 + 2 * jitter (jitter buffer) + codec delay
 * (G.711: 20 ms packetization, G.729: 25 ms); delay impairment
 * Id = 0.024 d + 0.11 (d - 177.3) H(d - 177.3); effective equipment
 * impairment Ie_eff = Ie + (95 - Ie) P / (P + Bpl) with G.711 Ie 0, Bpl 25.1
 * and G.729 Ie 11, Bpl 19; R = 93.2 - Id - Ie_eff;
 * MOS = 1 + 0.035 R + 7e-6 R (R - 60)(100 - R), 1 below R 0, 4.5 above 100.
 *
 * @param latency_ms	average round trip time
 * @param jitter_ms		average jitter
 * @param loss_percent	packet loss 0..100
 * @param codec			voice codec
 * @return				MOS 1.0 .. 4.5
 */
double lm_mos(double latency_ms, double jitter_ms, double loss_percent,
			  lm_codec_t codec);

#endif /** LM_STATS_H_ @}*/
