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

#include "link_monitor_routes.h"
#include "link_monitor_ledger.h"
#include "link_monitor_links.h"
#include "link_monitor_netlink.h"
#include "link_monitor_rules.h"

#include <errno.h>
#include <net/if.h>

#include <daemon.h>
#include <collections/linked_list.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

/** interval of retries and of the check for removed routes, in ms */
#define CHECK_INTERVAL 2000

/** buffer size for lm_route_fmt() */
#define ROUTE_STRLEN 192

typedef struct private_link_monitor_routes_t private_link_monitor_routes_t;

/**
 * What an owner wants, queued for the apply job: a copy of the want, whose
 * owner and links point to the strings here.
 */
typedef struct {
	/** routes, rules and links */
	lm_want_t want;
	/** owner */
	char *owner;
	/** links to set down, want.nlinks */
	char *links[LM_MAX_CASCADE];
} pending_t;

/**
 * Private data of a link_monitor_routes_t object.
 */
struct private_link_monitor_routes_t {

	/**
	 * Public link_monitor_routes_t interface.
	 */
	link_monitor_routes_t public;

	/**
	 * NETLINK_ROUTE socket.
	 */
	link_monitor_netlink_t *netlink;

	/**
	 * The links owners want down.
	 */
	link_monitor_links_t *links;

	/**
	 * The rules owners want.
	 */
	link_monitor_rules_t *rules;

	/**
	 * Routes owners want, lm_route_t, normalized.
	 */
	link_monitor_ledger_t *wants;

	/**
	 * Routes we installed, link_monitor_kroute_t (the interface index
	 * resolved when installing), with the owner that wants it (or wanted it
	 * last).
	 */
	link_monitor_ledger_t *kroutes;

	/**
	 * Protects both ledgers, held during netlink requests.
	 */
	mutex_t *mutex;

	/**
	 * Wants queued for the apply job, pending_t.
	 */
	linked_list_t *pending;

	/**
	 * The apply job is queued or running.
	 */
	bool applying;

	/**
	 * The check job is scheduled.
	 */
	bool checking;

	/**
	 * Protects pending, applying and checking.
	 */
	mutex_t *pending_mutex;
};

/**
 * Format a route.
 */
static char *fmt(const lm_route_t *route, char buf[ROUTE_STRLEN])
{
	return lm_route_fmt(route, buf, ROUTE_STRLEN);
}

/**
 * Compare routes, link_monitor_ledger_equals_t; the items of both ledgers
 * start with their lm_route_t.
 */
static bool route_equals(const void *item, const void *key)
{
	return lm_route_equals(item, key);
}

/**
 * Hash a route by its destination and table, link_monitor_ledger_hash_t;
 * the items of both ledgers start with their lm_route_t.
 */
static u_int route_hash(const void *item)
{
	const lm_route_t *route = item;

	return chunk_hash_inc(chunk_create((u_char*)route->dst.a,
							route->dst.family == AF_INET6 ? 16 : 4),
						  route->prefixlen | route->table << 8);
}

/**
 * Check if the kernel's key of two routes is the same.
 */
static bool same_key(const lm_route_t *a, const lm_route_t *b)
{
	return lm_addr_equals(&a->dst, &b->dst) && a->prefixlen == b->prefixlen &&
		   a->metric == b->metric && a->table == b->table;
}

/**
 * Find an installed route with the same key as a route that nobody wants
 * anymore, to replace it in place.
 */
static link_monitor_owned_t *find_replaceable(
						private_link_monitor_routes_t *this,
						const lm_route_t *route)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *owned, *found = NULL;
	link_monitor_kroute_t *kroute;

	enumerator = this->kroutes->create_enumerator(this->kroutes);
	while (enumerator->enumerate(enumerator, &owned))
	{
		kroute = owned->item;
		if (same_key(&kroute->route, route) &&
			!this->wants->find(this->wants, &kroute->route))
		{
			found = owned;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Remember a route we installed for a want, replacing old if not NULL.
 */
static void record(private_link_monitor_routes_t *this,
				   link_monitor_owned_t *want, link_monitor_owned_t *old,
				   int ifindex)
{
	link_monitor_kroute_t kroute = {
		.route = *(lm_route_t*)want->item,
		.ifindex = ifindex,
	}, *replaced;
	char buf[ROUTE_STRLEN];

	if (old)
	{
		replaced = old->item;
		DBG1(DBG_KNL, "link-monitor '%s': removed route %s (replaced)",
			 old->owner, fmt(&replaced->route, buf));
		*replaced = kroute;
		old->err = 0;
		link_monitor_owned_set_owner(old, want->owner);
		return;
	}
	this->kroutes->add(this->kroutes, want->owner, &kroute);
}

/**
 * Install a route an owner wants, link_monitor_ledger_apply_t.
 */
CALLBACK(install, bool,
	private_link_monitor_routes_t *this, link_monitor_owned_t *want,
	link_monitor_owned_t *shared)
{
	lm_route_t *route = want->item;
	link_monitor_owned_t *old;
	char buf[ROUTE_STRLEN];
	int ifindex = 0, err = 0;

	if (shared)
	{
		DBG1(DBG_KNL, "link-monitor '%s': installed route %s (shared with "
			 "'%s')", want->owner, fmt(route, buf), shared->owner);
		return TRUE;
	}
	old = find_replaceable(this, route);
	if (route->ifname[0])
	{
		ifindex = if_nametoindex(route->ifname);
		if (!ifindex)
		{
			err = ENODEV;
		}
	}
	if (!err)
	{
		err = this->netlink->route_op(this->netlink,
						old ? LM_NLROUTE_REPLACE : LM_NLROUTE_ADD, route,
						ifindex);
		if (err == EEXIST && !old &&
			this->netlink->has_route(this->netlink, route, ifindex))
		{
			/* e.g. installed before a timeout hit */
			err = 0;
		}
	}
	if (err)
	{
		if (link_monitor_owned_failed(want, err))
		{
			DBG1(DBG_KNL, "link-monitor '%s': failed to install route %s: %s",
				 want->owner, fmt(route, buf), strerror(err));
		}
		return FALSE;
	}
	DBG1(DBG_KNL, "link-monitor '%s': installed route %s%s", want->owner,
		 fmt(route, buf), want->err ? " after retrying" : "");
	record(this, want, old, ifindex);
	return TRUE;
}

/**
 * Remove a route of ours nobody wants, link_monitor_ledger_revert_t.
 */
CALLBACK(uninstall, bool,
	private_link_monitor_routes_t *this, link_monitor_owned_t *owned)
{
	link_monitor_kroute_t *kroute = owned->item;
	char buf[ROUTE_STRLEN];
	int err;

	err = this->netlink->route_op(this->netlink, LM_NLROUTE_DEL,
								  &kroute->route, kroute->ifindex);
	if (err == ESRCH || err == ENOENT)
	{
		err = 0;
	}
	if (err)
	{
		if (link_monitor_owned_failed(owned, err))
		{
			DBG1(DBG_KNL, "link-monitor '%s': failed to remove route %s: "
				 "%s", owned->owner, fmt(&kroute->route, buf),
				 strerror(err));
		}
		return FALSE;
	}
	DBG1(DBG_KNL, "link-monitor '%s': removed route %s%s", owned->owner,
		 fmt(&kroute->route, buf), owned->err ? " after retrying" : "");
	return TRUE;
}

/**
 * Install missing routes, then remove routes nobody wants.
 */
static void reconcile_routes(private_link_monitor_routes_t *this)
{
	this->wants->reconcile(this->wants, this->kroutes, install, uninstall,
						   this);
}

/**
 * Find routes of ours removed by someone else and forget them, so they get
 * installed again.
 */
static void check_removed(private_link_monitor_routes_t *this)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *owned;
	link_monitor_kroute_t *kroute;
	array_t *found;
	char buf[ROUTE_STRLEN];
	int err;

	if (!this->kroutes->get_count(this->kroutes))
	{
		return;
	}
	err = this->netlink->dump(this->netlink, &found);
	if (err)
	{
		DBG2(DBG_KNL, "link-monitor: listing routes failed: %s",
			 strerror(err));
		return;
	}
	enumerator = this->kroutes->create_enumerator(this->kroutes);
	while (enumerator->enumerate(enumerator, &owned))
	{
		kroute = owned->item;
		if (link_monitor_netlink_in_dump(found, &kroute->route,
										 kroute->ifindex))
		{
			continue;
		}
		this->wants->forget_removed(this->wants, this->kroutes, enumerator,
									owned, "route", fmt(&kroute->route, buf));
	}
	enumerator->destroy(enumerator);
	array_destroy(found);
}

/**
 * Check job: re-installs routes removed by someone else and retries what
 * failed, every CHECK_INTERVAL.
 *
 * It refers to the object by a plain pointer: charon cancels its processor
 * and flushes its scheduler before it unloads plugins, so it never runs
 * after destroy().
 */
static job_requeue_t check_job(private_link_monitor_routes_t *this)
{
	this->mutex->lock(this->mutex);
	check_removed(this);
	reconcile_routes(this);
	this->mutex->unlock(this->mutex);
	this->rules->check(this->rules);
	this->links->reconcile(this->links);
	return JOB_RESCHEDULE_MS(CHECK_INTERVAL);
}

/**
 * Set the routes an owner wants installed right now: install what is
 * missing, remove what nobody wants anymore, remember failures to retry.
 */
static void set(private_link_monitor_routes_t *this, const char *owner,
				const lm_route_t *routes, int count)
{
	lm_route_t *wanted;
	int i;

	wanted = calloc(count > 0 ? count : 1, sizeof(lm_route_t));
	for (i = 0; i < count; i++)
	{
		wanted[i] = routes[i];
		wanted[i].ifname[IF_NAMESIZE - 1] = '\0';
		lm_nlroute_normalize(&wanted[i]);
	}
	this->mutex->lock(this->mutex);
	this->wants->set(this->wants, owner, wanted, count);
	reconcile_routes(this);
	this->mutex->unlock(this->mutex);
	free(wanted);
}

/**
 * Destroy a queued want.
 */
static void pending_destroy(pending_t *p)
{
	int i;

	for (i = 0; i < p->want.nlinks; i++)
	{
		free(p->links[i]);
	}
	free(p->owner);
	free(p);
}

/**
 * Job applying the queued wants, one job at a time, until none is left.
 */
static job_requeue_t apply_pending(private_link_monitor_routes_t *this)
{
	pending_t *p;

	while (TRUE)
	{
		this->pending_mutex->lock(this->pending_mutex);
		if (this->pending->remove_first(this->pending, (void**)&p) != SUCCESS)
		{
			this->applying = FALSE;
			this->pending_mutex->unlock(this->pending_mutex);
			return JOB_REQUEUE_NONE;
		}
		this->pending_mutex->unlock(this->pending_mutex);
		set(this, p->owner, p->want.routes, p->want.count);
		this->rules->set(this->rules, p->owner, p->want.rules,
						 p->want.nrules);
		this->links->set_down(this->links, p->owner, p->links,
							  p->want.nlinks);
		pending_destroy(p);
	}
}

/**
 * Match the queued want of an owner, for find_first().
 */
CALLBACK(pending_owner, bool,
	pending_t *p, va_list args)
{
	char *owner;

	VA_ARGS_VGET(args, owner);
	return streq(p->owner, owner);
}

/**
 * Queue what an owner wants, replacing what it queued before, and start the
 * apply job unless it runs. The check job starts with the first want, not
 * in link_monitor_routes_create(): the plugin may still fail to start then
 * and destroy us, with the job scheduled. It queues nothing before every
 * component exists (its first reload comes last), so once an owner wants
 * anything, we live until charon stops (and flushes its scheduler).
 */
static void enqueue(private_link_monitor_routes_t *this, pending_t *p)
{
	pending_t *old;
	bool apply, check;

	this->pending_mutex->lock(this->pending_mutex);
	if (this->pending->find_first(this->pending, pending_owner, (void**)&old,
								  p->owner))
	{
		this->pending->remove(this->pending, old, NULL);
		pending_destroy(old);
	}
	this->pending->insert_last(this->pending, p);
	apply = !this->applying;
	check = !this->checking;
	this->applying = this->checking = TRUE;
	this->pending_mutex->unlock(this->pending_mutex);
	if (apply)
	{
		lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create_with_prio(
							(callback_job_cb_t)apply_pending, this, NULL,
							NULL, JOB_PRIO_HIGH));
	}
	if (check)
	{
		lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)check_job, this,
										NULL, NULL), CHECK_INTERVAL);
	}
}

METHOD(link_monitor_routes_t, want, void,
	private_link_monitor_routes_t *this, const lm_want_t *want)
{
	pending_t *p;
	int i;

	INIT(p,
		.want = *want,
		.owner = strdup(want->owner),
	);
	p->want.owner = p->owner;
	for (i = 0; i < p->want.nlinks; i++)
	{
		p->links[i] = strdup(want->links[i]);
		p->want.links[i] = p->links[i];
	}
	enqueue(this, p);
}

METHOD(link_monitor_routes_t, get_rules, int,
	private_link_monitor_routes_t *this, const char *owner,
	link_monitor_rule_state_t **rules)
{
	return this->rules->get_rules(this->rules, owner, rules);
}

METHOD(link_monitor_routes_t, get_routes, int,
	private_link_monitor_routes_t *this, const char *owner,
	link_monitor_route_state_t **routes)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *want;
	int count = 0;

	*routes = NULL;
	this->mutex->lock(this->mutex);
	enumerator = this->wants->create_enumerator(this->wants);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (!streq(want->owner, owner))
		{
			continue;
		}
		*routes = realloc(*routes, (count + 1) *
						  sizeof(link_monitor_route_state_t));
		(*routes)[count++] = (link_monitor_route_state_t){
			.route = *(lm_route_t*)want->item,
			.installed = want->applied,
			.error = want->applied ? 0 : want->err,
		};
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return count;
}

/**
 * Remove stale routes of ours, left by a crashed run.
 */
static void remove_stale(private_link_monitor_routes_t *this)
{
	array_t *found;
	link_monitor_kroute_t entry;
	char buf[ROUTE_STRLEN], name[IF_NAMESIZE];
	int i, err;

	err = this->netlink->dump(this->netlink, &found);
	if (err)
	{
		DBG1(DBG_KNL, "link-monitor: listing stale routes failed: %s",
			 strerror(err));
		return;
	}
	for (i = 0; i < array_count(found); i++)
	{
		array_get(found, i, &entry);
		if (entry.ifindex && if_indextoname(entry.ifindex, name))
		{
			memcpy(entry.route.ifname, name, sizeof(entry.route.ifname));
		}
		DBG1(DBG_KNL, "link-monitor: removing stale route %s",
			 fmt(&entry.route, buf));
		err = this->netlink->route_op(this->netlink, LM_NLROUTE_DEL,
									  &entry.route, entry.ifindex);
		if (err && err != ESRCH && err != ENOENT)
		{
			DBG1(DBG_KNL, "link-monitor: removing stale route %s failed: %s",
				 buf, strerror(err));
		}
	}
	array_destroy(found);
}

METHOD(link_monitor_routes_t, destroy, void,
	private_link_monitor_routes_t *this)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *owned;
	link_monitor_kroute_t *kroute;
	char buf[ROUTE_STRLEN];

	this->mutex->lock(this->mutex);
	this->wants->flush(this->wants);
	reconcile_routes(this);
	enumerator = this->kroutes->create_enumerator(this->kroutes);
	while (enumerator->enumerate(enumerator, &owned))
	{
		kroute = owned->item;
		DBG1(DBG_KNL, "link-monitor '%s': route %s left installed",
			 owned->owner, fmt(&kroute->route, buf));
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);

	this->rules->destroy(this->rules);
	this->links->destroy(this->links);
	this->wants->destroy(this->wants);
	this->kroutes->destroy(this->kroutes);
	this->pending->destroy_function(this->pending, (void*)pending_destroy);
	this->pending_mutex->destroy(this->pending_mutex);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_routes_t *link_monitor_routes_create(
										link_monitor_netlink_t *netlink)
{
	private_link_monitor_routes_t *this;

	INIT(this,
		.public = {
			.want = _want,
			.get_routes = _get_routes,
			.get_rules = _get_rules,
			.destroy = _destroy,
		},
		.netlink = netlink,
		.links = link_monitor_links_create(netlink),
		.rules = link_monitor_rules_create(netlink),
		.wants = link_monitor_ledger_create(sizeof(lm_route_t),
											route_equals, route_hash),
		.kroutes = link_monitor_ledger_create(sizeof(link_monitor_kroute_t),
											  route_equals, route_hash),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.pending = linked_list_create(),
		.pending_mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	remove_stale(this);
	return &this->public;
}
