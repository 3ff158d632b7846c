/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <stdlib.h>
#include <string.h>
#include <check.h>

#include <lm_bfd.h>

#include "test_suites.h"

/**
 * A valid Up packet with distinct values in every field.
 */
static const uint8_t up_packet[] = {
	0x25,					/* version 1, diag 5 (path down) */
	0xc8,					/* Up, C */
	0x03,					/* Detect Mult 3 */
	0x18,					/* Length 24 */
	0x11, 0x22, 0x33, 0x44,	/* My Discriminator */
	0x55, 0x66, 0x77, 0x88,	/* Your Discriminator */
	0x00, 0x00, 0x27, 0x10,	/* Desired Min TX 10000 us */
	0x00, 0x01, 0x86, 0xa0,	/* Required Min RX 100000 us */
	0x00, 0x00, 0x00, 0x32,	/* Required Min Echo RX 50 us */
};

/**
 * Decode from a heap copy of exactly len bytes, so valgrind and ASan catch
 * any read beyond.
 */
static lm_bfd_err_t decode_exact(const uint8_t *buf, size_t len,
								 lm_bfd_packet_t *pkt)
{
	uint8_t *copy = malloc(len ? len : 1);
	lm_bfd_err_t err;

	ck_assert_ptr_nonnull(copy);
	memcpy(copy, buf, len);
	err = lm_bfd_decode(copy, len, pkt);
	free(copy);
	return err;
}

/**
 * Decode up_packet with one byte changed.
 */
static lm_bfd_err_t decode_with(size_t offset, uint8_t value)
{
	uint8_t buf[sizeof(up_packet)];
	lm_bfd_packet_t pkt;

	memcpy(buf, up_packet, sizeof(buf));
	buf[offset] = value;
	return decode_exact(buf, sizeof(buf), &pkt);
}

START_TEST(test_decode_fields)
{
	lm_bfd_packet_t pkt;

	ck_assert_int_eq(decode_exact(up_packet, sizeof(up_packet), &pkt),
					 LM_BFD_OK);
	ck_assert_uint_eq(pkt.diag, LM_BFD_DIAG_PATH_DOWN);
	ck_assert_int_eq(pkt.state, LM_BFD_UP);
	ck_assert(!pkt.poll && !pkt.final && pkt.cpi && !pkt.auth &&
			  !pkt.demand && !pkt.multipoint);
	ck_assert_uint_eq(pkt.detect_mult, 3);
	ck_assert_uint_eq(pkt.length, 24);
	ck_assert_uint_eq(pkt.my_discr, 0x11223344);
	ck_assert_uint_eq(pkt.your_discr, 0x55667788);
	ck_assert_uint_eq(pkt.desired_min_tx_us, 10000);
	ck_assert_uint_eq(pkt.required_min_rx_us, 100000);
	ck_assert_uint_eq(pkt.required_min_echo_rx_us, 50);
}
END_TEST

START_TEST(test_encode_roundtrip)
{
	lm_bfd_packet_t in = {
		.diag = LM_BFD_DIAG_ADMIN_DOWN,
		.state = LM_BFD_INIT,
		.poll = true,
		.demand = true,
		.detect_mult = 255,
		.my_discr = 0xfedcba98,
		.your_discr = 1,
		.desired_min_tx_us = 0xffffffff,
		.required_min_rx_us = 0,
		.required_min_echo_rx_us = 0x80000000,
	}, out;
	uint8_t buf[LM_BFD_LEN + 8];

	ck_assert_uint_eq(lm_bfd_encode(buf, LM_BFD_LEN - 1, &in), 0);
	ck_assert_uint_eq(lm_bfd_encode(buf, sizeof(buf), &in), LM_BFD_LEN);
	ck_assert_uint_eq(buf[0], 0x27);
	ck_assert_uint_eq(buf[1], 0xa2);
	ck_assert_uint_eq(buf[3], 24);
	ck_assert_int_eq(decode_exact(buf, LM_BFD_LEN, &out), LM_BFD_OK);
	ck_assert_uint_eq(out.diag, in.diag);
	ck_assert_int_eq(out.state, in.state);
	ck_assert(out.poll && !out.final && out.demand && !out.cpi);
	ck_assert_uint_eq(out.detect_mult, 255);
	ck_assert_uint_eq(out.my_discr, in.my_discr);
	ck_assert_uint_eq(out.your_discr, 1);
	ck_assert_uint_eq(out.desired_min_tx_us, 0xffffffff);
	ck_assert_uint_eq(out.required_min_rx_us, 0);
	ck_assert_uint_eq(out.required_min_echo_rx_us, 0x80000000);

	/* the length is always 24, the A bit never set */
	in.auth = true;
	in.length = 99;
	lm_bfd_encode(buf, sizeof(buf), &in);
	ck_assert_uint_eq(buf[1] & 0x04, 0);
	ck_assert_uint_eq(buf[3], 24);
}
END_TEST

START_TEST(test_decode_length)
{
	uint8_t buf[sizeof(up_packet) + 4];
	lm_bfd_packet_t pkt;
	size_t len;

	for (len = 0; len < LM_BFD_LEN; len++)
	{
		ck_assert_int_eq(decode_exact(up_packet, len, &pkt), LM_BFD_ERR_SHORT);
	}
	/* Length below the minimum, or beyond the datagram */
	ck_assert_int_eq(decode_with(3, 23), LM_BFD_ERR_LENGTH);
	ck_assert_int_eq(decode_with(3, 0), LM_BFD_ERR_LENGTH);
	ck_assert_int_eq(decode_with(3, 25), LM_BFD_ERR_SHORT);
	/* bytes after Length are ignored */
	memcpy(buf, up_packet, sizeof(up_packet));
	memset(buf + sizeof(up_packet), 0xff, 4);
	ck_assert_int_eq(decode_exact(buf, sizeof(buf), &pkt), LM_BFD_OK);
	buf[3] = 28;
	ck_assert_int_eq(decode_exact(buf, sizeof(buf), &pkt), LM_BFD_OK);
	ck_assert_uint_eq(pkt.length, 28);
	buf[3] = 29;
	ck_assert_int_eq(decode_exact(buf, sizeof(buf), &pkt), LM_BFD_ERR_SHORT);
}
END_TEST

START_TEST(test_decode_checks)
{
	uint8_t buf[sizeof(up_packet) + 2];
	lm_bfd_packet_t pkt;

	/* versions 0, 2..7 */
	ck_assert_int_eq(decode_with(0, 0x05), LM_BFD_ERR_VERSION);
	ck_assert_int_eq(decode_with(0, 0x45), LM_BFD_ERR_VERSION);
	ck_assert_int_eq(decode_with(0, 0xe5), LM_BFD_ERR_VERSION);
	ck_assert_int_eq(decode_with(2, 0), LM_BFD_ERR_MULT);
	ck_assert_int_eq(decode_with(1, 0xc9), LM_BFD_ERR_MULTIPOINT);
	ck_assert_int_eq(decode_with(4, 0), LM_BFD_OK);
	/* My Discriminator zero */
	memcpy(buf, up_packet, sizeof(up_packet));
	memset(buf + 4, 0, 4);
	ck_assert_int_eq(decode_exact(buf, sizeof(up_packet), &pkt),
					 LM_BFD_ERR_MY_DISCR);
	/* Your Discriminator zero: only in Down and AdminDown */
	memcpy(buf, up_packet, sizeof(up_packet));
	memset(buf + 8, 0, 4);
	ck_assert_int_eq(decode_exact(buf, sizeof(up_packet), &pkt),
					 LM_BFD_ERR_YOUR_DISCR);
	buf[1] = 0x88;
	ck_assert_int_eq(decode_exact(buf, sizeof(up_packet), &pkt),
					 LM_BFD_ERR_YOUR_DISCR);
	buf[1] = 0x48;
	ck_assert_int_eq(decode_exact(buf, sizeof(up_packet), &pkt), LM_BFD_OK);
	ck_assert_int_eq(pkt.state, LM_BFD_DOWN);
	buf[1] = 0x08;
	ck_assert_int_eq(decode_exact(buf, sizeof(up_packet), &pkt), LM_BFD_OK);
	ck_assert_int_eq(pkt.state, LM_BFD_ADMIN_DOWN);
	/* authentication present: 26 bytes at least, then not in use */
	ck_assert_int_eq(decode_with(1, 0xcc), LM_BFD_ERR_LENGTH);
	memcpy(buf, up_packet, sizeof(up_packet));
	buf[1] = 0xcc;
	buf[3] = 26;
	buf[24] = 1;
	buf[25] = 2;
	ck_assert_int_eq(decode_exact(buf, sizeof(buf), &pkt), LM_BFD_ERR_AUTH);
	/* Poll and Final */
	ck_assert_int_eq(decode_with(1, 0xe8), LM_BFD_OK);
	ck_assert_int_eq(decode_with(1, 0xd8), LM_BFD_OK);
	ck_assert_int_eq(decode_with(1, 0xf8), LM_BFD_ERR_POLL_FINAL);
}
END_TEST

START_TEST(test_names)
{
	ck_assert_str_eq(lm_bfd_state_name(LM_BFD_ADMIN_DOWN), "AdminDown");
	ck_assert_str_eq(lm_bfd_state_name(LM_BFD_UP), "Up");
	ck_assert_str_eq(lm_bfd_diag_name(1), "control detection time expired");
	ck_assert_str_eq(lm_bfd_diag_name(7), "administratively down");
	ck_assert_str_eq(lm_bfd_diag_name(8), "reverse concatenated path down");
	ck_assert_str_eq(lm_bfd_diag_name(9), "reserved");
	ck_assert_str_eq(lm_bfd_diag_name(31), "reserved");
	ck_assert_str_eq(lm_bfd_err_name(LM_BFD_ERR_POLL_FINAL),
					 "poll and final both set");
}
END_TEST

Suite *bfd_suite_create(void)
{
	Suite *s = suite_create("bfd");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_decode_fields);
	tcase_add_test(tc, test_encode_roundtrip);
	tcase_add_test(tc, test_decode_length);
	tcase_add_test(tc, test_decode_checks);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	return s;
}
