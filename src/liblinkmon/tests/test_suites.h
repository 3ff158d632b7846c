/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef TEST_SUITES_H_
#define TEST_SUITES_H_

#include <check.h>

Suite *msg_suite_create(void);
Suite *buf_suite_create(void);
Suite *config_suite_create(void);
Suite *stats_suite_create(void);
Suite *icmp_suite_create(void);
Suite *monitor_suite_create(void);
Suite *heap_suite_create(void);
Suite *proto_suite_create(void);
Suite *http_suite_create(void);
Suite *failover_suite_create(void);
Suite *updown_suite_create(void);
Suite *hookq_suite_create(void);
Suite *nlroute_suite_create(void);
Suite *nlrule_suite_create(void);
Suite *ha_suite_create(void);
Suite *hist_suite_create(void);
Suite *history_suite_create(void);
Suite *scrape_suite_create(void);
Suite *twamp_suite_create(void);
Suite *bfd_suite_create(void);
Suite *bfd_session_suite_create(void);
Suite *dns_suite_create(void);
Suite *version_suite_create(void);
Suite *errors_suite_create(void);
Suite *txstamp_suite_create(void);
Suite *engine_suite_create(void);
Suite *sessions_suite_create(void);
Suite *plan_suite_create(void);
Suite *route_suite_create(void);

#endif /* TEST_SUITES_H_ */
