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

#include "link_monitor_dgram.h"
#include "link_monitor_clock.h"
#include "link_monitor_dsock.h"

#include <errno.h>
#include <sys/random.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/icmp6.h>
#include <linux/icmp.h>

#include <daemon.h>
#include <threading/mutex.h>

#include <lm_dnsid.h>
#include <lm_echo.h>
#include <lm_icmp.h>
#include <lm_twamp.h>

typedef struct private_link_monitor_dgram_t private_link_monitor_dgram_t;

/**
 * Kinds of shared sockets.
 */
typedef enum {
	SOCK_ICMP,
	SOCK_UDP_ECHO,
	SOCK_TWAMP,
	SOCK_STAMP,
	SOCK_DNS,
	SOCK_KINDS,
} sock_kind_t;

/**
 * A shared socket.
 */
typedef struct {
	/** owner */
	private_link_monitor_dgram_t *owner;
	/** kind */
	sock_kind_t kind;
	/** AF_INET or AF_INET6 */
	int family;
	/** the socket, NULL if not open */
	link_monitor_dsock_t *dsock;
	/** SOCK_DNS: the queries sent, by ID; created with the first */
	lm_dnsid_t *dns;
	/** replies of the batch being read */
	lm_reply_t batch[LINK_MONITOR_DSOCK_BATCH];
	/** number of replies in batch */
	int count;
} shared_t;

/**
 * Private data of the datagram transport.
 */
struct private_link_monitor_dgram_t {

	/**
	 * Implements link_monitor_transport_t.
	 */
	link_monitor_transport_t public;

	/**
	 * Shared sockets by kind, IPv4 and IPv6.
	 */
	shared_t socks[SOCK_KINDS][2];

	/**
	 * Protects the DNS queries of the SOCK_DNS sockets (taken inside the
	 * scheduler's mutex, before a socket's).
	 */
	mutex_t *dns_mutex;

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
 * Add a control message to a message being built.
 */
static void add_cmsg(struct msghdr *msg, size_t *len, int level, int type,
					 void *data, size_t size)
{
	struct cmsghdr *cmsg = (struct cmsghdr*)((char*)msg->msg_control + *len);

	cmsg->cmsg_level = level;
	cmsg->cmsg_type = type;
	cmsg->cmsg_len = CMSG_LEN(size);
	memcpy(CMSG_DATA(cmsg), data, size);
	*len += CMSG_SPACE(size);
}

/**
 * Add the monitor's source address, interface and DSCP to a message.
 */
static void add_cmsgs(struct msghdr *msg, int family,
					  const lm_monitor_cfg_t *cfg, unsigned int ifindex)
{
	struct in_pktinfo pi = { .ipi_ifindex = ifindex };
	struct in6_pktinfo pi6 = { .ipi6_ifindex = ifindex };
	int tos = cfg->dscp << 2;
	uint32_t mark = cfg->mark;
	size_t len = 0;

	if (family == AF_INET && (cfg->source.family || ifindex))
	{
		memcpy(&pi.ipi_spec_dst, cfg->source.a, 4);
		add_cmsg(msg, &len, IPPROTO_IP, IP_PKTINFO, &pi, sizeof(pi));
	}
	else if (family == AF_INET6 && (cfg->source.family || ifindex))
	{
		memcpy(&pi6.ipi6_addr, cfg->source.a, 16);
		add_cmsg(msg, &len, IPPROTO_IPV6, IPV6_PKTINFO, &pi6, sizeof(pi6));
	}
	if (tos)
	{
		add_cmsg(msg, &len, family == AF_INET ? IPPROTO_IP : IPPROTO_IPV6,
				 family == AF_INET ? IP_TOS : IPV6_TCLASS, &tos, sizeof(tos));
	}
	if (mark)
	{
		/* per packet on the shared socket (CAP_NET_ADMIN) */
		add_cmsg(msg, &len, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	}
	msg->msg_controllen = len;
	if (!len)
	{
		msg->msg_control = NULL;
	}
}

/**
 * Send a probe on a shared socket with the monitor's source address,
 * interface and DSCP as ancillary data.
 */
static int send_probe(shared_t *sock, const lm_probe_t *probe, uint16_t port,
					  uint8_t *pkt, size_t len, uint64_t *mono_ns,
					  uint64_t *real_ns)
{
	const lm_monitor_cfg_t *cfg = lm_monitor_cfg_server(probe->mon->cfg,
														probe->server);
	const lm_addr_t *server = &probe->mon->servers[probe->server].addr;
	struct sockaddr_storage sa;
	char cbuf[CMSG_SPACE(sizeof(struct in6_pktinfo)) +
			  2 * CMSG_SPACE(sizeof(int))];
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
	unsigned int ifindex = 0;

	if (!sock->dsock)
	{
		return EAFNOSUPPORT;
	}
	if (cfg->interface)
	{
		ifindex = if_nametoindex(cfg->interface);
		if (!ifindex)
		{
			return ENODEV;
		}
	}
	memset(cbuf, 0, sizeof(cbuf));
	msg.msg_namelen = lm_addr_to_sockaddr(server, port, &sa);
	add_cmsgs(&msg, sock->family, cfg, ifindex);
	*real_ns = link_monitor_real_ns();
	*mono_ns = link_monitor_now_ns();
	return sock->dsock->send(sock->dsock, &msg, probe->mon->ident, probe->seq,
							 server);
}

/**
 * Random DNS IDs to choose from (unpredictable: they are what keeps forged
 * answers out).
 */
#define DNS_DRAWS 16

/**
 * Send a DNS query with a random ID, tracked to find the probe again.
 */
static int send_dns(private_link_monitor_dgram_t *this, const lm_probe_t *probe,
					int af, uint64_t *mono_ns, uint64_t *real_ns)
{
	const lm_monitor_t *mon = probe->mon;
	const lm_monitor_cfg_t *cfg = lm_monitor_cfg_server(mon->cfg,
														probe->server);
	shared_t *sock = &this->socks[SOCK_DNS][af];
	lm_dnsid_probe_t tracked = {
		.ident = mon->ident,
		.seq = probe->seq,
		.token = mon->token,
		.server = mon->servers[probe->server].addr,
	};
	uint8_t pkt[LM_DNS_QUERY_MAX];
	uint16_t draws[DNS_DRAWS], id;
	lm_dns_query_t query;
	ssize_t drawn;
	int err;

	if (!lm_dns_query_init(&query, cfg->dns_name, cfg->dns_type,
						   cfg->dns_match))
	{
		return EINVAL;
	}
	drawn = getrandom(draws, sizeof(draws), GRND_NONBLOCK);
	if (drawn != sizeof(draws))
	{
		return drawn < 0 ? errno : EAGAIN;
	}
	this->dns_mutex->lock(this->dns_mutex);
	if (!sock->dns)
	{
		sock->dns = lm_dnsid_create();
	}
	err = sock->dns ? lm_dnsid_add(sock->dns, draws, DNS_DRAWS, &tracked,
								   &query, &id) : ENOMEM;
	if (!err)
	{
		err = send_probe(sock, probe, cfg->port, pkt,
						 lm_dns_encode_query(pkt, sizeof(pkt), id, &query),
						 mono_ns, real_ns);
		if (err)
		{
			lm_dnsid_remove(sock->dns, id);
		}
	}
	this->dns_mutex->unlock(this->dns_mutex);
	return err;
}

METHOD(link_monitor_transport_t, send_, int,
	private_link_monitor_dgram_t *this, const lm_probe_t *probe,
	uint64_t *mono_ns, uint64_t *real_ns)
{
	const lm_monitor_t *mon = probe->mon;
	const lm_monitor_cfg_t *cfg = lm_monitor_cfg_server(mon->cfg,
														probe->server);
	int af = mon->servers[probe->server].addr.family == AF_INET ? 0 : 1;
	uint8_t pkt[LM_ICMP_ECHO_LEN + LM_STAMP_TEST_LEN + LM_ECHO_LEN];
	uint32_t sender_seq = ((uint32_t)mon->ident << 16) | probe->seq;
	size_t len;

	switch (cfg->protocol)
	{
		case LM_PROTO_PING:
			len = lm_icmp_echo_encode(pkt, mon->servers[probe->server].addr.family,
									  mon->ident, probe->seq, mon->token);
			return send_probe(&this->socks[SOCK_ICMP][af], probe, 0, pkt, len,
							  mono_ns, real_ns);
		case LM_PROTO_UDP_ECHO:
			len = lm_echo_encode(pkt, mon->ident, probe->seq, mon->token);
			return send_probe(&this->socks[SOCK_UDP_ECHO][af], probe,
							  cfg->port, pkt, len, mono_ns, real_ns);
		case LM_PROTO_TWAMP:
			len = lm_twamp_encode_test(pkt, sizeof(pkt), sender_seq,
							lm_twamp_tag(lm_ntp_from_ns(link_monitor_real_ns()),
										 mon->token));
			return send_probe(&this->socks[SOCK_TWAMP][af], probe,
							  cfg->port, pkt, len, mono_ns, real_ns);
		case LM_PROTO_STAMP:
			len = lm_stamp_encode_test(pkt, sizeof(pkt), sender_seq,
							lm_twamp_tag(lm_ntp_from_ns(link_monitor_real_ns()),
										 mon->token));
			return send_probe(&this->socks[SOCK_STAMP][af], probe,
							  cfg->port, pkt, len, mono_ns, real_ns);
		case LM_PROTO_DNS:
			return send_dns(this, probe, af, mono_ns, real_ns);
		default:
			return EPROTONOSUPPORT;
	}
}

/**
 * Decode a TWAMP-light or STAMP reply: both reflect the same fields.
 */
static bool decode_twamp(uint8_t *pkt, size_t len, lm_proto_t protocol,
						 lm_reply_t *reply)
{
	lm_twamp_reply_t twamp;
	int64_t turnaround;

	reply->protocol = protocol;
	/* bytes 14-15 are MBZ, or the SSID a STAMP reflector copies from our
	 * test packet, where it is 0 */
	if (lm_twamp_decode_reply(pkt, len, &twamp) != 0 || twamp.ssid)
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
}

/**
 * Decode a DNS response into a reply: the probe of the query it answers.
 */
static bool decode_dns(shared_t *sock, uint8_t *pkt, size_t len,
					   lm_reply_t *reply)
{
	private_link_monitor_dgram_t *this = sock->owner;
	lm_dnsid_probe_t probe;
	bool ours = FALSE;

	reply->protocol = LM_PROTO_DNS;
	this->dns_mutex->lock(this->dns_mutex);
	if (sock->dns)
	{
		ours = lm_dnsid_match(sock->dns, pkt, len, &reply->from, &probe,
							  &reply->failed, reply->reason,
							  sizeof(reply->reason));
	}
	this->dns_mutex->unlock(this->dns_mutex);
	if (ours)
	{
		reply->ident = probe.ident;
		reply->seq = probe.seq;
		reply->token = probe.token;
		reply->token_mask = UINT32_MAX;
	}
	return ours;
}

/**
 * Decode a datagram into a reply; FALSE if it is not one of ours.
 */
static bool decode(shared_t *sock, uint8_t *pkt, size_t len,
				   lm_reply_t *reply)
{
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
			return decode_twamp(pkt, len, LM_PROTO_TWAMP, reply);
		case SOCK_STAMP:
			return decode_twamp(pkt, len, LM_PROTO_STAMP, reply);
		case SOCK_DNS:
			return decode_dns(sock, pkt, len, reply);
		default:
			return FALSE;
	}
}

/**
 * Add a datagram read from a shared socket to the batch if it is a reply of
 * ours; pass the batch to the callback at its end (in NULL): one lock of
 * the scheduler for all replies read at once.
 */
static void on_datagram(shared_t *sock, link_monitor_dgram_in_t *in)
{
	private_link_monitor_dgram_t *this = sock->owner;
	lm_reply_t *reply;

	if (!in)
	{
		if (sock->count)
		{
			this->cb(this->data, sock->batch, sock->count);
			sock->count = 0;
		}
		return;
	}
	if (sock->count == LINK_MONITOR_DSOCK_BATCH)
	{
		return;
	}
	reply = &sock->batch[sock->count];
	*reply = (lm_reply_t){
		.from = in->from,
		.rx_mono_ns = in->rx_mono_ns,
		.rx_real_ns = in->rx_real_ns,
	};
	if (!decode(sock, in->data, in->len, reply) ||
		(reply->from.family == AF_INET6 &&
		 IN6_IS_ADDR_V4MAPPED((struct in6_addr*)reply->from.a)))
	{
		return;
	}
	reply->tx_real_ns = sock->dsock->tx_time(sock->dsock, reply->ident,
											 reply->seq, &reply->from);
	sock->count++;
}

/**
 * Let only echo replies through to an ICMP socket.
 */
static void icmp_filter(int fd, int family)
{
	struct icmp_filter filter = {
		.data = ~(1U << ICMP_ECHOREPLY),
	};
	struct icmp6_filter filter6;

	if (family == AF_INET)
	{
		if (setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof(filter)) < 0)
		{
			DBG1(DBG_CFG, "link-monitor: setting ICMP filter failed: %s",
				 strerror(errno));
		}
		return;
	}
	ICMP6_FILTER_SETBLOCKALL(&filter6);
	ICMP6_FILTER_SETPASS(ICMP6_ECHO_REPLY, &filter6);
	if (setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter6,
				   sizeof(filter6)) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: setting ICMPv6 filter failed: %s",
			 strerror(errno));
	}
}

/**
 * Open a shared socket.
 */
static void open_shared(private_link_monitor_dgram_t *this,
						link_monitor_io_t *io, sock_kind_t kind, int family)
{
	shared_t *sock = &this->socks[kind][family == AF_INET ? 0 : 1];
	char *name[] = { "ICMP", "udp-echo", "TWAMP", "STAMP", "DNS" };
	int err = 0;

	*sock = (shared_t){
		.owner = this,
		.kind = kind,
		.family = family,
	};
	if (kind == SOCK_ICMP)
	{
		sock->dsock = link_monitor_dsock_create(family, SOCK_RAW,
						family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6, io,
						(void*)on_datagram, sock, &err);
	}
	else
	{
		sock->dsock = link_monitor_dsock_create(family, SOCK_DGRAM, 0, io,
						(void*)on_datagram, sock, &err);
	}
	if (!sock->dsock)
	{
		DBG1(DBG_CFG, "link-monitor: opening %s%s socket failed: %s",
			 name[kind], family == AF_INET ? "" : " IPv6", strerror(err));
	}
	else if (kind == SOCK_ICMP)
	{
		icmp_filter(sock->dsock->get_fd(sock->dsock), family);
	}
}

METHOD(link_monitor_transport_t, destroy, void,
	private_link_monitor_dgram_t *this)
{
	int kind, af;

	for (kind = 0; kind < SOCK_KINDS; kind++)
	{
		for (af = 0; af < 2; af++)
		{
			/* the probe thread is gone */
			DESTROY_IF(this->socks[kind][af].dsock);
			lm_dnsid_destroy(this->socks[kind][af].dns);
		}
	}
	this->dns_mutex->destroy(this->dns_mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_transport_t *link_monitor_dgram_create(link_monitor_io_t *io,
												link_monitor_reply_cb_t cb,
												void *data)
{
	private_link_monitor_dgram_t *this;
	int kind;

	INIT(this,
		.public = {
			.send = _send_,
			.destroy = _destroy,
		},
		.dns_mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.cb = cb,
		.data = data,
	);

	for (kind = 0; kind < SOCK_KINDS; kind++)
	{
		open_shared(this, io, kind, AF_INET);
		open_shared(this, io, kind, AF_INET6);
	}
	if (!this->socks[SOCK_ICMP][0].dsock && !this->socks[SOCK_ICMP][1].dsock)
	{
		destroy(this);
		return NULL;
	}
	return &this->public;
}
