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

#include "link_monitor_links.h"

#include <errno.h>
#include <net/if.h>

#include <daemon.h>
#include <collections/linked_list.h>
#include <threading/mutex.h>

typedef struct private_link_monitor_links_t private_link_monitor_links_t;

/**
 * A link an owner wants down.
 */
typedef struct {
	/** owner */
	char *owner;
	/** interface name */
	char ifname[IF_NAMESIZE];
	/** we set it down */
	bool applied;
	/** errno of the last logged failure to set it down, 0 if none */
	int err;
} want_link_t;

/**
 * A link we set down.
 */
typedef struct {
	/** interface name */
	char ifname[IF_NAMESIZE];
	/** owner that wants it down (or wanted it last), for logs */
	char *owner;
	/** errno of the last logged failure to set it up, 0 if none */
	int err;
} klink_t;

/**
 * Private data of a link_monitor_links_t object.
 */
struct private_link_monitor_links_t {

	/**
	 * Public link_monitor_links_t interface.
	 */
	link_monitor_links_t public;

	/**
	 * NETLINK_ROUTE socket.
	 */
	link_monitor_netlink_t *netlink;

	/**
	 * Links owners want down, want_link_t.
	 */
	linked_list_t *want_links;

	/**
	 * Links we set down, klink_t.
	 */
	linked_list_t *klinks;

	/**
	 * Protects both lists, held during netlink requests.
	 */
	mutex_t *mutex;
};

static void want_link_destroy(want_link_t *want)
{
	free(want->owner);
	free(want);
}

static void klink_destroy(klink_t *klink)
{
	free(klink->owner);
	free(klink);
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
 * Find a link we set down.
 */
static klink_t *find_klink(private_link_monitor_links_t *this,
						   const char *ifname)
{
	enumerator_t *enumerator;
	klink_t *klink, *found = NULL;

	enumerator = this->klinks->create_enumerator(this->klinks);
	while (enumerator->enumerate(enumerator, &klink))
	{
		if (streq(klink->ifname, ifname))
		{
			found = klink;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Find the first owner wanting a link down.
 */
static want_link_t *find_want_link(private_link_monitor_links_t *this,
								   const char *ifname)
{
	enumerator_t *enumerator;
	want_link_t *want, *found = NULL;

	enumerator = this->want_links->create_enumerator(this->want_links);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (streq(want->ifname, ifname))
		{
			found = want;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Set links down that owners want down, set up links nobody wants down.
 */
static void reconcile_links(private_link_monitor_links_t *this)
{
	enumerator_t *enumerator;
	want_link_t *want;
	klink_t *klink;
	int ifindex, err;

	enumerator = this->want_links->create_enumerator(this->want_links);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (want->applied)
		{
			continue;
		}
		klink = find_klink(this, want->ifname);
		if (klink)
		{
			DBG1(DBG_KNL, "link-monitor '%s': set interface %s down (shared "
				 "with '%s')", want->owner, want->ifname, klink->owner);
			want->applied = TRUE;
			want->err = 0;
			continue;
		}
		ifindex = if_nametoindex(want->ifname);
		err = ifindex ? this->netlink->link_op(this->netlink, ifindex, FALSE)
					  : ENODEV;
		if (err)
		{
			if (err != want->err)
			{
				DBG1(DBG_KNL, "link-monitor '%s': failed to set interface %s "
					 "down: %s", want->owner, want->ifname, strerror(err));
				want->err = err;
			}
			continue;
		}
		DBG1(DBG_KNL, "link-monitor '%s': set interface %s down%s",
			 want->owner, want->ifname, want->err ? " after retrying" : "");
		want->applied = TRUE;
		want->err = 0;
		INIT(klink,
			.owner = strdup(want->owner),
		);
		memcpy(klink->ifname, want->ifname, sizeof(klink->ifname));
		this->klinks->insert_last(this->klinks, klink);
	}
	enumerator->destroy(enumerator);

	enumerator = this->klinks->create_enumerator(this->klinks);
	while (enumerator->enumerate(enumerator, &klink))
	{
		want = find_want_link(this, klink->ifname);
		if (want)
		{
			set_owner(&klink->owner, want->owner);
			continue;
		}
		ifindex = if_nametoindex(klink->ifname);
		if (!ifindex)
		{
			DBG1(DBG_KNL, "link-monitor '%s': interface %s to set up is gone",
				 klink->owner, klink->ifname);
		}
		else
		{
			err = this->netlink->link_op(this->netlink, ifindex, TRUE);
			if (err)
			{
				if (err != klink->err)
				{
					DBG1(DBG_KNL, "link-monitor '%s': failed to set interface "
						 "%s up: %s", klink->owner, klink->ifname,
						 strerror(err));
					klink->err = err;
				}
				continue;
			}
			DBG1(DBG_KNL, "link-monitor '%s': set interface %s up%s",
				 klink->owner, klink->ifname,
				 klink->err ? " after retrying" : "");
		}
		this->klinks->remove_at(this->klinks, enumerator);
		klink_destroy(klink);
	}
	enumerator->destroy(enumerator);
}

METHOD(link_monitor_links_t, reconcile, void,
	private_link_monitor_links_t *this)
{
	this->mutex->lock(this->mutex);
	reconcile_links(this);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_links_t, set_down, void,
	private_link_monitor_links_t *this, const char *owner, char **ifnames,
	int count)
{
	enumerator_t *enumerator;
	want_link_t *want, *found;
	int i;

	this->mutex->lock(this->mutex);
	enumerator = this->want_links->create_enumerator(this->want_links);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (!streq(want->owner, owner))
		{
			continue;
		}
		for (i = 0; i < count; i++)
		{
			if (streq(want->ifname, ifnames[i]))
			{
				break;
			}
		}
		if (i == count)
		{
			this->want_links->remove_at(this->want_links, enumerator);
			want_link_destroy(want);
		}
	}
	enumerator->destroy(enumerator);
	for (i = 0; i < count; i++)
	{
		if (strlen(ifnames[i]) >= IF_NAMESIZE || !ifnames[i][0])
		{
			DBG1(DBG_KNL, "link-monitor '%s': invalid interface name '%s'",
				 owner, ifnames[i]);
			continue;
		}
		found = NULL;
		enumerator = this->want_links->create_enumerator(this->want_links);
		while (enumerator->enumerate(enumerator, &want))
		{
			if (streq(want->owner, owner) && streq(want->ifname, ifnames[i]))
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
		);
		memcpy(want->ifname, ifnames[i], strlen(ifnames[i]) + 1);
		this->want_links->insert_last(this->want_links, want);
	}
	reconcile_links(this);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_links_t, destroy, void,
	private_link_monitor_links_t *this)
{
	enumerator_t *enumerator;
	want_link_t *want;
	klink_t *klink;

	this->mutex->lock(this->mutex);
	while (this->want_links->remove_first(this->want_links,
										  (void**)&want) == SUCCESS)
	{
		want_link_destroy(want);
	}
	reconcile_links(this);
	enumerator = this->klinks->create_enumerator(this->klinks);
	while (enumerator->enumerate(enumerator, &klink))
	{
		DBG1(DBG_KNL, "link-monitor '%s': interface %s left down",
			 klink->owner, klink->ifname);
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);

	this->want_links->destroy(this->want_links);
	this->klinks->destroy_function(this->klinks, (void*)klink_destroy);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_links_t *link_monitor_links_create(
										link_monitor_netlink_t *netlink)
{
	private_link_monitor_links_t *this;

	INIT(this,
		.public = {
			.set_down = _set_down,
			.reconcile = _reconcile,
			.destroy = _destroy,
		},
		.netlink = netlink,
		.want_links = linked_list_create(),
		.klinks = linked_list_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
