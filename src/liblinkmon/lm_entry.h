/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_entry lm_entry
 * @{ @ingroup liblinkmon
 *
 * The decision core's record of one monitor: the monitor (probes,
 * statistics, state) and what the core keeps around it: the tunnel it is
 * bound to, on_idle counters, the %remote template it is an instance of,
 * the state actions last acted on, the failover path state and its place in
 * the timer heap.
 */

#ifndef LM_ENTRY_H_
#define LM_ENTRY_H_

#include "lm_failover.h"
#include "lm_heap.h"
#include "lm_monitor.h"
#include "lm_out.h"

typedef struct lm_entry_t lm_entry_t;

/**
 * A monitor in the decision core.
 */
struct lm_entry_t {
	/** the monitor */
	lm_monitor_t *mon;
	/** name of the %remote template this is an instance of, NULL if it is
	 *  not an instance (allocated) */
	char *tmpl;
	/** unique id of the CHILD_SA probed through, 0 if none */
	uint32_t tunnel_id;
	/** unique id of its IKE_SA, 0 if none */
	uint32_t ike_id;
	/** of an instance: the remote traffic selectors of its CHILD_SA, for
	 *  %remote_ts routes (allocated, NULL if none) */
	lm_prefix_t *remote_ts;
	/** number of them */
	int nremote_ts;
	/** of an instance: its peer's tunnel address, for %remote routes;
	 *  family 0 if none */
	lm_addr_t remote;
	/** on_idle: a traffic check is in flight */
	bool idle_pending;
	/** on_idle: inbound packets of the CHILD_SA at the last check */
	uint64_t idle_packets;
	/** on_idle: replies received at the last check (our own traffic) */
	uint64_t idle_replies;
	/** errno of the last failed send, 0 after a successful one */
	int last_error;
	/** in init, waiting for its interface to exist: rounds pass without
	 *  probes or results */
	bool waiting;
	/** protocol bfd: its sessions were asked to run (lm_out_session()) */
	bool sessions;
	/** protocol bfd: generation of its sessions, new ones each time they
	 *  start */
	uint32_t session_gen;
	/** effective state actions last acted on: INIT until the first
	 *  verdict, then never INIT again (a monitor back in init keeps its
	 *  last verdict's actions) */
	lm_state_t effective;
	/** failover path state, if the monitor has backups */
	lm_failover_t fo;
	/** position in the timer heap */
	lm_heap_entry_t timer;
};

/**
 * Create an entry with a new monitor.
 *
 * @param cfg		configuration, ownership is taken (destroyed on failure)
 * @param ident		ICMP identifier
 * @param token		payload token
 * @param created	wall clock time
 * @param now_ns	monotonic time
 * @return			entry, NULL on allocation failure
 */
lm_entry_t *lm_entry_create(lm_monitor_cfg_t *cfg, uint16_t ident,
							uint32_t token, time_t created, uint64_t now_ns);

/**
 * Entry embedding a heap entry.
 */
lm_entry_t *lm_entry_from_timer(lm_heap_entry_t *timer);

/**
 * Does the monitor own routes, rules or links, and so want them updated?
 */
bool lm_entry_has_routes(const lm_entry_t *entry);

/**
 * Add the routes, rules and down links the monitor wants in its effective
 * state: its routes in their alive form before its first verdict and while
 * alive, with dead_metric (or none) while dead; its rules before its first
 * verdict and while alive, none while dead; host routes to the servers via
 * a WAN gateway always; cascade links down while dead. The routes of an
 * instance go to its tunnel: one per remote traffic selector prefix for
 * %remote_ts, a host route for %remote; a destination of another family
 * than the route's gateway is left out.
 *
 * @return			the want added to out, NULL if out of memory
 */
const lm_want_t *lm_entry_want(const lm_entry_t *entry, lm_out_t *out);

/**
 * Add an empty want of a monitor that owns routes or links, so they go
 * (it is removed, or its configuration replaced).
 */
void lm_entry_unwant(const lm_entry_t *entry, lm_out_t *out);

/**
 * Keep what the routes of an instance take from its tunnel, and log the
 * destinations they leave out (of another family than the gateway, no
 * address, more than LM_WANT_ROUTES).
 *
 * @param ts		remote traffic selectors of the CHILD_SA, as prefixes
 * @param count		number of them
 * @param remote	the peer's tunnel address, family 0 if none
 * @return			FALSE on allocation failure
 */
bool lm_entry_set_tunnel(lm_entry_t *entry, const lm_prefix_t *ts, int count,
						 const lm_addr_t *remote, lm_out_t *out);

/**
 * Add the monitor's updown hook for an event, if it has one.
 *
 * @param event		LM_UPDOWN_EVENT_STATE or LM_UPDOWN_EVENT_ACTION
 * @param old		state before the event
 * @param action	the action taken, NULL for none
 */
void lm_entry_hook(const lm_entry_t *entry, lm_out_t *out, const char *event,
				   lm_state_t old, const char *action);

/**
 * Is the tunnel connection/child the one a configuration probes through?
 */
bool lm_entry_cfg_binds(const lm_monitor_cfg_t *cfg, const char *ike,
						const char *child);

/**
 * Destroy an entry and its monitor.
 */
void lm_entry_destroy(lm_entry_t *entry);

#endif /** LM_ENTRY_H_ @}*/
