/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_json.h"

#include <math.h>

void lm_json_init(lm_json_t *json, lm_buf_t *buf)
{
	*json = (lm_json_t){ .buf = buf };
}

/**
 * Write what goes before a value: a comma after a sibling, and the key.
 */
static void member(lm_json_t *json, const char *key)
{
	if (json->depth && json->more[json->depth - 1])
	{
		lm_buf_printf(json->buf, ",");
	}
	if (json->depth)
	{
		json->more[json->depth - 1] = true;
	}
	if (key)
	{
		lm_buf_json_str(json->buf, key);
		lm_buf_printf(json->buf, ":");
	}
}

/**
 * Open an object or array.
 */
static void open_(lm_json_t *json, const char *key, char open, char close)
{
	if (json->depth >= LM_JSON_DEPTH)
	{
		json->failed = true;
		return;
	}
	member(json, key);
	lm_buf_printf(json->buf, "%c", open);
	json->close[json->depth] = close;
	json->more[json->depth] = false;
	json->depth++;
}

void lm_json_object(lm_json_t *json, const char *key)
{
	open_(json, key, '{', '}');
}

void lm_json_array(lm_json_t *json, const char *key)
{
	open_(json, key, '[', ']');
}

void lm_json_end(lm_json_t *json)
{
	if (!json->depth)
	{
		json->failed = true;
		return;
	}
	json->depth--;
	lm_buf_printf(json->buf, "%c", json->close[json->depth]);
}

void lm_json_str(lm_json_t *json, const char *key, const char *value)
{
	member(json, key);
	if (value)
	{
		lm_buf_json_str(json->buf, value);
	}
	else
	{
		lm_buf_printf(json->buf, "null");
	}
}

void lm_json_uint(lm_json_t *json, const char *key, uint64_t value)
{
	member(json, key);
	lm_buf_printf(json->buf, "%llu", (unsigned long long)value);
}

void lm_json_int(lm_json_t *json, const char *key, int64_t value)
{
	member(json, key);
	lm_buf_printf(json->buf, "%lld", (long long)value);
}

void lm_json_num(lm_json_t *json, const char *key, int decimals, double value)
{
	member(json, key);
	if (isfinite(value))
	{
		lm_buf_printf(json->buf, "%.*f", decimals, value);
	}
	else
	{
		/* JSON has no NaN or infinity */
		lm_buf_printf(json->buf, "null");
	}
}

void lm_json_bool(lm_json_t *json, const char *key, bool value)
{
	member(json, key);
	lm_buf_printf(json->buf, "%s", value ? "true" : "false");
}

void lm_json_null(lm_json_t *json, const char *key)
{
	member(json, key);
	lm_buf_printf(json->buf, "null");
}
