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
 * Render the status of monitors.
 *
 * @param buf		output
 * @param mons		monitors
 * @param count		number of monitors
 * @param json		JSON instead of text
 * @param now_ns	monotonic time, for "since" values
 */
void lm_status_render(lm_buf_t *buf, lm_monitor_t **mons, int count,
					  bool json, uint64_t now_ns);

#endif /** LM_STATUS_H_ @}*/
