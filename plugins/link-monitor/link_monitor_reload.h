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
 * @defgroup link_monitor_reload link_monitor_reload
 * @{ @ingroup link_monitor
 *
 * Loads the monitors file and hands a valid configuration, with the
 * installed CHILD_SAs, to the decision core, which applies it by its plan
 * (lm_plan); a rejected one is reported and the running monitors stay.
 */

#ifndef LINK_MONITOR_RELOAD_H_
#define LINK_MONITOR_RELOAD_H_

#include "link_monitor_errors.h"
#include "link_monitor_scheduler.h"
#include "link_monitor_tunnels.h"

typedef struct link_monitor_reload_t link_monitor_reload_t;

/**
 * Reloads the monitors.
 */
struct link_monitor_reload_t {

	/**
	 * Load the monitors of a file.
	 *
	 * @param file		swanctl.conf-style file with a monitors section
	 * @return			TRUE if loaded, FALSE if rejected
	 */
	bool (*reload)(link_monitor_reload_t *this, const char *file);

	/**
	 * Destroy a link_monitor_reload_t.
	 */
	void (*destroy)(link_monitor_reload_t *this);
};

/**
 * Create a link_monitor_reload instance.
 *
 * @param scheduler	takes the configuration
 * @param tunnels	collects the installed CHILD_SAs
 * @param errors	where a rejected configuration is reported
 * @return			reloader
 */
link_monitor_reload_t *link_monitor_reload_create(
										link_monitor_scheduler_t *scheduler,
										link_monitor_tunnels_t *tunnels,
										link_monitor_errors_t *errors);

#endif /** LINK_MONITOR_RELOAD_H_ @}*/
