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

/**
 * @defgroup link_monitor_ledger link_monitor_ledger
 * @{ @ingroup link_monitor
 *
 * Items (routes, interfaces) and their owners: what owners want, or what the
 * plugin changed in the kernel. The routes and the links objects keep one
 * ledger of each kind and bring the kernel to what is wanted with
 * reconcile(). Not thread-safe: the owner of a ledger locks it.
 */

#ifndef LINK_MONITOR_LEDGER_H_
#define LINK_MONITOR_LEDGER_H_

#include <library.h>

typedef struct link_monitor_ledger_t link_monitor_ledger_t;
typedef struct link_monitor_owned_t link_monitor_owned_t;

/**
 * An item and its owner.
 */
struct link_monitor_owned_t {

	/**
	 * Owner, e.g. a monitor name; of an item changed in the kernel, the
	 * owner that wants it (or wanted it last), for logs.
	 */
	char *owner;

	/**
	 * The item, of the ledger's item size.
	 */
	void *item;

	/**
	 * Of a want: the kernel has it, changed by us for this owner or for
	 * another one wanting the same.
	 */
	bool applied;

	/**
	 * errno of the last logged failure to apply or revert it, 0 if none.
	 */
	int err;
};

/**
 * Compare an item with a key.
 *
 * @param item		item of an entry
 * @param key		key, an item of the ledger (or one starting with the
 *					same key)
 * @return			TRUE if equal
 */
typedef bool (*link_monitor_ledger_equals_t)(const void *item,
											 const void *key);

/**
 * Hash an item: items equal by link_monitor_ledger_equals_t hash alike.
 *
 * @param item		item, or a key
 * @return			hash
 */
typedef u_int (*link_monitor_ledger_hash_t)(const void *item);

/**
 * Apply a want in the kernel.
 *
 * @param data		user data
 * @param want		want, not applied
 * @param shared	an entry of ours with its item, applied for another
 *					owner, NULL if none
 * @return			TRUE if applied, FALSE if failed (see
 *					link_monitor_owned_failed())
 */
typedef bool (*link_monitor_ledger_apply_t)(void *data,
											link_monitor_owned_t *want,
											link_monitor_owned_t *shared);

/**
 * Revert an entry of ours no owner wants anymore.
 *
 * @param data		user data
 * @param owned		entry of ours
 * @return			TRUE if reverted (the entry is removed), FALSE if
 *					failed (it is kept to retry)
 */
typedef bool (*link_monitor_ledger_revert_t)(void *data,
											 link_monitor_owned_t *owned);

/**
 * Items by owner.
 */
struct link_monitor_ledger_t {

	/**
	 * Set the items an owner wants: its entries of items no longer listed
	 * are removed, listed items it has not are added (once each, in order),
	 * the ones it keeps keep their state.
	 *
	 * @param owner		owner (copied)
	 * @param items		array of count items (copied)
	 * @param count		number of items, 0 to remove all of the owner
	 */
	void (*set)(link_monitor_ledger_t *this, const char *owner,
				const void *items, int count);

	/**
	 * Add an item of an owner, after the others.
	 *
	 * @param owner		owner (copied)
	 * @param item		item (copied)
	 * @return			the new entry
	 */
	link_monitor_owned_t *(*add)(link_monitor_ledger_t *this,
								 const char *owner, const void *item);

	/**
	 * Find the first entry of an item, of any owner.
	 *
	 * @param key		key
	 * @return			entry, NULL if none
	 */
	link_monitor_owned_t *(*find)(link_monitor_ledger_t *this,
								  const void *key);

	/**
	 * Mark the entries of an item not applied, to apply them again.
	 *
	 * @param key		key
	 */
	void (*reset)(link_monitor_ledger_t *this, const void *key);

	/**
	 * Bring the kernel to what owners want: apply the wants in this ledger
	 * that are not applied, then revert the entries of ours that no owner
	 * wants; the ones wanted take the owner of the first want, for logs.
	 * A want applied gets applied set and its err cleared.
	 *
	 * @param ours		the entries of what we changed in the kernel
	 * @param apply		applies a want, may add to ours
	 * @param revert	reverts an entry of ours
	 * @param data		user data for apply and revert
	 */
	void (*reconcile)(link_monitor_ledger_t *this, link_monitor_ledger_t *ours,
					  link_monitor_ledger_apply_t apply,
					  link_monitor_ledger_revert_t revert, void *data);

	/**
	 * Forget an entry of ours that is no longer in the kernel (removed by
	 * someone else), logged as removed externally: its wants in this ledger
	 * are reset, so that the next reconcile installs it again if an owner
	 * still wants it.
	 *
	 * @param ours		the entries of what we changed in the kernel
	 * @param enumerator	enumerator of ours, at owned
	 * @param owned		the entry, whose item is (or starts with) its key
	 *					in this ledger; destroyed
	 * @param kind		what the item is, for the log ("route", "rule")
	 * @param desc		the item as logged
	 */
	void (*forget_removed)(link_monitor_ledger_t *this,
						   link_monitor_ledger_t *ours,
						   enumerator_t *enumerator,
						   link_monitor_owned_t *owned, const char *kind,
						   const char *desc);

	/**
	 * Create an enumerator over the entries, link_monitor_owned_t*.
	 *
	 * @return			enumerator
	 */
	enumerator_t *(*create_enumerator)(link_monitor_ledger_t *this);

	/**
	 * Remove and destroy the entry an enumerator of this ledger is at.
	 *
	 * @param enumerator	enumerator from create_enumerator()
	 * @param owned		the entry it is at
	 */
	void (*remove_at)(link_monitor_ledger_t *this, enumerator_t *enumerator,
					  link_monitor_owned_t *owned);

	/**
	 * Get the number of entries.
	 *
	 * @return			number of entries
	 */
	int (*get_count)(link_monitor_ledger_t *this);

	/**
	 * Remove and destroy every entry.
	 */
	void (*flush)(link_monitor_ledger_t *this);

	/**
	 * Destroy the ledger and its entries.
	 */
	void (*destroy)(link_monitor_ledger_t *this);
};

/**
 * Replace the owner of an entry if it differs.
 *
 * @param owned		entry
 * @param owner		new owner (copied)
 */
void link_monitor_owned_set_owner(link_monitor_owned_t *owned,
								  const char *owner);

/**
 * Remember a failure to apply or revert an entry.
 *
 * @param owned		entry
 * @param err		errno value
 * @return			TRUE if it is not the one of the last failure: log it
 */
bool link_monitor_owned_failed(link_monitor_owned_t *owned, int err);

/**
 * Create a link_monitor_ledger_t.
 *
 * @param size		size of an item
 * @param equals	compares an item with a key
 * @param hash		hashes an item or key, for finding an item's entries
 * @return			instance
 */
link_monitor_ledger_t *link_monitor_ledger_create(size_t size,
										link_monitor_ledger_equals_t equals,
										link_monitor_ledger_hash_t hash);

#endif /** LINK_MONITOR_LEDGER_H_ @}*/
