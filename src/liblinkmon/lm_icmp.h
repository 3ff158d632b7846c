/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_icmp lm_icmp
 * @{ @ingroup liblinkmon
 *
 * ICMP and ICMPv6 echo request encoding and echo reply decoding.
 *
 * Requests carry the monitor's identifier, the server's sequence number and
 * a 32 byte payload: "LMON", a 32-bit per-monitor token, and a fixed pattern.
 * Replies are matched by identifier, token and sequence.
 */

#ifndef LM_ICMP_H_
#define LM_ICMP_H_

#include <stddef.h>
#include <stdint.h>

/** length of an echo request we send */
#define LM_ICMP_ECHO_LEN 40

/**
 * Decoding results.
 */
typedef enum {
	/** an echo reply of ours */
	LM_ICMP_OK = 0,
	/** a valid ICMP message that is not an echo reply of ours */
	LM_ICMP_IGNORE = -1,
	/** truncated or malformed */
	LM_ICMP_INVALID = -2,
} lm_icmp_result_t;

/**
 * Internet checksum (RFC 1071).
 */
uint16_t lm_inet_checksum(const void *data, size_t len);

/**
 * Encode an echo request.
 *
 * For AF_INET the checksum is filled in; for AF_INET6 the kernel computes it
 * on raw ICMPv6 sockets and it is left 0.
 *
 * @param buf		buffer of at least LM_ICMP_ECHO_LEN bytes
 * @param family	AF_INET or AF_INET6
 * @param id		identifier
 * @param seq		sequence number
 * @param token		per-monitor token
 * @return			length of the message
 */
size_t lm_icmp_echo_encode(uint8_t *buf, int family, uint16_t id,
						   uint16_t seq, uint32_t token);

/**
 * Decode an echo reply as received on a raw socket.
 *
 * For AF_INET the packet starts with the IPv4 header (raw socket semantics),
 * for AF_INET6 with the ICMPv6 header.
 *
 * @param pkt		received bytes
 * @param len		number of bytes
 * @param family	AF_INET or AF_INET6
 * @param id		receives the identifier
 * @param seq		receives the sequence number
 * @param token		receives the token
 * @return			LM_ICMP_OK, LM_ICMP_IGNORE or LM_ICMP_INVALID
 */
lm_icmp_result_t lm_icmp_echo_decode(const uint8_t *pkt, size_t len,
									 int family, uint16_t *id, uint16_t *seq,
									 uint32_t *token);

#endif /** LM_ICMP_H_ @}*/
