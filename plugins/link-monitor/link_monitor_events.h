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
 * @defgroup link_monitor_events link_monitor_events
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_EVENTS_H_
#define LINK_MONITOR_EVENTS_H_

#include <library.h>

#include <lm_evlog.h>

typedef struct link_monitor_events_t link_monitor_events_t;

/**
 * The event log (lm_evlog) of the transitions the decision core reports,
 * for `linkmon events`; thread-safe.
 */
struct link_monitor_events_t {

	/**
	 * Add the transitions of an output, stamped with the wall clock.
	 */
	void (*add)(link_monitor_events_t *this, lm_out_t *out);

	/**
	 * Write the events after a sequence number (lm_evlog_write()).
	 *
	 * @param after		0 for all kept
	 * @param monitor	a monitor's (and HA's) only, NULL for all
	 */
	void (*write)(link_monitor_events_t *this, lm_buf_t *buf, uint64_t after,
				  const char *monitor);

	/**
	 * Destroy a link_monitor_events_t.
	 */
	void (*destroy)(link_monitor_events_t *this);
};

/**
 * Create a link_monitor_events instance.
 *
 * @param size		events kept
 * @return			event log, NULL on allocation failure
 */
link_monitor_events_t *link_monitor_events_create(u_int size);

#endif /** LINK_MONITOR_EVENTS_H_ @}*/
