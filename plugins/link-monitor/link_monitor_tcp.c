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


#include "link_monitor_tcp.h"
#include "link_monitor_session.h"
#include "link_monitor_tls.h"

#include <errno.h>
#include <unistd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <daemon.h>
#include <threading/mutex.h>
#include <collections/linked_list.h>
#include <processing/jobs/callback_job.h>

typedef struct private_link_monitor_tcp_t private_link_monitor_tcp_t;

/**
 * Private data of a link_monitor_tcp_t object.
 */
struct private_link_monitor_tcp_t {

	/**
	 * Implements link_monitor_transport_t.
	 */
	link_monitor_transport_t public;

	/**
	 * Probes in progress, conn_t.
	 */
	linked_list_t *conns;

	/**
	 * Last connection id handed out.
	 */
	uint64_t next_id;

	/**
	 * TLS contexts for https.
	 */
	link_monitor_tls_t *tls;

	/**
	 * Result callback.
	 */
	link_monitor_reply_cb_t cb;

	/**
	 * Data for cb.
	 */
	void *data;

	/**
	 * Protects conns, next_id and the sessions.
	 */
	mutex_t *mutex;
};

/**
 * A probe in progress: its session, watched on its socket. The watcher
 * callback has it as data; it is freed only after its socket is out of the
 * watcher.
 */
typedef struct {

	/**
	 * Transport.
	 */
	private_link_monitor_tcp_t *tcp;

	/**
	 * Unique id, for the jobs.
	 */
	uint64_t id;

	/**
	 * The probe's session, owning the socket.
	 */
	link_monitor_session_t *session;

	/**
	 * Being closed, no more processing.
	 */
	bool closing;

} conn_t;

/**
 * Data of a job closing a connection.
 */
typedef struct {

	/**
	 * Transport, outlives the job.
	 */
	private_link_monitor_tcp_t *this;

	/**
	 * Id of the connection.
	 */
	uint64_t id;

} job_data_t;

/**
 * Destroy a connection and its session (socket already out of the
 * watcher).
 */
static void conn_destroy(conn_t *conn)
{
	conn->session->destroy(conn->session);
	free(conn);
}

/**
 * Find a connection by id; call with the mutex held.
 */
static conn_t *find_conn(private_link_monitor_tcp_t *this, uint64_t id)
{
	enumerator_t *enumerator;
	conn_t *conn, *found = NULL;

	enumerator = this->conns->create_enumerator(this->conns);
	while (enumerator->enumerate(enumerator, &conn))
	{
		if (conn->id == id)
		{
			found = conn;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Create the data of a job on a connection.
 */
static job_data_t *job_data(private_link_monitor_tcp_t *this, conn_t *conn)
{
	job_data_t *data;

	INIT(data,
		.this = this,
		.id = conn->id,
	);
	return data;
}

/**
 * Job closing a connection, if still there, outside of its watcher
 * callback: once it finished, or at its deadline (the scheduler counts the
 * probe as lost by its own).
 */
static job_requeue_t close_conn(job_data_t *data)
{
	private_link_monitor_tcp_t *this = data->this;
	conn_t *conn;

	this->mutex->lock(this->mutex);
	conn = find_conn(this, data->id);
	if (conn)
	{	/* no more processing in a callback running meanwhile */
		conn->closing = TRUE;
		this->conns->remove(this->conns, conn, NULL);
	}
	this->mutex->unlock(this->mutex);
	if (conn)
	{
		/* waits for a running callback of this fd to return */
		lib->watcher->remove(lib->watcher,
							 conn->session->get_fd(conn->session));
		conn_destroy(conn);
	}
	return JOB_REQUEUE_NONE;
}

/**
 * Mark a connection closing and queue its removal; call with the mutex
 * held.
 */
static void schedule_close(private_link_monitor_tcp_t *this, conn_t *conn)
{
	if (!conn->closing)
	{
		conn->closing = TRUE;
		lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)close_conn,
										job_data(this, conn), free, NULL));
	}
}

CALLBACK(on_event, bool,
	conn_t *conn, int fd, watcher_event_t event)
{
	private_link_monitor_tcp_t *this = conn->tcp;
	link_monitor_session_status_t status;
	lm_reply_t reply;

	this->mutex->lock(this->mutex);
	if (conn->closing)
	{
		this->mutex->unlock(this->mutex);
		return FALSE;
	}
	status = conn->session->handle(conn->session, event, &reply);
	if (status == LINK_MONITOR_SESSION_DONE)
	{
		schedule_close(this, conn);
	}
	this->mutex->unlock(this->mutex);

	switch (status)
	{
		case LINK_MONITOR_SESSION_DONE:
			this->cb(this->data, &reply, 1);
			return FALSE;
		case LINK_MONITOR_SESSION_READ_ONLY:
			/* unregisters this (write) event only */
			return FALSE;
		default:
			return TRUE;
	}
}

/**
 * Open a non-blocking stream socket for a probe: DSCP, no Nagle, bound to
 * the monitor's interface and source address if configured.
 *
 * @param fd		receives the socket
 * @return			0 or an errno value
 */
static int open_socket(const lm_probe_t *probe, int *fd)
{
	const lm_monitor_cfg_t *cfg = lm_monitor_cfg_server(probe->mon->cfg,
														probe->server);
	int family = probe->mon->servers[probe->server].addr.family;
	struct sockaddr_storage sa;
	socklen_t salen;
	int tos = cfg->dscp << 2, on = 1, err;

	*fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (*fd < 0)
	{
		return errno;
	}
	if (tos)
	{
		if (family == AF_INET)
		{
			setsockopt(*fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
		}
		else
		{
			setsockopt(*fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos));
		}
	}
	setsockopt(*fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (cfg->mark &&
		setsockopt(*fd, SOL_SOCKET, SO_MARK, &cfg->mark, sizeof(cfg->mark)) < 0)
	{
		err = errno;
		close(*fd);
		return err;
	}
	if (cfg->interface &&
		setsockopt(*fd, SOL_SOCKET, SO_BINDTODEVICE, cfg->interface,
				   strlen(cfg->interface)) < 0)
	{
		err = errno;
		close(*fd);
		return err;
	}
	if (cfg->source.family)
	{
		salen = lm_addr_to_sockaddr(&cfg->source, 0, &sa);
		if (bind(*fd, (struct sockaddr*)&sa, salen) < 0)
		{
			err = errno;
			close(*fd);
			return err;
		}
	}
	return 0;
}

/**
 * Watch a connecting session, with a deadline shortly after the probe's.
 */
static void watch(private_link_monitor_tcp_t *this,
				  link_monitor_session_t *session, u_int timeout_ms)
{
	job_data_t *data;
	conn_t *conn;

	INIT(conn,
		.tcp = this,
		.session = session,
	);
	this->mutex->lock(this->mutex);
	conn->id = ++this->next_id;
	this->conns->insert_last(this->conns, conn);
	data = job_data(this, conn);
	this->mutex->unlock(this->mutex);

	/* jobs hold the transport by a plain pointer: charon cancels its
	 * processor and flushes its scheduler before it unloads plugins, so
	 * none runs after destroy(). A job owns its data (freed by its cleanup)
	 * and looks the connection up by id under the mutex: another job may
	 * have closed it. This one closes it at its deadline */
	lib->scheduler->schedule_job_ms(lib->scheduler,
		(job_t*)callback_job_create((callback_job_cb_t)close_conn, data,
									free, NULL), timeout_ms);
	lib->watcher->add(lib->watcher, session->get_fd(session),
					  WATCHER_READ | WATCHER_WRITE, on_event, conn);
}

METHOD(link_monitor_transport_t, send_, int,
	private_link_monitor_tcp_t *this, const lm_probe_t *probe,
	uint64_t *mono_ns, uint64_t *real_ns)
{
	link_monitor_session_t *session;
	int fd, err;

	err = open_socket(probe, &fd);
	if (err)
	{
		return err;
	}
	err = link_monitor_session_create(probe, fd, this->tls, &session);
	if (err)
	{
		close(fd);
		return err;
	}
	err = session->start(session, mono_ns, real_ns);
	if (err)
	{
		session->destroy(session);
		return err;
	}
	/* abort the connection shortly after the probe timed out */
	watch(this, session, probe->mon->cfg->probe_timeout_ms + 10);
	return 0;
}

METHOD(link_monitor_transport_t, destroy, void,
	private_link_monitor_tcp_t *this)
{
	conn_t *conn;

	/* neither a job nor a watcher callback of ours runs anymore (see
	 * watch()) */
	while (this->conns->remove_first(this->conns, (void**)&conn) == SUCCESS)
	{
		lib->watcher->remove(lib->watcher,
							 conn->session->get_fd(conn->session));
		conn_destroy(conn);
	}
	this->conns->destroy(this->conns);
	this->tls->destroy(this->tls);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_transport_t *link_monitor_tcp_create(link_monitor_reply_cb_t cb,
												  void *data)
{
	private_link_monitor_tcp_t *this;

	INIT(this,
		.public = {
			.send = _send_,
			.destroy = _destroy,
		},
		.conns = linked_list_create(),
		.cb = cb,
		.data = data,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	this->tls = link_monitor_tls_create();
	if (!this->tls)
	{
		this->conns->destroy(this->conns);
		this->mutex->destroy(this->mutex);
		free(this);
		return NULL;
	}
	return &this->public;
}
