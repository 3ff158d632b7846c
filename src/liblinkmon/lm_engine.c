/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_engine_priv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/**
 * Next value of the token generator (splitmix64).
 */
static uint64_t next_random(lm_engine_t *this)
{
	uint64_t z = (this->rng += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

lm_engine_t *lm_engine_create(uint64_t seed)
{
	lm_engine_t *this;

	this = calloc(1, sizeof(*this));
	if (!this)
	{
		return NULL;
	}
	this->idents = calloc(LM_IDENTS, sizeof(*this->idents));
	if (!this->idents)
	{
		free(this);
		return NULL;
	}
	this->rng = seed;
	this->next_ident = next_random(this);
	this->history = lm_history_cfg_default();
	lm_ha_init(&this->ha);
	return this;
}

/**
 * Destroy the entries removed in the previous step.
 */
static void bury(lm_engine_t *this)
{
	while (this->nremoved)
	{
		lm_entry_destroy(this->removed[--this->nremoved]);
	}
}

void lm_engine_destroy(lm_engine_t *this)
{
	int i;

	if (!this)
	{
		return;
	}
	bury(this);
	for (i = 0; i < this->count; i++)
	{
		lm_entry_destroy(this->entries[i]);
	}
	for (i = 0; i < this->ntemplates; i++)
	{
		lm_monitor_cfg_destroy(this->templates[i]);
	}
	free(this->entries);
	free(this->failovers);
	free(this->templates);
	free(this->removed);
	free(this->idents);
	lm_heap_free(&this->heap);
	free(this);
}

uint64_t lm_engine_slot_width(lm_engine_t *this, lm_entry_t *entry)
{
	uint64_t interval = entry->mon->cfg->interval_ms * 1000000ULL;
	uint64_t slots, max_slots;

	slots = this->configured > this->count ? this->configured : this->count;
	slots /= LM_MONITORS_PER_SLOT;
	if (slots < LM_MIN_SLOTS)
	{
		slots = LM_MIN_SLOTS;
	}
	max_slots = entry->mon->cfg->interval_ms;
	if (max_slots < LM_MIN_SLOTS)
	{
		max_slots = LM_MIN_SLOTS;
	}
	if (slots > max_slots)
	{
		slots = max_slots;
	}
	return interval / slots;
}

uint64_t lm_engine_slot_start(lm_engine_t *this, lm_entry_t *entry,
							  uint64_t at)
{
	uint64_t width = lm_engine_slot_width(this, entry);

	return (at + width - 1) / width * width;
}

lm_entry_t *lm_engine_new_entry(lm_engine_t *this, lm_monitor_cfg_t *cfg,
								const lm_event_t *event)
{
	lm_entry_t *entry;
	uint16_t ident;
	int tries = LM_IDENTS;

	do
	{
		ident = this->next_ident++;
	}
	while ((ident == 0 || this->idents[ident]) && --tries);
	if (!tries)
	{
		lm_monitor_cfg_destroy(cfg);
		return NULL;
	}
	entry = lm_entry_create(cfg, ident, (uint32_t)next_random(this),
							event->wall, event->now_ns);
	if (!entry)
	{
		return NULL;
	}
	if (!this->wall_offset)
	{
		/* one offset for all: every history's buckets start together */
		this->wall_offset = (event->wall_ns ?: (int64_t)event->wall *
							 1000000000LL) - (int64_t)event->now_ns;
	}
	/* the history comes with the first round (lm_engine_keep_history()) */
	this->idents[ident] = entry;
	return entry;
}

void lm_engine_keep_history(lm_engine_t *this, lm_entry_t *entry,
							uint64_t now)
{
	if (entry->mon->history || !lm_history_cfg_enabled(&this->history))
	{
		return;
	}
	/* without one (out of memory) the monitor runs, and tries again next
	 * round; created here rather than with the entry, so that a reload of
	 * thousands of monitors does not fault in all their memory at once (26 us
	 * a history on the development VM) while probing waits */
	lm_monitor_set_history(entry->mon, lm_history_create(&this->history,
								entry->mon->cfg->server_count, now,
								this->wall_offset), now);
}

bool lm_engine_append(lm_engine_t *this, lm_entry_t *entry)
{
	lm_entry_t **more;
	int cap;

	if (this->count == this->cap)
	{
		cap = this->cap ? this->cap * 2 : 16;
		more = realloc(this->entries, cap * sizeof(*more));
		if (!more)
		{
			lm_engine_remove(this, entry);
			return false;
		}
		this->entries = more;
		this->cap = cap;
	}
	this->entries[this->count++] = entry;
	this->failovers_stale = true;
	return true;
}

void lm_engine_remove(lm_engine_t *this, lm_entry_t *entry)
{
	lm_entry_t **more;
	int cap;

	lm_heap_remove(&this->heap, &entry->timer);
	this->failovers_stale = true;
	if (this->idents[entry->mon->ident] == entry)
	{
		this->idents[entry->mon->ident] = NULL;
	}
	if (this->nremoved == this->removed_cap)
	{
		cap = this->removed_cap ? this->removed_cap * 2 : 16;
		more = realloc(this->removed, cap * sizeof(*more));
		if (!more)
		{
			/* nothing in the output of this step points into it yet */
			lm_entry_destroy(entry);
			return;
		}
		this->removed = more;
		this->removed_cap = cap;
	}
	this->removed[this->nremoved++] = entry;
}

void lm_engine_update_timer(lm_engine_t *this, lm_entry_t *entry,
							lm_out_t *out)
{
	uint64_t next = lm_monitor_next_event(entry->mon), fo;

	if (entry->mon->cfg->failover_count)
	{
		fo = lm_failover_next(&entry->fo, entry->mon->cfg);
		if (fo < next)
		{
			next = fo;
		}
	}
	if (next == UINT64_MAX)
	{
		lm_heap_remove(&this->heap, &entry->timer);
	}
	else if (!lm_heap_set(&this->heap, &entry->timer, next))
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': out of memory "
				   "scheduling probes", entry->mon->cfg->name);
	}
}

/**
 * A %gateway server whose interface lost its gateway: once the monitor has
 * a verdict, the round fails as a dead link does (before it, the monitor
 * waits in init).
 */
static void no_gateway(lm_engine_t *this, lm_entry_t *entry, int server,
					   uint64_t now, lm_out_t *out)
{
	lm_monitor_t *mon = entry->mon;
	uint16_t seq;

	if (!(mon->cfg->gateways & (1U << server)) || !mon->determined ||
		server >= mon->cfg->primary_count)
	{
		return;
	}
	seq = lm_monitor_sent(mon, server, now, 0);
	lm_react_changed(this, entry, lm_monitor_fail(mon, server, seq), now, out);
}

/**
 * Add the probes of a round.
 */
static void send_round(lm_engine_t *this, lm_entry_t *entry, uint64_t now,
					   lm_out_t *out)
{
	lm_monitor_t *mon = entry->mon;
	lm_probe_t *probe;
	int i, count;

	count = mon->cfg->protocol == LM_PROTO_DPD ? 1 : mon->cfg->server_count;
	for (i = 0; i < count; i++)
	{
		if (!lm_monitor_probed(mon, i))
		{
			/* a secondary while a primary lives, a %gateway server
			 * without a gateway */
			no_gateway(this, entry, i, now, out);
			continue;
		}
		probe = lm_out_probe(out);
		if (!probe)
		{
			return;
		}
		probe->mon = mon;
		probe->server = i;
		probe->seq = mon->servers[i].seq_next;
		probe->ike_id = entry->ike_id;
	}
}

void lm_engine_start_round(lm_engine_t *this, lm_entry_t *entry,
						   uint64_t now, lm_out_t *out)
{
	lm_idle_t idle;

	if (!entry->mon->cfg->on_idle || !entry->ike_id || !entry->tunnel_id)
	{
		send_round(this, entry, now, out);
		return;
	}
	if (entry->idle_pending)
	{
		return;
	}
	entry->idle_pending = true;
	idle = (lm_idle_t){
		.ident = entry->mon->ident,
		.token = entry->mon->token,
		.ike_id = entry->ike_id,
		.child_id = entry->tunnel_id,
	};
	lm_out_idle(out, &idle);
}

/**
 * Time passed: expire probes, start due rounds, run failover timers.
 */
static void timer(lm_engine_t *this, uint64_t now, lm_out_t *out)
{
	lm_heap_entry_t *top;
	lm_entry_t *entry;
	lm_ha_out_t ha;

	while ((top = lm_heap_peek(&this->heap)) && top->key <= now)
	{
		entry = lm_entry_from_timer(top);
		lm_react_changed(this, entry, lm_monitor_expire(entry->mon, now), now,
						 out);
		if (lm_monitor_due(entry->mon, now))
		{
			lm_hist_add(&this->drift,
						(now - entry->mon->next_send_ns) / 1000);
			lm_engine_keep_history(this, entry, now);
			lm_engine_start_round(this, entry, now, out);
			lm_monitor_advance(entry->mon, now);
		}
		if (entry->mon->cfg->failover_count &&
			lm_failover_next(&entry->fo, entry->mon->cfg) <= now)
		{
			bool dead[LM_MAX_PATHS];
			lm_fo_out_t fo = {};

			lm_react_backups(this, entry, dead);
			lm_failover_timer(&entry->fo, entry->mon->cfg, dead, now, &fo);
			lm_react_failover(this, entry, &fo, now, out);
		}
		lm_engine_update_timer(this, entry, out);
	}
	if (this->ha_enabled && lm_ha_next(&this->ha, &this->ha_cfg) <= now)
	{
		lm_ha_timer(&this->ha, &this->ha_cfg, now, &ha);
		lm_react_ha_out(&ha, now, out);
	}
}

/**
 * A monitor in init whose interface does not exist (yet: a PPP or VLAN link
 * that comes later) waits for it, with one log line and no failures, and
 * starts probing when it appears. Once it has a verdict, a vanished
 * interface fails its probes as a dead link does.
 *
 * @return			TRUE if the probe is not counted
 */
static bool wait_for_interface(lm_entry_t *entry, const lm_probe_t *probe,
							   lm_out_t *out)
{
	lm_monitor_t *mon = entry->mon;

	if (probe->err != ENODEV || !mon->cfg->interface ||
		mon->state != LM_STATE_INIT)
	{
		return false;
	}
	if (!entry->waiting)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': interface %s does "
				   "not exist, waiting for it", mon->cfg->name,
				   mon->cfg->interface);
		entry->waiting = true;
	}
	return true;
}

/**
 * The outcome of one probe sent.
 */
static void sent_one(lm_engine_t *this, const lm_probe_t *probe, uint64_t now,
					 lm_out_t *out)
{
	lm_entry_t *entry = this->idents[probe->mon->ident];
	lm_monitor_t *mon = probe->mon;
	char addr[LM_ADDR_STRLEN];
	uint16_t seq;

	if (!entry || entry->mon != mon || wait_for_interface(entry, probe, out))
	{
		return;
	}
	if (entry->waiting)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': interface %s "
				   "appeared, probing", mon->cfg->name, mon->cfg->interface);
		entry->waiting = false;
	}
	if (!probe->err)
	{
		lm_monitor_sent(mon, probe->server, probe->mono_ns, probe->real_ns);
		entry->last_error = 0;
		return;
	}
	if (probe->err != entry->last_error)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': sending %s probe "
				   "to %s failed: %s", mon->cfg->name,
				   lm_proto_name(lm_monitor_cfg_server(mon->cfg,
												probe->server)->protocol),
				   lm_addr_fmt(&mon->servers[probe->server].addr, addr),
				   strerror(probe->err));
		entry->last_error = probe->err;
	}
	seq = lm_monitor_sent(mon, probe->server, now, 0);
	lm_react_changed(this, entry, lm_monitor_fail(mon, probe->server, seq),
					 now, out);
}

/**
 * The probes of the last output went out (or did not).
 */
static void sent(lm_engine_t *this, const lm_event_t *event, lm_out_t *out)
{
	lm_entry_t *entry;
	int i;

	for (i = 0; i < event->sent.count; i++)
	{
		sent_one(this, &event->sent.probes[i], event->now_ns, out);
	}
	for (i = 0; i < event->sent.count; i++)
	{
		entry = this->idents[event->sent.probes[i].mon->ident];
		if (entry && entry->mon == event->sent.probes[i].mon)
		{
			lm_engine_update_timer(this, entry, out);
		}
	}
}

/**
 * RTT of a reply between the kernel's timestamps: from the transmit
 * timestamp if there is one, else from the send time taken in user space,
 * to the receive timestamp. rtt_mono if the wall clock stepped.
 */
static uint64_t kernel_rtt(lm_engine_t *this, const lm_reply_t *reply,
						   uint64_t sent_real, uint64_t rtt_mono)
{
	uint64_t rx = reply->rx_real_ns, tx = sent_real;

	if (!rx || !sent_real)
	{
		return rtt_mono;
	}
	/* stamped by the kernel after the send time taken before handing it
	 * the packet, and before the reply */
	if (reply->tx_real_ns >= sent_real && reply->tx_real_ns < rx &&
		rx - reply->tx_real_ns <= rtt_mono)
	{
		tx = reply->tx_real_ns;
		this->tx_kernel++;
	}
	else
	{
		this->tx_fallback++;
	}
	if (rx > tx && rx - tx <= rtt_mono)
	{
		return rx - tx;
	}
	return rtt_mono;
}

/**
 * A probe failed before its timeout.
 */
static void reply_failed(lm_engine_t *this, lm_entry_t *entry, int server,
						 const lm_reply_t *reply, lm_out_t *out)
{
	lm_monitor_t *mon = entry->mon;
	char addr[LM_ADDR_STRLEN];
	uint64_t sent, sent_real;

	if (!lm_monitor_pending(mon, server, reply->seq, &sent, &sent_real))
	{
		return;
	}
	lm_addr_fmt(&reply->from, addr);
	lm_out_log(out, LM_LOG_CFG, 2, "link-monitor '%s': %s probe to %s "
			   "failed: %s", mon->cfg->name, lm_proto_name(reply->protocol),
			   addr, reply->reason);
	if (lm_monitor_note_failure(mon, reply->reason))
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': %s probe to %s "
				   "failed: %s", mon->cfg->name, lm_proto_name(reply->protocol),
				   addr, reply->reason);
	}
	lm_react_changed(this, entry, lm_monitor_fail(mon, server, reply->seq),
					 reply->rx_mono_ns, out);
}

/**
 * A probe was answered.
 */
static void reply_ok(lm_engine_t *this, lm_entry_t *entry, int server,
					 const lm_reply_t *reply, lm_out_t *out)
{
	lm_monitor_t *mon = entry->mon;
	uint64_t sent, sent_real, rtt = 0, rtt_mono;

	if (lm_monitor_pending(mon, server, reply->seq, &sent, &sent_real))
	{
		lm_monitor_note_failure(mon, NULL);
		rtt_mono = reply->rx_mono_ns > sent ? reply->rx_mono_ns - sent : 0;
		rtt = reply->rtt_ns ?: kernel_rtt(this, reply, sent_real, rtt_mono);
		if (reply->turnaround_ns && reply->turnaround_ns < rtt)
		{
			/* TWAMP: (T4 - T1) - (T3 - T2) */
			rtt -= reply->turnaround_ns;
		}
	}
	out->trace = (lm_trace_t){
		.valid = true,
		.monitor = mon->cfg->name,
		.seq = reply->seq,
		.from = reply->from,
		.rtt_ns = rtt,
	};
	lm_react_changed(this, entry,
					 lm_monitor_reply(mon, server, reply->seq, rtt),
					 reply->rx_mono_ns, out);
}

/**
 * Does a monitor probe a server with a protocol?
 */
static bool uses_protocol(const lm_monitor_cfg_t *cfg, lm_proto_t protocol)
{
	int i;

	if (cfg->protocol == protocol)
	{
		return true;
	}
	for (i = 0; i < cfg->server_cfg_count; i++)
	{
		if (lm_monitor_cfg_server(cfg, i)->protocol == protocol)
		{
			return true;
		}
	}
	return false;
}

/**
 * A probe result.
 */
static void reply(lm_engine_t *this, const lm_reply_t *reply, lm_out_t *out)
{
	lm_entry_t *entry = this->idents[reply->ident];
	char addr[LM_ADDR_STRLEN];
	int server;

	if (!entry || !uses_protocol(entry->mon->cfg, reply->protocol))
	{
		return;
	}
	if ((entry->mon->token & reply->token_mask) != reply->token)
	{
		/* forged, or a reflector not copying our fields back unchanged */
		lm_out_log(out, LM_LOG_CFG, 2, "link-monitor '%s': dropped a %s reply "
				   "from %s with another token", entry->mon->cfg->name,
				   lm_proto_name(reply->protocol),
				   lm_addr_fmt(&reply->from, addr));
		return;
	}
	server = reply->protocol == LM_PROTO_DPD ? 0 :
			 lm_monitor_find_server(entry->mon, &reply->from);
	if (server < 0 ||
		lm_monitor_cfg_server(entry->mon->cfg, server)->protocol !=
													reply->protocol)
	{
		return;
	}
	/* a reply read after the probe's deadline is late, even if the tick
	 * that expires it has not run yet */
	lm_react_changed(this, entry,
					 lm_monitor_expire(entry->mon, reply->rx_mono_ns),
					 reply->rx_mono_ns, out);
	if (reply->failed)
	{
		reply_failed(this, entry, server, reply, out);
	}
	else
	{
		reply_ok(this, entry, server, reply, out);
	}
	lm_engine_update_timer(this, entry, out);
}

/**
 * The result of a traffic check: the round counts as a success if more
 * than our own replies came in, else it is sent.
 */
static void idle(lm_engine_t *this, const lm_event_t *event, lm_out_t *out)
{
	lm_entry_t *entry = this->idents[event->idle.ident];
	uint64_t received = 0, packets = event->idle.packets;
	bool traffic;
	int i;

	if (!entry || entry->mon->token != event->idle.token)
	{
		return;
	}
	entry->idle_pending = false;
	if (entry->tunnel_id != event->idle.child_id)
	{
		return;
	}
	for (i = 0; i < entry->mon->cfg->server_count; i++)
	{
		received += entry->mon->servers[i].received;
	}
	traffic = event->idle.found &&
			  (entry->idle_packets || entry->idle_replies) &&
			  packets > entry->idle_packets + (received - entry->idle_replies);
	entry->idle_packets = packets;
	entry->idle_replies = received;
	if (traffic)
	{
		lm_react_changed(this, entry,
						 lm_monitor_idle_success(entry->mon, event->now_ns),
						 event->now_ns, out);
	}
	else if (entry->mon->active)
	{
		send_round(this, entry, event->now_ns, out);
	}
	lm_engine_update_timer(this, entry, out);
}

/**
 * New HA settings.
 */
static void ha_config(lm_engine_t *this, const lm_event_t *event,
					  lm_out_t *out)
{
	if (!event->ha.enabled)
	{
		if (this->ha_enabled)
		{
			lm_out_log(out, LM_LOG_CFG, 1, "link-monitor: HA penalty "
					   "disabled");
		}
		this->ha_enabled = false;
		return;
	}
	this->ha_cfg = event->ha.cfg;
	if (!this->ha_enabled)
	{
		lm_ha_init(&this->ha);
		this->ha_enabled = true;
	}
	lm_out_log(out, LM_LOG_CFG, 1, "link-monitor: HA penalty for keepalived "
			   "in %s, failover threshold %u, flip timeout %llu s, secondary "
			   "force reset %s", event->ha.track_file ?: "",
			   this->ha_cfg.failover_threshold,
			   (unsigned long long)this->ha_cfg.flip_timeout_s,
			   this->ha_cfg.secondary_force_reset ? "yes" : "no");
	lm_react_ha(this, event->now_ns, out);
	/* no stale value from an earlier run, the value in a new file, and
	 * another try after a write failed */
	out->ha_write = true;
	out->ha_value = this->ha.value;
}

/**
 * The HA role keepalived reported.
 */
static void ha_role(lm_engine_t *this, const lm_event_t *event, lm_out_t *out)
{
	if (!this->ha_enabled)
	{
		return;
	}
	if (event->role != this->role)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor: HA role is now %s",
				   lm_ha_role_name(event->role));
		lm_out_transition(out, LM_TR_HA_ROLE, NULL, event->now_ns, this->role,
						  event->role, "HA role %s",
						  lm_ha_role_name(event->role));
	}
	this->role = event->role;
	lm_react_ha(this, event->now_ns, out);
}

/**
 * A monitor's %gateway servers follow the default gateway of its interface.
 */
static void gateway_entry(lm_engine_t *this, lm_entry_t *entry,
						  const lm_addr_t *addr, lm_out_t *out)
{
	lm_monitor_t *mon = entry->mon;
	char buf[LM_ADDR_STRLEN];
	int i;

	for (i = 0; i < mon->cfg->server_count; i++)
	{
		if (!(mon->cfg->gateways & (1U << i)) ||
			!lm_monitor_set_server(mon, i, addr))
		{
			continue;
		}
		if (addr->family)
		{
			lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': the default "
					   "gateway of %s is %s, probing it", mon->cfg->name,
					   mon->cfg->interface, lm_addr_fmt(addr, buf));
		}
		else
		{
			lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': %s has no "
					   "default gateway, waiting for one", mon->cfg->name,
					   mon->cfg->interface);
		}
	}
	lm_engine_update_timer(this, entry, out);
}

/**
 * The default gateway of an interface, for the %gateway servers probed
 * out of it.
 */
static void gateway(lm_engine_t *this, const lm_event_t *event, lm_out_t *out)
{
	const lm_monitor_cfg_t *cfg;
	int i;

	for (i = 0; i < this->count; i++)
	{
		cfg = this->entries[i]->mon->cfg;
		if (cfg->gateways && cfg->interface &&
			strcmp(cfg->interface, event->gateway.interface) == 0)
		{
			gateway_entry(this, this->entries[i], &event->gateway.addr, out);
		}
	}
}

int lm_engine_gateway_interfaces(lm_engine_t *this, const char **names,
								 int max)
{
	const lm_monitor_cfg_t *cfg;
	int i, j, count = 0;

	for (i = 0; i < this->count && count < max; i++)
	{
		cfg = this->entries[i]->mon->cfg;
		if (!cfg->gateways || !cfg->interface)
		{
			continue;
		}
		for (j = 0; j < count && strcmp(names[j], cfg->interface); j++)
		{
		}
		if (j == count)
		{
			names[count++] = cfg->interface;
		}
	}
	return count;
}

/**
 * Earliest time something is to be done.
 */
static uint64_t next_event(lm_engine_t *this)
{
	lm_heap_entry_t *top = lm_heap_peek(&this->heap);
	uint64_t next = top ? top->key : UINT64_MAX, ha;

	if (this->ha_enabled)
	{
		ha = lm_ha_next(&this->ha, &this->ha_cfg);
		if (ha < next)
		{
			next = ha;
		}
	}
	return next;
}

void lm_engine_step(lm_engine_t *this, const lm_event_t *event, lm_out_t *out)
{
	if (event->type != LM_EV_SENT)
	{
		/* nothing of an earlier output is used any more */
		bury(this);
	}
	switch (event->type)
	{
		case LM_EV_TIMER:
			timer(this, event->now_ns, out);
			break;
		case LM_EV_SENT:
			sent(this, event, out);
			break;
		case LM_EV_REPLY:
			reply(this, event->reply, out);
			break;
		case LM_EV_BFD:
			lm_sessions_report(this, event->bfd, event->now_ns, out);
			break;
		case LM_EV_TUNNEL_UP:
			lm_bind_up(this, event, out);
			break;
		case LM_EV_TUNNEL_DOWN:
			lm_bind_down(this, event, out);
			break;
		case LM_EV_TUNNEL_REKEY:
			lm_bind_rekey(this, event->rekey.old_id, event->rekey.new_id,
						  event->rekey.child);
			break;
		case LM_EV_IDLE:
			idle(this, event, out);
			break;
		case LM_EV_RELOAD:
			lm_bind_reload(this, event, out);
			break;
		case LM_EV_HA_CONFIG:
			ha_config(this, event, out);
			break;
		case LM_EV_HA_ROLE:
			ha_role(this, event, out);
			break;
		case LM_EV_GATEWAY:
			gateway(this, event, out);
			break;
	}
	lm_sessions_removed(this, out);
	out->next_ns = next_event(this);
}

void lm_engine_set_history(lm_engine_t *this, const lm_history_cfg_t *cfg)
{
	this->history = *cfg;
}

int lm_engine_count(lm_engine_t *this)
{
	return this->count;
}

bool lm_engine_ha_enabled(lm_engine_t *this)
{
	return this->ha_enabled;
}

/**
 * Forward a monitor's details to the caller.
 */
static void status_monitor(lm_status_cursor_t *cursor, lm_buf_t *buf,
						   lm_json_t *json, const lm_monitor_t *mon)
{
	const lm_status_extra_t *extra = cursor->req->extra;

	if (extra && extra->monitor)
	{
		extra->monitor(extra->data, buf, json, mon);
	}
}

/**
 * The HA penalty, as a JSON object.
 */
static void status_ha_json(lm_engine_t *this, lm_json_t *json, uint64_t now)
{
	lm_json_object(json, "ha");
	lm_json_uint(json, "penalty", this->ha.penalty);
	lm_json_uint(json, "threshold", this->ha_cfg.failover_threshold);
	lm_json_uint(json, "flip_timer_s",
				 lm_ha_flip_remaining_s(&this->ha, &this->ha_cfg, now));
	lm_json_str(json, "role", lm_ha_role_name(this->role));
	lm_json_uint(json, "value", this->ha.value);
	lm_json_bool(json, "held", this->ha.held);
	lm_json_end(json);
}

/**
 * The histories' sizes and memory, as a JSON object.
 */
static void status_history_json(lm_engine_t *this, lm_json_t *json)
{
	uint64_t bytes = 0, with = 0;
	int i;

	for (i = 0; i < this->count; i++)
	{
		if (this->entries[i]->mon->history)
		{
			bytes += lm_history_size(&this->history,
							this->entries[i]->mon->cfg->server_count);
			with++;
		}
	}
	lm_json_object(json, "history");
	lm_json_uint(json, "fine_s", this->history.fine_step);
	lm_json_uint(json, "fine_kept", this->history.fine_count);
	lm_json_uint(json, "coarse_s", this->history.coarse_step);
	lm_json_uint(json, "coarse_kept", this->history.coarse_count);
	lm_json_uint(json, "monitors", with);
	lm_json_uint(json, "bytes", bytes);
	lm_json_uint(json, "bytes_per_monitor", with ? bytes / with : 0);
	lm_json_end(json);
}

/**
 * The caller's members of the top-level object, then for the whole status
 * the scheduler's and HA's.
 */
static void status_top(lm_status_cursor_t *cursor, lm_json_t *json)
{
	const lm_status_extra_t *extra = cursor->req->extra;
	lm_engine_t *this = cursor->engine;

	if (extra && extra->top)
	{
		extra->top(extra->data, json);
	}
	if (cursor->req->name)
	{
		return;
	}
	lm_json_object(json, "scheduler");
	lm_json_uint(json, "rounds", this->drift.total);
	lm_json_uint(json, "drift_p50_us", lm_hist_percentile(&this->drift, 50));
	lm_json_uint(json, "drift_p99_us", lm_hist_percentile(&this->drift, 99));
	lm_json_uint(json, "drift_max_us", this->drift.max);
	lm_json_uint(json, "tx_kernel", this->tx_kernel);
	lm_json_uint(json, "tx_fallback", this->tx_fallback);
	lm_json_end(json);
	status_history_json(this, json);
	if (this->ha_enabled)
	{
		status_ha_json(this, json, cursor->req->now_ns);
	}
}

/**
 * The HA penalty, as a text line.
 */
static void status_ha_text(lm_engine_t *this, const lm_status_req_t *req,
						   lm_buf_t *buf)
{
	lm_buf_printf(buf, "HA: role %s, penalty %u, threshold %u, track file "
				  "value %u%s, flip timer %llu s, track file %s\n\n",
				  lm_ha_role_name(this->role), this->ha.penalty,
				  this->ha_cfg.failover_threshold, this->ha.value,
				  this->ha.held ? " (held)" : "",
				  (unsigned long long)lm_ha_flip_remaining_s(&this->ha,
											&this->ha_cfg, req->now_ns),
				  req->track_file ?: "");
}

void lm_status_cursor_init(lm_status_cursor_t *cursor,
						   const lm_status_req_t *req)
{
	*cursor = (lm_status_cursor_t){
		.req = req,
		.extra = {
			.monitor = (void*)status_monitor,
			.top = (void*)status_top,
			.data = cursor,
		},
	};
}

/**
 * Start a status: what fails first in the text, where nobody misses it,
 * then the HA line.
 */
static void status_begin(lm_engine_t *this, lm_status_cursor_t *cursor,
						 lm_buf_t *buf)
{
	const lm_status_req_t *req = cursor->req;

	cursor->engine = this;
	lm_status_begin(&cursor->stream, buf, req->json, req->now_ns,
					&cursor->extra);
	if (!req->json && req->extra && req->extra->head)
	{
		req->extra->head(req->extra->data, buf);
	}
	if (!req->json && !req->name && this->ha_enabled)
	{
		status_ha_text(this, req, buf);
	}
}

/**
 * The status of one monitor by name.
 */
static lm_msg_result_t status_one(lm_engine_t *this,
								  lm_status_cursor_t *cursor, lm_buf_t *buf)
{
	int i;

	cursor->done = true;
	for (i = 0; i < this->count; i++)
	{
		if (strcmp(this->entries[i]->mon->cfg->name, cursor->req->name) == 0)
		{
			status_begin(this, cursor, buf);
			lm_status_add(&cursor->stream, this->entries[i]);
			lm_status_end(&cursor->stream);
			return LM_MSG_OK;
		}
	}
	lm_buf_printf(buf, "link-monitor '%s' not found\n", cursor->req->name);
	return LM_MSG_NOT_FOUND;
}

lm_msg_result_t lm_engine_status_part(lm_engine_t *this,
									  lm_status_cursor_t *cursor,
									  lm_buf_t *buf, int max)
{
	if (cursor->req->name)
	{
		return status_one(this, cursor, buf);
	}
	if (!cursor->engine)
	{
		status_begin(this, cursor, buf);
	}
	while (max-- > 0 && cursor->pos < this->count)
	{
		lm_status_add(&cursor->stream, this->entries[cursor->pos++]);
	}
	if (cursor->pos >= this->count)
	{
		lm_status_end(&cursor->stream);
		cursor->done = true;
	}
	return LM_MSG_OK;
}

lm_msg_result_t lm_engine_status(lm_engine_t *this, const lm_status_req_t *req,
								 lm_buf_t *buf)
{
	lm_status_cursor_t cursor;

	lm_status_cursor_init(&cursor, req);
	return lm_engine_status_part(this, &cursor, buf, INT32_MAX);
}
