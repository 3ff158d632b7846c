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

#include "link_monitor_bfd.h"
#include "link_monitor_bfdsock.h"
#include "link_monitor_bfdtab.h"
#include "link_monitor_clock.h"

#include <errno.h>
#include <unistd.h>
#include <net/if.h>
#include <sys/timerfd.h>

#include <daemon.h>
#include <threading/mutex.h>

/**
 * A wake-up serves every session due this soon: packets go up to 1 ms
 * early, never before the RFC allows (75% of the interval), and sessions
 * share wake-ups instead of one each.
 */
#define SLACK_NS 1000000ULL

typedef struct private_link_monitor_bfd_t private_link_monitor_bfd_t;

/**
 * A socket to receive on, with what it is for.
 */
typedef struct {
	/** owner */
	private_link_monitor_bfd_t *owner;
	/** the socket, NULL until opened */
	link_monitor_bfdsock_t *sock;
	/** encapsulation */
	lm_bfd_mode_t mode;
	/** opening failed with this errno (logged once), 0 if not */
	int err;
} rx_t;

/**
 * Private data of the BFD transport.
 */
struct private_link_monitor_bfd_t {

	/**
	 * Implements link_monitor_transport_t.
	 */
	link_monitor_transport_t public;

	/**
	 * Probe thread.
	 */
	link_monitor_io_t *io;

	/**
	 * Our timer.
	 */
	int timerfd;

	/**
	 * Time the timer is set to, UINT64_MAX if none.
	 */
	uint64_t armed;

	/**
	 * Sockets to receive on, by mode and family (0 IPv4, 1 IPv6).
	 */
	rx_t rx[2][2];

	/**
	 * Sockets to send from, by family, and errno of a failed opening.
	 */
	link_monitor_bfdsock_t *tx[2];
	int tx_err[2];

	/**
	 * The sessions.
	 */
	link_monitor_bfdtab_t *tab;

	/**
	 * Reports to deliver once the lock is released.
	 */
	lm_bfd_report_t *reports;
	int nreports, reports_cap;

	/**
	 * Report callback.
	 */
	link_monitor_bfd_cb_t cb;

	/**
	 * Data for cb.
	 */
	void *data;

	/**
	 * Protects everything above.
	 */
	mutex_t *mutex;
};

/**
 * Index of a family.
 */
static int af(int family)
{
	return family == AF_INET ? 0 : 1;
}

/**
 * Set our timer to the earliest event of the sessions.
 */
static void rearm(private_link_monitor_bfd_t *this)
{
	uint64_t next = this->tab->next(this->tab);
	struct itimerspec its = {};

	if (next == this->armed)
	{
		return;
	}
	this->armed = next;
	if (next != UINT64_MAX)
	{
		/* 0 would disarm it: a time in the past fires at once */
		next = max(next, 1);
		its.it_value.tv_sec = next / 1000000000ULL;
		its.it_value.tv_nsec = next % 1000000000ULL;
	}
	if (timerfd_settime(this->timerfd, TFD_TIMER_ABSTIME, &its, NULL) < 0)
	{
		DBG1(DBG_CFG, "link-monitor: setting the BFD timer failed: %s",
			 strerror(errno));
	}
}

/**
 * Queue a report if what the session shows changed.
 */
static void check_report(private_link_monitor_bfd_t *this,
						 link_monitor_bfd_session_t *sess)
{
	lm_bfd_report_t *report;
	int cap;

	if (sess->draining || lm_bfd_info_equals(&sess->reported, &sess->s.info))
	{
		return;
	}
	if (this->nreports == this->reports_cap)
	{
		cap = this->reports_cap ? this->reports_cap * 2 : 16;
		report = realloc(this->reports, cap * sizeof(*report));
		if (!report)
		{
			/* reported with the next change */
			return;
		}
		this->reports = report;
		this->reports_cap = cap;
	}
	sess->reported = sess->s.info;
	this->reports[this->nreports++] = (lm_bfd_report_t){
		.ident = sess->ident,
		.token = sess->token,
		.gen = sess->gen,
		.server = sess->peer,
		.info = sess->s.info,
	};
}

/**
 * Hand the reports to the core; without the lock.
 */
static void deliver(private_link_monitor_bfd_t *this)
{
	lm_bfd_report_t *reports;
	int count;

	this->mutex->lock(this->mutex);
	reports = this->reports;
	count = this->nreports;
	this->reports = NULL;
	this->nreports = this->reports_cap = 0;
	this->mutex->unlock(this->mutex);
	if (count)
	{
		this->cb(this->data, reports, count);
	}
	free(reports);
}

/**
 * Send what a session has to send now.
 */
static void transmit(private_link_monitor_bfd_t *this,
					 link_monitor_bfd_session_t *sess, uint64_t now)
{
	link_monitor_bfdsock_t *sock = this->tx[af(sess->peer.family)];
	link_monitor_bfd_out_t out = {
		.source = &sess->local,
		.dscp = sess->dscp,
		.mark = sess->mark,
	};
	uint8_t buf[LM_BFD_LEN];
	char addr[LM_ADDR_STRLEN];
	lm_bfd_packet_t pkt;
	int err = ENOTCONN;

	lm_bfd_session_tx(&sess->s, &pkt, now, this->tab->random(this->tab));
	if (sess->ifname[0] && !sess->ifindex)
	{
		sess->ifindex = if_nametoindex(sess->ifname);
	}
	out.ifindex = sess->ifindex;
	if (sock && (!sess->ifname[0] || sess->ifindex))
	{
		err = sock->send(sock, buf, lm_bfd_encode(buf, sizeof(buf), &pkt),
						 &sess->peer, sess->mode == LM_BFD_MODE_MULTI ?
						 LM_BFD_PORT_MULTI : LM_BFD_PORT_SINGLE, &out);
	}
	else if (sock)
	{
		err = ENODEV;
	}
	if (err && err != sess->last_err)
	{
		DBG1(DBG_CFG, "link-monitor '%s': sending BFD to %s failed: %s",
			 sess->name, lm_addr_fmt(&sess->peer, addr), strerror(err));
	}
	if (err == ENODEV || err == ENXIO)
	{
		/* the interface may come back with another index */
		sess->ifindex = 0;
	}
	sess->last_err = err;
}

/**
 * A session's timers and packets due now; a drained one is removed.
 */
static void process(private_link_monitor_bfd_t *this,
					link_monitor_bfd_session_t *sess, uint64_t now)
{
	lm_bfd_session_timer(&sess->s, now);
	while (lm_bfd_session_tx_due(&sess->s, now, SLACK_NS))
	{
		transmit(this, sess, now);
	}
	if (sess->draining && now >= sess->drain_ns)
	{
		this->tab->remove(this->tab, sess);
		return;
	}
	check_report(this, sess);
	this->tab->schedule(this->tab, sess);
}

/**
 * A datagram on a receiving socket.
 */
static void on_packet(rx_t *rx, link_monitor_bfd_in_t *in)
{
	private_link_monitor_bfd_t *this = rx->owner;
	uint64_t now = link_monitor_now_ns();
	char addr[LM_ADDR_STRLEN];
	lm_bfd_packet_t pkt;
	lm_bfd_err_t err;
	link_monitor_bfd_session_t *sess;

	err = lm_bfd_decode(in->data, in->len, &pkt);
	if (err != LM_BFD_OK)
	{
		DBG3(DBG_CFG, "link-monitor: dropped a BFD packet from %s: %s",
			 lm_addr_fmt(&in->from, addr), lm_bfd_err_name(err));
		return;
	}
	sess = this->tab->demux(this->tab, rx->mode, &pkt, &in->from, &in->to);
	if (!sess)
	{
		return;
	}
	if (rx->mode == LM_BFD_MODE_SINGLE && in->ttl != LM_BFD_TTL)
	{
		/* RFC 5881 5: not from a neighbor one hop away */
		if (!sess->ttl_drops++)
		{
			DBG1(DBG_CFG, "link-monitor '%s': dropped a BFD packet from %s "
				 "with TTL %d, single-hop wants %d", sess->name,
				 lm_addr_fmt(&in->from, addr), in->ttl, LM_BFD_TTL);
		}
		return;
	}
	lm_bfd_session_rx(&sess->s, &pkt, now);
	process(this, sess, now);
}

/**
 * Read a receiving socket, with the lock.
 */
static void read_rx(private_link_monitor_bfd_t *this, rx_t *rx)
{
	if (rx->sock)
	{
		rx->sock->receive(rx->sock, (void*)on_packet, rx);
	}
}

/**
 * A receiving socket is readable (probe thread).
 */
static void on_readable(rx_t *rx, int fd)
{
	private_link_monitor_bfd_t *this = rx->owner;

	this->mutex->lock(this->mutex);
	read_rx(this, rx);
	rearm(this);
	this->mutex->unlock(this->mutex);
	deliver(this);
}

/**
 * Our timer fired (probe thread): packets that are in first, so that one
 * received in time never expires a session, then what is due.
 */
static void on_timer(private_link_monitor_bfd_t *this, int fd)
{
	link_monitor_bfd_session_t **due;
	uint64_t count, now;
	int i, n;

	if (read(fd, &count, sizeof(count)) != sizeof(count))
	{
		return;
	}
	this->mutex->lock(this->mutex);
	for (i = 0; i < 4; i++)
	{
		read_rx(this, &this->rx[i / 2][i % 2]);
	}
	now = link_monitor_now_ns();
	n = this->tab->take_due(this->tab, now + SLACK_NS, &due);
	for (i = 0; i < n; i++)
	{
		process(this, due[i], now);
	}
	free(due);
	this->armed = UINT64_MAX;
	rearm(this);
	this->mutex->unlock(this->mutex);
	deliver(this);
}

/**
 * Open the sockets a session needs: to receive on its encapsulation's
 * port, to send from its family.
 */
static void open_sockets(private_link_monitor_bfd_t *this, lm_bfd_mode_t mode,
						 int family)
{
	rx_t *rx = &this->rx[mode][af(family)];
	uint16_t port = mode == LM_BFD_MODE_MULTI ? LM_BFD_PORT_MULTI
											  : LM_BFD_PORT_SINGLE;
	int err = 0;

	if (!rx->sock)
	{
		rx->sock = link_monitor_bfdsock_create(family, port, &err);
		if (rx->sock && !this->io->add(this->io, rx->sock->get_fd(rx->sock),
									   (void*)on_readable, rx))
		{
			rx->sock->destroy(rx->sock);
			rx->sock = NULL;
			err = EIO;
		}
		if (!rx->sock && err != rx->err)
		{
			DBG1(DBG_CFG, "link-monitor: opening the BFD socket on %s port "
				 "%u failed: %s", family == AF_INET ? "IPv4" : "IPv6", port,
				 strerror(err));
		}
		rx->err = err;
	}
	if (!this->tx[af(family)])
	{
		this->tx[af(family)] = link_monitor_bfdsock_create(family, 0, &err);
		if (!this->tx[af(family)] && err != this->tx_err[af(family)])
		{
			DBG1(DBG_CFG, "link-monitor: opening the %s socket to send BFD "
				 "from failed: %s", family == AF_INET ? "IPv4" : "IPv6",
				 strerror(err));
		}
		this->tx_err[af(family)] = err;
	}
}

/**
 * Run a monitor's sessions: start them, start them anew (another
 * generation), or take new parameters.
 */
static void run_sessions(private_link_monitor_bfd_t *this,
						 const lm_session_t *want, uint64_t now)
{
	link_monitor_bfd_session_t *sess;
	const lm_addr_t *peer;
	int i;

	for (i = 0; i < want->mon->cfg->server_count; i++)
	{
		peer = &want->mon->servers[i].addr;
		sess = this->tab->find(this->tab, want, peer);
		if (sess && sess->gen != want->gen)
		{
			this->tab->remove(this->tab, sess);
			sess = NULL;
		}
		if (sess)
		{
			this->tab->update(this->tab, sess, want, i, now);
			continue;
		}
		sess = this->tab->start(this->tab, want, i, now);
		if (sess)
		{
			open_sockets(this, sess->mode, sess->peer.family);
		}
	}
}

METHOD(link_monitor_transport_t, sessions, void,
	private_link_monitor_bfd_t *this, const lm_session_t *wants, int count)
{
	uint64_t now = link_monitor_now_ns();
	int i;

	this->mutex->lock(this->mutex);
	for (i = 0; i < count; i++)
	{
		if (wants[i].run)
		{
			run_sessions(this, &wants[i], now);
		}
		else
		{
			this->tab->stop(this->tab, &wants[i], now);
		}
	}
	rearm(this);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_transport_t, send_, int,
	private_link_monitor_bfd_t *this, const lm_probe_t *probe,
	uint64_t *mono_ns, uint64_t *real_ns)
{
	/* BFD sends no probes */
	return EPROTONOSUPPORT;
}

METHOD(link_monitor_transport_t, destroy, void,
	private_link_monitor_bfd_t *this)
{
	int i;

	/* the probe thread is gone */
	DESTROY_IF(this->tab);
	for (i = 0; i < 4; i++)
	{
		DESTROY_IF(this->rx[i / 2][i % 2].sock);
	}
	DESTROY_IF(this->tx[0]);
	DESTROY_IF(this->tx[1]);
	if (this->timerfd >= 0)
	{
		close(this->timerfd);
	}
	this->mutex->destroy(this->mutex);
	free(this->reports);
	free(this);
}

/*
 * Described in header
 */
link_monitor_transport_t *link_monitor_bfd_create(link_monitor_io_t *io,
												  link_monitor_bfd_cb_t cb,
												  void *data)
{
	private_link_monitor_bfd_t *this;
	int i;

	INIT(this,
		.public = {
			.send = _send_,
			.sessions = _sessions,
			.destroy = _destroy,
		},
		.io = io,
		.timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC),
		.armed = UINT64_MAX,
		.tab = link_monitor_bfdtab_create(),
		.cb = cb,
		.data = data,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	for (i = 0; i < 4; i++)
	{
		this->rx[i / 2][i % 2] = (rx_t){
			.owner = this,
			.mode = i / 2 ? LM_BFD_MODE_MULTI : LM_BFD_MODE_SINGLE,
		};
	}
	if (this->timerfd < 0 ||
		!io->add(io, this->timerfd, (void*)on_timer, this))
	{
		DBG1(DBG_CFG, "link-monitor: creating the BFD timer failed: %s",
			 strerror(errno));
		destroy(this);
		return NULL;
	}
	return &this->public;
}
