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
 * @defgroup link_monitor_dsock link_monitor_dsock
 * @{ @ingroup link_monitor
 *
 * A non-blocking datagram socket read by the probe thread, with the
 * kernel's timestamps on both ends: the receive time of each datagram
 * (SO_TIMESTAMPNS) and the transmit time of each one sent (SO_TIMESTAMPING
 * software stamps from the error queue, numbered per socket with OPT_ID and
 * matched to probes by lm_txstamp).
 */

#ifndef LINK_MONITOR_DSOCK_H_
#define LINK_MONITOR_DSOCK_H_

#include <sys/socket.h>

#include "link_monitor_io.h"

#include <lm_addr.h>

typedef struct link_monitor_dsock_t link_monitor_dsock_t;

/** most datagrams read at once, delivered as one batch */
#define LINK_MONITOR_DSOCK_BATCH 16

/**
 * A datagram that arrived.
 */
typedef struct {
	/** payload */
	uint8_t *data;
	/** its length */
	size_t len;
	/** sender */
	lm_addr_t from;
	/** when the kernel received it, CLOCK_MONOTONIC ns (when it was read
	 *  if the kernel gave no timestamp) */
	uint64_t rx_mono_ns;
	/** when the kernel received it, CLOCK_REALTIME ns, 0 if unknown */
	uint64_t rx_real_ns;
} link_monitor_dgram_in_t;

/**
 * Callback for each datagram read, in the probe thread, and with in NULL
 * after each batch of them.
 */
typedef void (*link_monitor_dsock_cb_t)(void *data,
										link_monitor_dgram_in_t *in);

/**
 * A datagram socket with kernel timestamps.
 */
struct link_monitor_dsock_t {

	/**
	 * Send a datagram, remembering which probe it carries for its transmit
	 * timestamp.
	 *
	 * @param msg		message, with destination and ancillary data
	 * @param ident		monitor identifier of the probe
	 * @param seq		sequence number of the probe
	 * @param server	server probed
	 * @return			0 on success, an errno value on failure
	 */
	int (*send)(link_monitor_dsock_t *this, struct msghdr *msg,
				uint16_t ident, uint16_t seq, const lm_addr_t *server);

	/**
	 * Take the kernel's transmit time of a probe.
	 *
	 * @return			CLOCK_REALTIME ns, 0 if the kernel gave none
	 */
	uint64_t (*tx_time)(link_monitor_dsock_t *this, uint16_t ident,
						uint16_t seq, const lm_addr_t *server);

	/**
	 * Get the descriptor, e.g. for protocol specific socket options.
	 */
	int (*get_fd)(link_monitor_dsock_t *this);

	/**
	 * Destroy a link_monitor_dsock_t; destroy the probe thread first.
	 */
	void (*destroy)(link_monitor_dsock_t *this);
};

/**
 * Open a datagram socket and have the probe thread read it.
 *
 * @param family	AF_INET or AF_INET6
 * @param type		SOCK_DGRAM or SOCK_RAW
 * @param protocol	protocol, 0 for the default
 * @param io		probe thread
 * @param cb		callback for datagrams read
 * @param data		data passed to cb
 * @param err		receives an errno value on failure
 * @return			socket, NULL on failure
 */
link_monitor_dsock_t *link_monitor_dsock_create(int family, int type,
								int protocol, link_monitor_io_t *io,
								link_monitor_dsock_cb_t cb, void *data,
								int *err);

#endif /** LINK_MONITOR_DSOCK_H_ @}*/
