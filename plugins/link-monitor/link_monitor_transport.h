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
 * @defgroup link_monitor_transport link_monitor_transport
 * @{ @ingroup link_monitor
 *
 * How probes go out and their results come back, whatever the protocol:
 * datagrams on shared sockets (ping, udp-echo, TWAMP, STAMP, DNS),
 * connections (tcp-echo, http, https, tcp-connect) or IKEv2 liveness checks
 * (dpd); or, for BFD, sessions that run on their own and report changes.
 */

#ifndef LINK_MONITOR_TRANSPORT_H_
#define LINK_MONITOR_TRANSPORT_H_

#include <library.h>

#include <lm_engine.h>

typedef struct link_monitor_transport_t link_monitor_transport_t;

/**
 * Callback for probe results, invoked from the probe thread (a batch of
 * datagrams read at once), a watcher thread or a charon thread (one), without
 * any transport lock held.
 *
 * @param replies	results
 * @param count		number of results
 */
typedef void (*link_monitor_reply_cb_t)(void *data, lm_reply_t *replies,
										int count);

/**
 * Sends probes; results come back through the link_monitor_reply_cb_t it
 * was created with.
 */
struct link_monitor_transport_t {

	/**
	 * Send one probe, without blocking.
	 *
	 * The send times are taken right before the packet is handed to the
	 * kernel.
	 *
	 * @param probe		probe (monitor, server, sequence number)
	 * @param mono_ns	receives the CLOCK_MONOTONIC send time
	 * @param real_ns	receives the CLOCK_REALTIME send time, 0 if none
	 * @return			0 on success, an errno value on failure
	 */
	int (*send)(link_monitor_transport_t *this, const lm_probe_t *probe,
				uint64_t *mono_ns, uint64_t *real_ns);

	/**
	 * Run, update or stop the sessions of a protocol that keeps sessions
	 * rather than sending probes (BFD); NULL for the others. Called under
	 * the scheduler's lock, without blocking.
	 *
	 * @param sessions	what the core asked for, in order
	 * @param count		number of requests
	 */
	void (*sessions)(link_monitor_transport_t *this,
					 const lm_session_t *sessions, int count);

	/**
	 * Destroy a link_monitor_transport_t.
	 */
	void (*destroy)(link_monitor_transport_t *this);
};

#endif /** LINK_MONITOR_TRANSPORT_H_ @}*/
