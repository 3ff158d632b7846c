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
 * @defgroup link_monitor_spawn link_monitor_spawn
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_SPAWN_H_
#define LINK_MONITOR_SPAWN_H_

#include <library.h>

#include <sys/types.h>

typedef struct link_monitor_spawn_t link_monitor_spawn_t;

/**
 * A child process, spawned with posix_spawn() without a shell, in its own
 * process group, with default signal dispositions and an empty signal
 * mask, stdin and stdout on /dev/null and stderr on a non-blocking pipe.
 *
 * Its exit is noticed through a pidfd (Linux >= 5.3) the owner watches.
 * Until it is reaped, its process id and group id cannot be reused, so
 * kill() signals the right processes. Not thread-safe: the owner
 * serializes the calls.
 */
struct link_monitor_spawn_t {

	/**
	 * Open the pidfd through which the exit is noticed.
	 *
	 * @return			0 or an errno value
	 */
	int (*open_pidfd)(link_monitor_spawn_t *this);

	/**
	 * Get the pidfd, readable once the process exited.
	 *
	 * @return			pidfd, -1 if not opened
	 */
	int (*get_pidfd)(link_monitor_spawn_t *this);

	/**
	 * Get the process id, also the id of its process group.
	 *
	 * @return			process id
	 */
	pid_t (*get_pid)(link_monitor_spawn_t *this);

	/**
	 * Reap the process if it exited, without blocking.
	 *
	 * @param status	receives the wait status if reaped
	 * @return			0 if reaped, EAGAIN if it still runs, another errno
	 *					value if waitpid() failed (e.g. ECHILD: someone
	 *					else reaped it; it counts as reaped)
	 */
	int (*reap)(link_monitor_spawn_t *this, int *status);

	/**
	 * Kill the process group with SIGKILL, unless the process exited
	 * already (checked without reaping it) or was reaped.
	 *
	 * @return			TRUE if killed
	 */
	bool (*kill)(link_monitor_spawn_t *this);

	/**
	 * Read the first non-empty line the process wrote to stderr, control
	 * characters replaced by '?'.
	 *
	 * @param buf		buffer for the line, null-terminated
	 * @param size		size of buf
	 * @return			TRUE if there is one
	 */
	bool (*read_stderr)(link_monitor_spawn_t *this, char *buf, size_t size);

	/**
	 * Kill the process group with SIGKILL and reap the process (blocking)
	 * unless it was reaped, close the pidfd and the stderr pipe, then
	 * destroy the link_monitor_spawn_t.
	 *
	 * The pidfd must not be watched anymore.
	 */
	void (*destroy)(link_monitor_spawn_t *this);
};

/**
 * Spawn an executable, with the environment given and no arguments but
 * argv[0]. Where supported, fds above stderr are closed in the child
 * (charon's are close-on-exec anyway); if the stderr pipe cannot be
 * created, stderr is /dev/null.
 *
 * @param path		executable, argv[0]
 * @param env		environment, NULL terminated
 * @param spawn		receives the running process
 * @return			0 or an errno value
 */
int link_monitor_spawn_create(const char *path, char **env,
							  link_monitor_spawn_t **spawn);

#endif /** LINK_MONITOR_SPAWN_H_ @}*/
