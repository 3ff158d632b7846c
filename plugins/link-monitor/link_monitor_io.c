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

#include "link_monitor_io.h"

#include <errno.h>
#include <unistd.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/timerfd.h>

#include <daemon.h>
#include <threading/thread.h>
#include <collections/linked_list.h>

typedef struct private_link_monitor_io_t private_link_monitor_io_t;

/**
 * A watched descriptor.
 */
typedef struct {
	/** descriptor */
	int fd;
	/** callback, NULL for the timer and stop descriptors */
	link_monitor_io_fd_cb_t cb;
	/** data for cb */
	void *data;
} watched_t;

/**
 * Private data of a link_monitor_io_t object.
 */
struct private_link_monitor_io_t {

	/**
	 * Public link_monitor_io_t interface.
	 */
	link_monitor_io_t public;

	/**
	 * epoll set.
	 */
	int epfd;

	/**
	 * The timer, and the eventfd that stops the thread.
	 */
	watched_t timer, stop;

	/**
	 * Watched descriptors, watched_t*.
	 */
	linked_list_t *watched;

	/**
	 * Timer callback.
	 */
	link_monitor_io_timer_cb_t cb;

	/**
	 * Data for cb.
	 */
	void *data;

	/**
	 * The thread, NULL if not started.
	 */
	thread_t *thread;
};

/**
 * Add a descriptor to the epoll set.
 */
static bool watch(private_link_monitor_io_t *this, watched_t *w)
{
	struct epoll_event ev = {
		.events = EPOLLIN,
		.data.ptr = w,
	};

	/* EPOLLERR (the error queue) is always reported */
	if (epoll_ctl(this->epfd, EPOLL_CTL_ADD, w->fd, &ev) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: watching probe socket failed: %s",
			 strerror(errno));
		return FALSE;
	}
	return TRUE;
}

METHOD(link_monitor_io_t, add, bool,
	private_link_monitor_io_t *this, int fd, link_monitor_io_fd_cb_t cb,
	void *data)
{
	watched_t *w;

	INIT(w,
		.fd = fd,
		.cb = cb,
		.data = data,
	);
	if (!watch(this, w))
	{
		free(w);
		return FALSE;
	}
	this->watched->insert_last(this->watched, w);
	return TRUE;
}

METHOD(link_monitor_io_t, set_timer, void,
	private_link_monitor_io_t *this, uint64_t mono_ns)
{
	struct itimerspec its = {};

	if (mono_ns != UINT64_MAX)
	{
		/* 0 would disarm it: a time in the past fires at once */
		mono_ns = max(mono_ns, 1);
		its.it_value.tv_sec = mono_ns / 1000000000ULL;
		its.it_value.tv_nsec = mono_ns % 1000000000ULL;
	}
	if (timerfd_settime(this->timer.fd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: setting the probe timer failed: %s",
			 strerror(errno));
	}
}

/**
 * The probe thread.
 */
static void *run(private_link_monitor_io_t *this)
{
	struct epoll_event events[16];
	watched_t *w;
	uint64_t count;
	int i, n;
	bool old, timer;

	while (TRUE)
	{
		/* only if stopping through the eventfd failed */
		old = thread_cancelability(TRUE);
		n = epoll_wait(this->epfd, events, countof(events), -1);
		thread_cancelability(old);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			DBG1(DBG_CFG, "link-monitor: probe thread failed: %s",
				 strerror(errno));
			return NULL;
		}
		timer = FALSE;
		for (i = 0; i < n; i++)
		{
			w = events[i].data.ptr;
			if (w == &this->stop)
			{
				return NULL;
			}
			if (w == &this->timer)
			{
				timer = read(w->fd, &count, sizeof(count)) == sizeof(count);
				continue;
			}
			w->cb(w->data, w->fd);
		}
		/* replies that are in first: a probe answered in time is not
		 * expired because this thread woke late for both */
		if (timer && this->cb)
		{
			this->cb(this->data);
		}
	}
}

METHOD(link_monitor_io_t, on_timer, void,
	private_link_monitor_io_t *this, link_monitor_io_timer_cb_t cb, void *data)
{
	this->cb = cb;
	this->data = data;
}

METHOD(link_monitor_io_t, start, bool,
	private_link_monitor_io_t *this)
{
	this->thread = thread_create((thread_main_t)run, this);
	if (!this->thread)
	{
		DBG1(DBG_CFG, "link-monitor: starting the probe thread failed");
		return FALSE;
	}
	return TRUE;
}

METHOD(link_monitor_io_t, destroy, void,
	private_link_monitor_io_t *this)
{
	uint64_t one = 1;

	if (this->thread)
	{
		if (write(this->stop.fd, &one, sizeof(one)) != sizeof(one))
		{
			DBG1(DBG_CFG, "link-monitor: stopping the probe thread failed: "
				 "%s", strerror(errno));
			this->thread->cancel(this->thread);
		}
		this->thread->join(this->thread);
	}
	this->watched->destroy_function(this->watched, free);
	if (this->timer.fd >= 0)
	{
		close(this->timer.fd);
	}
	if (this->stop.fd >= 0)
	{
		close(this->stop.fd);
	}
	if (this->epfd >= 0)
	{
		close(this->epfd);
	}
	free(this);
}

/*
 * Described in header
 */
link_monitor_io_t *link_monitor_io_create()
{
	private_link_monitor_io_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.set_timer = _set_timer,
			.on_timer = _on_timer,
			.start = _start,
			.destroy = _destroy,
		},
		.epfd = epoll_create1(EPOLL_CLOEXEC),
		.timer = {
			.fd = timerfd_create(CLOCK_MONOTONIC,
								 TFD_NONBLOCK | TFD_CLOEXEC),
		},
		.stop = {
			.fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC),
		},
		.watched = linked_list_create(),
	);

	if (this->epfd < 0 || this->timer.fd < 0 || this->stop.fd < 0 ||
		!watch(this, &this->timer) || !watch(this, &this->stop))
	{
		DBG1(DBG_CFG, "link-monitor: creating the probe thread's epoll set "
			 "failed: %s", strerror(errno));
		destroy(this);
		return NULL;
	}
	return &this->public;
}
