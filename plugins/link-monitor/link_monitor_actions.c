/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

#include "link_monitor_actions.h"

#include <daemon.h>
#include <collections/array.h>
#include <processing/jobs/callback_job.h>

typedef struct private_link_monitor_actions_t private_link_monitor_actions_t;

/**
 * Private data of a link_monitor_actions_t object.
 */
struct private_link_monitor_actions_t {

	/**
	 * Public link_monitor_actions_t interface.
	 */
	link_monitor_actions_t public;
};

/**
 * A copied command.
 */
typedef struct {
	lm_cmd_type_t type;
	char *connection;
	char *child;
	uint32_t ike_id;
} cmd_t;

/**
 * Commands of one decision, executed by one job.
 */
typedef struct {
	char *monitor;
	cmd_t cmds[LM_FO_MAX_CMDS];
	int count;
} batch_t;

static void batch_destroy(batch_t *batch)
{
	int i;

	for (i = 0; i < batch->count; i++)
	{
		free(batch->cmds[i].connection);
		free(batch->cmds[i].child);
	}
	free(batch->monitor);
	free(batch);
}

/**
 * Find a child config by name.
 */
static child_cfg_t *find_child(peer_cfg_t *peer_cfg, char *name)
{
	enumerator_t *enumerator;
	child_cfg_t *cfg, *found = NULL;

	enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
	while (enumerator->enumerate(enumerator, &cfg))
	{
		if (streq(cfg->get_name(cfg), name))
		{
			found = cfg->get_ref(cfg);
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Is an IKE_SA of this connection established or being established?
 */
static bool ike_exists(char *connection)
{
	enumerator_t *enumerator;
	ike_sa_t *ike_sa;
	bool found = FALSE;

	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		if (streq(ike_sa->get_name(ike_sa), connection) &&
			(ike_sa->get_state(ike_sa) == IKE_ESTABLISHED ||
			 ike_sa->get_state(ike_sa) == IKE_CONNECTING))
		{
			found = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Collect unique ids of IKE_SAs (child NULL) or installed CHILD_SAs of a
 * connection (child "" for any).
 */
static array_t *collect_ids(char *connection, char *child, bool ike)
{
	enumerator_t *enumerator, *children;
	array_t *ids = array_create(sizeof(uint32_t), 0);
	child_sa_t *child_sa;
	ike_sa_t *ike_sa;
	uint32_t id;

	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		if (!streq(ike_sa->get_name(ike_sa), connection))
		{
			continue;
		}
		if (ike)
		{
			id = ike_sa->get_unique_id(ike_sa);
			array_insert(ids, ARRAY_TAIL, &id);
			continue;
		}
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			if (child_sa->get_state(child_sa) == CHILD_INSTALLED &&
				(!child || streq(child_sa->get_name(child_sa), child)))
			{
				id = child_sa->get_unique_id(child_sa);
				array_insert(ids, ARRAY_TAIL, &id);
			}
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);
	return ids;
}

/**
 * Initiate a CHILD_SA, or only the IKE_SA.
 */
static void initiate(batch_t *batch, cmd_t *cmd, bool ike_only)
{
	peer_cfg_t *peer_cfg;
	child_cfg_t *child_cfg = NULL;

	if (ike_only && ike_exists(cmd->connection))
	{
		DBG2(DBG_IKE, "link-monitor '%s': standby IKE_SA %s is up",
			 batch->monitor, cmd->connection);
		return;
	}
	peer_cfg = charon->backends->get_peer_cfg_by_name(charon->backends,
													  cmd->connection);
	if (!peer_cfg)
	{
		/* standby checks repeat until the connection is loaded */
		if (ike_only)
		{
			DBG2(DBG_IKE, "link-monitor '%s': connection '%s' not found, "
				 "cannot initiate it", batch->monitor, cmd->connection);
		}
		else
		{
			DBG1(DBG_IKE, "link-monitor '%s': connection '%s' not found, "
				 "cannot initiate it", batch->monitor, cmd->connection);
		}
		return;
	}
	if (!ike_only && !cmd->child)
	{
		/* all children of the connection (dead_action restart) */
		enumerator_t *enumerator;
		child_cfg_t *cfg;

		enumerator = peer_cfg->create_child_cfg_enumerator(peer_cfg);
		while (enumerator->enumerate(enumerator, &cfg))
		{
			DBG1(DBG_CHD, "link-monitor '%s': initiating CHILD_SA %s/%s",
				 batch->monitor, cmd->connection, cfg->get_name(cfg));
			charon->controller->initiate(charon->controller,
						peer_cfg->get_ref(peer_cfg), cfg->get_ref(cfg),
						NULL, NULL, 0, FALSE);
		}
		enumerator->destroy(enumerator);
		peer_cfg->destroy(peer_cfg);
		return;
	}
	if (!ike_only)
	{
		child_cfg = find_child(peer_cfg, cmd->child);
		if (!child_cfg)
		{
			DBG1(DBG_CHD, "link-monitor '%s': connection '%s' has no child "
				 "'%s'", batch->monitor, cmd->connection, cmd->child);
			peer_cfg->destroy(peer_cfg);
			return;
		}
		DBG1(DBG_CHD, "link-monitor '%s': initiating CHILD_SA %s/%s",
			 batch->monitor, cmd->connection, child_cfg->get_name(child_cfg));
	}
	else
	{
		DBG1(DBG_IKE, "link-monitor '%s': initiating standby IKE_SA %s",
			 batch->monitor, cmd->connection);
	}
	/* asynchronous: no callback, the bus reports the result */
	charon->controller->initiate(charon->controller, peer_cfg, child_cfg,
								 NULL, NULL, 0, FALSE);
}

/**
 * Close CHILD_SAs or IKE_SAs.
 */
static void terminate(batch_t *batch, cmd_t *cmd, bool ike)
{
	array_t *ids;
	uint32_t id;
	int i;

	ids = collect_ids(cmd->connection, cmd->child, ike);
	if (!array_count(ids))
	{
		DBG1(ike ? DBG_IKE : DBG_CHD, "link-monitor '%s': no %s of %s%s%s "
			 "to close", batch->monitor, ike ? "IKE_SA" : "CHILD_SA",
			 cmd->connection, cmd->child ? "/" : "", cmd->child ?: "");
	}
	for (i = 0; i < array_count(ids); i++)
	{
		array_get(ids, i, &id);
		if (ike)
		{
			DBG1(DBG_IKE, "link-monitor '%s': closing IKE_SA %s[%u]",
				 batch->monitor, cmd->connection, id);
			charon->controller->terminate_ike(charon->controller, id, FALSE,
											  NULL, NULL, 0);
		}
		else
		{
			DBG1(DBG_CHD, "link-monitor '%s': closing CHILD_SA %s{%u} of %s",
				 batch->monitor, cmd->child ?: "", id, cmd->connection);
			charon->controller->terminate_child(charon->controller, id,
												NULL, NULL, 0);
		}
	}
	array_destroy(ids);
}

/**
 * Job executing a batch.
 */
static job_requeue_t execute(batch_t *batch)
{
	cmd_t *cmd;
	int i;

	for (i = 0; i < batch->count; i++)
	{
		cmd = &batch->cmds[i];
		switch (cmd->type)
		{
			case LM_CMD_INITIATE_CHILD:
				initiate(batch, cmd, FALSE);
				break;
			case LM_CMD_INITIATE_IKE:
				initiate(batch, cmd, TRUE);
				break;
			case LM_CMD_TERMINATE_CHILD:
				terminate(batch, cmd, FALSE);
				break;
			case LM_CMD_TERMINATE_IKE:
				terminate(batch, cmd, TRUE);
				break;
			case LM_CMD_CLEAR_IKE:
				DBG1(DBG_IKE, "link-monitor '%s': clearing IKE_SA %s[%u] and "
					 "its CHILD_SAs", batch->monitor, cmd->connection,
					 cmd->ike_id);
				charon->controller->terminate_ike(charon->controller,
												  cmd->ike_id, TRUE, NULL,
												  NULL, 0);
				break;
		}
	}
	return JOB_REQUEUE_NONE;
}

METHOD(link_monitor_actions_t, queue, void,
	private_link_monitor_actions_t *this, const char *monitor,
	const lm_cmd_t *cmds, int count)
{
	batch_t *batch;
	int i;

	INIT(batch,
		.monitor = strdup(monitor),
	);
	for (i = 0; i < count && i < LM_FO_MAX_CMDS; i++)
	{
		batch->cmds[i] = (cmd_t){
			.type = cmds[i].type,
			.connection = strdup(cmds[i].connection),
			.child = strdupnull((char*)cmds[i].child),
			.ike_id = cmds[i].ike_id,
		};
		batch->count++;
	}
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create_with_prio((callback_job_cb_t)execute,
					batch, (callback_job_cleanup_t)batch_destroy, NULL,
					JOB_PRIO_HIGH));
}

METHOD(link_monitor_actions_t, destroy, void,
	private_link_monitor_actions_t *this)
{
	free(this);
}

/*
 * Described in header
 */
link_monitor_actions_t *link_monitor_actions_create()
{
	private_link_monitor_actions_t *this;

	INIT(this,
		.public = {
			.queue = _queue,
			.destroy = _destroy,
		},
	);
	return &this->public;
}
