/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_fsm.h"

const char *lm_state_name(lm_state_t state)
{
	switch (state)
	{
		case LM_STATE_INIT:
			return "init";
		case LM_STATE_ALIVE:
			return "alive";
		case LM_STATE_DEAD:
			return "dead";
		case LM_STATE_DISABLED:
			return "disabled";
		default:
			return "unknown";
	}
}

void lm_fsm_init(lm_fsm_t *fsm)
{
	*fsm = (lm_fsm_t){ .state = LM_STATE_INIT };
}

bool lm_fsm_result(lm_fsm_t *fsm, bool success, uint32_t failtime,
				   uint32_t recoverytime)
{
	switch (fsm->state)
	{
		case LM_STATE_INIT:
			/* no verdict on a single probe: the first state needs as many
			 * consecutive results as any later transition */
			if (success)
			{
				fsm->fail_count = 0;
				if (++fsm->recovery_count < recoverytime)
				{
					return false;
				}
				fsm->state = LM_STATE_ALIVE;
			}
			else
			{
				fsm->recovery_count = 0;
				if (++fsm->fail_count < failtime)
				{
					return false;
				}
				fsm->state = LM_STATE_DEAD;
			}
			fsm->fail_count = 0;
			fsm->recovery_count = 0;
			return true;
		case LM_STATE_ALIVE:
			if (success)
			{
				fsm->fail_count = 0;
				return false;
			}
			if (++fsm->fail_count >= failtime)
			{
				fsm->state = LM_STATE_DEAD;
				fsm->fail_count = 0;
				fsm->recovery_count = 0;
				return true;
			}
			return false;
		case LM_STATE_DEAD:
			if (!success)
			{
				fsm->recovery_count = 0;
				return false;
			}
			if (++fsm->recovery_count >= recoverytime)
			{
				fsm->state = LM_STATE_ALIVE;
				fsm->fail_count = 0;
				fsm->recovery_count = 0;
				return true;
			}
			return false;
		default:
			return false;
	}
}

bool lm_fsm_force(lm_fsm_t *fsm, lm_state_t state)
{
	bool changed = fsm->state != state;

	fsm->state = state;
	fsm->fail_count = 0;
	fsm->recovery_count = 0;
	return changed;
}
