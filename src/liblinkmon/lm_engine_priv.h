/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_engine_priv lm_engine_priv
 * @{ @ingroup lm_engine
 *
 * The decision core's state, shared by its four parts: lm_engine.c (events,
 * the timer, probes and replies), lm_react.c (what a changed state leads
 * to: hooks, failover, routes, HA, dead actions), lm_bind.c (tunnels,
 * %remote instances, reloads) and lm_sessions.c (BFD sessions: which to
 * run, what their reports mean). Not for users of the engine.
 */

#ifndef LM_ENGINE_PRIV_H_
#define LM_ENGINE_PRIV_H_

#include "lm_engine.h"
#include "lm_entry.h"
#include "lm_hist.h"

/**
 * Time a CHILD_SA gets before its first probe: as responder we see it
 * installed before the initiator has installed its side, and a first probe
 * lost to that race would count as a failure.
 */
#define LM_TUNNEL_SETTLE_NS (250ULL * 1000000ULL)

/**
 * Monitors loaded together start in slots of their interval, about this many
 * per slot, at least LM_MIN_SLOTS and at most one slot per millisecond. One
 * wake-up serves a slot: few per slot keep the send time drift of a burst
 * low, many keep the per-probe cost of the wake-ups low (see
 * docs/benchmarks.md).
 */
#define LM_MONITORS_PER_SLOT 100
#define LM_MIN_SLOTS 10

/** number of ICMP identifiers */
#define LM_IDENTS 65536

struct lm_engine_t {
	/** monitors in configuration order, then instances */
	lm_entry_t **entries;
	/** number of entries */
	int count;
	/** allocated entries */
	int cap;
	/** %remote templates */
	lm_monitor_cfg_t **templates;
	/** number of templates */
	int ntemplates;
	/** entries by ICMP identifier */
	lm_entry_t **idents;
	/** entries removed in the current step, destroyed at the next one:
	 *  the output may point into them */
	lm_entry_t **removed;
	/** number of removed entries */
	int nremoved;
	/** allocated removed entries */
	int removed_cap;
	/** entries with backups (failover), in order; rebuilt when stale */
	lm_entry_t **failovers;
	/** number of entries with backups */
	int nfailovers;
	/** entries were added or removed since failovers was built */
	bool failovers_stale;
	/** timer heap of all entries with something to do */
	lm_heap_t heap;
	/** send-time drift of probe rounds (actual - scheduled), us */
	lm_hist_t drift;
	/** replies whose RTT started at the kernel's transmit timestamp, and
	 *  those that fell back to the send time taken in user space */
	uint64_t tx_kernel, tx_fallback;
	/** next ICMP identifier to try */
	uint16_t next_ident;
	/** state of the token generator */
	uint64_t rng;
	/** number of monitors in the configuration applied last */
	int configured;
	/** the HA penalty is configured */
	bool ha_enabled;
	/** its configuration */
	lm_ha_cfg_t ha_cfg;
	/** its state */
	lm_ha_t ha;
	/** role keepalived reported */
	lm_ha_role_t role;
	/** sizes of the monitors' histories */
	lm_history_cfg_t history;
	/** CLOCK_REALTIME minus CLOCK_MONOTONIC for every history, ns; 0 until
	 *  the first monitor */
	int64_t wall_offset;
};

/* lm_engine.c */

/**
 * Put an entry at its next event in the heap, or take it out.
 */
void lm_engine_update_timer(lm_engine_t *this, lm_entry_t *entry,
							lm_out_t *out);

/**
 * Give a monitor its history when it starts probing, if histories are kept
 * and it has none yet.
 */
void lm_engine_keep_history(lm_engine_t *this, lm_entry_t *entry,
							uint64_t now);

/**
 * Start a probe round: probes to send, or a traffic check first (on_idle).
 */
void lm_engine_start_round(lm_engine_t *this, lm_entry_t *entry,
						   uint64_t now, lm_out_t *out);

/**
 * Create an entry with a free ICMP identifier and a new token, not yet in
 * the list of entries.
 *
 * @return			entry, NULL on allocation failure (cfg is destroyed)
 */
lm_entry_t *lm_engine_new_entry(lm_engine_t *this, lm_monitor_cfg_t *cfg,
								const lm_event_t *event);

/**
 * Append an entry to the list.
 *
 * @return			FALSE on allocation failure (the entry is removed)
 */
bool lm_engine_append(lm_engine_t *this, lm_entry_t *entry);

/**
 * Take an entry out of the heap and index; it is destroyed at the next step.
 */
void lm_engine_remove(lm_engine_t *this, lm_entry_t *entry);

/**
 * First slot boundary at or after a time: monitors of an interval started
 * at different times share the boundaries, and so the wake-ups.
 */
uint64_t lm_engine_slot_start(lm_engine_t *this, lm_entry_t *entry,
							  uint64_t at);

/**
 * Width of the slots of an entry's interval, in ns.
 */
uint64_t lm_engine_slot_width(lm_engine_t *this, lm_entry_t *entry);

/* lm_react.c */

/**
 * Log a change of a monitor's state and act on it: the state hook, and if
 * the effective state changed failover, routes, HA and the dead action.
 */
void lm_react_changed(lm_engine_t *this, lm_entry_t *entry,
					  lm_change_t change, uint64_t now, lm_out_t *out);

/**
 * Bring the state actions follow to the monitor's verdict and act on it if
 * it changed (after a configuration change of e.g. sla_action).
 */
void lm_react_reevaluate(lm_engine_t *this, lm_entry_t *entry, uint64_t now,
						 lm_out_t *out);

/**
 * Which backups of an entry are known dead by their own monitors.
 */
void lm_react_backups(lm_engine_t *this, lm_entry_t *entry, bool *dead);

/**
 * Carry what the failover logic decided into the output.
 */
void lm_react_failover(lm_engine_t *this, lm_entry_t *entry,
					   lm_fo_out_t *fo, uint64_t now, lm_out_t *out);

/**
 * Tell the failover logic of every monitor about a CHILD_SA installed or
 * gone.
 */
void lm_react_tunnel(lm_engine_t *this, const lm_tunnel_t *t, bool up,
					 uint64_t now, lm_out_t *out);

/**
 * Feed the monitors' states to the HA logic.
 */
void lm_react_ha(lm_engine_t *this, uint64_t now, lm_out_t *out);

/**
 * Carry what the HA logic decided into the output.
 */
void lm_react_ha_out(lm_ha_out_t *ha, uint64_t now, lm_out_t *out);

/* lm_bind.c */

/**
 * A CHILD_SA was installed: bind monitors, create instances, tell the
 * failover logic.
 */
void lm_bind_up(lm_engine_t *this, const lm_event_t *event, lm_out_t *out);

/**
 * A CHILD_SA went away: unbind monitors, remove its instances, tell the
 * failover logic.
 */
void lm_bind_down(lm_engine_t *this, const lm_event_t *event, lm_out_t *out);

/**
 * A CHILD_SA was rekeyed: its monitors follow the new one.
 */
void lm_bind_rekey(lm_engine_t *this, uint32_t old_id, uint32_t new_id,
				   const char *child);

/**
 * Apply a new configuration.
 */
void lm_bind_reload(lm_engine_t *this, const lm_event_t *event,
					lm_out_t *out);

/* lm_sessions.c */

/**
 * What lm_sessions_want() asks for running sessions.
 */
typedef enum {
	/** nothing: only a start or stop is asked for */
	LM_SESSIONS_SYNC,
	/** the configuration changed: new parameters */
	LM_SESSIONS_UPDATE,
	/** the monitor started over: new sessions */
	LM_SESSIONS_RESTART,
} lm_sessions_how_t;

/**
 * Ask for a BFD monitor's sessions to run while it is active and enabled,
 * to stop otherwise, if that changed, and for running ones as how says.
 * Nothing for other protocols.
 */
void lm_sessions_want(lm_engine_t *this, lm_entry_t *entry,
					  lm_sessions_how_t how, lm_out_t *out);

/**
 * Stop the sessions of the monitors removed in this step, telling the peers
 * (AdminDown): a reload removed or replaced them, their paths may be up.
 */
void lm_sessions_removed(lm_engine_t *this, lm_out_t *out);

/**
 * A BFD session's report: kept for status, logged, and its verdict sets
 * the server's state.
 */
void lm_sessions_report(lm_engine_t *this, const lm_bfd_report_t *report,
						uint64_t now, lm_out_t *out);

#endif /** LM_ENGINE_PRIV_H_ @}*/
