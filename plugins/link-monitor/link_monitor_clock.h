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
 * @defgroup link_monitor_clock link_monitor_clock
 * @{ @ingroup link_monitor
 *
 * The clocks probes are timed with.
 */

#ifndef LINK_MONITOR_CLOCK_H_
#define LINK_MONITOR_CLOCK_H_

#include <library.h>

/**
 * Current CLOCK_MONOTONIC time in ns: schedules, deadlines, RTTs.
 */
uint64_t link_monitor_now_ns();

/**
 * Current CLOCK_REALTIME time in ns, the clock of the kernel's socket
 * timestamps.
 */
uint64_t link_monitor_real_ns();

#endif /** LINK_MONITOR_CLOCK_H_ @}*/
