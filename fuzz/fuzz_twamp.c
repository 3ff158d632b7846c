/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz the TWAMP-Test and STAMP decoders: every input is decoded as a
 * reflected packet (lm_twamp_decode_reply()) and as a sender's test packet
 * (lm_twamp_decode_test(), lm_twamp_test_ssid()), on an exactly sized copy.
 * What decodes must encode back to the same bytes; the turnaround of a
 * decoded reply and the NTP conversions of its timestamps must stay in
 * their documented ranges.
 */

#include <string.h>

#include "lm_twamp.h"

#include "fuzz_common.h"

/** seconds from 1900 to 1970 */
#define NTP_UNIX_OFFSET 2208988800ULL

/** first nanosecond after NTP era 0, relative to 1970 */
#define ERA0_END_NS ((((1ULL << 32) - NTP_UNIX_OFFSET)) * 1000000000ULL)

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		   ((uint32_t)p[2] << 8) | p[3];
}

/**
 * Check a decoded reflected packet.
 */
static void check_reply(const uint8_t *buf, size_t len,
						const lm_twamp_reply_t *reply)
{
	size_t cmp = len < LM_TWAMP_REPLY_LEN ? len : LM_TWAMP_REPLY_LEN;
	uint8_t *again;
	int64_t turnaround;

	CHECK(len >= LM_TWAMP_REPLY_MIN_LEN);
	CHECK(reply->seq == get32(buf));
	CHECK(reply->ssid == ((buf[14] << 8) | buf[15]));
	CHECK(reply->sender_ttl == (len > 40 ? buf[40] : 0));

	/* padding is ignored, and a short reply lacks only MBZ (zero) and the
	 * TTL, so its first up to LM_TWAMP_REPLY_LEN bytes round-trip */
	again = malloc(LM_TWAMP_REPLY_LEN);
	if (again)
	{
		CHECK(lm_twamp_encode_reply(again, LM_TWAMP_REPLY_LEN, reply,
									LM_TWAMP_REPLY_LEN) == LM_TWAMP_REPLY_LEN);
		CHECK(memcmp(again, buf, cmp) == 0);
		CHECK(lm_twamp_encode_reply(again, LM_TWAMP_REPLY_LEN, reply,
									LM_TWAMP_REPLY_LEN + 1) == 0);
		free(again);
	}

	/* NTP or, with the Z bit, PTP timestamps */
	turnaround = lm_twamp_turnaround_ns(reply);
	CHECK(turnaround == -1 ||
		  (turnaround >= 0 && turnaround <= 10 * 1000000000LL));
	CHECK(turnaround == -1 || !(reply->err & LM_TWAMP_ERR_Z) ||
		  (reply->ts.frac < 1000000000 && reply->rx_ts.frac < 1000000000));

	lm_ntp_to_ns(reply->ts);
	lm_ntp_to_ns(reply->rx_ts);
	lm_ntp_to_ns(reply->sender_ts);
}

/**
 * Check a decoded test packet.
 */
static void check_test(const uint8_t *buf, size_t len, uint32_t seq,
					   lm_ntp_t ts)
{
	uint8_t *again;

	CHECK(len >= LM_TWAMP_TEST_MIN_LEN);
	CHECK(seq == get32(buf));
	CHECK(ts.sec == get32(buf + 4) && ts.frac == get32(buf + 8));

	again = malloc(LM_TWAMP_TEST_LEN);
	if (again)
	{
		CHECK(lm_twamp_encode_test(again, LM_TWAMP_TEST_LEN, seq, ts) ==
			  LM_TWAMP_TEST_LEN);
		CHECK(memcmp(again, buf, 12) == 0);
		CHECK(lm_twamp_encode_test(again, LM_TWAMP_TEST_LEN - 1, seq, ts) == 0);
		free(again);
	}
	again = malloc(LM_STAMP_TEST_LEN);
	if (again)
	{
		CHECK(lm_stamp_encode_test(again, LM_STAMP_TEST_LEN, seq, ts) ==
			  LM_STAMP_TEST_LEN);
		CHECK(memcmp(again, buf, 12) == 0);
		CHECK(lm_twamp_test_ssid(again, LM_STAMP_TEST_LEN) == 0);
		free(again);
	}
}

/**
 * The SSID a reflector copies: a STAMP packet's bytes 14-15 if its 28 MBZ
 * bytes are zero, else 0.
 */
static void check_ssid(const uint8_t *buf, size_t len)
{
	uint16_t ssid = lm_twamp_test_ssid(buf, len);
	size_t i;

	if (len < LM_STAMP_TEST_LEN)
	{
		CHECK(ssid == 0);
		return;
	}
	for (i = 16; i < LM_STAMP_TEST_LEN; i++)
	{
		if (buf[i])
		{
			CHECK(ssid == 0);
			return;
		}
	}
	CHECK(ssid == ((buf[14] << 8) | buf[15]));
}

/**
 * NTP conversions of a time taken from the input: nanoseconds in NTP era 0
 * survive the round trip through an NTP timestamp.
 */
static void check_ntp(const uint8_t *data, size_t size)
{
	uint64_t ns;
	lm_ntp_t ts;

	if (size < 8)
	{
		return;
	}
	ns = ((uint64_t)get32(data) << 32) | get32(data + 4);
	ts = lm_ntp_from_ns(ns);
	if (ns < ERA0_END_NS)
	{
		CHECK(lm_ntp_to_ns(ts) == ns);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lm_twamp_reply_t reply;
	lm_ntp_t ts;
	uint32_t seq;
	uint16_t err;
	uint8_t *buf;
	int res;

	buf = fuzz_dup(data, size);
	if (!buf && size)
	{
		return 0;
	}
	memset(&reply, 0, sizeof(reply));
	res = lm_twamp_decode_reply(buf, size, &reply);
	CHECK(res == 0 || res == -1);
	CHECK(res == (size >= LM_TWAMP_REPLY_MIN_LEN &&
				  !(size > 38 && buf[38]) && !(size > 39 && buf[39]) ? 0 : -1));
	if (res == 0)
	{
		check_reply(buf, size, &reply);
	}

	memset(&ts, 0, sizeof(ts));
	seq = 0;
	err = 0;
	res = lm_twamp_decode_test(buf, size, &seq, &ts, &err);
	CHECK(res == (size >= LM_TWAMP_TEST_MIN_LEN ? 0 : -1));
	if (res == 0)
	{
		check_test(buf, size, seq, ts);
		CHECK(lm_twamp_decode_test(buf, size, NULL, NULL, NULL) == 0);
	}
	check_ssid(buf, size);
	free(buf);

	check_ntp(data, size);
	return 0;
}
