/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon - talk to the link-monitor plugin of a running charon.
 */

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <lm_msg.h>

#ifndef LINKMON_DEFAULT_SOCKET
#define LINKMON_DEFAULT_SOCKET "unix:///var/run/charon.lnkmon"
#endif

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

static void usage(FILE *out)
{
	fprintf(out,
"Usage: linkmon [--socket URI] COMMAND [ARGS]\n"
"\n"
"Commands:\n"
"  status [--json] [NAME]   show the state and statistics of the monitors\n"
"  reload                   re-read the monitor configuration\n"
"  help                     show this help\n"
"  version                  show the version\n"
"\n"
"Options:\n"
"  -s, --socket URI         control socket of the link-monitor plugin\n"
"                           (default %s, or $LINKMON_SOCKET)\n"
"\n"
"Exit status: 0 on success, 1 if charon or the plugin cannot be reached or\n"
"the request failed, 2 on usage errors.\n", LINKMON_DEFAULT_SOCKET);
}

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
 * Send a request and print the response; returns the exit code.
 */
static int request(const char *uri, uint8_t type, const char *arg)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	uint8_t hdr[LM_MSG_HDR_LEN], result;
	size_t arglen = arg ? strlen(arg) : 0;
	const char *err;
	uint32_t len;
	char *body;
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
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
	{
		fprintf(stderr, "linkmon: socket: %s\n", strerror(errno));
		return 1;
	}
	if (connect(fd, (struct sockaddr*)&addr, sizeof(addr)) < 0)
	{
		fprintf(stderr, "linkmon: cannot connect to %s: %s\n"
				"linkmon: is charon running with the link-monitor plugin "
				"loaded?\n", uri, strerror(errno));
		close(fd);
		return 1;
	}
	lm_msg_encode_hdr(hdr, type, arglen);
	if (write_all(fd, hdr, sizeof(hdr)) < 0 ||
		(arglen && write_all(fd, arg, arglen) < 0))
	{
		fprintf(stderr, "linkmon: sending request to %s failed: %s\n", uri,
				strerror(errno));
		close(fd);
		return 1;
	}
	if (read_all(fd, hdr, sizeof(hdr)) < 0)
	{
		fprintf(stderr, "linkmon: no response from %s: %s\n", uri,
				errno ? strerror(errno) : "connection closed");
		close(fd);
		return 1;
	}
	err = lm_msg_decode_hdr(hdr, LM_MSG_MAX_RESPONSE, &result, &len);
	if (err)
	{
		fprintf(stderr, "linkmon: invalid response from %s: %s\n", uri, err);
		close(fd);
		return 1;
	}
	body = malloc(len + 1);
	if (!body)
	{
		fprintf(stderr, "linkmon: out of memory\n");
		close(fd);
		return 1;
	}
	if (len && read_all(fd, body, len) < 0)
	{
		fprintf(stderr, "linkmon: truncated response from %s\n", uri);
		free(body);
		close(fd);
		return 1;
	}
	close(fd);
	body[len] = '\0';
	if (result == LM_MSG_OK)
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
	free(body);
	return result == LM_MSG_OK ? 0 : 1;
}

int main(int argc, char *argv[])
{
	const char *uri = getenv("LINKMON_SOCKET"), *cmd, *name = NULL;
	bool json = false;
	int c, i;
	struct option long_opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};

	if (!uri || !*uri)
	{
		uri = LINKMON_DEFAULT_SOCKET;
	}
	/* options before the command only; the command parses its own */
	while ((c = getopt_long(argc, argv, "+s:hv", long_opts, NULL)) != -1)
	{
		switch (c)
		{
			case 's':
				uri = optarg;
				break;
			case 'h':
				usage(stdout);
				return 0;
			case 'v':
				printf("linkmon %s\n", PACKAGE_VERSION);
				return 0;
			default:
				usage(stderr);
				return 2;
		}
	}
	if (optind >= argc)
	{
		usage(stderr);
		return 2;
	}
	cmd = argv[optind++];
	if (strcmp(cmd, "status") == 0)
	{
		for (i = optind; i < argc; i++)
		{
			if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "-j") == 0)
			{
				json = true;
			}
			else if ((strcmp(argv[i], "--socket") == 0 ||
					  strcmp(argv[i], "-s") == 0) && i + 1 < argc)
			{
				uri = argv[++i];
			}
			else if (argv[i][0] == '-' || name)
			{
				fprintf(stderr, "linkmon: unexpected argument '%s'\n", argv[i]);
				usage(stderr);
				return 2;
			}
			else
			{
				name = argv[i];
			}
		}
		return request(uri, json ? LM_MSG_STATUS_JSON : LM_MSG_STATUS, name);
	}
	if (strcmp(cmd, "reload") == 0)
	{
		for (i = optind; i < argc; i++)
		{
			if ((strcmp(argv[i], "--socket") == 0 ||
				 strcmp(argv[i], "-s") == 0) && i + 1 < argc)
			{
				uri = argv[++i];
			}
			else
			{
				fprintf(stderr, "linkmon: unexpected argument '%s'\n", argv[i]);
				return 2;
			}
		}
		return request(uri, LM_MSG_RELOAD, NULL);
	}
	if (strcmp(cmd, "help") == 0)
	{
		usage(stdout);
		return 0;
	}
	if (strcmp(cmd, "version") == 0)
	{
		printf("linkmon %s\n", PACKAGE_VERSION);
		return 0;
	}
	fprintf(stderr, "linkmon: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
