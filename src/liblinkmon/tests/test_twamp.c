/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include <lm_twamp.h>

#include "test_suites.h"

#define NTP_1970 2208988800U

/**
 * Fields of a reflected packet with distinct values and high bits set.
 */
static const lm_twamp_reply_t reply_fields = {
	.seq = 0xfedcba98,
	.ts = { .sec = 0xe1234567, .frac = 0x89abcdef },
	.err = 0x8001,
	.rx_ts = { .sec = 0xe1234566, .frac = 0xfffffff0 },
	.sender_seq = 0x0007ff02,
	.sender_ts = { .sec = 0xe1234565, .frac = 0x01020304 },
	.sender_err = 0x0001,
	.sender_ttl = 0xfe,
};

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		   ((uint32_t)p[2] << 8) | p[3];
}

/**
 * Decode from a heap copy of exactly len bytes, so valgrind/ASan catch any
 * read beyond.
 */
static int decode_reply_exact(const uint8_t *buf, size_t len,
							  lm_twamp_reply_t *reply)
{
	uint8_t *copy = malloc(len ? len : 1);
	int ret;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, buf, len);
	ret = lm_twamp_decode_reply(copy, len, reply);
	free(copy);
	return ret;
}

START_TEST(test_ntp_from_ns)
{
	lm_ntp_t ts;

	ts = lm_ntp_from_ns(0);
	ck_assert_uint_eq(ts.sec, 2208988800U);
	ck_assert_uint_eq(ts.frac, 0);

	ts = lm_ntp_from_ns(1500000000ULL);
	ck_assert_uint_eq(ts.sec, 2208988801U);
	ck_assert_uint_eq(ts.frac, 0x80000000U);

	/* 2000-01-01 00:00 UTC is NTP 3155673600 (0xbc17c200) */
	ts = lm_ntp_from_ns(946684800ULL * 1000000000ULL + 250000000ULL);
	ck_assert_uint_eq(ts.sec, 0xbc17c200U);
	ck_assert_uint_eq(ts.frac, 0x40000000U);

	/* 1 ns is 4.29 units of 2^-32 s, rounded to 4 */
	ts = lm_ntp_from_ns(1);
	ck_assert_uint_eq(ts.sec, NTP_1970);
	ck_assert_uint_eq(ts.frac, 4);

	/* the largest fraction does not overflow into the seconds */
	ts = lm_ntp_from_ns(999999999ULL);
	ck_assert_uint_eq(ts.sec, NTP_1970);
	ck_assert_uint_eq(ts.frac, 0xfffffffcU);

	/* seconds wrap at 2^32, 2036-02-07 06:28:16 UTC */
	ts = lm_ntp_from_ns((0x100000000ULL - NTP_1970) * 1000000000ULL + 1);
	ck_assert_uint_eq(ts.sec, 0);
	ck_assert_uint_eq(ts.frac, 4);
}
END_TEST

START_TEST(test_ntp_to_ns)
{
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ NTP_1970, 0 }), 0);
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ NTP_1970 + 1, 0x80000000U }),
					  1500000000ULL);
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ 0xbc17c200U, 0x40000000U }),
					  946684800250000000ULL);
	/* 4 units are 0.93 ns, rounded to 1 */
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ NTP_1970, 4 }), 1);
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ NTP_1970, 2 }), 0);
	/* 0.99999999977 s rounds up into the next second */
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ NTP_1970 + 7, 0xffffffffU }),
					  8000000000ULL);
	/* before 1970 */
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ NTP_1970 - 1, 0xffffffffU }),
					  0);
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ 0, 0x80000000U }), 0);
	/* the end of era 0 */
	ck_assert_uint_eq(lm_ntp_to_ns((lm_ntp_t){ 0xffffffffU, 0 }),
					  (0xffffffffULL - NTP_1970) * 1000000000ULL);
}
END_TEST

START_TEST(test_ntp_roundtrip)
{
	uint64_t ns, back, x = 88172645463325252ULL;
	lm_ntp_t ts, ts2;
	int64_t diff;
	int i;

	/* ns -> NTP -> ns is exact: 2^-32 s is finer than 1 ns */
	for (i = 0; i < 10000; i++)
	{
		/* xorshift64, times between 1970 and 2036 */
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		ns = x % ((0xffffffffULL - NTP_1970) * 1000000000ULL);
		back = lm_ntp_to_ns(lm_ntp_from_ns(ns));
		ck_assert_uint_eq(back, ns);
	}
	/* NTP -> ns -> NTP is off by at most 0.5 ns, i.e. 2 units */
	for (i = 0; i < 10000; i++)
	{
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		ts.sec = NTP_1970 + (x >> 32) % (0xffffffffU - NTP_1970);
		ts.frac = x & 0xffffffff;
		ts2 = lm_ntp_from_ns(lm_ntp_to_ns(ts));
		diff = (int64_t)((((uint64_t)ts2.sec << 32) | ts2.frac) -
						 (((uint64_t)ts.sec << 32) | ts.frac));
		ck_assert_int_le(diff, 2);
		ck_assert_int_ge(diff, -2);
	}
}
END_TEST

START_TEST(test_encode_test)
{
	lm_ntp_t ts = { .sec = 0x83aa7e81, .frac = 0x80000000 };
	uint8_t buf[64];
	size_t i;

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_uint_eq(lm_twamp_encode_test(buf, sizeof(buf), 0x01020304, ts),
					  41);
	ck_assert_uint_eq(LM_TWAMP_TEST_LEN, 41);
	ck_assert_mem_eq(buf, "\x01\x02\x03\x04", 4);
	ck_assert_mem_eq(buf + 4, "\x83\xaa\x7e\x81\x80\x00\x00\x00", 8);
	/* error estimate: S 0, Z 0, scale 0, multiplier 1 */
	ck_assert_uint_eq(buf[12], 0x00);
	ck_assert_uint_eq(buf[13], 0x01);
	for (i = 14; i < 41; i++)
	{
		ck_assert_uint_eq(buf[i], 0);
	}
	/* nothing written beyond the packet */
	ck_assert_uint_eq(buf[41], 0xaa);

	/* too small a buffer: nothing written */
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_uint_eq(lm_twamp_encode_test(buf, 40, 1, ts), 0);
	ck_assert_uint_eq(buf[0], 0xaa);
	ck_assert_uint_eq(lm_twamp_encode_test(buf, 41, 1, ts), 41);
}
END_TEST

START_TEST(test_stamp_encode_test)
{
	lm_ntp_t ts = { .sec = 0x83aa7e81, .frac = 0x8000beef };
	uint8_t buf[64];
	size_t i;

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_uint_eq(lm_stamp_encode_test(buf, sizeof(buf), 0x00070102, ts),
					  44);
	ck_assert_uint_eq(LM_STAMP_TEST_LEN, 44);
	/* RFC 8762 4.2.1: sequence number, timestamp, error estimate */
	ck_assert_mem_eq(buf, "\x00\x07\x01\x02", 4);
	ck_assert_mem_eq(buf + 4, "\x83\xaa\x7e\x81\x80\x00\xbe\xef", 8);
	ck_assert_mem_eq(buf + 12, "\x00\x01", 2);
	/* RFC 8972 SSID 0 (none), then 28 MBZ bytes */
	for (i = 14; i < 44; i++)
	{
		ck_assert_uint_eq(buf[i], 0);
	}
	ck_assert_uint_eq(buf[44], 0xaa);
	/* a STAMP reflector's view of it: no SSID */
	ck_assert_uint_eq(lm_twamp_test_ssid(buf, 44), 0);

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_uint_eq(lm_stamp_encode_test(buf, 43, 1, ts), 0);
	ck_assert_uint_eq(buf[0], 0xaa);
	ck_assert_uint_eq(lm_stamp_encode_test(NULL, 44, 1, ts), 0);
}
END_TEST

START_TEST(test_test_ssid)
{
	uint8_t buf[60];
	size_t i;

	/* a STAMP Session-Sender packet with SSID 0xbeef */
	memset(buf, 0, sizeof(buf));
	buf[3] = 1;
	buf[13] = 1;
	buf[14] = 0xbe;
	buf[15] = 0xef;
	ck_assert_uint_eq(lm_twamp_test_ssid(buf, 44), 0xbeef);
	/* extended with TLVs after the 44 bytes (RFC 8972 4) */
	memset(buf + 44, 0x5a, sizeof(buf) - 44);
	ck_assert_uint_eq(lm_twamp_test_ssid(buf, sizeof(buf)), 0xbeef);
	/* too short for STAMP: TWAMP-light padding, not an SSID */
	for (i = 0; i < 44; i++)
	{
		ck_assert_uint_eq(lm_twamp_test_ssid(buf, i), 0);
	}
	/* any of the MBZ bytes set: TWAMP-light padding (e.g. random) */
	for (i = 16; i < 44; i++)
	{
		buf[i] = 0x01;
		ck_assert_uint_eq(lm_twamp_test_ssid(buf, sizeof(buf)), 0);
		buf[i] = 0;
	}
	ck_assert_uint_eq(lm_twamp_test_ssid(buf, 44), 0xbeef);
	ck_assert_uint_eq(lm_twamp_test_ssid(NULL, 44), 0);
}
END_TEST

START_TEST(test_decode_test)
{
	uint8_t buf[LM_TWAMP_TEST_LEN], *copy;
	lm_ntp_t ts = { .sec = 0xe0000001, .frac = 0x7fffffff }, rts;
	uint32_t seq;
	uint16_t err;
	size_t i;

	lm_twamp_encode_test(buf, sizeof(buf), 0x80000001, ts);
	for (i = 0; i < 14; i++)
	{
		copy = malloc(i ? i : 1);
		memcpy(copy, buf, i);
		ck_assert_int_eq(lm_twamp_decode_test(copy, i, &seq, &rts, &err), -1);
		free(copy);
	}
	/* 14 bytes are enough, no padding needed */
	copy = malloc(14);
	memcpy(copy, buf, 14);
	seq = 0;
	err = 0;
	memset(&rts, 0, sizeof(rts));
	ck_assert_int_eq(lm_twamp_decode_test(copy, 14, &seq, &rts, &err), 0);
	ck_assert_uint_eq(seq, 0x80000001);
	ck_assert_uint_eq(rts.sec, 0xe0000001);
	ck_assert_uint_eq(rts.frac, 0x7fffffff);
	ck_assert_uint_eq(err, 0x0001);
	/* other senders' error estimates are passed on as they are */
	copy[12] = 0x81;
	copy[13] = 0x23;
	ck_assert_int_eq(lm_twamp_decode_test(copy, 14, NULL, NULL, &err), 0);
	ck_assert_uint_eq(err, 0x8123);
	free(copy);
}
END_TEST

START_TEST(test_reply_layout)
{
	lm_twamp_reply_t r = reply_fields;
	uint8_t buf[128];
	size_t i;

	memset(buf, 0xaa, sizeof(buf));
	ck_assert_uint_eq(lm_twamp_encode_reply(buf, sizeof(buf), &reply_fields,
											100), 100);
	ck_assert_mem_eq(buf + 0, "\xfe\xdc\xba\x98", 4);
	ck_assert_mem_eq(buf + 4, "\xe1\x23\x45\x67\x89\xab\xcd\xef", 8);
	ck_assert_mem_eq(buf + 12, "\x80\x01", 2);
	ck_assert_mem_eq(buf + 14, "\x00\x00", 2);
	ck_assert_mem_eq(buf + 16, "\xe1\x23\x45\x66\xff\xff\xff\xf0", 8);
	ck_assert_mem_eq(buf + 24, "\x00\x07\xff\x02", 4);
	ck_assert_mem_eq(buf + 28, "\xe1\x23\x45\x65\x01\x02\x03\x04", 8);
	ck_assert_mem_eq(buf + 36, "\x00\x01", 2);
	ck_assert_mem_eq(buf + 38, "\x00\x00", 2);
	ck_assert_uint_eq(buf[40], 0xfe);
	for (i = 41; i < 100; i++)
	{
		ck_assert_uint_eq(buf[i], 0);
	}
	ck_assert_uint_eq(buf[100], 0xaa);
	ck_assert_uint_eq(get32(buf + 24), reply_fields.sender_seq);

	/* STAMP (RFC 8762 4.3.1): the SSID in bytes 14-15, 3 MBZ bytes */
	r.ssid = 0xbeef;
	memset(buf, 0xaa, sizeof(buf));
	ck_assert_uint_eq(lm_twamp_encode_reply(buf, sizeof(buf), &r,
											LM_STAMP_REPLY_LEN), 44);
	ck_assert_mem_eq(buf + 12, "\x80\x01\xbe\xef", 4);
	ck_assert_mem_eq(buf + 16, "\xe1\x23\x45\x66\xff\xff\xff\xf0", 8);
	ck_assert_uint_eq(buf[40], 0xfe);
	ck_assert_mem_eq(buf + 41, "\x00\x00\x00", 3);
	ck_assert_uint_eq(buf[44], 0xaa);
}
END_TEST

START_TEST(test_reply_encode_len)
{
	uint8_t buf[64];

	memset(buf, 0xaa, sizeof(buf));
	/* shorter than an unauthenticated reflected packet */
	ck_assert_uint_eq(lm_twamp_encode_reply(buf, sizeof(buf), &reply_fields,
											40), 0);
	/* longer than the buffer */
	ck_assert_uint_eq(lm_twamp_encode_reply(buf, 50, &reply_fields, 51), 0);
	ck_assert_uint_eq(buf[0], 0xaa);
	ck_assert_uint_eq(lm_twamp_encode_reply(buf, 41, &reply_fields, 41), 41);
	ck_assert_uint_eq(buf[40], 0xfe);
	ck_assert_uint_eq(buf[41], 0xaa);
	ck_assert_uint_eq(lm_twamp_encode_reply(buf, sizeof(buf), &reply_fields,
											sizeof(buf)), sizeof(buf));
}
END_TEST

START_TEST(test_reply_roundtrip)
{
	uint8_t buf[1472];
	lm_twamp_reply_t r;
	size_t lens[] = { 41, 42, 44, 200, 1472 };
	size_t i;

	for (i = 0; i < sizeof(lens) / sizeof(lens[0]); i++)
	{
		memset(&r, 0, sizeof(r));
		ck_assert_uint_eq(lm_twamp_encode_reply(buf, sizeof(buf),
												&reply_fields, lens[i]),
						  lens[i]);
		ck_assert_int_eq(decode_reply_exact(buf, lens[i], &r), 0);
		ck_assert_uint_eq(r.seq, 0xfedcba98);
		ck_assert_uint_eq(r.ts.sec, 0xe1234567);
		ck_assert_uint_eq(r.ts.frac, 0x89abcdef);
		ck_assert_uint_eq(r.err, 0x8001);
		ck_assert_uint_eq(r.ssid, 0);
		ck_assert_uint_eq(r.rx_ts.sec, 0xe1234566);
		ck_assert_uint_eq(r.rx_ts.frac, 0xfffffff0);
		ck_assert_uint_eq(r.sender_seq, 0x0007ff02);
		ck_assert_uint_eq(r.sender_ts.sec, 0xe1234565);
		ck_assert_uint_eq(r.sender_ts.frac, 0x01020304);
		ck_assert_uint_eq(r.sender_err, 0x0001);
		ck_assert_uint_eq(r.sender_ttl, 0xfe);
	}
	/* the sender's monitor ident and sequence survive in sender_seq */
	ck_assert_uint_eq(r.sender_seq >> 16, 7);
	ck_assert_uint_eq(r.sender_seq & 0xffff, 0xff02);
}
END_TEST

START_TEST(test_tag)
{
	uint8_t test[LM_TWAMP_TEST_LEN], buf[LM_TWAMP_REPLY_LEN];
	lm_twamp_reply_t r = {}, back;
	lm_ntp_t ts = { .sec = 0xe1234565, .frac = 0x0102ffff }, tagged;

	tagged = lm_twamp_tag(ts, 0xbeef);
	ck_assert_uint_eq(tagged.sec, ts.sec);
	ck_assert_uint_eq(tagged.frac, 0x0102beef);
	/* less than 16 us off */
	ck_assert_uint_lt(ts.frac - tagged.frac, 0x10000);
	ck_assert_uint_eq(lm_twamp_get_tag(tagged), 0xbeef);
	/* through a test packet, a reflector's copy and the reply */
	ck_assert_uint_eq(lm_twamp_encode_test(test, sizeof(test), 0x00070001,
										   tagged), LM_TWAMP_TEST_LEN);
	ck_assert_int_eq(lm_twamp_decode_test(test, sizeof(test), &r.sender_seq,
										  &r.sender_ts, &r.sender_err), 0);
	ck_assert_uint_eq(lm_twamp_encode_reply(buf, sizeof(buf), &r,
											sizeof(buf)), sizeof(buf));
	ck_assert_int_eq(lm_twamp_decode_reply(buf, sizeof(buf), &back), 0);
	ck_assert_uint_eq(lm_twamp_get_tag(back.sender_ts), 0xbeef);
	/* a forger who guessed the sequence number but not the tag */
	buf[24 + 11] ^= 0x01;
	ck_assert_int_eq(lm_twamp_decode_reply(buf, sizeof(buf), &back), 0);
	ck_assert_uint_eq(back.sender_seq, 0x00070001);
	ck_assert_uint_ne(lm_twamp_get_tag(back.sender_ts), 0xbeef);
}
END_TEST

START_TEST(test_reply_truncated)
{
	uint8_t buf[LM_TWAMP_REPLY_LEN];
	lm_twamp_reply_t r;
	size_t i;

	lm_twamp_encode_reply(buf, sizeof(buf), &reply_fields, sizeof(buf));
	/* cut into the copied sender fields: not a reply */
	for (i = 0; i < 38; i++)
	{
		ck_assert_int_eq(decode_reply_exact(buf, i, &r), -1);
	}
	ck_assert_uint_eq(LM_TWAMP_REPLY_MIN_LEN, 38);
	/* without (part of) the trailing MBZ and the sender TTL */
	for (i = 38; i < LM_TWAMP_REPLY_LEN; i++)
	{
		memset(&r, 0x55, sizeof(r));
		ck_assert_int_eq(decode_reply_exact(buf, i, &r), 0);
		ck_assert_uint_eq(r.sender_seq, reply_fields.sender_seq);
		ck_assert_uint_eq(r.sender_ts.frac, reply_fields.sender_ts.frac);
		ck_assert_uint_eq(r.sender_err, reply_fields.sender_err);
		ck_assert_uint_eq(r.sender_ttl, 0);
	}
	ck_assert_int_eq(decode_reply_exact(buf, LM_TWAMP_REPLY_LEN, &r), 0);
	ck_assert_uint_eq(r.sender_ttl, 0xfe);
	/* a plain test packet is too short to be a reply */
	lm_twamp_encode_test(buf, sizeof(buf), 1, reply_fields.ts);
	ck_assert_int_eq(decode_reply_exact(buf, 14, &r), -1);
}
END_TEST

/**
 * A 38-byte reflected packet as RFC 5357 4.2.1 lays it out, written byte by
 * byte: the reply of a reflector that omits the trailing MBZ and sender TTL.
 */
static const uint8_t reply38[] = {
	0x00, 0x00, 0x00, 0x2a,							/* sequence number */
	0xe1, 0x23, 0x45, 0x67, 0x00, 0x10, 0x00, 0x00,	/* timestamp (T3) */
	0x80, 0x01,										/* error estimate */
	0x00, 0x00,										/* MBZ */
	0xe1, 0x23, 0x45, 0x67, 0x00, 0x08, 0x00, 0x00,	/* receive ts (T2) */
	0x00, 0x07, 0x00, 0x03,							/* sender sequence */
	0xe1, 0x23, 0x45, 0x66, 0xff, 0xf0, 0xbe, 0xef,	/* sender ts (T1) */
	0x00, 0x01,										/* sender error */
};

START_TEST(test_reply_short)
{
	uint8_t buf[40];
	lm_twamp_reply_t r;

	ck_assert_uint_eq(sizeof(reply38), 38);
	ck_assert_int_eq(decode_reply_exact(reply38, sizeof(reply38), &r), 0);
	ck_assert_uint_eq(r.seq, 42);
	ck_assert_uint_eq(r.ts.sec, 0xe1234567);
	ck_assert_uint_eq(r.ts.frac, 0x00100000);
	ck_assert_uint_eq(r.err, 0x8001);
	ck_assert_uint_eq(r.ssid, 0);
	ck_assert_uint_eq(r.rx_ts.frac, 0x00080000);
	ck_assert_uint_eq(r.sender_seq >> 16, 7);
	ck_assert_uint_eq(r.sender_seq & 0xffff, 3);
	ck_assert_uint_eq(lm_twamp_get_tag(r.sender_ts), 0xbeef);
	ck_assert_uint_eq(r.sender_err, 1);
	ck_assert_uint_eq(r.sender_ttl, 0);
	/* T3 - T2 = 0x80000 / 2^32 s */
	ck_assert_int_eq(lm_twamp_turnaround_ns(&r), 122070);

	/* a partial MBZ is checked as far as it goes */
	memcpy(buf, reply38, sizeof(reply38));
	buf[38] = 0;
	ck_assert_int_eq(decode_reply_exact(buf, 39, &r), 0);
	buf[38] = 0x80;
	ck_assert_int_eq(decode_reply_exact(buf, 39, &r), -1);
	buf[38] = 0;
	buf[39] = 0x01;
	ck_assert_int_eq(decode_reply_exact(buf, 40, &r), -1);
	buf[39] = 0;
	ck_assert_int_eq(decode_reply_exact(buf, 40, &r), 0);
}
END_TEST

START_TEST(test_reply_mbz)
{
	uint8_t buf[LM_STAMP_REPLY_LEN];
	lm_twamp_reply_t r;
	size_t mbz[] = { 38, 39 };
	size_t i;

	lm_twamp_encode_reply(buf, sizeof(buf), &reply_fields, sizeof(buf));
	for (i = 0; i < sizeof(mbz) / sizeof(mbz[0]); i++)
	{
		buf[mbz[i]] = 0x01;
		ck_assert_int_eq(lm_twamp_decode_reply(buf, sizeof(buf), &r), -1);
		buf[mbz[i]] = 0x80;
		ck_assert_int_eq(lm_twamp_decode_reply(buf, sizeof(buf), &r), -1);
		buf[mbz[i]] = 0;
		ck_assert_int_eq(lm_twamp_decode_reply(buf, sizeof(buf), &r), 0);
	}
	/* bytes 14-15 are STAMP's SSID, left to the caller */
	buf[14] = 0x80;
	buf[15] = 0x01;
	ck_assert_int_eq(lm_twamp_decode_reply(buf, sizeof(buf), &r), 0);
	ck_assert_uint_eq(r.ssid, 0x8001);
	/* the neighbouring fields may be anything, and so may STAMP's MBZ after
	 * the sender TTL: padding for a TWAMP-light sender */
	buf[13] = 0xff;
	buf[16] = 0xff;
	buf[37] = 0xff;
	buf[40] = 0xff;
	buf[41] = 0xff;
	buf[43] = 0xff;
	ck_assert_int_eq(lm_twamp_decode_reply(buf, sizeof(buf), &r), 0);
	ck_assert_uint_eq(r.sender_ttl, 0xff);
}
END_TEST

static int64_t turnaround(uint32_t rx_sec, uint32_t rx_frac, uint32_t tx_sec,
						  uint32_t tx_frac)
{
	lm_twamp_reply_t r = {
		.ts = { .sec = tx_sec, .frac = tx_frac },
		.rx_ts = { .sec = rx_sec, .frac = rx_frac },
	};
	return lm_twamp_turnaround_ns(&r);
}

START_TEST(test_turnaround)
{
	ck_assert_int_eq(turnaround(0xe0000000, 0, 0xe0000000, 0x80000000),
					 500000000);
	ck_assert_int_eq(turnaround(0xe0000000, 0xc0000000, 0xe0000001,
								0x40000000), 500000000);
	ck_assert_int_eq(turnaround(0xe0000000, 5, 0xe0000000, 5), 0);
	/* rounded to the nearest ns: 3 units are 0.70 ns, 2 are 0.47 ns */
	ck_assert_int_eq(turnaround(0xe0000000, 0, 0xe0000000, 3), 1);
	ck_assert_int_eq(turnaround(0xe0000000, 0, 0xe0000000, 2), 0);
	ck_assert_int_eq(turnaround(0xe0000000, 0, 0xe0000003, 0x40000000),
					 3250000000LL);
	/* exactly 10 s is accepted, more is not */
	ck_assert_int_eq(turnaround(0xe0000000, 7, 0xe000000a, 7),
					 10000000000LL);
	ck_assert_int_eq(turnaround(0xe0000000, 7, 0xe000000a, 8), -1);
	ck_assert_int_eq(turnaround(0xe0000000, 0, 0xf0000000, 0), -1);
	/* T3 before T2 */
	ck_assert_int_eq(turnaround(0xe0000000, 1, 0xe0000000, 0), -1);
	ck_assert_int_eq(turnaround(0xe0000001, 0, 0xe0000000, 0xffffffff), -1);
	ck_assert_int_eq(turnaround(0xe0000000, 0, 0x10000000, 0), -1);
	/* across the end of NTP era 0 */
	ck_assert_int_eq(turnaround(0xffffffff, 0xc0000000, 0, 0x40000000),
					 500000000);
}
END_TEST

static int64_t turnaround_ptp(uint32_t rx_sec, uint32_t rx_ns, uint32_t tx_sec,
							  uint32_t tx_ns)
{
	lm_twamp_reply_t r = {
		.err = LM_TWAMP_ERR_Z | 0x0001,
		.ts = { .sec = tx_sec, .frac = tx_ns },
		.rx_ts = { .sec = rx_sec, .frac = rx_ns },
	};
	return lm_twamp_turnaround_ns(&r);
}

START_TEST(test_turnaround_ptp)
{
	/* seconds and nanoseconds, not a binary fraction */
	ck_assert_int_eq(turnaround_ptp(1700000000, 0, 1700000000, 20000000),
					 20000000);
	ck_assert_int_eq(turnaround(1700000000, 0, 1700000000, 20000000),
					 4656613);
	ck_assert_int_eq(turnaround_ptp(1700000000, 999999000, 1700000001, 1000),
					 2000);
	ck_assert_int_eq(turnaround_ptp(7, 5, 7, 5), 0);
	/* exactly 10 s is accepted, more is not */
	ck_assert_int_eq(turnaround_ptp(7, 5, 17, 5), 10000000000LL);
	ck_assert_int_eq(turnaround_ptp(7, 5, 17, 6), -1);
	ck_assert_int_eq(turnaround_ptp(7, 0, 18, 0), -1);
	/* T3 before T2 */
	ck_assert_int_eq(turnaround_ptp(7, 6, 7, 5), -1);
	ck_assert_int_eq(turnaround_ptp(8, 0, 7, 999999999), -1);
	/* not a nanosecond count */
	ck_assert_int_eq(turnaround_ptp(7, 1000000000, 8, 0), -1);
	ck_assert_int_eq(turnaround_ptp(7, 0, 7, 1000000000), -1);
	/* across the wrap of the 32-bit seconds */
	ck_assert_int_eq(turnaround_ptp(0xffffffff, 900000000, 0, 100000000),
					 200000000);
}
END_TEST

Suite *twamp_suite_create(void)
{
	Suite *s = suite_create("lm_twamp");
	TCase *tc;

	tc = tcase_create("ntp");
	tcase_add_test(tc, test_ntp_from_ns);
	tcase_add_test(tc, test_ntp_to_ns);
	tcase_add_test(tc, test_ntp_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("codec");
	tcase_add_test(tc, test_encode_test);
	tcase_add_test(tc, test_stamp_encode_test);
	tcase_add_test(tc, test_test_ssid);
	tcase_add_test(tc, test_decode_test);
	tcase_add_test(tc, test_reply_layout);
	tcase_add_test(tc, test_reply_encode_len);
	tcase_add_test(tc, test_reply_roundtrip);
	tcase_add_test(tc, test_tag);
	tcase_add_test(tc, test_reply_truncated);
	tcase_add_test(tc, test_reply_short);
	tcase_add_test(tc, test_reply_mbz);
	tcase_add_test(tc, test_turnaround);
	tcase_add_test(tc, test_turnaround_ptp);
	suite_add_tcase(s, tc);
	return s;
}
