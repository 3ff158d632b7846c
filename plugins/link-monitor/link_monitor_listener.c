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

#include "link_monitor_listener.h"

#include <daemon.h>
#include <threading/thread.h>

typedef struct private_link_monitor_listener_t private_link_monitor_listener_t;

/**
 * Private data of a link_monitor_listener_t object.
 */
struct private_link_monitor_listener_t {

	/**
	 * Public link_monitor_listener_t interface.
	 */
	link_monitor_listener_t public;

	/**
	 * Monitor manager.
	 */
	link_monitor_manager_t *manager;

	/**
	 * Thread that loaded the plugin: charon's main thread.
	 */
	u_int main_thread;

	/**
	 * Charon's shutdown was logged.
	 */
	bool shutdown;
};

METHOD(listener_t, ike_updown, bool,
	private_link_monitor_listener_t *this, ike_sa_t *ike_sa, bool up)
{
	DBG2(DBG_CFG, "link-monitor: IKE_SA %s[%u] %s", ike_sa->get_name(ike_sa),
		 ike_sa->get_unique_id(ike_sa), up ? "up" : "down");
	return TRUE;
}

METHOD(listener_t, child_updown, bool,
	private_link_monitor_listener_t *this, ike_sa_t *ike_sa,
	child_sa_t *child_sa, bool up)
{
	DBG2(DBG_CFG, "link-monitor: CHILD_SA %s{%u} of %s[%u] %s",
		 child_sa->get_name(child_sa), child_sa->get_unique_id(child_sa),
		 ike_sa->get_name(ike_sa), ike_sa->get_unique_id(ike_sa),
		 up ? "up" : "down");
	if (!up && thread_current_id() == this->main_thread)
	{
		/* only charon's shutdown closes CHILD_SAs on its main thread (the
		 * IKE_SA manager's flush): no monitor is dead for it, and there is
		 * no path to move to */
		if (!this->shutdown)
		{
			DBG1(DBG_CFG, "link-monitor: charon is shutting down, not acting "
				 "on the CHILD_SAs it closes");
			this->shutdown = TRUE;
		}
		return TRUE;
	}
	this->manager->child_updown(this->manager, ike_sa, child_sa, up);
	return TRUE;
}

METHOD(listener_t, child_rekey, bool,
	private_link_monitor_listener_t *this, ike_sa_t *ike_sa,
	child_sa_t *old, child_sa_t *new)
{
	this->manager->child_rekey(this->manager, ike_sa, old, new);
	return TRUE;
}

METHOD(link_monitor_listener_t, destroy, void,
	private_link_monitor_listener_t *this)
{
	free(this);
}

/*
 * Described in header
 */
link_monitor_listener_t *link_monitor_listener_create(
										link_monitor_manager_t *manager)
{
	private_link_monitor_listener_t *this;

	INIT(this,
		.public = {
			.listener = {
				.ike_updown = _ike_updown,
				.child_updown = _child_updown,
				.child_rekey = _child_rekey,
			},
			.destroy = _destroy,
		},
		.manager = manager,
		.main_thread = thread_current_id(),
	);

	return &this->public;
}
