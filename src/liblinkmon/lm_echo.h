/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_echo lm_echo
 * @{ @ingroup liblinkmon
 *
 * Payload of udp-echo and tcp-echo probes (RFC 862 echo service): 32 bytes,
 * "LMEC", the monitor identifier, the sequence number, the monitor token and
 * a fixed pattern. An echo server returns it unchanged.
 */

#ifndef LM_ECHO_H_
#define LM_ECHO_H_

#include <stddef.h>
#include <stdint.h>

/** length of an echo payload */
#define LM_ECHO_LEN 32

/**
 * Encode an echo payload.
 *
 * @param buf		buffer of at least LM_ECHO_LEN bytes
 * @return			LM_ECHO_LEN
 */
size_t lm_echo_encode(uint8_t *buf, uint16_t ident, uint16_t seq,
					  uint32_t token);

/**
 * Decode an echoed payload.
 *
 * @return			0 if it is one of ours, -1 otherwise
 */
int lm_echo_decode(const uint8_t *buf, size_t len, uint16_t *ident,
				   uint16_t *seq, uint32_t *token);

#endif /** LM_ECHO_H_ @}*/
