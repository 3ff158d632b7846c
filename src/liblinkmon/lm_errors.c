/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_errors.h"

#include <stdlib.h>
#include <string.h>

/**
 * Index of a source, -1 if it is not failing.
 */
static int find(const lm_errors_t *errors, const char *source)
{
	int i;

	for (i = 0; i < errors->count; i++)
	{
		if (strcmp(errors->entries[i].source, source) == 0)
		{
			return i;
		}
	}
	return -1;
}

bool lm_errors_set(lm_errors_t *errors, const char *source,
				   const char *message, uint64_t now_ns)
{
	char *copy;
	int i = find(errors, source);

	if (i >= 0)
	{
		copy = strdup(message);
		if (copy)
		{
			free(errors->entries[i].message);
			errors->entries[i].message = copy;
		}
		return false;
	}
	if (errors->count == LM_ERRORS_MAX)
	{
		errors->dropped++;
		return true;
	}
	i = errors->count;
	errors->entries[i].source = strdup(source);
	errors->entries[i].message = strdup(message);
	if (!errors->entries[i].source || !errors->entries[i].message)
	{
		free(errors->entries[i].source);
		free(errors->entries[i].message);
		errors->dropped++;
		return true;
	}
	errors->entries[i].since_ns = now_ns;
	errors->count++;
	return true;
}

bool lm_errors_clear(lm_errors_t *errors, const char *source)
{
	int i = find(errors, source);

	if (i < 0)
	{
		return false;
	}
	free(errors->entries[i].source);
	free(errors->entries[i].message);
	memmove(&errors->entries[i], &errors->entries[i + 1],
			(errors->count - i - 1) * sizeof(errors->entries[0]));
	errors->count--;
	/* a slot is free: the sources not kept will be seen when they fail
	 * again */
	errors->dropped = 0;
	return true;
}

uint64_t lm_errors_count(const lm_errors_t *errors)
{
	return errors->count + errors->dropped;
}

void lm_errors_text(const lm_errors_t *errors, lm_buf_t *buf,
					uint64_t now_ns)
{
	int i;

	if (!lm_errors_count(errors))
	{
		return;
	}
	lm_buf_printf(buf, "Errors:\n");
	for (i = 0; i < errors->count; i++)
	{
		lm_buf_printf(buf, "  %s: %s (for %llu s)\n",
					  errors->entries[i].source, errors->entries[i].message,
					  (unsigned long long)((now_ns -
						errors->entries[i].since_ns) / 1000000000ULL));
	}
	if (errors->dropped)
	{
		lm_buf_printf(buf, "  and %llu more failures, not listed\n",
					  (unsigned long long)errors->dropped);
	}
	lm_buf_printf(buf, "\n");
}

void lm_errors_json(const lm_errors_t *errors, lm_json_t *json,
					uint64_t now_ns)
{
	int i;

	lm_json_array(json, "errors");
	for (i = 0; i < errors->count; i++)
	{
		lm_json_object(json, NULL);
		lm_json_str(json, "source", errors->entries[i].source);
		lm_json_str(json, "message", errors->entries[i].message);
		lm_json_num(json, "since_s", 3,
					(now_ns - errors->entries[i].since_ns) / 1e9);
		lm_json_end(json);
	}
	lm_json_end(json);
	if (errors->dropped)
	{
		lm_json_uint(json, "errors_not_listed", errors->dropped);
	}
}

void lm_errors_free(lm_errors_t *errors)
{
	while (errors->count)
	{
		errors->count--;
		free(errors->entries[errors->count].source);
		free(errors->entries[errors->count].message);
	}
	errors->dropped = 0;
}
