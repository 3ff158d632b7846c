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

#include "link_monitor_ledger.h"

#include <utils/debug.h>
#include <collections/hashtable.h>
#include <collections/linked_list.h>

typedef struct private_link_monitor_ledger_t private_link_monitor_ledger_t;

/**
 * The entries of one item.
 */
typedef struct {

	/**
	 * Copy of the item, the key in the index.
	 */
	void *key;

	/**
	 * Entries of the item, link_monitor_owned_t, in order of addition.
	 */
	linked_list_t *entries;
} bucket_t;

/**
 * Private data of a link_monitor_ledger_t object.
 */
struct private_link_monitor_ledger_t {

	/**
	 * Public link_monitor_ledger_t interface.
	 */
	link_monitor_ledger_t public;

	/**
	 * Entries, link_monitor_owned_t, in order of addition.
	 */
	linked_list_t *entries;

	/**
	 * The entries by item, bucket_t: finding an item's entries costs the
	 * same with 10 or 10,000 of them.
	 */
	hashtable_t *index;

	/**
	 * Size of an item.
	 */
	size_t size;

	/**
	 * Compares an item with a key.
	 */
	link_monitor_ledger_equals_t equals;
};

/**
 * Destroy an entry.
 */
static void owned_destroy(link_monitor_owned_t *owned)
{
	free(owned->owner);
	free(owned->item);
	free(owned);
}

/**
 * Destroy a bucket, with the entries of its list unless they are destroyed
 * elsewhere.
 */
static void bucket_destroy(bucket_t *bucket)
{
	bucket->entries->destroy(bucket->entries);
	free(bucket->key);
	free(bucket);
}

/**
 * Destroy a bucket in the index, for destroy_function().
 */
static void bucket_destroy_cb(void *bucket, const void *key)
{
	bucket_destroy(bucket);
}

/**
 * Add an entry to the index.
 */
static void index_add(private_link_monitor_ledger_t *this,
					  link_monitor_owned_t *owned)
{
	bucket_t *bucket;

	bucket = this->index->get(this->index, owned->item);
	if (!bucket)
	{
		INIT(bucket,
			.key = malloc(this->size),
			.entries = linked_list_create(),
		);
		memcpy(bucket->key, owned->item, this->size);
		this->index->put(this->index, bucket->key, bucket);
	}
	bucket->entries->insert_last(bucket->entries, owned);
}

/**
 * Take an entry out of the index and destroy it.
 */
static void index_remove(private_link_monitor_ledger_t *this,
						 link_monitor_owned_t *owned)
{
	bucket_t *bucket;

	bucket = this->index->get(this->index, owned->item);
	if (bucket)
	{
		bucket->entries->remove(bucket->entries, owned, NULL);
		if (!bucket->entries->get_count(bucket->entries))
		{
			this->index->remove(this->index, bucket->key);
			bucket_destroy(bucket);
		}
	}
	owned_destroy(owned);
}

/*
 * Described in header
 */
void link_monitor_owned_set_owner(link_monitor_owned_t *owned,
								  const char *owner)
{
	if (!streq(owned->owner, owner))
	{
		free(owned->owner);
		owned->owner = strdup(owner);
	}
}

/*
 * Described in header
 */
bool link_monitor_owned_failed(link_monitor_owned_t *owned, int err)
{
	if (err == owned->err)
	{
		return FALSE;
	}
	owned->err = err;
	return TRUE;
}

/**
 * The i-th of an array of items.
 */
static const void *item_at(private_link_monitor_ledger_t *this,
						   const void *items, int i)
{
	return (const char*)items + i * this->size;
}

/**
 * Check if the first count items of an array have a key.
 */
static bool has_item(private_link_monitor_ledger_t *this, const void *items,
					 int count, const void *key)
{
	int i;

	for (i = 0; i < count; i++)
	{
		if (this->equals(item_at(this, items, i), key))
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Match an entry of an owner, for find_first().
 */
CALLBACK(owned_by, bool,
	link_monitor_owned_t *owned, va_list args)
{
	const char *owner;

	VA_ARGS_VGET(args, owner);
	return streq(owned->owner, owner);
}

/**
 * Find the first entry of an item, of an owner or of any (NULL).
 */
static link_monitor_owned_t *find_owned(private_link_monitor_ledger_t *this,
										const char *owner, const void *key)
{
	link_monitor_owned_t *found = NULL;
	bucket_t *bucket;

	bucket = this->index->get(this->index, key);
	if (!bucket)
	{
		return NULL;
	}
	if (!owner)
	{
		bucket->entries->get_first(bucket->entries, (void**)&found);
		return found;
	}
	bucket->entries->find_first(bucket->entries, owned_by, (void**)&found,
								owner);
	return found;
}

METHOD(link_monitor_ledger_t, find, link_monitor_owned_t*,
	private_link_monitor_ledger_t *this, const void *key)
{
	return find_owned(this, NULL, key);
}

METHOD(link_monitor_ledger_t, reset, void,
	private_link_monitor_ledger_t *this, const void *key)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *owned;
	bucket_t *bucket;

	bucket = this->index->get(this->index, key);
	if (!bucket)
	{
		return;
	}
	enumerator = bucket->entries->create_enumerator(bucket->entries);
	while (enumerator->enumerate(enumerator, &owned))
	{
		owned->applied = FALSE;
	}
	enumerator->destroy(enumerator);
}

METHOD(link_monitor_ledger_t, add, link_monitor_owned_t*,
	private_link_monitor_ledger_t *this, const char *owner, const void *item)
{
	link_monitor_owned_t *owned;

	INIT(owned,
		.owner = strdup(owner),
		.item = malloc(this->size),
	);
	memcpy(owned->item, item, this->size);
	this->entries->insert_last(this->entries, owned);
	index_add(this, owned);
	return owned;
}

METHOD(link_monitor_ledger_t, set, void,
	private_link_monitor_ledger_t *this, const char *owner, const void *items,
	int count)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *owned;
	const void *item;
	int i;

	/* forget what the owner no longer wants, keep what it still wants */
	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &owned))
	{
		if (streq(owned->owner, owner) &&
			!has_item(this, items, count, owned->item))
		{
			this->entries->remove_at(this->entries, enumerator);
			index_remove(this, owned);
		}
	}
	enumerator->destroy(enumerator);
	/* add new ones, once */
	for (i = 0; i < count; i++)
	{
		item = item_at(this, items, i);
		if (!has_item(this, items, i, item) && !find_owned(this, owner, item))
		{
			add(this, owner, item);
		}
	}
}

METHOD(link_monitor_ledger_t, reconcile, void,
	private_link_monitor_ledger_t *this, link_monitor_ledger_t *ours,
	link_monitor_ledger_apply_t apply, link_monitor_ledger_revert_t revert,
	void *data)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *want, *owned;

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (!want->applied &&
			apply(data, want, ours->find(ours, want->item)))
		{
			want->applied = TRUE;
			want->err = 0;
		}
	}
	enumerator->destroy(enumerator);

	enumerator = ours->create_enumerator(ours);
	while (enumerator->enumerate(enumerator, &owned))
	{
		want = find_owned(this, NULL, owned->item);
		if (want)
		{
			link_monitor_owned_set_owner(owned, want->owner);
		}
		else if (revert(data, owned))
		{
			ours->remove_at(ours, enumerator, owned);
		}
	}
	enumerator->destroy(enumerator);
}

METHOD(link_monitor_ledger_t, create_enumerator, enumerator_t*,
	private_link_monitor_ledger_t *this)
{
	return this->entries->create_enumerator(this->entries);
}

METHOD(link_monitor_ledger_t, remove_at, void,
	private_link_monitor_ledger_t *this, enumerator_t *enumerator,
	link_monitor_owned_t *owned)
{
	this->entries->remove_at(this->entries, enumerator);
	index_remove(this, owned);
}

METHOD(link_monitor_ledger_t, forget_removed, void,
	private_link_monitor_ledger_t *this, link_monitor_ledger_t *ours,
	enumerator_t *enumerator, link_monitor_owned_t *owned, const char *kind,
	const char *desc)
{
	if (_find(this, owned->item))
	{
		DBG1(DBG_KNL, "link-monitor '%s': %s %s was removed externally, "
			 "re-installing", owned->owner, kind, desc);
	}
	else
	{
		DBG1(DBG_KNL, "link-monitor '%s': removed %s %s (removed externally)",
			 owned->owner, kind, desc);
	}
	_reset(this, owned->item);
	ours->remove_at(ours, enumerator, owned);
}

METHOD(link_monitor_ledger_t, get_count, int,
	private_link_monitor_ledger_t *this)
{
	return this->entries->get_count(this->entries);
}

METHOD(link_monitor_ledger_t, flush, void,
	private_link_monitor_ledger_t *this)
{
	link_monitor_owned_t *owned;

	while (this->entries->remove_first(this->entries,
									   (void**)&owned) == SUCCESS)
	{
		index_remove(this, owned);
	}
}

METHOD(link_monitor_ledger_t, destroy, void,
	private_link_monitor_ledger_t *this)
{
	this->index->destroy_function(this->index, bucket_destroy_cb);
	this->entries->destroy_function(this->entries, (void*)owned_destroy);
	free(this);
}

/*
 * Described in header
 */
link_monitor_ledger_t *link_monitor_ledger_create(size_t size,
										link_monitor_ledger_equals_t equals,
										link_monitor_ledger_hash_t hash)
{
	private_link_monitor_ledger_t *this;

	INIT(this,
		.public = {
			.set = _set,
			.add = _add,
			.find = _find,
			.reset = _reset,
			.reconcile = _reconcile,
			.create_enumerator = _create_enumerator,
			.remove_at = _remove_at,
			.forget_removed = _forget_removed,
			.get_count = _get_count,
			.flush = _flush,
			.destroy = _destroy,
		},
		.entries = linked_list_create(),
		.index = hashtable_create(hash, equals, 32),
		.size = size,
		.equals = equals,
	);
	return &this->public;
}
