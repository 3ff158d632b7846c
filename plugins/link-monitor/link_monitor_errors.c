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

#include "link_monitor_errors.h"
#include "link_monitor_clock.h"

#include <stdarg.h>
#include <stdio.h>

#include <lm_errors.h>
#include <threading/mutex.h>

typedef struct private_link_monitor_errors_t private_link_monitor_errors_t;

/**
 * Private data of a link_monitor_errors_t.
 */
struct private_link_monitor_errors_t {

	/**
	 * Public interface.
	 */
	link_monitor_errors_t public;

	/**
	 * The failing sources.
	 */
	lm_errors_t errors;

	/**
	 * Protects errors.
	 */
	mutex_t *mutex;
};

METHOD(link_monitor_errors_t, set, void,
	private_link_monitor_errors_t *this, const char *source,
	const char *fmt, ...)
{
	char message[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(message, sizeof(message), fmt, args);
	va_end(args);
	this->mutex->lock(this->mutex);
	lm_errors_set(&this->errors, source, message, link_monitor_now_ns());
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_errors_t, clear, void,
	private_link_monitor_errors_t *this, const char *source)
{
	this->mutex->lock(this->mutex);
	lm_errors_clear(&this->errors, source);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_errors_t, status, uint64_t,
	private_link_monitor_errors_t *this, lm_buf_t *buf, lm_json_t *json)
{
	uint64_t count;

	this->mutex->lock(this->mutex);
	if (json)
	{
		lm_errors_json(&this->errors, json, link_monitor_now_ns());
	}
	else if (buf)
	{
		lm_errors_text(&this->errors, buf, link_monitor_now_ns());
	}
	count = lm_errors_count(&this->errors);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(link_monitor_errors_t, destroy, void,
	private_link_monitor_errors_t *this)
{
	lm_errors_free(&this->errors);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_errors_t *link_monitor_errors_create()
{
	private_link_monitor_errors_t *this;

	INIT(this,
		.public = {
			.set = _set,
			.clear = _clear,
			.status = _status,
			.destroy = _destroy,
		},
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
