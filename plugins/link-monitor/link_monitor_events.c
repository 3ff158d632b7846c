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

#include "link_monitor_events.h"
#include "link_monitor_clock.h"

#include <threading/mutex.h>

typedef struct private_link_monitor_events_t private_link_monitor_events_t;

/**
 * Private data of a link_monitor_events_t object.
 */
struct private_link_monitor_events_t {

	/**
	 * Public link_monitor_events_t interface.
	 */
	link_monitor_events_t public;

	/**
	 * The log.
	 */
	lm_evlog_t *log;

	/**
	 * Protects the log.
	 */
	mutex_t *mutex;
};

METHOD(link_monitor_events_t, add, void,
	private_link_monitor_events_t *this, lm_out_t *out)
{
	uint64_t mono;
	int64_t wall;
	int i;

	if (!out->ntrs)
	{
		return;
	}
	mono = link_monitor_now_ns();
	wall = link_monitor_real_ns();
	this->mutex->lock(this->mutex);
	for (i = 0; i < out->ntrs; i++)
	{
		/* when it happened, on the wall clock of now */
		lm_evlog_add(this->log, &out->trs[i], out->trs[i].now_ns > mono ?
					 wall : wall - (int64_t)(mono - out->trs[i].now_ns));
	}
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_events_t, write_, void,
	private_link_monitor_events_t *this, lm_buf_t *buf, uint64_t after,
	const char *monitor)
{
	this->mutex->lock(this->mutex);
	lm_evlog_write(this->log, buf, after, monitor);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_events_t, destroy, void,
	private_link_monitor_events_t *this)
{
	lm_evlog_destroy(this->log);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_events_t *link_monitor_events_create(u_int size)
{
	private_link_monitor_events_t *this;

	INIT(this,
		.public = {
			.add = _add,
			.write = _write_,
			.destroy = _destroy,
		},
		.log = lm_evlog_create(size),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	if (!this->log)
	{
		destroy(this);
		return NULL;
	}
	return &this->public;
}
