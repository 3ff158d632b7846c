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
 * @defgroup link_monitor_tcp link_monitor_tcp
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_TCP_H_
#define LINK_MONITOR_TCP_H_

#include "link_monitor_transport.h"

/**
 * Create the connection transport: tcp-echo, http, https and tcp-connect
 * probes, one non-blocking connection per probe, driven by lib->watcher,
 * each a link_monitor_session_t, with TLS by OpenSSL for https. The round
 * trip time is the whole transaction: connect, TLS handshake, request and
 * the answer; for tcp-connect the handshake alone, the connection closed
 * once it is established.
 * A connection still open shortly after its probe's timeout is closed.
 *
 * @param cb		callback for results
 * @param data		data passed to cb
 * @return			transport, NULL if TLS cannot be initialized
 */
link_monitor_transport_t *link_monitor_tcp_create(link_monitor_reply_cb_t cb,
												  void *data);

#endif /** LINK_MONITOR_TCP_H_ @}*/
