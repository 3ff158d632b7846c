/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_failover lm_failover
 * @{ @ingroup liblinkmon
 *
 * Tunnel failover decisions: which path carries the data CHILD_SA, when to
 * move to a backup and back. Pure logic: inputs are the monitor's effective
 * state, the backups' monitors, CHILD_SA events and time; outputs are
 * commands for charon's controller and log lines. Moves are make before
 * break: the new path's CHILD_SA is initiated and the old one closed only
 * once the new one is installed.
 */

#ifndef LM_FAILOVER_H_
#define LM_FAILOVER_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_config.h"
#include "lm_fsm.h"

/** time a path gets to come up, ns */
#define LM_FAILOVER_MOVE_TIMEOUT (10ULL * 1000000000ULL)

/** how often standby IKE_SAs are checked and brought up if missing, ns */
#define LM_FAILOVER_STANDBY_CHECK (5ULL * 1000000000ULL)

/**
 * Phases of the path state machine.
 */
typedef enum {
	/** traffic on the primary */
	LM_FO_PRIMARY,
	/** a backup is being brought up */
	LM_FO_TO_BACKUP,
	/** traffic on a backup */
	LM_FO_BACKUP,
	/** the primary is being brought back */
	LM_FO_TO_PRIMARY,
} lm_fo_phase_t;

/**
 * Commands for charon.
 */
typedef enum {
	/** initiate a CHILD_SA (and its IKE_SA if needed) */
	LM_CMD_INITIATE_CHILD,
	/** initiate an IKE_SA without CHILD_SA (standby) */
	LM_CMD_INITIATE_IKE,
	/** close the installed CHILD_SAs of connection/child */
	LM_CMD_TERMINATE_CHILD,
	/** close the IKE_SAs of connection */
	LM_CMD_TERMINATE_IKE,
	/** close the IKE_SA with unique id ike_id at once, without waiting for
	 *  the peer (dead_action clear) */
	LM_CMD_CLEAR_IKE,
} lm_cmd_type_t;

/** maximum commands and log lines per step */
#define LM_FO_MAX_CMDS 4
#define LM_FO_MAX_LOGS 4

/**
 * A command.
 */
typedef struct {
	/** what to do */
	lm_cmd_type_t type;
	/** connection name (points into the configuration) */
	const char *connection;
	/** child name, NULL for all children (terminate, initiate) or none (IKE) */
	const char *child;
	/** IKE_SA unique id, for LM_CMD_CLEAR_IKE */
	uint32_t ike_id;
} lm_cmd_t;

/**
 * Output of one step.
 */
typedef struct {
	/** commands, in order */
	lm_cmd_t cmds[LM_FO_MAX_CMDS];
	/** number of commands */
	int count;
	/** lines to log at level 1 */
	char logs[LM_FO_MAX_LOGS][192];
	/** number of log lines */
	int nlogs;
	/** the active path changed */
	bool moved;
	/** describes the move for hooks, e.g. "failover dc -> dr" */
	char action[96];
} lm_fo_out_t;

/**
 * Path state of one monitor.
 */
typedef struct {
	/** phase */
	lm_fo_phase_t phase;
	/** backup in use, or being brought up in TO_BACKUP; -1 for none */
	int backup;
	/** backup that was in use before a move between backups, -1 */
	int previous;
	/** active path since, monotonic ns */
	uint64_t since_ns;
	/** last completed move, 0 if none */
	uint64_t last_move_ns;
	/** deadline of the TO_* phases */
	uint64_t deadline_ns;
	/** primary alive since, while on a backup; 0 if not alive */
	uint64_t alive_since_ns;
	/** next retry of the primary (no probe_child), 0 if none */
	uint64_t retry_ns;
	/** deadline of a retry in progress, 0 if none */
	uint64_t retry_deadline_ns;
	/** next check of the standby IKE_SAs, 0 without standby */
	uint64_t standby_ns;
	/** the primary's data CHILD_SA is installed */
	bool primary_up;
	/** last effective state of the monitor */
	lm_state_t state;
	/** "all paths dead" was logged for the current outage */
	bool all_dead_logged;
	/** "holddown" was logged for the current wait */
	bool holddown_logged;
} lm_failover_t;

/**
 * Initialize: traffic on the primary. With standby = ike, commands bring up
 * the backups' IKE_SAs, now and every LM_FAILOVER_STANDBY_CHECK (the
 * executor skips those that are up), so they come up once their
 * configuration is loaded and come back if they die.
 */
void lm_failover_init(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					  uint64_t now_ns, lm_fo_out_t *out);

/**
 * The monitor's effective state (see lm_monitor_effective()).
 *
 * @param backup_dead	per backup path: its own monitor is dead
 */
void lm_failover_state(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					   lm_state_t state, const bool *backup_dead,
					   uint64_t now_ns, lm_fo_out_t *out);

/**
 * A CHILD_SA of connection/child was installed or went away.
 */
void lm_failover_child(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					   const char *connection, const char *child, bool up,
					   const bool *backup_dead, uint64_t now_ns,
					   lm_fo_out_t *out);

/**
 * Time passed: handle whatever is due at now.
 */
void lm_failover_timer(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					   const bool *backup_dead, uint64_t now_ns,
					   lm_fo_out_t *out);

/**
 * Next time lm_failover_timer() has something to do, UINT64_MAX if none.
 */
uint64_t lm_failover_next(const lm_failover_t *fo, const lm_monitor_cfg_t *cfg);

/**
 * Name of the connection carrying the traffic.
 */
const char *lm_failover_active(const lm_failover_t *fo,
							   const lm_monitor_cfg_t *cfg);

/**
 * Name of a phase.
 */
const char *lm_failover_phase_name(lm_fo_phase_t phase);

#endif /** LM_FAILOVER_H_ @}*/
