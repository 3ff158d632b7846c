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
 * @defgroup link_monitor_config link_monitor_config
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_CONFIG_H_
#define LINK_MONITOR_CONFIG_H_

#include <library.h>

#include <lm_buf.h>
#include <lm_config.h>

/**
 * Load the monitors section of a swanctl.conf-style file.
 *
 * The file is parsed by strongSwan's own settings parser, so syntax and
 * includes behave exactly as for swanctl; the monitors section is validated
 * by lm_config_parse(). Errors are logged, one line each.
 *
 * @param file		file to load
 * @param why		receives a one-line description of the failure
 * @return			configuration, NULL on any error
 */
lm_config_t *link_monitor_config_load(const char *file, lm_buf_t *why);

#endif /** LINK_MONITOR_CONFIG_H_ @}*/
