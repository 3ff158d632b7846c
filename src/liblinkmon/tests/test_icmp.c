/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <string.h>
#include <check.h>
#include <sys/socket.h>

#include <lm_icmp.h>

#include "test_suites.h"

/**
 * Turn an encoded IPv4 echo request into a received echo reply packet, as a
 * raw socket delivers it (with IPv4 header).
 */
static size_t make_reply4(uint8_t *pkt, const uint8_t *req, size_t len)
{
	uint16_t sum;

	memset(pkt, 0, 20);
	pkt[0] = 0x45;
	pkt[2] = (20 + len) >> 8;
	pkt[3] = (20 + len) & 0xff;
	pkt[8] = 64;
	pkt[9] = 1;
	memcpy(pkt + 20, req, len);
	pkt[20] = 0;
	pkt[22] = pkt[23] = 0;
	sum = lm_inet_checksum(pkt + 20, len);
	pkt[22] = sum >> 8;
	pkt[23] = sum & 0xff;
	return 20 + len;
}

START_TEST(test_checksum)
{
	/* RFC 1071 example: 0001 f203 f4f5 f6f7 -> sum ddf2, checksum 220d */
	uint8_t data[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };

	ck_assert_uint_eq(lm_inet_checksum(data, sizeof(data)), 0x220d);
	/* odd length pads with zero */
	ck_assert_uint_eq(lm_inet_checksum((uint8_t[]){ 0x01 }, 1), 0xfeff);
}
END_TEST

START_TEST(test_encode4)
{
	uint8_t buf[LM_ICMP_ECHO_LEN];

	ck_assert_uint_eq(lm_icmp_echo_encode(buf, AF_INET, 0x1234, 0xabcd,
										  0xdeadbeef), LM_ICMP_ECHO_LEN);
	ck_assert_uint_eq(buf[0], 8);
	ck_assert_uint_eq(buf[1], 0);
	ck_assert_uint_eq(buf[4], 0x12);
	ck_assert_uint_eq(buf[5], 0x34);
	ck_assert_uint_eq(buf[6], 0xab);
	ck_assert_uint_eq(buf[7], 0xcd);
	ck_assert_mem_eq(buf + 8, "LMON", 4);
	ck_assert_uint_eq(buf[12], 0xde);
	ck_assert_uint_eq(buf[15], 0xef);
	/* a correct checksum sums to zero */
	ck_assert_uint_eq(lm_inet_checksum(buf, sizeof(buf)), 0);
}
END_TEST

START_TEST(test_roundtrip4)
{
	uint8_t req[LM_ICMP_ECHO_LEN], pkt[128];
	uint16_t id, seq;
	uint32_t token;
	size_t len;

	lm_icmp_echo_encode(req, AF_INET, 7, 65535, 42);
	len = make_reply4(pkt, req, sizeof(req));
	ck_assert_int_eq(lm_icmp_echo_decode(pkt, len, AF_INET, &id, &seq, &token),
					 LM_ICMP_OK);
	ck_assert_uint_eq(id, 7);
	ck_assert_uint_eq(seq, 65535);
	ck_assert_uint_eq(token, 42);

	/* the request itself (as seen on loopback) is not a reply */
	memcpy(pkt + 20, req, sizeof(req));
	ck_assert_int_eq(lm_icmp_echo_decode(pkt, len, AF_INET, &id, &seq, &token),
					 LM_ICMP_IGNORE);
}
END_TEST

START_TEST(test_decode4_invalid)
{
	uint8_t req[LM_ICMP_ECHO_LEN], pkt[128];
	uint16_t id, seq;
	uint32_t token;
	size_t len, i;

	lm_icmp_echo_encode(req, AF_INET, 7, 1, 42);
	len = make_reply4(pkt, req, sizeof(req));
	/* every truncation is rejected, never read beyond */
	for (i = 0; i < len; i++)
	{
		ck_assert_int_ne(lm_icmp_echo_decode(pkt, i, AF_INET, &id, &seq,
											 &token), LM_ICMP_OK);
	}
	/* corrupted checksum */
	pkt[30] ^= 0xff;
	ck_assert_int_eq(lm_icmp_echo_decode(pkt, len, AF_INET, &id, &seq, &token),
					 LM_ICMP_INVALID);
	pkt[30] ^= 0xff;
	/* bad IHL */
	pkt[0] = 0x44;
	ck_assert_int_eq(lm_icmp_echo_decode(pkt, len, AF_INET, &id, &seq, &token),
					 LM_ICMP_INVALID);
	pkt[0] = 0x4f;
	ck_assert_int_eq(lm_icmp_echo_decode(pkt, len, AF_INET, &id, &seq, &token),
					 LM_ICMP_INVALID);
	pkt[0] = 0x45;
	/* total length beyond what was received */
	pkt[3] += 1;
	ck_assert_int_eq(lm_icmp_echo_decode(pkt, len, AF_INET, &id, &seq, &token),
					 LM_ICMP_INVALID);
	pkt[3] -= 1;
	/* not ICMP */
	pkt[9] = 17;
	ck_assert_int_eq(lm_icmp_echo_decode(pkt, len, AF_INET, &id, &seq, &token),
					 LM_ICMP_IGNORE);
	pkt[9] = 1;
	/* someone else's echo reply: no magic */
	memcpy(req + 8, "XXXX", 4);
	make_reply4(pkt, req, sizeof(req));
	ck_assert_int_eq(lm_icmp_echo_decode(pkt, len, AF_INET, &id, &seq, &token),
					 LM_ICMP_IGNORE);
}
END_TEST

START_TEST(test_v6)
{
	uint8_t req[LM_ICMP_ECHO_LEN];
	uint16_t id, seq;
	uint32_t token;

	lm_icmp_echo_encode(req, AF_INET6, 0xbeef, 3, 9);
	ck_assert_uint_eq(req[0], 128);
	/* the kernel computes ICMPv6 checksums */
	ck_assert_uint_eq(req[2], 0);
	ck_assert_uint_eq(req[3], 0);
	ck_assert_int_eq(lm_icmp_echo_decode(req, sizeof(req), AF_INET6, &id, &seq,
										 &token), LM_ICMP_IGNORE);
	req[0] = 129;
	ck_assert_int_eq(lm_icmp_echo_decode(req, sizeof(req), AF_INET6, &id, &seq,
										 &token), LM_ICMP_OK);
	ck_assert_uint_eq(id, 0xbeef);
	ck_assert_uint_eq(seq, 3);
	ck_assert_uint_eq(token, 9);
	ck_assert_int_eq(lm_icmp_echo_decode(req, 7, AF_INET6, &id, &seq,
										 &token), LM_ICMP_INVALID);
	ck_assert_int_eq(lm_icmp_echo_decode(req, 12, AF_INET6, &id, &seq,
										 &token), LM_ICMP_IGNORE);
}
END_TEST

Suite *icmp_suite_create(void)
{
	Suite *s = suite_create("lm_icmp");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_checksum);
	tcase_add_test(tc, test_encode4);
	tcase_add_test(tc, test_roundtrip4);
	tcase_add_test(tc, test_decode4_invalid);
	tcase_add_test(tc, test_v6);
	suite_add_tcase(s, tc);
	return s;
}
