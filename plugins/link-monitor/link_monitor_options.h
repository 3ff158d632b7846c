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

/**
 * @defgroup link_monitor_options link_monitor_options
 * @{ @ingroup link_monitor
 *
 * Every charon.plugins.link-monitor option of strongswan.conf, read in one
 * place (documented in conf/link-monitor.opt).
 */

#ifndef LINK_MONITOR_OPTIONS_H_
#define LINK_MONITOR_OPTIONS_H_

#include <library.h>

#include <lm_ha.h>
#include <lm_history.h>

typedef struct link_monitor_options_t link_monitor_options_t;

/**
 * The plugin's options.
 */
struct link_monitor_options_t {
	/** URI of the control socket */
	char *socket;
	/** group allowed to use it, NULL for the owner only */
	char *socket_group;
	/** file with the monitors section */
	char *config;
	/** seconds before an updown hook is killed */
	u_int updown_timeout;
	/** hooks of one monitor waiting for its running one */
	u_int updown_queue;
	/** the HA penalty is configured (any ha.* option) */
	bool ha_enabled;
	/** keepalived's track file */
	char *ha_track_file;
	/** HA penalty settings */
	lm_ha_cfg_t ha;
	/** sizes of the monitors' histories */
	lm_history_cfg_t history;
	/** transitions kept in the event log */
	u_int events;
};

/**
 * Read the options from lib->settings.
 *
 * @param opts		receives the options, free with
 *					link_monitor_options_free()
 */
void link_monitor_options_read(link_monitor_options_t *opts);

/**
 * Free the strings of options.
 */
void link_monitor_options_free(link_monitor_options_t *opts);

#endif /** LINK_MONITOR_OPTIONS_H_ @}*/
