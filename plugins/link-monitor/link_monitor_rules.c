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

#include "link_monitor_rules.h"
#include "link_monitor_ledger.h"

#include <errno.h>

#include <daemon.h>
#include <threading/mutex.h>

/** buffer size for lm_rule_fmt() */
#define RULE_STRLEN 192

typedef struct private_link_monitor_rules_t private_link_monitor_rules_t;

/**
 * Private data of a link_monitor_rules_t object.
 */
struct private_link_monitor_rules_t {

	/**
	 * Public link_monitor_rules_t interface.
	 */
	link_monitor_rules_t public;

	/**
	 * NETLINK_ROUTE socket.
	 */
	link_monitor_netlink_t *netlink;

	/**
	 * Rules owners want, lm_rule_t, normalized.
	 */
	link_monitor_ledger_t *wants;

	/**
	 * Rules we installed, lm_rule_t, with the owner that wants it (or
	 * wanted it last).
	 */
	link_monitor_ledger_t *krules;

	/**
	 * Protects both ledgers, held during netlink requests.
	 */
	mutex_t *mutex;
};

/**
 * Format a rule.
 */
static char *fmt(const lm_rule_t *rule, char buf[RULE_STRLEN])
{
	return lm_rule_fmt(rule, buf, RULE_STRLEN);
}

/**
 * Compare rules, link_monitor_ledger_equals_t.
 */
static bool rule_equals(const void *item, const void *key)
{
	return lm_rule_equals(item, key);
}

/**
 * Hash a rule by its priority, table, family and prefix lengths,
 * link_monitor_ledger_hash_t.
 */
static u_int rule_hash(const void *item)
{
	const lm_rule_t *rule = item;
	uint32_t key[] = {
		rule->priority,
		rule->table,
		rule->family << 16 | rule->src_len << 8 | rule->dst_len,
	};

	return chunk_hash(chunk_create((u_char*)key, sizeof(key)));
}

/**
 * Check if a rule is in a dump of lm_rule_t.
 */
static bool in_dump(array_t *found, const lm_rule_t *rule)
{
	lm_rule_t entry;
	int i;

	for (i = 0; i < array_count(found); i++)
	{
		array_get(found, i, &entry);
		if (lm_rule_equals(&entry, rule))
		{
			return TRUE;
		}
	}
	return FALSE;
}

/**
 * Check if a rule of ours is in the kernel, e.g. after EEXIST.
 */
static bool has_rule(private_link_monitor_rules_t *this,
					 const lm_rule_t *rule)
{
	array_t *found;
	bool has;

	if (this->netlink->dump_rules(this->netlink, &found))
	{
		return FALSE;
	}
	has = in_dump(found, rule);
	array_destroy(found);
	return has;
}

/**
 * Install a rule an owner wants, link_monitor_ledger_apply_t.
 */
CALLBACK(install, bool,
	private_link_monitor_rules_t *this, link_monitor_owned_t *want,
	link_monitor_owned_t *shared)
{
	lm_rule_t *rule = want->item;
	char buf[RULE_STRLEN];
	int err;

	if (shared)
	{
		DBG1(DBG_KNL, "link-monitor '%s': installed rule %s (shared with "
			 "'%s')", want->owner, fmt(rule, buf), shared->owner);
		return TRUE;
	}
	err = this->netlink->rule_op(this->netlink, LM_NLRULE_ADD, rule);
	if (err == EEXIST && has_rule(this, rule))
	{
		/* e.g. installed before a timeout hit */
		err = 0;
	}
	if (err)
	{
		if (link_monitor_owned_failed(want, err))
		{
			DBG1(DBG_KNL, "link-monitor '%s': failed to install rule %s: %s",
				 want->owner, fmt(rule, buf), strerror(err));
		}
		return FALSE;
	}
	DBG1(DBG_KNL, "link-monitor '%s': installed rule %s%s", want->owner,
		 fmt(rule, buf), want->err ? " after retrying" : "");
	this->krules->add(this->krules, want->owner, rule);
	return TRUE;
}

/**
 * Remove a rule of ours nobody wants, link_monitor_ledger_revert_t.
 */
CALLBACK(uninstall, bool,
	private_link_monitor_rules_t *this, link_monitor_owned_t *owned)
{
	lm_rule_t *rule = owned->item;
	char buf[RULE_STRLEN];
	int err;

	err = this->netlink->rule_op(this->netlink, LM_NLRULE_DEL, rule);
	if (err == ENOENT || err == ESRCH)
	{
		err = 0;
	}
	if (err)
	{
		if (link_monitor_owned_failed(owned, err))
		{
			DBG1(DBG_KNL, "link-monitor '%s': failed to remove rule %s: %s",
				 owned->owner, fmt(rule, buf), strerror(err));
		}
		return FALSE;
	}
	DBG1(DBG_KNL, "link-monitor '%s': removed rule %s%s", owned->owner,
		 fmt(rule, buf), owned->err ? " after retrying" : "");
	return TRUE;
}

/**
 * Install missing rules, then remove rules nobody wants.
 */
static void reconcile_rules(private_link_monitor_rules_t *this)
{
	this->wants->reconcile(this->wants, this->krules, install, uninstall,
						   this);
}

/**
 * Find rules of ours removed by someone else and forget them, so they get
 * installed again.
 */
static void check_removed(private_link_monitor_rules_t *this)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *owned;
	array_t *found;
	char buf[RULE_STRLEN];
	int err;

	if (!this->krules->get_count(this->krules))
	{
		return;
	}
	err = this->netlink->dump_rules(this->netlink, &found);
	if (err)
	{
		DBG2(DBG_KNL, "link-monitor: listing rules failed: %s",
			 strerror(err));
		return;
	}
	enumerator = this->krules->create_enumerator(this->krules);
	while (enumerator->enumerate(enumerator, &owned))
	{
		if (in_dump(found, owned->item))
		{
			continue;
		}
		this->wants->forget_removed(this->wants, this->krules, enumerator,
									owned, "rule", fmt(owned->item, buf));
	}
	enumerator->destroy(enumerator);
	array_destroy(found);
}

METHOD(link_monitor_rules_t, check, void,
	private_link_monitor_rules_t *this)
{
	this->mutex->lock(this->mutex);
	check_removed(this);
	reconcile_rules(this);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_rules_t, set, void,
	private_link_monitor_rules_t *this, const char *owner,
	const lm_rule_t *rules, int count)
{
	lm_rule_t *wanted;
	int i;

	wanted = calloc(count > 0 ? count : 1, sizeof(lm_rule_t));
	for (i = 0; i < count; i++)
	{
		wanted[i] = rules[i];
		lm_rule_normalize(&wanted[i]);
	}
	this->mutex->lock(this->mutex);
	this->wants->set(this->wants, owner, wanted, count);
	reconcile_rules(this);
	this->mutex->unlock(this->mutex);
	free(wanted);
}

METHOD(link_monitor_rules_t, get_rules, int,
	private_link_monitor_rules_t *this, const char *owner,
	link_monitor_rule_state_t **rules)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *want;
	int count = 0;

	*rules = NULL;
	this->mutex->lock(this->mutex);
	enumerator = this->wants->create_enumerator(this->wants);
	while (enumerator->enumerate(enumerator, &want))
	{
		if (!streq(want->owner, owner))
		{
			continue;
		}
		*rules = realloc(*rules, (count + 1) *
						 sizeof(link_monitor_rule_state_t));
		(*rules)[count++] = (link_monitor_rule_state_t){
			.rule = *(lm_rule_t*)want->item,
			.installed = want->applied,
			.error = want->applied ? 0 : want->err,
		};
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);
	return count;
}

/**
 * Remove stale rules of ours, left by a crashed run.
 */
static void remove_stale(private_link_monitor_rules_t *this)
{
	array_t *found;
	lm_rule_t rule;
	char buf[RULE_STRLEN];
	int i, err;

	err = this->netlink->dump_rules(this->netlink, &found);
	if (err)
	{
		DBG1(DBG_KNL, "link-monitor: listing stale rules failed: %s",
			 strerror(err));
		return;
	}
	for (i = 0; i < array_count(found); i++)
	{
		array_get(found, i, &rule);
		DBG1(DBG_KNL, "link-monitor: removing stale rule %s",
			 fmt(&rule, buf));
		err = this->netlink->rule_op(this->netlink, LM_NLRULE_DEL, &rule);
		if (err && err != ENOENT && err != ESRCH)
		{
			DBG1(DBG_KNL, "link-monitor: removing stale rule %s failed: %s",
				 buf, strerror(err));
		}
	}
	array_destroy(found);
}

METHOD(link_monitor_rules_t, destroy, void,
	private_link_monitor_rules_t *this)
{
	enumerator_t *enumerator;
	link_monitor_owned_t *owned;
	char buf[RULE_STRLEN];

	this->mutex->lock(this->mutex);
	this->wants->flush(this->wants);
	reconcile_rules(this);
	enumerator = this->krules->create_enumerator(this->krules);
	while (enumerator->enumerate(enumerator, &owned))
	{
		DBG1(DBG_KNL, "link-monitor '%s': rule %s left installed",
			 owned->owner, fmt(owned->item, buf));
	}
	enumerator->destroy(enumerator);
	this->mutex->unlock(this->mutex);

	this->wants->destroy(this->wants);
	this->krules->destroy(this->krules);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_rules_t *link_monitor_rules_create(
										link_monitor_netlink_t *netlink)
{
	private_link_monitor_rules_t *this;

	INIT(this,
		.public = {
			.set = _set,
			.check = _check,
			.get_rules = _get_rules,
			.destroy = _destroy,
		},
		.netlink = netlink,
		.wants = link_monitor_ledger_create(sizeof(lm_rule_t), rule_equals,
											rule_hash),
		.krules = link_monitor_ledger_create(sizeof(lm_rule_t), rule_equals,
											 rule_hash),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	remove_stale(this);
	return &this->public;
}
