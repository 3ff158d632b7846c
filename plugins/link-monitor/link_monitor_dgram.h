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
 * @defgroup link_monitor_dgram link_monitor_dgram
 * @{ @ingroup link_monitor
 *
 * The datagram transport: ping, udp-echo, TWAMP, STAMP and DNS probes on
 * sockets shared by all monitors, one per protocol and address family, read
 * by the probe thread, with kernel timestamps on both ends
 * (link_monitor_dsock). DNS queries carry a random ID that lm_dnsid maps
 * back to their probe.
 */

#ifndef LINK_MONITOR_DGRAM_H_
#define LINK_MONITOR_DGRAM_H_

#include "link_monitor_io.h"
#include "link_monitor_transport.h"

/**
 * Create the datagram transport. Destroy the probe thread before it.
 *
 * @param io		probe thread to read the sockets
 * @param cb		callback for replies
 * @param data		data passed to cb
 * @return			transport, NULL if no ICMP socket could be opened
 */
link_monitor_transport_t *link_monitor_dgram_create(link_monitor_io_t *io,
												link_monitor_reply_cb_t cb,
												void *data);

#endif /** LINK_MONITOR_DGRAM_H_ @}*/
