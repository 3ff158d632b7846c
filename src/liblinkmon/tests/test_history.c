/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * A monitor's history: the packing of latencies, the buckets at both
 * resolutions, their wall clock alignment, gaps, states, the fixed memory,
 * and the wire format parsed back.
 */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <check.h>

#include <lm_histdata.h>
#include <lm_history.h>

#include "test_suites.h"

#define S 1000000000ULL
/* wall clock 1800000000 s (aligned to 5 minutes) at monotonic 1000 s */
#define WALL0 1800000000LL
#define OFFSET ((WALL0 - 1000) * (int64_t)S)
#define T(s) ((uint64_t)(1000 + (s)) * S)

START_TEST(test_pack)
{
	uint32_t v, u;

	for (v = 0; v < 2048; v++)
	{
		ck_assert_uint_eq(lm_history_unpack(lm_history_pack(v)), v);
	}
	for (v = 2048; v < 4000000000U; v += v / 7 + 1)
	{
		u = lm_history_unpack(lm_history_pack(v));
		ck_assert_msg((u > v ? u - v : v - u) <= v / 4096 + 1,
					  "%u packed and unpacked is %u", v, u);
	}
	/* monotonic, never the "none" code */
	ck_assert_uint_lt(lm_history_pack(2047), lm_history_pack(2048));
	ck_assert_uint_lt(lm_history_pack(UINT32_MAX), LM_HISTORY_NONE);
	ck_assert_uint_eq(sizeof(lm_hbucket_t), 18);
}
END_TEST

START_TEST(test_cfg)
{
	lm_history_cfg_t cfg = lm_history_cfg_default();
	char err[128];

	ck_assert(lm_history_cfg_check(&cfg, err, sizeof(err)));
	cfg.coarse_step = 25;
	ck_assert(!lm_history_cfg_check(&cfg, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "multiple"));
	cfg = lm_history_cfg_default();
	cfg.fine_step = 0;
	ck_assert(!lm_history_cfg_check(&cfg, err, sizeof(err)));
	/* the goal: under 8 KiB per monitor of one server with the defaults */
	cfg = lm_history_cfg_default();
	ck_assert_uint_lt(lm_history_size(&cfg, 1), 8192);
	ck_assert(lm_history_cfg_enabled(&cfg));
	cfg.fine_count = 0;
	ck_assert(lm_history_cfg_enabled(&cfg));
	cfg.coarse_count = 0;
	ck_assert(!lm_history_cfg_enabled(&cfg));
	ck_assert_ptr_null(lm_history_create(&cfg, 1, T(0), OFFSET));
}
END_TEST

/**
 * Parse what a history writes, with a monitor of one server.
 */
static void roundtrip(lm_history_t *h, int64_t since, uint64_t now,
					  lm_histdata_t *d)
{
	lm_buf_t buf = {};
	const char *err;

	lm_buf_printf(&buf, "monitor dc 1 0\nnow %lld\n"
				  "server 0 10.0.0.135 ping\n",
				  (long long)(WALL0 + (int64_t)(now / S) - 1000));
	lm_history_write(h, &buf, since, now, (int64_t)now + OFFSET);
	err = lm_histdata_parse(lm_buf_str(&buf), d);
	ck_assert_msg(!err, "%s in:\n%s", err, lm_buf_str(&buf));
	lm_buf_free(&buf);
}

START_TEST(test_buckets)
{
	lm_history_cfg_t cfg = lm_history_cfg_default();
	lm_history_t *h;
	lm_histdata_t d;
	lm_hrow_t *r;
	int i;

	h = lm_history_create(&cfg, 1, T(0), OFFSET);
	ck_assert_ptr_nonnull(h);
	lm_history_state(h, -1, LM_STATE_ALIVE, T(0));
	/* 0..9 s: 10 replies of 1, 2, ... 10 ms; 10..19 s: 5 lost, 5 of 3 ms */
	for (i = 0; i < 10; i++)
	{
		lm_history_result(h, 0, (i + 1) * 1000, LM_STATE_ALIVE, T(i));
	}
	for (i = 10; i < 20; i++)
	{
		lm_history_result(h, 0, i < 15 ? -1 : 3000,
						  i < 15 ? LM_STATE_DEAD : LM_STATE_ALIVE, T(i));
	}
	roundtrip(h, 0, T(25), &d);
	ck_assert_int_eq(d.nlevels, 2);
	ck_assert_uint_eq(d.levels[0].step, 10);
	ck_assert_uint_eq(d.levels[0].size, 60);
	/* two closed fine buckets and the open one */
	ck_assert_int_eq(d.levels[0].count, 3);
	r = &d.levels[0].rows[0];
	ck_assert_int_eq(r->start, WALL0);
	ck_assert(!r->open);
	ck_assert_uint_eq(r->servers[0].sent, 10);
	ck_assert_uint_eq(r->servers[0].received, 10);
	ck_assert_uint_eq(r->servers[0].lat_min, 1000);
	ck_assert_uint_eq(r->servers[0].lat_avg, 5500);
	ck_assert_uint_eq(r->servers[0].lat_max, 10000);
	ck_assert_uint_eq(r->servers[0].jit_avg, 1000);
	/* from init to alive */
	ck_assert(r->servers[0].changed);
	ck_assert(!r->servers[0].dead);
	r = &d.levels[0].rows[1];
	ck_assert_int_eq(r->start, WALL0 + 10);
	ck_assert_uint_eq(r->servers[0].sent, 10);
	ck_assert_uint_eq(r->servers[0].received, 5);
	ck_assert(r->servers[0].changed);
	ck_assert(r->servers[0].dead);
	ck_assert_int_eq(r->servers[0].state, LM_STATE_ALIVE);
	/* jitter across the losses: 10 ms -> 3 ms, then 0 */
	ck_assert_uint_eq(r->servers[0].jit_max, 7000);
	ck_assert_uint_eq(r->servers[0].jit_min, 0);
	ck_assert(fabs(lm_histdata_loss(&r->servers[0]) - 50.0) < 1e-9);
	ck_assert(d.levels[0].rows[2].open);
	ck_assert_uint_eq(d.levels[0].rows[2].servers[0].sent, 0);
	/* the coarse bucket is still open, with the closed fine ones merged */
	ck_assert_int_eq(d.levels[1].count, 1);
	r = &d.levels[1].rows[0];
	ck_assert(r->open);
	ck_assert_int_eq(r->start, WALL0);
	ck_assert_uint_eq(r->servers[0].sent, 20);
	ck_assert_uint_eq(r->servers[0].received, 15);
	ck_assert_uint_eq(r->servers[0].lat_max, 10000);
	ck_assert(r->servers[0].dead);
	lm_histdata_free(&d);
	lm_history_destroy(h);
}
END_TEST

START_TEST(test_gaps_and_rings)
{
	lm_history_cfg_t cfg = lm_history_cfg_default();
	lm_history_t *h;
	lm_histdata_t d;
	lm_hlevel_t *l;

	h = lm_history_create(&cfg, 1, T(0), OFFSET);
	lm_history_result(h, 0, 500, LM_STATE_ALIVE, T(1));
	/* nothing for 20 minutes, then the monitor is dead */
	lm_history_state(h, 0, LM_STATE_DEAD, T(1200));
	lm_history_state(h, -1, LM_STATE_DEAD, T(1200));
	roundtrip(h, 0, T(1205), &d);
	/* the fine ring holds its 60 buckets and the open one; the empty ones
	 * carry the state they had */
	l = &d.levels[0];
	ck_assert_int_eq(l->count, 61);
	ck_assert_int_eq(l->rows[0].start, WALL0 + 1200 - 600);
	ck_assert_uint_eq(l->rows[0].servers[0].sent, 0);
	ck_assert_int_eq(l->rows[0].servers[0].state, LM_STATE_ALIVE);
	ck_assert_int_eq(l->rows[60].servers[0].state, LM_STATE_DEAD);
	ck_assert(l->rows[60].dead);
	/* coarse: 0..300 with the reply, two empty, the open one */
	l = &d.levels[1];
	ck_assert_int_eq(l->count, 5);
	ck_assert_uint_eq(l->rows[0].servers[0].received, 1);
	ck_assert_int_eq(l->rows[3].start, WALL0 + 900);
	ck_assert_int_eq(l->rows[4].start, WALL0 + 1200);
	ck_assert_int_eq(lm_histdata_pick(&d, WALL0 + 500), 1);
	ck_assert_int_eq(lm_histdata_pick(&d, WALL0 + 1000), 0);
	lm_histdata_free(&d);
	/* since leaves out what ended before */
	roundtrip(h, WALL0 + 1100, T(1205), &d);
	ck_assert_int_eq(d.levels[0].count, 11);
	ck_assert_int_eq(d.levels[1].count, 2);
	lm_histdata_free(&d);
	lm_history_destroy(h);
}
END_TEST

START_TEST(test_clock_set)
{
	lm_history_cfg_t cfg = lm_history_cfg_default();
	lm_history_t *h;
	lm_histdata_t d;
	lm_buf_t buf = {};

	h = lm_history_create(&cfg, 2, T(0), OFFSET);
	lm_history_result(h, 1, 100, LM_STATE_ALIVE, T(3));
	/* the wall clock was set 1 hour ahead since: times follow it */
	lm_buf_printf(&buf, "monitor dc 1 1\nnow 0\nserver 0 10.0.0.1 ping\n"
				  "server 1 10.0.0.2 udp-echo\n");
	lm_history_write(h, &buf, 0, T(15), (int64_t)T(15) + OFFSET +
					 3600 * (int64_t)S);
	ck_assert_ptr_null(lm_histdata_parse(lm_buf_str(&buf), &d));
	ck_assert_int_eq(d.levels[0].rows[0].start, WALL0 + 3600);
	ck_assert_uint_eq(d.levels[0].rows[0].servers[1].received, 1);
	ck_assert_uint_eq(d.levels[0].rows[0].servers[0].sent, 0);
	ck_assert_int_eq(d.codec, LM_CODEC_G729);
	lm_histdata_free(&d);
	lm_buf_free(&buf);
	lm_history_destroy(h);
}
END_TEST

START_TEST(test_parse_rejects)
{
	static const char *bad[] = {
		"",
		"monitor dc 1 0\n",
		"monitor dc 9 0\nserver 0 10.0.0.1 ping\n",
		"monitor dc 1 0\nserver 1 10.0.0.1 ping\n",
		"monitor dc 1 0\nserver 0 10.0.0.1 ping\nm 10 1 0 0\n",
		"monitor dc 1 0\nserver 0 10.0.0.1 ping\nlevel 10 60\n"
			"s 0 10 1 1 5 5 5 - - - 1 0 0\n",
		"monitor dc 1 0\nserver 0 10.0.0.1 ping\nlevel 10 60\nm 10 1 0 0\n"
			"s 0 10 1 0 5 5 5 - - - 1 0 0\n",
		"monitor dc 1 0\nserver 0 10.0.0.1 ping\nlevel 10 60\nm 10 1 0 0\n"
			"s 3 10 1 1 5 5 5 - - - 1 0 0\n",
		"monitor dc 1 0\nserver 0 10.0.0.1 ping\nbogus\n",
		/* more received than sent, times and sizes out of range */
		"monitor dc 1 0\nserver 0 10.0.0.1 ping\nlevel 10 60\nm 10 1 0 0\n"
			"s 0 10 1 2 5 5 5 - - - 1 0 0\n",
		"monitor dc 1 0\nserver 0 10.0.0.1 ping\nlevel 10 60\n"
			"m 9223372036854775807 1 0 0\n",
		"monitor dc 1 0\nserver 0 10.0.0.1 ping\nlevel 4294967295 60\n",
		"monitor dc 1 0\nnow -5\nserver 0 10.0.0.1 ping\n",
	};
	lm_histdata_t d;
	int i;

	for (i = 0; i < (int)(sizeof(bad) / sizeof(bad[0])); i++)
	{
		ck_assert_msg(lm_histdata_parse(bad[i], &d) != NULL,
					  "accepted: %s", bad[i]);
		lm_histdata_free(&d);
	}
}
END_TEST

START_TEST(test_render)
{
	lm_history_cfg_t cfg = lm_history_cfg_default();
	lm_buf_t buf = {};
	lm_history_t *h;
	lm_histdata_t d;

	h = lm_history_create(&cfg, 1, T(0), OFFSET);
	lm_history_result(h, 0, 1500, LM_STATE_ALIVE, T(1));
	lm_history_result(h, 0, 2500, LM_STATE_ALIVE, T(2));
	roundtrip(h, 0, T(12), &d);
	lm_histdata_text(&d, 0, 0, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "10.0.0.135"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf),
								 "1.500    2.000    2.500"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "4.40"));
	lm_buf_free(&buf);
	lm_histdata_json(&d, &buf);
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"latency_ms\":{\"min\":"
								 "1.500,\"avg\":2.000,\"max\":2.500}"));
	ck_assert_ptr_nonnull(strstr(lm_buf_str(&buf), "\"step_s\":300"));
	ck_assert_ptr_null(strstr(lm_buf_str(&buf), "failed"));
	lm_buf_free(&buf);
	lm_histdata_free(&d);
	lm_history_destroy(h);
}
END_TEST

Suite *history_suite_create(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_pack);
	tcase_add_test(tc, test_cfg);
	tcase_add_test(tc, test_buckets);
	tcase_add_test(tc, test_gaps_and_rings);
	tcase_add_test(tc, test_clock_set);
	tcase_add_test(tc, test_parse_rejects);
	tcase_add_test(tc, test_render);
	suite_add_tcase(s, tc);
	return s;
}
