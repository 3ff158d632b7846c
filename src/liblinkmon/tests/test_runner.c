/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdlib.h>
#include <check.h>

#include "test_suites.h"

int main(void)
{
	SRunner *runner;
	int failed;

	runner = srunner_create(msg_suite_create());
	srunner_add_suite(runner, buf_suite_create());
	srunner_add_suite(runner, config_suite_create());
	srunner_add_suite(runner, stats_suite_create());
	srunner_add_suite(runner, icmp_suite_create());
	srunner_add_suite(runner, monitor_suite_create());
	srunner_add_suite(runner, heap_suite_create());
	srunner_add_suite(runner, proto_suite_create());
	srunner_add_suite(runner, http_suite_create());
	srunner_add_suite(runner, failover_suite_create());
	srunner_add_suite(runner, updown_suite_create());
	srunner_add_suite(runner, hookq_suite_create());
	srunner_add_suite(runner, nlroute_suite_create());
	srunner_add_suite(runner, nlrule_suite_create());
	srunner_add_suite(runner, ha_suite_create());
	srunner_add_suite(runner, hist_suite_create());
	srunner_add_suite(runner, history_suite_create());
	srunner_add_suite(runner, scrape_suite_create());
	srunner_add_suite(runner, twamp_suite_create());
	srunner_add_suite(runner, bfd_suite_create());
	srunner_add_suite(runner, bfd_session_suite_create());
	srunner_add_suite(runner, dns_suite_create());
	srunner_add_suite(runner, version_suite_create());
	srunner_add_suite(runner, errors_suite_create());
	srunner_add_suite(runner, txstamp_suite_create());
	srunner_add_suite(runner, engine_suite_create());
	srunner_add_suite(runner, sessions_suite_create());
	srunner_add_suite(runner, plan_suite_create());
	srunner_add_suite(runner, route_suite_create());
	srunner_run_all(runner, CK_NORMAL);
	failed = srunner_ntests_failed(runner);
	srunner_free(runner);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
