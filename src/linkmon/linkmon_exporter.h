/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon exporter: the monitors as Prometheus metrics (lm_metrics), served
 * over HTTP to Prometheus (OpenMetrics when its Accept header asks for it,
 * else the text format 0.0.4) and/or written for node_exporter's textfile
 * collector. A process of its own: charon serves no HTTP.
 */

#ifndef LINKMON_EXPORTER_H_
#define LINKMON_EXPORTER_H_

/**
 * linkmon exporter [--listen ADDR:PORT] [--textfile DIR [--interval N]
 * [--once]]
 *
 * @return			exit code
 */
int linkmon_cmd_exporter(int argc, char *argv[], const char *uri);

#endif /* LINKMON_EXPORTER_H_ */
