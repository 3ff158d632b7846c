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

#include "link_monitor_session.h"
#include "link_monitor_clock.h"
#include "link_monitor_stream.h"

#include <errno.h>
#include <stdarg.h>

#include <lm_echo.h>
#include <lm_http.h>

typedef struct private_link_monitor_session_t private_link_monitor_session_t;

/**
 * Where a session is; each state has its step in steps[].
 */
typedef enum {
	/** waiting for the connection */
	STATE_CONNECTING,
	/** TLS handshake */
	STATE_TLS,
	/** writing the request */
	STATE_WRITING,
	/** reading the response */
	STATE_READING,
} state_t;

/**
 * What a step leads to.
 */
typedef enum {
	/** the step of the new state runs now */
	STEP_NEXT,
	/** wait for more events */
	STEP_WAIT,
	/** wait for read events only */
	STEP_READ_ONLY,
	/** finished, the result is set */
	STEP_DONE,
} step_t;

/**
 * A step: go on in the current state after an event.
 *
 * @param event		WATCHER_READ or WATCHER_WRITE
 * @param reply		receives the result if finished
 * @return			what comes next
 */
typedef step_t (*step_fn_t)(private_link_monitor_session_t *this,
							watcher_event_t event, lm_reply_t *reply);

/**
 * A protocol over a connection.
 */
typedef struct {

	/**
	 * The protocol.
	 */
	lm_proto_t protocol;

	/**
	 * TLS on the connection.
	 */
	bool tls;

	/**
	 * Bytes of the response read at most.
	 */
	size_t max;

	/**
	 * Build the request into this->request, NULL for a probe done once
	 * connected.
	 */
	void (*request)(private_link_monitor_session_t *this,
					const lm_monitor_cfg_t *cfg);

	/**
	 * Evaluate the response read so far.
	 *
	 * @param eof		nothing more comes: closed or max bytes read
	 * @return			STEP_WAIT for more, or STEP_DONE
	 */
	step_t (*evaluate)(private_link_monitor_session_t *this, bool eof,
					   lm_reply_t *reply);
} proto_t;

/**
 * Private data of a link_monitor_session_t object.
 */
struct private_link_monitor_session_t {

	/**
	 * Public link_monitor_session_t interface.
	 */
	link_monitor_session_t public;

	/**
	 * The protocol.
	 */
	const proto_t *proto;

	/**
	 * The connection's bytes.
	 */
	link_monitor_stream_t *stream;

	/**
	 * TLS (https): the contexts, whether to verify the server's
	 * certificate, the CA certificates to verify it with (NULL for the
	 * system's store) and how long to wait for them to load (the probe's
	 * timeout).
	 */
	struct {
		link_monitor_tls_t *contexts;
		bool verify;
		char *ca;
		u_int timeout_ms;
	} tls;

	/**
	 * Where the session is.
	 */
	state_t state;

	/**
	 * The result, what identifies the probe (and its server) filled in.
	 */
	lm_reply_t reply;

	/**
	 * Port of the server.
	 */
	uint16_t port;

	/**
	 * Request.
	 */
	lm_buf_t request;

	/**
	 * Bytes of the request sent.
	 */
	size_t sent;

	/**
	 * HTTP (http, https): the host name for Host, SNI and the certificate
	 * (NULL for the address), what the response must have (its status
	 * codes and match copies of ours) and the evaluation of the response.
	 */
	struct {
		char *host;
		lm_http_expect_t expect;
		lm_http_range_t status[LM_HTTP_MAX_RANGES];
		lm_http_t eval;
	} http;

	/**
	 * Response received, allocated at the first read.
	 */
	char *response;

	/**
	 * Bytes in response.
	 */
	size_t len;

	/**
	 * Start time, CLOCK_MONOTONIC ns.
	 */
	uint64_t start_ns;
};

/**
 * Finish the session with a result.
 *
 * @param fmt		why it failed, printf() style; NULL on success
 * @return			STEP_DONE
 */
static step_t finish(private_link_monitor_session_t *this, lm_reply_t *reply,
					 const char *fmt, ...)
{
	va_list args;

	*reply = this->reply;
	reply->rx_mono_ns = link_monitor_now_ns();
	reply->rtt_ns = reply->rx_mono_ns - this->start_ns;
	reply->failed = fmt != NULL;
	if (fmt)
	{
		va_start(args, fmt);
		vsnprintf(reply->reason, sizeof(reply->reason), fmt, args);
		va_end(args);
	}
	return STEP_DONE;
}

/**
 * Set up TLS with the context of the monitor's settings. Time spent waiting
 * for CA certificates to load is not the server's: it is taken out of the
 * round trip time.
 */
static step_t start_tls(private_link_monitor_session_t *this,
						lm_reply_t *reply)
{
	char addr[LM_ADDR_STRLEN], reason[sizeof(reply->reason)];
	uint64_t begin = link_monitor_now_ns();
	SSL_CTX *ctx;
	bool ok;

	ctx = this->tls.contexts->get(this->tls.contexts, this->tls.verify,
								  this->tls.ca, this->tls.timeout_ms, reason,
								  sizeof(reason));
	this->start_ns += link_monitor_now_ns() - begin;
	if (!ctx)
	{
		return finish(this, reply, "%s", reason);
	}
	ok = this->stream->start_tls(this->stream, ctx, this->http.host,
								 lm_addr_fmt(&this->reply.from, addr));
	SSL_CTX_free(ctx);
	if (!ok)
	{
		return finish(this, reply, "TLS setup failed");
	}
	this->state = STATE_TLS;
	return STEP_NEXT;
}

/**
 * Step: the connection is established or failed.
 */
static step_t step_connect(private_link_monitor_session_t *this,
						   watcher_event_t event, lm_reply_t *reply)
{
	int err;

	err = this->stream->connected(this->stream);
	if (err)
	{
		return finish(this, reply, "connect: %s", strerror(err));
	}
	if (!this->proto->request)
	{
		return finish(this, reply, NULL);
	}
	if (this->proto->tls)
	{
		return start_tls(this, reply);
	}
	this->state = STATE_WRITING;
	return STEP_NEXT;
}

/**
 * Step: the TLS handshake.
 */
static step_t step_tls(private_link_monitor_session_t *this,
					   watcher_event_t event, lm_reply_t *reply)
{
	char reason[128];

	switch (this->stream->handshake(this->stream, reason, sizeof(reason)))
	{
		case 0:
			break;
		case EAGAIN:
			return STEP_WAIT;
		default:
			return finish(this, reply, "%s", reason);
	}
	this->state = STATE_WRITING;
	return STEP_NEXT;
}

/**
 * Step: writing the request.
 */
static step_t step_write(private_link_monitor_session_t *this,
						 watcher_event_t event, lm_reply_t *reply)
{
	int err;

	err = this->stream->write(this->stream, this->request.data,
							  this->request.len, &this->sent);
	if (err)
	{
		return finish(this, reply, "sending request: %s", strerror(err));
	}
	if (this->sent < this->request.len)
	{
		return STEP_WAIT;
	}
	this->state = STATE_READING;
	return STEP_NEXT;
}

/**
 * Step: reading and evaluating the response.
 */
static step_t step_read(private_link_monitor_session_t *this,
						watcher_event_t event, lm_reply_t *reply)
{
	bool eof = FALSE;
	int err;

	if (event == WATCHER_WRITE)
	{	/* request written, only reading from now on */
		return STEP_READ_ONLY;
	}
	if (!this->response)
	{
		this->response = malloc(this->proto->max);
	}
	err = this->response ? this->stream->read(this->stream, this->response,
							this->proto->max, &this->len, &eof) : ENOMEM;
	if (err)
	{
		return finish(this, reply, "receiving: %s",
					  this->proto->tls ? "TLS error" : strerror(err));
	}
	return this->proto->evaluate(this, eof, reply);
}

/**
 * The step of each state.
 */
static const step_fn_t steps[] = {
	[STATE_CONNECTING] = step_connect,
	[STATE_TLS] = step_tls,
	[STATE_WRITING] = step_write,
	[STATE_READING] = step_read,
};

/**
 * Build a tcp-echo request: the echo the server sends back.
 */
static void echo_request(private_link_monitor_session_t *this,
						 const lm_monitor_cfg_t *cfg)
{
	uint8_t echo[LM_ECHO_LEN];

	lm_echo_encode(echo, this->reply.ident, this->reply.seq,
				   this->reply.token);
	lm_buf_append(&this->request, echo, sizeof(echo));
}

/**
 * Evaluate a tcp-echo response: the probe's echo.
 */
static step_t echo_evaluate(private_link_monitor_session_t *this, bool eof,
							lm_reply_t *reply)
{
	uint16_t ident, seq;
	uint32_t token;

	if (this->len < LM_ECHO_LEN)
	{
		return eof ? finish(this, reply, "connection closed before the echo")
				   : STEP_WAIT;
	}
	if (lm_echo_decode((uint8_t*)this->response, this->len, &ident, &seq,
					   &token) != 0 || ident != this->reply.ident ||
		seq != this->reply.seq || token != this->reply.token)
	{
		return finish(this, reply, "echo does not match the probe");
	}
	return finish(this, reply, NULL);
}

/**
 * Build an HTTP GET request.
 */
static void http_request(private_link_monitor_session_t *this,
						 const lm_monitor_cfg_t *cfg)
{
	lm_http_request(&this->request, cfg->http_get, this->http.host,
					&this->reply.from, cfg->port, this->proto->tls ? 443 : 80);
}

/**
 * Evaluate an HTTP response: its status and, if configured, its content.
 */
static step_t http_evaluate(private_link_monitor_session_t *this, bool eof,
							lm_reply_t *reply)
{
	lm_http_result_t result;

	result = lm_http_evaluate(&this->http.eval, this->response, this->len,
							  eof);
	switch (result)
	{
		case LM_HTTP_MORE:
			return STEP_WAIT;
		case LM_HTTP_OK:
			return finish(this, reply, NULL);
		case LM_HTTP_BAD_STATUS:
			return finish(this, reply, "HTTP status %d",
						  this->http.eval.status);
		default:
			return finish(this, reply, "%s", lm_http_result_name(result));
	}
}

/**
 * The protocols over a connection.
 */
static const proto_t protos[] = {
	{ LM_PROTO_TCP_ECHO, FALSE, LM_ECHO_LEN, echo_request, echo_evaluate },
	{ LM_PROTO_HTTP, FALSE, LM_HTTP_MAX_RESPONSE, http_request,
	  http_evaluate },
	{ LM_PROTO_HTTPS, TRUE, LM_HTTP_MAX_RESPONSE, http_request,
	  http_evaluate },
	{ LM_PROTO_TCP_CONNECT, FALSE, 0, NULL, NULL },
};

METHOD(link_monitor_session_t, start, int,
	private_link_monitor_session_t *this, uint64_t *mono_ns,
	uint64_t *real_ns)
{
	struct sockaddr_storage sa;
	socklen_t salen;

	salen = lm_addr_to_sockaddr(&this->reply.from, this->port, &sa);
	*real_ns = link_monitor_real_ns();
	*mono_ns = this->start_ns = link_monitor_now_ns();
	return this->stream->connect(this->stream, (struct sockaddr*)&sa, salen);
}

METHOD(link_monitor_session_t, handle, link_monitor_session_status_t,
	private_link_monitor_session_t *this, watcher_event_t event,
	lm_reply_t *reply)
{
	step_t step;

	do
	{
		step = steps[this->state](this, event, reply);
	}
	while (step == STEP_NEXT);

	switch (step)
	{
		case STEP_DONE:
			return LINK_MONITOR_SESSION_DONE;
		case STEP_READ_ONLY:
			return LINK_MONITOR_SESSION_READ_ONLY;
		default:
			return LINK_MONITOR_SESSION_WAIT;
	}
}

METHOD(link_monitor_session_t, get_fd, int,
	private_link_monitor_session_t *this)
{
	return this->stream->get_fd(this->stream);
}

METHOD(link_monitor_session_t, destroy, void,
	private_link_monitor_session_t *this)
{
	DESTROY_IF(this->stream);
	lm_buf_free(&this->request);
	lm_http_free(&this->http.eval);
	free((char*)this->http.expect.match);
	free(this->http.host);
	free(this->tls.ca);
	free(this->response);
	free(this);
}

/**
 * Copy what a probe needs of its monitor's HTTP and TLS settings.
 *
 * @return			FALSE on allocation failure
 */
static bool copy_settings(private_link_monitor_session_t *this,
						  const lm_monitor_cfg_t *cfg)
{
	int count = min(cfg->http_status_count, LM_HTTP_MAX_RANGES);

	if (count)
	{
		memcpy(this->http.status, cfg->http_status,
			   count * sizeof(this->http.status[0]));
	}
	this->http.expect = (lm_http_expect_t){
		.status = this->http.status,
		.status_count = count,
		.match = strdupnull(cfg->http_match),
	};
	lm_http_init(&this->http.eval, &this->http.expect);
	this->http.host = strdupnull(cfg->http_host);
	this->tls.ca = strdupnull(cfg->tls_ca);
	return (this->http.host || !cfg->http_host) &&
		   (this->http.expect.match || !cfg->http_match) &&
		   (this->tls.ca || !cfg->tls_ca);
}

/*
 * Described in header
 */
int link_monitor_session_create(const lm_probe_t *probe, int fd,
								link_monitor_tls_t *tls,
								link_monitor_session_t **session)
{
	private_link_monitor_session_t *this;
	const lm_monitor_t *mon = probe->mon;
	const lm_monitor_cfg_t *cfg = lm_monitor_cfg_server(mon->cfg,
														probe->server);
	const proto_t *proto = NULL;
	u_int i;

	for (i = 0; i < countof(protos) && !proto; i++)
	{
		if (protos[i].protocol == cfg->protocol)
		{
			proto = &protos[i];
		}
	}
	if (!proto)
	{
		return EPROTONOSUPPORT;
	}
	INIT(this,
		.public = {
			.start = _start,
			.handle = _handle,
			.get_fd = _get_fd,
			.destroy = _destroy,
		},
		.proto = proto,
		.reply = {
			.protocol = proto->protocol,
			.ident = mon->ident,
			.token = mon->token,
			.token_mask = UINT32_MAX,
			.seq = probe->seq,
			.from = mon->servers[probe->server].addr,
		},
		.port = cfg->port,
		.tls = {
			.contexts = tls,
			.verify = cfg->tls_verify,
			.timeout_ms = cfg->probe_timeout_ms,
		},
	);
	if (!copy_settings(this, cfg))
	{
		destroy(this);
		return ENOMEM;
	}
	if (proto->request)
	{
		proto->request(this, cfg);
	}
	if (this->request.failed)
	{
		destroy(this);
		return ENOMEM;
	}
	this->stream = link_monitor_stream_create(fd);
	*session = &this->public;
	return 0;
}
