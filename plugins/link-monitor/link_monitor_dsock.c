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

#include "link_monitor_dsock.h"
#include "link_monitor_clock.h"

#include <errno.h>
#include <unistd.h>
#include <netinet/in.h>
#include <linux/errqueue.h>
#include <linux/net_tstamp.h>

#include <daemon.h>
#include <threading/mutex.h>

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
 * Receive buffer, bytes: a burst of a slot queues its replies and two
 * transmit timestamps per probe while the probe thread is still sending.
 */
#define RCVBUF (4 * 1024 * 1024)

/**
 * Datagrams read per recvmmsg().
 */
#define READ_BATCH LINK_MONITOR_DSOCK_BATCH

typedef struct private_link_monitor_dsock_t private_link_monitor_dsock_t;

/**
 * Private data of a link_monitor_dsock_t object.
 */
struct private_link_monitor_dsock_t {

	/**
	 * Public link_monitor_dsock_t interface.
	 */
	link_monitor_dsock_t public;

	/**
	 * Descriptor.
	 */
	int fd;

	/**
	 * Probes waiting for their transmit timestamps, NULL if the kernel
	 * gives none.
	 */
	lm_txstamp_t *tx;

	/**
	 * Callback for datagrams read.
	 */
	link_monitor_dsock_cb_t cb;

	/**
	 * Data for cb.
	 */
	void *data;

	/**
	 * Protects tx and the kernel's numbering of sent datagrams.
	 */
	mutex_t *mutex;
};

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
 * Read all transmit timestamps from the error queue into the table, with
 * the mutex held.
 */
static void read_stamps(private_link_monitor_dsock_t *this)
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
		n = recvmmsg(this->fd, msgs, ERRQUEUE_BATCH,
					 MSG_ERRQUEUE | MSG_DONTWAIT, NULL);
		for (i = 0; i < n; i++)
		{
			if (this->tx && parse_stamp(&msgs[i].msg_hdr, &id, &kind, &ns))
			{
				lm_txstamp_stamp(this->tx, id, kind, ns);
			}
		}
	}
	while (n == ERRQUEUE_BATCH);
}

/**
 * Set the timestamping flags; on failure disable transmit timestamps (RTTs
 * then start at the user space send time). With the mutex held.
 */
static bool set_stamping(private_link_monitor_dsock_t *this, int flags)
{
	if (setsockopt(this->fd, SOL_SOCKET, SO_TIMESTAMPING, &flags,
				   sizeof(flags)) == 0)
	{
		return TRUE;
	}
	DBG1(DBG_CFG, "link-monitor: enabling transmit timestamps failed, RTTs "
		 "start at the send time taken in user space: %s", strerror(errno));
	flags = 0;
	setsockopt(this->fd, SOL_SOCKET, SO_TIMESTAMPING, &flags, sizeof(flags));
	lm_txstamp_destroy(this->tx);
	this->tx = NULL;
	return FALSE;
}

/**
 * After a failed send the kernel may have used a number or not: take the
 * stamps queued so far, then restart the kernel's and our numbering at 0 by
 * enabling OPT_ID anew. With the mutex held.
 */
static void restart_numbering(private_link_monitor_dsock_t *this)
{
	read_stamps(this);
	if (set_stamping(this, TX_STAMP_FLAGS) &&
		set_stamping(this, TX_STAMP_FLAGS | SOF_TIMESTAMPING_OPT_ID))
	{
		lm_txstamp_reset(this->tx);
	}
}

METHOD(link_monitor_dsock_t, send_, int,
	private_link_monitor_dsock_t *this, struct msghdr *msg, uint16_t ident,
	uint16_t seq, const lm_addr_t *server)
{
	int err = 0;

	this->mutex->lock(this->mutex);
	if (sendmsg(this->fd, msg, MSG_DONTWAIT) < 0)
	{
		err = errno;
		if (this->tx)
		{
			restart_numbering(this);
		}
	}
	else if (this->tx)
	{
		lm_txstamp_sent(this->tx, ident, seq, server);
	}
	this->mutex->unlock(this->mutex);
	return err;
}

METHOD(link_monitor_dsock_t, tx_time, uint64_t,
	private_link_monitor_dsock_t *this, uint16_t ident, uint16_t seq,
	const lm_addr_t *server)
{
	uint64_t ns = 0;

	this->mutex->lock(this->mutex);
	if (this->tx)
	{
		ns = lm_txstamp_take(this->tx, ident, seq, server);
		if (!ns)
		{
			/* stamped after we last read the error queue */
			read_stamps(this);
			ns = lm_txstamp_take(this->tx, ident, seq, server);
		}
	}
	this->mutex->unlock(this->mutex);
	return ns;
}

/**
 * Kernel receive time of a datagram, CLOCK_REALTIME ns, 0 if none.
 */
static uint64_t rx_stamp(struct msghdr *msg)
{
	struct cmsghdr *cmsg;
	struct timespec *ts;

	for (cmsg = CMSG_FIRSTHDR(msg); cmsg; cmsg = CMSG_NXTHDR(msg, cmsg))
	{
		if (cmsg->cmsg_level == SOL_SOCKET &&
			cmsg->cmsg_type == SCM_TIMESTAMPNS)
		{
			ts = (struct timespec*)CMSG_DATA(cmsg);
			return (uint64_t)ts->tv_sec * 1000000000ULL + ts->tv_nsec;
		}
	}
	return 0;
}

/**
 * Hand a datagram read to the callback.
 */
static void deliver(private_link_monitor_dsock_t *this, struct msghdr *msg,
					size_t len, uint64_t now, uint64_t now_real)
{
	link_monitor_dgram_in_t in = {
		.data = msg->msg_iov->iov_base,
		.len = len,
		.rx_mono_ns = now,
		.rx_real_ns = rx_stamp(msg),
	};

	if (!lm_addr_from_sockaddr(msg->msg_name, &in.from))
	{
		return;
	}
	if (in.rx_real_ns && in.rx_real_ns <= now_real &&
		now_real - in.rx_real_ns < now)
	{
		/* when the kernel received it, not when we read it: a reply that
		 * arrived in time is in time, however late this thread ran */
		in.rx_mono_ns = now - (now_real - in.rx_real_ns);
	}
	this->cb(this->data, &in);
}

/**
 * Read transmit timestamps and datagrams, in the probe thread, READ_BATCH
 * datagrams per recvmmsg().
 */
static void on_read(private_link_monitor_dsock_t *this, int fd)
{
	struct mmsghdr msgs[READ_BATCH];
	struct iovec iov[READ_BATCH];
	struct sockaddr_storage sa[READ_BATCH];
	uint8_t pkt[READ_BATCH][1500];
	/* SCM_TIMESTAMPNS, and SCM_TIMESTAMPING as SOF_TIMESTAMPING_SOFTWARE
	 * reports it too */
	char cbuf[READ_BATCH][CMSG_SPACE(sizeof(struct timespec)) +
						  CMSG_SPACE(sizeof(struct scm_timestamping)) + 64];
	uint64_t now, now_real;
	int i, n;

	this->mutex->lock(this->mutex);
	read_stamps(this);
	this->mutex->unlock(this->mutex);
	do
	{
		for (i = 0; i < READ_BATCH; i++)
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
		n = recvmmsg(fd, msgs, READ_BATCH, MSG_DONTWAIT, NULL);
		if (n < 0)
		{
			if (errno == ECONNREFUSED || errno == EINTR)
			{
				/* ICMP error of an earlier datagram, or a signal */
				n = READ_BATCH;
				continue;
			}
			if (errno != EAGAIN && errno != EWOULDBLOCK)
			{
				DBG1(DBG_CFG, "link-monitor: receiving probe replies failed: "
					 "%s", strerror(errno));
			}
			return;
		}
		now = link_monitor_now_ns();
		now_real = link_monitor_real_ns();
		for (i = 0; i < n; i++)
		{
			deliver(this, &msgs[i].msg_hdr, msgs[i].msg_len, now, now_real);
		}
		this->cb(this->data, NULL);
	}
	while (n == READ_BATCH);
}

METHOD(link_monitor_dsock_t, get_fd, int,
	private_link_monitor_dsock_t *this)
{
	return this->fd;
}

METHOD(link_monitor_dsock_t, destroy, void,
	private_link_monitor_dsock_t *this)
{
	if (this->fd >= 0)
	{
		close(this->fd);
	}
	lm_txstamp_destroy(this->tx);
	this->mutex->destroy(this->mutex);
	free(this);
}

/**
 * Ask for kernel timestamps and a receive buffer for bursts.
 */
static void set_options(private_link_monitor_dsock_t *this)
{
	int on = 1, rcvbuf = RCVBUF;

	if (setsockopt(this->fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof(on)) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: enabling receive timestamps failed: %s",
			 strerror(errno));
	}
	if (setsockopt(this->fd, SOL_SOCKET, SO_RCVBUFFORCE, &rcvbuf,
				   sizeof(rcvbuf)) < 0 &&
		setsockopt(this->fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf,
				   sizeof(rcvbuf)) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: enlarging the receive buffer failed: %s",
			 strerror(errno));
	}
	this->tx = lm_txstamp_create();
	if (this->tx)
	{
		set_stamping(this, TX_STAMP_FLAGS | SOF_TIMESTAMPING_OPT_ID);
	}
}

/*
 * Described in header
 */
link_monitor_dsock_t *link_monitor_dsock_create(int family, int type,
								int protocol, link_monitor_io_t *io,
								link_monitor_dsock_cb_t cb, void *data,
								int *err)
{
	private_link_monitor_dsock_t *this;
	int on = 1;

	INIT(this,
		.public = {
			.send = _send_,
			.tx_time = _tx_time,
			.get_fd = _get_fd,
			.destroy = _destroy,
		},
		.fd = socket(family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol),
		.cb = cb,
		.data = data,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	if (this->fd < 0)
	{
		*err = errno;
		destroy(this);
		return NULL;
	}
	if (family == AF_INET6 && type == SOCK_DGRAM)
	{
		setsockopt(this->fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on));
	}
	set_options(this);
	if (!io->add(io, this->fd, (void*)on_read, this))
	{
		*err = ENOMEM;
		destroy(this);
		return NULL;
	}
	return &this->public;
}
