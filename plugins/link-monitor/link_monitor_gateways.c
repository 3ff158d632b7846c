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

#include "link_monitor_gateways.h"
#include "link_monitor_netlink.h"

#include <daemon.h>
#include <threading/mutex.h>
#include <processing/jobs/callback_job.h>

/** interval of the lookups, ms */
#define GATEWAY_INTERVAL 2000

/** most interfaces followed */
#define MAX_INTERFACES 32

typedef struct private_link_monitor_gateways_t private_link_monitor_gateways_t;

/**
 * The gateway of an interface, as last told.
 */
typedef struct {
	/** interface name */
	char name[IF_NAMESIZE];
	/** its gateway, family 0 if none */
	lm_addr_t gw;
} known_t;

/**
 * Private data of a link_monitor_gateways_t object.
 */
struct private_link_monitor_gateways_t {

	/**
	 * Public link_monitor_gateways_t interface.
	 */
	link_monitor_gateways_t public;

	/**
	 * Lists the interfaces, takes the gateways.
	 */
	link_monitor_scheduler_t *scheduler;

	/**
	 * NETLINK_ROUTE socket of its own.
	 */
	link_monitor_netlink_t *netlink;

	/**
	 * Gateways as last told.
	 */
	known_t known[MAX_INTERFACES];

	/**
	 * Number of known gateways.
	 */
	int count;

	/**
	 * Tell every gateway at the next lookup, changed or not.
	 */
	bool all;

	/**
	 * The periodic lookup is scheduled.
	 */
	bool scheduled;

	/**
	 * One lookup at a time; protects everything above.
	 */
	mutex_t *mutex;
};

/**
 * The gateway of an interface, family 0 if it has none or does not exist.
 */
static void lookup(private_link_monitor_gateways_t *this, const char *name,
				   lm_addr_t *gw)
{
	int ifindex = if_nametoindex(name), err;

	memset(gw, 0, sizeof(*gw));
	if (!ifindex)
	{
		return;
	}
	err = this->netlink->gateway(this->netlink, ifindex, gw);
	if (err)
	{
		DBG1(DBG_KNL, "link-monitor: looking up the default gateway of %s "
			 "failed: %s", name, strerror(err));
	}
}

/**
 * Remember the gateway of an interface.
 *
 * @return			TRUE if it differs from what was known
 */
static bool remember(private_link_monitor_gateways_t *this, const char *name,
					 const lm_addr_t *gw)
{
	int i;

	for (i = 0; i < this->count; i++)
	{
		if (streq(this->known[i].name, name))
		{
			if (lm_addr_equals(&this->known[i].gw, gw))
			{
				return FALSE;
			}
			this->known[i].gw = *gw;
			return TRUE;
		}
	}
	if (this->count < MAX_INTERFACES)
	{
		snprintf(this->known[this->count].name, IF_NAMESIZE, "%s", name);
		this->known[this->count++].gw = *gw;
	}
	return TRUE;
}

/**
 * Look up the gateways and tell the core those that changed.
 */
static void update(private_link_monitor_gateways_t *this)
{
	char names[MAX_INTERFACES][IF_NAMESIZE];
	lm_event_t event = {
		.type = LM_EV_GATEWAY,
	};
	bool all;
	int i, count;

	count = this->scheduler->gateway_interfaces(this->scheduler, names,
												MAX_INTERFACES);
	this->mutex->lock(this->mutex);
	all = this->all;
	this->all = FALSE;
	for (i = 0; i < count; i++)
	{
		lookup(this, names[i], &event.gateway.addr);
		if (remember(this, names[i], &event.gateway.addr) || all)
		{
			event.gateway.interface = names[i];
			event.now_ns = 0;
			this->scheduler->step(this->scheduler, &event);
		}
	}
	this->mutex->unlock(this->mutex);
}

/**
 * The periodic lookup.
 */
static job_requeue_t periodic(private_link_monitor_gateways_t *this)
{
	update(this);
	return JOB_RESCHEDULE_MS(GATEWAY_INTERVAL);
}

/**
 * A lookup right away.
 */
static job_requeue_t once(private_link_monitor_gateways_t *this)
{
	update(this);
	return JOB_REQUEUE_NONE;
}

METHOD(link_monitor_gateways_t, refresh, void,
	private_link_monitor_gateways_t *this)
{
	bool schedule;

	this->mutex->lock(this->mutex);
	/* new monitors do not know the gateway their interface has had */
	this->all = TRUE;
	schedule = !this->scheduled;
	this->scheduled = TRUE;
	this->mutex->unlock(this->mutex);
	/* jobs refer to this component by a plain pointer, see
	 * docs/development.md: they start once the plugin is complete */
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create_with_prio((callback_job_cb_t)once, this,
											  NULL, NULL, JOB_PRIO_HIGH));
	if (schedule)
	{
		lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)periodic, this,
										NULL, NULL), GATEWAY_INTERVAL);
	}
}

METHOD(link_monitor_gateways_t, destroy, void,
	private_link_monitor_gateways_t *this)
{
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_gateways_t *link_monitor_gateways_create(
										link_monitor_scheduler_t *scheduler,
										link_monitor_netlink_t *netlink)
{
	private_link_monitor_gateways_t *this;

	if (!netlink)
	{
		return NULL;
	}
	INIT(this,
		.public = {
			.refresh = _refresh,
			.destroy = _destroy,
		},
		.scheduler = scheduler,
		.netlink = netlink,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
