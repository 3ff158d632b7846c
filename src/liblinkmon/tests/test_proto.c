/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <string.h>
#include <check.h>

#include <lm_echo.h>

#include "test_suites.h"

START_TEST(test_echo)
{
	uint8_t buf[LM_ECHO_LEN];
	uint16_t ident, seq;
	uint32_t token;
	size_t i;

	ck_assert_uint_eq(lm_echo_encode(buf, 0x0102, 0xfffe, 0xa1b2c3d4),
					  LM_ECHO_LEN);
	ck_assert_mem_eq(buf, "LMEC\x01\x02\xff\xfe\xa1\xb2\xc3\xd4", 12);
	ck_assert_int_eq(lm_echo_decode(buf, sizeof(buf), &ident, &seq, &token), 0);
	ck_assert_uint_eq(ident, 0x0102);
	ck_assert_uint_eq(seq, 0xfffe);
	ck_assert_uint_eq(token, 0xa1b2c3d4);
	for (i = 0; i < LM_ECHO_LEN; i++)
	{
		ck_assert_int_eq(lm_echo_decode(buf, i, &ident, &seq, &token), -1);
	}
	buf[20] ^= 1;
	ck_assert_int_eq(lm_echo_decode(buf, sizeof(buf), &ident, &seq, &token), -1);
	buf[20] ^= 1;
	buf[0] = 'X';
	ck_assert_int_eq(lm_echo_decode(buf, sizeof(buf), &ident, &seq, &token), -1);
}
END_TEST

Suite *proto_suite_create(void)
{
	Suite *s = suite_create("lm_echo");
	TCase *tc = tcase_create("codecs");

	tcase_add_test(tc, test_echo);
	suite_add_tcase(s, tc);
	return s;
}
