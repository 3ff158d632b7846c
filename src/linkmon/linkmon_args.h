/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon's argument helpers, shared by its commands.
 */

#ifndef LINKMON_ARGS_H_
#define LINKMON_ARGS_H_

#include <stdbool.h>
#include <stdint.h>

/**
 * Match option "--name VALUE", "--name=VALUE" or "-c VALUE" at argv[*i].
 *
 * @return			1 and value set (advancing *i) on a match, 0 if argv[*i]
 *					is a different option, -1 if the value is missing
 */
int linkmon_match_opt(int argc, char *argv[], int *i, const char *name,
					  const char *shrt, const char **value);

/**
 * Match "--socket URI" or "-s URI" at argv[*i]; sets uri (advancing *i) if
 * it is one and the URI follows.
 */
bool linkmon_match_socket(int argc, char *argv[], int *i, const char **uri);

/**
 * Parse a duration: a number with suffix s, m, h or d (seconds without).
 *
 * @return			TRUE if valid
 */
bool linkmon_parse_duration(const char *str, int64_t *secs);

/**
 * Complain about an argument; returns the exit code 2.
 */
int linkmon_unexpected(const char *arg);

/**
 * Complain about an option without its value; returns the exit code 2.
 */
int linkmon_missing(const char *arg);

#endif /* LINKMON_ARGS_H_ */
