/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <check.h>

#include <lm_bfd_session.h>

#include "test_suites.h"

#define MS 1000000ULL
#define LOCAL 0x1001
#define REMOTE 0x2002

/** 10 ms x 3, hold 2 */
static const lm_bfd_params_t fast = {
	.tx_us = 10000,
	.rx_us = 10000,
	.mult = 3,
	.hold = 2,
};

/**
 * A packet of the peer: its discriminator REMOTE, ours if it knows it,
 * 10 ms x 3.
 */
static lm_bfd_packet_t peer(lm_bfd_state_t state, bool knows)
{
	return (lm_bfd_packet_t){
		.state = state,
		.detect_mult = 3,
		.length = LM_BFD_LEN,
		.my_discr = REMOTE,
		.your_discr = knows ? LOCAL : 0,
		.desired_min_tx_us = 10000,
		.required_min_rx_us = 10000,
	};
}

/**
 * Send what is due at now, checking that something is.
 */
static lm_bfd_packet_t send_at(lm_bfd_session_t *s, uint64_t now,
							   uint32_t rnd)
{
	lm_bfd_packet_t pkt;

	ck_assert(lm_bfd_session_tx_due(s, now, 0));
	lm_bfd_session_tx(s, &pkt, now, rnd);
	return pkt;
}

/**
 * Bring a session Up at 1 s: the peer sends Down, then Up; the Poll of the
 * switch to 10 ms is answered; hold packets pass.
 */
static void bring_up_with(lm_bfd_session_t *s, const lm_bfd_params_t *params)
{
	lm_bfd_packet_t pkt;

	lm_bfd_session_init(s, params, LOCAL, 0);
	send_at(s, 0, 0);
	pkt = peer(LM_BFD_DOWN, false);
	lm_bfd_session_rx(s, &pkt, 1000 * MS);
	ck_assert_int_eq(s->info.state, LM_BFD_INIT);
	pkt = peer(LM_BFD_UP, true);
	lm_bfd_session_rx(s, &pkt, 1001 * MS);
	ck_assert_int_eq(s->info.state, LM_BFD_UP);
	ck_assert(s->info.poll);
	pkt = send_at(s, 1001 * MS, 0);
	ck_assert(pkt.poll);
	pkt = peer(LM_BFD_UP, true);
	pkt.final = true;
	lm_bfd_session_rx(s, &pkt, 1002 * MS);
	ck_assert(!s->info.poll);
	ck_assert_int_eq(s->info.verdict, LM_BFD_VERDICT_UP);
}

/**
 * bring_up_with() 10 ms x 3, hold 2: the last packet sent at 1001 ms
 * without jitter, the next due at 1011 ms.
 */
static void bring_up(lm_bfd_session_t *s)
{
	bring_up_with(s, &fast);
}

START_TEST(test_start)
{
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;

	lm_bfd_session_init(&s, &fast, LOCAL, 5 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_DOWN);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_NONE);
	ck_assert_uint_eq(lm_bfd_session_next(&s), 5 * MS);
	ck_assert(!lm_bfd_session_tx_due(&s, 4 * MS, 0));
	pkt = send_at(&s, 5 * MS, 0);
	ck_assert_int_eq(pkt.state, LM_BFD_DOWN);
	ck_assert_uint_eq(pkt.diag, 0);
	ck_assert(!pkt.poll && !pkt.final && !pkt.demand);
	ck_assert_uint_eq(pkt.my_discr, LOCAL);
	ck_assert_uint_eq(pkt.your_discr, 0);
	/* not Up: at most once a second (6.8.3) */
	ck_assert_uint_eq(pkt.desired_min_tx_us, 1000000);
	ck_assert_uint_eq(pkt.required_min_rx_us, 10000);
	ck_assert_uint_eq(pkt.detect_mult, 3);
	ck_assert_uint_eq(s.info.tx_us, 1000000);
	/* no jitter: the next after exactly 1 s, never before 750 ms */
	ck_assert_uint_eq(lm_bfd_session_next(&s), 1005 * MS);
	ck_assert(!lm_bfd_session_tx_due(&s, 754 * MS, 1000 * MS));
	ck_assert(lm_bfd_session_tx_due(&s, 755 * MS, 250 * MS));
	ck_assert(!lm_bfd_session_tx_due(&s, 1004 * MS, 0));
	ck_assert(lm_bfd_session_tx_due(&s, 1005 * MS, 0));
}
END_TEST

START_TEST(test_handshake)
{
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;

	lm_bfd_session_init(&s, &fast, LOCAL, 0);
	send_at(&s, 0, 0);
	/* the peer in Init: straight to Up */
	pkt = peer(LM_BFD_INIT, true);
	lm_bfd_session_rx(&s, &pkt, 500 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_UP);
	ck_assert_uint_eq(s.info.ups, 1);
	ck_assert_uint_eq(s.info.remote_discr, REMOTE);
	/* one packet of hold 2 received */
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_NONE);
	/* 10 ms at once (a smaller interval), announced by a Poll */
	ck_assert_uint_eq(s.info.tx_us, 10000);
	ck_assert(s.info.poll);
	pkt = send_at(&s, 500 * MS, 0);
	ck_assert(pkt.poll && !pkt.final);
	ck_assert_int_eq(pkt.state, LM_BFD_UP);
	ck_assert_uint_eq(pkt.your_discr, REMOTE);
	ck_assert_uint_eq(pkt.desired_min_tx_us, 10000);
	pkt = send_at(&s, 510 * MS, 0);
	ck_assert(pkt.poll);
	pkt = peer(LM_BFD_UP, true);
	pkt.final = true;
	lm_bfd_session_rx(&s, &pkt, 511 * MS);
	ck_assert(!s.info.poll);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_UP);
	ck_assert_uint_eq(s.info.detect_us, 30000);
	pkt = send_at(&s, 520 * MS, 0);
	ck_assert(!pkt.poll);
}
END_TEST

START_TEST(test_hold)
{
	lm_bfd_params_t params = fast;
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;
	int i;

	params.hold = 5;
	lm_bfd_session_init(&s, &params, LOCAL, 0);
	pkt = peer(LM_BFD_DOWN, false);
	lm_bfd_session_rx(&s, &pkt, 1 * MS);
	pkt = peer(LM_BFD_UP, true);
	for (i = 1; i < 5; i++)
	{
		lm_bfd_session_rx(&s, &pkt, (1 + i) * MS);
		ck_assert_int_eq(s.info.state, LM_BFD_UP);
		ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_NONE);
	}
	lm_bfd_session_rx(&s, &pkt, 10 * MS);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_UP);
	/* down before the hold again: down, and down it stays */
	pkt = peer(LM_BFD_DOWN, true);
	lm_bfd_session_rx(&s, &pkt, 20 * MS);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_DOWN);
	pkt = peer(LM_BFD_INIT, true);
	lm_bfd_session_rx(&s, &pkt, 30 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_UP);
	pkt = peer(LM_BFD_DOWN, true);
	lm_bfd_session_rx(&s, &pkt, 31 * MS);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_DOWN);
	ck_assert_uint_eq(s.info.ups, 2);
	ck_assert_uint_eq(s.info.downs, 2);
}
END_TEST

START_TEST(test_detect)
{
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;
	char why[128];

	bring_up(&s);
	pkt = peer(LM_BFD_UP, true);
	lm_bfd_session_rx(&s, &pkt, 1010 * MS);
	ck_assert_uint_eq(lm_bfd_session_next(&s) <= 1040 * MS, 1);
	lm_bfd_session_timer(&s, 1039 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_UP);
	lm_bfd_session_timer(&s, 1040 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_DOWN);
	ck_assert_uint_eq(s.info.local_diag, LM_BFD_DIAG_DETECT_EXPIRED);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_DOWN);
	ck_assert_int_eq(s.info.why, LM_BFD_WHY_DETECT);
	ck_assert_uint_eq(s.info.downs, 1);
	/* the peer is forgotten, back to once a second at once */
	ck_assert_uint_eq(s.info.remote_discr, 0);
	ck_assert_uint_eq(s.info.tx_us, 1000000);
	ck_assert(!lm_bfd_session_tx_due(&s, 1040 * MS, 0));
	pkt = send_at(&s, 2001 * MS, 0);
	ck_assert_int_eq(pkt.state, LM_BFD_DOWN);
	ck_assert_uint_eq(pkt.diag, 1);
	ck_assert_uint_eq(pkt.your_discr, 0);
	ck_assert_uint_eq(pkt.desired_min_tx_us, 1000000);
	ck_assert_str_eq(lm_bfd_why_fmt(&s.info, why, sizeof(why)),
					 "control detection time expired (30 ms)");
}
END_TEST

START_TEST(test_neighbor_down)
{
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;
	char why[128];

	bring_up(&s);
	pkt = peer(LM_BFD_DOWN, true);
	pkt.diag = LM_BFD_DIAG_PATH_DOWN;
	lm_bfd_session_rx(&s, &pkt, 1010 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_DOWN);
	ck_assert_uint_eq(s.info.local_diag, LM_BFD_DIAG_NEIGHBOR_DOWN);
	ck_assert_int_eq(s.info.why, LM_BFD_WHY_NEIGHBOR);
	ck_assert_str_eq(lm_bfd_why_fmt(&s.info, why, sizeof(why)),
					 "the peer signaled Down (its diagnostic: path down)");
	/* Down in Down: Init (the peer is not forgotten) */
	lm_bfd_session_rx(&s, &pkt, 1020 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_INIT);
	/* AdminDown in Init: Down */
	pkt = peer(LM_BFD_ADMIN_DOWN, true);
	pkt.diag = LM_BFD_DIAG_ADMIN_DOWN;
	lm_bfd_session_rx(&s, &pkt, 1030 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_DOWN);
	ck_assert_str_eq(lm_bfd_why_fmt(&s.info, why, sizeof(why)),
					 "the peer signaled AdminDown (its diagnostic: "
					 "administratively down)");
	/* AdminDown in Down: no change, and no Init on it */
	lm_bfd_session_rx(&s, &pkt, 1040 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_DOWN);
	/* Up in Down: stays Down */
	pkt = peer(LM_BFD_UP, true);
	lm_bfd_session_rx(&s, &pkt, 1050 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_DOWN);
}
END_TEST

START_TEST(test_final)
{
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;

	bring_up(&s);
	pkt = send_at(&s, 1011 * MS, 0);
	/* a Poll of the peer is answered at once, outside the schedule */
	pkt = peer(LM_BFD_UP, true);
	pkt.poll = true;
	lm_bfd_session_rx(&s, &pkt, 1012 * MS);
	ck_assert_uint_eq(lm_bfd_session_next(&s), 0);
	pkt = send_at(&s, 1012 * MS, 0);
	ck_assert(pkt.final && !pkt.poll);
	ck_assert_uint_eq(lm_bfd_session_next(&s), 1021 * MS);
	/* with the periodic one due: one packet, both */
	pkt = peer(LM_BFD_UP, true);
	pkt.poll = true;
	lm_bfd_session_rx(&s, &pkt, 1020 * MS);
	pkt = send_at(&s, 1021 * MS, 0);
	ck_assert(pkt.final);
	ck_assert(!lm_bfd_session_tx_due(&s, 1021 * MS, 0));
	ck_assert_uint_eq(lm_bfd_session_next(&s), 1031 * MS);
	/* during our own Poll Sequence: the Final alone, then the Poll */
	lm_bfd_session_set_params(&s, &(lm_bfd_params_t){
								.tx_us = 20000, .rx_us = 10000, .mult = 3,
								.hold = 2 }, 1025 * MS);
	pkt = peer(LM_BFD_UP, true);
	pkt.poll = true;
	lm_bfd_session_rx(&s, &pkt, 1030 * MS);
	pkt = send_at(&s, 1031 * MS, 0);
	ck_assert(pkt.final && !pkt.poll);
	pkt = send_at(&s, 1031 * MS, 0);
	ck_assert(pkt.poll && !pkt.final);
}
END_TEST

START_TEST(test_poll_tx_increase)
{
	lm_bfd_params_t slower = fast;
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;

	bring_up(&s);
	send_at(&s, 1011 * MS, 0);
	slower.tx_us = 50000;
	lm_bfd_session_set_params(&s, &slower, 1012 * MS);
	ck_assert(s.info.poll);
	/* announced, but sent at the old rate until the Final (6.8.3) */
	ck_assert_uint_eq(s.info.tx_us, 10000);
	pkt = send_at(&s, 1021 * MS, 0);
	ck_assert(pkt.poll);
	ck_assert_uint_eq(pkt.desired_min_tx_us, 50000);
	pkt = peer(LM_BFD_UP, true);
	pkt.final = true;
	lm_bfd_session_rx(&s, &pkt, 1022 * MS);
	ck_assert(!s.info.poll);
	ck_assert_uint_eq(s.info.tx_us, 50000);
	ck_assert(!lm_bfd_session_tx_due(&s, 1058 * MS, 0));
	ck_assert(!lm_bfd_session_tx_due(&s, 1070 * MS, 0));
	ck_assert(lm_bfd_session_tx_due(&s, 1071 * MS, 0));
	/* a smaller one at once */
	lm_bfd_session_set_params(&s, &fast, 1030 * MS);
	ck_assert_uint_eq(s.info.tx_us, 10000);
	ck_assert(!lm_bfd_session_tx_due(&s, 1030 * MS, 0));
	ck_assert(lm_bfd_session_tx_due(&s, 1031 * MS, 0));
}
END_TEST

START_TEST(test_poll_rx_reduce)
{
	lm_bfd_params_t params = fast;
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;

	bring_up(&s);
	pkt = peer(LM_BFD_UP, true);
	pkt.desired_min_tx_us = 1000;
	lm_bfd_session_rx(&s, &pkt, 1010 * MS);
	/* our 10 ms count: 3 x max(10, 1) */
	ck_assert_uint_eq(s.info.detect_us, 30000);
	params.rx_us = 2000;
	lm_bfd_session_set_params(&s, &params, 1011 * MS);
	/* the old receive interval counts until the Final (6.8.3) */
	ck_assert_uint_eq(s.info.detect_us, 30000);
	pkt = send_at(&s, 1011 * MS, 0);
	ck_assert(pkt.poll);
	ck_assert_uint_eq(pkt.required_min_rx_us, 2000);
	pkt = peer(LM_BFD_UP, true);
	pkt.desired_min_tx_us = 1000;
	pkt.final = true;
	lm_bfd_session_rx(&s, &pkt, 1012 * MS);
	ck_assert_uint_eq(s.info.detect_us, 6000);
	/* a larger one at once */
	params.rx_us = 40000;
	lm_bfd_session_set_params(&s, &params, 1013 * MS);
	ck_assert_uint_eq(s.info.detect_us, 120000);
	/* a second change during a Poll Sequence: another one after it */
	params.rx_us = 30000;
	lm_bfd_session_set_params(&s, &params, 1014 * MS);
	ck_assert(s.info.poll);
	lm_bfd_session_rx(&s, &pkt, 1015 * MS);
	ck_assert(s.info.poll);
	ck_assert_uint_eq(s.info.detect_us, 120000);
	lm_bfd_session_rx(&s, &pkt, 1016 * MS);
	ck_assert(!s.info.poll);
	ck_assert_uint_eq(s.info.detect_us, 90000);
}
END_TEST

START_TEST(test_jitter)
{
	lm_bfd_params_t params = fast;
	uint64_t due, lo, hi;
	lm_bfd_session_t s;
	uint32_t rnd;
	int i;

	for (i = 0; i < 2; i++)
	{
		params.mult = i ? 1 : 3;
		lo = UINT64_MAX;
		hi = 0;
		for (rnd = 0; rnd < 1000000; rnd += 997)
		{
			bring_up_with(&s, &params);
			send_at(&s, 1011 * MS, rnd * 7919);
			due = lm_bfd_session_next(&s) - 1011 * MS;
			lo = due < lo ? due : lo;
			hi = due > hi ? due : hi;
			/* never before 75% of the interval */
			ck_assert(!lm_bfd_session_tx_due(&s, 1011 * MS + 7499999,
											 1000 * MS));
		}
		if (params.mult == 3)
		{
			/* 0-25% shorter */
			ck_assert(lo >= 7500001 && lo < 7600000);
			ck_assert(hi <= 10000000 && hi > 9900000);
		}
		else
		{
			/* 10-25% shorter with Detect Mult 1 (6.8.7) */
			ck_assert(lo >= 7500000 && lo < 7600000);
			ck_assert(hi <= 9000000 && hi > 8900000);
		}
	}
}
END_TEST

START_TEST(test_no_periodic)
{
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;

	bring_up(&s);
	/* the peer asks for no packets */
	pkt = peer(LM_BFD_UP, true);
	pkt.required_min_rx_us = 0;
	lm_bfd_session_rx(&s, &pkt, 1010 * MS);
	ck_assert_uint_eq(s.info.tx_us, 0);
	ck_assert(!lm_bfd_session_tx_due(&s, 2000 * MS, 0));
	/* Demand mode of the peer: none, but the Poll Sequence goes on it */
	pkt = peer(LM_BFD_UP, true);
	pkt.demand = true;
	lm_bfd_session_rx(&s, &pkt, 1020 * MS);
	ck_assert(!lm_bfd_session_tx_due(&s, 2000 * MS, 0));
	lm_bfd_session_set_params(&s, &(lm_bfd_params_t){ .tx_us = 20000,
								.rx_us = 10000, .mult = 3, .hold = 2 },
							  1021 * MS);
	pkt = send_at(&s, 1030 * MS, 0);
	ck_assert(pkt.poll && !pkt.demand);
	/* the detection time still runs on its packets */
	lm_bfd_session_timer(&s, 1050 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_DOWN);
}
END_TEST

START_TEST(test_never_up)
{
	lm_bfd_params_t params = fast;
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;
	uint64_t now;
	char why[128];

	lm_bfd_session_init(&s, &params, LOCAL, 100 * MS);
	ck_assert_uint_eq(lm_bfd_session_next(&s), 100 * MS);
	send_at(&s, 100 * MS, 0);
	lm_bfd_session_timer(&s, 3099 * MS);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_NONE);
	lm_bfd_session_timer(&s, 3100 * MS);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_DOWN);
	ck_assert_int_eq(s.info.why, LM_BFD_WHY_NEVER_UP);
	ck_assert_str_eq(lm_bfd_why_fmt(&s.info, why, sizeof(why)),
					 "no session came up: the peer does not answer");

	/* Detect Mult 5 waits 5 s; a peer in AdminDown is named */
	params.mult = 5;
	lm_bfd_session_init(&s, &params, LOCAL, 0);
	pkt = peer(LM_BFD_ADMIN_DOWN, false);
	pkt.diag = LM_BFD_DIAG_ADMIN_DOWN;
	lm_bfd_session_rx(&s, &pkt, 1000 * MS);
	/* nothing sent yet: due since the start */
	ck_assert_uint_eq(lm_bfd_session_next(&s), 0);
	send_at(&s, 1000 * MS, 0);
	ck_assert_uint_eq(lm_bfd_session_next(&s) <= 4000 * MS, 1);
	lm_bfd_session_timer(&s, 4999 * MS);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_NONE);
	lm_bfd_session_timer(&s, 5000 * MS);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_DOWN);
	ck_assert_str_eq(lm_bfd_why_fmt(&s.info, why, sizeof(why)),
					 "no session came up: the peer is AdminDown (its "
					 "diagnostic: administratively down)");

	/* Up in time: no verdict at the deadline while the hold runs */
	params.hold = 1000;
	lm_bfd_session_init(&s, &params, LOCAL, 0);
	pkt = peer(LM_BFD_INIT, true);
	for (now = 1000 * MS; now <= 5100 * MS; now += 10 * MS)
	{
		lm_bfd_session_rx(&s, &pkt, now);
		lm_bfd_session_timer(&s, now);
	}
	ck_assert_int_eq(s.info.state, LM_BFD_UP);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_NONE);
	/* and a detection time later the verdict is down */
	lm_bfd_session_timer(&s, 5130 * MS);
	ck_assert_int_eq(s.info.verdict, LM_BFD_VERDICT_DOWN);
	ck_assert_int_eq(s.info.why, LM_BFD_WHY_DETECT);
}
END_TEST

START_TEST(test_admin_down)
{
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;

	bring_up(&s);
	lm_bfd_session_admin_down(&s, LM_BFD_DIAG_ADMIN_DOWN);
	ck_assert_uint_eq(lm_bfd_session_drain_ns(&s), 30 * MS);
	pkt = send_at(&s, 1011 * MS, 0);
	ck_assert_int_eq(pkt.state, LM_BFD_ADMIN_DOWN);
	ck_assert_uint_eq(pkt.diag, LM_BFD_DIAG_ADMIN_DOWN);
	/* what the peer sends is discarded */
	pkt = peer(LM_BFD_DOWN, true);
	pkt.poll = true;
	lm_bfd_session_rx(&s, &pkt, 1012 * MS);
	ck_assert_int_eq(s.info.state, LM_BFD_ADMIN_DOWN);
	ck_assert(!lm_bfd_session_tx_due(&s, 1012 * MS, 0));
	ck_assert_uint_eq(s.received, 3);
}
END_TEST

START_TEST(test_info_equals)
{
	lm_bfd_session_t s, t;

	bring_up(&s);
	t = s;
	ck_assert(lm_bfd_info_equals(&s.info, &t.info));
	/* what a report carries changes with the state, not per packet */
	send_at(&t, 1011 * MS, 0);
	ck_assert(lm_bfd_info_equals(&s.info, &t.info));
	lm_bfd_session_timer(&t, 1040 * MS);
	ck_assert(!lm_bfd_info_equals(&s.info, &t.info));
	t = s;
	t.info.remote_discr++;
	ck_assert(!lm_bfd_info_equals(&s.info, &t.info));
	t = s;
	t.info.why = LM_BFD_WHY_NEVER_UP;
	ck_assert(!lm_bfd_info_equals(&s.info, &t.info));
}
END_TEST

START_TEST(test_forget_remote)
{
	lm_bfd_session_t s;
	lm_bfd_packet_t pkt;

	lm_bfd_session_init(&s, &fast, LOCAL, 0);
	pkt = peer(LM_BFD_ADMIN_DOWN, false);
	lm_bfd_session_rx(&s, &pkt, 100 * MS);
	ck_assert_uint_eq(s.info.remote_discr, REMOTE);
	ck_assert_uint_eq(s.info.detect_us, 30000);
	/* a detection time of silence in Down forgets it (6.8.1) */
	ck_assert_uint_eq(lm_bfd_session_next(&s), 0);
	send_at(&s, 100 * MS, 0);
	ck_assert_uint_eq(lm_bfd_session_next(&s), 130 * MS);
	lm_bfd_session_timer(&s, 130 * MS);
	ck_assert_uint_eq(s.info.remote_discr, 0);
	ck_assert_int_eq(s.info.state, LM_BFD_DOWN);
}
END_TEST

Suite *bfd_session_suite_create(void)
{
	Suite *s = suite_create("bfd_session");
	TCase *tc = tcase_create("session");

	tcase_add_test(tc, test_start);
	tcase_add_test(tc, test_handshake);
	tcase_add_test(tc, test_hold);
	tcase_add_test(tc, test_detect);
	tcase_add_test(tc, test_neighbor_down);
	tcase_add_test(tc, test_final);
	tcase_add_test(tc, test_poll_tx_increase);
	tcase_add_test(tc, test_poll_rx_reduce);
	tcase_add_test(tc, test_jitter);
	tcase_add_test(tc, test_no_periodic);
	tcase_add_test(tc, test_never_up);
	tcase_add_test(tc, test_admin_down);
	tcase_add_test(tc, test_forget_remote);
	tcase_add_test(tc, test_info_equals);
	suite_add_tcase(s, tc);
	return s;
}
