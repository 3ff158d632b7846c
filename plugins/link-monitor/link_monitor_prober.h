/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

/**
 * @defgroup link_monitor_prober link_monitor_prober
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_PROBER_H_
#define LINK_MONITOR_PROBER_H_

#include <library.h>

#include <lm_monitor.h>

#include "link_monitor_io.h"

typedef struct link_monitor_prober_t link_monitor_prober_t;

/**
 * A probe result reported by the prober.
 */
typedef struct {
	/** protocol of the probe */
	lm_proto_t protocol;
	/** monitor identifier */
	uint16_t ident;
	/** monitor token, the bits in token_mask of it */
	uint32_t token;
	/** bits of the token carried, that must match the monitor's; 0 if
	 *  none */
	uint32_t token_mask;
	/** sequence number */
	uint16_t seq;
	/** address the reply came from (the server) */
	lm_addr_t from;
	/** kernel receive time, CLOCK_REALTIME ns, 0 if unavailable */
	uint64_t rx_real_ns;
	/** kernel transmit time of the probe, CLOCK_REALTIME ns, 0 if
	 *  unavailable */
	uint64_t tx_real_ns;
	/** receive time, CLOCK_MONOTONIC ns, taken when read */
	uint64_t rx_mono_ns;
	/** round trip time measured by the prober, 0 to derive from send times */
	uint64_t rtt_ns;
	/** time the far end held the probe, to subtract (TWAMP), 0 if none */
	uint64_t turnaround_ns;
	/** the probe failed before its timeout (refused, bad answer, ...) */
	bool failed;
	/** why it failed */
	char reason[96];
} link_monitor_reply_t;

/**
 * Callback for probe results, invoked from the probe thread (datagrams) or a
 * watcher thread (connections) without any prober lock held.
 */
typedef void (*link_monitor_reply_cb_t)(void *data,
										link_monitor_reply_t *reply);

/**
 * Sends probes and receives replies on sockets shared by all monitors, one
 * per protocol and address family, non-blocking and read by the probe thread
 * (connections driven by lib->watcher).
 */
struct link_monitor_prober_t {

	/**
	 * Send one probe to a server of a monitor.
	 *
	 * The send times are taken right before the packet is handed to the
	 * kernel.
	 *
	 * @param mon		monitor
	 * @param server	server index
	 * @param seq		sequence number to send
	 * @param mono_ns	receives the CLOCK_MONOTONIC send time
	 * @param real_ns	receives the CLOCK_REALTIME send time
	 * @return			0 on success, an errno value on failure
	 */
	int (*send)(link_monitor_prober_t *this, lm_monitor_t *mon, int server,
				uint16_t seq, uint64_t *mono_ns, uint64_t *real_ns);

	/**
	 * Destroy a link_monitor_prober_t.
	 */
	void (*destroy)(link_monitor_prober_t *this);
};

/**
 * Create a link_monitor_prober instance. Destroy the probe thread before it.
 *
 * @param io		probe thread to read the datagram sockets
 * @param cb		callback for replies
 * @param data		data passed to cb
 * @return			prober, NULL if no socket could be opened
 */
link_monitor_prober_t *link_monitor_prober_create(link_monitor_io_t *io,
												  link_monitor_reply_cb_t cb,
												  void *data);

/**
 * Current CLOCK_MONOTONIC time in ns.
 */
uint64_t link_monitor_now_ns();

/**
 * Current CLOCK_REALTIME time in ns (send times compared with kernel
 * receive timestamps).
 */
uint64_t link_monitor_real_ns();

#endif /** LINK_MONITOR_PROBER_H_ @}*/
