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

#include "link_monitor_manager.h"
#include "link_monitor_actions.h"
#include "link_monitor_config.h"
#include "link_monitor_dpd.h"
#include "link_monitor_ha.h"
#include "link_monitor_io.h"
#include "link_monitor_prober.h"
#include "link_monitor_routes.h"
#include "link_monitor_updown.h"

#include <errno.h>
#include <malloc.h>
#include <net/if.h>
#include <stddef.h>
#include <sys/random.h>
#include <unistd.h>

#include <daemon.h>
#include <threading/mutex.h>
#include <collections/array.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>
#include <processing/jobs/callback_job.h>

#include <lm_ha.h>
#include <lm_heap.h>
#include <lm_hist.h>
#include <lm_status.h>
#include <lm_updown.h>

typedef struct private_link_monitor_manager_t private_link_monitor_manager_t;

/**
 * Time a CHILD_SA gets before its first probe: as responder we see it
 * installed before the initiator has installed its side, and a first probe
 * lost to that race would set the initial state to dead.
 */
#define TUNNEL_SETTLE_NS (250ULL * 1000000ULL)

/**
 * Monitors loaded together start in slots of their interval, about this many
 * per slot, at least MIN_SLOTS and at most one slot per millisecond. One
 * wake-up serves a slot: few per slot keep the send time drift of a burst
 * low, many keep the per-probe cost of the wake-ups low. When the wake-ups
 * were charon's (a scheduler job, a processor job, thread switches and
 * watcher round trips for the replies), 1,000 monitors at 1 s cost 17 us of
 * CPU per probe in 10 slots, 38-44 us in 20 and 35 us in 100 (fping: 31-36
 * us): so 100 per slot, at least 10 slots. The probe thread's wake-ups are
 * cheaper (see docs/benchmarks.md); the setting was kept.
 */
#define MONITORS_PER_SLOT 100
#define MIN_SLOTS 10

/**
 * Private data of a link_monitor_manager_t object.
 */
struct private_link_monitor_manager_t {

	/**
	 * Public link_monitor_manager_t interface.
	 */
	link_monitor_manager_t public;

	/**
	 * What fails right now, for status (shared, not owned).
	 */
	link_monitor_errors_t *errors;

	/**
	 * Monitors in configuration order, lm_monitor_t*.
	 */
	array_t *monitors;

	/**
	 * %remote templates, lm_monitor_cfg_t*; their instances are monitors.
	 */
	array_t *templates;

	/**
	 * Monitors by ICMP identifier.
	 */
	hashtable_t *idents;

	/**
	 * Timer heap of all monitors with something to do.
	 */
	lm_heap_t heap;

	/**
	 * Time the probe thread's timer is set to, UINT64_MAX if none.
	 */
	uint64_t scheduled_ns;

	/**
	 * The probe thread: runs the timer and reads the datagram sockets.
	 */
	link_monitor_io_t *io;

	/**
	 * Sockets, sending and receiving.
	 */
	link_monitor_prober_t *prober;

	/**
	 * IKEv2 liveness checks as probes.
	 */
	link_monitor_dpd_t *dpd;

	/**
	 * Executes failover commands.
	 */
	link_monitor_actions_t *actions;

	/**
	 * Runs updown hooks.
	 */
	link_monitor_updown_t *updown;

	/**
	 * Owns the routes and cascade links.
	 */
	link_monitor_routes_t *routes;

	/**
	 * Serializes route updates, so the latest desired state always wins.
	 */
	mutex_t *routes_mutex;

	/**
	 * HA penalty for keepalived.
	 */
	link_monitor_ha_t *ha;

	/**
	 * Send-time drift of probe rounds (actual - scheduled), microseconds.
	 */
	lm_hist_t drift;

	/**
	 * Replies whose RTT started at the kernel's transmit timestamp, and
	 * those that fell back to the send time taken in user space.
	 */
	uint64_t tx_kernel, tx_fallback;

	/**
	 * Next ICMP identifier to try.
	 */
	uint16_t next_ident;

	/**
	 * Number of monitors in the configuration applied last.
	 */
	u_int configured;

	/**
	 * Protects everything above.
	 */
	mutex_t *mutex;
};

/**
 * An installed CHILD_SA, collected while reloading.
 */
typedef struct {
	char *ike;
	char *child;
	uint32_t id;
	/** IKE_SA unique id */
	uint32_t ike_id;
	/** IKE peer address */
	lm_addr_t peer;
	/** the peer's tunnel address: virtual IP or first host of its TS */
	lm_addr_t remote;
} tunnel_t;

static void tunnel_destroy(tunnel_t *t)
{
	free(t->ike);
	free(t->child);
	free(t);
}

/**
 * Log a state change.
 */
static void log_change(lm_monitor_t *mon, lm_change_t change)
{
	static const char *sla[] = { "init", "pass", "fail", "disabled" };

	if (change.changed)
	{
		if (change.initial)
		{
			DBG1(DBG_CFG, "link-monitor '%s' initial state is %s, protocol: %s",
				 mon->cfg->name, lm_state_name(change.to),
				 lm_proto_name(mon->cfg->protocol));
		}
		else
		{
			DBG1(DBG_CFG, "link-monitor '%s' changed state from %s to %s, "
				 "protocol: %s", mon->cfg->name, lm_state_name(change.from),
				 lm_state_name(change.to), lm_proto_name(mon->cfg->protocol));
		}
	}
	if (change.sla_changed &&
		(change.sla_to != LM_STATE_INIT || change.sla_from == LM_STATE_DEAD))
	{
		DBG1(DBG_CFG, "link-monitor '%s' SLA changed from %s to %s%s%s%s",
			 mon->cfg->name, sla[change.sla_from], sla[change.sla_to],
			 change.sla_to == LM_STATE_DEAD ? " (" : "",
			 change.sla_to == LM_STATE_DEAD ? mon->sla_reason ?: "" : "",
			 change.sla_to == LM_STATE_DEAD ? ")" : "");
	}
}

/**
 * Monitor embedding a heap entry.
 */
static inline lm_monitor_t *from_timer(lm_heap_entry_t *entry)
{
	return (lm_monitor_t*)((char*)entry - offsetof(lm_monitor_t, timer));
}

/**
 * Put a monitor at its next event in the heap, or take it out.
 */
static void update_timer(private_link_monitor_manager_t *this,
						 lm_monitor_t *mon)
{
	uint64_t next = lm_monitor_next_event(mon), fo;

	if (mon->cfg->failover_count)
	{
		fo = lm_failover_next(&mon->fo, mon->cfg);
		if (fo < next)
		{
			next = fo;
		}
	}
	if (next == UINT64_MAX)
	{
		lm_heap_remove(&this->heap, &mon->timer);
	}
	else if (!lm_heap_set(&this->heap, &mon->timer, next))
	{
		DBG1(DBG_CFG, "link-monitor '%s': out of memory scheduling probes",
			 mon->cfg->name);
	}
}

/**
 * Set the probe thread's timer to the earliest event, if it is not set
 * before it.
 */
static void reschedule(private_link_monitor_manager_t *this)
{
	lm_heap_entry_t *top;
	uint64_t next = UINT64_MAX, ha;

	top = lm_heap_peek(&this->heap);
	if (top)
	{
		next = top->key;
	}
	ha = this->ha->next(this->ha);
	if (ha < next)
	{
		next = ha;
	}
	if (next == UINT64_MAX || next >= this->scheduled_ns)
	{
		return;
	}
	this->scheduled_ns = next;
	this->io->set_timer(this->io, next);
}

/**
 * Are the backups of a monitor known dead (by their own monitors)?
 */
static void backup_states(private_link_monitor_manager_t *this,
						  lm_monitor_t *mon, bool *dead)
{
	lm_monitor_t *other;
	int i, j;

	for (i = 0; i < mon->cfg->failover_count; i++)
	{
		dead[i] = FALSE;
		for (j = 0; j < array_count(this->monitors); j++)
		{
			array_get(this->monitors, j, &other);
			if (other != mon && other->cfg->connection &&
				streq(other->cfg->connection,
					  mon->cfg->failover[i].connection) &&
				other->effective == LM_STATE_DEAD)
			{
				dead[i] = TRUE;
			}
		}
	}
}

/**
 * A route update for one monitor.
 */
typedef struct {
	private_link_monitor_manager_t *this;
	char *name;
} route_job_t;

static void route_job_destroy(route_job_t *job)
{
	free(job->name);
	free(job);
}

/**
 * Routes and down links a monitor wants now; called with the lock held.
 */
static int desired(lm_monitor_t *mon, lm_route_t *routes, char **links,
				   int *nlinks)
{
	lm_monitor_cfg_t *cfg = mon->cfg;
	lm_state_t state = mon->effective;
	int i, count = 0;

	*nlinks = 0;
	for (i = 0; i < cfg->route_count; i++)
	{
		/* before its first verdict a monitor's routes have their alive
		 * form: nothing is known against the path */
		if (state != LM_STATE_DEAD)
		{
			routes[count++] = cfg->routes[i].route;
		}
		else if (state == LM_STATE_DEAD && cfg->routes[i].has_dead_metric)
		{
			routes[count] = cfg->routes[i].route;
			routes[count++].metric = cfg->routes[i].dead_metric;
		}
	}
	if (cfg->gateway.family)
	{
		/* WAN monitors keep probing out of their uplink whatever the
		 * routing table says: host routes to the servers via the gateway */
		for (i = 0; i < cfg->server_count; i++)
		{
			routes[count] = (lm_route_t){
				.dst = cfg->servers[i],
				.prefixlen = cfg->servers[i].family == AF_INET ? 32 : 128,
				.gateway = cfg->gateway,
				.table = LM_RT_TABLE_MAIN,
			};
			if (cfg->interface)
			{
				snprintf(routes[count].ifname, sizeof(routes[count].ifname),
						 "%s", cfg->interface);
			}
			count++;
		}
	}
	if (state == LM_STATE_DEAD)
	{
		for (i = 0; i < cfg->cascade_count; i++)
		{
			links[(*nlinks)++] = cfg->cascade[i];
		}
	}
	return count;
}

/**
 * Job bringing a monitor's routes and links to its current state (or
 * removing them if the monitor is gone).
 */
static job_requeue_t update_routes(route_job_t *job)
{
	private_link_monitor_manager_t *this = job->this;
	lm_route_t routes[LM_MAX_ROUTES + LM_MAX_SERVERS];
	char *links[LM_MAX_CASCADE], *copies[LM_MAX_CASCADE];
	lm_monitor_t *mon;
	int i, count = 0, nlinks = 0;

	this->routes_mutex->lock(this->routes_mutex);
	this->mutex->lock(this->mutex);
	for (i = 0; i < array_count(this->monitors); i++)
	{
		array_get(this->monitors, i, &mon);
		if (streq(mon->cfg->name, job->name))
		{
			count = desired(mon, routes, links, &nlinks);
			break;
		}
	}
	for (i = 0; i < nlinks; i++)
	{
		copies[i] = strdup(links[i]);
	}
	this->mutex->unlock(this->mutex);

	this->routes->set(this->routes, job->name, routes, count);
	this->routes->set_links_down(this->routes, job->name, copies, nlinks);
	for (i = 0; i < nlinks; i++)
	{
		free(copies[i]);
	}
	this->routes_mutex->unlock(this->routes_mutex);
	return JOB_REQUEUE_NONE;
}

/**
 * Queue a route update of a monitor, if it has anything to do with routes.
 */
static void queue_routes(private_link_monitor_manager_t *this,
						 lm_monitor_cfg_t *cfg)
{
	route_job_t *job;

	if (!this->routes ||
		(!cfg->route_count && !cfg->cascade_count && !cfg->gateway.family))
	{
		return;
	}
	INIT(job,
		.this = this,
		.name = strdup(cfg->name),
	);
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create_with_prio((callback_job_cb_t)update_routes,
					job, (callback_job_cleanup_t)route_job_destroy, NULL,
					JOB_PRIO_HIGH));
}

/**
 * Run a monitor's updown hook, if it has one.
 */
static void hook(private_link_monitor_manager_t *this, lm_monitor_t *mon,
				 const char *event, lm_state_t old, const char *action)
{
	lm_updown_event_t ev = {
		.event = event,
		.old_state = old,
		.action = action,
		.active_path = mon->cfg->failover_count ?
					lm_failover_active(&mon->fo, mon->cfg) : mon->cfg->connection,
	};
	char **env;

	if (!mon->cfg->updown)
	{
		return;
	}
	env = lm_updown_env(mon, &ev);
	if (!env)
	{
		DBG1(DBG_CFG, "link-monitor '%s': out of memory running updown",
			 mon->cfg->name);
		return;
	}
	this->updown->run(this->updown, mon->cfg->updown, env, mon->cfg->name);
	lm_updown_env_free(env);
}

/**
 * Log and carry out what the failover logic decided.
 */
static void process(private_link_monitor_manager_t *this, lm_monitor_t *mon,
					lm_fo_out_t *out)
{
	int i;

	for (i = 0; i < out->nlogs; i++)
	{
		DBG1(DBG_CFG, "%s", out->logs[i]);
	}
	if (out->count)
	{
		this->actions->queue(this->actions, mon->cfg->name, out->cmds,
							 out->count);
	}
	if (out->moved)
	{
		hook(this, mon, LM_UPDOWN_EVENT_ACTION, mon->state, out->action);
	}
	update_timer(this, mon);
}

/**
 * Re-run the failover decisions of all monitors with backups, as another
 * monitor's state (a backup's) may matter to them.
 */
static void evaluate_failovers(private_link_monitor_manager_t *this,
							   lm_monitor_t *changed, uint64_t now)
{
	bool dead[LM_MAX_PATHS];
	lm_monitor_t *mon;
	lm_fo_out_t out;
	int i, j;

	for (i = 0; i < array_count(this->monitors); i++)
	{
		array_get(this->monitors, i, &mon);
		if (!mon->cfg->failover_count)
		{
			continue;
		}
		if (mon != changed)
		{
			for (j = 0; j < mon->cfg->failover_count; j++)
			{
				if (changed->cfg->connection &&
					streq(changed->cfg->connection,
						  mon->cfg->failover[j].connection))
				{
					break;
				}
			}
			if (j == mon->cfg->failover_count)
			{
				continue;
			}
		}
		memset(&out, 0, sizeof(out));
		backup_states(this, mon, dead);
		lm_failover_state(&mon->fo, mon->cfg, mon->effective, dead, now, &out);
		process(this, mon, &out);
	}
}

/**
 * Feed the monitors' states to the HA logic.
 */
static void ha_update(private_link_monitor_manager_t *this, uint64_t now)
{
	lm_ha_input_t *inputs;
	lm_monitor_t *mon;
	int i, count = array_count(this->monitors);

	if (!this->ha->is_enabled(this->ha))
	{
		return;
	}
	inputs = calloc(count + 1, sizeof(*inputs));
	for (i = 0; i < count; i++)
	{
		array_get(this->monitors, i, &mon);
		inputs[i] = (lm_ha_input_t){
			.name = mon->cfg->name,
			.ha_priority = mon->cfg->ha_priority,
			.dead = mon->effective == LM_STATE_DEAD,
		};
	}
	this->ha->update(this->ha, inputs, count, now);
	free(inputs);
}

/**
 * Flush (and restart) the monitored IKE_SA of a dead monitor.
 */
static void dead_action(private_link_monitor_manager_t *this,
						lm_monitor_t *mon)
{
	lm_cmd_t cmds[2] = {
		{
			.type = LM_CMD_CLEAR_IKE,
			.connection = mon->cfg->connection,
			.ike_id = mon->ike_id,
		},
		{
			.type = LM_CMD_INITIATE_CHILD,
			.connection = mon->cfg->connection,
			.child = mon->cfg->probe_child ? NULL : mon->cfg->child,
		},
	};
	int count = mon->cfg->dead_action == LM_DEAD_ACTION_RESTART ? 2 : 1;

	DBG1(DBG_CFG, "link-monitor '%s': dead, %s IKE_SA %s[%u]", mon->cfg->name,
		 count == 2 ? "restarting" : "clearing", mon->cfg->connection,
		 mon->ike_id);
	this->actions->queue(this->actions, mon->cfg->name, cmds, count);
	hook(this, mon, LM_UPDOWN_EVENT_ACTION, mon->state,
		 count == 2 ? "restart" : "clear");
}

/**
 * Bring the state actions follow to the monitor's verdict. A monitor in init
 * has none: what was acted on stays.
 *
 * @return			TRUE if it changed
 */
static bool update_effective(lm_monitor_t *mon)
{
	lm_state_t effective = lm_monitor_effective(mon);

	if (effective == LM_STATE_INIT || effective == mon->effective)
	{
		return FALSE;
	}
	mon->effective = effective;
	return TRUE;
}

/**
 * Log a change and act on a changed effective state.
 */
static void changed(private_link_monitor_manager_t *this, lm_monitor_t *mon,
					lm_change_t change, uint64_t now)
{
	log_change(mon, change);
	if (change.changed && change.to != LM_STATE_INIT)
	{
		hook(this, mon, LM_UPDOWN_EVENT_STATE, change.from, NULL);
	}
	if ((!change.changed && !change.sla_changed) || !update_effective(mon))
	{
		return;
	}
	evaluate_failovers(this, mon, now);
	queue_routes(this, mon->cfg);
	ha_update(this, now);
	if (mon->effective == LM_STATE_DEAD && mon->active && mon->ike_id &&
		mon->cfg->dead_action != LM_DEAD_ACTION_NONE)
	{
		dead_action(this, mon);
	}
}

/**
 * Is the monitor's interface there to probe out of? A monitor in init whose
 * interface does not exist (yet: a PPP or VLAN link that comes later) waits
 * for it, with one log line and no failures, and starts probing when it
 * appears. Once it has a verdict, a vanished interface fails its probes as
 * a dead link does.
 */
static bool interface_ready(lm_monitor_t *mon)
{
	if (!mon->cfg->interface)
	{
		return TRUE;
	}
	if (mon->state == LM_STATE_INIT && !if_nametoindex(mon->cfg->interface))
	{
		if (!mon->waiting)
		{
			DBG1(DBG_CFG, "link-monitor '%s': interface %s does not exist, "
				 "waiting for it", mon->cfg->name, mon->cfg->interface);
			mon->waiting = TRUE;
		}
		return FALSE;
	}
	if (mon->waiting)
	{
		DBG1(DBG_CFG, "link-monitor '%s': interface %s appeared, probing",
			 mon->cfg->name, mon->cfg->interface);
		mon->waiting = FALSE;
	}
	return TRUE;
}

/**
 * Send one probe round of a monitor.
 */
static void send_round(private_link_monitor_manager_t *this, lm_monitor_t *mon)
{
	uint64_t mono, real;
	lm_change_t change;
	char addr[LM_ADDR_STRLEN];
	uint16_t seq;
	int i, err;

	if (!interface_ready(mon))
	{
		return;
	}
	if (mon->cfg->protocol == LM_PROTO_DPD)
	{
		seq = lm_monitor_sent(mon, 0, link_monitor_now_ns(), 0);
		if (this->dpd->probe(this->dpd, mon->ike_id, mon->ident, seq) ==
			EBUSY)
		{
			DBG2(DBG_CFG, "link-monitor '%s': liveness check of IKE_SA %u "
				 "still unanswered", mon->cfg->name, mon->ike_id);
		}
		return;
	}
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		seq = mon->servers[i].seq_next;
		err = this->prober->send(this->prober, mon, i, seq, &mono, &real);
		if (!err)
		{
			lm_monitor_sent(mon, i, mono, real);
			mon->last_error = 0;
			continue;
		}
		if (err != mon->last_error)
		{
			DBG1(DBG_CFG, "link-monitor '%s': sending %s probe to %s failed: "
				 "%s", mon->cfg->name, lm_proto_name(mon->cfg->protocol),
				 lm_addr_fmt(&mon->servers[i].addr, addr), strerror(err));
			mon->last_error = err;
		}
		mono = link_monitor_now_ns();
		seq = lm_monitor_sent(mon, i, mono, 0);
		change = lm_monitor_fail(mon, i, seq);
		changed(this, mon, change, mono);
	}
}

/**
 * An on_idle traffic check.
 */
typedef struct {
	private_link_monitor_manager_t *this;
	uint16_t ident;
	uint32_t token;
	uint32_t ike_id;
	uint32_t child_id;
} idle_check_t;

/**
 * Job reading the inbound packet counter of a monitored CHILD_SA, then
 * counting the round as success if traffic arrived, or sending it.
 */
static job_requeue_t idle_check(idle_check_t *check)
{
	private_link_monitor_manager_t *this = check->this;
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	ike_sa_t *ike_sa;
	lm_monitor_t *mon;
	uint64_t packets = 0, received = 0, now;
	bool found = FALSE, traffic;
	int i;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													check->ike_id);
	if (ike_sa)
	{
		enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
		while (enumerator->enumerate(enumerator, &child_sa))
		{
			if (child_sa->get_unique_id(child_sa) == check->child_id)
			{
				child_sa->get_usestats(child_sa, TRUE, NULL, NULL, &packets);
				found = TRUE;
			}
		}
		enumerator->destroy(enumerator);
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	}
	this->mutex->lock(this->mutex);
	mon = this->idents->get(this->idents, (void*)(uintptr_t)check->ident);
	if (mon && mon->token == check->token)
	{
		mon->idle_pending = FALSE;
	}
	if (mon && mon->token == check->token && mon->tunnel_id == check->child_id)
	{
		now = link_monitor_now_ns();
		for (i = 0; i < mon->cfg->server_count; i++)
		{
			received += mon->servers[i].received;
		}
		/* more than our own replies came in since the last check */
		traffic = found && (mon->idle_packets || mon->idle_replies) &&
				  packets > mon->idle_packets + (received - mon->idle_replies);
		mon->idle_packets = packets;
		mon->idle_replies = received;
		if (traffic)
		{
			changed(this, mon, lm_monitor_idle_success(mon, now), now);
		}
		else if (mon->active)
		{
			send_round(this, mon);
		}
		update_timer(this, mon);
		reschedule(this);
	}
	this->mutex->unlock(this->mutex);
	return JOB_REQUEUE_NONE;
}

/**
 * Start a probe round: on_idle monitors check for traffic first.
 */
static void start_round(private_link_monitor_manager_t *this,
						lm_monitor_t *mon)
{
	idle_check_t *check;

	if (!mon->cfg->on_idle || !mon->ike_id || !mon->tunnel_id)
	{
		send_round(this, mon);
		return;
	}
	if (mon->idle_pending)
	{
		return;
	}
	mon->idle_pending = TRUE;
	INIT(check,
		.this = this,
		.ident = mon->ident,
		.token = mon->token,
		.ike_id = mon->ike_id,
		.child_id = mon->tunnel_id,
	);
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create_with_prio((callback_job_cb_t)idle_check,
									check, free, NULL, JOB_PRIO_HIGH));
}

/**
 * Probe thread timer: expire timed-out probes and send due ones.
 */
static void tick(private_link_monitor_manager_t *this)
{
	lm_heap_entry_t *top;
	lm_monitor_t *mon;
	uint64_t now;

	this->mutex->lock(this->mutex);
	this->scheduled_ns = UINT64_MAX;
	now = link_monitor_now_ns();
	while ((top = lm_heap_peek(&this->heap)) && top->key <= now)
	{
		mon = from_timer(top);
		changed(this, mon, lm_monitor_expire(mon, now), now);
		if (lm_monitor_due(mon, now))
		{
			lm_hist_add(&this->drift, (now - mon->next_send_ns) / 1000);
			start_round(this, mon);
			lm_monitor_advance(mon, now);
		}
		if (mon->cfg->failover_count &&
			lm_failover_next(&mon->fo, mon->cfg) <= now)
		{
			bool dead[LM_MAX_PATHS];
			lm_fo_out_t out = {};

			backup_states(this, mon, dead);
			lm_failover_timer(&mon->fo, mon->cfg, dead, now, &out);
			process(this, mon, &out);
		}
		update_timer(this, mon);
	}
	this->ha->timer(this->ha, now);
	reschedule(this);
	this->mutex->unlock(this->mutex);
}

/**
 * RTT of a reply between the kernel's timestamps: from the transmit
 * timestamp if there is one, else from the send time taken in user space,
 * to the receive timestamp. rtt_mono if the wall clock stepped.
 */
static uint64_t kernel_rtt(private_link_monitor_manager_t *this,
						   link_monitor_reply_t *reply, uint64_t sent_real,
						   uint64_t rtt_mono)
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
 * Result callback from the prober.
 */
static void on_reply(private_link_monitor_manager_t *this,
					 link_monitor_reply_t *reply)
{
	lm_monitor_t *mon;
	uint64_t sent, sent_real, rtt = 0, rtt_mono;
	char addr[LM_ADDR_STRLEN];
	int server;

	this->mutex->lock(this->mutex);
	mon = this->idents->get(this->idents,
							(void*)(uintptr_t)reply->ident);
	if (!mon || mon->cfg->protocol != reply->protocol)
	{
		this->mutex->unlock(this->mutex);
		return;
	}
	if ((mon->token & reply->token_mask) != reply->token)
	{
		/* forged, or a reflector not copying our fields back unchanged */
		DBG2(DBG_CFG, "link-monitor '%s': dropped a %s reply from %s with "
			 "another token", mon->cfg->name, lm_proto_name(reply->protocol),
			 lm_addr_fmt(&reply->from, addr));
		this->mutex->unlock(this->mutex);
		return;
	}
	server = mon->cfg->protocol == LM_PROTO_DPD ? 0 :
			 lm_monitor_find_server(mon, &reply->from);
	if (server < 0)
	{
		this->mutex->unlock(this->mutex);
		return;
	}
	/* a reply read after the probe's deadline is late, even if the tick
	 * that expires it has not run yet */
	changed(this, mon, lm_monitor_expire(mon, reply->rx_mono_ns),
			reply->rx_mono_ns);
	if (reply->failed)
	{
		if (lm_monitor_pending(mon, server, reply->seq, &sent, &sent_real))
		{
			DBG2(DBG_CFG, "link-monitor '%s': %s probe to %s failed: %s",
				 mon->cfg->name, lm_proto_name(mon->cfg->protocol),
				 lm_addr_fmt(&reply->from, addr), reply->reason);
			if (lm_monitor_note_failure(mon, reply->reason))
			{
				DBG1(DBG_CFG, "link-monitor '%s': %s probe to %s failed: %s",
					 mon->cfg->name, lm_proto_name(mon->cfg->protocol),
					 lm_addr_fmt(&reply->from, addr), reply->reason);
			}
			changed(this, mon, lm_monitor_fail(mon, server, reply->seq),
					reply->rx_mono_ns);
		}
		this->mutex->unlock(this->mutex);
		return;
	}
	if (lm_monitor_pending(mon, server, reply->seq, &sent, &sent_real))
	{
		lm_monitor_note_failure(mon, NULL);
		rtt_mono = reply->rx_mono_ns > sent ? reply->rx_mono_ns - sent : 0;
		rtt = rtt_mono;
		if (reply->rtt_ns)
		{
			rtt = reply->rtt_ns;
		}
		else
		{
			rtt = kernel_rtt(this, reply, sent_real, rtt_mono);
		}
		if (reply->turnaround_ns && reply->turnaround_ns < rtt)
		{
			/* TWAMP: (T4 - T1) - (T3 - T2) */
			rtt -= reply->turnaround_ns;
		}
	}
	DBG3(DBG_CFG, "link-monitor '%s': reply seq %u from %s, rtt %llu ns",
		 mon->cfg->name, reply->seq, lm_addr_fmt(&reply->from, addr),
		 (unsigned long long)rtt);
	changed(this, mon, lm_monitor_reply(mon, server, reply->seq, rtt),
			reply->rx_mono_ns);
	this->mutex->unlock(this->mutex);
}

/**
 * Fill a tunnel_t from an installed CHILD_SA.
 */
static void tunnel_info(tunnel_t *t, ike_sa_t *ike_sa, child_sa_t *child_sa)
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	host_t *host, *vip = NULL;
	uint8_t mask;

	t->ike_id = ike_sa->get_unique_id(ike_sa);
	t->id = child_sa->get_unique_id(child_sa);
	host = ike_sa->get_other_host(ike_sa);
	lm_addr_from_sockaddr(host->get_sockaddr(host), &t->peer);

	enumerator = ike_sa->create_virtual_ip_enumerator(ike_sa, FALSE);
	if (enumerator->enumerate(enumerator, &vip))
	{
		lm_addr_from_sockaddr(vip->get_sockaddr(vip), &t->remote);
	}
	enumerator->destroy(enumerator);
	if (vip)
	{
		return;
	}
	enumerator = child_sa->create_ts_enumerator(child_sa, FALSE);
	if (enumerator->enumerate(enumerator, &ts) &&
		ts->to_subnet(ts, &host, &mask))
	{
		lm_addr_from_sockaddr(host->get_sockaddr(host), &t->remote);
		if ((t->remote.family == AF_INET && mask < 32) ||
			(t->remote.family == AF_INET6 && mask < 128))
		{
			/* first host of the subnet */
			t->remote.a[t->remote.family == AF_INET ? 3 : 15]++;
		}
		host->destroy(host);
	}
	enumerator->destroy(enumerator);
}

/**
 * Collect the installed CHILD_SAs, without holding our lock.
 */
static linked_list_t *collect_tunnels()
{
	linked_list_t *list = linked_list_create();
	enumerator_t *enumerator, *children;
	ike_sa_t *ike_sa;
	child_sa_t *child_sa;
	tunnel_t *t;

	if (!charon->ike_sa_manager)
	{
		return list;
	}
	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			if (child_sa->get_state(child_sa) == CHILD_INSTALLED)
			{
				INIT(t,
					.ike = strdup(ike_sa->get_name(ike_sa)),
					.child = strdup(child_sa->get_name(child_sa)),
				);
				tunnel_info(t, ike_sa, child_sa);
				list->insert_last(list, t);
			}
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);
	return list;
}

/**
 * Does a monitor (or template) configuration probe through this CHILD_SA?
 */
static bool cfg_binds(lm_monitor_cfg_t *cfg, char *ike, char *child)
{
	const char *probe = lm_monitor_cfg_probe_child(cfg);

	return cfg->connection && streq(cfg->connection, ike) &&
		   (!probe || streq((char*)probe, child));
}
/**
 * Width of the slots a monitor's first probe is aligned to, in ns.
 */
static uint64_t slot_width(private_link_monitor_manager_t *this,
						   lm_monitor_t *mon)
{
	uint64_t interval = mon->cfg->interval_ms * 1000000ULL;
	u_int slots;

	slots = max(this->configured, array_count(this->monitors));
	slots = max(slots / MONITORS_PER_SLOT, MIN_SLOTS);
	slots = min(slots, max(mon->cfg->interval_ms, MIN_SLOTS));
	return interval / slots;
}

/**
 * First slot boundary at or after a time: monitors of an interval started
 * at different times (e.g. %remote instances as their CHILD_SAs come up)
 * share the boundaries, and so the scheduler's wake-ups.
 */
static uint64_t slot_start(private_link_monitor_manager_t *this,
						   lm_monitor_t *mon, uint64_t at)
{
	uint64_t width = slot_width(this, mon);

	return (at + width - 1) / width * width;
}

/**
 * Mark a monitor as probing through a tunnel.
 */
static void bind_tunnel(private_link_monitor_manager_t *this,
						lm_monitor_t *mon, tunnel_t *t, uint64_t now)
{
	lm_monitor_set_tunnel(mon, t->child, t->id);
	mon->tunnel_id = t->id;
	mon->ike_id = t->ike_id;
	if (mon->cfg->protocol == LM_PROTO_DPD)
	{
		mon->servers[0].addr = t->peer;
	}
	changed(this, mon, lm_monitor_set_active(mon, TRUE, now), now);
	mon->next_send_ns = slot_start(this, mon, now + TUNNEL_SETTLE_NS);
	DBG2(DBG_CFG, "link-monitor '%s': probing through CHILD_SA %s",
		 mon->cfg->name, mon->tunnel);
}

/**
 * Activate a monitor as its tunnel binding requires.
 */
static void activate(private_link_monitor_manager_t *this, lm_monitor_t *mon,
					 linked_list_t *tunnels, uint64_t now)
{
	enumerator_t *enumerator;
	tunnel_t *t;

	if (!mon->cfg->connection)
	{
		if (!mon->active)
		{
			uint64_t width = slot_width(this, mon);
			uint64_t slots = mon->cfg->interval_ms * 1000000ULL / width;

			changed(this, mon, lm_monitor_set_active(mon, TRUE, now), now);
			/* identifiers are handed out in sequence: spread evenly */
			mon->next_send_ns = slot_start(this, mon, now) +
								mon->ident % slots * width;
		}
		update_timer(this, mon);
		return;
	}
	enumerator = tunnels->create_enumerator(tunnels);
	while (enumerator->enumerate(enumerator, &t))
	{
		if (cfg_binds(mon->cfg, t->ike, t->child))
		{
			if (!mon->active || mon->tunnel_id != t->id)
			{
				bind_tunnel(this, mon, t, now);
			}
			enumerator->destroy(enumerator);
			update_timer(this, mon);
			return;
		}
	}
	enumerator->destroy(enumerator);
	mon->tunnel_id = 0;
	mon->ike_id = 0;
	changed(this, mon, lm_monitor_set_active(mon, FALSE, now), now);
	update_timer(this, mon);
}

/**
 * Start the failover logic of a monitor: traffic on the primary.
 */
static void init_failover(private_link_monitor_manager_t *this,
						  lm_monitor_t *mon, linked_list_t *tunnels,
						  uint64_t now)
{
	enumerator_t *enumerator;
	lm_fo_out_t out = {};
	tunnel_t *t;

	if (!mon->cfg->failover_count)
	{
		return;
	}
	lm_failover_init(&mon->fo, mon->cfg, now, &out);
	enumerator = tunnels->create_enumerator(tunnels);
	while (enumerator->enumerate(enumerator, &t))
	{
		if (streq(t->ike, mon->cfg->connection) &&
			streq(t->child, mon->cfg->child))
		{
			mon->fo.primary_up = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	process(this, mon, &out);
}

/**
 * Remove a monitor from the heap and index and destroy it.
 */
static void monitor_remove(private_link_monitor_manager_t *this,
						   lm_monitor_t *mon)
{
	lm_heap_remove(&this->heap, &mon->timer);
	this->idents->remove(this->idents, (void*)(uintptr_t)mon->ident);
	lm_monitor_destroy(mon);
}

/**
 * Create a monitor with a free ICMP identifier.
 */
static lm_monitor_t *monitor_create(private_link_monitor_manager_t *this,
									lm_monitor_cfg_t *cfg, uint64_t now)
{
	lm_monitor_t *mon;
	uint32_t token;
	uint16_t ident;

	do
	{
		ident = this->next_ident++;
	}
	while (ident == 0 ||
		   this->idents->get(this->idents, (void*)(uintptr_t)ident));
	if (getrandom(&token, sizeof(token), 0) != sizeof(token))
	{
		token = now ^ ident;
	}
	mon = lm_monitor_create(cfg, ident, token, time(NULL), now);
	if (mon)
	{
		this->idents->put(this->idents, (void*)(uintptr_t)ident, mon);
	}
	return mon;
}

/**
 * Create the instance of a template for a CHILD_SA, if there is none.
 */
static void create_instance(private_link_monitor_manager_t *this,
							lm_monitor_cfg_t *tmpl, tunnel_t *t, uint64_t now)
{
	lm_monitor_cfg_t *cfg;
	lm_monitor_t *mon;
	char addr[LM_ADDR_STRLEN], addr2[LM_ADDR_STRLEN];
	int i;

	for (i = 0; i < array_count(this->monitors); i++)
	{
		array_get(this->monitors, i, &mon);
		if (mon->tunnel_id == t->id && streq(mon->tmpl, tmpl->name))
		{
			return;
		}
	}
	if (tmpl->protocol != LM_PROTO_DPD && !t->remote.family)
	{
		DBG1(DBG_CFG, "link-monitor '%s': no address of the peer of "
			 "CHILD_SA %s{%u} to probe", tmpl->name, t->child, t->id);
		return;
	}
	cfg = lm_monitor_cfg_clone(tmpl);
	if (!cfg)
	{
		return;
	}
	free(cfg->name);
	cfg->name = malloc(strlen(tmpl->name) + 16);
	if (!cfg->name)
	{
		lm_monitor_cfg_destroy(cfg);
		return;
	}
	sprintf(cfg->name, "%s[%u]", tmpl->name, t->id);
	cfg->servers[0] = tmpl->protocol == LM_PROTO_DPD ? t->peer : t->remote;
	if (tmpl->protocol != LM_PROTO_DPD && cfg->source.family &&
		cfg->source.family != cfg->servers[0].family)
	{
		DBG1(DBG_CFG, "link-monitor '%s': source %s and the address %s of "
			 "CHILD_SA %s{%u} differ in family, not probing", tmpl->name,
			 lm_addr_fmt(&cfg->source, addr), lm_addr_fmt(&cfg->servers[0],
			 addr2), t->child, t->id);
		lm_monitor_cfg_destroy(cfg);
		return;
	}
	mon = monitor_create(this, cfg, now);
	if (!mon)
	{
		return;
	}
	mon->tmpl = strdup(tmpl->name);
	if (!mon->tmpl)
	{
		monitor_remove(this, mon);
		return;
	}
	array_insert(this->monitors, ARRAY_TAIL, mon);
	DBG1(DBG_CFG, "link-monitor '%s': created for CHILD_SA %s{%u} of %s[%u], "
		 "probing %s", cfg->name, t->child, t->id, t->ike, t->ike_id,
		 lm_addr_fmt(&cfg->servers[0], addr));
	bind_tunnel(this, mon, t, now);
	update_timer(this, mon);
}

/**
 * Find a template by name.
 */
static lm_monitor_cfg_t *find_template(array_t *templates, char *name)
{
	lm_monitor_cfg_t *cfg;
	int i;

	for (i = 0; i < array_count(templates); i++)
	{
		array_get(templates, i, &cfg);
		if (streq(cfg->name, name))
		{
			return cfg;
		}
	}
	return NULL;
}

/**
 * Find a monitor by name and take it out of the array.
 */
static lm_monitor_t *take(array_t *monitors, char *name)
{
	lm_monitor_t *mon;
	int i;

	for (i = 0; i < array_count(monitors); i++)
	{
		array_get(monitors, i, &mon);
		if (streq(mon->cfg->name, name))
		{
			array_remove(monitors, i, NULL);
			return mon;
		}
	}
	return NULL;
}

/**
 * Apply a validated configuration.
 */
static void apply(private_link_monitor_manager_t *this, lm_config_t *config,
				  linked_list_t *tunnels, char *file)
{
	array_t *monitors, *templates, *instances;
	lm_monitor_cfg_t *cfg, *old_cfg;
	lm_monitor_t *mon, *old;
	uint64_t now = link_monitor_now_ns();
	int i, added = 0, changed = 0, replaced = 0, unchanged = 0, removed = 0;
	bool rebind, reevaluate = FALSE;

	this->configured = config->count;
	monitors = array_create(0, config->count);
	templates = array_create(0, 0);
	instances = array_create(0, 0);
	/* instances are judged by their templates below */
	for (i = array_count(this->monitors) - 1; i >= 0; i--)
	{
		array_get(this->monitors, i, &mon);
		if (mon->tmpl)
		{
			array_remove(this->monitors, i, NULL);
			array_insert(instances, ARRAY_TAIL, mon);
		}
	}
	for (i = 0; i < config->count; i++)
	{
		cfg = config->monitors[i];
		config->monitors[i] = NULL;
		if (cfg->remote)
		{
			array_insert(templates, ARRAY_TAIL, cfg);
			continue;
		}
		old = take(this->monitors, cfg->name);
		if (old && lm_monitor_cfg_equals(old->cfg, cfg))
		{
			lm_monitor_cfg_destroy(cfg);
			array_insert(monitors, ARRAY_TAIL, old);
			unchanged++;
			continue;
		}
		if (old && lm_monitor_cfg_probe_equals(old->cfg, cfg))
		{
			rebind = !streq(old->cfg->connection ?: "", cfg->connection ?: "") ||
					 !streq(old->cfg->child ?: "", cfg->child ?: "");
			lm_monitor_set_cfg(old, cfg);
			if (old->fo.backup >= cfg->failover_count ||
				old->fo.previous >= cfg->failover_count)
			{
				/* the backup in use is gone from the configuration */
				init_failover(this, old, tunnels, now);
			}
			if (rebind)
			{
				activate(this, old, tunnels, now);
			}
			array_insert(monitors, ARRAY_TAIL, old);
			DBG1(DBG_CFG, "link-monitor '%s': configuration changed, "
				 "statistics kept", cfg->name);
			changed++;
			reevaluate = TRUE;
			continue;
		}
		if (old)
		{
			monitor_remove(this, old);
			replaced++;
		}
		else
		{
			added++;
		}
		mon = monitor_create(this, cfg, now);
		if (!mon)
		{
			DBG1(DBG_CFG, "link-monitor '%s': out of memory", cfg->name);
			continue;
		}
		array_insert(monitors, ARRAY_TAIL, mon);
		init_failover(this, mon, tunnels, now);
		activate(this, mon, tunnels, now);
		queue_routes(this, mon->cfg);
	}
	while (array_remove(this->monitors, ARRAY_HEAD, &old))
	{
		DBG1(DBG_CFG, "link-monitor '%s': removed", old->cfg->name);
		/* the job finds the monitor gone and removes its routes */
		queue_routes(this, old->cfg);
		monitor_remove(this, old);
		removed++;
	}
	array_destroy(this->monitors);
	this->monitors = monitors;

	/* instances of unchanged templates stay, with their statistics */
	while (array_remove(instances, ARRAY_HEAD, &mon))
	{
		old_cfg = find_template(this->templates, mon->tmpl);
		cfg = find_template(templates, mon->tmpl);
		if (old_cfg && cfg && lm_monitor_cfg_equals(old_cfg, cfg))
		{
			array_insert(this->monitors, ARRAY_TAIL, mon);
		}
		else
		{
			DBG1(DBG_CFG, "link-monitor '%s': removed with its template",
				 mon->cfg->name);
			monitor_remove(this, mon);
		}
	}
	array_destroy(instances);
	array_destroy_function(this->templates, (void*)lm_monitor_cfg_destroy,
						   NULL);
	this->templates = templates;
	for (i = 0; i < array_count(templates); i++)
	{
		enumerator_t *enumerator;
		tunnel_t *t;

		array_get(templates, i, &cfg);
		enumerator = tunnels->create_enumerator(tunnels);
		while (enumerator->enumerate(enumerator, &t))
		{
			if (cfg_binds(cfg, t->ike, t->child))
			{
				create_instance(this, cfg, t, now);
			}
		}
		enumerator->destroy(enumerator);
	}
	ha_update(this, now);
	if (reevaluate)
	{
		/* e.g. sla_action or thresholds changed: act on the new view */
		for (i = 0; i < array_count(monitors); i++)
		{
			array_get(monitors, i, &mon);
			if (update_effective(mon))
			{
				evaluate_failovers(this, mon, now);
			}
			queue_routes(this, mon->cfg);
		}
	}
	reschedule(this);
	DBG1(DBG_CFG, "link-monitor: loaded %d monitors from %s (%d added, "
		 "%d changed, %d reset, %d removed, %d unchanged), %d templates",
		 config->count - array_count(templates), file, added, changed,
		 replaced, removed, unchanged, array_count(templates));
}

METHOD(link_monitor_manager_t, ha_role, lm_msg_result_t,
	private_link_monitor_manager_t *this, char *role, lm_buf_t *buf)
{
	lm_msg_result_t result;

	result = this->ha->set_role(this->ha, role, buf);
	if (result == LM_MSG_OK)
	{
		this->mutex->lock(this->mutex);
		ha_update(this, link_monitor_now_ns());
		reschedule(this);
		this->mutex->unlock(this->mutex);
	}
	return result;
}

METHOD(link_monitor_manager_t, reload, bool,
	private_link_monitor_manager_t *this)
{
	linked_list_t *tunnels;
	lm_config_t *config;
	lm_buf_t why = {};
	char *file;
	int count;

	/* HA's options live in strongswan.conf: they apply whatever the
	 * monitors file holds */
	this->ha->reload(this->ha);
	file = link_monitor_config_file();
	config = link_monitor_config_load(file, &why);
	if (!config)
	{
		this->mutex->lock(this->mutex);
		count = array_count(this->monitors);
		this->mutex->unlock(this->mutex);
		DBG1(DBG_CFG, "link-monitor: configuration in %s rejected, keeping "
			 "the %d running monitors unchanged", file, count);
		if (count)
		{
			this->errors->set(this->errors, "config", "%s; running the %d "
							  "monitors of the last good configuration",
							  lm_buf_str(&why), count);
		}
		else
		{
			this->errors->set(this->errors, "config", "%s; no monitors "
							  "running", lm_buf_str(&why));
		}
		lm_buf_free(&why);
		return FALSE;
	}
	this->errors->clear(this->errors, "config");
	tunnels = collect_tunnels();
	this->mutex->lock(this->mutex);
	apply(this, config, tunnels, file);
	this->mutex->unlock(this->mutex);
	tunnels->destroy_function(tunnels, (void*)tunnel_destroy);
	lm_config_destroy(config);
	/* the parsed tree of thousands of monitors is freed now; hand the heap
	 * it leaves behind back instead of keeping it resident */
	malloc_trim(0);
	return TRUE;
}

METHOD(link_monitor_manager_t, child_updown, void,
	private_link_monitor_manager_t *this, ike_sa_t *ike_sa,
	child_sa_t *child_sa, bool up)
{
	char *ike = ike_sa->get_name(ike_sa), *child = child_sa->get_name(child_sa);
	uint32_t id = child_sa->get_unique_id(child_sa);
	uint64_t now = link_monitor_now_ns();
	lm_monitor_t *mon;
	int i;

	this->mutex->lock(this->mutex);
	if (!up)
	{
		/* the instances of this CHILD_SA go with it */
		for (i = array_count(this->monitors) - 1; i >= 0; i--)
		{
			array_get(this->monitors, i, &mon);
			if (mon->tmpl && mon->tunnel_id == id)
			{
				DBG1(DBG_CFG, "link-monitor '%s': CHILD_SA %s{%u} is gone, "
					 "removing the instance", mon->cfg->name, child, id);
				array_remove(this->monitors, i, NULL);
				monitor_remove(this, mon);
			}
		}
	}
	else
	{
		lm_monitor_cfg_t *tmpl;
		tunnel_t t = {
			.ike = ike,
			.child = child,
		};
		bool info = FALSE;

		for (i = 0; i < array_count(this->templates); i++)
		{
			array_get(this->templates, i, &tmpl);
			if (cfg_binds(tmpl, ike, child))
			{
				if (!info)
				{
					tunnel_info(&t, ike_sa, child_sa);
					info = TRUE;
				}
				create_instance(this, tmpl, &t, now);
			}
		}
	}
	for (i = 0; i < array_count(this->monitors); i++)
	{
		array_get(this->monitors, i, &mon);
		if (mon->tmpl || !cfg_binds(mon->cfg, ike, child))
		{
			continue;
		}
		if (up && !mon->active)
		{
			tunnel_t t = {
				.ike = ike,
				.child = child,
			};

			tunnel_info(&t, ike_sa, child_sa);
			bind_tunnel(this, mon, &t, now);
			update_timer(this, mon);
		}
		else if (!up && mon->active && mon->tunnel_id == id)
		{
			DBG1(DBG_CFG, "link-monitor '%s': CHILD_SA %s{%u} of %s[%u] is "
				 "gone, not probing", mon->cfg->name, child, id, ike,
				 ike_sa->get_unique_id(ike_sa));
			mon->tunnel_id = 0;
			mon->ike_id = 0;
			changed(this, mon, lm_monitor_set_active(mon, FALSE, now), now);
			update_timer(this, mon);
		}
	}
	for (i = 0; i < array_count(this->monitors); i++)
	{
		bool dead[LM_MAX_PATHS];
		lm_fo_out_t out = {};

		array_get(this->monitors, i, &mon);
		if (mon->cfg->failover_count)
		{
			backup_states(this, mon, dead);
			lm_failover_child(&mon->fo, mon->cfg, ike, child, up, dead, now,
							  &out);
			process(this, mon, &out);
		}
	}
	reschedule(this);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_manager_t, child_rekey, void,
	private_link_monitor_manager_t *this, ike_sa_t *ike_sa, child_sa_t *old,
	child_sa_t *new)
{
	uint32_t id = old->get_unique_id(old);
	lm_monitor_t *mon;
	int i;

	this->mutex->lock(this->mutex);
	for (i = 0; i < array_count(this->monitors); i++)
	{
		array_get(this->monitors, i, &mon);
		if (mon->active && mon->tunnel_id == id)
		{
			mon->tunnel_id = new->get_unique_id(new);
			lm_monitor_set_tunnel(mon, new->get_name(new), mon->tunnel_id);
		}
	}
	this->mutex->unlock(this->mutex);
}

/**
 * What a status request renders.
 */
typedef struct {
	/** the manager */
	private_link_monitor_manager_t *this;
	/** the monitor asked for, NULL for all */
	char *name;
} status_ctx_t;

/**
 * Add the routes of a monitor to its status: text lines, or a "routes"
 * member.
 */
static void status_routes(status_ctx_t *ctx, lm_buf_t *buf, lm_json_t *json,
						  const lm_monitor_t *mon)
{
	private_link_monitor_manager_t *this = ctx->this;
	link_monitor_route_state_t *routes = NULL;
	char route[256];
	int i, count = 0;

	if (!this->routes)
	{
		return;
	}
	/* most monitors own no route: spare them the route owner's lock */
	if (mon->cfg->route_count || mon->cfg->gateway.family)
	{
		count = this->routes->get_routes(this->routes, mon->cfg->name,
										 &routes);
	}
	if (json)
	{
		lm_json_array(json, "routes");
	}
	for (i = 0; i < count; i++)
	{
		lm_route_fmt(&routes[i].route, route, sizeof(route));
		if (json)
		{
			lm_json_object(json, NULL);
			lm_json_str(json, "route", route);
			lm_json_bool(json, "installed", routes[i].installed);
			lm_json_str(json, "error", routes[i].error ?
						strerror(routes[i].error) : NULL);
			lm_json_end(json);
		}
		else
		{
			lm_buf_printf(buf, "Route: %s proto %d, %s%s%s\n", route,
						  LM_RTPROT, routes[i].installed ? "installed" :
						  "not installed",
						  routes[i].error ? ": " : "",
						  routes[i].error ? strerror(routes[i].error) : "");
		}
	}
	if (json)
	{
		lm_json_end(json);
	}
	free(routes);
}

/**
 * Add the errors and, for the whole status, the scheduler's and HA's members
 * to the JSON status.
 */
static void status_top(status_ctx_t *ctx, lm_json_t *json)
{
	private_link_monitor_manager_t *this = ctx->this;

	this->errors->status(this->errors, NULL, json);
	if (ctx->name)
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
	this->ha->status(this->ha, NULL, json, link_monitor_now_ns());
}

METHOD(link_monitor_manager_t, status, lm_msg_result_t,
	private_link_monitor_manager_t *this, lm_buf_t *buf, char *name, bool json)
{
	status_ctx_t ctx = {
		.this = this,
		.name = name,
	};
	lm_status_extra_t extra = {
		.monitor = (void*)status_routes,
		.top = (void*)status_top,
		.data = &ctx,
	};
	lm_monitor_t **mons, *mon;
	uint64_t errors = 0;
	int i, count = 0;

	this->mutex->lock(this->mutex);
	mons = calloc(array_count(this->monitors) + 1, sizeof(*mons));
	for (i = 0; i < array_count(this->monitors); i++)
	{
		array_get(this->monitors, i, &mon);
		if (!name || streq(mon->cfg->name, name))
		{
			mons[count++] = mon;
		}
	}
	if (name && !count)
	{
		this->mutex->unlock(this->mutex);
		free(mons);
		lm_buf_printf(buf, "link-monitor '%s' not found\n", name);
		return LM_MSG_NOT_FOUND;
	}
	/* the errors first in the text, where nobody misses them */
	errors = this->errors->status(this->errors, json ? NULL : buf, NULL);
	if (!json && !name)
	{
		this->ha->status(this->ha, buf, NULL, link_monitor_now_ns());
	}
	lm_status_render(buf, mons, count, json, link_monitor_now_ns(), &extra);
	this->mutex->unlock(this->mutex);
	free(mons);
	return errors ? LM_MSG_DEGRADED : LM_MSG_OK;
}

METHOD(link_monitor_manager_t, destroy, void,
	private_link_monitor_manager_t *this)
{
	lm_monitor_t *mon;

	/* stop receiving first, callbacks use the monitors */
	this->io->destroy(this->io);
	this->prober->destroy(this->prober);
	this->dpd->destroy(this->dpd);
	this->actions->destroy(this->actions);
	this->updown->destroy(this->updown);
	/* removes every route of ours and restores cascade links */
	DESTROY_IF(this->routes);
	this->routes_mutex->destroy(this->routes_mutex);
	this->ha->destroy(this->ha);
	while (array_remove(this->monitors, ARRAY_HEAD, &mon))
	{
		monitor_remove(this, mon);
	}
	array_destroy(this->monitors);
	array_destroy_function(this->templates, (void*)lm_monitor_cfg_destroy,
						   NULL);
	this->idents->destroy(this->idents);
	lm_heap_free(&this->heap);
	this->mutex->destroy(this->mutex);
	this->errors->destroy(this->errors);
	free(this);
}

/*
 * Described in header
 */
link_monitor_manager_t *link_monitor_manager_create(
										link_monitor_errors_t *errors)
{
	private_link_monitor_manager_t *this;

	INIT(this,
		.public = {
			.status = _status,
			.child_updown = _child_updown,
			.child_rekey = _child_rekey,
			.ha_role = _ha_role,
			.reload = _reload,
			.destroy = _destroy,
		},
		.monitors = array_create(0, 0),
		.templates = array_create(0, 0),
		.idents = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 64),
		.errors = errors->get_ref(errors),
		.scheduled_ns = UINT64_MAX,
		.actions = link_monitor_actions_create(),
		.updown = link_monitor_updown_create(errors),
		.routes_mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.ha = link_monitor_ha_create(errors),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);

	if (getrandom(&this->next_ident, sizeof(this->next_ident), 0) !=
		sizeof(this->next_ident))
	{
		this->next_ident = getpid();
	}
	this->dpd = link_monitor_dpd_create((void*)on_reply, this);
	/* also removes stale routes of ours left by a crashed run */
	this->routes = link_monitor_routes_create();
	if (!this->routes)
	{
		DBG1(DBG_CFG, "link-monitor: no netlink socket, route actions are "
			 "disabled");
	}
	this->io = link_monitor_io_create((void*)tick, this);
	this->prober = this->io ? link_monitor_prober_create(this->io,
											(void*)on_reply, this) : NULL;
	if (!this->prober || !this->io->start(this->io))
	{
		DBG1(DBG_CFG, "link-monitor: no probe socket could be opened");
		DESTROY_IF(this->io);
		DESTROY_IF(this->prober);
		this->dpd->destroy(this->dpd);
		this->actions->destroy(this->actions);
		this->updown->destroy(this->updown);
		DESTROY_IF(this->routes);
		this->routes_mutex->destroy(this->routes_mutex);
		this->ha->destroy(this->ha);
		array_destroy(this->monitors);
		array_destroy(this->templates);
		this->idents->destroy(this->idents);
		this->mutex->destroy(this->mutex);
		this->errors->destroy(this->errors);
		free(this);
		return NULL;
	}
	reload(this);
	return &this->public;
}
