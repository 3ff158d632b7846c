/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_txstamp lm_txstamp
 * @{ @ingroup liblinkmon
 *
 * Kernel transmit timestamps of probes sent on one datagram socket.
 *
 * With SOF_TIMESTAMPING_OPT_ID the kernel numbers the datagrams sent on a
 * socket 0, 1, 2, ... and reports each transmit timestamp with that number
 * on the socket's error queue. This table remembers which probe (identifier,
 * sequence number, server) got which number, takes the timestamps as they
 * arrive, and hands the best one out when the probe's reply is read.
 */

#ifndef LM_TXSTAMP_H_
#define LM_TXSTAMP_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_addr.h"

/**
 * Number of probes tracked at once; a probe whose slot is reused before its
 * reply is read loses its timestamp (and its RTT falls back to the user
 * space send time).
 */
#define LM_TXSTAMP_SLOTS 4096

/**
 * Kind of a transmit timestamp.
 */
typedef enum {
	/** handed to the device (SCM_TSTAMP_SND), preferred */
	LM_TXSTAMP_SND,
	/** entered the packet scheduler (SCM_TSTAMP_SCHED), if the device gives
	 *  no SND stamp (veth before Linux 6.x, tun, ...) */
	LM_TXSTAMP_SCHED,
} lm_txstamp_kind_t;

typedef struct lm_txstamp_t lm_txstamp_t;

/**
 * Create an empty table, the kernel's next number 0.
 *
 * @return			table, NULL if out of memory
 */
lm_txstamp_t *lm_txstamp_create(void);

/**
 * Destroy a table (NULL is fine).
 */
void lm_txstamp_destroy(lm_txstamp_t *t);

/**
 * Forget every probe and restart the numbering at 0 (after the kernel's
 * counter was reset by re-enabling SOF_TIMESTAMPING_OPT_ID).
 */
void lm_txstamp_reset(lm_txstamp_t *t);

/**
 * Record a probe the kernel accepted; it gets the next number.
 *
 * @param ident		monitor identifier
 * @param seq		sequence number
 * @param server	server the probe went to
 * @return			the number the kernel gave it
 */
uint32_t lm_txstamp_sent(lm_txstamp_t *t, uint16_t ident, uint16_t seq,
						 const lm_addr_t *server);

/**
 * Take a timestamp from the error queue.
 *
 * @param id		the kernel's number (sock_extended_err.ee_data)
 * @param kind		kind of the stamp
 * @param ns		the stamp, CLOCK_REALTIME ns
 * @return			TRUE if it belongs to a probe still tracked
 */
bool lm_txstamp_stamp(lm_txstamp_t *t, uint32_t id, lm_txstamp_kind_t kind,
					  uint64_t ns);

/**
 * Take the transmit time of a probe whose reply arrived, and forget the
 * probe if it had one (else it may still come: read the error queue, try
 * again).
 *
 * @param ident		monitor identifier
 * @param seq		sequence number
 * @param server	server the reply came from
 * @return			SND stamp, else SCHED stamp, CLOCK_REALTIME ns; 0 if none
 */
uint64_t lm_txstamp_take(lm_txstamp_t *t, uint16_t ident, uint16_t seq,
						 const lm_addr_t *server);

#endif /** LM_TXSTAMP_H_ @}*/
