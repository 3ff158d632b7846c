/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_metrics lm_metrics
 * @{ @ingroup liblinkmon
 *
 * The monitors as Prometheus metrics, for `linkmon exporter`: OpenMetrics
 * 1.0 text or the classic text format 0.0.4 (counters' TYPE lines with
 * _total, no UNIT lines). A metric family's samples must stand together,
 * so it is rendered family by family over all monitors, in parts: a caller
 * may release its lock between them. The exposition ends without "# EOF",
 * which the exporter adds after its own linkmon_up.
 *
 * Per monitor (label monitor): linkmon_monitor_state (a gauge per state,
 * 1 for the current one), linkmon_monitor_transitions_total,
 * linkmon_monitor_last_change_timestamp_seconds, linkmon_monitor_probing,
 * linkmon_monitor_active_path (label path, 1 for the connection carrying
 * the traffic). Per server (labels monitor, server): linkmon_server_state,
 * linkmon_server_latency_seconds and its _min and _max,
 * linkmon_server_jitter_seconds, linkmon_server_loss_ratio,
 * linkmon_server_mos, linkmon_server_probes_sent_total,
 * linkmon_server_probes_received_total,
 * linkmon_server_out_of_sequence_total. Global: linkmon_monitors, and with
 * HA linkmon_ha_penalty and linkmon_ha_track_value.
 */

#ifndef LM_METRICS_H_
#define LM_METRICS_H_

#include "lm_buf.h"
#include "lm_entry.h"

/**
 * Global values.
 */
typedef struct {
	/** number of monitors */
	int monitors;
	/** HA penalty is configured */
	bool ha;
	/** its penalty */
	uint32_t ha_penalty;
	/** its track file value */
	uint32_t ha_value;
} lm_metrics_global_t;

/**
 * Rendering state.
 */
typedef struct {
	/** output */
	lm_buf_t *buf;
	/** OpenMetrics instead of the classic format */
	bool openmetrics;
	/** CLOCK_MONOTONIC ns */
	uint64_t now_ns;
	/** CLOCK_REALTIME ns at now_ns */
	int64_t wall_ns;
	/** family being rendered */
	int family;
	/** next monitor of it */
	int pos;
	/** complete */
	bool done;
} lm_metrics_t;

/**
 * Start rendering.
 */
void lm_metrics_begin(lm_metrics_t *m, lm_buf_t *buf, bool openmetrics,
					  uint64_t now_ns, int64_t wall_ns);

/**
 * Render the next part: up to max monitors' samples.
 *
 * @param entries	the monitors, as they are now
 * @param count		their number
 * @param global	global values, as they are now
 */
void lm_metrics_part(lm_metrics_t *m, lm_entry_t *const *entries, int count,
					 const lm_metrics_global_t *global, int max);

#endif /** LM_METRICS_H_ @}*/
