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

#include "link_monitor_ha.h"

#include <errno.h>

#include <daemon.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

typedef struct private_link_monitor_ha_t private_link_monitor_ha_t;

/**
 * Private data of a link_monitor_ha_t.
 */
struct private_link_monitor_ha_t {

	/**
	 * Public interface.
	 */
	link_monitor_ha_t public;

	/**
	 * Where a failed track file write is recorded.
	 */
	link_monitor_errors_t *errors;

	/**
	 * keepalived's track file, NULL if not configured.
	 */
	char *track_file;

	/**
	 * Value to write.
	 */
	uint32_t value;

	/**
	 * A value is to be written.
	 */
	bool dirty;

	/**
	 * A write job is queued or running.
	 */
	bool queued;

	/**
	 * Protects everything above.
	 */
	mutex_t *mutex;
};

/**
 * Write a value to the track file, recording a failure.
 */
static void write_file(private_link_monitor_ha_t *this, char *file,
					   uint32_t value)
{
	int err;

	err = lm_ha_write_track_file(file, value);
	if (err)
	{
		DBG1(DBG_CFG, "link-monitor: writing HA track file %s failed: %s",
			 file, strerror(err));
		this->errors->set(this->errors, "ha", "writing track file %s "
						  "failed: %s; keepalived does not see penalty %u",
						  file, strerror(err), value);
	}
	else
	{
		DBG2(DBG_CFG, "link-monitor: HA track file %s holds %u", file, value);
		this->errors->clear(this->errors, "ha");
	}
}

/**
 * Job writing the latest value to the track file, again while a newer one
 * came in meanwhile: one job at a time, so never an older value after a
 * newer one.
 */
static job_requeue_t write_track(private_link_monitor_ha_t *this)
{
	uint32_t value;
	char *file;

	this->mutex->lock(this->mutex);
	while (this->dirty)
	{
		this->dirty = FALSE;
		value = this->value;
		file = strdupnull(this->track_file);
		this->mutex->unlock(this->mutex);
		if (file)
		{
			write_file(this, file, value);
			free(file);
		}
		this->mutex->lock(this->mutex);
	}
	this->queued = FALSE;
	this->mutex->unlock(this->mutex);
	return JOB_REQUEUE_NONE;
}

METHOD(link_monitor_ha_t, write_, void,
	private_link_monitor_ha_t *this, uint32_t value)
{
	bool queue;

	this->mutex->lock(this->mutex);
	this->value = value;
	this->dirty = TRUE;
	queue = !this->queued;
	this->queued = TRUE;
	this->mutex->unlock(this->mutex);
	if (queue)
	{
		lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create_with_prio(
							(callback_job_cb_t)write_track, this, NULL, NULL,
							JOB_PRIO_HIGH));
	}
}

METHOD(link_monitor_ha_t, set_track_file, void,
	private_link_monitor_ha_t *this, const char *path)
{
	this->mutex->lock(this->mutex);
	free(this->track_file);
	this->track_file = path ? strdup(path) : NULL;
	this->mutex->unlock(this->mutex);
	if (!path)
	{
		this->errors->clear(this->errors, "ha");
	}
}

METHOD(link_monitor_ha_t, get_track_file, char*,
	private_link_monitor_ha_t *this)
{
	char *path;

	this->mutex->lock(this->mutex);
	path = strdupnull(this->track_file);
	this->mutex->unlock(this->mutex);
	return path;
}

METHOD(link_monitor_ha_t, parse_role, lm_msg_result_t,
	private_link_monitor_ha_t *this, const char *name, lm_ha_role_t *role,
	lm_buf_t *buf)
{
	bool enabled;

	if (streq(name, "master"))
	{
		*role = LM_HA_ROLE_MASTER;
	}
	else if (streq(name, "backup") || streq(name, "fault"))
	{
		*role = LM_HA_ROLE_BACKUP;
	}
	else
	{
		lm_buf_printf(buf, "unknown HA role '%s' (master, backup, fault)\n",
					  name);
		return LM_MSG_FAILED;
	}
	this->mutex->lock(this->mutex);
	enabled = this->track_file != NULL;
	this->mutex->unlock(this->mutex);
	if (!enabled)
	{
		lm_buf_printf(buf, "HA is not configured "
					  "(charon.plugins.link-monitor.ha)\n");
		return LM_MSG_FAILED;
	}
	lm_buf_printf(buf, "HA role %s\n", name);
	return LM_MSG_OK;
}

METHOD(link_monitor_ha_t, destroy, void,
	private_link_monitor_ha_t *this)
{
	this->mutex->destroy(this->mutex);
	free(this->track_file);
	free(this);
}

/*
 * Described in header
 */
link_monitor_ha_t *link_monitor_ha_create(link_monitor_errors_t *errors)
{
	private_link_monitor_ha_t *this;

	INIT(this,
		.public = {
			.set_track_file = _set_track_file,
			.get_track_file = _get_track_file,
			.write = _write_,
			.parse_role = _parse_role,
			.destroy = _destroy,
		},
		.errors = errors,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
