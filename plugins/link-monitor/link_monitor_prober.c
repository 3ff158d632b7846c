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

/* struct in6_pktinfo */
#define _GNU_SOURCE

#include "link_monitor_prober.h"
#include "link_monitor_tcp.h"

#include <errno.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <linux/icmp.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>

#include <daemon.h>
#include <threading/mutex.h>

#include <lm_echo.h>
#include <lm_icmp.h>
#include <lm_twamp.h>
#include <lm_txstamp.h>

/**
 * Transmit timestamps: software stamps when the device takes the packet, and
 * when it enters the packet scheduler for devices that stamp nothing (tun,
 * veth before 6.x), numbered per socket, without the packet.
 */
#define TX_STAMP_FLAGS (SOF_TIMESTAMPING_TX_SOFTWARE | \
						SOF_TIMESTAMPING_TX_SCHED | \
						SOF_TIMESTAMPING_SOFTWARE | \
						SOF_TIMESTAMPING_OPT_TSONLY)

/**
 * Error queue messages read per recvmmsg().
 */
#define ERRQUEUE_BATCH 32

/**
 * Receive buffer of the shared sockets, bytes.
 */
#define RCVBUF (4 * 1024 * 1024)

/**
 * Replies read per recvmmsg().
 */
#define REPLY_BATCH 16

typedef struct private_link_monitor_prober_t private_link_monitor_prober_t;

/**
 * Kinds of shared datagram sockets.
 */
typedef enum {
	SOCK_ICMP,
	SOCK_UDP_ECHO,
	SOCK_TWAMP,
	SOCK_KINDS,
} sock_kind_t;

/**
 * A shared datagram socket.
 */
typedef struct {
	/** owner */
	private_link_monitor_prober_t *prober;
	/** kind */
	sock_kind_t kind;
	/** AF_INET or AF_INET6 */
	int family;
	/** descriptor, -1 if not open */
	int fd;
	/** probes waiting for their transmit timestamps, NULL if the kernel
	 *  gives none */
	lm_txstamp_t *tx;
	/** protects tx and the kernel's numbering of sent datagrams */
	mutex_t *mutex;
} dgram_t;

/**
 * Private data of a link_monitor_prober_t object.
 */
struct private_link_monitor_prober_t {

	/**
	 * Public link_monitor_prober_t interface.
	 */
	link_monitor_prober_t public;

	/**
	 * Shared sockets by kind, IPv4 and IPv6.
	 */
	dgram_t socks[SOCK_KINDS][2];

	/**
	 * Connection-based probes.
	 */
	link_monitor_tcp_t *tcp;

	/**
	 * Reply callback.
	 */
	link_monitor_reply_cb_t cb;

	/**
	 * Data for cb.
	 */
	void *data;
};

/**
 * Read a clock in ns.
 */
static uint64_t clock_ns(clockid_t clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * Described in header
 */
uint64_t link_monitor_now_ns()
{
	return clock_ns(CLOCK_MONOTONIC);
}

/*
 * Described in header
 */
uint64_t link_monitor_real_ns()
{
	return clock_ns(CLOCK_REALTIME);
}

/**
 * Transmit timestamp from an error queue message.
 */
static bool parse_stamp(struct msghdr *msg, uint32_t *id,
						lm_txstamp_kind_t *kind, uint64_t *ns)
{
	struct sock_extended_err *ee = NULL;
	struct scm_timestamping *ts = NULL;
	struct cmsghdr *cmsg;

	for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg))
	{
		if (cmsg->cmsg_level == SOL_SOCKET &&
			cmsg->cmsg_type == SCM_TIMESTAMPING)
		{
			ts = (struct scm_timestamping*)CMSG_DATA(cmsg);
		}
		else if ((cmsg->cmsg_level == SOL_IP &&
				  cmsg->cmsg_type == IP_RECVERR) ||
				 (cmsg->cmsg_level == SOL_IPV6 &&
				  cmsg->cmsg_type == IPV6_RECVERR))
		{
			ee = (struct sock_extended_err*)CMSG_DATA(cmsg);
		}
	}
	if (!ts || !ee || ee->ee_errno != ENOMSG ||
		ee->ee_origin != SO_EE_ORIGIN_TIMESTAMPING ||
		(ee->ee_info != SCM_TSTAMP_SND && ee->ee_info != SCM_TSTAMP_SCHED) ||
		(!ts->ts[0].tv_sec && !ts->ts[0].tv_nsec))
	{
		return FALSE;
	}
	*id = ee->ee_data;
	*kind = ee->ee_info == SCM_TSTAMP_SND ? LM_TXSTAMP_SND : LM_TXSTAMP_SCHED;
	*ns = (uint64_t)ts->ts[0].tv_sec * 1000000000ULL + ts->ts[0].tv_nsec;
	return TRUE;
}

/**
 * Read all transmit timestamps from a socket's error queue into its table,
 * with its mutex held.
 */
static void read_stamps(dgram_t *sock)
{
	struct mmsghdr msgs[ERRQUEUE_BATCH];
	char cbuf[ERRQUEUE_BATCH][128];
	lm_txstamp_kind_t kind;
	uint32_t id;
	uint64_t ns;
	int i, n;

	do
	{
		memset(msgs, 0, sizeof(msgs));
		for (i = 0; i < ERRQUEUE_BATCH; i++)
		{
			msgs[i].msg_hdr.msg_control = cbuf[i];
			msgs[i].msg_hdr.msg_controllen = sizeof(cbuf[i]);
		}
		n = recvmmsg(sock->fd, msgs, ERRQUEUE_BATCH,
					 MSG_ERRQUEUE | MSG_DONTWAIT, NULL);
		for (i = 0; i < n; i++)
		{
			if (sock->tx && parse_stamp(&msgs[i].msg_hdr, &id, &kind, &ns))
			{
				lm_txstamp_stamp(sock->tx, id, kind, ns);
			}
		}
	}
	while (n == ERRQUEUE_BATCH);
}

/**
 * Set the timestamping flags of a socket; on failure disable transmit
 * timestamps (RTTs then start at the user space send time). With its mutex
 * held.
 */
static bool set_stamping(dgram_t *sock, int flags)
{
	if (setsockopt(sock->fd, SOL_SOCKET, SO_TIMESTAMPING, &flags,
				   sizeof(flags)) == 0)
	{
		return TRUE;
	}
	DBG1(DBG_CFG, "link-monitor: enabling transmit timestamps failed, RTTs "
		 "start at the send time taken in user space: %s", strerror(errno));
	flags = 0;
	setsockopt(sock->fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof(flags));
	lm_txstamp_destroy(sock->tx);
	sock->tx = NULL;
	return FALSE;
}

/**
 * After a failed send the kernel may have used a number or not: take the
 * stamps queued so far, then restart the kernel's and our numbering at 0 by
 * enabling OPT_ID anew. With the socket's mutex held.
 */
static void restart_numbering(dgram_t *sock)
{
	read_stamps(sock);
	if (set_stamping(sock, TX_STAMP_FLAGS) &&
		set_stamping(sock, TX_STAMP_FLAGS | SOF_TIMESTAMPING_OPT_ID))
	{
		lm_txstamp_reset(sock->tx);
	}
}

/**
 * Kernel transmit time of the probe a reply answers, 0 if none.
 */
static uint64_t tx_time(dgram_t *sock, link_monitor_reply_t *reply)
{
	uint64_t ns = 0;

	sock->mutex->lock(sock->mutex);
	if (sock->tx)
	{
		ns = lm_txstamp_take(sock->tx, reply->ident, reply->seq,
							 &reply->from);
		if (!ns)
		{
			/* stamped after we last read the error queue */
			read_stamps(sock);
			ns = lm_txstamp_take(sock->tx, reply->ident, reply->seq,
								 &reply->from);
		}
	}
	sock->mutex->unlock(sock->mutex);
	return ns;
}

/**
 * Hand a datagram to the kernel, remembering its number for its transmit
 * timestamp.
 */
static int send_numbered(dgram_t *sock, struct msghdr *msg, uint16_t ident,
						 uint16_t seq, lm_addr_t *server)
{
	int err = 0;

	sock->mutex->lock(sock->mutex);
	if (sendmsg(sock->fd, msg, MSG_DONTWAIT) < 0)
	{
		err = errno;
		if (sock->tx)
		{
			restart_numbering(sock);
		}
	}
	else if (sock->tx)
	{
		lm_txstamp_sent(sock->tx, ident, seq, server);
	}
	sock->mutex->unlock(sock->mutex);
	return err;
}

/**
 * Send a datagram on a shared socket with the monitor's source address,
 * interface and DSCP as ancillary data.
 */
static int send_dgram(dgram_t *sock, lm_monitor_t *mon, int server,
					  uint16_t port, uint16_t seq, uint8_t *pkt, size_t len,
					  uint64_t *mono_ns, uint64_t *real_ns)
{
	lm_monitor_cfg_t *cfg = mon->cfg;
	struct sockaddr_storage sa;
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
	struct iovec iov = {
		.iov_base = pkt,
		.iov_len = len,
	};
	struct msghdr msg = {
		.msg_name = &sa,
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
	};
	struct cmsghdr *cmsg;
	unsigned int ifindex = 0;
	int tos = cfg->dscp << 2;
	size_t clen = 0;

	if (sock->fd < 0)
	{
		return EAFNOSUPPORT;
	}
	memset(cbuf, 0, sizeof(cbuf));
	if (cfg->interface)
	{
		ifindex = if_nametoindex(cfg->interface);
		if (!ifindex)
		{
			return ENODEV;
		}
	}
	msg.msg_namelen = lm_addr_to_sockaddr(&mon->servers[server].addr, port,
										  &sa);
	cmsg = (struct cmsghdr*)cbuf;
	if (sock->family == AF_INET)
	{
		struct in_pktinfo *pi;

		if (cfg->source.family || ifindex)
		{
			cmsg->cmsg_level = IPPROTO_IP;
			cmsg->cmsg_type = IP_PKTINFO;
			cmsg->cmsg_len = CMSG_LEN(sizeof(*pi));
			pi = (struct in_pktinfo*)CMSG_DATA(cmsg);
			pi->ipi_ifindex = ifindex;
			memcpy(&pi->ipi_spec_dst, cfg->source.a, 4);
			clen += CMSG_SPACE(sizeof(*pi));
			cmsg = (struct cmsghdr*)(cbuf + clen);
		}
		if (tos)
		{
			cmsg->cmsg_level = IPPROTO_IP;
			cmsg->cmsg_type = IP_TOS;
			cmsg->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cmsg), &tos, sizeof(int));
			clen += CMSG_SPACE(sizeof(int));
		}
	}
	else
	{
		struct in6_pktinfo *pi;

		if (cfg->source.family || ifindex)
		{
			cmsg->cmsg_level = IPPROTO_IPV6;
			cmsg->cmsg_type = IPV6_PKTINFO;
			cmsg->cmsg_len = CMSG_LEN(sizeof(*pi));
			pi = (struct in6_pktinfo*)CMSG_DATA(cmsg);
			pi->ipi6_ifindex = ifindex;
			memcpy(&pi->ipi6_addr, cfg->source.a, 16);
			clen += CMSG_SPACE(sizeof(*pi));
			cmsg = (struct cmsghdr*)(cbuf + clen);
		}
		if (tos)
		{
			cmsg->cmsg_level = IPPROTO_IPV6;
			cmsg->cmsg_type = IPV6_TCLASS;
			cmsg->cmsg_len = CMSG_LEN(sizeof(int));
			memcpy(CMSG_DATA(cmsg), &tos, sizeof(int));
			clen += CMSG_SPACE(sizeof(int));
		}
	}
	msg.msg_controllen = clen;
	if (!clen)
	{
		msg.msg_control = NULL;
	}
	*real_ns = clock_ns(CLOCK_REALTIME);
	*mono_ns = clock_ns(CLOCK_MONOTONIC);
	return send_numbered(sock, &msg, mon->ident, seq,
						 &mon->servers[server].addr);
}

METHOD(link_monitor_prober_t, send_, int,
	private_link_monitor_prober_t *this, lm_monitor_t *mon, int server,
	uint16_t seq, uint64_t *mono_ns, uint64_t *real_ns)
{
	int af = mon->servers[server].addr.family == AF_INET ? 0 : 1;
	uint8_t pkt[LM_ICMP_ECHO_LEN + LM_TWAMP_TEST_LEN + LM_ECHO_LEN];
	size_t len;

	switch (mon->cfg->protocol)
	{
		case LM_PROTO_PING:
			len = lm_icmp_echo_encode(pkt, mon->servers[server].addr.family,
									  mon->ident, seq, mon->token);
			return send_dgram(&this->socks[SOCK_ICMP][af], mon, server, 0,
							  seq, pkt, len, mono_ns, real_ns);
		case LM_PROTO_UDP_ECHO:
			len = lm_echo_encode(pkt, mon->ident, seq, mon->token);
			return send_dgram(&this->socks[SOCK_UDP_ECHO][af], mon, server,
							  mon->cfg->port, seq, pkt, len, mono_ns, real_ns);
		case LM_PROTO_TWAMP:
			len = lm_twamp_encode_test(pkt, sizeof(pkt),
									   ((uint32_t)mon->ident << 16) | seq,
									   lm_twamp_tag(lm_ntp_from_ns(
												clock_ns(CLOCK_REALTIME)),
												mon->token));
			return send_dgram(&this->socks[SOCK_TWAMP][af], mon, server,
							  mon->cfg->port, seq, pkt, len, mono_ns, real_ns);
		case LM_PROTO_TCP_ECHO:
		case LM_PROTO_HTTP:
		case LM_PROTO_HTTPS:
			return this->tcp->start(this->tcp, mon, server, seq, mono_ns,
									real_ns);
		default:
			return EPROTONOSUPPORT;
	}
}

/**
 * Decode a datagram into a reply; returns FALSE if it is not one of ours.
 */
static bool decode(dgram_t *sock, uint8_t *pkt, size_t len,
				   link_monitor_reply_t *reply)
{
	lm_twamp_reply_t twamp;
	int64_t turnaround;

	switch (sock->kind)
	{
		case SOCK_ICMP:
			reply->protocol = LM_PROTO_PING;
			reply->token_mask = UINT32_MAX;
			return lm_icmp_echo_decode(pkt, len, sock->family, &reply->ident,
						&reply->seq, &reply->token) == LM_ICMP_OK;
		case SOCK_UDP_ECHO:
			reply->protocol = LM_PROTO_UDP_ECHO;
			reply->token_mask = UINT32_MAX;
			return lm_echo_decode(pkt, len, &reply->ident, &reply->seq,
								  &reply->token) == 0;
		case SOCK_TWAMP:
			reply->protocol = LM_PROTO_TWAMP;
			if (lm_twamp_decode_reply(pkt, len, &twamp) != 0)
			{
				return FALSE;
			}
			reply->ident = twamp.sender_seq >> 16;
			reply->seq = twamp.sender_seq & 0xffff;
			reply->token = lm_twamp_get_tag(twamp.sender_ts);
			reply->token_mask = LM_TWAMP_TAG_MASK;
			turnaround = lm_twamp_turnaround_ns(&twamp);
			if (turnaround > 0)
			{
				reply->turnaround_ns = turnaround;
			}
			return TRUE;
		default:
			return FALSE;
	}
}

/**
 * Pass a datagram read from a shared socket to the callback if it is a reply
 * of ours.
 */
static void handle_reply(dgram_t *sock, struct msghdr *msg, size_t len,
						 uint64_t now, uint64_t now_real)
{
	private_link_monitor_prober_t *this = sock->prober;
	link_monitor_reply_t reply = {
		.rx_mono_ns = now,
	};
	struct cmsghdr *cmsg;
	struct timespec *ts;

	if (!decode(sock, msg->msg_iov->iov_base, len, &reply) ||
		!lm_addr_from_sockaddr(msg->msg_name, &reply.from))
	{
		return;
	}
	if (reply.from.family == AF_INET6 &&
		IN6_IS_ADDR_V4MAPPED((struct in6_addr*)reply.from.a))
	{
		return;
	}
	for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg))
	{
		if (cmsg->cmsg_level == SOL_SOCKET &&
			cmsg->cmsg_type == SCM_TIMESTAMPNS)
		{
			ts = (struct timespec*)CMSG_DATA(cmsg);
			reply.rx_real_ns = (uint64_t)ts->tv_sec * 1000000000ULL +
							   ts->tv_nsec;
		}
	}
	if (reply.rx_real_ns && reply.rx_real_ns <= now_real &&
		now_real - reply.rx_real_ns < now)
	{
		/* when the kernel received it, not when we read it: a reply that
		 * arrived in time is in time, however late this thread ran */
		reply.rx_mono_ns = now - (now_real - reply.rx_real_ns);
	}
	reply.tx_real_ns = tx_time(sock, &reply);
	this->cb(this->data, &reply);
}

/**
 * Read transmit timestamps and replies from a datagram socket, in the probe
 * thread, replies REPLY_BATCH per recvmmsg().
 */
static void on_dgram(dgram_t *sock, int fd)
{
	struct mmsghdr msgs[REPLY_BATCH];
	struct iovec iov[REPLY_BATCH];
	struct sockaddr_storage sa[REPLY_BATCH];
	uint8_t pkt[REPLY_BATCH][1500];
	/* SCM_TIMESTAMPNS, and SCM_TIMESTAMPING as SOF_TIMESTAMPING_SOFTWARE
	 * reports it too */
	char cbuf[REPLY_BATCH][CMSG_SPACE(sizeof(struct timespec)) +
						   CMSG_SPACE(sizeof(struct scm_timestamping)) + 64];
	uint64_t now, now_real;
	int i, n;

	sock->mutex->lock(sock->mutex);
	read_stamps(sock);
	sock->mutex->unlock(sock->mutex);
	do
	{
		for (i = 0; i < REPLY_BATCH; i++)
		{
			iov[i] = (struct iovec){
				.iov_base = pkt[i],
				.iov_len = sizeof(pkt[i]),
			};
			msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &sa[i],
				.msg_namelen = sizeof(sa[i]),
				.msg_iov = &iov[i],
				.msg_iovlen = 1,
				.msg_control = cbuf[i],
				.msg_controllen = sizeof(cbuf[i]),
			};
		}
		n = recvmmsg(fd, msgs, REPLY_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0)
		{
			if (errno == ECONNREFUSED || errno == EINTR)
			{
				/* ICMP error of an earlier datagram, or a signal */
				n = REPLY_BATCH;
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
			{
				DBG1(DBG_CFG, "link-monitor: receiving probe replies failed: "
					 "%s", strerror(errno));
			}
			return;
		}
		now = clock_ns(CLOCK_MONOTONIC);
		now_real = clock_ns(CLOCK_REALTIME);
		for (i = 0; i < n; i++)
		{
			handle_reply(sock, &msgs[i].msg_hdr, msgs[i].msg_len, now,
						 now_real);
		}
	}
	while (n == REPLY_BATCH);
}

/**
 * Open a shared socket.
 */
static void open_dgram(private_link_monitor_prober_t *this,
					   link_monitor_io_t *io, sock_kind_t kind, int family)
{
	dgram_t *sock = &this->socks[kind][family == AF_INET ? 0 : 1];
	int fd, on = 1, proto = 0, type = SOCK_DGRAM, rcvbuf = RCVBUF;
	char *name[] = { "ICMP", "udp-echo", "TWAMP" };

	*sock = (dgram_t){
		.prober = this,
		.kind = kind,
		.family = family,
		.fd = -1,
	};
	if (kind == SOCK_ICMP)
	{
		type = SOCK_RAW;
		proto = family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
	}
	fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, proto);
	if (fd < 0)
	{
		DBG1(DBG_CFG, "link-monitor: opening %s%s socket failed: %s",
			 name[kind], family == AF_INET ? "" : " IPv6", strerror(errno));
		return;
	}
	if (kind == SOCK_ICMP && family == AF_INET)
	{
		struct icmp_filter filter = {
			.data = ~(1U << ICMP_ECHOREPLY),
		};
		if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter)) < 0)
		{
			DBG1(DBG_CFG, "link-monitor: setting ICMP filter failed: %s",
				 strerror(errno));
		}
	}
	else if (kind == SOCK_ICMP)
	{
		struct icmp6_filter filter;

		ICMP6_FILTER_SETBLOCKALL(&filter);
		ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter);
		if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter,
					   sizeof(filter)) < 0)
		{
			DBG1(DBG_CFG, "link-monitor: setting ICMPv6 filter failed: %s",
				 strerror(errno));
		}
	}
	else if (family == AF_INET6)
	{
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	}
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: enabling receive timestamps failed: %s",
			 strerror(errno));
	}
	/* a burst of a slot queues its replies and two transmit timestamps per
	 * probe while the probe thread is still sending */
	if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
				   sizeof(rcvbuf)) < 0 &&
		setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: enlarging the receive buffer failed: %s",
			 strerror(errno));
	}
	sock->fd = fd;
	sock->mutex = mutex_create(MUTEX_TYPE_DEFAULT);
	sock->tx = lm_txstamp_create();
	if (sock->tx)
	{
		set_stamping(sock, TX_STAMP_FLAGS | SOF_TIMESTAMPING_OPT_ID);
	}
	if (!io->add(io, fd, (void*)on_dgram, sock))
	{
		lm_txstamp_destroy(sock->tx);
		sock->mutex->destroy(sock->mutex);
		close(fd);
		sock->fd = -1;
	}
}

METHOD(link_monitor_prober_t, destroy, void,
	private_link_monitor_prober_t *this)
{
	int kind, af;

	for (kind = 0; kind < SOCK_KINDS; kind++)
	{
		for (af = 0; af < 2; af++)
		{
			if (this->socks[kind][af].fd >= 0)
			{
				/* the probe thread is gone */
				close(this->socks[kind][af].fd);
				lm_txstamp_destroy(this->socks[kind][af].tx);
				this->socks[kind][af].mutex->destroy(
											this->socks[kind][af].mutex);
			}
		}
	}
	DESTROY_IF(this->tcp);
	free(this);
}

/*
 * Described in header
 */
link_monitor_prober_t *link_monitor_prober_create(link_monitor_io_t *io,
												  link_monitor_reply_cb_t cb,
												  void *data)
{
	private_link_monitor_prober_t *this;
	int kind;

	INIT(this,
		.public = {
			.send = _send_,
			.destroy = _destroy,
		},
		.cb = cb,
		.data = data,
	);

	for (kind = 0; kind < SOCK_KINDS; kind++)
	{
		open_dgram(this, io, kind, AF_INET);
		open_dgram(this, io, kind, AF_INET6);
	}
	if (this->socks[SOCK_ICMP][0].fd < 0 && this->socks[SOCK_ICMP][1].fd < 0)
	{
		destroy(this);
		return NULL;
	}
	this->tcp = link_monitor_tcp_create(cb, data);
	if (!this->tcp)
	{
		destroy(this);
		return NULL;
	}
	return &this->public;
}
