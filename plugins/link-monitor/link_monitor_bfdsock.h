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
 * @defgroup link_monitor_bfdsock link_monitor_bfdsock
 * @{ @ingroup link_monitor
 *
 * A non-blocking UDP socket for BFD Control packets (RFC 5881, RFC 5883):
 * bound to the port packets are received on (3784, 4784) or to a source
 * port of 49152-65535 for sending; packets leave with TTL or hop limit 255
 * and the session's source address, interface, DSCP and mark, and arrive
 * with their TTL or hop limit and destination address.
 */

#ifndef LINK_MONITOR_BFDSOCK_H_
#define LINK_MONITOR_BFDSOCK_H_

#include <library.h>

#include <lm_addr.h>

typedef struct link_monitor_bfdsock_t link_monitor_bfdsock_t;

/** most datagrams read per receive() */
#define LINK_MONITOR_BFDSOCK_BATCH 16

/**
 * A datagram that arrived.
 */
typedef struct {
	/** payload */
	const uint8_t *data;
	/** its length */
	size_t len;
	/** sender */
	lm_addr_t from;
	/** the address it was sent to, family 0 if unknown */
	lm_addr_t to;
	/** TTL or hop limit as received, -1 if unknown */
	int ttl;
} link_monitor_bfd_in_t;

/**
 * How a packet leaves.
 */
typedef struct {
	/** source address, family 0 for the kernel's choice */
	const lm_addr_t *source;
	/** interface index, 0 for the routing's choice */
	unsigned int ifindex;
	/** DSCP */
	uint8_t dscp;
	/** fwmark, 0 for none */
	uint32_t mark;
} link_monitor_bfd_out_t;

/**
 * Callback for each datagram read.
 */
typedef void (*link_monitor_bfdsock_cb_t)(void *data,
										  link_monitor_bfd_in_t *in);

/**
 * A BFD socket.
 */
struct link_monitor_bfdsock_t {

	/**
	 * Read what is queued, without blocking.
	 *
	 * @param cb		called per datagram
	 * @param data		data passed to cb
	 * @return			number of datagrams read
	 */
	int (*receive)(link_monitor_bfdsock_t *this, link_monitor_bfdsock_cb_t cb,
				   void *data);

	/**
	 * Send a packet.
	 *
	 * @param pkt		packet
	 * @param len		its length
	 * @param to		destination
	 * @param port		destination port
	 * @param out		source, interface, DSCP, mark
	 * @return			0 on success, an errno value on failure
	 */
	int (*send)(link_monitor_bfdsock_t *this, const uint8_t *pkt, size_t len,
				const lm_addr_t *to, uint16_t port,
				const link_monitor_bfd_out_t *out);

	/**
	 * Get the descriptor, to watch it.
	 */
	int (*get_fd)(link_monitor_bfdsock_t *this);

	/**
	 * Close the socket.
	 */
	void (*destroy)(link_monitor_bfdsock_t *this);
};

/**
 * Open a BFD socket.
 *
 * @param family	AF_INET or AF_INET6
 * @param port		port to bind to, 0 for a free one of 49152-65535
 * @param err		receives an errno value on failure
 * @return			socket, NULL on failure
 */
link_monitor_bfdsock_t *link_monitor_bfdsock_create(int family, uint16_t port,
													int *err);

#endif /** LINK_MONITOR_BFDSOCK_H_ @}*/
