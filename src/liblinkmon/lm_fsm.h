/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_fsm lm_fsm
 * @{ @ingroup liblinkmon
 *
 * Alive/dead state machine with failtime/recoverytime hysteresis.
 */

#ifndef LM_FSM_H_
#define LM_FSM_H_

#include <stdbool.h>
#include <stdint.h>

/**
 * Monitor and server states.
 */
typedef enum {
	/** no verdict yet: fewer than failtime failures or recoverytime
	 *  successes in a row since the start */
	LM_STATE_INIT,
	/** reachable */
	LM_STATE_ALIVE,
	/** unreachable */
	LM_STATE_DEAD,
	/** monitor disabled by configuration */
	LM_STATE_DISABLED,
} lm_state_t;

typedef struct lm_fsm_t lm_fsm_t;

/**
 * State and counters of one server.
 */
struct lm_fsm_t {
	/** current state, INIT, ALIVE or DEAD */
	lm_state_t state;
	/** consecutive failures while alive or init */
	uint32_t fail_count;
	/** consecutive successes while dead or init */
	uint32_t recovery_count;
};

/**
 * Name of a state: "init", "alive", "dead", "disabled".
 */
const char *lm_state_name(lm_state_t state);

/**
 * Reset to INIT.
 */
void lm_fsm_init(lm_fsm_t *fsm);

/**
 * Feed a probe result.
 *
 * INIT and ALIVE go dead after failtime consecutive failures, INIT and DEAD
 * go alive after recoverytime consecutive successes: the first verdict needs
 * as much evidence as any later one.
 *
 * @param success		probe answered in time
 * @param failtime		failures to go dead
 * @param recoverytime	successes to go alive
 * @return				TRUE if the state changed
 */
bool lm_fsm_result(lm_fsm_t *fsm, bool success, uint32_t failtime,
				   uint32_t recoverytime);

/**
 * Force a state (e.g. dead when the tunnel goes away), clearing counters.
 *
 * @return				TRUE if the state changed
 */
bool lm_fsm_force(lm_fsm_t *fsm, lm_state_t state);

#endif /** LM_FSM_H_ @}*/
