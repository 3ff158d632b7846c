/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE
#include "linkmon_exporter.h"
#include "linkmon_args.h"
#include "linkmon_client.h"

#include <errno.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/time.h>

#include <lm_buf.h>
#include <lm_msg.h>
#include <lm_scrape.h>

/** seconds a client has to send its request and take the answer */
#define CLIENT_TIMEOUT 5

/**
 * Arguments of exporter.
 */
typedef struct {
	/** ADDR:PORT to serve, NULL for none */
	const char *listen;
	/** node_exporter textfile directory, NULL for none */
	const char *textfile;
	/** seconds between textfile writes */
	int64_t interval;
	/** write the textfile once and exit */
	bool once;
} exporter_args_t;

/**
 * The metrics from the plugin, with linkmon_up (0 if it cannot be reached)
 * and, for OpenMetrics, the closing "# EOF".
 *
 * @return			TRUE if the plugin answered
 */
static bool metrics(const char *uri, bool openmetrics, lm_buf_t *buf)
{
	uint8_t result;
	char *body = NULL;
	bool up;

	up = linkmon_fetch(uri, LM_MSG_METRICS, openmetrics ? "openmetrics" :
					   "text", &result, &body) == 0 && result == LM_MSG_OK;
	if (up)
	{
		lm_buf_append(buf, body, strlen(body));
	}
	free(body);
	lm_buf_printf(buf, "# TYPE linkmon_up gauge\n# HELP linkmon_up 1 if the "
				  "link-monitor plugin answered the exporter.\nlinkmon_up %d"
				  "\n%s", up, openmetrics ? "# EOF\n" : "");
	return up;
}

/**
 * Write the textfile atomically: a temporary file renamed over it.
 *
 * @return			0, or the exit code 1 (error printed)
 */
static int write_textfile(const char *uri, const char *dir)
{
	char path[4096], tmp[4096];
	lm_buf_t buf = {};
	FILE *f;
	int ret = 1;

	snprintf(path, sizeof(path), "%s/linkmon.prom", dir);
	snprintf(tmp, sizeof(tmp), "%s/.linkmon.prom.%d", dir, (int)getpid());
	metrics(uri, false, &buf);
	f = fopen(tmp, "w");
	if (f && !lm_buf_failed(&buf) &&
		fwrite(lm_buf_str(&buf), 1, buf.len, f) == buf.len &&
		fclose(f) == 0)
	{
		f = NULL;
		ret = rename(tmp, path) == 0 ? 0 : 1;
	}
	if (ret)
	{
		fprintf(stderr, "linkmon: writing %s failed: %s\n", path,
				strerror(errno));
		if (f)
		{
			fclose(f);
		}
		unlink(tmp);
	}
	lm_buf_free(&buf);
	return ret;
}

/**
 * Open the listening socket of ADDR:PORT, [ADDR]:PORT or :PORT.
 *
 * @return			socket, -1 on failure (error printed)
 */
static int listen_on(const char *listen_addr)
{
	struct addrinfo hints = {
		.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV,
		.ai_socktype = SOCK_STREAM,
	}, *ai;
	char host[256];
	const char *colon = strrchr(listen_addr, ':');
	int fd, on = 1, err;
	size_t len;

	len = colon ? (size_t)(colon - listen_addr) : 0;
	if (!colon || len >= sizeof(host) || !colon[1])
	{
		fprintf(stderr, "linkmon: invalid listen address '%s' (ADDR:PORT)\n",
				listen_addr);
		return -1;
	}
	memcpy(host, listen_addr, len);
	host[len] = '\0';
	if (len >= 2 && host[0] == '[' && host[len - 1] == ']')
	{
		memmove(host, host + 1, len - 2);
		host[len - 2] = '\0';
	}
	err = getaddrinfo(host[0] ? host : NULL, colon + 1, &hints, &ai);
	if (err)
	{
		fprintf(stderr, "linkmon: invalid listen address '%s': %s\n",
				listen_addr, gai_strerror(err));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 ||
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0 ||
		bind(fd, ai->ai_addr, ai->ai_addrlen) < 0 || listen(fd, 16) < 0)
	{
		fprintf(stderr, "linkmon: listening on %s failed: %s\n", listen_addr,
				strerror(errno));
		if (fd >= 0)
		{
			close(fd);
		}
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

/**
 * Send all of a buffer, ignoring failures (the client is gone).
 */
static void send_all(int fd, const char *data, size_t len)
{
	ssize_t n;

	while (len)
	{
		n = send(fd, data, len, MSG_NOSIGNAL);
		if (n <= 0)
		{
			return;
		}
		data += n;
		len -= n;
	}
}

/**
 * Answer a request: the metrics on /metrics, a link on /, else an error.
 */
static void respond(int fd, const char *uri, int err, lm_scrape_t *req)
{
	static const char *om = "application/openmetrics-text; version=1.0.0; "
							"charset=utf-8";
	static const char *text = "text/plain; version=0.0.4; charset=utf-8";
	lm_buf_t body = {}, head = {};
	const char *status = "200 OK", *type = "text/html; charset=utf-8";

	if (err)
	{
		status = err == EOPNOTSUPP ? "405 Method Not Allowed" :
				 err == EMSGSIZE ? "414 URI Too Long" : "400 Bad Request";
		type = "text/plain; charset=utf-8";
		lm_buf_printf(&body, "%s\n", status);
	}
	else if (strcmp(req->path, "/metrics") == 0)
	{
		type = req->openmetrics ? om : text;
		metrics(uri, req->openmetrics, &body);
	}
	else if (strcmp(req->path, "/") == 0)
	{
		lm_buf_printf(&body, "<html><head><title>linkmon exporter</title>"
					  "</head><body><h1>linkmon exporter</h1><p><a href=\""
					  "/metrics\">Metrics</a></p></body></html>\n");
	}
	else
	{
		status = "404 Not Found";
		type = "text/plain; charset=utf-8";
		lm_buf_printf(&body, "%s\n", status);
	}
	lm_buf_printf(&head, "HTTP/1.1 %s\r\nContent-Type: %s\r\nContent-Length: "
				  "%zu\r\nConnection: close\r\n\r\n", status, type, body.len);
	send_all(fd, lm_buf_str(&head), head.len);
	if (!req->head || err)
	{
		send_all(fd, lm_buf_str(&body) ?: "", body.len);
	}
	lm_buf_free(&head);
	lm_buf_free(&body);
}

/**
 * Serve one client: read its request, answer it, close.
 */
static void serve(int listen_fd, const char *uri)
{
	struct timeval tv = { .tv_sec = CLIENT_TIMEOUT };
	char buf[LM_SCRAPE_MAX];
	lm_scrape_t req;
	size_t len = 0;
	ssize_t n;
	int fd, err = EAGAIN;

	fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
	{
		return;
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	while (err == EAGAIN && len < sizeof(buf))
	{
		n = recv(fd, buf + len, sizeof(buf) - len, 0);
		if (n <= 0)
		{
			break;
		}
		len += n;
		err = lm_scrape_parse(buf, len, &req);
	}
	if (err != EAGAIN || len == sizeof(buf))
	{
		respond(fd, uri, err == EAGAIN ? EBADMSG : err, &req);
	}
	close(fd);
}

/**
 * Serve scrapes and write the textfile every interval, until killed.
 */
static int run(const exporter_args_t *args, const char *uri)
{
	struct pollfd pfd = { .fd = -1, .events = POLLIN };
	time_t next = 0;
	int timeout;

	if (args->listen)
	{
		pfd.fd = listen_on(args->listen);
		if (pfd.fd < 0)
		{
			return 1;
		}
	}
	while (true)
	{
		if (args->textfile && time(NULL) >= next)
		{
			write_textfile(uri, args->textfile);
			next = time(NULL) + args->interval;
		}
		timeout = args->textfile ? (next - time(NULL)) * 1000 : -1;
		if (poll(&pfd, pfd.fd >= 0 ? 1 : 0, timeout < 0 ? -1 : timeout) > 0)
		{
			serve(pfd.fd, uri);
		}
	}
	return 0;
}

/**
 * Parse an argument of exporter at argv[*i]; returns -1 to go on, or the
 * exit code.
 */
static int exporter_arg(int argc, char *argv[], int *i, const char **uri,
						exporter_args_t *args)
{
	const char *value = NULL;
	int m;

	if (strcmp(argv[*i], "--once") == 0)
	{
		args->once = true;
		return -1;
	}
	if (linkmon_match_socket(argc, argv, i, uri))
	{
		return -1;
	}
	m = linkmon_match_opt(argc, argv, i, "--listen", "-l", &args->listen);
	if (m == 0)
	{
		m = linkmon_match_opt(argc, argv, i, "--textfile", NULL,
							  &args->textfile);
	}
	if (m == 0)
	{
		m = linkmon_match_opt(argc, argv, i, "--interval", NULL, &value);
	}
	if (m < 0)
	{
		return linkmon_missing(argv[*i]);
	}
	if (value && (!linkmon_parse_duration(value, &args->interval) ||
				  !args->interval))
	{
		fprintf(stderr, "linkmon: invalid interval '%s'\n", value);
		return 2;
	}
	return m ? -1 : linkmon_unexpected(argv[*i]);
}

int linkmon_cmd_exporter(int argc, char *argv[], const char *uri)
{
	exporter_args_t args = {
		.interval = 15,
	};
	int i, ret;

	for (i = 0; i < argc; i++)
	{
		ret = exporter_arg(argc, argv, &i, &uri, &args);
		if (ret >= 0)
		{
			return ret;
		}
	}
	if (!args.listen && !args.textfile)
	{
		fprintf(stderr, "linkmon: exporter needs --listen ADDR:PORT or "
				"--textfile DIR\n");
		return 2;
	}
	if (args.once)
	{
		if (!args.textfile || args.listen)
		{
			fprintf(stderr, "linkmon: --once writes the textfile only\n");
			return 2;
		}
		return write_textfile(uri, args.textfile);
	}
	/* a client gone while we write must not end us */
	signal(SIGPIPE, SIG_IGN);
	return run(&args, uri);
}
