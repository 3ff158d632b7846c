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
 * @defgroup link_monitor_io link_monitor_io
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_IO_H_
#define LINK_MONITOR_IO_H_

#include <library.h>

typedef struct link_monitor_io_t link_monitor_io_t;

/**
 * Callback for a readable descriptor, or one with something on its error
 * queue, invoked from the probe thread.
 */
typedef void (*link_monitor_io_fd_cb_t)(void *data, int fd);

/**
 * Callback for the timer, invoked from the probe thread.
 */
typedef void (*link_monitor_io_timer_cb_t)(void *data);

/**
 * The probe thread: one thread with its own timer (timerfd, CLOCK_MONOTONIC)
 * and the shared datagram sockets in an epoll set, so a probe slot costs a
 * wake-up of one thread rather than a scheduler job, a processor job and
 * watcher round trips.
 */
struct link_monitor_io_t {

	/**
	 * Watch a descriptor for reading and its error queue; before start(),
	 * or while the thread runs by one thread at a time (a transport
	 * opening sockets when first needed).
	 *
	 * @param fd		descriptor, stays the caller's (close it after
	 *					destroy())
	 * @param cb		callback
	 * @param data		data passed to cb
	 * @return			TRUE if added
	 */
	bool (*add)(link_monitor_io_t *this, int fd, link_monitor_io_fd_cb_t cb,
				void *data);

	/**
	 * Fire the timer callback at a time, replacing the time set before.
	 * Any thread may call it, also the callbacks.
	 *
	 * @param mono_ns	CLOCK_MONOTONIC ns, UINT64_MAX to stop the timer
	 */
	void (*set_timer)(link_monitor_io_t *this, uint64_t mono_ns);

	/**
	 * Set the callback the timer fires, before start().
	 *
	 * @param cb		callback
	 * @param data		data passed to cb
	 */
	void (*on_timer)(link_monitor_io_t *this, link_monitor_io_timer_cb_t cb,
					 void *data);

	/**
	 * Start the thread, after the descriptors are added.
	 *
	 * @return			TRUE if running
	 */
	bool (*start)(link_monitor_io_t *this);

	/**
	 * Stop and join the thread (if started), then free. Must not be called
	 * with a lock held that the callbacks take.
	 */
	void (*destroy)(link_monitor_io_t *this);
};

/**
 * Create a link_monitor_io instance, thread not started yet.
 *
 * @return			instance, NULL if epoll, timerfd or eventfd failed
 */
link_monitor_io_t *link_monitor_io_create();

#endif /** LINK_MONITOR_IO_H_ @}*/
