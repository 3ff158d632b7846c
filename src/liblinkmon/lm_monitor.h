/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_monitor lm_monitor
 * @{ @ingroup liblinkmon
 *
 * One monitor's runtime: probe schedule, outstanding probes, per-server
 * statistics and state, and the monitor's aggregate state. No I/O: the
 * caller sends probes and reports replies; all times are CLOCK_MONOTONIC
 * nanoseconds passed in.
 */

#ifndef LM_MONITOR_H_
#define LM_MONITOR_H_

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "lm_bfd_session.h"
#include "lm_config.h"
#include "lm_fsm.h"
#include "lm_history.h"
#include "lm_stats.h"

typedef struct lm_pending_t lm_pending_t;

/**
 * An outstanding probe.
 */
struct lm_pending_t {
	/** sequence number */
	uint16_t seq;
	/** slot in use */
	bool used;
	/** send time, monotonic ns */
	uint64_t sent_ns;
	/** send time, CLOCK_REALTIME ns, to compare with kernel timestamps */
	uint64_t sent_real_ns;
	/** reply deadline, monotonic ns */
	uint64_t deadline_ns;
};

typedef struct lm_server_t lm_server_t;

/**
 * A probed server.
 */
struct lm_server_t {
	/** address */
	lm_addr_t addr;
	/** state machine */
	lm_fsm_t fsm;
	/** SLA state machine: alive = pass, dead = fail */
	lm_fsm_t sla;
	/** recent results */
	lm_window_t window;
	/** probes sent */
	uint64_t sent;
	/** replies received in time */
	uint64_t received;
	/** late, duplicate or reordered replies */
	uint64_t out_of_sequence;
	/** next sequence number to send */
	uint16_t seq_next;
	/** highest sequence number received (serial arithmetic) */
	uint16_t seq_rcvd;
	/** sequence number expected next */
	uint16_t seq_exp;
	/** outstanding probes, a ring */
	lm_pending_t *pending;
	/** size of the ring */
	uint32_t npending;
	/** protocol bfd: the session as last reported, NULL before a report
	 *  (allocated) */
	lm_bfd_info_t *bfd;
};

/**
 * A change of a monitor's aggregate state.
 */
typedef struct {
	/** the state changed */
	bool changed;
	/** this is the first determined state */
	bool initial;
	/** previous state */
	lm_state_t from;
	/** new state */
	lm_state_t to;
	/** the SLA state changed */
	bool sla_changed;
	/** previous SLA state (alive = pass, dead = fail) */
	lm_state_t sla_from;
	/** new SLA state */
	lm_state_t sla_to;
	/** the secondary servers started or stopped being probed */
	bool secondary_changed;
	/** the secondary servers are probed (every primary is dead) */
	bool secondary;
} lm_change_t;

typedef struct lm_monitor_t lm_monitor_t;

/**
 * A monitor.
 */
struct lm_monitor_t {
	/** configuration, owned */
	lm_monitor_cfg_t *cfg;
	/** servers, cfg->server_count */
	lm_server_t *servers;
	/** aggregate state */
	lm_state_t state;
	/** aggregate SLA state: init, alive (pass) or dead (fail) */
	lm_state_t sla_state;
	/** why the SLA fails, NULL while it passes (allocated) */
	char *sla_reason;
	/** the state was alive since the monitor (re)started */
	bool ever_alive;
	/** the state was determined (alive or dead) at some point */
	bool determined;
	/** probing allowed (tunnel installed, or no tunnel bound) */
	bool active;
	/** every primary is dead: the secondary servers are probed, and the
	 *  state follows them */
	bool secondary;
	/** number of state changes */
	uint64_t transitions;
	/** monotonic ns of the last state change (or creation) */
	uint64_t state_since_ns;
	/** wall clock creation time */
	time_t created;
	/** next probe, monotonic ns; valid while active and enabled */
	uint64_t next_send_ns;
	/** ICMP identifier */
	uint16_t ident;
	/** token in probe payloads */
	uint32_t token;
	/** tunnel description for status, e.g. "dc{3}", NULL if none
	 *  (allocated, lm_monitor_set_tunnel()) */
	char *tunnel;
	/** on_idle: probe rounds not sent because traffic arrived */
	uint64_t saved;
	/** reason of the last failed probe, NULL after a good one (allocated,
	 *  lm_monitor_note_failure()) */
	char *last_reason;
	/** aggregates over time, NULL if none (owned) */
	lm_history_t *history;
};

/**
 * Create a monitor, inactive until lm_monitor_set_active().
 *
 * @param cfg		configuration, ownership is taken (destroyed on failure)
 * @param ident		ICMP identifier
 * @param token		payload token
 * @param created	wall clock time
 * @param now_ns	monotonic time
 * @return			monitor, NULL on allocation failure
 */
lm_monitor_t *lm_monitor_create(lm_monitor_cfg_t *cfg, uint16_t ident,
								uint32_t token, time_t created,
								uint64_t now_ns);

/**
 * Replace the configuration by one with equal probe settings
 * (lm_monitor_cfg_probe_equals()), keeping statistics and state.
 *
 * @param cfg		new configuration, ownership is taken
 */
void lm_monitor_set_cfg(lm_monitor_t *mon, lm_monitor_cfg_t *cfg);

/**
 * Allow or stop probing. Stopping drops outstanding probes; a monitor that
 * was alive since it started becomes dead, otherwise stays init. Starting
 * (the monitor is new, or its tunnel was (re-)created) schedules a probe
 * right away and puts the monitor and its servers back to init: no verdict
 * until failtime consecutive failures or recoverytime consecutive successes.
 */
lm_change_t lm_monitor_set_active(lm_monitor_t *mon, bool active,
								  uint64_t now_ns);

/**
 * Set the description of the tunnel probed through, "CHILD{ID}".
 *
 * @param child		CHILD_SA name
 * @param id		its unique id
 * @return			FALSE on allocation failure (the description is cleared)
 */
bool lm_monitor_set_tunnel(lm_monitor_t *mon, const char *child, uint32_t id);

/**
 * Remember why the last probe failed, to log a reason only when it changes.
 *
 * @param reason	reason of a failed probe, NULL after a good one
 * @return			TRUE if reason differs from the previous one
 */
bool lm_monitor_note_failure(lm_monitor_t *mon, const char *reason);

/**
 * Check whether a probe round is due; never for protocol bfd, whose
 * sessions run on their own.
 */
bool lm_monitor_due(const lm_monitor_t *mon, uint64_t now_ns);

/**
 * Record a probe sent to a server.
 *
 * @param server	server index
 * @param now_ns	monotonic send time
 * @param real_ns	CLOCK_REALTIME send time
 * @return			sequence number of the probe
 */
uint16_t lm_monitor_sent(lm_monitor_t *mon, int server, uint64_t now_ns,
						 uint64_t real_ns);

/**
 * Advance the schedule after a probe round: next_send_ns moves by whole
 * intervals (no drift), skipping rounds missed entirely.
 */
void lm_monitor_advance(lm_monitor_t *mon, uint64_t now_ns);

/**
 * Look up a probe's send time for RTT computation.
 *
 * @return			TRUE if the probe is outstanding
 */
bool lm_monitor_pending(lm_monitor_t *mon, int server, uint16_t seq,
						uint64_t *sent_ns, uint64_t *sent_real_ns);

/**
 * Record a reply.
 *
 * A reply to an outstanding probe counts as received with the given RTT; if
 * it is older than a reply already received (reordered) it also counts as
 * out-of-sequence; a reply to a probe no longer outstanding (late, or a
 * duplicate) only counts as out-of-sequence. Gaps left by lost probes are
 * loss, not out-of-sequence.
 *
 * @param server	server index
 * @param seq		sequence number
 * @param rtt_ns	round trip time
 * @return			aggregate state change
 */
lm_change_t lm_monitor_reply(lm_monitor_t *mon, int server, uint16_t seq,
							 uint64_t rtt_ns);

/**
 * Count a probe round as successful without sending it (on_idle: traffic
 * arrived on the tunnel). The state machines see a success; latency, jitter
 * and loss are not touched, as nothing was measured.
 */
lm_change_t lm_monitor_idle_success(lm_monitor_t *mon, uint64_t now_ns);

/**
 * Record a failed probe (e.g. refused connection) before its deadline.
 */
lm_change_t lm_monitor_fail(lm_monitor_t *mon, int server, uint16_t seq);

/**
 * A BFD session's verdict on a server: its state set as the session says,
 * without failtime or recoverytime (the session's detection time and hold
 * stand for them).
 *
 * @param server	server index
 * @param up		the session is up, else down
 * @return			aggregate state change
 */
lm_change_t lm_monitor_session(lm_monitor_t *mon, int server, bool up,
							   uint64_t now_ns);

/**
 * Expire outstanding probes whose deadline passed, as lost.
 */
lm_change_t lm_monitor_expire(lm_monitor_t *mon, uint64_t now_ns);

/**
 * Earliest time something is to be done: the next probe round or the
 * earliest deadline. UINT64_MAX if nothing.
 */
uint64_t lm_monitor_next_event(const lm_monitor_t *mon);

/**
 * The state actions follow: dead if the monitor is dead, or if its SLA
 * fails and sla_action is set; otherwise the monitor's state. INIT while the
 * monitor is in init, whatever its SLA: no verdict yet, so nothing to act on.
 */
lm_state_t lm_monitor_effective(const lm_monitor_t *mon);

/**
 * Evaluate SLA thresholds over a window summary.
 *
 * @param reason	receives why it fails, "" if it passes
 * @return			TRUE if every configured threshold is met
 */
bool lm_monitor_sla_check(const lm_monitor_cfg_t *cfg, const lm_summary_t *s,
						  char *reason, size_t len);

/**
 * Is a server probed: a primary always, a secondary while every primary is
 * dead?
 */
bool lm_monitor_probed(const lm_monitor_t *mon, int server);

/**
 * Summed weight of the dead primaries.
 */
uint32_t lm_monitor_dead_weight(const lm_monitor_t *mon);

/**
 * Probe a server at another address (a %gateway server's new gateway):
 * its outstanding probes are dropped, its state stays.
 *
 * @return			TRUE if the address changed
 */
bool lm_monitor_set_server(lm_monitor_t *mon, int server,
						   const lm_addr_t *addr);

/**
 * Find a server by address.
 *
 * @return			index, -1 if not found
 */
int lm_monitor_find_server(const lm_monitor_t *mon, const lm_addr_t *addr);

/**
 * Take over the history of a monitor this one replaces, if it probes the
 * same servers (in the same order); the old monitor keeps none.
 */
void lm_monitor_take_history(lm_monitor_t *mon, lm_monitor_t *old);

/**
 * Give a monitor that keeps none yet its history, noting its states now.
 *
 * @param history	history (owned by the monitor from now on)
 * @param now_ns	monotonic time
 */
void lm_monitor_set_history(lm_monitor_t *mon, lm_history_t *history,
							uint64_t now_ns);

/**
 * Destroy a monitor and its configuration.
 */
void lm_monitor_destroy(lm_monitor_t *mon);

#endif /** LM_MONITOR_H_ @}*/
