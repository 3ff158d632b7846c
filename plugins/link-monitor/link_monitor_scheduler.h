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
 * @defgroup link_monitor_scheduler link_monitor_scheduler
 * @{ @ingroup link_monitor
 *
 * Runs the decision core (lm_engine): every event goes through step(), under
 * one lock; the probes it decides are sent through the transports right
 * away, the BFD sessions it asks for handed to theirs, traffic checks are
 * read from the CHILD_SAs in jobs, and everything else is handed to the
 * dispatcher. The probe thread's timer is set to the
 * core's next event.
 */

#ifndef LINK_MONITOR_SCHEDULER_H_
#define LINK_MONITOR_SCHEDULER_H_

#include <net/if.h>

#include "link_monitor_dispatch.h"
#include "link_monitor_io.h"
#include "link_monitor_transport.h"

typedef struct link_monitor_scheduler_t link_monitor_scheduler_t;

/**
 * The decision core's host.
 */
struct link_monitor_scheduler_t {

	/**
	 * Handle an event and carry out what the core decides.
	 *
	 * @param event		event; now_ns and wall are set if 0
	 */
	void (*step)(link_monitor_scheduler_t *this, lm_event_t *event);

	/**
	 * Probe results, handled under one lock, see link_monitor_reply_cb_t.
	 */
	void (*reply)(link_monitor_scheduler_t *this, lm_reply_t *replies,
				  int count);

	/**
	 * Reports of BFD sessions, handled under one lock, see
	 * link_monitor_bfd_cb_t.
	 */
	void (*bfd)(link_monitor_scheduler_t *this, lm_bfd_report_t *reports,
				int count);

	/**
	 * The probe thread's timer fired, see link_monitor_io_timer_cb_t.
	 */
	void (*tick)(link_monitor_scheduler_t *this);

	/**
	 * Send the probes of a protocol with a transport.
	 *
	 * @param protocol	protocol
	 * @param transport	transport, not owned
	 */
	void (*set_transport)(link_monitor_scheduler_t *this, lm_proto_t protocol,
						  link_monitor_transport_t *transport);

	/**
	 * Render the status of the monitors.
	 *
	 * @return			see lm_engine_status()
	 */
	lm_msg_result_t (*status)(link_monitor_scheduler_t *this,
							  const lm_status_req_t *req, lm_buf_t *buf);

	/**
	 * List the interfaces whose default gateway monitors probe (%gateway).
	 *
	 * @param names		receives up to max interface names
	 * @param max		size of names
	 * @return			number of names
	 */
	int (*gateway_interfaces)(link_monitor_scheduler_t *this,
							  char names[][IF_NAMESIZE], int max);

	/**
	 * Write a monitor's history, see lm_engine_history().
	 *
	 * @param name		monitor name
	 * @param since		wall clock seconds
	 */
	lm_msg_result_t (*history)(link_monitor_scheduler_t *this,
							   const char *name, int64_t since,
							   lm_buf_t *buf);

	/**
	 * Render the metrics of all monitors (lm_metrics), in parts.
	 *
	 * @param openmetrics	OpenMetrics instead of the text format 0.0.4
	 */
	void (*metrics)(link_monitor_scheduler_t *this, bool openmetrics,
					lm_buf_t *buf);

	/**
	 * Number of monitors running.
	 */
	int (*count)(link_monitor_scheduler_t *this);

	/**
	 * Destroy a link_monitor_scheduler_t. Destroy the probe thread and the
	 * transports first: they call it.
	 */
	void (*destroy)(link_monitor_scheduler_t *this);
};

/**
 * Create a link_monitor_scheduler instance.
 *
 * @param io		probe thread whose timer it sets
 * @param dispatch	carries out commands, routes, hooks and HA values
 * @param history	sizes of the monitors' histories
 * @return			scheduler, NULL on allocation failure
 */
link_monitor_scheduler_t *link_monitor_scheduler_create(link_monitor_io_t *io,
											link_monitor_dispatch_t *dispatch,
											const lm_history_cfg_t *history);

#endif /** LINK_MONITOR_SCHEDULER_H_ @}*/
