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

#include <errno.h>
#include <unistd.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <linux/icmp.h>

#include <daemon.h>

#include <lm_icmp.h>

typedef struct private_link_monitor_prober_t private_link_monitor_prober_t;

/**
 * Private data of a link_monitor_prober_t object.
 */
struct private_link_monitor_prober_t {

	/**
	 * Public link_monitor_prober_t interface.
	 */
	link_monitor_prober_t public;

	/**
	 * Raw ICMP socket.
	 */
	int icmp4;

	/**
	 * Raw ICMPv6 socket.
	 */
	int icmp6;

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

METHOD(link_monitor_prober_t, send_, int,
	private_link_monitor_prober_t *this, lm_monitor_t *mon, int server,
	uint16_t seq, uint64_t *mono_ns, uint64_t *real_ns)
{
	lm_monitor_cfg_t *cfg = mon->cfg;
	lm_addr_t *dst = &mon->servers[server].addr;
	struct sockaddr_storage sa;
	uint8_t pkt[LM_ICMP_ECHO_LEN];
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo)) + CMSG_SPACE(sizeof(int))];
	struct iovec iov = {
		.iov_base = pkt,
	};
	struct msghdr msg = {
		.msg_name = &sa,
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
	};
	struct cmsghdr *cmsg;
	unsigned int ifindex = 0;
	int fd, tos = cfg->dscp << 2;
	size_t clen = 0;

	memset(cbuf, 0, sizeof(cbuf));
	if (cfg->interface)
	{
		ifindex = if_nametoindex(cfg->interface);
		if (!ifindex)
		{
			return ENODEV;
		}
	}
	msg.msg_namelen = lm_addr_to_sockaddr(dst, 0, &sa);
	iov.iov_len = lm_icmp_echo_encode(pkt, dst->family, mon->ident, seq,
									  mon->token);
	cmsg = (struct cmsghdr*)cbuf;
	if (dst->family == AF_INET)
	{
		struct in_pktinfo *pi;

		fd = this->icmp4;
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

		fd = this->icmp6;
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
	if (fd < 0)
	{
		return EAFNOSUPPORT;
	}
	msg.msg_controllen = clen;
	if (!clen)
	{
		msg.msg_control = NULL;
	}
	*real_ns = clock_ns(CLOCK_REALTIME);
	*mono_ns = clock_ns(CLOCK_MONOTONIC);
	if (sendmsg(fd, &msg, MSG_DONTWAIT) < 0)
	{
		return errno;
	}
	return 0;
}

/**
 * Read all pending replies of an ICMP socket.
 */
static void receive(private_link_monitor_prober_t *this, int fd, int family)
{
	uint8_t pkt[1500];
	char cbuf[CMSG_SPACE(sizeof(struct timespec)) + 64];
	struct sockaddr_storage sa;
	struct iovec iov = {
		.iov_base = pkt,
		.iov_len = sizeof(pkt),
	};
	struct msghdr msg;
	struct cmsghdr *cmsg;
	struct timespec *ts;
	link_monitor_reply_t reply;
	ssize_t len;

	while (TRUE)
	{
		msg = (struct msghdr){
			.msg_name = &sa,
			.msg_namelen = sizeof(sa),
			.msg_iov = &iov,
			.msg_iovlen = 1,
			.msg_control = cbuf,
			.msg_controllen = sizeof(cbuf),
		};
		len = recvmsg(fd, &msg, MSG_DONTWAIT);
		if (len < 0)
		{
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
			{
				DBG1(DBG_CFG, "link-monitor: receiving ICMP failed: %s",
					 strerror(errno));
			}
			return;
		}
		reply = (link_monitor_reply_t){
			.protocol = LM_PROTO_PING,
			.rx_mono_ns = clock_ns(CLOCK_MONOTONIC),
		};
		if (lm_icmp_echo_decode(pkt, len, family, &reply.ident, &reply.seq,
								&reply.token) != LM_ICMP_OK ||
			!lm_addr_from_sockaddr((struct sockaddr*)&sa, &reply.from))
		{
			continue;
		}
		for (cmsg = CMSG_FIRSTHDR(&msg); cmsg; cmsg = CMSG_NXTHDR(&msg, cmsg))
		{
			if (cmsg->cmsg_level == SOL_SOCKET &&
				cmsg->cmsg_type == SCM_TIMESTAMPNS)
			{
				ts = (struct timespec*)CMSG_DATA(cmsg);
				reply.rx_real_ns = (uint64_t)ts->tv_sec * 1000000000ULL +
								   ts->tv_nsec;
			}
		}
		this->cb(this->data, &reply);
	}
}

CALLBACK(on_icmp4, bool,
	private_link_monitor_prober_t *this, int fd, watcher_event_t event)
{
	receive(this, fd, AF_INET);
	return TRUE;
}

CALLBACK(on_icmp6, bool,
	private_link_monitor_prober_t *this, int fd, watcher_event_t event)
{
	receive(this, fd, AF_INET6);
	return TRUE;
}

/**
 * Open a raw ICMP socket that only sees echo replies.
 */
static int open_icmp(int family)
{
	int fd, on = 1;

	fd = socket(family, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
				family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6);
	if (fd < 0)
	{
		DBG1(DBG_CFG, "link-monitor: opening ICMP%s socket failed: %s",
			 family == AF_INET ? "" : "v6", strerror(errno));
		return -1;
	}
	if (family == AF_INET)
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
	else
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
	if (setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: enabling receive timestamps failed: %s",
			 strerror(errno));
	}
	return fd;
}

METHOD(link_monitor_prober_t, destroy, void,
	private_link_monitor_prober_t *this)
{
	if (this->icmp4 >= 0)
	{
		lib->watcher->remove(lib->watcher, this->icmp4);
		close(this->icmp4);
	}
	if (this->icmp6 >= 0)
	{
		lib->watcher->remove(lib->watcher, this->icmp6);
		close(this->icmp6);
	}
	free(this);
}

/*
 * Described in header
 */
link_monitor_prober_t *link_monitor_prober_create(link_monitor_reply_cb_t cb,
												  void *data)
{
	private_link_monitor_prober_t *this;

	INIT(this,
		.public = {
			.send = _send_,
			.destroy = _destroy,
		},
		.cb = cb,
		.data = data,
		.icmp4 = open_icmp(AF_INET),
		.icmp6 = open_icmp(AF_INET6),
	);

	if (this->icmp4 < 0 && this->icmp6 < 0)
	{
		destroy(this);
		return NULL;
	}
	if (this->icmp4 >= 0)
	{
		lib->watcher->add(lib->watcher, this->icmp4, WATCHER_READ,
						  on_icmp4, this);
	}
	if (this->icmp6 >= 0)
	{
		lib->watcher->add(lib->watcher, this->icmp6, WATCHER_READ,
						  on_icmp6, this);
	}
	return &this->public;
}
