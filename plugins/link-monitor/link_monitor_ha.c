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
	 * Where a failed track file write is recorded (not owned).
	 */
	link_monitor_errors_t *errors;

	/**
	 * Enabled by charon.plugins.link-monitor.ha.
	 */
	bool enabled;

	/**
	 * Configuration.
	 */
	lm_ha_cfg_t cfg;

	/**
	 * State.
	 */
	lm_ha_t ha;

	/**
	 * Role reported by keepalived.
	 */
	lm_ha_role_t role;

	/**
	 * keepalived track file.
	 */
	char *track_file;

	/**
	 * Protects everything above.
	 */
	mutex_t *mutex;

	/**
	 * Serializes track file writes, so the latest value always wins.
	 */
	mutex_t *file_mutex;
};

/**
 * Job writing the current value to the track file.
 */
static job_requeue_t write_track(private_link_monitor_ha_t *this)
{
	uint32_t value;
	char *file;
	int err;

	this->file_mutex->lock(this->file_mutex);
	this->mutex->lock(this->mutex);
	value = this->ha.value;
	file = strdupnull(this->track_file);
	this->mutex->unlock(this->mutex);
	if (file)
	{
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
			DBG2(DBG_CFG, "link-monitor: HA track file %s holds %u", file,
				 value);
			this->errors->clear(this->errors, "ha");
		}
		free(file);
	}
	this->file_mutex->unlock(this->file_mutex);
	return JOB_REQUEUE_NONE;
}

/**
 * Queue a track file write.
 */
static void queue_track(private_link_monitor_ha_t *this)
{
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create_with_prio((callback_job_cb_t)write_track,
									this, NULL, NULL, JOB_PRIO_HIGH));
}

/**
 * Log and write what the HA logic decided.
 */
static void process(private_link_monitor_ha_t *this, lm_ha_out_t *out)
{
	int i;

	for (i = 0; i < out->nlogs; i++)
	{
		DBG1(DBG_CFG, "%s", out->logs[i]);
	}
	if (out->changed)
	{
		queue_track(this);
	}
}

/**
 * Parse flip_timeout: minutes as FortiGate, or with suffix s, m, h.
 */
static bool parse_flip(char *str, uint64_t *secs)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(str, &end, 10);
	if (errno || end == str || v == 0)
	{
		return FALSE;
	}
	if (streq(end, "") || streq(end, "m"))
	{
		v *= 60;
	}
	else if (streq(end, "h"))
	{
		v *= 3600;
	}
	else if (!streq(end, "s"))
	{
		return FALSE;
	}
	*secs = v;
	return TRUE;
}

METHOD(link_monitor_ha_t, reload, void,
	private_link_monitor_ha_t *this)
{
	char *flip, *file;
	bool enabled;

	file = lib->settings->get_str(lib->settings,
						"%s.plugins.link-monitor.ha.track_file", NULL, lib->ns);
	flip = lib->settings->get_str(lib->settings,
						"%s.plugins.link-monitor.ha.flip_timeout", NULL, lib->ns);
	enabled = file || flip ||
		lib->settings->get_str(lib->settings,
				"%s.plugins.link-monitor.ha.failover_threshold", NULL, lib->ns) ||
		lib->settings->get_str(lib->settings,
				"%s.plugins.link-monitor.ha.secondary_force_reset", NULL,
				lib->ns);
	this->mutex->lock(this->mutex);
	if (!enabled)
	{
		if (this->enabled)
		{
			DBG1(DBG_CFG, "link-monitor: HA penalty disabled");
		}
		this->enabled = FALSE;
		this->mutex->unlock(this->mutex);
		return;
	}
	this->cfg = (lm_ha_cfg_t){
		.failover_threshold = lib->settings->get_int(lib->settings,
				"%s.plugins.link-monitor.ha.failover_threshold", 0, lib->ns),
		.flip_timeout_s = 60 * 60,
		.secondary_force_reset = lib->settings->get_bool(lib->settings,
				"%s.plugins.link-monitor.ha.secondary_force_reset", TRUE,
				lib->ns),
	};
	if (flip && !parse_flip(flip, &this->cfg.flip_timeout_s))
	{
		DBG1(DBG_CFG, "link-monitor: ha.flip_timeout '%s' is not a number of "
			 "minutes (or with suffix s, m, h), using 60", flip);
	}
	file = file ?: "/run/linkmon/ha.weight";
	if (!this->track_file || !streq(this->track_file, file))
	{
		free(this->track_file);
		this->track_file = strdup(file);
	}
	if (!this->enabled)
	{
		lm_ha_init(&this->ha);
		this->enabled = TRUE;
	}
	/* no stale value from an earlier run, the value in a new file, and
	 * another try after a write failed */
	queue_track(this);
	DBG1(DBG_CFG, "link-monitor: HA penalty for keepalived in %s, failover "
		 "threshold %u, flip timeout %llu s, secondary force reset %s",
		 this->track_file, this->cfg.failover_threshold,
		 (unsigned long long)this->cfg.flip_timeout_s,
		 this->cfg.secondary_force_reset ? "yes" : "no");
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_ha_t, is_enabled, bool,
	private_link_monitor_ha_t *this)
{
	bool enabled;

	this->mutex->lock(this->mutex);
	enabled = this->enabled;
	this->mutex->unlock(this->mutex);
	return enabled;
}

METHOD(link_monitor_ha_t, update, void,
	private_link_monitor_ha_t *this, lm_ha_input_t *inputs, int count,
	uint64_t now)
{
	lm_ha_out_t out;

	this->mutex->lock(this->mutex);
	if (this->enabled)
	{
		lm_ha_update(&this->ha, &this->cfg, inputs, count, this->role, now,
					 &out);
		process(this, &out);
	}
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_ha_t, set_role, lm_msg_result_t,
	private_link_monitor_ha_t *this, char *role, lm_buf_t *buf)
{
	lm_ha_role_t r;

	if (streq(role, "master"))
	{
		r = LM_HA_ROLE_MASTER;
	}
	else if (streq(role, "backup") || streq(role, "fault"))
	{
		r = LM_HA_ROLE_BACKUP;
	}
	else
	{
		lm_buf_printf(buf, "unknown HA role '%s' (master, backup, fault)\n",
					  role);
		return LM_MSG_FAILED;
	}
	this->mutex->lock(this->mutex);
	if (!this->enabled)
	{
		this->mutex->unlock(this->mutex);
		lm_buf_printf(buf, "HA is not configured "
					  "(charon.plugins.link-monitor.ha)\n");
		return LM_MSG_FAILED;
	}
	if (r != this->role)
	{
		DBG1(DBG_CFG, "link-monitor: HA role is now %s", role);
	}
	this->role = r;
	this->mutex->unlock(this->mutex);
	lm_buf_printf(buf, "HA role %s\n", role);
	return LM_MSG_OK;
}

METHOD(link_monitor_ha_t, next, uint64_t,
	private_link_monitor_ha_t *this)
{
	uint64_t next = UINT64_MAX;

	this->mutex->lock(this->mutex);
	if (this->enabled)
	{
		next = lm_ha_next(&this->ha, &this->cfg);
	}
	this->mutex->unlock(this->mutex);
	return next;
}

METHOD(link_monitor_ha_t, timer, void,
	private_link_monitor_ha_t *this, uint64_t now)
{
	lm_ha_out_t out;

	this->mutex->lock(this->mutex);
	if (this->enabled && lm_ha_next(&this->ha, &this->cfg) <= now)
	{
		lm_ha_timer(&this->ha, &this->cfg, now, &out);
		process(this, &out);
	}
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_ha_t, status, bool,
	private_link_monitor_ha_t *this, lm_buf_t *buf, lm_json_t *json,
	uint64_t now)
{
	this->mutex->lock(this->mutex);
	if (!this->enabled)
	{
		this->mutex->unlock(this->mutex);
		return FALSE;
	}
	if (json)
	{
		lm_json_object(json, "ha");
		lm_json_uint(json, "penalty", this->ha.penalty);
		lm_json_uint(json, "threshold", this->cfg.failover_threshold);
		lm_json_uint(json, "flip_timer_s",
					 lm_ha_flip_remaining_s(&this->ha, &this->cfg, now));
		lm_json_str(json, "role", lm_ha_role_name(this->role));
		lm_json_uint(json, "value", this->ha.value);
		lm_json_bool(json, "held", this->ha.held);
		lm_json_end(json);
	}
	else
	{
		lm_buf_printf(buf, "HA: role %s, penalty %u, threshold %u, track "
					  "file value %u%s, flip timer %llu s, track file %s\n\n",
					  lm_ha_role_name(this->role), this->ha.penalty,
					  this->cfg.failover_threshold, this->ha.value,
					  this->ha.held ? " (held)" : "",
					  (unsigned long long)lm_ha_flip_remaining_s(&this->ha,
														&this->cfg, now),
					  this->track_file);
	}
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(link_monitor_ha_t, destroy, void,
	private_link_monitor_ha_t *this)
{
	this->file_mutex->destroy(this->file_mutex);
	this->mutex->destroy(this->mutex);
	this->errors->destroy(this->errors);
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
			.reload = _reload,
			.is_enabled = _is_enabled,
			.update = _update,
			.set_role = _set_role,
			.next = _next,
			.timer = _timer,
			.status = _status,
			.destroy = _destroy,
		},
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.errors = errors->get_ref(errors),
		.file_mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	return &this->public;
}
