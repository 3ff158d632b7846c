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
#include "link_monitor_ledger.h"

#include <errno.h>
#include <net/if.h>

#include <daemon.h>
#include <threading/mutex.h>

typedef struct private_link_monitor_links_t private_link_monitor_links_t;

/**
 * An interface name, the item of both ledgers.
 */
typedef char ifname_t[IF_NAMESIZE];

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
	 * Links owners want down, ifname_t.
	 */
	link_monitor_ledger_t *wants;

	/**
	 * Links we set down, ifname_t, with the owner that wants it down (or
	 * wanted it last).
	 */
	link_monitor_ledger_t *klinks;

	/**
	 * Protects both ledgers, held during netlink requests.
	 */
	mutex_t *mutex;
};

/**
 * Compare two interface names, link_monitor_ledger_equals_t.
 */
static bool ifname_equals(const void *item, const void *key)
{
	return streq(item, key);
}

/**
 * Hash an interface name, link_monitor_ledger_hash_t.
 */
static u_int ifname_hash(const void *item)
{
	return chunk_hash(chunk_from_str((char*)item));
}

/**
 * Set the link of an entry up or down and log it.
 *
 * @param owned		entry, a want or a link we set down
 * @param ifindex	its interface index, 0 if there is none
 * @param up		TRUE to set it up, FALSE for down
 * @return			TRUE if done, FALSE if failed (remembered in owned)
 */
static bool set_link(private_link_monitor_links_t *this,
					 link_monitor_owned_t *owned, int ifindex, bool up)
{
	char *ifname = owned->item, *state = up ? "up" : "down";
	int err;

	err = ifindex ? this->netlink->link_op(this->netlink, ifindex, up)
				  : ENODEV;
	if (err)
	{
		if (link_monitor_owned_failed(owned, err))
		{
			DBG1(DBG_KNL, "link-monitor '%s': failed to set interface %s "
				 "%s: %s", owned->owner, ifname, state, strerror(err));
		}
		return FALSE;
	}
	DBG1(DBG_KNL, "link-monitor '%s': set interface %s %s%s", owned->owner,
		 ifname, state, owned->err ? " after retrying" : "");
	return TRUE;
}

/**
 * Set a link down an owner wants down, link_monitor_ledger_apply_t.
 */
CALLBACK(apply_down, bool,
	private_link_monitor_links_t *this, link_monitor_owned_t *want,
	link_monitor_owned_t *shared)
{
	char *ifname = want->item;

	if (shared)
	{
		DBG1(DBG_KNL, "link-monitor '%s': set interface %s down (shared "
			 "with '%s')", want->owner, ifname, shared->owner);
		return TRUE;
	}
	if (!set_link(this, want, if_nametoindex(ifname), FALSE))
	{
		return FALSE;
	}
	this->klinks->add(this->klinks, want->owner, ifname);
	return TRUE;
}

/**
 * Set a link up nobody wants down, link_monitor_ledger_revert_t.
 */
CALLBACK(revert_down, bool,
	private_link_monitor_links_t *this, link_monitor_owned_t *klink)
{
	char *ifname = klink->item;
	int ifindex;

	ifindex = if_nametoindex(ifname);
	if (!ifindex)
	{
		DBG1(DBG_KNL, "link-monitor '%s': interface %s to set up is gone",
			 klink->owner, ifname);
		return TRUE;
	}
	return set_link(this, klink, ifindex, TRUE);
}

/**
 * Set links down that owners want down, set up links nobody wants down.
 */
static void reconcile_links(private_link_monitor_links_t *this)
{
	this->wants->reconcile(this->wants, this->klinks, apply_down,
						   revert_down, this);
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
	ifname_t *valid;
	int i, n = 0;

	valid = calloc(count > 0 ? count : 1, sizeof(ifname_t));
	for (i = 0; i < count; i++)
	{
		if (strlen(ifnames[i]) >= IF_NAMESIZE || !ifnames[i][0])
		{
			DBG1(DBG_KNL, "link-monitor '%s': invalid interface name '%s'",
				 owner, ifnames[i]);
			continue;
		}
		strcpy(valid[n++], ifnames[i]);
	}
	this->mutex->lock(this->mutex);
	this->wants->set(this->wants, owner, valid, n);
	reconcile_links(this);
	this->mutex->unlock(this->mutex);
	free(valid);
}

METHOD(link_monitor_links_t, destroy, void,
	private_link_monitor_links_t *this)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *klink;

	this->mutex->lock(this->mutex);
	this->wants->flush(this->wants);
	reconcile_links(this);
	enumerator = this->klinks->create_enumerator(this->klinks);
	while (enumerator->enumerate(enumerator, &klink))
	{
		DBG1(DBG_KNL, "link-monitor '%s': interface %s left down",
			 klink->owner, (char*)klink->item);
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);

	this->wants->destroy(this->wants);
	this->klinks->destroy(this->klinks);
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
		.wants = link_monitor_ledger_create(sizeof(ifname_t), ifname_equals,
											ifname_hash),
		.klinks = link_monitor_ledger_create(sizeof(ifname_t), ifname_equals,
											 ifname_hash),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
