/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_out.h"
#include "lm_monitor.h"
#include "lm_updown.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * Make room for one more element of an array.
 *
 * @return			the new element (zeroed), NULL on allocation failure
 */
static void *grow(lm_out_t *out, void **items, int *count, int *cap,
				  size_t size)
{
	void *more;
	int ncap;

	if (*count == *cap)
	{
		ncap = *cap ? *cap * 2 : 8;
		more = realloc(*items, ncap * size);
		if (!more)
		{
			out->failed = true;
			return NULL;
		}
		*items = more;
		*cap = ncap;
	}
	more = (char*)*items + (*count)++ * size;
	memset(more, 0, size);
	return more;
}

#define GROW(out, field) grow(out, (void**)&(out)->field, &(out)->n##field, \
							  &(out)->field##_cap, sizeof(*(out)->field))

void lm_out_init(lm_out_t *out)
{
	memset(out, 0, sizeof(*out));
	out->next_ns = UINT64_MAX;
}

void lm_out_reset(lm_out_t *out)
{
	int i;

	for (i = 0; i < out->nhooks; i++)
	{
		lm_updown_env_free(out->hooks[i].env);
	}
	out->nlogs = out->nprobes = out->nidles = out->nsessions = 0;
	out->ncmds = out->nwants = out->nhooks = out->ntrs = 0;
	out->ha_write = false;
	out->ha_value = 0;
	memset(&out->trace, 0, sizeof(out->trace));
	out->next_ns = UINT64_MAX;
	out->failed = false;
}

void lm_out_free(lm_out_t *out)
{
	lm_out_reset(out);
	free(out->logs);
	free(out->probes);
	free(out->idles);
	free(out->sessions);
	free(out->cmds);
	free(out->wants);
	free(out->hooks);
	free(out->trs);
	lm_out_init(out);
}

void lm_out_log(lm_out_t *out, lm_log_group_t group, int level,
				const char *fmt, ...)
{
	lm_log_t *log;
	va_list args;

	log = GROW(out, logs);
	if (!log)
	{
		return;
	}
	log->group = group;
	log->level = level;
	va_start(args, fmt);
	vsnprintf(log->msg, sizeof(log->msg), fmt, args);
	va_end(args);
}

lm_probe_t *lm_out_probe(lm_out_t *out)
{
	return GROW(out, probes);
}

void lm_out_idle(lm_out_t *out, const lm_idle_t *idle)
{
	lm_idle_t *new;

	new = GROW(out, idles);
	if (new)
	{
		*new = *idle;
	}
}

void lm_out_session(lm_out_t *out, const lm_monitor_t *mon, uint32_t gen,
					bool run, bool admin_down)
{
	lm_session_t *session;

	session = GROW(out, sessions);
	if (session)
	{
		*session = (lm_session_t){
			.mon = mon,
			.ident = mon->ident,
			.token = mon->token,
			.gen = gen,
			.run = run,
			.admin_down = !run && admin_down,
		};
	}
}

void lm_out_cmds(lm_out_t *out, const char *monitor, const lm_cmd_t *cmds,
				 int count)
{
	lm_cmds_t *new;

	if (count <= 0)
	{
		return;
	}
	new = GROW(out, cmds);
	if (new)
	{
		new->monitor = monitor;
		new->count = count < LM_FO_MAX_CMDS ? count : LM_FO_MAX_CMDS;
		memcpy(new->cmds, cmds, new->count * sizeof(*cmds));
	}
}

lm_want_t *lm_out_want(lm_out_t *out, const char *owner)
{
	lm_want_t *want;

	want = GROW(out, wants);
	if (want)
	{
		want->owner = owner;
	}
	return want;
}

void lm_out_hook(lm_out_t *out, const char *monitor, const char *path,
				 char **env)
{
	lm_hook_t *hook;

	hook = GROW(out, hooks);
	if (!hook)
	{
		lm_updown_env_free(env);
		return;
	}
	hook->monitor = monitor;
	hook->path = path;
	hook->env = env;
}

void lm_out_transition(lm_out_t *out, lm_tr_type_t type, const char *monitor,
					   uint64_t now_ns, uint32_t from, uint32_t to,
					   const char *fmt, ...)
{
	lm_transition_t *tr;
	va_list args;

	tr = GROW(out, trs);
	if (!tr)
	{
		return;
	}
	*tr = (lm_transition_t){
		.type = type,
		.monitor = monitor,
		.now_ns = now_ns,
		.from = from,
		.to = to,
	};
	va_start(args, fmt);
	vsnprintf(tr->detail, sizeof(tr->detail), fmt, args);
	va_end(args);
}

const char *lm_tr_type_name(lm_tr_type_t type)
{
	static const char *names[] = {
		[LM_TR_STATE] = "state",
		[LM_TR_SLA] = "sla",
		[LM_TR_SECONDARY] = "secondary",
		[LM_TR_FAILOVER] = "failover",
		[LM_TR_ACTION] = "action",
		[LM_TR_ROUTES] = "routes",
		[LM_TR_HA] = "ha",
		[LM_TR_HA_ROLE] = "ha-role",
	};

	return type < LM_TR_COUNT ? names[type] : "unknown";
}
