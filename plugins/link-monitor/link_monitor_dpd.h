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
 * @defgroup link_monitor_dpd link_monitor_dpd
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_DPD_H_
#define LINK_MONITOR_DPD_H_

#include <bus/listeners/listener.h>

#include "link_monitor_transport.h"

typedef struct link_monitor_dpd_t link_monitor_dpd_t;

/**
 * The dpd transport: IKEv2 liveness checks as probes, an empty INFORMATIONAL
 * exchange on the monitor's IKE_SA, timed from the request leaving to the
 * response arriving (bus message hook). One check per IKE_SA is in flight at
 * a time; while it is unanswered (charon retransmits it on its own schedule)
 * further probes of that IKE_SA are not sent and expire as lost.
 */
struct link_monitor_dpd_t {

	/**
	 * Implements listener_t (message, ike_updown); the plugin registers it.
	 */
	listener_t listener;

	/**
	 * Implements link_monitor_transport_t (send starts a check).
	 */
	link_monitor_transport_t transport;
};

/**
 * Create a link_monitor_dpd instance.
 *
 * @param cb		callback for results (protocol LM_PROTO_DPD, rtt_ns set)
 * @param data		data passed to cb
 */
link_monitor_dpd_t *link_monitor_dpd_create(link_monitor_reply_cb_t cb,
											void *data);

#endif /** LINK_MONITOR_DPD_H_ @}*/
