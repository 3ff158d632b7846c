/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include <string.h>
#include <check.h>

#include <lm_msg.h>

#include "test_suites.h"

START_TEST(test_hdr_roundtrip)
{
	uint32_t lens[] = { 0, 1, 255, 256, 65535, 65536, 0x01020304 };
	uint8_t hdr[LM_MSG_HDR_LEN], type;
	uint32_t len;
	int i;

	for (i = 0; i < (int)(sizeof(lens) / sizeof(lens[0])); i++)
	{
		lm_msg_encode_hdr(hdr, LM_MSG_STATUS_JSON, lens[i]);
		ck_assert_ptr_null(lm_msg_decode_hdr(hdr, 0xffffffff, &type, &len));
		ck_assert_uint_eq(type, LM_MSG_STATUS_JSON);
		ck_assert_uint_eq(len, lens[i]);
	}
}
END_TEST

START_TEST(test_hdr_wire_format)
{
	uint8_t hdr[LM_MSG_HDR_LEN];
	uint8_t expected[] = { 'L', 'M', 1, 3, 0x00, 0x01, 0x02, 0x03 };

	lm_msg_encode_hdr(hdr, LM_MSG_RELOAD, 0x00010203);
	ck_assert_mem_eq(hdr, expected, sizeof(expected));
}
END_TEST

START_TEST(test_hdr_rejects)
{
	uint8_t hdr[LM_MSG_HDR_LEN], type = 0xaa;
	uint32_t len = 0xbbbb;

	lm_msg_encode_hdr(hdr, LM_MSG_STATUS, 10);
	hdr[0] = 'X';
	ck_assert_str_eq(lm_msg_decode_hdr(hdr, 100, &type, &len),
					 "not a link-monitor message");

	lm_msg_encode_hdr(hdr, LM_MSG_STATUS, 10);
	hdr[2] = 2;
	ck_assert_str_eq(lm_msg_decode_hdr(hdr, 100, &type, &len),
					 "unsupported link-monitor protocol version");

	lm_msg_encode_hdr(hdr, LM_MSG_STATUS, 101);
	ck_assert_str_eq(lm_msg_decode_hdr(hdr, 100, &type, &len),
					 "link-monitor message too long");
	/* outputs untouched on error */
	ck_assert_uint_eq(type, 0xaa);
	ck_assert_uint_eq(len, 0xbbbb);

	lm_msg_encode_hdr(hdr, LM_MSG_STATUS, 100);
	ck_assert_ptr_null(lm_msg_decode_hdr(hdr, 100, &type, &len));
	ck_assert_uint_eq(len, 100);
}
END_TEST

START_TEST(test_type_names)
{
	ck_assert_str_eq(lm_msg_type_name(LM_MSG_STATUS), "status");
	ck_assert_str_eq(lm_msg_type_name(LM_MSG_STATUS_JSON), "status-json");
	ck_assert_str_eq(lm_msg_type_name(LM_MSG_RELOAD), "reload");
	ck_assert_str_eq(lm_msg_type_name(LM_MSG_HISTORY), "history");
	ck_assert_str_eq(lm_msg_type_name(LM_MSG_EVENTS), "events");
	ck_assert_str_eq(lm_msg_type_name(LM_MSG_METRICS), "metrics");
	ck_assert_str_eq(lm_msg_type_name(0), "unknown");
	ck_assert_str_eq(lm_msg_type_name(200), "unknown");
}
END_TEST

START_TEST(test_unix_uri)
{
	char path[16];

	ck_assert(lm_msg_parse_unix_uri("unix:///run/x.sock", path, sizeof(path)));
	ck_assert_str_eq(path, "/run/x.sock");
	/* exactly fitting with terminator */
	ck_assert(lm_msg_parse_unix_uri("unix:///aaaaaaaaaaaaaa", path,
									sizeof(path)));
	ck_assert_str_eq(path, "/aaaaaaaaaaaaaa");
	ck_assert(!lm_msg_parse_unix_uri("unix:///aaaaaaaaaaaaaaa", path,
									 sizeof(path)));
	ck_assert(!lm_msg_parse_unix_uri("unix://", path, sizeof(path)));
	ck_assert(!lm_msg_parse_unix_uri("unix://relative", path, sizeof(path)));
	ck_assert(!lm_msg_parse_unix_uri("tcp://127.0.0.1:4502", path,
									 sizeof(path)));
	ck_assert(!lm_msg_parse_unix_uri("/run/x.sock", path, sizeof(path)));
}
END_TEST

Suite *msg_suite_create(void)
{
	Suite *s = suite_create("lm_msg");
	TCase *tc = tcase_create("codec");

	tcase_add_test(tc, test_hdr_roundtrip);
	tcase_add_test(tc, test_hdr_wire_format);
	tcase_add_test(tc, test_hdr_rejects);
	tcase_add_test(tc, test_type_names);
	tcase_add_test(tc, test_unix_uri);
	suite_add_tcase(s, tc);
	return s;
}
