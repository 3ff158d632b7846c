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
 * @defgroup link_monitor_bfd link_monitor_bfd
 * @{ @ingroup link_monitor
 *
 * The BFD transport: the sessions (lm_bfd_session) the decision core asks
 * for, run on the probe thread with a timerfd of their own and sockets
 * (link_monitor_bfdsock) opened with the first session that needs them:
 * one per encapsulation and family to receive on (3784, 4784), one per
 * family to send from. A session's changes go to the core as
 * lm_bfd_report_t.
 */

#ifndef LINK_MONITOR_BFD_H_
#define LINK_MONITOR_BFD_H_

#include "link_monitor_io.h"
#include "link_monitor_transport.h"

/**
 * Callback for the reports of sessions that changed, invoked from the probe
 * thread without any lock of the transport held.
 *
 * @param reports	reports
 * @param count		number of reports
 */
typedef void (*link_monitor_bfd_cb_t)(void *data, lm_bfd_report_t *reports,
									  int count);

/**
 * Create the BFD transport. Destroy the probe thread before it.
 *
 * @param io		probe thread
 * @param cb		callback for reports
 * @param data		data passed to cb
 * @return			transport, NULL if its timer could not be created
 */
link_monitor_transport_t *link_monitor_bfd_create(link_monitor_io_t *io,
												  link_monitor_bfd_cb_t cb,
												  void *data);

#endif /** LINK_MONITOR_BFD_H_ @}*/
