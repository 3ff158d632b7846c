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

#include "link_monitor_manager.h"

#include <daemon.h>
#include <threading/rwlock.h>
#include <collections/linked_list.h>

typedef struct private_link_monitor_manager_t private_link_monitor_manager_t;

/**
 * Private data of a link_monitor_manager_t object.
 */
struct private_link_monitor_manager_t {

	/**
	 * Public link_monitor_manager_t interface.
	 */
	link_monitor_manager_t public;

	/**
	 * Configured monitors (none until the monitor engine lands).
	 */
	linked_list_t *monitors;

	/**
	 * Lock for monitors.
	 */
	rwlock_t *lock;
};

METHOD(link_monitor_manager_t, status, lm_msg_result_t,
	private_link_monitor_manager_t *this, lm_buf_t *buf, char *name, bool json)
{
	lm_msg_result_t result = LM_MSG_OK;

	this->lock->read_lock(this->lock);
	if (name)
	{
		lm_buf_printf(buf, "link-monitor '%s' not found\n", name);
		result = LM_MSG_NOT_FOUND;
	}
	else if (json)
	{
		lm_buf_printf(buf, "{\"monitors\":[]}\n");
	}
	else
	{
		lm_buf_printf(buf, "no link monitors configured\n");
	}
	this->lock->unlock(this->lock);
	return result;
}

METHOD(link_monitor_manager_t, reload, bool,
	private_link_monitor_manager_t *this)
{
	DBG1(DBG_CFG, "link-monitor: reloading configuration");
	return TRUE;
}

METHOD(link_monitor_manager_t, destroy, void,
	private_link_monitor_manager_t *this)
{
	this->monitors->destroy(this->monitors);
	this->lock->destroy(this->lock);
	free(this);
}

/*
 * Described in header
 */
link_monitor_manager_t *link_monitor_manager_create()
{
	private_link_monitor_manager_t *this;

	INIT(this,
		.public = {
			.status = _status,
			.reload = _reload,
			.destroy = _destroy,
		},
		.monitors = linked_list_create(),
		.lock = rwlock_create(RWLOCK_TYPE_DEFAULT),
	);

	return &this->public;
}
