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

#define _GNU_SOURCE

#include "link_monitor_bfdsock.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/random.h>
#include <netinet/in.h>

#include <lm_bfd.h>

/** receive buffer, bytes: 100 sessions at 10 ms are 10,000 packets/s */
#define RCVBUF (1024 * 1024)

/** largest datagram read: a Control packet with authentication */
#define PKT_MAX 64

/** tries to find a free source port */
#define BIND_TRIES 64

typedef struct private_link_monitor_bfdsock_t private_link_monitor_bfdsock_t;

/**
 * Private data of a link_monitor_bfdsock_t object.
 */
struct private_link_monitor_bfdsock_t {

	/**
	 * Public link_monitor_bfdsock_t interface.
	 */
	link_monitor_bfdsock_t public;

	/**
	 * Descriptor.
	 */
	int fd;

	/**
	 * AF_INET or AF_INET6.
	 */
	int family;
};

/**
 * Destination address and TTL or hop limit of a received datagram.
 */
static void parse_cmsgs(struct msghdr *msg, link_monitor_bfd_in_t *in)
{
	struct in6_pktinfo *pi6;
	struct in_pktinfo *pi;
	struct cmsghdr *cmsg;

	for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg))
	{
		if (cmsg->cmsg_level == IPPROTO_IP && cmsg->cmsg_type == IP_TTL)
		{
			memcpy(&in->ttl, CMSG_DATA(cmsg), sizeof(int));
		}
		else if (cmsg->cmsg_level == IPPROTO_IPV6 &&
				 cmsg->cmsg_type == IPV6_HOPLIMIT)
		{
			memcpy(&in->ttl, CMSG_DATA(cmsg), sizeof(int));
		}
		else if (cmsg->cmsg_level == IPPROTO_IP &&
				 cmsg->cmsg_type == IP_PKTINFO)
		{
			pi = (struct in_pktinfo*)CMSG_DATA(cmsg);
			in->to.family = AF_INET;
			memcpy(in->to.a, &pi->ipi_addr, 4);
		}
		else if (cmsg->cmsg_level == IPPROTO_IPV6 &&
				 cmsg->cmsg_type == IPV6_PKTINFO)
		{
			pi6 = (struct in6_pktinfo*)CMSG_DATA(cmsg);
			in->to.family = AF_INET6;
			memcpy(in->to.a, &pi6->ipi6_addr, 16);
		}
	}
}

METHOD(link_monitor_bfdsock_t, receive, int,
	private_link_monitor_bfdsock_t *this, link_monitor_bfdsock_cb_t cb,
	void *data)
{
	struct mmsghdr msgs[LINK_MONITOR_BFDSOCK_BATCH];
	struct sockaddr_storage from[LINK_MONITOR_BFDSOCK_BATCH];
	uint8_t bufs[LINK_MONITOR_BFDSOCK_BATCH][PKT_MAX];
	char cbuf[LINK_MONITOR_BFDSOCK_BATCH][256];
	struct iovec iov[LINK_MONITOR_BFDSOCK_BATCH];
	link_monitor_bfd_in_t in;
	int i, n, total = 0;

	do
	{
		memset(msgs, 0, sizeof(msgs));
		for (i = 0; i < LINK_MONITOR_BFDSOCK_BATCH; i++)
		{
			iov[i] = (struct iovec){ .iov_base = bufs[i], .iov_len = PKT_MAX };
			msgs[i].msg_hdr = (struct msghdr){
				.msg_name = &from[i],
				.msg_namelen = sizeof(from[i]),
				.msg_iov = &iov[i],
				.msg_iovlen = 1,
				.msg_control = cbuf[i],
				.msg_controllen = sizeof(cbuf[i]),
			};
		}
		n = recvmmsg(this->fd, msgs, LINK_MONITOR_BFDSOCK_BATCH, MSG_DONTWAIT,
					 NULL);
		for (i = 0; i < n; i++)
		{
			in = (link_monitor_bfd_in_t){
				.data = bufs[i],
				.len = msgs[i].msg_len,
				.ttl = -1,
			};
			if ((msgs[i].msg_hdr.msg_flags & MSG_TRUNC) ||
				!lm_addr_from_sockaddr((struct sockaddr*)&from[i], &in.from))
			{
				continue;
			}
			parse_cmsgs(&msgs[i].msg_hdr, &in);
			cb(data, &in);
		}
		total += n > 0 ? n : 0;
	}
	while (n == LINK_MONITOR_BFDSOCK_BATCH);
	return total;
}

/**
 * Add a control message to a message being built.
 */
static void add_cmsg(struct msghdr *msg, int level, int type, void *data,
					 size_t size)
{
	struct cmsghdr *cmsg;

	cmsg = (struct cmsghdr*)((char*)msg->msg_control + msg->msg_controllen);
	cmsg->cmsg_level = level;
	cmsg->cmsg_type = type;
	cmsg->cmsg_len = CMSG_LEN(size);
	memcpy(CMSG_DATA(cmsg), data, size);
	msg->msg_controllen += CMSG_SPACE(size);
}

METHOD(link_monitor_bfdsock_t, send_, int,
	private_link_monitor_bfdsock_t *this, const uint8_t *pkt, size_t len,
	const lm_addr_t *to, uint16_t port, const link_monitor_bfd_out_t *out)
{
	struct in_pktinfo pi = { .ipi_ifindex = out->ifindex };
	struct in6_pktinfo pi6 = { .ipi6_ifindex = out->ifindex };
	char cbuf[CMSG_SPACE(sizeof(pi6)) + 2 * CMSG_SPACE(sizeof(int))] = {};
	struct sockaddr_storage sa;
	struct iovec iov = {
		.iov_base = (void*)pkt,
		.iov_len = len,
	};
	struct msghdr msg = {
		.msg_name = &sa,
		.msg_iov = &iov,
		.msg_iovlen = 1,
		.msg_control = cbuf,
	};
	int tos = out->dscp << 2;
	uint32_t mark = out->mark;
	bool source = out->source && out->source->family;

	msg.msg_namelen = lm_addr_to_sockaddr(to, port, &sa);
	if (this->family == AF_INET && (source || out->ifindex))
	{
		if (source)
		{
			memcpy(&pi.ipi_spec_dst, out->source->a, 4);
		}
		add_cmsg(&msg, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	}
	else if (this->family == AF_INET6 && (source || out->ifindex))
	{
		if (source)
		{
			memcpy(&pi6.ipi6_addr, out->source->a, 16);
		}
		add_cmsg(&msg, IPPROTO_IPV6, IPV6_PKTINFO, &pi6, sizeof(pi6));
	}
	if (tos)
	{
		add_cmsg(&msg, this->family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
				 this->family == AF_INET ? IP_TOS : IPV6_TCLASS, &tos,
				 sizeof(tos));
	}
	if (mark)
	{
		add_cmsg(&msg, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	}
	if (!msg.msg_controllen)
	{
		msg.msg_control = NULL;
	}
	if (sendmsg(this->fd, &msg, MSG_DONTWAIT) < 0)
	{
		return errno;
	}
	return 0;
}

METHOD(link_monitor_bfdsock_t, get_fd, int,
	private_link_monitor_bfdsock_t *this)
{
	return this->fd;
}

METHOD(link_monitor_bfdsock_t, destroy, void,
	private_link_monitor_bfdsock_t *this)
{
	if (this->fd >= 0)
	{
		close(this->fd);
	}
	free(this);
}

/**
 * Bind to a port.
 */
static int bind_to(private_link_monitor_bfdsock_t *this, uint16_t port)
{
	struct sockaddr_storage sa;
	lm_addr_t any = { .family = this->family };

	if (bind(this->fd, (struct sockaddr*)&sa,
			 lm_addr_to_sockaddr(&any, port, &sa)) < 0)
	{
		return errno;
	}
	return 0;
}

/**
 * Bind to a port, or to a free one of 49152-65535 (RFC 5881 4).
 */
static int bind_port(private_link_monitor_bfdsock_t *this, uint16_t port)
{
	uint16_t rnd;
	int i, err;

	if (port)
	{
		return bind_to(this, port);
	}
	for (i = 0; i < BIND_TRIES; i++)
	{
		if (getrandom(&rnd, sizeof(rnd), GRND_NONBLOCK) != sizeof(rnd))
		{
			rnd = random();
		}
		err = bind_to(this, LM_BFD_SRC_PORT_MIN + rnd %
						(LM_BFD_SRC_PORT_MAX - LM_BFD_SRC_PORT_MIN + 1));
		if (err != EADDRINUSE)
		{
			return err;
		}
	}
	return EADDRINUSE;
}

/**
 * Set the options: TTL 255 out, TTL and destination in, v6 only.
 */
static int set_options(private_link_monitor_bfdsock_t *this)
{
	int ttl = LM_BFD_TTL, on = 1, rcvbuf = RCVBUF;
	bool ok;

	if (this->family == AF_INET)
	{
		ok = setsockopt(this->fd, IPPROTO_IP, IP_TTL, &ttl, sizeof(ttl)) == 0 &&
			 setsockopt(this->fd, IPPROTO_IP, IP_RECVTTL, &on,
						sizeof(on)) == 0 &&
			 setsockopt(this->fd, IPPROTO_IP, IP_PKTINFO, &on,
						sizeof(on)) == 0;
	}
	else
	{
		ok = setsockopt(this->fd, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &ttl,
						sizeof(ttl)) == 0 &&
			 setsockopt(this->fd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &on,
						sizeof(on)) == 0 &&
			 setsockopt(this->fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on,
						sizeof(on)) == 0 &&
			 setsockopt(this->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on,
						sizeof(on)) == 0;
	}
	if (!ok)
	{
		return errno;
	}
	/* a smaller buffer only risks losses under load */
	setsockopt(this->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	return 0;
}

/*
 * Described in header
 */
link_monitor_bfdsock_t *link_monitor_bfdsock_create(int family, uint16_t port,
													int *err)
{
	private_link_monitor_bfdsock_t *this;

	INIT(this,
		.public = {
			.receive = _receive,
			.send = _send_,
			.get_fd = _get_fd,
			.destroy = _destroy,
		},
		.fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC,
					 IPPROTO_UDP),
		.family = family,
	);
	if (this->fd < 0)
	{
		*err = errno;
		destroy(this);
		return NULL;
	}
	*err = set_options(this);
	if (!*err)
	{
		*err = bind_port(this, port);
	}
	if (*err)
	{
		destroy(this);
		return NULL;
	}
	return &this->public;
}
