/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_out lm_out
 * @{ @ingroup liblinkmon
 *
 * Everything one step of the decision core (lm_engine) wants done, as data:
 * log lines, probes to send, traffic checks, the BFD sessions to run or
 * stop, commands for charon's controller, the routes, rules and links
 * monitors want, hooks to run and the HA track file value. The caller
 * carries them out in order; pointers into the engine (monitors, names,
 * connection names) stay valid until the engine's next step.
 */

#ifndef LM_OUT_H_
#define LM_OUT_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_failover.h"
#include "lm_route.h"
#include "lm_rule.h"

typedef struct lm_monitor_t lm_monitor_t;

/** longest log line, with the terminating NUL */
#define LM_LOG_LEN 384

/**
 * strongSwan's log groups a line belongs to.
 */
typedef enum {
	/** configuration and monitor state */
	LM_LOG_CFG,
	/** IKE_SA actions */
	LM_LOG_IKE,
	/** CHILD_SA actions */
	LM_LOG_CHD,
	/** routes and links */
	LM_LOG_KNL,
} lm_log_group_t;

/**
 * A log line.
 */
typedef struct {
	/** group */
	lm_log_group_t group;
	/** level, 1 to 4 */
	int level;
	/** text */
	char msg[LM_LOG_LEN];
} lm_log_t;

/**
 * A probe to send now. The caller sends it and reports the outcome with
 * the fields below in an LM_EV_SENT event of the same batch.
 */
typedef struct {
	/** monitor */
	lm_monitor_t *mon;
	/** server index */
	int server;
	/** sequence number to send */
	uint16_t seq;
	/** IKE_SA unique id of the monitor's tunnel, 0 if none (dpd) */
	uint32_t ike_id;
	/** outcome, set by the caller: 0 or an errno value */
	int err;
	/** send time, CLOCK_MONOTONIC ns, set by the caller */
	uint64_t mono_ns;
	/** send time, CLOCK_REALTIME ns, set by the caller (0 if unknown) */
	uint64_t real_ns;
} lm_probe_t;

/**
 * A traffic check of an on_idle monitor: read the inbound packet counter of
 * a CHILD_SA and report it with an LM_EV_IDLE event.
 */
typedef struct {
	/** monitor identifier */
	uint16_t ident;
	/** monitor token, to recognize the same monitor */
	uint32_t token;
	/** IKE_SA unique id */
	uint32_t ike_id;
	/** CHILD_SA unique id */
	uint32_t child_id;
} lm_idle_t;

/**
 * The BFD sessions of a monitor (one with each server) to run with its
 * current configuration, or to stop; replaces what was asked for the
 * monitor before.
 */
typedef struct {
	/** the monitor, its configuration and servers (valid until the next
	 *  step, also when stopping) */
	const lm_monitor_t *mon;
	/** monitor identifier and token, to tell monitors apart */
	uint16_t ident;
	uint32_t token;
	/** generation of the sessions: running sessions of another are
	 *  replaced by new ones (the monitor started over), reports carry it */
	uint32_t gen;
	/** run the sessions (start them, or update their parameters), else
	 *  stop them */
	bool run;
	/** when stopping: the path may still be there, tell the peers with
	 *  AdminDown (the monitor was removed or replaced), else stop at once
	 *  (its tunnel is gone) */
	bool admin_down;
} lm_session_t;

/**
 * Commands of one monitor for charon's controller, to run in order.
 */
typedef struct {
	/** monitor name */
	const char *monitor;
	/** commands */
	lm_cmd_t cmds[LM_FO_MAX_CMDS];
	/** number of commands */
	int count;
} lm_cmds_t;

/** most routes one monitor wants: its routes (an instance's expanded to
 *  the prefixes of its tunnel) and host routes to its servers */
#define LM_WANT_ROUTES (LM_MAX_ROUTES + LM_MAX_SERVERS)

/**
 * Routes, rules and down links a monitor wants; replaces what it wanted
 * before.
 */
typedef struct {
	/** monitor name (the routes' owner) */
	const char *owner;
	/** routes */
	lm_route_t routes[LM_WANT_ROUTES];
	/** number of routes */
	int count;
	/** routing-policy rules */
	lm_rule_t rules[LM_MAX_RULES];
	/** number of rules */
	int nrules;
	/** interfaces to set down */
	const char *links[LM_MAX_CASCADE];
	/** number of links */
	int nlinks;
} lm_want_t;

/**
 * A hook to run.
 */
typedef struct {
	/** monitor name */
	const char *monitor;
	/** executable */
	const char *path;
	/** environment, owned by the output (lm_updown_env()) */
	char **env;
} lm_hook_t;

/**
 * A reply that was counted, for a trace line.
 */
typedef struct {
	/** a reply was counted in this step */
	bool valid;
	/** monitor name */
	const char *monitor;
	/** sequence number */
	uint16_t seq;
	/** server */
	lm_addr_t from;
	/** round trip time */
	uint64_t rtt_ns;
} lm_trace_t;

/**
 * Kinds of transitions, for the event log (lm_evlog).
 */
typedef enum {
	/** a monitor's state changed: from, to are lm_state_t */
	LM_TR_STATE,
	/** its SLA changed: from, to are lm_state_t (alive = pass) */
	LM_TR_SLA,
	/** its secondary servers started (to 1) or stopped (to 0) */
	LM_TR_SECONDARY,
	/** its traffic moved to another path: detail says where */
	LM_TR_FAILOVER,
	/** its dead action ran: detail says which */
	LM_TR_ACTION,
	/** the routes and links it wants changed: to is the effective state */
	LM_TR_ROUTES,
	/** the HA track file value changed: to is the new value */
	LM_TR_HA,
	/** keepalived reported an HA role: detail is its name */
	LM_TR_HA_ROLE,
	/** number of kinds */
	LM_TR_COUNT,
} lm_tr_type_t;

/** longest detail of a transition, with the terminating NUL */
#define LM_TR_DETAIL 96

/**
 * A transition, as data for the event log.
 */
typedef struct {
	/** kind */
	lm_tr_type_t type;
	/** monitor name, NULL for HA */
	const char *monitor;
	/** CLOCK_MONOTONIC ns it happened */
	uint64_t now_ns;
	/** previous and new state or value */
	uint32_t from, to;
	/** what happened, in words */
	char detail[LM_TR_DETAIL];
} lm_transition_t;

/**
 * Output of engine steps. Steps append; lm_out_reset() empties it, keeping
 * the memory for the next steps.
 */
typedef struct {
	/** log lines */
	lm_log_t *logs;
	int nlogs, logs_cap;
	/** probes to send */
	lm_probe_t *probes;
	int nprobes, probes_cap;
	/** traffic checks */
	lm_idle_t *idles;
	int nidles, idles_cap;
	/** BFD sessions to run or stop */
	lm_session_t *sessions;
	int nsessions, sessions_cap;
	/** command batches */
	lm_cmds_t *cmds;
	int ncmds, cmds_cap;
	/** route wants */
	lm_want_t *wants;
	int nwants, wants_cap;
	/** hooks */
	lm_hook_t *hooks;
	int nhooks, hooks_cap;
	/** transitions */
	lm_transition_t *trs;
	int ntrs, trs_cap;
	/** write value to the HA track file */
	bool ha_write;
	/** value for the HA track file */
	uint32_t ha_value;
	/** the last reply counted */
	lm_trace_t trace;
	/** earliest time the engine has something to do, UINT64_MAX if none */
	uint64_t next_ns;
	/** an allocation failed: something was not added */
	bool failed;
} lm_out_t;

/**
 * Initialize an empty output.
 */
void lm_out_init(lm_out_t *out);

/**
 * Empty an output, keeping its memory.
 */
void lm_out_reset(lm_out_t *out);

/**
 * Free an output's memory.
 */
void lm_out_free(lm_out_t *out);

/**
 * Add a log line.
 */
void lm_out_log(lm_out_t *out, lm_log_group_t group, int level,
				const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/**
 * Add a probe to send.
 *
 * @return			the probe, NULL on allocation failure
 */
lm_probe_t *lm_out_probe(lm_out_t *out);

/**
 * Add a traffic check.
 */
void lm_out_idle(lm_out_t *out, const lm_idle_t *idle);

/**
 * Add the BFD sessions of a monitor to run or stop.
 *
 * @param run		run them, else stop them
 * @param admin_down	when stopping, tell the peers
 */
void lm_out_session(lm_out_t *out, const lm_monitor_t *mon, uint32_t gen,
					bool run, bool admin_down);

/**
 * Add commands of a monitor.
 */
void lm_out_cmds(lm_out_t *out, const char *monitor, const lm_cmd_t *cmds,
				 int count);

/**
 * Add a route want.
 *
 * @return			the want, with owner set and nothing wanted yet; NULL on
 *					allocation failure
 */
lm_want_t *lm_out_want(lm_out_t *out, const char *owner);

/**
 * Add a hook, taking ownership of env.
 */
void lm_out_hook(lm_out_t *out, const char *monitor, const char *path,
				 char **env);

/**
 * Add a transition.
 *
 * @param monitor	monitor name, NULL for HA
 * @param fmt		detail, printf format
 */
void lm_out_transition(lm_out_t *out, lm_tr_type_t type, const char *monitor,
					   uint64_t now_ns, uint32_t from, uint32_t to,
					   const char *fmt, ...)
					   __attribute__((format(printf, 7, 8)));

/**
 * Name of a kind of transition: "state", "sla", "secondary", "failover",
 * "action", "routes", "ha", "ha-role".
 */
const char *lm_tr_type_name(lm_tr_type_t type);

#endif /** LM_OUT_H_ @}*/
