/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_twamp.h"

#include <string.h>

/** seconds from 1900-01-01 (NTP epoch) to 1970-01-01 (Unix epoch) */
#define NTP_UNIX_OFFSET 2208988800ULL
#define NS_PER_SEC 1000000000ULL
/** largest accepted reflector turnaround, in seconds */
#define MAX_TURNAROUND_SEC 10
/** largest accepted reflector turnaround, as 64-bit NTP time */
#define MAX_TURNAROUND ((uint64_t)MAX_TURNAROUND_SEC << 32)

/* offsets in a reflected packet (RFC 5357 4.2.1, unauthenticated) */
#define R_SEQ 0
#define R_TS 4
#define R_ERR 12
#define R_SSID 14
#define R_RX_TS 16
#define R_SENDER_SEQ 24
#define R_SENDER_TS 28
#define R_SENDER_ERR 36
#define R_MBZ2 38
#define R_SENDER_TTL 40

/* offsets in a STAMP Session-Sender packet (RFC 8762 4.2.1, RFC 8972 3) */
#define S_SSID 14
#define S_MBZ 16

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static void put_ntp(uint8_t *p, lm_ntp_t ts)
{
	put32(p, ts.sec);
	put32(p + 4, ts.frac);
}

static uint16_t get16(const uint8_t *p)
{
	return (p[0] << 8) | p[1];
}

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		   ((uint32_t)p[2] << 8) | p[3];
}

static lm_ntp_t get_ntp(const uint8_t *p)
{
	lm_ntp_t ts = {
		.sec = get32(p),
		.frac = get32(p + 4),
	};
	return ts;
}

static uint64_t ntp64(lm_ntp_t ts)
{
	return ((uint64_t)ts.sec << 32) | ts.frac;
}

lm_ntp_t lm_ntp_from_ns(uint64_t unix_ns)
{
	uint64_t rem = unix_ns % NS_PER_SEC;
	lm_ntp_t ts;

	ts.sec = (uint32_t)(unix_ns / NS_PER_SEC + NTP_UNIX_OFFSET);
	/* rem < 2^30, so rem << 32 fits; the result stays below 2^32 */
	ts.frac = (uint32_t)(((rem << 32) + NS_PER_SEC / 2) / NS_PER_SEC);
	return ts;
}

uint64_t lm_ntp_to_ns(lm_ntp_t ts)
{
	uint64_t sec;

	if (ts.sec < NTP_UNIX_OFFSET)
	{
		return 0;
	}
	sec = ts.sec - NTP_UNIX_OFFSET;
	return sec * NS_PER_SEC +
		   (((uint64_t)ts.frac * NS_PER_SEC + (1ULL << 31)) >> 32);
}

/**
 * Encode a test packet of out_len bytes: the fields, then zeros (padding,
 * or STAMP's SSID 0 and MBZ bytes).
 */
static size_t encode_test(uint8_t *buf, size_t len, uint32_t seq, lm_ntp_t ts,
						  size_t out_len)
{
	if (!buf || len < out_len)
	{
		return 0;
	}
	memset(buf, 0, out_len);
	put32(buf, seq);
	put_ntp(buf + 4, ts);
	put16(buf + 12, LM_TWAMP_ERR_UNSYNC);
	return out_len;
}

size_t lm_twamp_encode_test(uint8_t *buf, size_t len, uint32_t seq,
							lm_ntp_t ts)
{
	return encode_test(buf, len, seq, ts, LM_TWAMP_TEST_LEN);
}

size_t lm_stamp_encode_test(uint8_t *buf, size_t len, uint32_t seq,
							lm_ntp_t ts)
{
	/* SSID 0: none (RFC 8972), and the 28 MBZ bytes */
	return encode_test(buf, len, seq, ts, LM_STAMP_TEST_LEN);
}

int lm_twamp_decode_test(const uint8_t *buf, size_t len, uint32_t *seq,
						 lm_ntp_t *ts, uint16_t *err)
{
	if (!buf || len < LM_TWAMP_TEST_MIN_LEN)
	{
		return -1;
	}
	if (seq)
	{
		*seq = get32(buf);
	}
	if (ts)
	{
		*ts = get_ntp(buf + 4);
	}
	if (err)
	{
		*err = get16(buf + 12);
	}
	return 0;
}

uint16_t lm_twamp_test_ssid(const uint8_t *buf, size_t len)
{
	size_t i;

	if (!buf || len < LM_STAMP_TEST_LEN)
	{
		return 0;
	}
	for (i = S_MBZ; i < LM_STAMP_TEST_LEN; i++)
	{
		if (buf[i])
		{
			return 0;
		}
	}
	return get16(buf + S_SSID);
}

size_t lm_twamp_encode_reply(uint8_t *buf, size_t len,
							 const lm_twamp_reply_t *reply, size_t out_len)
{
	if (!buf || !reply || out_len < LM_TWAMP_REPLY_LEN || out_len > len)
	{
		return 0;
	}
	memset(buf, 0, out_len);
	put32(buf + R_SEQ, reply->seq);
	put_ntp(buf + R_TS, reply->ts);
	put16(buf + R_ERR, reply->err);
	put16(buf + R_SSID, reply->ssid);
	put_ntp(buf + R_RX_TS, reply->rx_ts);
	put32(buf + R_SENDER_SEQ, reply->sender_seq);
	put_ntp(buf + R_SENDER_TS, reply->sender_ts);
	put16(buf + R_SENDER_ERR, reply->sender_err);
	buf[R_SENDER_TTL] = reply->sender_ttl;
	return out_len;
}

int lm_twamp_decode_reply(const uint8_t *buf, size_t len,
						  lm_twamp_reply_t *reply)
{
	if (!buf || len < LM_TWAMP_REPLY_MIN_LEN)
	{
		return -1;
	}
	/* the MBZ bytes after the sender error estimate, as far as present */
	if ((len > R_MBZ2 && buf[R_MBZ2]) || (len > R_MBZ2 + 1 && buf[R_MBZ2 + 1]))
	{
		return -1;
	}
	reply->seq = get32(buf + R_SEQ);
	reply->ts = get_ntp(buf + R_TS);
	reply->err = get16(buf + R_ERR);
	reply->ssid = get16(buf + R_SSID);
	reply->rx_ts = get_ntp(buf + R_RX_TS);
	reply->sender_seq = get32(buf + R_SENDER_SEQ);
	reply->sender_ts = get_ntp(buf + R_SENDER_TS);
	reply->sender_err = get16(buf + R_SENDER_ERR);
	reply->sender_ttl = len > R_SENDER_TTL ? buf[R_SENDER_TTL] : 0;
	return 0;
}

/**
 * T3 - T2 of truncated PTPv2 timestamps: seconds and nanoseconds.
 */
static int64_t turnaround_ptp(lm_ntp_t t2, lm_ntp_t t3)
{
	uint32_t sec;
	int64_t diff;

	if (t2.frac >= NS_PER_SEC || t3.frac >= NS_PER_SEC)
	{
		return -1;
	}
	/* modulo 2^32, so T3 < T2 gives a huge value and is rejected */
	sec = t3.sec - t2.sec;
	if (sec > MAX_TURNAROUND_SEC)
	{
		return -1;
	}
	diff = (int64_t)sec * NS_PER_SEC + (int64_t)t3.frac - (int64_t)t2.frac;
	if (diff < 0 || diff > (int64_t)MAX_TURNAROUND_SEC * (int64_t)NS_PER_SEC)
	{
		return -1;
	}
	return diff;
}

int64_t lm_twamp_turnaround_ns(const lm_twamp_reply_t *reply)
{
	uint64_t diff;

	if (reply->err & LM_TWAMP_ERR_Z)
	{
		return turnaround_ptp(reply->rx_ts, reply->ts);
	}
	/* modulo 2^64, so T3 < T2 gives a huge value and is rejected with
	 * everything above the limit; an era wrap between T2 and T3 is fine */
	diff = ntp64(reply->ts) - ntp64(reply->rx_ts);
	if (diff > MAX_TURNAROUND)
	{
		return -1;
	}
	return (int64_t)((diff >> 32) * NS_PER_SEC +
					 (((diff & 0xffffffff) * NS_PER_SEC + (1ULL << 31)) >> 32));
}

lm_ntp_t lm_twamp_tag(lm_ntp_t ts, uint16_t tag)
{
	ts.frac = (ts.frac & ~(uint32_t)LM_TWAMP_TAG_MASK) | tag;
	return ts;
}

uint16_t lm_twamp_get_tag(lm_ntp_t ts)
{
	return ts.frac & LM_TWAMP_TAG_MASK;
}
