/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * What a changed monitor state leads to: the log line, the state hook, and
 * once the state actions follow (the effective state) changes, the failover
 * decisions of the monitors it matters to, its routes and links, the HA
 * penalty and its dead action.
 */

#include "lm_engine_priv.h"
#include "lm_updown.h"

#include <stdlib.h>
#include <string.h>

/**
 * Log a state change.
 */
static void log_change(lm_entry_t *entry, lm_change_t change, lm_out_t *out)
{
	static const char *sla[] = { "init", "pass", "fail", "disabled" };
	lm_monitor_t *mon = entry->mon;
	bool failing = change.sla_to == LM_STATE_DEAD;

	if (change.changed && change.initial)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s' initial state is "
				   "%s, protocol: %s", mon->cfg->name,
				   lm_state_name(change.to), lm_proto_name(mon->cfg->protocol));
	}
	else if (change.changed)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s' changed state from "
				   "%s to %s, protocol: %s", mon->cfg->name,
				   lm_state_name(change.from), lm_state_name(change.to),
				   lm_proto_name(mon->cfg->protocol));
	}
	if (change.secondary_changed)
	{
		lm_out_log(out, LM_LOG_CFG, 1, change.secondary ?
				   "link-monitor '%s': every primary server is dead, probing "
				   "the secondary servers" : "link-monitor '%s': a primary "
				   "server answers again, the secondary servers rest",
				   mon->cfg->name);
	}
	if (change.sla_changed &&
		(change.sla_to != LM_STATE_INIT || change.sla_from == LM_STATE_DEAD))
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s' SLA changed from %s "
				   "to %s%s%s%s", mon->cfg->name, sla[change.sla_from],
				   sla[change.sla_to], failing ? " (" : "",
				   failing ? mon->sla_reason ?: "" : "", failing ? ")" : "");
	}
}

/**
 * Add a change of a monitor's states as transitions for the event log.
 */
static void note_change(lm_entry_t *entry, lm_change_t change, uint64_t now,
						lm_out_t *out)
{
	const char *name = entry->mon->cfg->name;

	if (change.changed)
	{
		lm_out_transition(out, LM_TR_STATE, name, now, change.from, change.to,
						  "%sstate %s, protocol %s", change.initial ?
						  "initial " : "", lm_state_name(change.to),
						  lm_proto_name(entry->mon->cfg->protocol));
	}
	if (change.secondary_changed)
	{
		lm_out_transition(out, LM_TR_SECONDARY, name, now, !change.secondary,
						  change.secondary, change.secondary ? "probing the "
						  "secondary servers" : "secondary servers rest");
	}
	if (change.sla_changed &&
		(change.sla_to != LM_STATE_INIT || change.sla_from == LM_STATE_DEAD))
	{
		lm_out_transition(out, LM_TR_SLA, name, now, change.sla_from,
						  change.sla_to, "SLA %s%s%s",
						  change.sla_to == LM_STATE_DEAD ? "fail" : "pass",
						  change.sla_to == LM_STATE_DEAD ? ": " : "",
						  change.sla_to == LM_STATE_DEAD ?
						  entry->mon->sla_reason ?: "" : "");
	}
}

void lm_react_backups(lm_engine_t *this, lm_entry_t *entry, bool *dead)
{
	const lm_monitor_cfg_t *cfg = entry->mon->cfg, *other;
	int i, j;

	for (i = 0; i < cfg->failover_count; i++)
	{
		dead[i] = false;
		for (j = 0; j < this->count; j++)
		{
			other = this->entries[j]->mon->cfg;
			if (this->entries[j] != entry && other->connection &&
				strcmp(other->connection, cfg->failover[i].connection) == 0 &&
				this->entries[j]->effective == LM_STATE_DEAD)
			{
				dead[i] = true;
			}
		}
	}
}

void lm_react_failover(lm_engine_t *this, lm_entry_t *entry, lm_fo_out_t *fo,
					   uint64_t now, lm_out_t *out)
{
	int i;

	for (i = 0; i < fo->nlogs; i++)
	{
		lm_out_log(out, LM_LOG_CHD, 1, "%s", fo->logs[i]);
	}
	lm_out_cmds(out, entry->mon->cfg->name, fo->cmds, fo->count);
	if (fo->moved)
	{
		lm_entry_hook(entry, out, LM_UPDOWN_EVENT_ACTION, entry->mon->state,
					  fo->action);
		lm_out_transition(out, LM_TR_FAILOVER, entry->mon->cfg->name, now,
						  0, 0, "%s, active path %s", fo->action,
						  lm_failover_active(&entry->fo, entry->mon->cfg));
	}
	lm_engine_update_timer(this, entry, out);
}

/**
 * Does a monitor's failover depend on the state of another's connection
 * (one of its backups)?
 */
static bool depends_on(lm_entry_t *entry, lm_entry_t *changed)
{
	const char *connection = changed->mon->cfg->connection;
	int i;

	if (entry == changed)
	{
		return true;
	}
	for (i = 0; connection && i < entry->mon->cfg->failover_count; i++)
	{
		if (strcmp(connection, entry->mon->cfg->failover[i].connection) == 0)
		{
			return true;
		}
	}
	return false;
}

/**
 * The entries with backups, built again if entries came or went: a state
 * change of one of 10,000 monitors looks at the few with backups, not at
 * all of them.
 */
static void update_failovers(lm_engine_t *this)
{
	lm_entry_t **more;
	int i;

	if (!this->failovers_stale)
	{
		return;
	}
	more = realloc(this->failovers, (this->count + 1) * sizeof(*more));
	if (!more)
	{
		/* try again at the next change; the old list stays */
		return;
	}
	this->failovers = more;
	this->nfailovers = 0;
	for (i = 0; i < this->count; i++)
	{
		if (this->entries[i]->mon->cfg->failover_count)
		{
			this->failovers[this->nfailovers++] = this->entries[i];
		}
	}
	this->failovers_stale = false;
}

/**
 * Run the failover decisions of all monitors with backups, about the
 * changed monitor's effective state (all it matters to: its own, and those
 * it is a backup of) or about a CHILD_SA (all).
 */
static void each_failover(lm_engine_t *this, lm_entry_t *changed,
						  const lm_tunnel_t *t, bool up, uint64_t now,
						  lm_out_t *out)
{
	bool dead[LM_MAX_PATHS];
	lm_entry_t *entry;
	lm_fo_out_t fo;
	int i;

	update_failovers(this);
	for (i = 0; i < this->nfailovers; i++)
	{
		entry = this->failovers[i];
		if (changed && !depends_on(entry, changed))
		{
			continue;
		}
		memset(&fo, 0, sizeof(fo));
		lm_react_backups(this, entry, dead);
		if (t)
		{
			lm_failover_child(&entry->fo, entry->mon->cfg, t->ike, t->child,
							  up, dead, now, &fo);
		}
		else
		{
			lm_failover_state(&entry->fo, entry->mon->cfg, entry->effective,
							  dead, now, &fo);
		}
		lm_react_failover(this, entry, &fo, now, out);
	}
}

/**
 * Re-run the failover decisions the changed monitor matters to.
 */
static void evaluate_failovers(lm_engine_t *this, lm_entry_t *changed,
							   uint64_t now, lm_out_t *out)
{
	each_failover(this, changed, NULL, false, now, out);
}

void lm_react_tunnel(lm_engine_t *this, const lm_tunnel_t *t, bool up,
					 uint64_t now, lm_out_t *out)
{
	each_failover(this, NULL, t, up, now, out);
}

void lm_react_ha_out(lm_ha_out_t *ha, uint64_t now, lm_out_t *out)
{
	int i;

	for (i = 0; i < ha->nlogs; i++)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "%s", ha->logs[i]);
	}
	if (ha->changed)
	{
		out->ha_write = true;
		out->ha_value = ha->value;
		lm_out_transition(out, LM_TR_HA, NULL, now, 0, ha->value,
						  "HA track file value %u", ha->value);
	}
}

void lm_react_ha(lm_engine_t *this, uint64_t now, lm_out_t *out)
{
	lm_ha_input_t *inputs;
	lm_entry_t *entry;
	lm_ha_out_t ha;
	int i, count = 0;

	if (!this->ha_enabled)
	{
		return;
	}
	for (i = 0; i < this->count; i++)
	{
		count += this->entries[i]->effective == LM_STATE_DEAD;
	}
	/* only dead monitors make up the penalty */
	inputs = calloc(count + 1, sizeof(*inputs));
	if (!inputs)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor: out of memory updating "
				   "the HA penalty");
		return;
	}
	for (i = 0, count = 0; i < this->count; i++)
	{
		entry = this->entries[i];
		if (entry->effective == LM_STATE_DEAD)
		{
			inputs[count++] = (lm_ha_input_t){
				.name = entry->mon->cfg->name,
				.ha_priority = entry->mon->cfg->ha_priority,
				.dead = true,
			};
		}
	}
	lm_ha_update(&this->ha, &this->ha_cfg, inputs, count, this->role, now,
				 &ha);
	free(inputs);
	lm_react_ha_out(&ha, now, out);
}

/**
 * Flush (and restart) the monitored IKE_SA of a dead monitor.
 */
static void dead_action(lm_entry_t *entry, uint64_t now, lm_out_t *out)
{
	const lm_monitor_cfg_t *cfg = entry->mon->cfg;
	lm_cmd_t cmds[2] = {
		{
			.type = LM_CMD_CLEAR_IKE,
			.connection = cfg->connection,
			.ike_id = entry->ike_id,
		},
		{
			.type = LM_CMD_INITIATE_CHILD,
			.connection = cfg->connection,
			.child = cfg->probe_child ? NULL : cfg->child,
		},
	};
	bool restart = cfg->dead_action == LM_DEAD_ACTION_RESTART;

	lm_out_log(out, LM_LOG_IKE, 1, "link-monitor '%s': dead, %s IKE_SA "
			   "%s[%u]", cfg->name, restart ? "restarting" : "clearing",
			   cfg->connection, entry->ike_id);
	lm_out_cmds(out, cfg->name, cmds, restart ? 2 : 1);
	lm_out_transition(out, LM_TR_ACTION, cfg->name, now, 0, 0, "%s IKE_SA "
					  "%s[%u]", restart ? "restart" : "clear", cfg->connection,
					  entry->ike_id);
	lm_entry_hook(entry, out, LM_UPDOWN_EVENT_ACTION, entry->mon->state,
				  restart ? "restart" : "clear");
}

/**
 * Bring the state actions follow to the monitor's verdict. A monitor in
 * init has none: what was acted on stays.
 *
 * @return			TRUE if it changed
 */
static bool update_effective(lm_entry_t *entry)
{
	lm_state_t effective = lm_monitor_effective(entry->mon);

	if (effective == LM_STATE_INIT || effective == entry->effective)
	{
		return false;
	}
	entry->effective = effective;
	return true;
}

/**
 * Act on a changed effective state.
 */
static void act(lm_engine_t *this, lm_entry_t *entry, uint64_t now,
				lm_out_t *out)
{
	const lm_want_t *want;

	evaluate_failovers(this, entry, now, out);
	if (lm_entry_has_routes(entry))
	{
		want = lm_entry_want(entry, out);
		if (want)
		{
			lm_out_transition(out, LM_TR_ROUTES, entry->mon->cfg->name, now, 0,
							  entry->effective, "routes, rules and links in "
							  "their %s form: %d routes, %d rules, %d links "
							  "down", lm_state_name(entry->effective),
							  want->count, want->nrules, want->nlinks);
		}
	}
	lm_react_ha(this, now, out);
	if (entry->effective == LM_STATE_DEAD && entry->mon->active &&
		entry->ike_id && entry->mon->cfg->dead_action != LM_DEAD_ACTION_NONE)
	{
		dead_action(entry, now, out);
	}
}

void lm_react_changed(lm_engine_t *this, lm_entry_t *entry,
					  lm_change_t change, uint64_t now, lm_out_t *out)
{
	if (!change.changed && !change.sla_changed && !change.secondary_changed)
	{
		return;
	}
	log_change(entry, change, out);
	note_change(entry, change, now, out);
	if (change.changed && change.to != LM_STATE_INIT)
	{
		lm_entry_hook(entry, out, LM_UPDOWN_EVENT_STATE, change.from, NULL);
	}
	if (update_effective(entry))
	{
		act(this, entry, now, out);
	}
}

void lm_react_reevaluate(lm_engine_t *this, lm_entry_t *entry, uint64_t now,
						 lm_out_t *out)
{
	if (update_effective(entry))
	{
		evaluate_failovers(this, entry, now, out);
	}
	if (lm_entry_has_routes(entry))
	{
		lm_entry_want(entry, out);
	}
}
