/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon graph: a monitor's history drawn with cairo, per server latency
 * and jitter as lines, loss as bars, dead buckets shaded, state changes and
 * failovers marked.
 */

#ifndef LINKMON_GRAPH_H_
#define LINKMON_GRAPH_H_

#include <stdint.h>

/**
 * Draw a monitor's history into a PNG or SVG file (by its extension).
 *
 * @param name		monitor name
 * @param ago		seconds back from now to draw
 * @param file		output file, .svg for SVG, else PNG
 * @param since		the time drawn in words, for the title
 * @return			exit code
 */
int linkmon_graph(const char *uri, const char *name, int64_t ago,
				  const char *file, const char *since);

/**
 * linkmon graph NAME [--since DURATION] -o FILE
 *
 * @return			exit code
 */
int linkmon_cmd_graph(int argc, char *argv[], const char *uri);

#endif /* LINKMON_GRAPH_H_ */
