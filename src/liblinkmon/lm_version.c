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

/**
 * Length of a version at v (digits, then at least two dots between digits,
 * then [0-9a-z.]), 0 if there is none.
 */
static size_t version_len(const char *v, const char *end)
{
	size_t n;
	int dots = 0;

	if (v >= end || *v < '0' || *v > '9')
	{
		return 0;
	}
	for (n = 0; v + n < end && version_char(v[n]); n++)
	{
		if (v[n] == '.')
		{
			if (v + n + 1 >= end || v[n + 1] < '0' || v[n + 1] > '9')
			{
				return 0;
			}
			dots++;
		}
	}
	return dots >= 2 ? n : 0;
}

/**
 * Copy a version of n characters, if it fits.
 */
static bool copy(char *version, size_t size, const char *v, size_t n)
{
	if (!n || n >= size)
	{
		return false;
	}
	memcpy(version, v, n);
	version[n] = '\0';
	return true;
}

/**
 * The version after "(strongSwan " in charon's start-up line.
 */
static bool find_marked(const char *pos, const char *end, char *version,
						size_t size)
{
	const char *v;

	while ((pos = memmem(pos, end - pos, MARKER, strlen(MARKER))))
	{
		v = pos + strlen(MARKER);
		pos = v;
		if (v < end && *v >= '0' && *v <= '9')
		{
			for (size_t n = 0; ; n++)
			{
				if (v + n >= end || !version_char(v[n]))
				{
					return copy(version, size, v, n);
				}
			}
		}
	}
	return false;
}

/**
 * The one string of the binary that is nothing but a version (VERSION,
 * passed to "strongSwan %s" as charon-systemd does); none if two differ.
 */
static bool find_bare(const char *pos, const char *end, char *version,
					  size_t size)
{
	const char *found = NULL;
	size_t n, found_n = 0;

	for (; pos < end; pos++)
	{
		if (*pos != '\0')
		{
			continue;
		}
		n = version_len(pos + 1, end);
		if (!n || pos + 1 + n >= end || pos[1 + n] != '\0')
		{
			continue;
		}
		if (found && (n != found_n || memcmp(found, pos + 1, n) != 0))
		{
			return false;
		}
		found = pos + 1;
		found_n = n;
	}
	return found && copy(version, size, found, found_n);
}

bool lm_version_find(const void *data, size_t len, char *version,
					 size_t size)
{
	const char *pos = data, *end = pos + len;

	return find_marked(pos, end, version, size) ||
		   find_bare(pos, end, version, size);
}
