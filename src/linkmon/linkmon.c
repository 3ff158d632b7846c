/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon - talk to the link-monitor plugin of a running charon, and answer
 * TWAMP-light probes.
 */

/* IPV6_RECVPKTINFO, struct in6_pktinfo, ppoll() */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include <errno.h>
#include <getopt.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <lm_msg.h>
#include <lm_twamp.h>

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
"  ha-role ROLE             tell the plugin the node's HA role (master,\n"
"                           backup, fault), e.g. from keepalived's notify\n"
"  reflect [--listen ADDR] [--port N] [--count N]\n"
"                           answer TWAMP-light test packets (RFC 5357) on\n"
"                           UDP port N (default 862, 0 for a free one) of\n"
"                           ADDR (default ::, serving IPv4 and IPv6) until\n"
"                           SIGINT/SIGTERM, or until N packets were reflected\n"
"  help                     show this help\n"
"  version                  show the version\n"
"\n"
"Options:\n"
"  -s, --socket URI         control socket of the link-monitor plugin\n"
"                           (default %s, or $LINKMON_SOCKET)\n"
"\n"
"Exit status: 0 on success, 1 if charon or the plugin cannot be reached or\n"
"the request failed (reflect: if the socket cannot be opened), 2 on usage\n"
"errors, 3 if status was shown but the plugin reports errors (its\n"
"configuration unreadable or rejected, the HA track file not written, a\n"
"hook not started): the output lists them under Errors.\n",
LINKMON_DEFAULT_SOCKET);
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
	free(body);
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

/** largest test packet reflected at its size, larger ones are answered with
 * this many bytes (1500 byte MTU minus IPv4 and UDP headers) */
#define REFLECT_MAX_LEN 1472

/** at most this many packets are handled between checks for signals */
#define REFLECT_BATCH 32

/**
 * Reflector state.
 */
typedef struct {
	/** UDP socket */
	int fd;
	/** reflector sequence number of the next reflected packet */
	uint32_t seq;
	/** number of packets reflected */
	uint64_t reflected;
	/** number of packets ignored (too short) */
	uint64_t ignored;
	/** number of replies that could not be sent */
	uint64_t failed;
} reflector_t;

/** set by SIGINT/SIGTERM */
static volatile sig_atomic_t reflect_stop;

/**
 * Signal handler for SIGINT/SIGTERM.
 */
static void reflect_signal(int sig)
{
	reflect_stop = 1;
}

/**
 * Parse a decimal number in [min, max].
 */
static bool parse_ulong(const char *str, unsigned long min, unsigned long max,
						unsigned long *value)
{
	unsigned long v;
	char *end;

	if (*str < '0' || *str > '9')
	{
		return false;
	}
	errno = 0;
	v = strtoul(str, &end, 10);
	if (errno || *end || v < min || v > max)
	{
		return false;
	}
	*value = v;
	return true;
}

/**
 * Match option "--name VALUE", "--name=VALUE" or "-c VALUE" at argv[*i].
 *
 * Returns 1 and sets value (advancing *i) on a match, 0 if argv[*i] is a
 * different option, -1 if the value is missing.
 */
static int match_opt(int argc, char *argv[], int *i, const char *name,
					 const char *shrt, const char **value)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);

	if (strncmp(arg, name, len) == 0 && arg[len] == '=')
	{
		*value = arg + len + 1;
		return 1;
	}
	if (strcmp(arg, name) != 0 && strcmp(arg, shrt) != 0)
	{
		return 0;
	}
	if (*i + 1 >= argc)
	{
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

/**
 * Format an address for messages.
 */
static void format_addr(const struct sockaddr *sa, socklen_t len, char *host,
						size_t hostlen, unsigned *port)
{
	char serv[NI_MAXSERV];

	if (getnameinfo(sa, len, host, hostlen, serv, sizeof(serv),
					NI_NUMERICHOST | NI_NUMERICSERV) != 0)
	{
		snprintf(host, hostlen, "?");
		snprintf(serv, sizeof(serv), "0");
	}
	*port = strtoul(serv, NULL, 10);
}

/**
 * Set an integer socket option.
 */
static int set_int_opt(int fd, int level, int name, int value)
{
	return setsockopt(fd, level, name, &value, sizeof(value));
}

/**
 * Open and bind the reflector socket; prints errors and returns -1 on
 * failure.
 */
static int reflect_open(const struct addrinfo *ai, const char *listen_addr)
{
	const struct sockaddr_in6 *sin6;
	int fd;

	fd = socket(ai->ai_family, SOCK_DGRAM | SOCK_CLOEXEC, IPPROTO_UDP);
	if (fd < 0)
	{
		if (!listen_addr && ai->ai_family == AF_INET6 && errno == EAFNOSUPPORT)
		{
			/* no IPv6 on this host, the caller falls back to IPv4 */
			return -2;
		}
		fprintf(stderr, "linkmon: socket: %s\n", strerror(errno));
		return -1;
	}
	if (set_int_opt(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1) < 0)
	{
		fprintf(stderr, "linkmon: SO_TIMESTAMPNS: %s\n", strerror(errno));
		goto failed;
	}
	if (ai->ai_family == AF_INET6)
	{
		sin6 = (const struct sockaddr_in6*)ai->ai_addr;
		if (IN6_IS_ADDR_UNSPECIFIED(&sin6->sin6_addr) &&
			set_int_opt(fd, IPPROTO_IPV6, IPV6_V6ONLY, 0) < 0)
		{
			fprintf(stderr, "linkmon: IPV6_V6ONLY: %s (IPv6 only)\n",
					strerror(errno));
		}
		if (set_int_opt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, 1) < 0 ||
			set_int_opt(fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, 1) < 0)
		{
			fprintf(stderr, "linkmon: IPV6_RECVPKTINFO/IPV6_RECVHOPLIMIT: "
					"%s\n", strerror(errno));
			goto failed;
		}
		/* for IPv4 packets on a dual-stack socket (IPv4-mapped addresses);
		 * the IPv6 options above don't report their TTL */
		set_int_opt(fd, IPPROTO_IP, IP_PKTINFO, 1);
		set_int_opt(fd, IPPROTO_IP, IP_RECVTTL, 1);
	}
	else if (set_int_opt(fd, IPPROTO_IP, IP_PKTINFO, 1) < 0 ||
			 set_int_opt(fd, IPPROTO_IP, IP_RECVTTL, 1) < 0)
	{
		fprintf(stderr, "linkmon: IP_PKTINFO/IP_RECVTTL: %s\n",
				strerror(errno));
		goto failed;
	}
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0)
	{
		char host[NI_MAXHOST];
		unsigned port;

		format_addr(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), &port);
		fprintf(stderr, "linkmon: cannot bind to %s port %u: %s\n", host,
				port, strerror(errno));
		goto failed;
	}
	return fd;

failed:
	close(fd);
	return -1;
}

/**
 * Receive one test packet and reflect it. Returns 1 if a packet was handled,
 * 0 if there was none, -1 on fatal errors.
 */
static int reflect_one(reflector_t *this)
{
	uint8_t rx[REFLECT_MAX_LEN], tx[REFLECT_MAX_LEN];
	union {
		struct cmsghdr align;
		uint8_t buf[512];
	} rx_ctrl, tx_ctrl;
	struct sockaddr_storage peer;
	struct iovec iov = {
		.iov_base = rx,
		.iov_len = sizeof(rx),
	};
	struct msghdr msg = {
		.msg_name = &peer,
		.msg_namelen = sizeof(peer),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = rx_ctrl.buf,
		.msg_controllen = sizeof(rx_ctrl.buf),
	};
	struct cmsghdr *cmsg;
	struct in_pktinfo pi4, *pi4_out;
	struct in6_pktinfo pi6, *pi6_out;
	bool have_pi4 = false, have_pi6 = false, have_ts = false, mapped = false;
	lm_twamp_reply_t reply = {
		.err = LM_TWAMP_ERR_UNSYNC,
	};
	struct timespec t2, t3;
	size_t len, out_len;
	ssize_t n;
	int ttl = -1;

	n = recvmsg(this->fd, &msg, MSG_DONTWAIT);
	if (n < 0)
	{
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
		{
			return 0;
		}
		fprintf(stderr, "linkmon: receiving failed: %s\n", strerror(errno));
		return -1;
	}
	len = n;
	if (lm_twamp_decode_test(rx, len, &reply.sender_seq, &reply.sender_ts,
							 &reply.sender_err) != 0)
	{
		this->ignored++;
		return 1;
	}
	for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg))
	{
		if (cmsg->cmsg_level == SOL_SOCKET &&
			cmsg->cmsg_type == SCM_TIMESTAMPNS &&
			cmsg->cmsg_len >= CMSG_LEN(sizeof(t2)))
		{
			memcpy(&t2, CMSG_DATA(cmsg), sizeof(t2));
			have_ts = true;
		}
		else if (cmsg->cmsg_level == IPPROTO_IP &&
				 cmsg->cmsg_type == IP_TTL &&
				 cmsg->cmsg_len >= CMSG_LEN(sizeof(int)))
		{
			memcpy(&ttl, CMSG_DATA(cmsg), sizeof(int));
		}
		else if (cmsg->cmsg_level == IPPROTO_IPV6 &&
				 cmsg->cmsg_type == IPV6_HOPLIMIT &&
				 cmsg->cmsg_len >= CMSG_LEN(sizeof(int)))
		{
			memcpy(&ttl, CMSG_DATA(cmsg), sizeof(int));
		}
		else if (cmsg->cmsg_level == IPPROTO_IP &&
				 cmsg->cmsg_type == IP_PKTINFO &&
				 cmsg->cmsg_len >= CMSG_LEN(sizeof(pi4)))
		{
			memcpy(&pi4, CMSG_DATA(cmsg), sizeof(pi4));
			have_pi4 = true;
		}
		else if (cmsg->cmsg_level == IPPROTO_IPV6 &&
				 cmsg->cmsg_type == IPV6_PKTINFO &&
				 cmsg->cmsg_len >= CMSG_LEN(sizeof(pi6)))
		{
			memcpy(&pi6, CMSG_DATA(cmsg), sizeof(pi6));
			have_pi6 = true;
		}
	}
	if (!have_ts || (t2.tv_sec == 0 && t2.tv_nsec == 0))
	{
		clock_gettime(CLOCK_REALTIME, &t2);
	}
	reply.rx_ts = lm_ntp_from_ns((uint64_t)t2.tv_sec * 1000000000ULL +
								 t2.tv_nsec);
	/* 0 if the kernel did not tell (it always does on Linux) */
	reply.sender_ttl = ttl >= 0 && ttl <= 255 ? ttl : 0;
	reply.seq = this->seq;

	/* answer from the address the packet was sent to */
	memset(&tx_ctrl, 0, sizeof(tx_ctrl));
	msg.msg_control = tx_ctrl.buf;
	msg.msg_controllen = 0;
	if (peer.ss_family == AF_INET6)
	{
		mapped = IN6_IS_ADDR_V4MAPPED(
						&((struct sockaddr_in6*)&peer)->sin6_addr);
	}
	if (have_pi4 && (peer.ss_family == AF_INET || mapped))
	{
		/* ipi_spec_dst is the packet's destination address, or for
		 * broadcasts/multicasts the address the kernel would answer from */
		msg.msg_controllen = CMSG_SPACE(sizeof(*pi4_out));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = IPPROTO_IP;
		cmsg->cmsg_type = IP_PKTINFO;
		cmsg->cmsg_len = CMSG_LEN(sizeof(*pi4_out));
		pi4_out = (struct in_pktinfo*)CMSG_DATA(cmsg);
		pi4_out->ipi_spec_dst = pi4.ipi_spec_dst;
	}
	else if (have_pi6 && peer.ss_family == AF_INET6 &&
			 !IN6_IS_ADDR_MULTICAST(&pi6.ipi6_addr))
	{
		msg.msg_controllen = CMSG_SPACE(sizeof(*pi6_out));
		cmsg = CMSG_FIRSTHDR(&msg);
		cmsg->cmsg_level = IPPROTO_IPV6;
		cmsg->cmsg_type = IPV6_PKTINFO;
		cmsg->cmsg_len = CMSG_LEN(sizeof(*pi6_out));
		pi6_out = (struct in6_pktinfo*)CMSG_DATA(cmsg);
		pi6_out->ipi6_addr = pi6.ipi6_addr;
		if (IN6_IS_ADDR_LINKLOCAL(&pi6.ipi6_addr))
		{
			/* otherwise routing picks the interface */
			pi6_out->ipi6_ifindex = pi6.ipi6_ifindex;
		}
	}
	if (!msg.msg_controllen)
	{
		msg.msg_control = NULL;
	}

	/* same size as the test packet (RFC 6038 symmetric size), at least an
	 * unauthenticated reflected packet; rx already limits it to the cap */
	out_len = len < LM_TWAMP_REPLY_LEN ? LM_TWAMP_REPLY_LEN : len;
	iov.iov_base = tx;
	iov.iov_len = out_len;

	clock_gettime(CLOCK_REALTIME, &t3);
	reply.ts = lm_ntp_from_ns((uint64_t)t3.tv_sec * 1000000000ULL +
							  t3.tv_nsec);
	lm_twamp_encode_reply(tx, sizeof(tx), &reply, out_len);
	if (sendmsg(this->fd, &msg, 0) < 0)
	{
		if (!this->failed++)
		{
			char host[NI_MAXHOST];
			unsigned port;
			int err = errno;

			format_addr((struct sockaddr*)&peer, msg.msg_namelen, host,
						sizeof(host), &port);
			fprintf(stderr, "linkmon: sending reply to %s port %u failed: "
					"%s (reported once)\n", host, port, strerror(err));
		}
		return 1;
	}
	this->seq++;
	this->reflected++;
	return 1;
}

/**
 * Run the TWAMP-light reflector; returns the exit code.
 */
static int reflect(const char *listen_addr, unsigned long port, uint64_t count)
{
	struct addrinfo hints = {
		.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV,
		.ai_socktype = SOCK_DGRAM,
		.ai_protocol = IPPROTO_UDP,
	}, *ai;
	struct sockaddr_storage local;
	socklen_t local_len = sizeof(local);
	struct sigaction sa = {
		.sa_handler = reflect_signal,
	};
	reflector_t this = {
		.fd = -1,
	};
	sigset_t block, wait_mask;
	char host[NI_MAXHOST], serv[16];
	struct pollfd pfd;
	unsigned local_port;
	int err = 0, i, ret = 0;

	snprintf(serv, sizeof(serv), "%lu", port);
	err = getaddrinfo(listen_addr ? listen_addr : "::", serv, &hints, &ai);
	if (err)
	{
		fprintf(stderr, "linkmon: invalid listen address '%s': %s\n",
				listen_addr ? listen_addr : "::", gai_strerror(err));
		return 2;
	}
	this.fd = reflect_open(ai, listen_addr);
	freeaddrinfo(ai);
	if (this.fd == -2)
	{
		if (getaddrinfo("0.0.0.0", serv, &hints, &ai) != 0)
		{
			fprintf(stderr, "linkmon: cannot resolve 0.0.0.0\n");
			return 1;
		}
		this.fd = reflect_open(ai, "0.0.0.0");
		freeaddrinfo(ai);
	}
	if (this.fd < 0)
	{
		return 1;
	}
	if (getsockname(this.fd, (struct sockaddr*)&local, &local_len) < 0)
	{
		fprintf(stderr, "linkmon: getsockname: %s\n", strerror(errno));
		close(this.fd);
		return 1;
	}
	format_addr((struct sockaddr*)&local, local_len, host, sizeof(host),
				&local_port);

	/* signals are only delivered while waiting in ppoll(), so none gets
	 * lost between checking the flag and going to sleep */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &wait_mask);
	sigdelset(&wait_mask, SIGINT);
	sigdelset(&wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	printf("linkmon: TWAMP-light reflector listening on %s port %u\n", host,
		   local_port);
	fflush(stdout);

	while (!reflect_stop && (!count || this.reflected < count))
	{
		pfd.fd = this.fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (ppoll(&pfd, 1, NULL, &wait_mask) < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			fprintf(stderr, "linkmon: poll: %s\n", strerror(errno));
			ret = 1;
			break;
		}
		for (i = 0; i < REFLECT_BATCH && (!count || this.reflected < count);
			 i++)
		{
			err = reflect_one(&this);
			if (err <= 0)
			{
				break;
			}
		}
		if (err < 0)
		{
			ret = 1;
			break;
		}
	}
	close(this.fd);
	printf("linkmon: reflected %llu packets, ignored %llu\n",
		   (unsigned long long)this.reflected,
		   (unsigned long long)this.ignored);
	fflush(stdout);
	if (this.failed)
	{
		fprintf(stderr, "linkmon: %llu replies could not be sent\n",
				(unsigned long long)this.failed);
	}
	return ret;
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
	if (strcmp(cmd, "reflect") == 0)
	{
		const char *listen_addr = NULL, *value;
		unsigned long port = LM_TWAMP_PORT, count = 0;
		int m;

		for (i = optind; i < argc; i++)
		{
			if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
			{
				usage(stdout);
				return 0;
			}
			if ((m = match_opt(argc, argv, &i, "--listen", "-l", &value)) > 0)
			{
				listen_addr = value;
			}
			else if (m == 0 && (m = match_opt(argc, argv, &i, "--port", "-p",
												&value)) > 0)
			{
				if (!parse_ulong(value, 0, 65535, &port))
				{
					fprintf(stderr, "linkmon: invalid port '%s'\n", value);
					return 2;
				}
			}
			else if (m == 0 && (m = match_opt(argc, argv, &i, "--count", "-c",
												&value)) > 0)
			{
				if (!parse_ulong(value, 1, UINT32_MAX, &count))
				{
					fprintf(stderr, "linkmon: invalid count '%s'\n", value);
					return 2;
				}
			}
			else if (m < 0)
			{
				fprintf(stderr, "linkmon: option '%s' needs a value\n",
						argv[i]);
				usage(stderr);
				return 2;
			}
			else
			{
				fprintf(stderr, "linkmon: unexpected argument '%s'\n", argv[i]);
				usage(stderr);
				return 2;
			}
		}
		return reflect(listen_addr, port, count);
	}
	if (strcmp(cmd, "ha-role") == 0)
	{
		const char *role = NULL;

		for (i = optind; i < argc; i++)
		{
			if ((strcmp(argv[i], "--socket") == 0 ||
				 strcmp(argv[i], "-s") == 0) && i + 1 < argc)
			{
				uri = argv[++i];
			}
			else if (!role && argv[i][0] != '-')
			{
				role = argv[i];
			}
			else
			{
				fprintf(stderr, "linkmon: unexpected argument '%s'\n", argv[i]);
				return 2;
			}
		}
		if (!role)
		{
			fprintf(stderr, "linkmon: ha-role needs master, backup or fault\n");
			return 2;
		}
		return request(uri, LM_MSG_HA_ROLE, role);
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
