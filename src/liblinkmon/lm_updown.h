/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_updown lm_updown
 * @{ @ingroup liblinkmon
 *
 * Environment of a monitor's updown executable, run on every state change
 * and every failover action. The executable is run without a shell, so the
 * values are passed verbatim; each variable is one array entry with a fixed
 * key, so no value can set or override another variable.
 */

#ifndef LM_UPDOWN_H_
#define LM_UPDOWN_H_

#include "lm_fsm.h"
#include "lm_monitor.h"

/** the only inherited variable, PATH, has this fixed value */
#define LM_UPDOWN_PATH "/usr/sbin:/usr/bin:/sbin:/bin"

/** event of a state change */
#define LM_UPDOWN_EVENT_STATE "state"

/** event of a failover action */
#define LM_UPDOWN_EVENT_ACTION "action"

typedef struct lm_updown_event_t lm_updown_event_t;

/**
 * What the updown executable is run for.
 */
struct lm_updown_event_t {
	/** LM_UPDOWN_EVENT_STATE or LM_UPDOWN_EVENT_ACTION, NULL for "" */
	const char *event;
	/** state before the change (the current state is the monitor's) */
	lm_state_t old_state;
	/** path in use, e.g. "dc" or "dr", NULL for "" */
	const char *active_path;
	/** action taken, e.g. "failover dc -> dr", NULL for "" */
	const char *action;
};

/**
 * Build the environment of the updown executable.
 *
 * The array holds, in this order, "KEY=value" strings for LINKMON_NAME,
 * LINKMON_EVENT, LINKMON_STATE, LINKMON_OLD_STATE, LINKMON_PROTOCOL,
 * LINKMON_SERVERS (comma separated addresses), LINKMON_ACTIVE_PATH,
 * LINKMON_ACTION, LINKMON_LATENCY_MS, LINKMON_JITTER_MS ("%.3f", averages),
 * LINKMON_LOSS_PERCENT ("%.3f"), LINKMON_MOS ("%.2f") and PATH
 * (LM_UPDOWN_PATH), and a terminating NULL.
 *
 * The statistics are those of the first alive server, or of the first
 * server if none is alive; a value without data (no reply for latency, fewer
 * than two replies for jitter, no probe for loss and MOS) is empty.
 *
 * @param mon		monitor
 * @param event		what the executable is run for
 * @return			allocated array, free with lm_updown_env_free(); NULL on
 *					allocation failure
 */
char **lm_updown_env(const lm_monitor_t *mon, const lm_updown_event_t *event);

/**
 * Free an environment built by lm_updown_env().
 *
 * @param env		environment, may be NULL
 */
void lm_updown_env_free(char **env);

/**
 * Copy an environment, e.g. to run the executable later for the event it
 * was built for.
 *
 * @param env		NULL terminated "KEY=value" strings
 * @return			allocated copy, free with lm_updown_env_free(); NULL on
 *					allocation failure
 */
char **lm_updown_env_dup(char *const *env);

/**
 * Value of a variable in an environment.
 *
 * @param env		NULL terminated "KEY=value" strings
 * @param key		variable name, without '='
 * @return			value in env, NULL if not set
 */
const char *lm_updown_env_get(char *const *env, const char *key);

#endif /** LM_UPDOWN_H_ @}*/
