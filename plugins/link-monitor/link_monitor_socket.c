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

#include "link_monitor_socket.h"

#include <errno.h>
#include <grp.h>
#include <unistd.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <daemon.h>
#include <processing/jobs/callback_job.h>

typedef struct private_link_monitor_socket_t private_link_monitor_socket_t;

/**
 * Private data of a link_monitor_socket_t object.
 */
struct private_link_monitor_socket_t {

	/**
	 * Public link_monitor_socket_t interface.
	 */
	link_monitor_socket_t public;

	/**
	 * Answers status requests.
	 */
	link_monitor_status_t *status;

	/**
	 * Parses HA roles.
	 */
	link_monitor_ha_t *ha;

	/**
	 * Takes HA roles, writes histories and metrics.
	 */
	link_monitor_scheduler_t *scheduler;

	/**
	 * The event log, NULL if none.
	 */
	link_monitor_events_t *events;

	/**
	 * Reloads the monitors.
	 */
	link_monitor_reload_cb_t reload;

	/**
	 * Data passed to reload.
	 */
	void *data;

	/**
	 * Service accepting connections.
	 */
	stream_service_t *service;
};

/**
 * Job destroying a client stream outside its own callback; the stream is
 * the job's own and goes in its cleanup, also if the job never runs.
 */
static job_requeue_t close_stream(stream_t *stream)
{
	return JOB_REQUEUE_NONE;
}

/**
 * Send a response.
 */
static void respond(stream_t *stream, lm_msg_result_t result, lm_buf_t *buf)
{
	uint8_t hdr[LM_MSG_HDR_LEN];
	size_t len = buf->len;

	lm_msg_encode_hdr(hdr, result, len);
	if (!stream->write_all(stream, hdr, sizeof(hdr)) ||
		(len && !stream->write_all(stream, buf->data, len)))
	{
		if (errno != EPIPE && errno != ECONNRESET)
		{
			DBG1(DBG_CFG, "link-monitor: sending response failed: %s",
				 strerror(errno));
		}
	}
}

/**
 * Take the HA role keepalived reported.
 */
static lm_msg_result_t ha_role(private_link_monitor_socket_t *this,
							   char *name, lm_buf_t *buf)
{
	lm_event_t event = {
		.type = LM_EV_HA_ROLE,
	};
	lm_msg_result_t result;

	result = this->ha->parse_role(this->ha, name, &event.role, buf);
	if (result == LM_MSG_OK)
	{
		this->scheduler->step(this->scheduler, &event);
	}
	return result;
}

/**
 * A monitor's history: "NAME [SINCE]".
 */
static lm_msg_result_t history(private_link_monitor_socket_t *this,
							   char *body, lm_buf_t *buf)
{
	char name[LM_MAX_NAME + 1];
	long long since = 0;

	if (sscanf(body, "%48s %lld", name, &since) < 1)
	{
		lm_buf_printf(buf, "history needs a monitor name\n");
		return LM_MSG_FAILED;
	}
	return this->scheduler->history(this->scheduler, name, since, buf);
}

/**
 * The events: "[AFTER [NAME]]".
 */
static lm_msg_result_t events(private_link_monitor_socket_t *this,
							  char *body, lm_buf_t *buf)
{
	char name[LM_MAX_NAME + 1] = "";
	unsigned long long after = 0;

	if (!this->events)
	{
		lm_buf_printf(buf, "no event log (out of memory at start)\n");
		return LM_MSG_FAILED;
	}
	sscanf(body, "%llu %48s", &after, name);
	this->events->write(this->events, buf, after, name[0] ? name : NULL);
	return LM_MSG_OK;
}

/**
 * Handle one request.
 */
static void handle(private_link_monitor_socket_t *this, stream_t *stream,
				   uint8_t type, char *body)
{
	lm_msg_result_t result;
	lm_buf_t buf = {};
	char *name = strlen(body) ? body : NULL;

	DBG2(DBG_CFG, "link-monitor: %s request", lm_msg_type_name(type));
	switch (type)
	{
		case LM_MSG_STATUS:
		case LM_MSG_STATUS_JSON:
			result = this->status->render(this->status, name,
										  type == LM_MSG_STATUS_JSON, &buf);
			break;
		case LM_MSG_RELOAD:
			if (this->reload(this->data))
			{
				result = LM_MSG_OK;
				lm_buf_printf(&buf, "link-monitor configuration reloaded\n");
			}
			else
			{
				result = LM_MSG_FAILED;
				lm_buf_printf(&buf, "link-monitor configuration rejected, "
							  "previous configuration kept (see charon log)\n");
			}
			break;
		case LM_MSG_HA_ROLE:
			result = ha_role(this, body, &buf);
			break;
		case LM_MSG_HISTORY:
			result = history(this, body, &buf);
			break;
		case LM_MSG_EVENTS:
			result = events(this, body, &buf);
			break;
		case LM_MSG_METRICS:
			this->scheduler->metrics(this->scheduler,
									 streq(body, "openmetrics"), &buf);
			result = LM_MSG_OK;
			break;
		default:
			result = LM_MSG_UNSUPPORTED;
			lm_buf_printf(&buf, "unsupported request type %u\n", type);
			break;
	}
	if (lm_buf_failed(&buf))
	{
		lm_buf_free(&buf);
		result = LM_MSG_FAILED;
		lm_buf_printf(&buf, "out of memory\n");
	}
	respond(stream, result, &buf);
	lm_buf_free(&buf);
}

CALLBACK(on_read, bool,
	private_link_monitor_socket_t *this, stream_t *stream)
{
	uint8_t hdr[LM_MSG_HDR_LEN], type;
	char body[LM_MSG_MAX_REQUEST + 1];
	const char *err;
	uint32_t len;

	if (!stream->read_all(stream, hdr, sizeof(hdr)))
	{
		if (errno != ECONNRESET && errno != 0)
		{
			DBG1(DBG_CFG, "link-monitor: reading request failed: %s",
				 strerror(errno));
		}
	}
	else if ((err = lm_msg_decode_hdr(hdr, LM_MSG_MAX_REQUEST, &type, &len)))
	{
		DBG1(DBG_CFG, "link-monitor: rejecting request: %s", err);
	}
	else if (len && !stream->read_all(stream, body, len))
	{
		DBG1(DBG_CFG, "link-monitor: reading request body failed: %s",
			 strerror(errno));
	}
	else
	{
		body[len] = '\0';
		handle(this, stream, type, body);
	}
	/* one request per connection; destroy the stream outside its callback */
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create((callback_job_cb_t)close_stream, stream,
									(callback_job_cleanup_t)stream->destroy,
									NULL));
	return FALSE;
}

CALLBACK(on_accept, bool,
	private_link_monitor_socket_t *this, stream_t *stream)
{
	stream->on_read(stream, on_read, this);
	return TRUE;
}

/**
 * The socket answers status and takes reloads and HA roles: 0600, or 0660
 * for the group set in charon.plugins.link-monitor.socket_group.
 */
static void restrict_socket(const char *uri, const char *group)
{
	struct sockaddr_un addr;
	struct group *grp;
	mode_t mode = S_IRUSR | S_IWUSR;

	if (!lm_msg_parse_unix_uri(uri, addr.sun_path, sizeof(addr.sun_path)))
	{
		return;
	}
	if (group)
	{
		grp = getgrnam(group);
		if (!grp)
		{
			DBG1(DBG_CFG, "link-monitor: socket_group '%s' not found, the "
				 "control socket stays owner-only", group);
		}
		else if (chown(addr.sun_path, -1, grp->gr_gid) != 0)
		{
			DBG1(DBG_CFG, "link-monitor: changing the group of %s failed: %s",
				 addr.sun_path, strerror(errno));
		}
		else
		{
			mode |= S_IRGRP | S_IWGRP;
		}
	}
	if (chmod(addr.sun_path, mode) != 0)
	{
		DBG1(DBG_CFG, "link-monitor: restricting %s failed: %s",
			 addr.sun_path, strerror(errno));
	}
}

METHOD(link_monitor_socket_t, destroy, void,
	private_link_monitor_socket_t *this)
{
	DESTROY_IF(this->service);
	free(this);
}

/*
 * Described in header
 */
link_monitor_socket_t *link_monitor_socket_create(const char *uri,
										const char *group,
										link_monitor_status_t *status,
										link_monitor_ha_t *ha,
										link_monitor_scheduler_t *scheduler,
										link_monitor_events_t *events,
										link_monitor_reload_cb_t reload,
										void *data)
{
	private_link_monitor_socket_t *this;

	INIT(this,
		.public = {
			.destroy = _destroy,
		},
		.status = status,
		.ha = ha,
		.scheduler = scheduler,
		.events = events,
		.reload = reload,
		.data = data,
	);

	this->service = lib->streams->create_service(lib->streams, (char*)uri, 10);
	if (!this->service)
	{
		DBG1(DBG_CFG, "link-monitor: creating control socket %s failed", uri);
		destroy(this);
		return NULL;
	}
	restrict_socket(uri, group);
	this->service->on_accept(this->service, on_accept, this,
							 JOB_PRIO_CRITICAL, 1);
	DBG2(DBG_CFG, "link-monitor: control socket listening on %s", uri);
	return &this->public;
}
