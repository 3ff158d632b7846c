/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_bfd lm_bfd
 * @{ @ingroup liblinkmon
 *
 * BFD Control packet codec (RFC 5880 4.1, the mandatory section; no
 * authentication), with the checks of RFC 5880 6.8.6 that need no session:
 * a packet passing lm_bfd_decode() may be handed to a session
 * (lm_bfd_session), whose own rules follow from its state.
 *
 *     0                   1                   2                   3
 *     0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *    |Vers |  Diag   |Sta|P|F|C|A|D|M|  Detect Mult  |    Length     |
 *    |                       My Discriminator                        |
 *    |                      Your Discriminator                       |
 *    |                    Desired Min TX Interval                    |
 *    |                   Required Min RX Interval                    |
 *    |                 Required Min Echo RX Interval                 |
 *    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Intervals are in microseconds, all fields network byte order.
 */

#ifndef LM_BFD_H_
#define LM_BFD_H_

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** length of a Control packet without authentication */
#define LM_BFD_LEN 24

/** shortest Length with the A bit set (RFC 5880 6.8.6) */
#define LM_BFD_AUTH_MIN_LEN 26

/** BFD version */
#define LM_BFD_VERSION 1

/** destination port of single-hop Control packets (RFC 5881 4) */
#define LM_BFD_PORT_SINGLE 3784

/** destination port of multihop Control packets (RFC 5883 5) */
#define LM_BFD_PORT_MULTI 4784

/** source ports of Control packets (RFC 5881 4) */
#define LM_BFD_SRC_PORT_MIN 49152
#define LM_BFD_SRC_PORT_MAX 65535

/** TTL or hop limit sent, and the only one single-hop accepts (RFC 5881 5) */
#define LM_BFD_TTL 255

/**
 * Session states (the Sta field).
 */
typedef enum {
	LM_BFD_ADMIN_DOWN = 0,
	LM_BFD_DOWN = 1,
	LM_BFD_INIT = 2,
	LM_BFD_UP = 3,
} lm_bfd_state_t;

/**
 * Diagnostic codes (the Diag field, RFC 5880 4.1); 9..31 are reserved.
 */
typedef enum {
	LM_BFD_DIAG_NONE = 0,
	LM_BFD_DIAG_DETECT_EXPIRED = 1,
	LM_BFD_DIAG_ECHO_FAILED = 2,
	LM_BFD_DIAG_NEIGHBOR_DOWN = 3,
	LM_BFD_DIAG_FORWARDING_RESET = 4,
	LM_BFD_DIAG_PATH_DOWN = 5,
	LM_BFD_DIAG_CONCAT_PATH_DOWN = 6,
	LM_BFD_DIAG_ADMIN_DOWN = 7,
	LM_BFD_DIAG_REVERSE_CONCAT_PATH_DOWN = 8,
} lm_bfd_diag_t;

/**
 * Why lm_bfd_decode() discards a packet.
 */
typedef enum {
	LM_BFD_OK = 0,
	/** fewer bytes than a Control packet, or than its Length */
	LM_BFD_ERR_SHORT,
	/** the version is not 1 */
	LM_BFD_ERR_VERSION,
	/** Length below 24 (26 with the A bit) */
	LM_BFD_ERR_LENGTH,
	/** Detect Mult is zero */
	LM_BFD_ERR_MULT,
	/** the Multipoint bit is set */
	LM_BFD_ERR_MULTIPOINT,
	/** My Discriminator is zero */
	LM_BFD_ERR_MY_DISCR,
	/** Your Discriminator is zero in a state other than Down or AdminDown */
	LM_BFD_ERR_YOUR_DISCR,
	/** the A bit is set: no authentication is in use (RFC 5880 6.8.6) */
	LM_BFD_ERR_AUTH,
	/** Poll and Final are both set (RFC 5880 6.5) */
	LM_BFD_ERR_POLL_FINAL,
} lm_bfd_err_t;

/**
 * A Control packet's fields.
 */
typedef struct {
	/** diagnostic, 0..31 */
	uint8_t diag;
	/** state */
	lm_bfd_state_t state;
	/** Poll */
	bool poll;
	/** Final */
	bool final;
	/** Control Plane Independent */
	bool cpi;
	/** Authentication Present */
	bool auth;
	/** Demand */
	bool demand;
	/** Multipoint */
	bool multipoint;
	/** Detect Mult */
	uint8_t detect_mult;
	/** Length (set by lm_bfd_encode()) */
	uint8_t length;
	/** My Discriminator */
	uint32_t my_discr;
	/** Your Discriminator */
	uint32_t your_discr;
	/** Desired Min TX Interval, us */
	uint32_t desired_min_tx_us;
	/** Required Min RX Interval, us */
	uint32_t required_min_rx_us;
	/** Required Min Echo RX Interval, us */
	uint32_t required_min_echo_rx_us;
} lm_bfd_packet_t;

/**
 * Encode a Control packet without authentication, version 1, Length 24.
 *
 * @param buf		output, at least LM_BFD_LEN bytes
 * @param len		size of buf
 * @param pkt		fields (length and auth are ignored)
 * @return			bytes written, 0 if buf is too small
 */
size_t lm_bfd_encode(uint8_t *buf, size_t len, const lm_bfd_packet_t *pkt);

/**
 * Decode and check a received Control packet as RFC 5880 6.8.6 requires of
 * every packet before it is matched to a session: version 1, a Length of 24
 * or more within the datagram (26 or more with the A bit), Detect Mult not
 * zero, M clear, My Discriminator not zero, Your Discriminator zero only in
 * Down or AdminDown, no authentication (we use none), and not both Poll and
 * Final (6.5). Bytes after Length are ignored.
 *
 * @param buf		the UDP payload
 * @param len		its length
 * @param pkt		receives the fields (also on failure, as far as read)
 * @return			LM_BFD_OK, or why the packet is discarded
 */
lm_bfd_err_t lm_bfd_decode(const uint8_t *buf, size_t len,
						   lm_bfd_packet_t *pkt);

/**
 * Name of a state, as in RFC 5880: "AdminDown", "Down", "Init", "Up".
 */
const char *lm_bfd_state_name(lm_bfd_state_t state);

/**
 * Description of a diagnostic, e.g. "control detection time expired";
 * "reserved" for 9..31.
 */
const char *lm_bfd_diag_name(uint8_t diag);

/**
 * An interval in us as "10 ms" or "3.300 ms".
 *
 * @param buf		output
 * @param len		size of buf
 * @return			buf
 */
char *lm_bfd_us_fmt(uint32_t us, char *buf, size_t len);

/**
 * Description of why a packet is discarded.
 */
const char *lm_bfd_err_name(lm_bfd_err_t err);

#endif /** LM_BFD_H_ @}*/
