/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "linkmon_args.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int linkmon_match_opt(int argc, char *argv[], int *i, const char *name,
					  const char *shrt, const char **value)
{
	const char *arg = argv[*i];
	size_t len = strlen(name);

	if (strncmp(arg, name, len) == 0 && arg[len] == '=')
	{
		*value = arg + len + 1;
		return 1;
	}
	if (strcmp(arg, name) != 0 && (!shrt || strcmp(arg, shrt) != 0))
	{
		return 0;
	}
	if (*i + 1 >= argc)
	{
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

bool linkmon_match_socket(int argc, char *argv[], int *i, const char **uri)
{
	if ((strcmp(argv[*i], "--socket") == 0 || strcmp(argv[*i], "-s") == 0) &&
		*i + 1 < argc)
	{
		*uri = argv[++*i];
		return true;
	}
	return false;
}

bool linkmon_parse_duration(const char *str, int64_t *secs)
{
	long long v;
	char *end;

	if (*str < '0' || *str > '9')
	{
		return false;
	}
	errno = 0;
	v = strtoll(str, &end, 10);
	if (errno || v > 100LL * 365 * 86400)
	{
		return false;
	}
	switch (*end)
	{
		case 'd':
			v *= 24;
			/* fall-through */
		case 'h':
			v *= 60;
			/* fall-through */
		case 'm':
			v *= 60;
			/* fall-through */
		case 's':
			end++;
			/* fall-through */
		case '\0':
			break;
		default:
			return false;
	}
	if (*end)
	{
		return false;
	}
	*secs = v;
	return true;
}

int linkmon_unexpected(const char *arg)
{
	fprintf(stderr, "linkmon: unexpected argument '%s' (see linkmon help)\n",
			arg);
	return 2;
}

int linkmon_missing(const char *arg)
{
	fprintf(stderr, "linkmon: option '%s' needs a value\n", arg);
	return 2;
}
