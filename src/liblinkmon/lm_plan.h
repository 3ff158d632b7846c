/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_plan lm_plan
 * @{ @ingroup liblinkmon
 *
 * What a reload does, computed from the running and the new configuration
 * alone: which monitors are added, kept as they are, updated with their
 * statistics kept (only settings that do not change how they probe
 * differ), replaced (started anew) or removed, and which %remote templates
 * keep their instances.
 */

#ifndef LM_PLAN_H_
#define LM_PLAN_H_

#include "lm_config.h"

/**
 * What happens to a monitor of the new configuration.
 */
typedef enum {
	/** no monitor of that name runs: started */
	LM_PLAN_ADD,
	/** equal configuration: runs on untouched */
	LM_PLAN_KEEP,
	/** equal probe settings: takes the new configuration, statistics and
	 *  state kept */
	LM_PLAN_UPDATE,
	/** other probe settings: the running one is removed, a new one
	 *  started */
	LM_PLAN_REPLACE,
} lm_plan_op_t;

/**
 * The plan for one monitor of the new configuration.
 */
typedef struct {
	/** what happens */
	lm_plan_op_t op;
	/** index in the new configuration's monitors */
	int cfg;
	/** index of the running monitor of that name, -1 if none */
	int old;
	/** LM_PLAN_UPDATE: connection or child differ, the tunnel binding is
	 *  looked up again */
	bool rebind;
} lm_plan_item_t;

/**
 * A reload plan.
 */
typedef struct {
	/** monitors of the new configuration (templates not included), in
	 *  its order */
	lm_plan_item_t *items;
	/** number of items */
	int count;
	/** indices of running monitors not in the new configuration */
	int *removed;
	/** number of removed monitors */
	int nremoved;
	/** per running template: the new configuration has an equal template
	 *  of that name, so its instances stay */
	bool *templates_kept;
	/** indices of the new configuration's templates */
	int *templates;
	/** number of templates in the new configuration */
	int ntemplates;
	/** counts for the log */
	int added, updated, replaced, unchanged;
} lm_plan_t;

/**
 * Compute a reload plan.
 *
 * @param plan		receives the plan, free with lm_plan_free()
 * @param old		running monitors (not instances), configurations
 * @param nold		number of running monitors
 * @param old_tmpl	running templates
 * @param nold_tmpl	number of running templates
 * @param config	new configuration
 * @return			FALSE on allocation failure
 */
bool lm_plan_build(lm_plan_t *plan, const lm_monitor_cfg_t *const *old,
				   int nold, const lm_monitor_cfg_t *const *old_tmpl,
				   int nold_tmpl, const lm_config_t *config);

/**
 * Free a plan's memory.
 */
void lm_plan_free(lm_plan_t *plan);

#endif /** LM_PLAN_H_ @}*/
