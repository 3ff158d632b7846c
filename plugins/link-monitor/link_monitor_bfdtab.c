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

#include "link_monitor_bfdtab.h"
#include "link_monitor_clock.h"

#include <sys/random.h>

#include <collections/hashtable.h>

#include <lm_monitor.h>

typedef struct private_link_monitor_bfdtab_t private_link_monitor_bfdtab_t;

/**
 * Private data of a link_monitor_bfdtab_t object.
 */
struct private_link_monitor_bfdtab_t {

	/**
	 * Public link_monitor_bfdtab_t interface.
	 */
	link_monitor_bfdtab_t public;

	/**
	 * Sessions.
	 */
	link_monitor_bfd_session_t **sessions;
	int count, cap;

	/**
	 * Sessions by local discriminator.
	 */
	hashtable_t *discrs;

	/**
	 * Sessions by next event.
	 */
	lm_heap_t heap;

	/**
	 * State of the random number generator.
	 */
	uint64_t rng;
};

METHOD(link_monitor_bfdtab_t, random_, uint32_t,
	private_link_monitor_bfdtab_t *this)
{
	/* xorshift64* */
	this->rng ^= this->rng >> 12;
	this->rng ^= this->rng << 25;
	this->rng ^= this->rng >> 27;
	return (this->rng * 0x2545f4914f6cdd1dULL) >> 32;
}

METHOD(link_monitor_bfdtab_t, schedule, void,
	private_link_monitor_bfdtab_t *this, link_monitor_bfd_session_t *sess)
{
	uint64_t next = lm_bfd_session_next(&sess->s);

	if (sess->draining && sess->drain_ns < next)
	{
		next = sess->drain_ns;
	}
	if (!lm_heap_set(&this->heap, &sess->timer, next))
	{
		DBG1(DBG_CFG, "link-monitor '%s': out of memory scheduling BFD",
			 sess->name);
	}
}

METHOD(link_monitor_bfdtab_t, remove_, void,
	private_link_monitor_bfdtab_t *this, link_monitor_bfd_session_t *sess)
{
	int i;

	lm_heap_remove(&this->heap, &sess->timer);
	this->discrs->remove(this->discrs,
						 (void*)(uintptr_t)sess->s.info.local_discr);
	for (i = 0; i < this->count; i++)
	{
		if (this->sessions[i] == sess)
		{
			this->sessions[i] = this->sessions[--this->count];
			break;
		}
	}
	free(sess);
}

/**
 * The parameters of a monitor's sessions.
 */
static lm_bfd_params_t params(const lm_monitor_cfg_t *cfg)
{
	return (lm_bfd_params_t){
		.tx_us = cfg->bfd_tx_ms * 1000,
		.rx_us = cfg->bfd_rx_ms * 1000,
		.mult = cfg->bfd_mult,
		.hold = cfg->recoverytime,
	};
}

/**
 * Take what a session sends with from a monitor's configuration.
 */
static void configure(link_monitor_bfd_session_t *sess,
					  const lm_monitor_cfg_t *cfg, int server)
{
	const lm_monitor_cfg_t *scfg = lm_monitor_cfg_server(cfg, server);

	snprintf(sess->name, sizeof(sess->name), "%s", cfg->name);
	snprintf(sess->ifname, sizeof(sess->ifname), "%s", cfg->interface ?: "");
	sess->ifindex = 0;
	sess->local = cfg->source;
	sess->dscp = scfg->dscp;
	sess->mark = scfg->mark;
}

METHOD(link_monitor_bfdtab_t, update, void,
	private_link_monitor_bfdtab_t *this, link_monitor_bfd_session_t *sess,
	const lm_session_t *want, int server, uint64_t now)
{
	lm_bfd_params_t p = params(want->mon->cfg);

	configure(sess, want->mon->cfg, server);
	lm_bfd_session_set_params(&sess->s, &p, now);
	schedule(this, sess);
}

/**
 * A free local discriminator: random, not 0, unique.
 */
static uint32_t new_discr(private_link_monitor_bfdtab_t *this)
{
	uint32_t discr;

	do
	{
		discr = random_(this);
	}
	while (!discr || this->discrs->get(this->discrs, (void*)(uintptr_t)discr));
	return discr;
}

/**
 * Remove draining sessions with the addresses of a new one: the peer learns
 * of the new one instead.
 */
static void replace_draining(private_link_monitor_bfdtab_t *this,
							 link_monitor_bfd_session_t *sess)
{
	link_monitor_bfd_session_t *old;
	int i;

	for (i = this->count - 1; i >= 0; i--)
	{
		old = this->sessions[i];
		if (old->draining && old->mode == sess->mode &&
			lm_addr_equals(&old->peer, &sess->peer) &&
			lm_addr_equals(&old->local, &sess->local))
		{
			remove_(this, old);
		}
	}
}

METHOD(link_monitor_bfdtab_t, start, link_monitor_bfd_session_t*,
	private_link_monitor_bfdtab_t *this, const lm_session_t *want, int server,
	uint64_t now)
{
	const lm_monitor_cfg_t *cfg = want->mon->cfg;
	lm_bfd_params_t p = params(cfg);
	link_monitor_bfd_session_t *sess, **more;

	if (this->count == this->cap)
	{
		more = realloc(this->sessions, (this->cap * 2 + 8) * sizeof(*more));
		if (!more)
		{
			return NULL;
		}
		this->sessions = more;
		this->cap = this->cap * 2 + 8;
	}
	INIT(sess,
		.ident = want->ident,
		.token = want->token,
		.gen = want->gen,
		.peer = want->mon->servers[server].addr,
		.mode = cfg->bfd_mode,
	);
	configure(sess, cfg, server);
	replace_draining(this, sess);
	lm_heap_entry_init(&sess->timer);
	lm_bfd_session_init(&sess->s, &p, new_discr(this), now);
	this->discrs->put(this->discrs,
					  (void*)(uintptr_t)sess->s.info.local_discr, sess);
	this->sessions[this->count++] = sess;
	schedule(this, sess);
	return sess;
}

METHOD(link_monitor_bfdtab_t, stop, void,
	private_link_monitor_bfdtab_t *this, const lm_session_t *want,
	uint64_t now)
{
	link_monitor_bfd_session_t *sess;
	int i;

	for (i = this->count - 1; i >= 0; i--)
	{
		sess = this->sessions[i];
		if (sess->draining || sess->ident != want->ident ||
			sess->token != want->token)
		{
			continue;
		}
		if (!want->admin_down || sess->s.info.state == LM_BFD_DOWN)
		{
			remove_(this, sess);
			continue;
		}
		lm_bfd_session_admin_down(&sess->s, LM_BFD_DIAG_ADMIN_DOWN);
		sess->draining = TRUE;
		sess->drain_ns = now + lm_bfd_session_drain_ns(&sess->s);
		schedule(this, sess);
	}
}

METHOD(link_monitor_bfdtab_t, find, link_monitor_bfd_session_t*,
	private_link_monitor_bfdtab_t *this, const lm_session_t *want,
	const lm_addr_t *peer)
{
	link_monitor_bfd_session_t *sess;
	int i;

	for (i = 0; i < this->count; i++)
	{
		sess = this->sessions[i];
		if (!sess->draining && sess->ident == want->ident &&
			sess->token == want->token && lm_addr_equals(&sess->peer, peer))
		{
			return sess;
		}
	}
	return NULL;
}

/**
 * Does a session have these addresses?
 */
static bool addresses_match(link_monitor_bfd_session_t *sess,
							lm_bfd_mode_t mode, const lm_addr_t *from,
							const lm_addr_t *to)
{
	return sess->mode == mode && lm_addr_equals(&sess->peer, from) &&
		   (!sess->local.family || !to->family ||
			lm_addr_equals(&sess->local, to));
}

METHOD(link_monitor_bfdtab_t, demux, link_monitor_bfd_session_t*,
	private_link_monitor_bfdtab_t *this, lm_bfd_mode_t mode,
	const lm_bfd_packet_t *pkt, const lm_addr_t *from, const lm_addr_t *to)
{
	link_monitor_bfd_session_t *sess, *found = NULL;
	int i;

	if (pkt->your_discr)
	{
		sess = this->discrs->get(this->discrs,
								 (void*)(uintptr_t)pkt->your_discr);
		return sess && addresses_match(sess, mode, from, to) ? sess : NULL;
	}
	for (i = 0; i < this->count; i++)
	{
		sess = this->sessions[i];
		if (addresses_match(sess, mode, from, to) &&
			(!found || found->draining))
		{
			found = sess;
		}
	}
	return found;
}

METHOD(link_monitor_bfdtab_t, take_due, int,
	private_link_monitor_bfdtab_t *this, uint64_t until,
	link_monitor_bfd_session_t ***due)
{
	lm_heap_entry_t *top;
	int n = 0;

	*due = calloc(this->count + 1, sizeof(**due));
	while (*due && (top = lm_heap_peek(&this->heap)) && top->key <= until)
	{
		(*due)[n++] = (link_monitor_bfd_session_t*)((char*)top -
						offsetof(link_monitor_bfd_session_t, timer));
		lm_heap_remove(&this->heap, top);
	}
	return n;
}

METHOD(link_monitor_bfdtab_t, next, uint64_t,
	private_link_monitor_bfdtab_t *this)
{
	lm_heap_entry_t *top = lm_heap_peek(&this->heap);

	return top ? top->key : UINT64_MAX;
}

METHOD(link_monitor_bfdtab_t, destroy, void,
	private_link_monitor_bfdtab_t *this)
{
	while (this->count)
	{
		remove_(this, this->sessions[0]);
	}
	lm_heap_free(&this->heap);
	this->discrs->destroy(this->discrs);
	free(this->sessions);
	free(this);
}

/*
 * Described in header
 */
link_monitor_bfdtab_t *link_monitor_bfdtab_create()
{
	private_link_monitor_bfdtab_t *this;

	INIT(this,
		.public = {
			.start = _start,
			.update = _update,
			.stop = _stop,
			.find = _find,
			.demux = _demux,
			.schedule = _schedule,
			.remove = _remove_,
			.take_due = _take_due,
			.next = _next,
			.random = _random_,
			.destroy = _destroy,
		},
		.discrs = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr,
								   32),
	);
	if (getrandom(&this->rng, sizeof(this->rng), 0) != sizeof(this->rng) ||
		!this->rng)
	{
		this->rng = link_monitor_real_ns() | 1;
	}
	return &this->public;
}
