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
 * @defgroup link_monitor_updown link_monitor_updown
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_UPDOWN_H_
#define LINK_MONITOR_UPDOWN_H_

#include "link_monitor_errors.h"

typedef struct link_monitor_updown_t link_monitor_updown_t;

/**
 * Runs monitors' updown executables asynchronously.
 *
 * Each run is a link_monitor_spawn_t: a posix_spawn() without a shell, in
 * its own process group, with default signal dispositions and an empty
 * signal mask, stdin and stdout on /dev/null and stderr on a pipe whose
 * first line is logged. Exits are noticed through a pidfd on lib->watcher
 * (Linux >= 5.3); a run still going after
 * charon.plugins.link-monitor.updown_timeout seconds (default 10) has its
 * process group killed.
 *
 * Runs of one monitor (by name) are ordered: one runs at a time, the others
 * wait in a FIFO of charon.plugins.link-monitor.updown_queue (default 16;
 * overflow drops the oldest waiting run, logged) and start when the previous
 * one exits or is killed. Different monitors run concurrently, up to 32.
 */
struct link_monitor_updown_t {

	/**
	 * Run an executable, now or after the monitor's earlier runs; returns at
	 * once. Calls for one monitor must be serialized by the caller, in the
	 * order of the events.
	 *
	 * Failures (spawn errors, too many hooks running, queue overflow) are
	 * logged.
	 *
	 * @param path		absolute path of the executable, argv[0]
	 * @param env		complete environment, NULL terminated (copied)
	 * @param name		monitor name, for logs
	 */
	void (*run)(link_monitor_updown_t *this, const char *path, char **env,
				const char *name);

	/**
	 * Kill (SIGKILL to the process group) and reap running hooks, drop
	 * waiting ones, then destroy the link_monitor_updown_t. Not to be called
	 * concurrently with run(), nor before charon's processor is cancelled
	 * and its scheduler flushed once a hook ran: its jobs and watcher
	 * callbacks refer to the runner.
	 */
	void (*destroy)(link_monitor_updown_t *this);
};

/**
 * Create a link_monitor_updown instance.
 *
 * @param errors	where failures to start a hook are recorded (not owned)
 * @param timeout	seconds before a hook is killed
 * @param queue		hooks of one monitor waiting for its running one
 * @return			runner
 */
link_monitor_updown_t *link_monitor_updown_create(
										link_monitor_errors_t *errors,
										u_int timeout, u_int queue);

#endif /** LINK_MONITOR_UPDOWN_H_ @}*/
