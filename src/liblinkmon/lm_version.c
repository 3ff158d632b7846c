/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE
#include "lm_version.h"

#include <string.h>

/** the text before the version in the daemons' start-up line */
#define MARKER "(strongSwan "

/**
 * A character of a version: digits, dots, lower-case letters (5.9.14rc1).
 */
static bool version_char(char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || c == '.';
}

bool lm_version_find(const void *data, size_t len, char *version,
					 size_t size)
{
	const char *pos = data, *end = pos + len, *v;
	size_t n;

	while ((pos = memmem(pos, end - pos, MARKER, strlen(MARKER))))
	{
		v = pos + strlen(MARKER);
		pos = v;
		if (v >= end || *v < '0' || *v > '9')
		{
			continue;
		}
		for (n = 0; v + n < end && version_char(v[n]); n++)
		{
		}
		if (n >= size)
		{
			return false;
		}
		memcpy(version, v, n);
		version[n] = '\0';
		return true;
	}
	return false;
}
