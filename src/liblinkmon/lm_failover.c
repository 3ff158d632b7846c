/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_failover.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define NS 1000000000ULL

static void add_cmd(lm_fo_out_t *out, lm_cmd_type_t type,
					const char *connection, const char *child)
{
	if (out->count < LM_FO_MAX_CMDS)
	{
		out->cmds[out->count++] = (lm_cmd_t){
			.type = type,
			.connection = connection,
			.child = child,
		};
	}
}

static void add_log(lm_fo_out_t *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_log(lm_fo_out_t *out, const char *fmt, ...)
{
	va_list args;

	if (out->nlogs < LM_FO_MAX_LOGS)
	{
		va_start(args, fmt);
		vsnprintf(out->logs[out->nlogs++], sizeof(out->logs[0]), fmt, args);
		va_end(args);
	}
}

/**
 * Connection name of a path: -1 is the primary.
 */
static const char *path_name(const lm_monitor_cfg_t *cfg, int path)
{
	return path < 0 ? cfg->connection : cfg->failover[path].connection;
}

static bool str_eq(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/**
 * Does connection/child belong to a path (-1 primary data child)?
 */
static bool matches(const lm_monitor_cfg_t *cfg, int path,
					const char *connection, const char *child)
{
	if (path < 0)
	{
		return str_eq(connection, cfg->connection) &&
			   str_eq(child, cfg->child);
	}
	/* a backup given without child moves the child named like ours */
	return str_eq(connection, cfg->failover[path].connection) &&
		   str_eq(child, cfg->failover[path].child ?: cfg->child);
}

/**
 * End of the holddown after the last move, 0 if none.
 */
static uint64_t holddown_end(const lm_failover_t *fo,
							 const lm_monitor_cfg_t *cfg)
{
	return fo->last_move_ns ? fo->last_move_ns + cfg->holddown_s * NS : 0;
}

/**
 * First usable backup, not excluded and not known dead; -1 if none.
 */
static int pick_backup(const lm_monitor_cfg_t *cfg, const bool *backup_dead,
					   int exclude1, int exclude2)
{
	int i;

	for (i = 0; i < cfg->failover_count; i++)
	{
		if (i != exclude1 && i != exclude2 && !backup_dead[i])
		{
			return i;
		}
	}
	return -1;
}

/**
 * Close a path that no longer carries traffic.
 */
static void close_path(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					   int path, lm_fo_out_t *out)
{
	if (path < 0)
	{
		switch (cfg->teardown)
		{
			case LM_TEARDOWN_CHILD:
				add_cmd(out, LM_CMD_TERMINATE_CHILD, cfg->connection,
						cfg->child);
				fo->primary_up = false;
				break;
			case LM_TEARDOWN_IKE:
				add_cmd(out, LM_CMD_TERMINATE_IKE, cfg->connection, NULL);
				fo->primary_up = false;
				break;
			case LM_TEARDOWN_NONE:
				break;
		}
		return;
	}
	if (cfg->standby == LM_STANDBY_IKE)
	{
		add_cmd(out, LM_CMD_TERMINATE_CHILD, cfg->failover[path].connection,
				cfg->failover[path].child ?: cfg->child);
	}
	else
	{
		add_cmd(out, LM_CMD_TERMINATE_IKE, cfg->failover[path].connection,
				NULL);
	}
}

/**
 * Bring up the data CHILD_SA of a backup path.
 */
static void initiate_backup(const lm_monitor_cfg_t *cfg, int path,
							lm_fo_out_t *out)
{
	add_cmd(out, LM_CMD_INITIATE_CHILD, cfg->failover[path].connection,
			cfg->failover[path].child ?: cfg->child);
}

/**
 * Start moving the traffic to a backup.
 */
static void try_move(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					 const bool *backup_dead, uint64_t now, bool force,
					 const char *reason, lm_fo_out_t *out)
{
	int current = fo->phase == LM_FO_BACKUP ? fo->backup : -1, j;
	uint64_t end = holddown_end(fo, cfg);

	if (!force && now < end)
	{
		if (!fo->holddown_logged)
		{
			add_log(out, "link-monitor '%s': %s, but holding down moves for "
					"%.1f s more", cfg->name, reason, (end - now) / 1e9);
			fo->holddown_logged = true;
		}
		return;
	}
	j = pick_backup(cfg, backup_dead, current, -2);
	if (j < 0)
	{
		if (!fo->all_dead_logged)
		{
			add_log(out, "link-monitor '%s': %s, but no backup path is usable "
					"(all known dead), keeping the traffic on %s", cfg->name,
					reason, path_name(cfg, current));
			fo->all_dead_logged = true;
		}
		return;
	}
	add_log(out, "link-monitor '%s': %s, moving the traffic from %s to %s",
			cfg->name, reason, path_name(cfg, current), path_name(cfg, j));
	initiate_backup(cfg, j, out);
	fo->previous = current;
	fo->backup = j;
	fo->phase = LM_FO_TO_BACKUP;
	fo->deadline_ns = now + LM_FAILOVER_MOVE_TIMEOUT;
}

/**
 * The backup is installed: close what carried the traffic before.
 */
static void complete_move(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
						  uint64_t now, lm_fo_out_t *out)
{
	uint64_t retry;

	close_path(fo, cfg, fo->previous, out);
	add_log(out, "link-monitor '%s': traffic moved from %s to %s (closing %s: "
			"%s)", cfg->name, path_name(cfg, fo->previous),
			path_name(cfg, fo->backup), path_name(cfg, fo->previous),
			fo->previous < 0 ? lm_teardown_name(cfg->teardown) :
			cfg->standby == LM_STANDBY_IKE ? "child" : "ike");
	snprintf(out->action, sizeof(out->action), "failover %s -> %s",
			 path_name(cfg, fo->previous), path_name(cfg, fo->backup));
	out->moved = true;
	fo->phase = LM_FO_BACKUP;
	fo->previous = -1;
	fo->since_ns = fo->last_move_ns = now;
	fo->alive_since_ns = 0;
	fo->all_dead_logged = false;
	fo->holddown_logged = false;
	fo->retry_deadline_ns = 0;
	fo->retry_ns = 0;
	if (!cfg->probe_child && cfg->teardown != LM_TEARDOWN_NONE &&
		cfg->failback)
	{
		/* the primary is not observable: retry it every holddown */
		retry = cfg->holddown_s * NS;
		fo->retry_ns = now + (retry ? retry : NS);
	}
}

/**
 * The primary is installed again: close the backup.
 */
static void complete_failback(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
							  uint64_t now, lm_fo_out_t *out)
{
	int from = fo->backup;

	close_path(fo, cfg, from, out);
	add_log(out, "link-monitor '%s': traffic moved back from %s to %s",
			cfg->name, path_name(cfg, from), cfg->connection);
	snprintf(out->action, sizeof(out->action), "failback %s -> %s",
			 path_name(cfg, from), cfg->connection);
	out->moved = true;
	fo->phase = LM_FO_PRIMARY;
	fo->backup = -1;
	fo->previous = -1;
	fo->since_ns = fo->last_move_ns = now;
	fo->alive_since_ns = 0;
	fo->retry_ns = 0;
	fo->retry_deadline_ns = 0;
	fo->all_dead_logged = false;
	fo->holddown_logged = false;
}

/**
 * Bring the primary back.
 */
static void start_failback(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
						   uint64_t now, lm_fo_out_t *out)
{
	add_log(out, "link-monitor '%s': %s is alive again, moving the traffic "
			"back from %s", cfg->name, cfg->connection,
			path_name(cfg, fo->backup));
	if (fo->primary_up)
	{
		complete_failback(fo, cfg, now, out);
		return;
	}
	add_cmd(out, LM_CMD_INITIATE_CHILD, cfg->connection, cfg->child);
	fo->phase = LM_FO_TO_PRIMARY;
	fo->deadline_ns = now + LM_FAILOVER_MOVE_TIMEOUT;
}

/**
 * When failback is due, UINT64_MAX if not pending.
 */
static uint64_t failback_at(const lm_failover_t *fo,
							const lm_monitor_cfg_t *cfg)
{
	uint64_t at, end;

	if (fo->phase != LM_FO_BACKUP || !cfg->failback ||
		fo->state != LM_STATE_ALIVE || !fo->alive_since_ns)
	{
		return UINT64_MAX;
	}
	at = fo->alive_since_ns + cfg->failback_delay_s * NS;
	end = holddown_end(fo, cfg);
	return at > end ? at : end;
}

/**
 * Bring up the standby IKE_SAs of the backups not carrying traffic.
 */
static void standby(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					uint64_t now, lm_fo_out_t *out)
{
	int i, active = -1;

	if (cfg->standby != LM_STANDBY_IKE)
	{
		return;
	}
	if (fo->phase == LM_FO_BACKUP || fo->phase == LM_FO_TO_PRIMARY)
	{
		active = fo->backup;
	}
	for (i = 0; i < cfg->failover_count; i++)
	{
		if (i != active)
		{
			add_cmd(out, LM_CMD_INITIATE_IKE, cfg->failover[i].connection,
					NULL);
		}
	}
	fo->standby_ns = now + LM_FAILOVER_STANDBY_CHECK;
}

void lm_failover_init(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					  uint64_t now_ns, lm_fo_out_t *out)
{
	*fo = (lm_failover_t){
		.phase = LM_FO_PRIMARY,
		.backup = -1,
		.previous = -1,
		.since_ns = now_ns,
		.state = LM_STATE_INIT,
	};
	standby(fo, cfg, now_ns, out);
}

void lm_failover_state(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					   lm_state_t state, const bool *backup_dead,
					   uint64_t now_ns, lm_fo_out_t *out)
{
	fo->state = state;
	switch (fo->phase)
	{
		case LM_FO_PRIMARY:
			if (state == LM_STATE_DEAD)
			{
				try_move(fo, cfg, backup_dead, now_ns, false,
						 "monitor is dead", out);
			}
			else
			{
				fo->all_dead_logged = false;
				fo->holddown_logged = false;
			}
			break;
		case LM_FO_BACKUP:
			if (state == LM_STATE_ALIVE)
			{
				if (!fo->alive_since_ns)
				{
					fo->alive_since_ns = now_ns;
				}
				if (now_ns >= failback_at(fo, cfg))
				{
					start_failback(fo, cfg, now_ns, out);
				}
			}
			else
			{
				fo->alive_since_ns = 0;
			}
			break;
		default:
			break;
	}
}

void lm_failover_child(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					   const char *connection, const char *child, bool up,
					   const bool *backup_dead, uint64_t now_ns,
					   lm_fo_out_t *out)
{
	bool primary = matches(cfg, -1, connection, child);
	uint64_t decide;
	int i;

	if (primary)
	{
		fo->primary_up = up;
	}
	switch (fo->phase)
	{
		case LM_FO_TO_BACKUP:
			if (up && matches(cfg, fo->backup, connection, child))
			{
				complete_move(fo, cfg, now_ns, out);
				return;
			}
			break;
		case LM_FO_TO_PRIMARY:
			if (up && primary)
			{
				complete_failback(fo, cfg, now_ns, out);
				return;
			}
			break;
		case LM_FO_BACKUP:
			if (up && primary && fo->retry_deadline_ns)
			{
				/* give the retried primary time to prove itself */
				decide = ((uint64_t)cfg->recoverytime * cfg->interval_ms +
						  cfg->probe_timeout_ms) * 1000000ULL + NS;
				fo->retry_deadline_ns = now_ns + decide;
			}
			if (!up && matches(cfg, fo->backup, connection, child))
			{
				add_log(out, "link-monitor '%s': %s went down while carrying "
						"the traffic", cfg->name, path_name(cfg, fo->backup));
				if (fo->state == LM_STATE_ALIVE && cfg->failback)
				{
					start_failback(fo, cfg, now_ns, out);
				}
				else
				{
					try_move(fo, cfg, backup_dead, now_ns, true,
							 "backup path down", out);
				}
				return;
			}
			break;
		default:
			break;
	}
	if (!up)
	{
		return;
	}
	/* a backup CHILD_SA that carries nothing (e.g. one that came up after
	 * its move timed out) is closed again */
	for (i = 0; i < cfg->failover_count; i++)
	{
		if (matches(cfg, i, connection, child) &&
			!((fo->phase == LM_FO_BACKUP || fo->phase == LM_FO_TO_BACKUP ||
			   fo->phase == LM_FO_TO_PRIMARY) && fo->backup == i))
		{
			add_log(out, "link-monitor '%s': closing %s/%s, it carries no "
					"traffic", cfg->name, connection, child);
			add_cmd(out, LM_CMD_TERMINATE_CHILD, cfg->failover[i].connection,
					child);
			return;
		}
	}
}

/**
 * A backup did not come up in time: try another one, or keep the traffic
 * where it was.
 */
static void move_timed_out(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
						   const bool *backup_dead, uint64_t now,
						   lm_fo_out_t *out)
{
	int failed = fo->backup, j;

	add_log(out, "link-monitor '%s': %s did not come up within %llu s",
			cfg->name, path_name(cfg, failed), LM_FAILOVER_MOVE_TIMEOUT / NS);
	j = pick_backup(cfg, backup_dead, failed, fo->previous);
	if (j >= 0)
	{
		add_log(out, "link-monitor '%s': trying %s instead", cfg->name,
				path_name(cfg, j));
		initiate_backup(cfg, j, out);
		fo->backup = j;
		fo->deadline_ns = now + LM_FAILOVER_MOVE_TIMEOUT;
		return;
	}
	add_log(out, "link-monitor '%s': no other backup path, keeping the "
			"traffic on %s", cfg->name, path_name(cfg, fo->previous));
	fo->backup = fo->previous;
	fo->phase = fo->previous < 0 ? LM_FO_PRIMARY : LM_FO_BACKUP;
	fo->previous = -1;
	/* do not retry at once */
	fo->last_move_ns = now;
}

/**
 * The primary did not come back in time: keep the traffic on the backup.
 */
static void failback_timed_out(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
							   uint64_t now, lm_fo_out_t *out)
{
	add_log(out, "link-monitor '%s': %s did not come back within %llu s, "
			"keeping the traffic on %s", cfg->name, cfg->connection,
			LM_FAILOVER_MOVE_TIMEOUT / NS, path_name(cfg, fo->backup));
	fo->phase = LM_FO_BACKUP;
	fo->alive_since_ns = 0;
	fo->last_move_ns = now;
}

/**
 * On a backup with a primary that cannot be observed (no probe_child):
 * close the retried primary again if it did not prove alive in time, or
 * bring it up again when the next retry is due.
 */
static void retry_primary(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
						  uint64_t now, lm_fo_out_t *out)
{
	if (fo->retry_deadline_ns && now >= fo->retry_deadline_ns &&
		fo->state != LM_STATE_ALIVE)
	{
		add_log(out, "link-monitor '%s': %s is still dead, closing it again",
				cfg->name, cfg->connection);
		close_path(fo, cfg, -1, out);
		fo->retry_deadline_ns = 0;
		fo->retry_ns = now + (cfg->holddown_s ? cfg->holddown_s : 1) * NS;
	}
	else if (fo->retry_ns && !fo->retry_deadline_ns && now >= fo->retry_ns)
	{
		add_log(out, "link-monitor '%s': bringing %s up to probe whether it "
				"recovered", cfg->name, cfg->connection);
		add_cmd(out, LM_CMD_INITIATE_CHILD, cfg->connection, cfg->child);
		fo->retry_ns = 0;
		fo->retry_deadline_ns = now + LM_FAILOVER_MOVE_TIMEOUT;
	}
}

/**
 * On a backup: move back when failback is due, away from a dead backup,
 * and retry an unobservable primary.
 */
static void backup_timer(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
						 const bool *backup_dead, uint64_t now,
						 lm_fo_out_t *out)
{
	if (now >= failback_at(fo, cfg))
	{
		start_failback(fo, cfg, now, out);
		return;
	}
	if (backup_dead[fo->backup])
	{
		try_move(fo, cfg, backup_dead, now, false, "backup path is dead", out);
		if (fo->phase != LM_FO_BACKUP)
		{
			return;
		}
	}
	retry_primary(fo, cfg, now, out);
}

void lm_failover_timer(lm_failover_t *fo, const lm_monitor_cfg_t *cfg,
					   const bool *backup_dead, uint64_t now_ns,
					   lm_fo_out_t *out)
{
	if (fo->standby_ns && now_ns >= fo->standby_ns &&
		(fo->phase == LM_FO_PRIMARY || fo->phase == LM_FO_BACKUP))
	{
		standby(fo, cfg, now_ns, out);
	}
	switch (fo->phase)
	{
		case LM_FO_TO_BACKUP:
			if (now_ns >= fo->deadline_ns)
			{
				move_timed_out(fo, cfg, backup_dead, now_ns, out);
			}
			return;
		case LM_FO_TO_PRIMARY:
			if (now_ns >= fo->deadline_ns)
			{
				failback_timed_out(fo, cfg, now_ns, out);
			}
			return;
		case LM_FO_PRIMARY:
			if (fo->state == LM_STATE_DEAD && now_ns >= holddown_end(fo, cfg))
			{
				try_move(fo, cfg, backup_dead, now_ns, false,
						 "monitor is dead", out);
			}
			return;
		case LM_FO_BACKUP:
			backup_timer(fo, cfg, backup_dead, now_ns, out);
			return;
	}
}

static uint64_t next_phase(const lm_failover_t *fo,
						   const lm_monitor_cfg_t *cfg);

uint64_t lm_failover_next(const lm_failover_t *fo, const lm_monitor_cfg_t *cfg)
{
	uint64_t next = next_phase(fo, cfg);

	if (fo->standby_ns && fo->standby_ns < next)
	{
		next = fo->standby_ns;
	}
	return next;
}

/**
 * Next event of the phase logic.
 */
static uint64_t next_phase(const lm_failover_t *fo, const lm_monitor_cfg_t *cfg)
{
	uint64_t next = UINT64_MAX, t;

	switch (fo->phase)
	{
		case LM_FO_TO_BACKUP:
		case LM_FO_TO_PRIMARY:
			return fo->deadline_ns;
		case LM_FO_PRIMARY:
			if (fo->state == LM_STATE_DEAD && fo->holddown_logged)
			{
				return holddown_end(fo, cfg);
			}
			return UINT64_MAX;
		case LM_FO_BACKUP:
			next = failback_at(fo, cfg);
			t = fo->retry_deadline_ns ? fo->retry_deadline_ns : fo->retry_ns;
			if (t && t < next)
			{
				next = t;
			}
			return next;
	}
	return next;
}

const char *lm_failover_active(const lm_failover_t *fo,
							   const lm_monitor_cfg_t *cfg)
{
	if (fo->phase == LM_FO_BACKUP || fo->phase == LM_FO_TO_PRIMARY)
	{
		return path_name(cfg, fo->backup);
	}
	if (fo->phase == LM_FO_TO_BACKUP)
	{
		return path_name(cfg, fo->previous);
	}
	return cfg->connection;
}

const char *lm_failover_phase_name(lm_fo_phase_t phase)
{
	switch (phase)
	{
		case LM_FO_PRIMARY:
			return "primary";
		case LM_FO_TO_BACKUP:
			return "moving to backup";
		case LM_FO_BACKUP:
			return "backup";
		case LM_FO_TO_PRIMARY:
			return "moving back";
		default:
			return "unknown";
	}
}
