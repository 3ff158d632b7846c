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

#include "link_monitor_options.h"

#include <errno.h>

#include <daemon.h>

/** the options' prefix */
#define OPT "%s.plugins.link-monitor."

/**
 * Parse flip_timeout: minutes as FortiGate, or with suffix s, m, h.
 */
static bool parse_flip(char *str, uint64_t *secs)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(str, &end, 10);
	if (errno || end == str || v == 0)
	{
		return FALSE;
	}
	if (streq(end, "") || streq(end, "m"))
	{
		v *= 60;
	}
	else if (streq(end, "h"))
	{
		v *= 3600;
	}
	else if (!streq(end, "s"))
	{
		return FALSE;
	}
	*secs = v;
	return TRUE;
}

/**
 * Read the ha.* options.
 */
static void read_ha(link_monitor_options_t *opts)
{
	char *file, *flip;

	file = lib->settings->get_str(lib->settings, OPT "ha.track_file", NULL,
								  lib->ns);
	flip = lib->settings->get_str(lib->settings, OPT "ha.flip_timeout", NULL,
								  lib->ns);
	opts->ha_enabled = file || flip ||
		lib->settings->get_str(lib->settings, OPT "ha.failover_threshold",
							   NULL, lib->ns) ||
		lib->settings->get_str(lib->settings, OPT "ha.secondary_force_reset",
							   NULL, lib->ns);
	opts->ha_track_file = strdup(file ?: "/run/linkmon/ha.weight");
	opts->ha = (lm_ha_cfg_t){
		.failover_threshold = lib->settings->get_int(lib->settings,
								OPT "ha.failover_threshold", 0, lib->ns),
		.flip_timeout_s = 60 * 60,
		.secondary_force_reset = lib->settings->get_bool(lib->settings,
								OPT "ha.secondary_force_reset", TRUE, lib->ns),
	};
	if (opts->ha_enabled && flip &&
		!parse_flip(flip, &opts->ha.flip_timeout_s))
	{
		DBG1(DBG_CFG, "link-monitor: ha.flip_timeout '%s' is not a number of "
			 "minutes (or with suffix s, m, h), using 60", flip);
	}
}

/**
 * Read a time of the history section in seconds: the default if unset,
 * valid cleared if set but not a time.
 */
static uint32_t history_time(const char *key, uint32_t def, bool *valid)
{
	char opt[64];
	u_int v;

	/* the namespace stays a format argument of the settings */
	snprintf(opt, sizeof(opt), "%%s.plugins.link-monitor.history.%s", key);
	if (!lib->settings->get_str(lib->settings, opt, NULL, lib->ns))
	{
		return def;
	}
	v = lib->settings->get_time(lib->settings, opt, UINT_MAX, lib->ns);
	if (v == UINT_MAX)
	{
		*valid = FALSE;
		return def;
	}
	return v;
}

/**
 * Read the history.* options: widths and spans into widths and counts.
 */
static void read_history(link_monitor_options_t *opts)
{
	lm_history_cfg_t def = lm_history_cfg_default(), *h = &opts->history;
	uint32_t fine_span, coarse_span;
	bool valid = TRUE;
	char err[128];

	h->fine_step = history_time("fine", def.fine_step, &valid);
	h->coarse_step = history_time("coarse", def.coarse_step, &valid);
	fine_span = history_time("fine_span", def.fine_step * def.fine_count,
							 &valid);
	coarse_span = history_time("coarse_span",
							   def.coarse_step * def.coarse_count, &valid);
	if (h->fine_step && h->coarse_step)
	{
		h->fine_count = (fine_span + h->fine_step - 1) / h->fine_step;
		h->coarse_count = (coarse_span + h->coarse_step - 1) / h->coarse_step;
	}
	if (!valid || !lm_history_cfg_check(h, err, sizeof(err)))
	{
		DBG1(DBG_CFG, "link-monitor: history: %s, using 10s x 60 and 5m x "
			 "288", valid ? err : "a time is not valid");
		*h = def;
	}
}

/*
 * Described in header
 */
void link_monitor_options_read(link_monitor_options_t *opts)
{
	*opts = (link_monitor_options_t){
		.socket = strdup(lib->settings->get_str(lib->settings, OPT "socket",
							"unix://" IPSEC_PIDDIR "/charon.lnkmon", lib->ns)),
		.socket_group = strdupnull(lib->settings->get_str(lib->settings,
							OPT "socket_group", NULL, lib->ns)),
		.config = strdup(lib->settings->get_str(lib->settings, OPT "config",
							SWANCTLDIR "/swanctl.conf", lib->ns)),
		.updown_timeout = max(1, lib->settings->get_int(lib->settings,
							OPT "updown_timeout", 10, lib->ns)),
		.updown_queue = lib->settings->get_int(lib->settings,
							OPT "updown_queue", 16, lib->ns),
	};
	read_ha(opts);
	read_history(opts);
	opts->events = max(1, lib->settings->get_int(lib->settings,
							OPT "events", 1024, lib->ns));
}

/*
 * Described in header
 */
void link_monitor_options_free(link_monitor_options_t *opts)
{
	free(opts->socket);
	free(opts->socket_group);
	free(opts->config);
	free(opts->ha_track_file);
	memset(opts, 0, sizeof(*opts));
}
