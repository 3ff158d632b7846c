/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * Monitors and tunnels: binding a monitor to the CHILD_SA it probes
 * through, one instance of a %remote template per CHILD_SA, and reloads
 * carried out by their plan (lm_plan).
 */

#include "lm_engine_priv.h"
#include "lm_plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * Mark a monitor as probing through a tunnel.
 */
static void bind_tunnel(lm_engine_t *this, lm_entry_t *entry,
						const lm_tunnel_t *t, uint64_t now, lm_out_t *out)
{
	lm_monitor_t *mon = entry->mon;

	lm_monitor_set_tunnel(mon, t->child, t->id);
	entry->tunnel_id = t->id;
	entry->ike_id = t->ike_id;
	if (mon->cfg->protocol == LM_PROTO_DPD)
	{
		mon->servers[0].addr = t->peer;
	}
	lm_react_changed(this, entry, lm_monitor_set_active(mon, true, now), now,
					 out);
	lm_sessions_want(this, entry, LM_SESSIONS_RESTART, out);
	mon->next_send_ns = lm_engine_slot_start(this, entry,
											 now + LM_TUNNEL_SETTLE_NS);
	lm_out_log(out, LM_LOG_CFG, 2, "link-monitor '%s': probing through "
			   "CHILD_SA %s", mon->cfg->name, mon->tunnel ?: "");
	lm_engine_update_timer(this, entry, out);
}

/**
 * Stop a monitor probing through its tunnel.
 */
static void unbind_tunnel(lm_engine_t *this, lm_entry_t *entry, uint64_t now,
						  lm_out_t *out)
{
	entry->tunnel_id = 0;
	entry->ike_id = 0;
	lm_react_changed(this, entry, lm_monitor_set_active(entry->mon, false, now),
					 now, out);
	lm_sessions_want(this, entry, LM_SESSIONS_SYNC, out);
	lm_engine_update_timer(this, entry, out);
}

/**
 * Start probing a monitor without a tunnel, in a slot of its interval
 * picked by its identifier (handed out in sequence: spread evenly).
 */
static void activate_untunneled(lm_engine_t *this, lm_entry_t *entry,
								uint64_t now, lm_out_t *out)
{
	uint64_t width, slots;

	if (!entry->mon->active)
	{
		width = lm_engine_slot_width(this, entry);
		slots = entry->mon->cfg->interval_ms * 1000000ULL / width;
		lm_react_changed(this, entry,
						 lm_monitor_set_active(entry->mon, true, now), now,
						 out);
		entry->mon->next_send_ns = lm_engine_slot_start(this, entry, now) +
								   entry->mon->ident % slots * width;
	}
	lm_sessions_want(this, entry, LM_SESSIONS_SYNC, out);
	lm_engine_update_timer(this, entry, out);
}

/**
 * Activate a monitor as its tunnel binding requires.
 */
static void activate(lm_engine_t *this, lm_entry_t *entry,
					 const lm_tunnel_t *tunnels, int count, uint64_t now,
					 lm_out_t *out)
{
	int i;

	if (!entry->mon->cfg->connection)
	{
		activate_untunneled(this, entry, now, out);
		return;
	}
	for (i = 0; i < count; i++)
	{
		if (lm_entry_cfg_binds(entry->mon->cfg, tunnels[i].ike,
							   tunnels[i].child))
		{
			if (!entry->mon->active || entry->tunnel_id != tunnels[i].id)
			{
				bind_tunnel(this, entry, &tunnels[i], now, out);
			}
			lm_engine_update_timer(this, entry, out);
			return;
		}
	}
	unbind_tunnel(this, entry, now, out);
}

/**
 * Start the failover logic of a monitor: traffic on the primary.
 */
static void init_failover(lm_engine_t *this, lm_entry_t *entry,
						  const lm_tunnel_t *tunnels, int count, uint64_t now,
						  lm_out_t *out)
{
	const lm_monitor_cfg_t *cfg = entry->mon->cfg;
	lm_fo_out_t fo = {};
	int i;

	if (!cfg->failover_count)
	{
		return;
	}
	lm_failover_init(&entry->fo, cfg, now, &fo);
	for (i = 0; i < count; i++)
	{
		if (strcmp(tunnels[i].ike, cfg->connection) == 0 &&
			strcmp(tunnels[i].child, cfg->child) == 0)
		{
			entry->fo.primary_up = true;
		}
	}
	lm_react_failover(this, entry, &fo, now, out);
}

/**
 * Configuration of an instance of a template for a tunnel.
 */
static lm_monitor_cfg_t *instance_cfg(const lm_monitor_cfg_t *tmpl,
									  const lm_tunnel_t *t, lm_out_t *out)
{
	char addr[LM_ADDR_STRLEN], addr2[LM_ADDR_STRLEN];
	lm_monitor_cfg_t *cfg;
	bool dpd = tmpl->protocol == LM_PROTO_DPD;

	if (!dpd && !t->remote.family)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': no address of the "
				   "peer of CHILD_SA %s{%u} to probe", tmpl->name, t->child,
				   t->id);
		return NULL;
	}
	if (!dpd && tmpl->source.family &&
		tmpl->source.family != t->remote.family)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': source %s and the "
				   "address %s of CHILD_SA %s{%u} differ in family, not "
				   "probing", tmpl->name, lm_addr_fmt(&tmpl->source, addr),
				   lm_addr_fmt(&t->remote, addr2), t->child, t->id);
		return NULL;
	}
	cfg = lm_monitor_cfg_clone(tmpl);
	if (!cfg)
	{
		return NULL;
	}
	free(cfg->name);
	cfg->name = malloc(strlen(tmpl->name) + 16);
	if (!cfg->name)
	{
		lm_monitor_cfg_destroy(cfg);
		return NULL;
	}
	sprintf(cfg->name, "%s[%u]", tmpl->name, t->id);
	cfg->servers[0] = dpd ? t->peer : t->remote;
	return cfg;
}

/**
 * Create the instance of a template for a tunnel, if there is none.
 */
static void create_instance(lm_engine_t *this, const lm_monitor_cfg_t *tmpl,
							const lm_tunnel_t *t, const lm_event_t *event,
							lm_out_t *out)
{
	char addr[LM_ADDR_STRLEN];
	lm_monitor_cfg_t *cfg;
	lm_entry_t *entry;
	int i;

	for (i = 0; i < this->count; i++)
	{
		if (this->entries[i]->tunnel_id == t->id && this->entries[i]->tmpl &&
			strcmp(this->entries[i]->tmpl, tmpl->name) == 0)
		{
			return;
		}
	}
	cfg = instance_cfg(tmpl, t, out);
	entry = cfg ? lm_engine_new_entry(this, cfg, event) : NULL;
	if (!entry)
	{
		return;
	}
	entry->tmpl = strdup(tmpl->name);
	if (!entry->tmpl ||
		!lm_entry_set_tunnel(entry, t->remote_ts, t->nremote_ts, &t->remote,
							 out))
	{
		lm_engine_remove(this, entry);
		return;
	}
	if (!lm_engine_append(this, entry))
	{
		return;
	}
	lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': created for CHILD_SA "
			   "%s{%u} of %s[%u], probing %s", entry->mon->cfg->name, t->child,
			   t->id, t->ike, t->ike_id,
			   lm_addr_fmt(&entry->mon->cfg->servers[0], addr));
	bind_tunnel(this, entry, t, event->now_ns, out);
	if (lm_entry_has_routes(entry))
	{
		/* the routes to its tunnel, in their alive form until a verdict */
		lm_entry_want(entry, out);
	}
}

void lm_bind_up(lm_engine_t *this, const lm_event_t *event, lm_out_t *out)
{
	const lm_tunnel_t *t = event->tunnel;
	lm_entry_t *entry;
	int i, count;

	for (i = 0; i < this->ntemplates; i++)
	{
		if (lm_entry_cfg_binds(this->templates[i], t->ike, t->child))
		{
			create_instance(this, this->templates[i], t, event, out);
		}
	}
	/* not the instances just created */
	count = this->count;
	for (i = 0; i < count; i++)
	{
		entry = this->entries[i];
		if (!entry->tmpl && !entry->mon->active &&
			lm_entry_cfg_binds(entry->mon->cfg, t->ike, t->child))
		{
			bind_tunnel(this, entry, t, event->now_ns, out);
		}
	}
	lm_react_tunnel(this, t, true, event->now_ns, out);
}

/**
 * Remove the instances of a CHILD_SA that went away.
 */
static void remove_instances(lm_engine_t *this, const lm_tunnel_t *t,
							 lm_out_t *out)
{
	lm_entry_t *entry;
	int i, kept = 0;

	for (i = 0; i < this->count; i++)
	{
		entry = this->entries[i];
		if (entry->tmpl && entry->tunnel_id == t->id)
		{
			lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': CHILD_SA "
					   "%s{%u} is gone, removing the instance",
					   entry->mon->cfg->name, t->child, t->id);
			lm_entry_unwant(entry, out);
			lm_engine_remove(this, entry);
		}
		else
		{
			this->entries[kept++] = entry;
		}
	}
	this->count = kept;
}

void lm_bind_down(lm_engine_t *this, const lm_event_t *event, lm_out_t *out)
{
	const lm_tunnel_t *t = event->tunnel;
	lm_entry_t *entry;
	int i;

	remove_instances(this, t, out);
	for (i = 0; i < this->count; i++)
	{
		entry = this->entries[i];
		if (!entry->tmpl && entry->mon->active && entry->tunnel_id == t->id &&
			lm_entry_cfg_binds(entry->mon->cfg, t->ike, t->child))
		{
			lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': CHILD_SA "
					   "%s{%u} of %s[%u] is gone, not probing",
					   entry->mon->cfg->name, t->child, t->id, t->ike,
					   t->ike_id);
			unbind_tunnel(this, entry, event->now_ns, out);
		}
	}
	lm_react_tunnel(this, t, false, event->now_ns, out);
}

void lm_bind_rekey(lm_engine_t *this, uint32_t old_id, uint32_t new_id,
				   const char *child)
{
	lm_entry_t *entry;
	int i;

	for (i = 0; i < this->count; i++)
	{
		entry = this->entries[i];
		if (entry->mon->active && entry->tunnel_id == old_id)
		{
			entry->tunnel_id = new_id;
			lm_monitor_set_tunnel(entry->mon, child, new_id);
		}
	}
}

/**
 * What a reload works on.
 */
typedef struct {
	/** the event */
	const lm_event_t *event;
	/** the plan */
	lm_plan_t plan;
	/** running monitors (not instances), in order */
	lm_entry_t **old;
	/** their configurations, for the plan */
	const lm_monitor_cfg_t **old_cfgs;
	/** number of running monitors */
	int nold;
	/** running instances */
	lm_entry_t **instances;
	/** number of running instances */
	int ninstances;
	/** a monitor took a new configuration with its statistics */
	bool updated;
} reload_t;

/**
 * Split the running entries into monitors and instances.
 */
static bool split_entries(lm_engine_t *this, reload_t *r)
{
	int i;

	r->old = calloc(this->count + 1, sizeof(*r->old));
	r->old_cfgs = calloc(this->count + 1, sizeof(*r->old_cfgs));
	r->instances = calloc(this->count + 1, sizeof(*r->instances));
	if (!r->old || !r->old_cfgs || !r->instances)
	{
		return false;
	}
	for (i = 0; i < this->count; i++)
	{
		if (this->entries[i]->tmpl)
		{
			r->instances[r->ninstances++] = this->entries[i];
		}
		else
		{
			r->old_cfgs[r->nold] = this->entries[i]->mon->cfg;
			r->old[r->nold++] = this->entries[i];
		}
	}
	return true;
}

/**
 * Start a new monitor of the configuration.
 */
static void start_monitor(lm_engine_t *this, reload_t *r, lm_monitor_cfg_t *cfg,
						  lm_out_t *out)
{
	const lm_event_t *ev = r->event;
	char name[LM_MAX_NAME + 16];
	lm_entry_t *entry;

	snprintf(name, sizeof(name), "%s", cfg->name);
	entry = lm_engine_new_entry(this, cfg, ev);
	if (!entry || !lm_engine_append(this, entry))
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': out of memory",
				   name);
		return;
	}
	init_failover(this, entry, ev->reload.tunnels, ev->reload.count,
				  ev->now_ns, out);
	activate(this, entry, ev->reload.tunnels, ev->reload.count, ev->now_ns,
			 out);
	if (lm_entry_has_routes(entry))
	{
		lm_entry_want(entry, out);
	}
}

/**
 * A running monitor takes a new configuration with equal probe settings.
 */
static void update_monitor(lm_engine_t *this, reload_t *r, lm_entry_t *entry,
						   lm_monitor_cfg_t *cfg, bool rebind, lm_out_t *out)
{
	const lm_event_t *ev = r->event;

	if (lm_entry_has_routes(entry))
	{
		/* wants what the new configuration says, nothing if no routes; the
		 * owner is the new configuration's name, set_cfg() frees the old
		 * (lm_entry_unwant() would name it by the old one) */
		lm_out_want(out, cfg->name);
	}
	lm_monitor_set_cfg(entry->mon, cfg);
	if (entry->fo.backup >= cfg->failover_count ||
		entry->fo.previous >= cfg->failover_count)
	{
		/* the backup in use is gone from the configuration */
		init_failover(this, entry, ev->reload.tunnels, ev->reload.count,
					  ev->now_ns, out);
	}
	if (rebind)
	{
		activate(this, entry, ev->reload.tunnels, ev->reload.count,
				 ev->now_ns, out);
	}
	/* new BFD intervals or hold: a Poll Sequence, not a new session */
	lm_sessions_want(this, entry, LM_SESSIONS_UPDATE, out);
	lm_engine_append(this, entry);
	lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': configuration "
			   "changed, statistics kept", cfg->name);
	r->updated = true;
}

/**
 * Carry out the plan for one monitor of the new configuration.
 */
static void apply_item(lm_engine_t *this, reload_t *r,
					   const lm_plan_item_t *item, lm_out_t *out)
{
	lm_config_t *config = r->event->reload.config;
	lm_monitor_cfg_t *cfg = config->monitors[item->cfg];
	lm_entry_t *old = item->old >= 0 ? r->old[item->old] : NULL;

	config->monitors[item->cfg] = NULL;
	switch (item->op)
	{
		case LM_PLAN_KEEP:
			lm_monitor_cfg_destroy(cfg);
			lm_engine_append(this, old);
			break;
		case LM_PLAN_UPDATE:
			update_monitor(this, r, old, cfg, item->rebind, out);
			break;
		case LM_PLAN_REPLACE:
			lm_entry_unwant(old, out);
			lm_engine_remove(this, old);
			start_monitor(this, r, cfg, out);
			if (this->count && this->entries[this->count - 1]->mon->cfg == cfg)
			{
				/* new probe settings for the same servers: their history
				 * goes on */
				lm_monitor_take_history(this->entries[this->count - 1]->mon,
										old->mon);
			}
			break;
		case LM_PLAN_ADD:
			start_monitor(this, r, cfg, out);
			break;
	}
}

/**
 * Remove the monitors gone from the configuration, with their routes.
 */
static void remove_monitors(lm_engine_t *this, reload_t *r, lm_out_t *out)
{
	lm_entry_t *entry;
	int i;

	for (i = 0; i < r->plan.nremoved; i++)
	{
		entry = r->old[r->plan.removed[i]];
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': removed",
				   entry->mon->cfg->name);
		/* wants nothing any more */
		lm_entry_unwant(entry, out);
		lm_engine_remove(this, entry);
	}
}

/**
 * Index of a running template by name, -1 if none.
 */
static int find_template(lm_engine_t *this, const char *name)
{
	int i;

	for (i = 0; i < this->ntemplates; i++)
	{
		if (strcmp(this->templates[i]->name, name) == 0)
		{
			return i;
		}
	}
	return -1;
}

/**
 * Keep the instances of unchanged templates, with their statistics; take
 * the new templates.
 */
static bool swap_templates(lm_engine_t *this, reload_t *r, lm_out_t *out)
{
	lm_config_t *config = r->event->reload.config;
	lm_monitor_cfg_t **templates;
	lm_entry_t *entry;
	int i, t;

	templates = calloc(r->plan.ntemplates + 1, sizeof(*templates));
	if (!templates)
	{
		return false;
	}
	for (i = 0; i < r->ninstances; i++)
	{
		entry = r->instances[i];
		t = find_template(this, entry->tmpl);
		if (t >= 0 && r->plan.templates_kept[t])
		{
			lm_engine_append(this, entry);
			continue;
		}
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': removed with its "
				   "template", entry->mon->cfg->name);
		lm_entry_unwant(entry, out);
		lm_engine_remove(this, entry);
	}
	for (i = 0; i < this->ntemplates; i++)
	{
		lm_monitor_cfg_destroy(this->templates[i]);
	}
	free(this->templates);
	for (i = 0; i < r->plan.ntemplates; i++)
	{
		templates[i] = config->monitors[r->plan.templates[i]];
		config->monitors[r->plan.templates[i]] = NULL;
	}
	this->templates = templates;
	this->ntemplates = r->plan.ntemplates;
	return true;
}

/**
 * Create the instances of the templates for the installed CHILD_SAs.
 */
static void create_instances(lm_engine_t *this, const lm_event_t *ev,
							 lm_out_t *out)
{
	const lm_tunnel_t *t;
	int i, j;

	for (i = 0; i < this->ntemplates; i++)
	{
		for (j = 0; j < ev->reload.count; j++)
		{
			t = &ev->reload.tunnels[j];
			if (lm_entry_cfg_binds(this->templates[i], t->ike, t->child))
			{
				create_instance(this, this->templates[i], t, ev, out);
			}
		}
	}
}

static void reload_free(reload_t *r)
{
	lm_plan_free(&r->plan);
	free(r->old);
	free(r->old_cfgs);
	free(r->instances);
}

void lm_bind_reload(lm_engine_t *this, const lm_event_t *event, lm_out_t *out)
{
	reload_t r = { .event = event };
	int i;

	if (!split_entries(this, &r) ||
		!lm_plan_build(&r.plan, r.old_cfgs, r.nold,
					   (const lm_monitor_cfg_t *const *)this->templates,
					   this->ntemplates, event->reload.config))
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor: out of memory loading "
				   "%s, keeping the running monitors", event->reload.file);
		reload_free(&r);
		return;
	}
	this->configured = event->reload.config->count;
	/* the entries are rebuilt in the new configuration's order */
	this->count = 0;
	for (i = 0; i < r.plan.count; i++)
	{
		apply_item(this, &r, &r.plan.items[i], out);
	}
	remove_monitors(this, &r, out);
	if (!swap_templates(this, &r, out))
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor: out of memory loading "
				   "the templates of %s", event->reload.file);
	}
	create_instances(this, event, out);
	lm_react_ha(this, event->now_ns, out);
	for (i = 0; r.updated && i < this->count; i++)
	{
		/* e.g. sla_action or thresholds changed: act on the new view */
		lm_react_reevaluate(this, this->entries[i], event->now_ns, out);
	}
	lm_out_log(out, LM_LOG_CFG, 1, "link-monitor: loaded %d monitors from %s "
			   "(%d added, %d changed, %d reset, %d removed, %d unchanged), "
			   "%d templates", r.plan.count, event->reload.file,
			   r.plan.added, r.plan.updated, r.plan.replaced,
			   r.plan.nremoved, r.plan.unchanged, this->ntemplates);
	reload_free(&r);
}
