/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/* IPV6_RECVPKTINFO, struct in6_pktinfo, ppoll() */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif

#include "linkmon_reflect.h"

#include <errno.h>
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

#include <lm_twamp.h>

/** largest UDP payload: test packets of every size are answered at their
 * size (IPv4 carries up to 65507 bytes, IPv6 65527) */
#define REFLECT_MAX_LEN 65535

/** at most this many packets are handled between checks for signals */
#define REFLECT_BATCH 32

/**
 * Reflector state.
 */
typedef struct {
	/** UDP socket */
	int fd;
	/** the test packet received, then the reply, REFLECT_MAX_LEN bytes */
	uint8_t *buf;
	/** reflector sequence number of the next reflected packet */
	uint32_t seq;
	/** number of packets reflected */
	uint64_t reflected;
	/** number of packets ignored (too short) */
	uint64_t ignored;
	/** number of replies that could not be sent */
	uint64_t failed;
} reflector_t;

/**
 * A received test packet and what the kernel told about it.
 */
typedef struct {
	/** sender of the packet */
	struct sockaddr_storage peer;
	/** length of peer */
	socklen_t peer_len;
	/** length of the packet */
	size_t len;
	/** kernel receive time, if have_ts */
	struct timespec t2;
	/** TTL or hop limit, -1 if not told */
	int ttl;
	/** IPv4 packet info, if have_pi4 */
	struct in_pktinfo pi4;
	/** IPv6 packet info, if have_pi6 */
	struct in6_pktinfo pi6;
	/** whether t2, pi4 and pi6 were told */
	bool have_ts, have_pi4, have_pi6;
} reflect_pkt_t;

/**
 * Buffer for ancillary data.
 */
typedef union {
	struct cmsghdr align;
	uint8_t buf[512];
} reflect_ctrl_t;

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
 * Ask for the receive time, TTL and destination address of packets on the
 * reflector socket; prints errors and returns -1 on failure.
 */
static int reflect_sockopts(int fd, const struct addrinfo *ai)
{
	const struct sockaddr_in6 *sin6;

	if (set_int_opt(fd, SOL_SOCKET, SO_TIMESTAMPNS, 1) < 0)
	{
		fprintf(stderr, "linkmon: SO_TIMESTAMPNS: %s\n", strerror(errno));
		return -1;
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
			return -1;
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
		return -1;
	}
	return 0;
}

/**
 * Open and bind the reflector socket; prints errors and returns -1 on
 * failure, -2 if IPv6 is not supported and no address was given.
 */
static int reflect_open(const struct addrinfo *ai, const char *listen_addr)
{
	char host[NI_MAXHOST];
	unsigned port;
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
	if (reflect_sockopts(fd, ai) < 0)
	{
		close(fd);
		return -1;
	}
	if (bind(fd, ai->ai_addr, ai->ai_addrlen) < 0)
	{
		format_addr(ai->ai_addr, ai->ai_addrlen, host, sizeof(host), &port);
		fprintf(stderr, "linkmon: cannot bind to %s port %u: %s\n", host,
				port, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

/**
 * Resolve the listen address and open the reflector socket on it, on
 * 0.0.0.0 if IPv6 is missing for the default; returns 0 and the socket in
 * fd, or the exit code.
 */
static int reflect_bind(const char *listen_addr, unsigned long port, int *fd)
{
	struct addrinfo hints = {
		.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV,
		.ai_socktype = SOCK_DGRAM,
		.ai_protocol = IPPROTO_UDP,
	}, *ai;
	char serv[16];
	int err;

	snprintf(serv, sizeof(serv), "%lu", port);
	err = getaddrinfo(listen_addr ? listen_addr : "::", serv, &hints, &ai);
	if (err)
	{
		fprintf(stderr, "linkmon: invalid listen address '%s': %s\n",
				listen_addr ? listen_addr : "::", gai_strerror(err));
		return 2;
	}
	*fd = reflect_open(ai, listen_addr);
	freeaddrinfo(ai);
	if (*fd == -2)
	{
		if (getaddrinfo("0.0.0.0", serv, &hints, &ai) != 0)
		{
			fprintf(stderr, "linkmon: cannot resolve 0.0.0.0\n");
			return 1;
		}
		*fd = reflect_open(ai, "0.0.0.0");
		freeaddrinfo(ai);
	}
	return *fd < 0 ? 1 : 0;
}

/**
 * Copy the data of a control message of the given level and type, if it
 * is one and has len bytes.
 */
static bool read_cmsg(struct cmsghdr *cmsg, int level, int type, void *data,
					  size_t len)
{
	if (cmsg->cmsg_level != level || cmsg->cmsg_type != type ||
		cmsg->cmsg_len < CMSG_LEN(len))
	{
		return false;
	}
	memcpy(data, CMSG_DATA(cmsg), len);
	return true;
}

/**
 * Take the receive time, TTL and destination of a packet from its control
 * messages.
 */
static void reflect_cmsgs(struct msghdr *msg, reflect_pkt_t *pkt)
{
	struct cmsghdr *cmsg;

	for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg))
	{
		if (read_cmsg(cmsg, SOL_SOCKET, SCM_TIMESTAMPNS, &pkt->t2,
					  sizeof(pkt->t2)))
		{
			pkt->have_ts = true;
		}
		read_cmsg(cmsg, IPPROTO_IP, IP_TTL, &pkt->ttl, sizeof(int));
		read_cmsg(cmsg, IPPROTO_IPV6, IPV6_HOPLIMIT, &pkt->ttl, sizeof(int));
		if (read_cmsg(cmsg, IPPROTO_IP, IP_PKTINFO, &pkt->pi4,
					  sizeof(pkt->pi4)))
		{
			pkt->have_pi4 = true;
		}
		if (read_cmsg(cmsg, IPPROTO_IPV6, IPV6_PKTINFO, &pkt->pi6,
					  sizeof(pkt->pi6)))
		{
			pkt->have_pi6 = true;
		}
	}
}

/**
 * Receive a packet into the buffer without waiting. Returns 1 if one was
 * received, 0 if there was none, -1 on fatal errors.
 */
static int reflect_recv(reflector_t *this, reflect_pkt_t *pkt)
{
	reflect_ctrl_t ctrl;
	struct iovec iov = {
		.iov_base = this->buf,
		.iov_len = REFLECT_MAX_LEN,
	};
	struct msghdr msg = {
		.msg_name = &pkt->peer,
		.msg_namelen = sizeof(pkt->peer),
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = ctrl.buf,
		.msg_controllen = sizeof(ctrl.buf),
	};
	ssize_t n;

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
	pkt->len = n;
	pkt->peer_len = msg.msg_namelen;
	pkt->ttl = -1;
	pkt->have_ts = pkt->have_pi4 = pkt->have_pi6 = false;
	reflect_cmsgs(&msg, pkt);
	return 1;
}

/**
 * Fill in what the reflector adds to a reply: the receive time, the
 * sender's TTL and the reflector's sequence number.
 */
static void reflect_stamp(reflector_t *this, reflect_pkt_t *pkt,
						  lm_twamp_reply_t *reply)
{
	if (!pkt->have_ts || (pkt->t2.tv_sec == 0 && pkt->t2.tv_nsec == 0))
	{
		clock_gettime(CLOCK_REALTIME, &pkt->t2);
	}
	reply->rx_ts = lm_ntp_from_ns((uint64_t)pkt->t2.tv_sec * 1000000000ULL +
								  pkt->t2.tv_nsec);
	/* 0 if the kernel did not tell (it always does on Linux) */
	reply->sender_ttl = pkt->ttl >= 0 && pkt->ttl <= 255 ? pkt->ttl : 0;
	reply->seq = this->seq;
}

/**
 * Add a control message of the given level, type and length to msg, whose
 * control buffer is zeroed and empty; returns its data.
 */
static void *add_cmsg(struct msghdr *msg, int level, int type, size_t len)
{
	struct cmsghdr *cmsg;

	msg->msg_controllen = CMSG_SPACE(len);
	cmsg = CMSG_FIRSTHDR(msg);
	cmsg->cmsg_level = level;
	cmsg->cmsg_type = type;
	cmsg->cmsg_len = CMSG_LEN(len);
	return CMSG_DATA(cmsg);
}

/**
 * Set the source address of the reply to the address the packet was sent
 * to, in the zeroed control buffer ctrl of msg (none if the kernel did not
 * tell it or it was multicast).
 */
static void reflect_source(const reflect_pkt_t *pkt, reflect_ctrl_t *ctrl,
						   struct msghdr *msg)
{
	struct in_pktinfo *pi4_out;
	struct in6_pktinfo *pi6_out;
	bool mapped = false;

	msg->msg_control = ctrl->buf;
	msg->msg_controllen = 0;
	if (pkt->peer.ss_family == AF_INET6)
	{
		mapped = IN6_IS_ADDR_V4MAPPED(
						&((struct sockaddr_in6*)&pkt->peer)->sin6_addr);
	}
	if (pkt->have_pi4 && (pkt->peer.ss_family == AF_INET || mapped))
	{
		/* ipi_spec_dst is the packet's destination address, or for
		 * broadcasts/multicasts the address the kernel would answer from */
		pi4_out = add_cmsg(msg, IPPROTO_IP, IP_PKTINFO, sizeof(*pi4_out));
		pi4_out->ipi_spec_dst = pkt->pi4.ipi_spec_dst;
	}
	else if (pkt->have_pi6 && pkt->peer.ss_family == AF_INET6 &&
			 !IN6_IS_ADDR_MULTICAST(&pkt->pi6.ipi6_addr))
	{
		pi6_out = add_cmsg(msg, IPPROTO_IPV6, IPV6_PKTINFO, sizeof(*pi6_out));
		pi6_out->ipi6_addr = pkt->pi6.ipi6_addr;
		if (IN6_IS_ADDR_LINKLOCAL(&pkt->pi6.ipi6_addr))
		{
			/* otherwise routing picks the interface */
			pi6_out->ipi6_ifindex = pkt->pi6.ipi6_ifindex;
		}
	}
	if (!msg->msg_controllen)
	{
		msg->msg_control = NULL;
	}
}

/**
 * Send the reply to a test packet, stamped with the time it is sent, in
 * place of the test packet in the buffer; reports the first reply that
 * cannot be sent.
 */
static void reflect_send(reflector_t *this, reflect_pkt_t *pkt,
						 lm_twamp_reply_t *reply)
{
	reflect_ctrl_t ctrl;
	struct iovec iov = {
		.iov_base = this->buf,
	};
	struct msghdr msg = {
		.msg_name = &pkt->peer,
		.msg_namelen = pkt->peer_len,
		.msg_iov = &iov,
		.msg_iovlen = 1,
	};
	char host[NI_MAXHOST];
	struct timespec t3;
	unsigned port;
	int err;

	/* answer from the address the packet was sent to */
	memset(&ctrl, 0, sizeof(ctrl));
	reflect_source(pkt, &ctrl, &msg);

	/* same size as the test packet (RFC 6038 symmetric size), at least an
	 * unauthenticated reflected packet (STAMP's 44 bytes come from STAMP
	 * packets, which are at least as long) */
	iov.iov_len = pkt->len < LM_TWAMP_REPLY_LEN ? LM_TWAMP_REPLY_LEN
												: pkt->len;
	clock_gettime(CLOCK_REALTIME, &t3);
	reply->ts = lm_ntp_from_ns((uint64_t)t3.tv_sec * 1000000000ULL +
							   t3.tv_nsec);
	lm_twamp_encode_reply(this->buf, REFLECT_MAX_LEN, reply, iov.iov_len);
	if (sendmsg(this->fd, &msg, 0) < 0)
	{
		if (!this->failed++)
		{
			err = errno;
			format_addr((struct sockaddr*)&pkt->peer, pkt->peer_len, host,
						sizeof(host), &port);
			fprintf(stderr, "linkmon: sending reply to %s port %u failed: "
					"%s (reported once)\n", host, port, strerror(err));
		}
		return;
	}
	this->seq++;
	this->reflected++;
}

/**
 * Receive one test packet and reflect it. Returns 1 if a packet was handled,
 * 0 if there was none, -1 on fatal errors.
 */
static int reflect_one(reflector_t *this)
{
	lm_twamp_reply_t reply = {
		.err = LM_TWAMP_ERR_UNSYNC,
	};
	reflect_pkt_t pkt;
	int ret;

	ret = reflect_recv(this, &pkt);
	if (ret <= 0)
	{
		return ret;
	}
	if (lm_twamp_decode_test(this->buf, pkt.len, &reply.sender_seq,
							 &reply.sender_ts, &reply.sender_err) != 0)
	{
		this->ignored++;
		return 1;
	}
	/* a STAMP session-sender's SSID comes back (RFC 8972), a TWAMP-light
	 * sender's padding does not */
	reply.ssid = lm_twamp_test_ssid(this->buf, pkt.len);
	reflect_stamp(this, &pkt, &reply);
	reflect_send(this, &pkt, &reply);
	return 1;
}

/**
 * Get the address and port the reflector listens on, for messages; prints
 * errors and returns -1 on failure.
 */
static int reflect_local(int fd, char *host, size_t hostlen, unsigned *port)
{
	struct sockaddr_storage local;
	socklen_t local_len = sizeof(local);

	if (getsockname(fd, (struct sockaddr*)&local, &local_len) < 0)
	{
		fprintf(stderr, "linkmon: getsockname: %s\n", strerror(errno));
		return -1;
	}
	format_addr((struct sockaddr*)&local, local_len, host, hostlen, port);
	return 0;
}

/**
 * Block SIGINT/SIGTERM and catch them; wait_mask receives the signal mask
 * to wait with, which lets them in.
 */
static void reflect_signals(sigset_t *wait_mask)
{
	struct sigaction sa = {
		.sa_handler = reflect_signal,
	};
	sigset_t block;

	/* signals are only delivered while waiting in ppoll(), so none gets
	 * lost between checking the flag and going to sleep */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, wait_mask);
	sigdelset(wait_mask, SIGINT);
	sigdelset(wait_mask, SIGTERM);
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
}

/**
 * Reflect the packets waiting, at most REFLECT_BATCH and no more than count
 * in all; returns -1 on fatal errors.
 */
static int reflect_batch(reflector_t *this, uint64_t count)
{
	int err = 0, i;

	for (i = 0; i < REFLECT_BATCH && (!count || this->reflected < count); i++)
	{
		err = reflect_one(this);
		if (err <= 0)
		{
			break;
		}
	}
	return err;
}

/**
 * Wait for and reflect packets until stopped by a signal or count packets
 * were reflected; returns the exit code.
 */
static int reflect_loop(reflector_t *this, uint64_t count,
						const sigset_t *wait_mask)
{
	struct pollfd pfd;

	while (!reflect_stop && (!count || this->reflected < count))
	{
		pfd.fd = this->fd;
		pfd.events = POLLIN;
		pfd.revents = 0;
		if (ppoll(&pfd, 1, NULL, wait_mask) < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			fprintf(stderr, "linkmon: poll: %s\n", strerror(errno));
			return 1;
		}
		if (reflect_batch(this, count) < 0)
		{
			return 1;
		}
	}
	return 0;
}

int linkmon_reflect(const char *listen_addr, unsigned long port,
					uint64_t count)
{
	reflector_t this = {
		.fd = -1,
	};
	char host[NI_MAXHOST];
	sigset_t wait_mask;
	unsigned local_port;
	int ret;

	this.buf = malloc(REFLECT_MAX_LEN);
	if (!this.buf)
	{
		fprintf(stderr, "linkmon: %s\n", strerror(ENOMEM));
		return 1;
	}
	ret = reflect_bind(listen_addr, port, &this.fd);
	if (!ret && reflect_local(this.fd, host, sizeof(host), &local_port) < 0)
	{
		close(this.fd);
		ret = 1;
	}
	if (ret)
	{
		free(this.buf);
		return ret;
	}
	/* caught before we say that we listen */
	reflect_signals(&wait_mask);
	printf("linkmon: TWAMP-light and STAMP reflector listening on %s port "
		   "%u\n", host, local_port);
	fflush(stdout);
	ret = reflect_loop(&this, count, &wait_mask);
	close(this.fd);
	free(this.buf);
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
