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
 * @defgroup link_monitor_errors link_monitor_errors
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_ERRORS_H_
#define LINK_MONITOR_ERRORS_H_

#include <library.h>

#include <lm_buf.h>
#include <lm_json.h>

typedef struct link_monitor_errors_t link_monitor_errors_t;

/**
 * What fails right now (configuration, HA track file, hooks), shared by the
 * components that fail and the status that reports it; thread-safe.
 */
struct link_monitor_errors_t {

	/**
	 * Record that a source fails, with a printf-style message.
	 *
	 * @param source	what fails ("config", "ha", "updown 'dc'")
	 * @param fmt		why
	 */
	void (*set)(link_monitor_errors_t *this, const char *source,
				const char *fmt, ...) __attribute__((format(printf, 3, 4)));

	/**
	 * Record that a source works (again).
	 */
	void (*clear)(link_monitor_errors_t *this, const char *source);

	/**
	 * Describe the errors: a JSON member "errors" if json is set, else text
	 * lines into buf if set; with neither, only count them.
	 *
	 * @return			number of failures, 0 if all is well
	 */
	uint64_t (*status)(link_monitor_errors_t *this, lm_buf_t *buf,
					   lm_json_t *json);

	/**
	 * Destroy a link_monitor_errors_t.
	 */
	void (*destroy)(link_monitor_errors_t *this);
};

/**
 * Create a link_monitor_errors_t.
 */
link_monitor_errors_t *link_monitor_errors_create();

#endif /** LINK_MONITOR_ERRORS_H_ @}*/
