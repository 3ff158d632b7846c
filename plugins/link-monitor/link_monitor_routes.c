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
#include "link_monitor_links.h"
#include "link_monitor_netlink.h"

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
 * A route an owner wants.
 */
typedef struct {
	/** owner */
	char *owner;
	/** route, normalized */
	lm_route_t route;
	/** a route of ours identical to it is installed */
	bool installed;
	/** errno of the last logged failure to install it, 0 if none */
	int err;
} want_t;

/**
 * A route we installed.
 */
typedef struct {
	/** route, normalized */
	lm_route_t route;
	/** interface index resolved when installing, 0 if none */
	int ifindex;
	/** owner that wants it (or wanted it last), for logs */
	char *owner;
	/** errno of the last logged failure to remove it, 0 if none */
	int err;
} kroute_t;

/**
 * What an owner wants, queued for the apply job.
 */
typedef struct {
	/** owner */
	char *owner;
	/** routes */
	lm_route_t *routes;
	/** number of routes */
	int count;
	/** links to set down */
	char **links;
	/** number of links */
	int nlinks;
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
	 * Routes owners want, want_t.
	 */
	linked_list_t *wants;

	/**
	 * Routes we installed, kroute_t.
	 */
	linked_list_t *kroutes;

	/**
	 * Protects the wants and what we installed, held during netlink
	 * requests.
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

static void want_destroy(want_t *want)
{
	free(want->owner);
	free(want);
}

static void kroute_destroy(kroute_t *kroute)
{
	free(kroute->owner);
	free(kroute);
}

/**
 * Replace an owner string if it differs.
 */
static void set_owner(char **owner, const char *new)
{
	if (!streq(*owner, new))
	{
		free(*owner);
		*owner = strdup(new);
	}
}

/**
 * Check if the kernel's key of two routes is the same.
 */
static bool same_key(const lm_route_t *a, const lm_route_t *b)
{
	return lm_addr_equals(&a->dst, &b->dst) && a->prefixlen == b->prefixlen &&
		   a->metric == b->metric && a->table == b->table;
}

CALLBACK(kroute_equals, bool,
	kroute_t *kroute, va_list args)
{
	lm_route_t *route;

	VA_ARGS_VGET(args, route);
	return lm_route_equals(&kroute->route, route);
}

/**
 * Find an installed route identical to a route.
 */
static kroute_t *find_kroute(private_link_monitor_routes_t *this,
							 const lm_route_t *route)
{
	kroute_t *found = NULL;

	this->kroutes->find_first(this->kroutes, kroute_equals, (void**)&found,
							  route);
	return found;
}

CALLBACK(want_equals, bool,
	want_t *want, va_list args)
{
	lm_route_t *route;

	VA_ARGS_VGET(args, route);
	return lm_route_equals(&want->route, route);
}

/**
 * Find the first want of a route, of any owner.
 */
static want_t *find_want(private_link_monitor_routes_t *this,
						 const lm_route_t *route)
{
	want_t *found = NULL;

	this->wants->find_first(this->wants, want_equals, (void**)&found, route);
	return found;
}

/**
 * Find an installed route with the same key as a route that nobody wants
 * anymore, to replace it in place.
 */
static kroute_t *find_replaceable(private_link_monitor_routes_t *this,
								  const lm_route_t *route)
{
	enumerator_t *enumerator;
	kroute_t *kroute, *found = NULL;

	enumerator = this->kroutes->create_enumerator(this->kroutes);
	while (enumerator->enumerate(enumerator, &kroute))
	{
		if (same_key(&kroute->route, route) &&
			!find_want(this, &kroute->route))
		{
			found = kroute;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Install a route an owner wants.
 */
static void install(private_link_monitor_routes_t *this, want_t *want)
{
	kroute_t *kroute, *old;
	char buf[ROUTE_STRLEN], oldbuf[ROUTE_STRLEN];
	int ifindex = 0, err = 0;

	kroute = find_kroute(this, &want->route);
	if (kroute)
	{
		DBG1(DBG_KNL, "link-monitor '%s': installed route %s (shared with "
			 "'%s')", want->owner, fmt(&want->route, buf), kroute->owner);
		want->installed = TRUE;
		want->err = 0;
		return;
	}
	old = find_replaceable(this, &want->route);
	if (want->route.ifname[0])
	{
		ifindex = if_nametoindex(want->route.ifname);
		if (!ifindex)
		{
			err = ENODEV;
		}
	}
	if (!err)
	{
		err = this->netlink->route_op(this->netlink,
						old ? LM_NLROUTE_REPLACE : LM_NLROUTE_ADD,
						&want->route, ifindex);
		if (err == EEXIST && !old &&
			this->netlink->has_route(this->netlink, &want->route, ifindex))
		{
			/* e.g. installed before a timeout hit */
			err = 0;
		}
	}
	if (err)
	{
		if (err != want->err)
		{
			DBG1(DBG_KNL, "link-monitor '%s': failed to install route %s: %s",
				 want->owner, fmt(&want->route, buf), strerror(err));
			want->err = err;
		}
		return;
	}
	DBG1(DBG_KNL, "link-monitor '%s': installed route %s%s", want->owner,
		 fmt(&want->route, buf), want->err ? " after retrying" : "");
	want->installed = TRUE;
	want->err = 0;
	if (old)
	{
		DBG1(DBG_KNL, "link-monitor '%s': removed route %s (replaced)",
			 old->owner, fmt(&old->route, oldbuf));
		old->route = want->route;
		old->ifindex = ifindex;
		old->err = 0;
		set_owner(&old->owner, want->owner);
		return;
	}
	INIT(kroute,
		.route = want->route,
		.ifindex = ifindex,
		.owner = strdup(want->owner),
	);
	this->kroutes->insert_last(this->kroutes, kroute);
}

/**
 * Install missing routes, then remove routes nobody wants.
 */
static void reconcile_routes(private_link_monitor_routes_t *this)
{
	enumerator_t *enumerator;
	want_t *want;
	kroute_t *kroute;
	char buf[ROUTE_STRLEN];
	int err;

	enumerator = this->wants->create_enumerator(this->wants);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (!want->installed)
		{
			install(this, want);
		}
	}
	enumerator->destroy(enumerator);

	enumerator = this->kroutes->create_enumerator(this->kroutes);
	while (enumerator->enumerate(enumerator, &kroute))
	{
		want = find_want(this, &kroute->route);
		if (want)
		{
			set_owner(&kroute->owner, want->owner);
			continue;
		}
		err = this->netlink->route_op(this->netlink, LM_NLROUTE_DEL,
									  &kroute->route, kroute->ifindex);
		if (err == ESRCH || err == ENOENT)
		{
			err = 0;
		}
		if (err)
		{
			if (err != kroute->err)
			{
				DBG1(DBG_KNL, "link-monitor '%s': failed to remove route %s: "
					 "%s", kroute->owner, fmt(&kroute->route, buf),
					 strerror(err));
				kroute->err = err;
			}
			continue;
		}
		DBG1(DBG_KNL, "link-monitor '%s': removed route %s%s", kroute->owner,
			 fmt(&kroute->route, buf), kroute->err ? " after retrying" : "");
		this->kroutes->remove_at(this->kroutes, enumerator);
		kroute_destroy(kroute);
	}
	enumerator->destroy(enumerator);
}

/**
 * Find routes of ours removed by someone else and forget them, so they get
 * installed again.
 */
static void check_removed(private_link_monitor_routes_t *this)
{
	enumerator_t *enumerator, *wants;
	array_t *found;
	kroute_t *kroute;
	want_t *want;
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
	while (enumerator->enumerate(enumerator, &kroute))
	{
		if (link_monitor_netlink_in_dump(found, &kroute->route,
										 kroute->ifindex))
		{
			continue;
		}
		if (find_want(this, &kroute->route))
		{
			DBG1(DBG_KNL, "link-monitor '%s': route %s was removed "
				 "externally, re-installing", kroute->owner,
				 fmt(&kroute->route, buf));
		}
		else
		{
			DBG1(DBG_KNL, "link-monitor '%s': removed route %s (removed "
				 "externally)", kroute->owner, fmt(&kroute->route, buf));
		}
		wants = this->wants->create_enumerator(this->wants);
		while (wants->enumerate(wants, &want))
		{
			if (lm_route_equals(&want->route, &kroute->route))
			{
				want->installed = FALSE;
			}
		}
		wants->destroy(wants);
		this->kroutes->remove_at(this->kroutes, enumerator);
		kroute_destroy(kroute);
	}
	enumerator->destroy(enumerator);
	array_destroy(found);
}

/**
 * Retry job, also checking for removed routes, every CHECK_INTERVAL.
 *
 * It refers to the object by a plain pointer: charon cancels its processor
 * and flushes its scheduler before it unloads plugins, so it never runs
 * after destroy().
 */
static job_requeue_t retry(private_link_monitor_routes_t *this)
{
	this->mutex->lock(this->mutex);
	check_removed(this);
	reconcile_routes(this);
	this->mutex->unlock(this->mutex);
	this->links->reconcile(this->links);
	return JOB_RESCHEDULE_MS(CHECK_INTERVAL);
}

METHOD(link_monitor_routes_t, set, void,
	private_link_monitor_routes_t *this, const char *owner,
	const lm_route_t *routes, int count)
{
	enumerator_t *enumerator;
	lm_route_t *wanted;
	want_t *want, *found;
	int i, j;

	wanted = calloc(count > 0 ? count : 1, sizeof(lm_route_t));
	for (i = 0; i < count; i++)
	{
		wanted[i] = routes[i];
		wanted[i].ifname[IF_NAMESIZE - 1] = '\0';
		lm_nlroute_normalize(&wanted[i]);
	}

	this->mutex->lock(this->mutex);
	/* forget what the owner no longer wants, keep what it still wants */
	enumerator = this->wants->create_enumerator(this->wants);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (!streq(want->owner, owner))
		{
			continue;
		}
		for (i = 0; i < count; i++)
		{
			if (lm_route_equals(&want->route, &wanted[i]))
			{
				break;
			}
		}
		if (i == count)
		{
			this->wants->remove_at(this->wants, enumerator);
			want_destroy(want);
		}
	}
	enumerator->destroy(enumerator);
	/* add new ones, once */
	for (i = 0; i < count; i++)
	{
		for (j = 0; j < i; j++)
		{
			if (lm_route_equals(&wanted[j], &wanted[i]))
			{
				break;
			}
		}
		if (j < i)
		{
			continue;
		}
		found = NULL;
		enumerator = this->wants->create_enumerator(this->wants);
		while (enumerator->enumerate(enumerator, &want))
		{
			if (streq(want->owner, owner) &&
				lm_route_equals(&want->route, &wanted[i]))
			{
				found = want;
				break;
			}
		}
		enumerator->destroy(enumerator);
		if (found)
		{
			continue;
		}
		INIT(want,
			.owner = strdup(owner),
			.route = wanted[i],
		);
		this->wants->insert_last(this->wants, want);
	}
	reconcile_routes(this);
	this->mutex->unlock(this->mutex);
	free(wanted);
}

static void pending_destroy(pending_t *p)
{
	int i;

	for (i = 0; i < p->nlinks; i++)
	{
		free(p->links[i]);
	}
	free(p->links);
	free(p->routes);
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
		this->public.set(&this->public, p->owner, p->routes, p->count);
		this->links->set_down(this->links, p->owner, p->links, p->nlinks);
		pending_destroy(p);
	}
}

CALLBACK(pending_owner, bool,
	pending_t *p, va_list args)
{
	char *owner;

	VA_ARGS_VGET(args, owner);
	return streq(p->owner, owner);
}

METHOD(link_monitor_routes_t, want, void,
	private_link_monitor_routes_t *this, const char *owner,
	const lm_route_t *routes, int count, const char **links, int nlinks)
{
	pending_t *p, *old;
	bool queue, check;
	int i;

	INIT(p,
		.owner = strdup(owner),
		.routes = calloc(count + 1, sizeof(lm_route_t)),
		.count = count,
		.links = calloc(nlinks + 1, sizeof(char*)),
		.nlinks = nlinks,
	);
	memcpy(p->routes, routes, count * sizeof(lm_route_t));
	for (i = 0; i < nlinks; i++)
	{
		p->links[i] = strdup(links[i]);
	}
	this->pending_mutex->lock(this->pending_mutex);
	if (this->pending->find_first(this->pending, pending_owner, (void**)&old,
								  owner))
	{
		this->pending->remove(this->pending, old, NULL);
		pending_destroy(old);
	}
	this->pending->insert_last(this->pending, p);
	queue = !this->applying;
	this->applying = TRUE;
	/* the check job starts with the first want, not in create(): the plugin
	 * may still fail to start and destroy us then, before charon flushes
	 * its scheduler; once it wants anything, it runs until charon stops */
	check = !this->checking;
	this->checking = TRUE;
	this->pending_mutex->unlock(this->pending_mutex);
	if (queue)
	{
		lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create_with_prio(
							(callback_job_cb_t)apply_pending, this, NULL,
							NULL, JOB_PRIO_HIGH));
	}
	if (check)
	{
		lib->scheduler->schedule_job_ms(lib->scheduler,
			(job_t*)callback_job_create((callback_job_cb_t)retry, this,
										NULL, NULL), CHECK_INTERVAL);
	}
}

METHOD(link_monitor_routes_t, get_routes, int,
	private_link_monitor_routes_t *this, const char *owner,
	link_monitor_route_state_t **routes)
{
	enumerator_t *enumerator;
	want_t *want;
	int count = 0;

	*routes = NULL;
	this->mutex->lock(this->mutex);
	enumerator = this->wants->create_enumerator(this->wants);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (streq(want->owner, owner))
		{
			count++;
		}
	}
	enumerator->destroy(enumerator);
	if (count)
	{
		*routes = calloc(count, sizeof(link_monitor_route_state_t));
		count = 0;
		enumerator = this->wants->create_enumerator(this->wants);
		while (enumerator->enumerate(enumerator, &want))
		{
			if (streq(want->owner, owner))
			{
				(*routes)[count++] = (link_monitor_route_state_t){
					.route = want->route,
					.installed = want->installed,
					.error = want->installed ? 0 : want->err,
				};
			}
		}
		enumerator->destroy(enumerator);
	}
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
	kroute_t *kroute;
	want_t *want;
	char buf[ROUTE_STRLEN];

	this->mutex->lock(this->mutex);
	while (this->wants->remove_first(this->wants, (void**)&want) == SUCCESS)
	{
		want_destroy(want);
	}
	reconcile_routes(this);
	enumerator = this->kroutes->create_enumerator(this->kroutes);
	while (enumerator->enumerate(enumerator, &kroute))
	{
		DBG1(DBG_KNL, "link-monitor '%s': route %s left installed",
			 kroute->owner, fmt(&kroute->route, buf));
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);

	this->links->destroy(this->links);
	this->wants->destroy(this->wants);
	this->pending->destroy_function(this->pending, (void*)pending_destroy);
	this->pending_mutex->destroy(this->pending_mutex);
	this->kroutes->destroy_function(this->kroutes, (void*)kroute_destroy);
	this->mutex->destroy(this->mutex);
	this->netlink->destroy(this->netlink);
	free(this);
}

/*
 * Described in header
 */
link_monitor_routes_t *link_monitor_routes_create()
{
	private_link_monitor_routes_t *this;
	link_monitor_netlink_t *netlink;

	netlink = link_monitor_netlink_create();
	if (!netlink)
	{
		return NULL;
	}
	INIT(this,
		.public = {
			.set = _set,
			.want = _want,
			.get_routes = _get_routes,
			.destroy = _destroy,
		},
		.wants = linked_list_create(),
		.kroutes = linked_list_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.pending = linked_list_create(),
		.pending_mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.netlink = netlink,
		.links = link_monitor_links_create(netlink),
	);

	remove_stale(this);
	return &this->public;
}
