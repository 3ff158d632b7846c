/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon history and linkmon events: a monitor's history and the event
 * log, from the control socket.
 */

#ifndef LINKMON_HISTORY_H_
#define LINKMON_HISTORY_H_

#include <lm_evlog.h>
#include <lm_histdata.h>

/**
 * Fetch and parse a monitor's history.
 *
 * @param since		wall clock seconds, 0 for everything kept
 * @param d			receives the history, free with lm_histdata_free()
 * @return			0, or the exit code (errors printed)
 */
int linkmon_history_fetch(const char *uri, const char *name, int64_t since,
						  lm_histdata_t *d);

/**
 * Fetch the events of a monitor (and HA's) the plugin keeps.
 *
 * @param recs		receives the events, oldest first, allocated
 * @param count		receives their number
 * @return			0, or the exit code (errors printed)
 */
int linkmon_events_fetch(const char *uri, const char *name, lm_evrec_t **recs,
						 int *count);

/**
 * linkmon history NAME [--since DURATION] [--json]
 *
 * @return			exit code
 */
int linkmon_cmd_history(int argc, char *argv[], const char *uri);

/**
 * linkmon events [--follow] [--json] [NAME]
 *
 * @return			exit code
 */
int linkmon_cmd_events(int argc, char *argv[], const char *uri);

#endif /* LINKMON_HISTORY_H_ */
