/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_json.h"

#include <math.h>
#include <string.h>

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
		lm_buf_append(json->buf, ",", 1);
	}
	if (json->depth)
	{
		json->more[json->depth - 1] = true;
	}
	if (key)
	{
		lm_buf_json_str(json->buf, key);
		lm_buf_append(json->buf, ":", 1);
	}
}

/**
 * Append an unsigned integer in decimal, without printf (status of 10,000
 * monitors writes hundreds of thousands of them under the monitors' lock).
 */
static void append_uint(lm_buf_t *buf, uint64_t value)
{
	char digits[20];
	int i = sizeof(digits);

	do
	{
		digits[--i] = '0' + value % 10;
		value /= 10;
	}
	while (value);
	lm_buf_append(buf, digits + i, sizeof(digits) - i);
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
	lm_buf_append(json->buf, &open, 1);
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
	lm_buf_append(json->buf, &json->close[json->depth], 1);
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
		lm_buf_append(json->buf, "null", 4);
	}
}

void lm_json_uint(lm_json_t *json, const char *key, uint64_t value)
{
	member(json, key);
	append_uint(json->buf, value);
}

void lm_json_int(lm_json_t *json, const char *key, int64_t value)
{
	member(json, key);
	if (value < 0)
	{
		lm_buf_append(json->buf, "-", 1);
		append_uint(json->buf, -(uint64_t)value);
	}
	else
	{
		append_uint(json->buf, value);
	}
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
	if (value)
	{
		lm_buf_append(json->buf, "true", 4);
	}
	else
	{
		lm_buf_append(json->buf, "false", 5);
	}
}

void lm_json_null(lm_json_t *json, const char *key)
{
	member(json, key);
	lm_buf_append(json->buf, "null", 4);
}
