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

#define _GNU_SOURCE
#include "link_monitor_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef SYS_pidfd_open
#define SYS_pidfd_open 434
#endif

typedef struct private_link_monitor_spawn_t private_link_monitor_spawn_t;

/**
 * Private data of a link_monitor_spawn_t object.
 */
struct private_link_monitor_spawn_t {

	/**
	 * Public link_monitor_spawn_t interface.
	 */
	link_monitor_spawn_t public;

	/**
	 * Process id, also the process group id.
	 */
	pid_t pid;

	/**
	 * pidfd of the process, -1 if not opened.
	 */
	int pidfd;

	/**
	 * Non-blocking read end of the stderr pipe, -1 if none.
	 */
	int errfd;

	/**
	 * Reaped (or reaped by someone else): pid and group id may be reused.
	 */
	bool reaped;
};

/**
 * Move a pipe end above stdin/stdout/stderr, so the file actions that set
 * up fds 0..2 in the child do not clobber it.
 *
 * @return			fd >= 3, -1 on failure (fd closed)
 */
static int above_stdio(int fd)
{
	int moved;

	if (fd > STDERR_FILENO)
	{
		return fd;
	}
	moved = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
	close(fd);
	return moved;
}

/**
 * Close an fd unless it is -1.
 */
static void close_if(int fd)
{
	if (fd != -1)
	{
		close(fd);
	}
}

/**
 * Create the stderr pipe, both ends close-on-exec and non-blocking (the
 * child's stderr too: once 64 KiB are unread, its writes fail rather than
 * block it).
 *
 * @param fds		receives the read and write end, both -1 on failure
 * @return			TRUE if created
 */
static bool stderr_pipe(int fds[2])
{
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) == -1)
	{
		fds[0] = fds[1] = -1;
		return FALSE;
	}
	fds[0] = above_stdio(fds[0]);
	fds[1] = above_stdio(fds[1]);
	if (fds[0] == -1 || fds[1] == -1)
	{
		close_if(fds[0]);
		close_if(fds[1]);
		fds[0] = fds[1] = -1;
		return FALSE;
	}
	return TRUE;
}

/**
 * Set up the child's fds: stdin and stdout on /dev/null, stderr on errfd
 * (or /dev/null if -1) and, where supported, all other fds closed.
 *
 * @return			0 or an errno value
 */
static int add_file_actions(posix_spawn_file_actions_t *actions, int errfd)
{
	int err;

	err = posix_spawn_file_actions_addopen(actions, STDIN_FILENO,
										   "/dev/null", O_RDONLY, 0);
	if (!err)
	{
		err = posix_spawn_file_actions_addopen(actions, STDOUT_FILENO,
											   "/dev/null", O_WRONLY, 0);
	}
	if (!err)
	{
		if (errfd != -1)
		{
			err = posix_spawn_file_actions_adddup2(actions, errfd,
												   STDERR_FILENO);
		}
		else
		{
			err = posix_spawn_file_actions_addopen(actions, STDERR_FILENO,
												   "/dev/null", O_WRONLY, 0);
		}
	}
#if defined(__GLIBC__) && defined(__GLIBC_PREREQ)
#if __GLIBC_PREREQ(2, 34)
	if (!err)
	{
		err = posix_spawn_file_actions_addclosefrom_np(actions,
													   STDERR_FILENO + 1);
	}
#endif
#endif
	return err;
}

/**
 * Set up the child's attributes: a new process group, default signal
 * dispositions and an empty signal mask.
 *
 * @return			0 or an errno value
 */
static int set_attributes(posix_spawnattr_t *attr)
{
	sigset_t set;
	int err;

	sigemptyset(&set);
	err = posix_spawnattr_setsigmask(attr, &set);
	if (!err)
	{	/* charon ignores SIGPIPE; reset that and anything else */
		sigfillset(&set);
		err = posix_spawnattr_setsigdefault(attr, &set);
	}
	if (!err)
	{
		err = posix_spawnattr_setpgroup(attr, 0);
	}
	if (!err)
	{
		err = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETPGROUP |
									   POSIX_SPAWN_SETSIGMASK |
									   POSIX_SPAWN_SETSIGDEF);
	}
	return err;
}

/**
 * Spawn the executable with its stderr on errfd.
 *
 * @return			0 or an errno value
 */
static int spawn(const char *path, char **env, int errfd, pid_t *pid)
{
	posix_spawn_file_actions_t actions;
	posix_spawnattr_t attr;
	char *argv[] = { (char*)path, NULL };
	int err;

	err = posix_spawn_file_actions_init(&actions);
	if (err)
	{
		return err;
	}
	err = posix_spawnattr_init(&attr);
	if (err)
	{
		posix_spawn_file_actions_destroy(&actions);
		return err;
	}
	err = add_file_actions(&actions, errfd);
	if (!err)
	{
		err = set_attributes(&attr);
	}
	if (!err)
	{
		err = posix_spawn(pid, path, &actions, &attr, argv, env);
	}
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&actions);
	return err;
}

METHOD(link_monitor_spawn_t, open_pidfd, int,
	private_link_monitor_spawn_t *this)
{
	/* the child is not reaped yet, so the pid cannot have been reused */
	this->pidfd = syscall(SYS_pidfd_open, this->pid, 0);
	return this->pidfd == -1 ? errno : 0;
}

METHOD(link_monitor_spawn_t, get_pidfd, int,
	private_link_monitor_spawn_t *this)
{
	return this->pidfd;
}

METHOD(link_monitor_spawn_t, get_pid, pid_t,
	private_link_monitor_spawn_t *this)
{
	return this->pid;
}

METHOD(link_monitor_spawn_t, reap, int,
	private_link_monitor_spawn_t *this, int *status)
{
	pid_t pid;

	do
	{
		pid = waitpid(this->pid, status, WNOHANG);
	}
	while (pid == -1 && errno == EINTR);
	if (pid == 0)
	{	/* not exited yet */
		return EAGAIN;
	}
	this->reaped = TRUE;
	return pid == -1 ? errno : 0;
}

METHOD(link_monitor_spawn_t, kill_, bool,
	private_link_monitor_spawn_t *this)
{
	siginfo_t info = {};

	/* skip it if it just exited and is about to be reaped */
	if (!this->reaped &&
		(waitid(P_PID, this->pid, &info, WEXITED | WNOHANG | WNOWAIT) != 0 ||
		 info.si_pid == 0))
	{
		/* not reaped, so the group id is still ours */
		kill(-this->pid, SIGKILL);
		return TRUE;
	}
	return FALSE;
}

METHOD(link_monitor_spawn_t, read_stderr, bool,
	private_link_monitor_spawn_t *this, char *buf, size_t size)
{
	char *start, *end, *pos;
	ssize_t len;

	if (this->errfd == -1)
	{
		return FALSE;
	}
	do
	{
		len = read(this->errfd, buf, size - 1);
	}
	while (len == -1 && errno == EINTR);
	if (len <= 0)
	{
		return FALSE;
	}
	buf[len] = '\0';
	start = buf + strspn(buf, "\r\n");
	end = start + strcspn(start, "\r\n");
	*end = '\0';
	for (pos = start; pos < end; pos++)
	{
		if ((unsigned char)*pos < 0x20 || *pos == 0x7f)
		{
			*pos = '?';
		}
	}
	if (start == end)
	{
		return FALSE;
	}
	memmove(buf, start, end - start + 1);
	return TRUE;
}

METHOD(link_monitor_spawn_t, destroy, void,
	private_link_monitor_spawn_t *this)
{
	int status;

	if (!this->reaped)
	{
		kill(-this->pid, SIGKILL);
		while (waitpid(this->pid, &status, 0) == -1 && errno == EINTR)
		{
			/* retry */
		}
	}
	close_if(this->pidfd);
	close_if(this->errfd);
	free(this);
}

/*
 * Described in header
 */
int link_monitor_spawn_create(const char *path, char **env,
							  link_monitor_spawn_t **spawn_out)
{
	private_link_monitor_spawn_t *this;
	int fds[2], err;
	pid_t pid;

	stderr_pipe(fds);
	err = spawn(path, env, fds[1], &pid);
	close_if(fds[1]);
	if (err)
	{
		close_if(fds[0]);
		return err;
	}
	INIT(this,
		.public = {
			.open_pidfd = _open_pidfd,
			.get_pidfd = _get_pidfd,
			.get_pid = _get_pid,
			.reap = _reap,
			.kill = _kill_,
			.read_stderr = _read_stderr,
			.destroy = _destroy,
		},
		.pid = pid,
		.pidfd = -1,
		.errfd = fds[0],
	);
	*spawn_out = &this->public;
	return 0;
}
