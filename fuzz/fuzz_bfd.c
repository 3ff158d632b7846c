/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz the BFD codec and session: every input is decoded as a Control
 * packet (lm_bfd_decode()) on an exactly sized copy, and what decodes must
 * encode back to the same bytes. The same input then drives a session
 * (lm_bfd_session) as a script of received packets, time passing, packets
 * sent and parameter changes; whatever it does, what it sends decodes, never
 * carries both Poll and Final, never goes before 75% of its interval, and
 * its verdict follows its states.
 */

#include <string.h>

#include "lm_bfd.h"
#include "lm_bfd_session.h"

#include "fuzz_common.h"

/** our discriminator */
#define LOCAL 0x1001

/**
 * Decode a packet; what decodes encodes back to the same bytes.
 */
static void check_codec(const uint8_t *data, size_t len)
{
	uint8_t *copy = fuzz_dup(data, len), again[LM_BFD_LEN];
	lm_bfd_packet_t pkt;

	if (!copy && len)
	{
		return;
	}
	if (lm_bfd_decode(copy, len, &pkt) == LM_BFD_OK)
	{
		CHECK(len >= LM_BFD_LEN && pkt.length >= LM_BFD_LEN &&
			  pkt.length <= len);
		CHECK(pkt.detect_mult && pkt.my_discr && !pkt.multipoint &&
			  !pkt.auth && !(pkt.poll && pkt.final));
		CHECK(pkt.your_discr || pkt.state == LM_BFD_DOWN ||
			  pkt.state == LM_BFD_ADMIN_DOWN);
		CHECK(lm_bfd_encode(again, sizeof(again), &pkt) == LM_BFD_LEN);
		CHECK(memcmp(again, copy, 3) == 0 && again[3] == LM_BFD_LEN &&
			  memcmp(again + 4, copy + 4, LM_BFD_LEN - 4) == 0);
		lm_bfd_diag_name(pkt.diag);
		lm_bfd_state_name(pkt.state);
	}
	free(copy);
}

/**
 * Send what is due, checking each packet.
 */
static void send_due(lm_bfd_session_t *s, uint64_t now, uint32_t rnd)
{
	lm_bfd_packet_t pkt, back;
	uint8_t buf[LM_BFD_LEN];
	int i;

	for (i = 0; i < 4 && lm_bfd_session_tx_due(s, now, 0); i++)
	{
		lm_bfd_session_tx(s, &pkt, now, rnd + i);
		CHECK(!(pkt.poll && pkt.final));
		CHECK(pkt.my_discr == LOCAL);
		CHECK(lm_bfd_encode(buf, sizeof(buf), &pkt) == LM_BFD_LEN);
		CHECK(lm_bfd_decode(buf, sizeof(buf), &back) == LM_BFD_OK);
	}
	/* a periodic packet just went: the next one not before 75% of its
	 * interval, never at once */
	CHECK(!lm_bfd_session_tx_due(s, now, 0));
}

/**
 * Check what a session shows.
 */
static void check_info(const lm_bfd_session_t *s)
{
	char why[160];

	CHECK(s->info.state <= LM_BFD_UP);
	CHECK(s->info.verdict != LM_BFD_VERDICT_UP || s->info.ups);
	CHECK(s->info.downs <= s->info.ups);
	CHECK(s->info.state != LM_BFD_UP || s->info.remote_discr);
	CHECK(lm_bfd_info_equals(&s->info, &s->info));
	lm_bfd_why_fmt(&s->info, why, sizeof(why));
}

/**
 * Parameters from two bytes, intervals of 1-64 ms (the configuration's are
 * 10 ms or more).
 */
static lm_bfd_params_t params(const uint8_t *p)
{
	return (lm_bfd_params_t){
		.tx_us = (p[0] % 64 + 1) * 1000,
		.rx_us = (p[1] % 64 + 1) * 1000,
		.mult = (p[0] >> 6) + (p[1] >> 6) * 4 + 1,
		.hold = p[1] % 5,
	};
}

/**
 * Run a session by the input as a script of one-byte operations and their
 * arguments.
 */
static void run_session(const uint8_t *data, size_t len)
{
	lm_bfd_params_t p;
	lm_bfd_packet_t pkt;
	lm_bfd_session_t s;
	uint64_t now = 1000000000ULL;
	size_t pos = 2;

	if (len < 2)
	{
		return;
	}
	p = params(data);
	lm_bfd_session_init(&s, &p, LOCAL, now);
	while (pos < len)
	{
		switch (data[pos++] % 6)
		{
			case 0:
			case 1:
				if (len - pos < LM_BFD_LEN)
				{
					return;
				}
				if (lm_bfd_decode(data + pos, LM_BFD_LEN, &pkt) == LM_BFD_OK)
				{
					if (data[pos - 1] % 6 == 1 && pkt.your_discr)
					{
						pkt.your_discr = LOCAL;
					}
					if (!pkt.your_discr || pkt.your_discr == LOCAL)
					{
						lm_bfd_session_rx(&s, &pkt, now);
					}
				}
				pos += LM_BFD_LEN;
				break;
			case 2:
				if (len - pos < 2)
				{
					return;
				}
				now += fuzz_get16(data + pos) * 1000ULL;
				pos += 2;
				lm_bfd_session_timer(&s, now);
				break;
			case 3:
				send_due(&s, now, pos * 2654435761U);
				break;
			case 4:
				if (len - pos < 2)
				{
					return;
				}
				p = params(data + pos);
				pos += 2;
				lm_bfd_session_set_params(&s, &p, now);
				break;
			default:
				lm_bfd_session_admin_down(&s, LM_BFD_DIAG_ADMIN_DOWN);
				CHECK(lm_bfd_session_drain_ns(&s) > 0);
				break;
		}
		check_info(&s);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	check_codec(data, len);
	run_session(data, len);
	return 0;
}
