/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NS_PER_MS 1000000ULL

/**
 * Size of the ring of outstanding probes: enough for every probe that can be
 * outstanding within probe_timeout, plus one.
 */
static uint32_t pending_size(const lm_monitor_cfg_t *cfg)
{
	return cfg->probe_timeout_ms / cfg->interval_ms + 2;
}

/**
 * (Re-)initialize a server's runtime.
 */
static bool server_init(lm_server_t *srv, const lm_addr_t *addr,
						const lm_monitor_cfg_t *cfg)
{
	free(srv->pending);
	memset(srv, 0, sizeof(*srv));
	srv->addr = *addr;
	lm_fsm_init(&srv->fsm);
	lm_fsm_init(&srv->sla);
	lm_window_init(&srv->window, cfg->probe_count);
	srv->npending = pending_size(cfg);
	srv->pending = calloc(srv->npending, sizeof(lm_pending_t));
	srv->seq_next = 1;
	srv->seq_exp = 1;
	return srv->pending != NULL;
}

lm_monitor_t *lm_monitor_create(lm_monitor_cfg_t *cfg, uint16_t ident,
								uint32_t token, time_t created,
								uint64_t now_ns)
{
	lm_monitor_t *mon;
	int i;

	mon = calloc(1, sizeof(*mon));
	if (!mon)
	{
		lm_monitor_cfg_destroy(cfg);
		return NULL;
	}
	mon->cfg = cfg;
	mon->ident = ident;
	mon->token = token;
	mon->created = created;
	mon->state_since_ns = now_ns;
	mon->state = cfg->enabled ? LM_STATE_INIT : LM_STATE_DISABLED;
	mon->servers = calloc(cfg->server_count, sizeof(lm_server_t));
	if (!mon->servers)
	{
		lm_monitor_destroy(mon);
		return NULL;
	}
	for (i = 0; i < cfg->server_count; i++)
	{
		if (!server_init(&mon->servers[i], &cfg->servers[i], cfg))
		{
			lm_monitor_destroy(mon);
			return NULL;
		}
	}
	return mon;
}

void lm_monitor_set_cfg(lm_monitor_t *mon, lm_monitor_cfg_t *cfg)
{
	lm_monitor_cfg_destroy(mon->cfg);
	mon->cfg = cfg;
}

/**
 * Set the aggregate state, recording a change.
 */
static lm_change_t set_state(lm_monitor_t *mon, lm_state_t state,
							 uint64_t now_ns)
{
	lm_change_t change = {
		.from = mon->state,
		.to = state,
	};

	if (mon->state == state)
	{
		return change;
	}
	change.changed = true;
	change.initial = !mon->determined &&
					 (state == LM_STATE_ALIVE || state == LM_STATE_DEAD);
	if (state == LM_STATE_ALIVE)
	{
		mon->ever_alive = true;
	}
	if (state == LM_STATE_ALIVE || state == LM_STATE_DEAD)
	{
		mon->determined = true;
	}
	mon->state = state;
	mon->transitions++;
	mon->state_since_ns = now_ns;
	return change;
}

uint32_t lm_monitor_dead_weight(const lm_monitor_t *mon)
{
	uint32_t dead = 0;
	int i;

	for (i = 0; i < mon->cfg->primary_count; i++)
	{
		if (mon->servers[i].fsm.state == LM_STATE_DEAD)
		{
			dead += lm_monitor_cfg_server(mon->cfg, i)->weight;
		}
	}
	return dead;
}

/**
 * The primaries' verdict: dead once the weight of the dead ones reaches
 * fail_weight (all of them by default), else alive while one is alive
 * (FortiGate); INIT if undecided.
 *
 * @param all_dead	set if every primary is dead
 */
static lm_state_t primaries_verdict(const lm_monitor_t *mon, bool *all_dead)
{
	const lm_monitor_cfg_t *cfg = mon->cfg;
	uint32_t threshold = cfg->fail_weight ?: lm_monitor_cfg_weight(cfg);
	bool any_alive = false;
	int i;

	*all_dead = cfg->primary_count > 0;
	for (i = 0; i < cfg->primary_count; i++)
	{
		any_alive |= mon->servers[i].fsm.state == LM_STATE_ALIVE;
		*all_dead &= mon->servers[i].fsm.state == LM_STATE_DEAD;
	}
	if (cfg->primary_count && lm_monitor_dead_weight(mon) >= threshold)
	{
		return LM_STATE_DEAD;
	}
	return any_alive ? LM_STATE_ALIVE : LM_STATE_INIT;
}

/**
 * The secondaries' verdict: alive while one is alive, dead once all are;
 * INIT if undecided.
 */
static lm_state_t secondaries_verdict(const lm_monitor_t *mon)
{
	bool any_alive = false, all_dead = true;
	int i;

	for (i = mon->cfg->primary_count; i < mon->cfg->server_count; i++)
	{
		any_alive |= mon->servers[i].fsm.state == LM_STATE_ALIVE;
		all_dead &= mon->servers[i].fsm.state == LM_STATE_DEAD;
	}
	return any_alive ? LM_STATE_ALIVE :
		   all_dead ? LM_STATE_DEAD : LM_STATE_INIT;
}

/**
 * Probe the secondaries while every primary is dead; when they stop, they
 * start over without a verdict for the next time.
 *
 * @return			TRUE if that changed
 */
static bool switch_secondary(lm_monitor_t *mon, bool on)
{
	int i;

	on = on && mon->cfg->server_count > mon->cfg->primary_count;
	if (on == mon->secondary)
	{
		return false;
	}
	mon->secondary = on;
	for (i = mon->cfg->primary_count; !on && i < mon->cfg->server_count; i++)
	{
		lm_fsm_init(&mon->servers[i].fsm);
		lm_fsm_init(&mon->servers[i].sla);
	}
	return true;
}

/**
 * Note the states of the monitor and its servers in its history.
 */
static void note_states(lm_monitor_t *mon, uint64_t now_ns)
{
	int i;

	if (!mon->history)
	{
		return;
	}
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		lm_history_state(mon->history, i, mon->servers[i].fsm.state, now_ns);
	}
	lm_history_state(mon->history, -1, mon->state, now_ns);
}

/**
 * Derive the aggregate state from the servers': the primaries' verdict, or
 * while every primary is dead the secondaries' (the state holds while they
 * are still undecided).
 */
static lm_change_t update_state(lm_monitor_t *mon, uint64_t now_ns)
{
	lm_change_t change;
	lm_state_t verdict, secondary;
	bool all_dead, switched;

	if (!mon->cfg->enabled)
	{
		return set_state(mon, LM_STATE_DISABLED, now_ns);
	}
	verdict = primaries_verdict(mon, &all_dead);
	switched = switch_secondary(mon, all_dead);
	if (mon->secondary)
	{
		secondary = secondaries_verdict(mon);
		verdict = secondary != LM_STATE_INIT ? secondary : mon->state;
	}
	if (verdict == LM_STATE_INIT && mon->ever_alive)
	{
		verdict = LM_STATE_DEAD;
	}
	change = set_state(mon, verdict, now_ns);
	change.secondary_changed = switched;
	change.secondary = mon->secondary;
	note_states(mon, now_ns);
	return change;
}

bool lm_monitor_probed(const lm_monitor_t *mon, int server)
{
	/* a %gateway server waits for its address */
	return mon->servers[server].addr.family &&
		   (server < mon->cfg->primary_count || mon->secondary);
}

bool lm_monitor_set_server(lm_monitor_t *mon, int server,
						   const lm_addr_t *addr)
{
	lm_server_t *srv = &mon->servers[server];

	if (lm_addr_equals(&srv->addr, addr))
	{
		return false;
	}
	srv->addr = *addr;
	memset(srv->pending, 0, srv->npending * sizeof(lm_pending_t));
	return true;
}

/**
 * No change: the monitor's and its SLA's states as they are.
 */
static lm_change_t unchanged(const lm_monitor_t *mon)
{
	return (lm_change_t){
		.from = mon->state,
		.to = mon->state,
		.sla_from = mon->sla_state,
		.sla_to = mon->sla_state,
	};
}

/**
 * Merge SLA changes of two steps into a.
 */
static lm_change_t merge_sla(lm_change_t a, lm_change_t b)
{
	if (!b.sla_changed)
	{
		return a;
	}
	if (!a.sla_changed)
	{
		a.sla_from = b.sla_from;
	}
	a.sla_to = b.sla_to;
	a.sla_changed = a.sla_from != a.sla_to;
	return a;
}

/**
 * Merge the changes of two consecutive steps of one operation.
 */
static lm_change_t merge(lm_change_t a, lm_change_t b)
{
	lm_change_t c = a;

	if (b.changed)
	{
		if (a.changed)
		{
			c.initial = a.initial || b.initial;
		}
		else
		{
			c.from = b.from;
			c.initial = b.initial;
		}
		c.to = b.to;
		c.changed = c.from != c.to;
	}
	if (b.secondary_changed)
	{
		/* toggled twice is no change */
		c.secondary_changed = !a.secondary_changed;
		c.secondary = b.secondary;
	}
	return merge_sla(c, b);
}

bool lm_monitor_sla_check(const lm_monitor_cfg_t *cfg, const lm_summary_t *s,
						  char *reason, size_t len)
{
	reason[0] = '\0';
	if (!s->received)
	{
		snprintf(reason, len, "no replies");
		return false;
	}
	if (cfg->latency_threshold_ms && s->latency_avg > cfg->latency_threshold_ms)
	{
		snprintf(reason, len, "latency %.3f ms > %u ms", s->latency_avg,
				 cfg->latency_threshold_ms);
		return false;
	}
	if (cfg->jitter_threshold_ms && s->jitter_avg > cfg->jitter_threshold_ms)
	{
		snprintf(reason, len, "jitter %.3f ms > %u ms", s->jitter_avg,
				 cfg->jitter_threshold_ms);
		return false;
	}
	if (cfg->loss_threshold >= 0.0 && s->loss_percent > cfg->loss_threshold)
	{
		snprintf(reason, len, "loss %.1f%% > %.1f%%", s->loss_percent,
				 cfg->loss_threshold);
		return false;
	}
	if (cfg->mos_threshold > 0.0 && s->mos < cfg->mos_threshold)
	{
		snprintf(reason, len, "MOS %.2f < %.2f", s->mos, cfg->mos_threshold);
		return false;
	}
	return true;
}

/**
 * Derive the aggregate SLA state: pass while one server passes.
 */
static lm_change_t update_sla(lm_monitor_t *mon, const char *reason)
{
	lm_change_t change = { .sla_from = mon->sla_state };
	bool any_pass = false, all_fail = true;
	lm_state_t state;
	int i;

	for (i = 0; i < mon->cfg->server_count; i++)
	{
		if (mon->servers[i].sla.state == LM_STATE_ALIVE)
		{
			any_pass = true;
		}
		if (mon->servers[i].sla.state != LM_STATE_DEAD)
		{
			all_fail = false;
		}
	}
	state = any_pass ? LM_STATE_ALIVE : all_fail ? LM_STATE_DEAD :
			LM_STATE_INIT;
	if (state == LM_STATE_DEAD && reason &&
		!(mon->sla_reason && strcmp(mon->sla_reason, reason) == 0))
	{
		free(mon->sla_reason);
		mon->sla_reason = strdup(reason);
	}
	else if (state != LM_STATE_DEAD)
	{
		free(mon->sla_reason);
		mon->sla_reason = NULL;
	}
	change.sla_to = state;
	change.sla_changed = state != mon->sla_state;
	mon->sla_state = state;
	return change;
}

lm_state_t lm_monitor_effective(const lm_monitor_t *mon)
{
	if (mon->state == LM_STATE_DISABLED || mon->state == LM_STATE_DEAD ||
		mon->state == LM_STATE_INIT)
	{
		return mon->state;
	}
	if (mon->cfg->sla_action && mon->sla_state == LM_STATE_DEAD)
	{
		return LM_STATE_DEAD;
	}
	return mon->state;
}

/**
 * Start over without a verdict, as a new monitor: every server (and its SLA)
 * back to INIT, so the next state again needs failtime failures or
 * recoverytime successes. Only a monitor's very first verdict is logged as
 * its initial state.
 */
static lm_change_t restart(lm_monitor_t *mon, uint64_t now_ns)
{
	int i;

	for (i = 0; i < mon->cfg->server_count; i++)
	{
		lm_fsm_init(&mon->servers[i].fsm);
		lm_fsm_init(&mon->servers[i].sla);
	}
	mon->ever_alive = false;
	return merge_sla(update_state(mon, now_ns), update_sla(mon, NULL));
}

lm_change_t lm_monitor_set_active(lm_monitor_t *mon, bool active,
								  uint64_t now_ns)
{
	lm_change_t change;
	lm_server_t *srv;
	int i;

	mon->active = active;
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		/* the sessions start over, or stop */
		free(mon->servers[i].bfd);
		mon->servers[i].bfd = NULL;
	}
	if (active)
	{
		mon->next_send_ns = now_ns;
		return restart(mon, now_ns);
	}
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		srv = &mon->servers[i];
		memset(srv->pending, 0, srv->npending * sizeof(lm_pending_t));
		if (srv->fsm.state == LM_STATE_ALIVE)
		{
			lm_fsm_force(&srv->fsm, LM_STATE_DEAD);
		}
		else
		{
			srv->fsm.fail_count = srv->fsm.recovery_count = 0;
		}
		lm_fsm_init(&srv->sla);
	}
	change = update_state(mon, now_ns);
	return merge_sla(change, update_sla(mon, NULL));
}

/**
 * Are probe rounds sent? Not for BFD sessions.
 */
static bool rounds(const lm_monitor_t *mon)
{
	return mon->active && mon->cfg->enabled &&
		   mon->cfg->protocol != LM_PROTO_BFD;
}

bool lm_monitor_due(const lm_monitor_t *mon, uint64_t now_ns)
{
	return rounds(mon) && mon->next_send_ns <= now_ns;
}

/**
 * Find an outstanding probe.
 */
static lm_pending_t *find_pending(lm_server_t *srv, uint16_t seq)
{
	lm_pending_t *p = &srv->pending[seq % srv->npending];

	if (p->used && p->seq == seq)
	{
		return p;
	}
	return NULL;
}

/**
 * Count a probe result on a server and update the monitor's state and SLA.
 */
static lm_change_t result(lm_monitor_t *mon, lm_server_t *srv, bool success,
						  int32_t rtt_us, uint64_t now_ns)
{
	lm_change_t change = { .from = mon->state, .to = mon->state };
	char reason[96];
	lm_summary_t summary;
	bool pass;

	lm_window_add(&srv->window, success ? rtt_us : LM_RTT_LOST);
	if (lm_fsm_result(&srv->fsm, success, mon->cfg->failtime,
					  mon->cfg->recoverytime))
	{
		change = update_state(mon, now_ns);
	}
	if (mon->history)
	{
		lm_history_result(mon->history, srv - mon->servers,
						  success ? rtt_us : -1, srv->fsm.state, now_ns);
	}
	change.sla_from = change.sla_to = mon->sla_state;
	if (lm_monitor_cfg_has_sla(mon->cfg))
	{
		lm_window_summary(&srv->window, mon->cfg->mos_codec, &summary);
		pass = lm_monitor_sla_check(mon->cfg, &summary, reason, sizeof(reason));
		lm_fsm_result(&srv->sla, pass, mon->cfg->failtime,
					  mon->cfg->recoverytime);
		change = merge_sla(change, update_sla(mon, pass ? NULL : reason));
	}
	return change;
}

uint16_t lm_monitor_sent(lm_monitor_t *mon, int server, uint64_t now_ns,
						 uint64_t real_ns)
{
	lm_server_t *srv = &mon->servers[server];
	lm_pending_t *p;
	uint16_t seq;

	seq = srv->seq_next++;
	if (srv->seq_next == 0)
	{
		srv->seq_next = 1;
	}
	p = &srv->pending[seq % srv->npending];
	if (p->used)
	{
		/* cannot happen with the ring sized by timeout/interval unless the
		 * clock jumped; the displaced probe counts as lost */
		result(mon, srv, false, 0, now_ns);
	}
	*p = (lm_pending_t){
		.seq = seq,
		.used = true,
		.sent_ns = now_ns,
		.sent_real_ns = real_ns,
		.deadline_ns = now_ns + mon->cfg->probe_timeout_ms * NS_PER_MS,
	};
	srv->sent++;
	return seq;
}

void lm_monitor_advance(lm_monitor_t *mon, uint64_t now_ns)
{
	uint64_t interval = mon->cfg->interval_ms * NS_PER_MS;

	mon->next_send_ns += interval;
	if (mon->next_send_ns <= now_ns)
	{
		/* missed whole rounds (suspend, overload): keep the phase */
		mon->next_send_ns += ((now_ns - mon->next_send_ns) / interval + 1) *
							 interval;
	}
}

bool lm_monitor_pending(lm_monitor_t *mon, int server, uint16_t seq,
						uint64_t *sent_ns, uint64_t *sent_real_ns)
{
	lm_pending_t *p;

	if (server < 0 || server >= mon->cfg->server_count)
	{
		return false;
	}
	p = find_pending(&mon->servers[server], seq);
	if (!p)
	{
		return false;
	}
	*sent_ns = p->sent_ns;
	*sent_real_ns = p->sent_real_ns;
	return true;
}

lm_change_t lm_monitor_reply(lm_monitor_t *mon, int server, uint16_t seq,
							 uint64_t rtt_ns)
{
	lm_change_t none = { .from = mon->state, .to = mon->state };
	lm_server_t *srv;
	lm_pending_t *p;
	uint64_t rtt_us;

	if (server < 0 || server >= mon->cfg->server_count)
	{
		return none;
	}
	srv = &mon->servers[server];
	p = find_pending(srv, seq);
	if (!p)
	{
		srv->out_of_sequence++;
		return none;
	}
	p->used = false;
	if (srv->received && (int16_t)(seq - srv->seq_rcvd) < 0)
	{
		/* older than a reply already received: reordered, still in time */
		srv->out_of_sequence++;
	}
	else
	{
		srv->seq_rcvd = seq;
		srv->seq_exp = seq + 1;
		if (srv->seq_exp == 0)
		{
			srv->seq_exp = 1;
		}
	}
	srv->received++;
	rtt_us = rtt_ns / 1000;
	if (rtt_us > INT32_MAX)
	{
		rtt_us = INT32_MAX;
	}
	return result(mon, srv, true, rtt_us, p->sent_ns + rtt_ns);
}

lm_change_t lm_monitor_idle_success(lm_monitor_t *mon, uint64_t now_ns)
{
	lm_change_t change = unchanged(mon);
	lm_server_t *srv;
	int i;

	mon->saved++;
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		srv = &mon->servers[i];
		if (lm_fsm_result(&srv->fsm, true, mon->cfg->failtime,
						  mon->cfg->recoverytime))
		{
			change = merge(change, update_state(mon, now_ns));
		}
	}
	return change;
}

lm_change_t lm_monitor_fail(lm_monitor_t *mon, int server, uint16_t seq)
{
	lm_change_t none = { .from = mon->state, .to = mon->state };
	lm_server_t *srv;
	lm_pending_t *p;

	if (server < 0 || server >= mon->cfg->server_count)
	{
		return none;
	}
	srv = &mon->servers[server];
	p = find_pending(srv, seq);
	if (!p)
	{
		return none;
	}
	p->used = false;
	return result(mon, srv, false, 0, p->sent_ns);
}

lm_change_t lm_monitor_session(lm_monitor_t *mon, int server, bool up,
							   uint64_t now_ns)
{
	lm_change_t change = unchanged(mon);

	if (server < 0 || server >= mon->cfg->server_count)
	{
		return change;
	}
	if (lm_fsm_force(&mon->servers[server].fsm,
					 up ? LM_STATE_ALIVE : LM_STATE_DEAD))
	{
		change = merge(change, update_state(mon, now_ns));
	}
	return change;
}

lm_change_t lm_monitor_expire(lm_monitor_t *mon, uint64_t now_ns)
{
	lm_change_t change = unchanged(mon), step;
	lm_server_t *srv;
	lm_pending_t *p, *oldest;
	uint32_t j;
	int i;

	for (i = 0; i < mon->cfg->server_count; i++)
	{
		srv = &mon->servers[i];
		/* expire in send order, so the window keeps the probe order */
		while (true)
		{
			oldest = NULL;
			for (j = 0; j < srv->npending; j++)
			{
				p = &srv->pending[j];
				if (p->used && p->deadline_ns <= now_ns &&
					(!oldest || p->sent_ns < oldest->sent_ns))
				{
					oldest = p;
				}
			}
			if (!oldest)
			{
				break;
			}
			oldest->used = false;
			step = result(mon, srv, false, 0, now_ns);
			change = merge(change, step);
		}
	}
	return change;
}

uint64_t lm_monitor_next_event(const lm_monitor_t *mon)
{
	uint64_t next = UINT64_MAX;
	lm_server_t *srv;
	uint32_t j;
	int i;

	if (rounds(mon))
	{
		next = mon->next_send_ns;
	}
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		srv = &mon->servers[i];
		for (j = 0; j < srv->npending; j++)
		{
			if (srv->pending[j].used && srv->pending[j].deadline_ns < next)
			{
				next = srv->pending[j].deadline_ns;
			}
		}
	}
	return next;
}

void lm_monitor_take_history(lm_monitor_t *mon, lm_monitor_t *old)
{
	int i;

	if (!old->history || mon->cfg->server_count != old->cfg->server_count)
	{
		return;
	}
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		if (!lm_addr_equals(&mon->servers[i].addr, &old->servers[i].addr))
		{
			return;
		}
	}
	lm_history_destroy(mon->history);
	mon->history = old->history;
	old->history = NULL;
	note_states(mon, mon->state_since_ns);
}

void lm_monitor_set_history(lm_monitor_t *mon, lm_history_t *history,
							uint64_t now_ns)
{
	if (mon->history || !history)
	{
		lm_history_destroy(history);
		return;
	}
	mon->history = history;
	note_states(mon, now_ns);
}

int lm_monitor_find_server(const lm_monitor_t *mon, const lm_addr_t *addr)
{
	int i;

	for (i = 0; i < mon->cfg->server_count; i++)
	{
		if (lm_addr_equals(&mon->servers[i].addr, addr))
		{
			return i;
		}
	}
	return -1;
}

void lm_monitor_destroy(lm_monitor_t *mon)
{
	int i;

	if (!mon)
	{
		return;
	}
	if (mon->servers)
	{
		for (i = 0; i < mon->cfg->server_count; i++)
		{
			free(mon->servers[i].pending);
			free(mon->servers[i].bfd);
		}
		free(mon->servers);
	}
	lm_monitor_cfg_destroy(mon->cfg);
	lm_history_destroy(mon->history);
	free(mon->sla_reason);
	free(mon->tunnel);
	free(mon->last_reason);
	free(mon);
}

bool lm_monitor_set_tunnel(lm_monitor_t *mon, const char *child, uint32_t id)
{
	char buf[32];
	char *desc;
	size_t len;

	len = strlen(child) + snprintf(buf, sizeof(buf), "{%u}", id) + 1;
	desc = malloc(len);
	if (desc)
	{
		snprintf(desc, len, "%s%s", child, buf);
	}
	free(mon->tunnel);
	mon->tunnel = desc;
	return desc != NULL;
}

bool lm_monitor_note_failure(lm_monitor_t *mon, const char *reason)
{
	if (!reason)
	{
		free(mon->last_reason);
		mon->last_reason = NULL;
		return false;
	}
	if (mon->last_reason && strcmp(mon->last_reason, reason) == 0)
	{
		return false;
	}
	free(mon->last_reason);
	mon->last_reason = strdup(reason);
	return true;
}
