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
 * @defgroup link_monitor link_monitor
 * @ingroup cplugins
 *
 * @defgroup link_monitor_plugin link_monitor_plugin
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_PLUGIN_H_
#define LINK_MONITOR_PLUGIN_H_

#include <plugins/plugin.h>

typedef struct link_monitor_plugin_t link_monitor_plugin_t;

/**
 * Plugin probing paths through IPsec tunnels and WAN links, FortiGate
 * link-monitor style.
 */
struct link_monitor_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	plugin_t plugin;
};

#endif /** LINK_MONITOR_PLUGIN_H_ @}*/
