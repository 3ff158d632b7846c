/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_icmp_echo_decode() as a raw socket would feed it: every input is
 * decoded as an AF_INET packet (IPv4 header first) and as an AF_INET6 packet
 * (ICMPv6 header first).
 *
 * As a mutated IPv4 packet rarely keeps a valid ICMP checksum, it is also
 * decoded once more with the checksum fixed, so that the checks after the
 * checksum stay reachable. Finally an echo request built from the input's
 * first bytes must round-trip through encode and decode.
 */

#include <stdbool.h>
#include <string.h>
#include <sys/socket.h>

#include "lm_icmp.h"

#include "fuzz_common.h"

/** IPv4 header length of the synthetic round-trip packets */
#define IP4_HDR_LEN 20

/**
 * Decode one buffer of exactly len bytes and check the result.
 */
static lm_icmp_result_t decode(const uint8_t *pkt, size_t len, int family)
{
	lm_icmp_result_t res;
	uint16_t id = 0, seq = 0;
	uint32_t token = 0;

	res = lm_icmp_echo_decode(pkt, len, family, &id, &seq, &token);
	CHECK(res == LM_ICMP_OK || res == LM_ICMP_IGNORE ||
		  res == LM_ICMP_INVALID);
	if (res == LM_ICMP_OK && family == AF_INET6)
	{
		CHECK(len >= 16);
		CHECK(id == fuzz_get16(pkt + 4));
		CHECK(seq == fuzz_get16(pkt + 6));
	}
	return res;
}

/**
 * Decode an IPv4 packet again with a correct ICMP checksum, if its IPv4
 * header leaves room for one.
 */
static void decode_fixed_checksum(const uint8_t *data, size_t size)
{
	size_t ihl, tot;
	uint8_t *pkt;

	if (size < IP4_HDR_LEN || (data[0] >> 4) != 4)
	{
		return;
	}
	ihl = (data[0] & 0x0f) * 4;
	tot = fuzz_get16(data + 2);
	if (ihl < IP4_HDR_LEN || tot < ihl + 4 || tot > size)
	{
		return;
	}
	pkt = fuzz_dup(data, size);
	if (!pkt)
	{
		return;
	}
	fuzz_put16(pkt + ihl + 2, 0);
	fuzz_put16(pkt + ihl + 2, lm_inet_checksum(pkt + ihl, tot - ihl));
	CHECK(lm_inet_checksum(pkt + ihl, tot - ihl) == 0);
	decode(pkt, size, AF_INET);
	free(pkt);
}

/**
 * Encode an echo request, turn it into a reply and decode it again.
 */
static void roundtrip(const uint8_t *data, size_t size)
{
	uint8_t req[LM_ICMP_ECHO_LEN], *pkt;
	uint16_t id, seq, rid, rseq, sum;
	uint32_t token, rtoken;
	size_t len;

	if (size < 8)
	{
		return;
	}
	id = fuzz_get16(data);
	seq = fuzz_get16(data + 2);
	token = ((uint32_t)data[4] << 24) | ((uint32_t)data[5] << 16) |
			((uint32_t)data[6] << 8) | data[7];

	/* ICMPv6: the reply is the request with type 129 */
	len = lm_icmp_echo_encode(req, AF_INET6, id, seq, token);
	CHECK(len == LM_ICMP_ECHO_LEN);
	CHECK(req[0] == 128);
	pkt = fuzz_dup(req, len);
	if (pkt)
	{
		pkt[0] = 129;
		CHECK(lm_icmp_echo_decode(pkt, len, AF_INET6, &rid, &rseq,
								  &rtoken) == LM_ICMP_OK);
		CHECK(rid == id && rseq == seq && rtoken == token);
		free(pkt);
	}

	/* ICMP: the reply is the request with type 0, behind an IPv4 header */
	len = lm_icmp_echo_encode(req, AF_INET, id, seq, token);
	CHECK(len == LM_ICMP_ECHO_LEN);
	CHECK(req[0] == 8);
	CHECK(lm_inet_checksum(req, len) == 0);
	pkt = malloc(IP4_HDR_LEN + len);
	if (pkt)
	{
		memset(pkt, 0, IP4_HDR_LEN);
		pkt[0] = 0x45;
		fuzz_put16(pkt + 2, IP4_HDR_LEN + len);
		pkt[8] = 64;
		pkt[9] = 1;
		memcpy(pkt + IP4_HDR_LEN, req, len);
		pkt[IP4_HDR_LEN] = 0;
		fuzz_put16(pkt + IP4_HDR_LEN + 2, 0);
		sum = lm_inet_checksum(pkt + IP4_HDR_LEN, len);
		fuzz_put16(pkt + IP4_HDR_LEN + 2, sum);
		CHECK(lm_icmp_echo_decode(pkt, IP4_HDR_LEN + len, AF_INET, &rid,
								  &rseq, &rtoken) == LM_ICMP_OK);
		CHECK(rid == id && rseq == seq && rtoken == token);
		free(pkt);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t *pkt;

	pkt = fuzz_dup(data, size);
	if (!pkt && size)
	{
		return 0;
	}
	decode(pkt, size, AF_INET);
	decode(pkt, size, AF_INET6);
	CHECK(decode(pkt, size, AF_UNSPEC) == LM_ICMP_INVALID);
	free(pkt);

	decode_fixed_checksum(data, size);
	roundtrip(data, size);
	lm_inet_checksum(data, size);
	return 0;
}
