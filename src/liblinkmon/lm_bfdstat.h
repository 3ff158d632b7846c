/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_bfdstat lm_bfdstat
 * @{ @ingroup liblinkmon
 *
 * The status of BFD monitors and their sessions, for lm_status: what BFD
 * shows instead of latency, jitter, loss and MOS, which its Control packets
 * cannot measure: the session's state and the peer's, the negotiated
 * intervals, the discriminators, the diagnostics and how often it went up
 * and down.
 */

#ifndef LM_BFDSTAT_H_
#define LM_BFDSTAT_H_

#include "lm_buf.h"
#include "lm_json.h"
#include "lm_monitor.h"

/**
 * The monitor's BFD settings as a text line.
 */
void lm_bfdstat_text_monitor(lm_buf_t *buf, const lm_monitor_cfg_t *cfg);

/**
 * A server's session as text lines.
 */
void lm_bfdstat_text_server(lm_buf_t *buf, const lm_monitor_t *mon,
							const lm_server_t *srv);

/**
 * The monitor's BFD settings as the member "bfd", null for other protocols.
 */
void lm_bfdstat_json_monitor(lm_json_t *json, const lm_monitor_cfg_t *cfg);

/**
 * A server's session as the member "bfd", null before its first report.
 */
void lm_bfdstat_json_server(lm_json_t *json, const lm_server_t *srv);

#endif /** LM_BFDSTAT_H_ @}*/
