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

#include "link_monitor_tunnels.h"

#include <daemon.h>
#include <threading/thread.h>

typedef struct private_link_monitor_tunnels_t private_link_monitor_tunnels_t;

/**
 * Private data of a link_monitor_tunnels_t object.
 */
struct private_link_monitor_tunnels_t {

	/**
	 * Public link_monitor_tunnels_t interface.
	 */
	link_monitor_tunnels_t public;

	/**
	 * Takes the events.
	 */
	link_monitor_scheduler_t *scheduler;

	/**
	 * Thread id of charon's main thread (the plugin is loaded on it).
	 */
	u_int main_thread;

	/**
	 * Charon's shutdown was logged.
	 */
	bool shutdown;
};

/**
 * The peer's tunnel address: its virtual IP, else the first host of its
 * first traffic selector.
 */
static void remote_address(ike_sa_t *ike_sa, child_sa_t *child_sa,
						   lm_addr_t *remote)
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	host_t *host, *vip = NULL;
	uint8_t mask;

	enumerator = ike_sa->create_virtual_ip_enumerator(ike_sa, FALSE);
	if (enumerator->enumerate(enumerator, &vip))
	{
		lm_addr_from_sockaddr(vip->get_sockaddr(vip), remote);
	}
	enumerator->destroy(enumerator);
	if (vip)
	{
		return;
	}
	enumerator = child_sa->create_ts_enumerator(child_sa, FALSE);
	if (enumerator->enumerate(enumerator, &ts) &&
		ts->to_subnet(ts, &host, &mask))
	{
		lm_addr_from_sockaddr(host->get_sockaddr(host), remote);
		if ((remote->family == AF_INET && mask < 32) ||
			(remote->family == AF_INET6 && mask < 128))
		{
			/* first host of the subnet */
			remote->a[remote->family == AF_INET ? 3 : 15]++;
		}
		host->destroy(host);
	}
	enumerator->destroy(enumerator);
}

/**
 * Read an address of a traffic selector (network order, 4 or 16 bytes).
 */
static bool ts_address(chunk_t chunk, lm_addr_t *addr)
{
	if (chunk.len != 4 && chunk.len != 16)
	{
		return FALSE;
	}
	*addr = (lm_addr_t){
		.family = chunk.len == 4 ? AF_INET : AF_INET6,
	};
	memcpy(addr->a, chunk.ptr, chunk.len);
	return TRUE;
}

/**
 * The remote traffic selectors of a CHILD_SA as prefixes, for the routes of
 * its instances.
 *
 * @param prefixes	receives up to LM_MAX_TS prefixes
 * @return			number of prefixes
 */
static int remote_prefixes(child_sa_t *child_sa,
						   lm_prefix_t prefixes[LM_MAX_TS])
{
	enumerator_t *enumerator;
	traffic_selector_t *ts;
	lm_addr_t from, to;
	int count = 0, n;

	enumerator = child_sa->create_ts_enumerator(child_sa, FALSE);
	while (enumerator->enumerate(enumerator, &ts))
	{
		if (!ts_address(ts->get_from_address(ts), &from) ||
			!ts_address(ts->get_to_address(ts), &to))
		{
			continue;
		}
		n = lm_route_range_prefixes(&from, &to, prefixes + count,
									LM_MAX_TS - count);
		if (n < 0)
		{
			DBG1(DBG_KNL, "link-monitor: the remote traffic selectors of "
				 "CHILD_SA %s{%u} make more than %d prefixes, its routes "
				 "leave out %R and the ones after it",
				 child_sa->get_name(child_sa),
				 child_sa->get_unique_id(child_sa), LM_MAX_TS, ts);
			break;
		}
		count += n;
	}
	enumerator->destroy(enumerator);
	return count;
}

/**
 * Describe a CHILD_SA; names point into the SAs, the remote traffic
 * selectors (of a CHILD_SA that is up) into ts.
 */
static void tunnel_info(lm_tunnel_t *t, ike_sa_t *ike_sa, child_sa_t *child_sa,
						bool up, lm_prefix_t ts[LM_MAX_TS])
{
	host_t *host = ike_sa->get_other_host(ike_sa);

	*t = (lm_tunnel_t){
		.ike = ike_sa->get_name(ike_sa),
		.child = child_sa->get_name(child_sa),
		.id = child_sa->get_unique_id(child_sa),
		.ike_id = ike_sa->get_unique_id(ike_sa),
		.remote_ts = ts,
	};
	lm_addr_from_sockaddr(host->get_sockaddr(host), &t->peer);
	remote_address(ike_sa, child_sa, &t->remote);
	if (up)
	{
		t->nremote_ts = remote_prefixes(child_sa, ts);
	}
}

METHOD(listener_t, ike_updown, bool,
	private_link_monitor_tunnels_t *this, ike_sa_t *ike_sa, bool up)
{
	DBG2(DBG_CFG, "link-monitor: IKE_SA %s[%u] %s", ike_sa->get_name(ike_sa),
		 ike_sa->get_unique_id(ike_sa), up ? "up" : "down");
	return TRUE;
}

METHOD(listener_t, child_updown, bool,
	private_link_monitor_tunnels_t *this, ike_sa_t *ike_sa,
	child_sa_t *child_sa, bool up)
{
	lm_prefix_t ts[LM_MAX_TS];
	lm_tunnel_t t;
	lm_event_t event = {
		.type = up ? LM_EV_TUNNEL_UP : LM_EV_TUNNEL_DOWN,
		.tunnel = &t,
	};

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
	tunnel_info(&t, ike_sa, child_sa, up, ts);
	this->scheduler->step(this->scheduler, &event);
	return TRUE;
}

METHOD(listener_t, child_rekey, bool,
	private_link_monitor_tunnels_t *this, ike_sa_t *ike_sa,
	child_sa_t *old, child_sa_t *new)
{
	lm_event_t event = {
		.type = LM_EV_TUNNEL_REKEY,
		.rekey = {
			.old_id = old->get_unique_id(old),
			.new_id = new->get_unique_id(new),
			.child = new->get_name(new),
		},
	};

	this->scheduler->step(this->scheduler, &event);
	return TRUE;
}

/**
 * Free the copies of a listed CHILD_SA.
 */
static void free_tunnel(lm_tunnel_t *t)
{
	free((char*)t->ike);
	free((char*)t->child);
	free((lm_prefix_t*)t->remote_ts);
}

/**
 * Add a CHILD_SA to a list, with copies of its names and traffic selectors.
 */
static void add_tunnel(link_monitor_tunnel_list_t *list, int *cap,
					   ike_sa_t *ike_sa, child_sa_t *child_sa)
{
	lm_prefix_t ts[LM_MAX_TS];
	lm_tunnel_t *t, *more;

	if (list->count == *cap)
	{
		more = realloc(list->tunnels, (*cap ? *cap * 2 : 16) * sizeof(*t));
		if (!more)
		{
			return;
		}
		list->tunnels = more;
		*cap = *cap ? *cap * 2 : 16;
	}
	t = &list->tunnels[list->count];
	tunnel_info(t, ike_sa, child_sa, TRUE, ts);
	t->ike = strdup(t->ike);
	t->child = strdup(t->child);
	t->remote_ts = t->nremote_ts ? malloc(t->nremote_ts * sizeof(*ts)) : NULL;
	if (!t->ike || !t->child || (t->nremote_ts && !t->remote_ts))
	{
		free_tunnel(t);
		return;
	}
	memcpy((lm_prefix_t*)t->remote_ts, ts, t->nremote_ts * sizeof(*ts));
	list->count++;
}

METHOD(link_monitor_tunnels_t, collect, void,
	private_link_monitor_tunnels_t *this, link_monitor_tunnel_list_t *list)
{
	enumerator_t *enumerator, *children;
	child_sa_t *child_sa;
	ike_sa_t *ike_sa;
	int cap = 0;

	*list = (link_monitor_tunnel_list_t){};
	if (!charon->ike_sa_manager)
	{
		return;
	}
	enumerator = charon->ike_sa_manager->create_enumerator(
											charon->ike_sa_manager, TRUE);
	while (enumerator->enumerate(enumerator, &ike_sa))
	{
		children = ike_sa->create_child_sa_enumerator(ike_sa);
		while (children->enumerate(children, &child_sa))
		{
			if (child_sa->get_state(child_sa) == CHILD_INSTALLED)
			{
				add_tunnel(list, &cap, ike_sa, child_sa);
			}
		}
		children->destroy(children);
	}
	enumerator->destroy(enumerator);
}

METHOD(link_monitor_tunnels_t, free_list, void,
	private_link_monitor_tunnels_t *this, link_monitor_tunnel_list_t *list)
{
	int i;

	for (i = 0; i < list->count; i++)
	{
		free_tunnel(&list->tunnels[i]);
	}
	free(list->tunnels);
	*list = (link_monitor_tunnel_list_t){};
}

METHOD(link_monitor_tunnels_t, destroy, void,
	private_link_monitor_tunnels_t *this)
{
	free(this);
}

/*
 * Described in header
 */
link_monitor_tunnels_t *link_monitor_tunnels_create(
										link_monitor_scheduler_t *scheduler)
{
	private_link_monitor_tunnels_t *this;

	INIT(this,
		.public = {
			.listener = {
				.ike_updown = _ike_updown,
				.child_updown = _child_updown,
				.child_rekey = _child_rekey,
			},
			.collect = _collect,
			.free_list = _free_list,
			.destroy = _destroy,
		},
		.scheduler = scheduler,
		.main_thread = thread_current_id(),
	);
	return &this->public;
}
