/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_histdata lm_histdata
 * @{ @ingroup liblinkmon
 *
 * A monitor's history as linkmon receives it from the control socket: the
 * wire format (a "monitor" and a "server" line per server, written by
 * lm_engine_history(), then the buckets lm_history_write() writes) parsed
 * into rows, and rendered as text tables or JSON.
 */

#ifndef LM_HISTDATA_H_
#define LM_HISTDATA_H_

#include "lm_addr.h"
#include "lm_buf.h"
#include "lm_config.h"
#include "lm_history.h"

/**
 * A bucket of the monitor and its servers.
 */
typedef struct {
	/** start, wall clock seconds */
	int64_t start;
	/** still open: the time so far */
	bool open;
	/** the monitor's state at its end */
	lm_state_t state;
	/** the monitor's state changed in it */
	bool changed;
	/** the monitor was dead at some time in it */
	bool dead;
	/** per server */
	lm_hpoint_t servers[LM_MAX_SERVERS];
} lm_hrow_t;

/**
 * A resolution's buckets.
 */
typedef struct {
	/** bucket width, s */
	uint32_t step;
	/** buckets kept */
	uint32_t size;
	/** buckets, oldest first, the open one last */
	lm_hrow_t *rows;
	/** number of rows */
	int count;
} lm_hlevel_t;

/**
 * A parsed history.
 */
typedef struct {
	/** monitor name */
	char name[LM_MAX_NAME + 1];
	/** its state */
	lm_state_t state;
	/** MOS codec */
	lm_codec_t codec;
	/** wall clock seconds of the answer */
	int64_t now;
	/** number of servers */
	int nservers;
	/** server addresses */
	char servers[LM_MAX_SERVERS][LM_ADDR_STRLEN];
	/** their protocols */
	char protocols[LM_MAX_SERVERS][16];
	/** fine, then coarse (those kept) */
	lm_hlevel_t levels[LM_HISTORY_LEVELS];
	/** number of levels */
	int nlevels;
} lm_histdata_t;

/**
 * Parse the wire format.
 *
 * @param text		NUL-terminated answer
 * @param d			receives the history, free with lm_histdata_free()
 * @return			NULL if valid, else what is wrong (static)
 */
const char *lm_histdata_parse(const char *text, lm_histdata_t *d);

/**
 * The finest level that covers a time: its buckets reach back to since,
 * or it holds everything since the history started.
 *
 * @return			level index, -1 without levels
 */
int lm_histdata_pick(const lm_histdata_t *d, int64_t since);

/**
 * Loss of a bucket in percent, 0 without probes.
 */
double lm_histdata_loss(const lm_hpoint_t *p);

/**
 * MOS of a bucket from its average latency, jitter and loss; 0 without
 * replies.
 */
double lm_histdata_mos(const lm_hpoint_t *p, lm_codec_t codec);

/**
 * Render a level as a text table, buckets starting at or after since.
 */
void lm_histdata_text(const lm_histdata_t *d, int level, int64_t since,
					  lm_buf_t *buf);

/**
 * Render every level as JSON.
 */
void lm_histdata_json(const lm_histdata_t *d, lm_buf_t *buf);

/**
 * Free the rows of a history.
 */
void lm_histdata_free(lm_histdata_t *d);

#endif /** LM_HISTDATA_H_ @}*/
