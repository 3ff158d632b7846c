/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_kv.h"

#include <errno.h>

#include <stdlib.h>
#include <string.h>

lm_kv_t *lm_kv_create(const char *name)
{
	lm_kv_t *kv;

	kv = calloc(1, sizeof(*kv));
	if (!kv)
	{
		return NULL;
	}
	kv->name = strdup(name);
	if (!kv->name)
	{
		free(kv);
		return NULL;
	}
	return kv;
}

int lm_kv_set(lm_kv_t *kv, const char *key, const char *value)
{
	lm_kv_pair_t *pairs;
	char *v;
	size_t i;

	v = strdup(value);
	if (!v)
	{
		return ENOMEM;
	}
	for (i = 0; i < kv->npairs; i++)
	{
		if (strcmp(kv->pairs[i].key, key) == 0)
		{
			free(kv->pairs[i].value);
			kv->pairs[i].value = v;
			return 0;
		}
	}
	pairs = realloc(kv->pairs, (kv->npairs + 1) * sizeof(*pairs));
	if (!pairs)
	{
		free(v);
		return ENOMEM;
	}
	kv->pairs = pairs;
	pairs[kv->npairs].key = strdup(key);
	if (!pairs[kv->npairs].key)
	{
		free(v);
		return ENOMEM;
	}
	pairs[kv->npairs].value = v;
	kv->npairs++;
	return 0;
}

lm_kv_t *lm_kv_section(lm_kv_t *kv, const char *name)
{
	lm_kv_t **subs, *sub;
	size_t i;

	for (i = 0; i < kv->nsubs; i++)
	{
		if (strcmp(kv->subs[i]->name, name) == 0)
		{
			return kv->subs[i];
		}
	}
	subs = realloc(kv->subs, (kv->nsubs + 1) * sizeof(*subs));
	if (!subs)
	{
		return NULL;
	}
	kv->subs = subs;
	sub = lm_kv_create(name);
	if (!sub)
	{
		return NULL;
	}
	subs[kv->nsubs++] = sub;
	return sub;
}

const char *lm_kv_get(const lm_kv_t *kv, const char *key)
{
	size_t i;

	for (i = 0; i < kv->npairs; i++)
	{
		if (strcmp(kv->pairs[i].key, key) == 0)
		{
			return kv->pairs[i].value;
		}
	}
	return NULL;
}

void lm_kv_destroy(lm_kv_t *kv)
{
	size_t i;

	if (!kv)
	{
		return;
	}
	for (i = 0; i < kv->npairs; i++)
	{
		free(kv->pairs[i].key);
		free(kv->pairs[i].value);
	}
	for (i = 0; i < kv->nsubs; i++)
	{
		lm_kv_destroy(kv->subs[i]);
	}
	free(kv->pairs);
	free(kv->subs);
	free(kv->name);
	free(kv);
}
