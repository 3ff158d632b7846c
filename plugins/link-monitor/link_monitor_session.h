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
 * @defgroup link_monitor_session link_monitor_session
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_SESSION_H_
#define LINK_MONITOR_SESSION_H_

#include <library.h>
#include <processing/watcher.h>

#include <lm_engine.h>

#include "link_monitor_tls.h"

typedef struct link_monitor_session_t link_monitor_session_t;
typedef enum link_monitor_session_status_t link_monitor_session_status_t;

/**
 * What a session wants after handling an event.
 */
enum link_monitor_session_status_t {
	/** more events, as watched so far */
	LINK_MONITOR_SESSION_WAIT,
	/** the request is out: no more write events, read events only */
	LINK_MONITOR_SESSION_READ_ONLY,
	/** finished, the result is set */
	LINK_MONITOR_SESSION_DONE,
};

/**
 * One probe over a connection (tcp-echo, http, https, tcp-connect): connect,
 * TLS handshake (https: SNI and certificate verification as the monitor
 * says), write the request, read and evaluate the response (a chunked body
 * decoded), driven by the events of its non-blocking socket. Keeps copies
 * of what it needs from the monitor, which may go away meanwhile. A
 * tcp-connect probe is done once connected: no request, the connection
 * closed at once.
 *
 * The round trip time is the whole transaction, from connect() to the
 * answer (tcp-connect: to the established connection). Not thread-safe: the
 * owner serializes the calls.
 */
struct link_monitor_session_t {

	/**
	 * Start connecting, without blocking. The send times are taken right
	 * before connect().
	 *
	 * @param mono_ns	receives the CLOCK_MONOTONIC send time
	 * @param real_ns	receives the CLOCK_REALTIME send time
	 * @return			0 or an errno value
	 */
	int (*start)(link_monitor_session_t *this, uint64_t *mono_ns,
				 uint64_t *real_ns);

	/**
	 * Go on as far as the socket allows, after an event on it.
	 *
	 * @param event		WATCHER_READ or WATCHER_WRITE
	 * @param reply		receives the result if finished
	 * @return			what the session wants next
	 */
	link_monitor_session_status_t (*handle)(link_monitor_session_t *this,
											watcher_event_t event,
											lm_reply_t *reply);

	/**
	 * Get the socket.
	 *
	 * @return			socket of the session
	 */
	int (*get_fd)(link_monitor_session_t *this);

	/**
	 * Close the socket and destroy the link_monitor_session_t. The socket
	 * must not be watched anymore.
	 */
	void (*destroy)(link_monitor_session_t *this);
};

/**
 * Create a session for a probe, with its request ready.
 *
 * @param probe		probe (monitor, server, sequence number)
 * @param fd		non-blocking stream socket, not connected yet; the
 *					session's once created
 * @param tls		TLS contexts, for https
 * @param session	receives the session
 * @return			0, ENOMEM, or EPROTONOSUPPORT if not a protocol over a
 *					connection
 */
int link_monitor_session_create(const lm_probe_t *probe, int fd,
								link_monitor_tls_t *tls,
								link_monitor_session_t **session);

#endif /** LINK_MONITOR_SESSION_H_ @}*/
