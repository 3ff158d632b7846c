/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_status lm_status
 * @{ @ingroup liblinkmon
 *
 * Status output of monitors, as text in the spirit of FortiGate's
 * "diagnose sys link-monitor status" and as JSON.
 */

#ifndef LM_STATUS_H_
#define LM_STATUS_H_

#include <stdint.h>

#include "lm_buf.h"
#include "lm_monitor.h"

/**
 * Adds caller-owned details of a monitor: text lines, or JSON members
 * ("key":value,) placed before "servers".
 */
typedef void (*lm_status_extra_t)(void *data, lm_buf_t *buf,
								  const lm_monitor_t *mon, bool json);

/**
 * Render the status of monitors.
 *
 * @param buf		output
 * @param mons		monitors
 * @param count		number of monitors
 * @param json		JSON instead of text
 * @param now_ns	monotonic time, for "since" values
 * @param extra		details added per monitor, NULL for none
 * @param data		data passed to extra
 * @param json_top	JSON members added after "monitors", NULL for none
 */
void lm_status_render(lm_buf_t *buf, lm_monitor_t **mons, int count,
					  bool json, uint64_t now_ns, lm_status_extra_t extra,
					  void *data, const char *json_top);

#endif /** LM_STATUS_H_ @}*/
