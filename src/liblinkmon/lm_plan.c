/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_plan.h"

#include <stdlib.h>
#include <string.h>

/**
 * Names of the running monitors, for lookups in constant time: open
 * addressing over a power of two of slots, at most half full.
 */
typedef struct {
	/** per slot: index of the monitor + 1, 0 if free */
	int *slots;
	/** number of slots - 1 */
	uint32_t mask;
	/** the monitors */
	const lm_monitor_cfg_t *const *cfgs;
} names_t;

/**
 * FNV-1a of a name.
 */
static uint32_t hash(const char *name)
{
	uint32_t h = 2166136261u;

	while (*name)
	{
		h = (h ^ (unsigned char)*name++) * 16777619u;
	}
	return h;
}

static bool names_init(names_t *names, const lm_monitor_cfg_t *const *cfgs,
					   int count)
{
	uint32_t size = 16, slot;
	int i;

	while (size < 2 * (uint32_t)count)
	{
		size *= 2;
	}
	names->slots = calloc(size, sizeof(int));
	if (!names->slots)
	{
		return false;
	}
	names->mask = size - 1;
	names->cfgs = cfgs;
	for (i = 0; i < count; i++)
	{
		slot = hash(cfgs[i]->name) & names->mask;
		while (names->slots[slot])
		{
			slot = (slot + 1) & names->mask;
		}
		names->slots[slot] = i + 1;
	}
	return true;
}

/**
 * Index of the running monitor with a name, -1 if none.
 */
static int names_find(names_t *names, const char *name)
{
	uint32_t slot = hash(name) & names->mask;
	int i;

	while ((i = names->slots[slot]))
	{
		if (strcmp(names->cfgs[i - 1]->name, name) == 0)
		{
			return i - 1;
		}
		slot = (slot + 1) & names->mask;
	}
	return -1;
}

/**
 * Same connection and child?
 */
static bool same_binding(const lm_monitor_cfg_t *a, const lm_monitor_cfg_t *b)
{
	return strcmp(a->connection ?: "", b->connection ?: "") == 0 &&
		   strcmp(a->child ?: "", b->child ?: "") == 0;
}

/**
 * Plan one monitor of the new configuration.
 */
static void plan_monitor(lm_plan_t *plan, names_t *names, bool *taken,
						 const lm_config_t *config, int i)
{
	const lm_monitor_cfg_t *cfg = config->monitors[i], *old;
	lm_plan_item_t *item = &plan->items[plan->count++];

	item->cfg = i;
	item->old = names_find(names, cfg->name);
	if (item->old < 0)
	{
		item->op = LM_PLAN_ADD;
		plan->added++;
		return;
	}
	taken[item->old] = true;
	old = names->cfgs[item->old];
	if (lm_monitor_cfg_equals(old, cfg))
	{
		item->op = LM_PLAN_KEEP;
		plan->unchanged++;
	}
	else if (lm_monitor_cfg_probe_equals(old, cfg))
	{
		item->op = LM_PLAN_UPDATE;
		item->rebind = !same_binding(old, cfg);
		plan->updated++;
	}
	else
	{
		item->op = LM_PLAN_REPLACE;
		plan->replaced++;
	}
}

/**
 * Plan the templates: those equal to a running one keep its instances.
 */
static void plan_templates(lm_plan_t *plan,
						   const lm_monitor_cfg_t *const *old_tmpl,
						   int nold_tmpl, const lm_config_t *config)
{
	const lm_monitor_cfg_t *cfg;
	int i, j;

	for (i = 0; i < plan->ntemplates; i++)
	{
		cfg = config->monitors[plan->templates[i]];
		for (j = 0; j < nold_tmpl; j++)
		{
			if (strcmp(old_tmpl[j]->name, cfg->name) == 0 &&
				lm_monitor_cfg_equals(old_tmpl[j], cfg))
			{
				plan->templates_kept[j] = true;
			}
		}
	}
}

bool lm_plan_build(lm_plan_t *plan, const lm_monitor_cfg_t *const *old,
				   int nold, const lm_monitor_cfg_t *const *old_tmpl,
				   int nold_tmpl, const lm_config_t *config)
{
	names_t names;
	bool *taken;
	int i;

	memset(plan, 0, sizeof(*plan));
	plan->items = calloc(config->count + 1, sizeof(*plan->items));
	plan->removed = calloc(nold + 1, sizeof(int));
	plan->templates_kept = calloc(nold_tmpl + 1, sizeof(bool));
	plan->templates = calloc(config->count + 1, sizeof(int));
	taken = calloc(nold + 1, sizeof(bool));
	if (!plan->items || !plan->removed || !plan->templates_kept ||
		!plan->templates || !taken || !names_init(&names, old, nold))
	{
		free(taken);
		lm_plan_free(plan);
		return false;
	}
	for (i = 0; i < config->count; i++)
	{
		if (config->monitors[i]->remote)
		{
			plan->templates[plan->ntemplates++] = i;
		}
		else
		{
			plan_monitor(plan, &names, taken, config, i);
		}
	}
	for (i = 0; i < nold; i++)
	{
		if (!taken[i])
		{
			plan->removed[plan->nremoved++] = i;
		}
	}
	plan_templates(plan, old_tmpl, nold_tmpl, config);
	free(names.slots);
	free(taken);
	return true;
}

void lm_plan_free(lm_plan_t *plan)
{
	free(plan->items);
	free(plan->removed);
	free(plan->templates_kept);
	free(plan->templates);
	memset(plan, 0, sizeof(*plan));
}
