/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_twamp lm_twamp
 * @{ @ingroup liblinkmon
 *
 * TWAMP-light and STAMP test packet codec (RFC 5357 unauthenticated mode,
 * Appendix I; RFC 8762 unauthenticated mode with RFC 8972's SSID).
 *
 * A Session-Sender sends a test packet with a sequence number, its transmit
 * timestamp (T1) and an error estimate; the Session-Reflector answers with
 * its own sequence number, its transmit timestamp (T3), its receive
 * timestamp (T2), and copies of the sender's fields plus the TTL/hop limit
 * of the test packet as received. The round trip time without the
 * reflector's turnaround is (T4 - T1) - (T3 - T2).
 *
 * STAMP uses the same leading fields in both directions: its Session-Sender
 * packet is a TWAMP-light test packet of 44 bytes whose bytes 14-15 carry
 * the SSID (RFC 8972, 0 if unused) followed by 28 MBZ bytes, and its
 * reflected packet a TWAMP-light reflected packet with the SSID copied into
 * bytes 14-15 and 3 MBZ bytes after the Sender TTL.
 *
 * Timestamps are 64-bit NTP timestamps (RFC 5905, 32-bit seconds since 1900
 * and a 32-bit binary fraction), or, when the Z bit of the error estimate is
 * set (RFC 8186, RFC 8762), truncated PTPv2 timestamps (32-bit seconds and
 * 32-bit nanoseconds). All fields are network byte order.
 */

#ifndef LM_TWAMP_H_
#define LM_TWAMP_H_

#include <stddef.h>
#include <stdint.h>

/** well-known TWAMP-Test receiver port (RFC 8545) */
#define LM_TWAMP_PORT 862

/**
 * length of a sender test packet we send: 14 bytes of fields and 27 bytes
 * of zero padding, the size of an unauthenticated reflected packet, so
 * both directions carry packets of the same size (RFC 6038 symmetric size)
 */
#define LM_TWAMP_TEST_LEN 41

/** length of an unauthenticated reflected packet (RFC 5357 4.2.1) */
#define LM_TWAMP_REPLY_LEN 41

/**
 * shortest reflected packet accepted: every field up to the copied Sender
 * Error Estimate, without the trailing MBZ and Sender TTL, which some
 * reflectors omit; anything shorter cuts into the copied sender fields
 */
#define LM_TWAMP_REPLY_MIN_LEN 38

/**
 * length of a STAMP Session-Sender packet in unauthenticated mode (RFC 8762
 * 4.2.1): 14 bytes of fields, the SSID (RFC 8972) and 28 MBZ bytes
 */
#define LM_STAMP_TEST_LEN 44

/** length of a STAMP Session-Reflector packet in unauthenticated mode */
#define LM_STAMP_REPLY_LEN 44

/** minimum length of a test packet: sequence, timestamp, error estimate */
#define LM_TWAMP_TEST_MIN_LEN 14

/**
 * Error estimate we send (RFC 4656 4.1.2): S bit 0 (clock not synchronized
 * to UTC), Z bit 0, scale 0, multiplier 1 (the multiplier MUST NOT be 0).
 */
#define LM_TWAMP_ERR_UNSYNC 0x0001

/**
 * Z bit of an error estimate (RFC 8186, RFC 8762): the timestamps of the
 * packet's sender are truncated PTPv2 timestamps, not NTP timestamps.
 */
#define LM_TWAMP_ERR_Z 0x4000

/**
 * NTP 64-bit timestamp.
 */
typedef struct {
	/** seconds since 1900-01-01 00:00 UTC */
	uint32_t sec;
	/** fraction of a second in units of 2^-32 s */
	uint32_t frac;
} lm_ntp_t;

/**
 * Convert a CLOCK_REALTIME time to an NTP timestamp.
 *
 * The fraction is rounded to the nearest 2^-32 s, so lm_ntp_to_ns() returns
 * the same value. Seconds wrap at 2^32 (NTP era 1 starts in 2036).
 *
 * @param unix_ns	nanoseconds since 1970-01-01 00:00 UTC
 * @return			NTP timestamp
 */
lm_ntp_t lm_ntp_from_ns(uint64_t unix_ns);

/**
 * Convert an NTP timestamp to a CLOCK_REALTIME time.
 *
 * The fraction is rounded to the nearest nanosecond. Timestamps are taken
 * to be in NTP era 0 (1900-2036).
 *
 * @param ts		NTP timestamp
 * @return			nanoseconds since 1970-01-01 00:00 UTC, 0 for timestamps
 *					before 1970
 */
uint64_t lm_ntp_to_ns(lm_ntp_t ts);

/**
 * Contents of an unauthenticated reflected packet (RFC 5357 4.2.1, RFC 8762
 * 4.3.1).
 */
typedef struct {
	/** reflector's sequence number */
	uint32_t seq;
	/** reflector's transmit timestamp (T3) */
	lm_ntp_t ts;
	/** reflector's error estimate; with LM_TWAMP_ERR_Z, ts and rx_ts are
	 * PTPv2 timestamps, nanoseconds in their frac */
	uint16_t err;
	/** bytes 14-15: MBZ in TWAMP, the copied SSID in STAMP (RFC 8972) */
	uint16_t ssid;
	/** reflector's receive timestamp (T2) */
	lm_ntp_t rx_ts;
	/** sequence number copied from the test packet */
	uint32_t sender_seq;
	/** timestamp copied from the test packet (T1) */
	lm_ntp_t sender_ts;
	/** error estimate copied from the test packet */
	uint16_t sender_err;
	/** TTL/hop limit of the test packet as received by the reflector, 0 if
	 * the reflected packet was too short to carry it */
	uint8_t sender_ttl;
} lm_twamp_reply_t;

/**
 * Encode a sender test packet.
 *
 * Layout: sequence number (4), timestamp (8), error estimate (2,
 * LM_TWAMP_ERR_UNSYNC), then zero padding up to LM_TWAMP_TEST_LEN.
 *
 * @param buf		buffer to write to
 * @param len		size of buf
 * @param seq		sequence number
 * @param ts		transmit timestamp (T1)
 * @return			LM_TWAMP_TEST_LEN, 0 if len < LM_TWAMP_TEST_LEN
 */
size_t lm_twamp_encode_test(uint8_t *buf, size_t len, uint32_t seq,
							lm_ntp_t ts);

/**
 * Encode a STAMP Session-Sender packet (RFC 8762 4.2.1, unauthenticated).
 *
 * Layout: sequence number (4), timestamp (8), error estimate (2,
 * LM_TWAMP_ERR_UNSYNC), SSID (2, 0: none, RFC 8972), 28 MBZ bytes.
 *
 * @param buf		buffer to write to
 * @param len		size of buf
 * @param seq		sequence number
 * @param ts		transmit timestamp (T1)
 * @return			LM_STAMP_TEST_LEN, 0 if len < LM_STAMP_TEST_LEN
 */
size_t lm_stamp_encode_test(uint8_t *buf, size_t len, uint32_t seq,
							lm_ntp_t ts);

/**
 * Decode a received test packet (reflector side).
 *
 * Only the first LM_TWAMP_TEST_MIN_LEN bytes are read; padding is ignored.
 *
 * @param buf		received bytes
 * @param len		number of bytes
 * @param seq		receives the sender's sequence number, may be NULL
 * @param ts		receives the sender's timestamp, may be NULL
 * @param err		receives the sender's error estimate, may be NULL
 * @return			0 if ok, -1 if shorter than LM_TWAMP_TEST_MIN_LEN
 */
int lm_twamp_decode_test(const uint8_t *buf, size_t len, uint32_t *seq,
						 lm_ntp_t *ts, uint16_t *err);

/**
 * Get the SSID a reflector copies into its reply (reflector side).
 *
 * A STAMP Session-Sender packet carries its SSID (RFC 8972) in bytes 14-15,
 * where a TWAMP-light test packet has padding that the reply must not
 * carry (its bytes 14-15 are MBZ). A packet counts as STAMP if it has at
 * least LM_STAMP_TEST_LEN bytes and its 28 MBZ bytes (16-43) are zero; a
 * TWAMP-light sender's zero padding gives 0 either way.
 *
 * @param buf		received bytes
 * @param len		number of bytes
 * @return			the SSID of a STAMP packet, 0 for anything else
 */
uint16_t lm_twamp_test_ssid(const uint8_t *buf, size_t len);

/**
 * Encode a reflected packet (reflector side).
 *
 * Layout (RFC 5357 4.2.1, unauthenticated): sequence number (4),
 * timestamp (8), error estimate (2), MBZ or STAMP's SSID (2), receive
 * timestamp (8), sender sequence number (4), sender timestamp (8), sender
 * error estimate (2), MBZ (2), sender TTL (1), then zero padding up to
 * out_len (STAMP's 3 MBZ bytes in a packet of LM_STAMP_REPLY_LEN).
 *
 * @param buf		buffer to write to
 * @param len		size of buf
 * @param reply		fields to encode
 * @param out_len	length of the packet, LM_TWAMP_REPLY_LEN <= out_len <= len
 * @return			out_len, 0 if out_len is out of range
 */
size_t lm_twamp_encode_reply(uint8_t *buf, size_t len,
							 const lm_twamp_reply_t *reply, size_t out_len);

/**
 * Decode a reflected packet (sender side).
 *
 * Accepts every length from LM_TWAMP_REPLY_MIN_LEN on: a reflected packet
 * without the trailing MBZ and Sender TTL (sender_ttl is 0 then), the
 * 41 bytes of RFC 5357, STAMP's 44 and padded ones (RFC 6038 symmetric
 * size); what follows the Sender TTL is ignored. Bytes 14-15 are returned
 * as ssid, for the caller to check. Never reads beyond len.
 *
 * @param buf		received bytes
 * @param len		number of bytes
 * @param reply		receives the fields
 * @return			0 if ok, -1 if shorter than LM_TWAMP_REPLY_MIN_LEN or
 *					the MBZ field after the sender error estimate is not
 *					zero (as far as the packet has it)
 */
int lm_twamp_decode_reply(const uint8_t *buf, size_t len,
						  lm_twamp_reply_t *reply);

/**
 * Time the reflector held the packet, T3 - T2.
 *
 * Computed on the timestamps directly, so it also works across an NTP era
 * boundary. With the Z bit in the reflector's error estimate both are
 * truncated PTPv2 timestamps (seconds and nanoseconds), else NTP.
 *
 * @param reply		decoded reflected packet
 * @return			T3 - T2 in nanoseconds, -1 if T3 < T2, the difference
 *					exceeds 10 s or a PTP nanosecond field is 10^9 or more
 */
int64_t lm_twamp_turnaround_ns(const lm_twamp_reply_t *reply);

/** bits of the sender timestamp's fraction carrying a tag */
#define LM_TWAMP_TAG_MASK 0xffff

/**
 * Tag a sender timestamp: its lowest 16 bits of fraction (less than 16 us)
 * carry the tag, so that a reflected packet can be told from a forged one
 * that merely guessed a sequence number. TWAMP-light has no other field a
 * reflector copies back that the sender chooses freely.
 *
 * @param ts		transmit timestamp
 * @param tag		tag, e.g. the low bits of a per-monitor random token
 * @return			ts with the tag in the low bits of its fraction
 */
lm_ntp_t lm_twamp_tag(lm_ntp_t ts, uint16_t tag);

/**
 * Get the tag of a sender timestamp (lm_twamp_tag()).
 *
 * @param ts		sender timestamp copied back by the reflector
 * @return			tag
 */
uint16_t lm_twamp_get_tag(lm_ntp_t ts);

#endif /** LM_TWAMP_H_ @}*/
