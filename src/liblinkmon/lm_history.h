/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_history lm_history
 * @{ @ingroup liblinkmon
 *
 * Bounded history of a monitor and its servers: aggregates of the probe
 * results (latency and jitter min/avg/max, sent, received, the states seen)
 * per time bucket, at two resolutions: "fine" buckets (10 s for the last
 * 10 minutes by default) and "coarse" ones (5 minutes for 24 hours). The
 * memory is allocated once, when the monitor is created: a probe result
 * only adds to the open fine bucket's sums; a closed fine bucket is merged
 * into the open coarse one and stored packed, 18 bytes per server (see
 * lm_hbucket_t), plus one byte for the monitor's states.
 *
 * Buckets are aligned to the wall clock (a 5 minute bucket starts at :00,
 * :05, ...) through the offset between CLOCK_MONOTONIC and CLOCK_REALTIME
 * the history was created with; they are kept and closed in monotonic time.
 */

#ifndef LM_HISTORY_H_
#define LM_HISTORY_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_buf.h"
#include "lm_fsm.h"

/** levels: fine and coarse */
#define LM_HISTORY_LEVELS 2

/** longest bucket, in seconds: the counts of 10 ms probes fit 22 bits */
#define LM_HISTORY_MAX_STEP (6 * 3600)

/** most buckets of a level */
#define LM_HISTORY_MAX_COUNT 100000

/** a bucket's latency or jitter without a value */
#define LM_HISTORY_NONE 0xffff

/**
 * Sizes of a history: the buckets' widths and numbers.
 */
typedef struct {
	/** width of a fine bucket, s */
	uint32_t fine_step;
	/** fine buckets kept, 0 for none */
	uint32_t fine_count;
	/** width of a coarse bucket, s, a multiple of fine_step */
	uint32_t coarse_step;
	/** coarse buckets kept, 0 for none */
	uint32_t coarse_count;
} lm_history_cfg_t;

/**
 * A closed bucket of a server, 18 bytes. Latency and jitter are in
 * microseconds packed by lm_history_pack() (LM_HISTORY_NONE without
 * replies or jitter samples); meta holds the server's state at the end of
 * the bucket (bits 0-1), whether it changed in the bucket (bit 2), whether
 * it was dead at some time in it (bit 3), and bits 16-21 of sent (bits 4-9)
 * and of received (bits 10-15).
 */
typedef struct {
	uint16_t lat_min, lat_avg, lat_max;
	uint16_t jit_min, jit_avg, jit_max;
	uint16_t sent, received;
	uint16_t meta;
} lm_hbucket_t;

/**
 * A bucket unpacked.
 */
typedef struct {
	/** probe results counted (replies and losses) */
	uint32_t sent;
	/** replies in time */
	uint32_t received;
	/** latency in us, valid if received */
	uint32_t lat_min, lat_avg, lat_max;
	/** jitter in us, valid if has_jitter */
	uint32_t jit_min, jit_avg, jit_max;
	/** there were jitter samples */
	bool has_jitter;
	/** state at the end */
	lm_state_t state;
	/** the state changed in the bucket */
	bool changed;
	/** dead at some time in the bucket */
	bool dead;
} lm_hpoint_t;

typedef struct lm_history_t lm_history_t;

/**
 * Default sizes: 10 s for 10 minutes, 5 minutes for 24 hours.
 */
lm_history_cfg_t lm_history_cfg_default(void);

/**
 * Check sizes.
 *
 * @param err		receives what is wrong
 * @return			TRUE if valid
 */
bool lm_history_cfg_check(const lm_history_cfg_t *cfg, char *err, size_t len);

/**
 * Check if sizes keep any history at all.
 *
 * @return			TRUE if either resolution keeps buckets
 */
bool lm_history_cfg_enabled(const lm_history_cfg_t *cfg);

/**
 * Bytes a history of a number of servers takes.
 */
size_t lm_history_size(const lm_history_cfg_t *cfg, int servers);

/**
 * Create a history; one allocation.
 *
 * @param cfg		sizes, checked
 * @param servers	number of servers
 * @param now_ns	CLOCK_MONOTONIC ns
 * @param offset_ns	CLOCK_REALTIME minus CLOCK_MONOTONIC, ns
 * @return			history, NULL on allocation failure or without buckets
 */
lm_history_t *lm_history_create(const lm_history_cfg_t *cfg, int servers,
								uint64_t now_ns, int64_t offset_ns);

/**
 * Count a probe result of a server.
 *
 * @param server	server index
 * @param rtt_us	round trip time, negative if lost
 * @param state		the server's state after the result
 * @param now_ns	CLOCK_MONOTONIC ns
 */
void lm_history_result(lm_history_t *h, int server, int32_t rtt_us,
					   lm_state_t state, uint64_t now_ns);

/**
 * Note a state, also when no probe is counted (the monitor stopped
 * probing, started over).
 *
 * @param server	server index, -1 for the monitor's state
 */
void lm_history_state(lm_history_t *h, int server, lm_state_t state,
					  uint64_t now_ns);

/**
 * Close the buckets that ended before a time.
 */
void lm_history_advance(lm_history_t *h, uint64_t now_ns);

/**
 * Write the buckets that end after a time, oldest first, in the control
 * socket's history format (lm_histdata_parse()): per level a line
 * "level STEP COUNT", per bucket "m START STATE CHANGED DEAD" for the
 * monitor and "s SERVER START SENT RECEIVED LATMIN LATAVG LATMAX JITMIN
 * JITAVG JITMAX STATE CHANGED DEAD" per server, START in wall clock
 * seconds, latency and jitter in us or "-"; the open buckets last, marked
 * by a line "open".
 *
 * @param since		wall clock seconds
 * @param now_ns	CLOCK_MONOTONIC ns
 * @param wall_ns	CLOCK_REALTIME ns at now_ns, for the bucket times
 */
void lm_history_write(lm_history_t *h, lm_buf_t *buf, int64_t since,
					  uint64_t now_ns, int64_t wall_ns);

/**
 * Pack microseconds into 16 bits: exact below 2048, then 11 bits of
 * mantissa (under 0.025% off); saturates at LM_HISTORY_NONE - 1.
 */
uint16_t lm_history_pack(uint32_t us);

/**
 * Unpack microseconds.
 */
uint32_t lm_history_unpack(uint16_t code);

/**
 * Unpack a bucket.
 */
void lm_history_unpack_bucket(const lm_hbucket_t *b, lm_hpoint_t *p);

/**
 * Destroy a history.
 */
void lm_history_destroy(lm_history_t *h);

#endif /** LM_HISTORY_H_ @}*/
