/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "linkmon_client.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <lm_msg.h>

/**
 * Write all bytes or fail.
 */
static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	ssize_t n;

	while (len)
	{
		n = write(fd, p, len);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/**
 * Read exactly len bytes or fail (errno 0 on premature end of stream).
 */
static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;
	ssize_t n;

	while (len)
	{
		n = read(fd, p, len);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			return -1;
		}
		if (n == 0)
		{
			errno = 0;
			return -1;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/**
 * Connect to the control socket; prints errors and returns -1 on failure.
 */
static int connect_socket(const struct sockaddr_un *addr, const char *uri)
{
	int fd;

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		fprintf(stderr, "linkmon: socket: %s\n", strerror(errno));
		return -1;
	}
	if (connect(fd, (const struct sockaddr*)addr, sizeof(*addr)) < 0)
	{
		fprintf(stderr, "linkmon: cannot connect to %s: %s\n"
				"linkmon: is charon running with the link-monitor plugin "
				"loaded?\n", uri, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/**
 * Send the request header and body; prints errors and returns -1 on failure.
 */
static int send_request(int fd, const char *uri, uint8_t type,
						const char *arg, size_t arglen)
{
	uint8_t hdr[LM_MSG_HDR_LEN];

	lm_msg_encode_hdr(hdr, type, arglen);
	if (write_all(fd, hdr, sizeof(hdr)) < 0 ||
		(arglen && write_all(fd, arg, arglen) < 0))
	{
		fprintf(stderr, "linkmon: sending request to %s failed: %s\n", uri,
				strerror(errno));
		return -1;
	}
	return 0;
}

/**
 * Receive the response: its result, and its body NUL-terminated (allocated,
 * len bytes without the NUL). Prints errors and returns NULL on failure.
 */
static char *receive_response(int fd, const char *uri, uint8_t *result,
							  uint32_t *len)
{
	uint8_t hdr[LM_MSG_HDR_LEN];
	const char *err;
	char *body;

	if (read_all(fd, hdr, sizeof(hdr)) < 0)
	{
		fprintf(stderr, "linkmon: no response from %s: %s\n", uri,
				errno ? strerror(errno) : "connection closed");
		return NULL;
	}
	err = lm_msg_decode_hdr(hdr, LM_MSG_MAX_RESPONSE, result, len);
	if (err)
	{
		fprintf(stderr, "linkmon: invalid response from %s: %s\n", uri, err);
		return NULL;
	}
	body = malloc(*len + 1);
	if (!body)
	{
		fprintf(stderr, "linkmon: out of memory\n");
		return NULL;
	}
	if (*len && read_all(fd, body, *len) < 0)
	{
		fprintf(stderr, "linkmon: truncated response from %s\n", uri);
		free(body);
		return NULL;
	}
	body[*len] = '\0';
	return body;
}

/**
 * Print a response body, to stdout if the request succeeded, otherwise to
 * stderr ending in a newline; returns the exit code for its result.
 */
static int print_response(uint8_t result, const char *body, uint32_t len)
{
	if (result == LM_MSG_OK || result == LM_MSG_DEGRADED)
	{
		fputs(body, stdout);
	}
	else
	{
		fprintf(stderr, "linkmon: %s", body);
		if (len == 0 || body[len - 1] != '\n')
		{
			fputc('\n', stderr);
		}
	}
	switch (result)
	{
		case LM_MSG_OK:
			return 0;
		case LM_MSG_DEGRADED:
			/* the output says what fails */
			return 3;
		default:
			return 1;
	}
}

int linkmon_fetch(const char *uri, uint8_t type, const char *arg,
				  uint8_t *result, char **body)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	size_t arglen = arg ? strlen(arg) : 0;
	uint32_t len;
	int fd;

	if (!lm_msg_parse_unix_uri(uri, addr.sun_path, sizeof(addr.sun_path)))
	{
		fprintf(stderr, "linkmon: invalid socket URI '%s' (expected "
				"unix:///path)\n", uri);
		return 2;
	}
	if (arglen > LM_MSG_MAX_REQUEST)
	{
		fprintf(stderr, "linkmon: argument too long\n");
		return 2;
	}
	fd = connect_socket(&addr, uri);
	if (fd < 0)
	{
		return 1;
	}
	*body = NULL;
	if (send_request(fd, uri, type, arg, arglen) == 0)
	{
		*body = receive_response(fd, uri, result, &len);
	}
	close(fd);
	return *body ? 0 : 1;
}

int linkmon_failed(const char *body)
{
	size_t len = strlen(body);

	fprintf(stderr, "linkmon: %s%s", body,
			len && body[len - 1] == '\n' ? "" : "\n");
	return 1;
}

int linkmon_request(const char *uri, uint8_t type, const char *arg)
{
	uint8_t result;
	char *body;
	int ret;

	ret = linkmon_fetch(uri, type, arg, &result, &body);
	if (ret)
	{
		return ret;
	}
	ret = print_response(result, body, strlen(body));
	free(body);
	return ret;
}
