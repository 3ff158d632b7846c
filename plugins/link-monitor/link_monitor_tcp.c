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
#include "link_monitor_clock.h"

#include <errno.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>

#include <openssl/ssl.h>
#include <openssl/err.h>

#include <daemon.h>
#include <threading/mutex.h>
#include <collections/linked_list.h>
#include <processing/jobs/callback_job.h>

#include <lm_echo.h>
#include <lm_http.h>

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
	 * Probes in progress, session_t.
	 */
	linked_list_t *sessions;

	/**
	 * Next session id.
	 */
	uint64_t next_id;

	/**
	 * TLS context for https.
	 */
	SSL_CTX *ctx;

	/**
	 * Result callback.
	 */
	link_monitor_reply_cb_t cb;

	/**
	 * Data for cb.
	 */
	void *data;

	/**
	 * Protects sessions.
	 */
	mutex_t *mutex;
};

/**
 * Session states.
 */
typedef enum {
	STATE_CONNECTING,
	STATE_TLS,
	STATE_READING,
} state_t;

/**
 * One probe in progress; keeps copies of what it needs from the monitor, so
 * the monitor may go away meanwhile.
 */
typedef struct {
	/** owner */
	private_link_monitor_tcp_t *tcp;
	/** session id, for the timeout job */
	uint64_t id;
	/** socket */
	int fd;
	/** TLS connection, https only */
	SSL *ssl;
	/** state */
	state_t state;
	/** being closed, no more processing */
	bool closing;
	/** protocol */
	lm_proto_t protocol;
	/** monitor ident and token, probe sequence number */
	uint16_t ident;
	uint32_t token;
	uint16_t seq;
	/** server */
	lm_addr_t server;
	/** request */
	lm_buf_t request;
	/** bytes of the request sent */
	size_t sent;
	/** expected content, NULL for none */
	char *match;
	/** response received */
	char *response;
	/** bytes in response */
	size_t len;
	/** start time, monotonic */
	uint64_t start_ns;
} session_t;

/**
 * Release a session's resources (socket already out of the watcher).
 */
static void session_free(session_t *s)
{
	if (s->ssl)
	{
		SSL_free(s->ssl);
	}
	if (s->fd >= 0)
	{
		close(s->fd);
	}
	lm_buf_free(&s->request);
	free(s->match);
	free(s->response);
	free(s);
}

/**
 * Job closing a session outside of its watcher callback.
 */
static job_requeue_t close_session(session_t *s)
{
	private_link_monitor_tcp_t *this = s->tcp;

	/* waits for a running callback of this fd to return */
	lib->watcher->remove(lib->watcher, s->fd);
	this->mutex->lock(this->mutex);
	this->sessions->remove(this->sessions, s, NULL);
	this->mutex->unlock(this->mutex);
	session_free(s);
	return JOB_REQUEUE_NONE;
}

/**
 * Mark a session closing and queue its removal; called with the lock held.
 */
static void schedule_close(session_t *s)
{
	if (!s->closing)
	{
		s->closing = TRUE;
		lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create((callback_job_cb_t)close_session, s,
										NULL, NULL));
	}
}

/**
 * Timeout job: abort the session if it still runs. The manager counts the
 * probe as lost by its own deadline.
 */
static job_requeue_t timeout_session(void *data)
{
	uint64_t *ctx = data;
	private_link_monitor_tcp_t *this = (void*)(uintptr_t)ctx[0];
	enumerator_t *enumerator;
	session_t *s;

	this->mutex->lock(this->mutex);
	enumerator = this->sessions->create_enumerator(this->sessions);
	while (enumerator->enumerate(enumerator, &s))
	{
		if (s->id == ctx[1])
		{
			schedule_close(s);
			break;
		}
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return JOB_REQUEUE_NONE;
}

/**
 * Finish a session with a result; returns the result to report after
 * unlocking.
 */
static void finish(session_t *s, bool success, char *reason,
				   lm_reply_t *reply)
{
	uint64_t now = link_monitor_now_ns();

	*reply = (lm_reply_t){
		.protocol = s->protocol,
		.ident = s->ident,
		.token = s->token,
		.token_mask = UINT32_MAX,
		.seq = s->seq,
		.from = s->server,
		.rx_mono_ns = now,
		.rtt_ns = now - s->start_ns,
		.failed = !success,
	};
	if (reason)
	{
		snprintf(reply->reason, sizeof(reply->reason), "%s", reason);
	}
	schedule_close(s);
}

/**
 * Write the rest of the request; returns -1 on error, 0 if incomplete.
 */
static int write_request(session_t *s)
{
	ssize_t n;
	int r;

	while (s->sent < s->request.len)
	{
		if (s->ssl)
		{
			r = SSL_write(s->ssl, s->request.data + s->sent,
						  s->request.len - s->sent);
			if (r <= 0)
			{
				r = SSL_get_error(s->ssl, r);
				return r == SSL_ERROR_WANT_READ || r == SSL_ERROR_WANT_WRITE ?
					   0 : -1;
			}
			n = r;
		}
		else
		{
			n = send(s->fd, s->request.data + s->sent,
					 s->request.len - s->sent, MSG_NOSIGNAL | MSG_DONTWAIT);
			if (n < 0)
			{
				return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
			}
		}
		s->sent += n;
	}
	return 1;
}

/**
 * Read what is available; returns -1 on error, 0 if more may come, 1 on EOF.
 */
static int read_response(session_t *s)
{
	size_t max = s->protocol == LM_PROTO_TCP_ECHO ? LM_ECHO_LEN :
												   LM_HTTP_MAX_RESPONSE;
	ssize_t n;
	int r;

	if (!s->response)
	{
		s->response = malloc(max);
		if (!s->response)
		{
			return -1;
		}
	}
	while (s->len < max)
	{
		if (s->ssl)
		{
			r = SSL_read(s->ssl, s->response + s->len, max - s->len);
			if (r <= 0)
			{
				r = SSL_get_error(s->ssl, r);
				if (r == SSL_ERROR_WANT_READ || r == SSL_ERROR_WANT_WRITE)
				{
					return 0;
				}
				return r == SSL_ERROR_ZERO_RETURN ||
					   r == SSL_ERROR_SYSCALL ? 1 : -1;
			}
			n = r;
		}
		else
		{
			n = recv(s->fd, s->response + s->len, max - s->len, MSG_DONTWAIT);
			if (n < 0)
			{
				return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -1;
			}
			if (n == 0)
			{
				return 1;
			}
		}
		s->len += n;
	}
	return 1;
}

/**
 * Evaluate the response; returns TRUE if the session is finished.
 */
static bool evaluate(session_t *s, bool eof, lm_reply_t *reply)
{
	lm_http_result_t result;
	uint16_t ident, seq;
	uint32_t token;
	char reason[64];
	int status;

	if (s->protocol == LM_PROTO_TCP_ECHO)
	{
		if (s->len < LM_ECHO_LEN)
		{
			if (eof)
			{
				finish(s, FALSE, "connection closed before the echo", reply);
				return TRUE;
			}
			return FALSE;
		}
		if (lm_echo_decode((uint8_t*)s->response, s->len, &ident, &seq,
						   &token) != 0 || ident != s->ident ||
			seq != s->seq || token != s->token)
		{
			finish(s, FALSE, "echo does not match the probe", reply);
			return TRUE;
		}
		finish(s, TRUE, NULL, reply);
		return TRUE;
	}
	result = lm_http_evaluate(s->response, s->len, eof, s->match, &status);
	switch (result)
	{
		case LM_HTTP_MORE:
			return FALSE;
		case LM_HTTP_OK:
			finish(s, TRUE, NULL, reply);
			return TRUE;
		case LM_HTTP_BAD_STATUS:
			snprintf(reason, sizeof(reason), "HTTP status %d", status);
			finish(s, FALSE, reason, reply);
			return TRUE;
		default:
			finish(s, FALSE, (char*)lm_http_result_name(result), reply);
			return TRUE;
	}
}

/**
 * Describe the last TLS error of SSL_get_error() code ssl_err, taken with
 * errno as SSL_connect() left it.
 */
static void tls_error(char *buf, size_t len, int ssl_err, int sys_err)
{
	unsigned long err = ERR_get_error();

	if (err)
	{
		snprintf(buf, len, "TLS handshake failed: %s",
				 ERR_reason_error_string(err) ?: "unknown error");
	}
	else if (ssl_err == SSL_ERROR_SYSCALL && sys_err)
	{
		/* e.g. a reset: OpenSSL's queue is empty, errno tells */
		snprintf(buf, len, "TLS handshake failed: %s", strerror(sys_err));
	}
	else if (ssl_err == SSL_ERROR_SYSCALL || ssl_err == SSL_ERROR_ZERO_RETURN)
	{
		snprintf(buf, len, "TLS handshake failed: connection closed by the "
				 "server");
	}
	else
	{
		snprintf(buf, len, "TLS handshake failed");
	}
	ERR_clear_error();
}

CALLBACK(on_event, bool,
	session_t *s, int fd, watcher_event_t event)
{
	private_link_monitor_tcp_t *this = s->tcp;
	lm_reply_t reply;
	bool done = FALSE, keep = TRUE;
	char reason[128];
	socklen_t optlen;
	int err = 0, r;

	this->mutex->lock(this->mutex);
	if (s->closing)
	{
		this->mutex->unlock(this->mutex);
		return FALSE;
	}
	switch (s->state)
	{
		case STATE_CONNECTING:
			optlen = sizeof(err);
			if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &optlen) < 0)
			{
				err = errno;
			}
			if (err)
			{
				snprintf(reason, sizeof(reason), "connect: %s", strerror(err));
				finish(s, FALSE, reason, &reply);
				done = TRUE;
				break;
			}
			if (s->protocol == LM_PROTO_HTTPS)
			{
				s->ssl = SSL_new(this->ctx);
				if (!s->ssl || !SSL_set_fd(s->ssl, fd))
				{
					finish(s, FALSE, "TLS setup failed", &reply);
					done = TRUE;
					break;
				}
				SSL_set_connect_state(s->ssl);
				s->state = STATE_TLS;
			}
			else
			{
				s->state = STATE_READING;
			}
			/* fall through */
		case STATE_TLS:
			if (s->state == STATE_TLS)
			{
				errno = 0;
				r = SSL_connect(s->ssl);
				if (r != 1)
				{
					err = errno;
					r = SSL_get_error(s->ssl, r);
					if (r != SSL_ERROR_WANT_READ && r != SSL_ERROR_WANT_WRITE)
					{
						tls_error(reason, sizeof(reason), r, err);
						finish(s, FALSE, reason, &reply);
						done = TRUE;
					}
					break;
				}
				s->state = STATE_READING;
			}
			/* fall through */
		case STATE_READING:
			r = write_request(s);
			if (r < 0)
			{
				snprintf(reason, sizeof(reason), "sending request: %s",
						 strerror(errno));
				finish(s, FALSE, reason, &reply);
				done = TRUE;
				break;
			}
			if (r == 0)
			{
				break;
			}
			if (event == WATCHER_WRITE)
			{
				/* request written, only reading from now on */
				keep = FALSE;
				break;
			}
			r = read_response(s);
			if (r < 0)
			{
				snprintf(reason, sizeof(reason), "receiving: %s",
						 s->ssl ? "TLS error" : strerror(errno));
				finish(s, FALSE, reason, &reply);
				done = TRUE;
				break;
			}
			done = evaluate(s, r == 1, &reply);
			break;
	}
	this->mutex->unlock(this->mutex);
	if (done)
	{
		this->cb(this->data, &reply);
		return FALSE;
	}
	return keep;
}

METHOD(link_monitor_transport_t, send_, int,
	private_link_monitor_tcp_t *this, const lm_probe_t *probe,
	uint64_t *mono_ns, uint64_t *real_ns)
{
	const lm_monitor_t *mon = probe->mon;
	const lm_monitor_cfg_t *cfg = mon->cfg;
	int server = probe->server;
	uint16_t seq = probe->seq;
	struct sockaddr_storage sa;
	socklen_t salen;
	session_t *s;
	uint8_t echo[LM_ECHO_LEN];
	uint64_t *ctx;
	int fd, tos = cfg->dscp << 2, on = 1, err;

	fd = socket(mon->servers[server].addr.family,
				SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		return errno;
	}
	if (tos)
	{
		if (mon->servers[server].addr.family == AF_INET)
		{
			setsockopt(fd, IPPROTO_IP, IP_TOS, &tos, sizeof(tos));
		}
		else
		{
			setsockopt(fd, IPPROTO_IPV6, IPV6_TCLASS, &tos, sizeof(tos));
		}
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
	if (cfg->interface &&
		setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, cfg->interface,
				   strlen(cfg->interface)) < 0)
	{
		err = errno;
		close(fd);
		return err;
	}
	if (cfg->source.family)
	{
		salen = lm_addr_to_sockaddr(&cfg->source, 0, &sa);
		if (bind(fd, (struct sockaddr*)&sa, salen) < 0)
		{
			err = errno;
			close(fd);
			return err;
		}
	}
	INIT(s,
		.tcp = this,
		.fd = fd,
		.protocol = cfg->protocol,
		.ident = mon->ident,
		.token = mon->token,
		.seq = seq,
		.server = mon->servers[server].addr,
		.match = cfg->http_match ? strdup(cfg->http_match) : NULL,
	);
	if (cfg->protocol == LM_PROTO_TCP_ECHO)
	{
		lm_echo_encode(echo, mon->ident, seq, mon->token);
		lm_buf_append(&s->request, echo, sizeof(echo));
	}
	else
	{
		lm_http_request(&s->request, cfg->http_get, &s->server, cfg->port,
						cfg->protocol == LM_PROTO_HTTPS ? 443 : 80);
	}
	if (s->request.failed)
	{
		session_free(s);
		return ENOMEM;
	}
	salen = lm_addr_to_sockaddr(&s->server, cfg->port, &sa);
	*real_ns = link_monitor_real_ns();
	*mono_ns = s->start_ns = link_monitor_now_ns();
	if (connect(fd, (struct sockaddr*)&sa, salen) < 0 && errno != EINPROGRESS)
	{
		err = errno;
		session_free(s);
		return err;
	}
	this->mutex->lock(this->mutex);
	s->id = ++this->next_id;
	this->sessions->insert_last(this->sessions, s);
	this->mutex->unlock(this->mutex);

	/* abort the connection shortly after the probe timed out */
	ctx = malloc(2 * sizeof(uint64_t));
	ctx[0] = (uintptr_t)this;
	ctx[1] = s->id;
	lib->scheduler->schedule_job_ms(lib->scheduler,
		(job_t*)callback_job_create(timeout_session, ctx, free, NULL),
		cfg->probe_timeout_ms + 10);

	lib->watcher->add(lib->watcher, fd, WATCHER_READ | WATCHER_WRITE,
					  on_event, s);
	return 0;
}

METHOD(link_monitor_transport_t, destroy, void,
	private_link_monitor_tcp_t *this)
{
	session_t *s;

	while (this->sessions->remove_first(this->sessions, (void**)&s) == SUCCESS)
	{
		lib->watcher->remove(lib->watcher, s->fd);
		session_free(s);
	}
	this->sessions->destroy(this->sessions);
	SSL_CTX_free(this->ctx);
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
		.sessions = linked_list_create(),
		.cb = cb,
		.data = data,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	this->ctx = SSL_CTX_new(TLS_client_method());
	if (!this->ctx)
	{
		DBG1(DBG_CFG, "link-monitor: creating TLS context failed");
		this->sessions->destroy(this->sessions);
		this->mutex->destroy(this->mutex);
		free(this);
		return NULL;
	}
	/* a health check, not an authenticated channel: the server certificate
	 * is not verified (as FortiGate's https probes) */
	SSL_CTX_set_verify(this->ctx, SSL_VERIFY_NONE, NULL);
	return &this->public;
}
