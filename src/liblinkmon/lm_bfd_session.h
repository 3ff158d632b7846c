/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_bfd_session lm_bfd_session
 * @{ @ingroup liblinkmon
 *
 * One asynchronous-mode BFD session (RFC 5880) in the Active role, without
 * authentication, echo or Demand mode of its own, as a pure state machine:
 * the caller passes CLOCK_MONOTONIC times and random numbers in, hands it
 * the packets lm_bfd_decode() accepted and that belong to it (by Your
 * Discriminator, or by addresses while it is zero), and sends what
 * lm_bfd_session_tx() fills in when lm_bfd_session_tx_due() says so.
 *
 * The state machine and the reception rules are those of RFC 5880 6.8.6,
 * the timers those of 6.8.2 to 6.8.4 and 6.8.7: the transmit interval is
 * the larger of our Desired Min TX (1 s while not Up, 6.8.3) and the
 * peer's Required Min RX, reduced by 0-25% of random jitter (10-25% with a
 * detect multiplier of 1); the detection time is the peer's Detect Mult
 * times the larger of our Required Min RX and its Desired Min TX. A change
 * of either interval of ours runs a Poll Sequence (6.5) on the periodic
 * packets; a larger transmit interval takes effect, a smaller receive
 * interval counts for the detection time, only once the peer's Final
 * confirmed it, as 6.8.3 requires. A Poll of the peer is answered with a
 * Final at once. Periodic packets stop while the peer is in Demand mode
 * (both Up, its D bit set) or asks for no packets (Required Min RX 0).
 *
 * On top of the RFC's states the session has a verdict for link-monitor:
 * up once it received `hold` packets (recoverytime) while Up; down when it
 * leaves Up or Init (detection time expired, or the peer signaled Down or
 * AdminDown), or, before any verdict, when it was not Up within the
 * detection time at the slow rate (Detect Mult x 1 s, at least 3 s) after
 * its start.
 */

#ifndef LM_BFD_SESSION_H_
#define LM_BFD_SESSION_H_

#include "lm_bfd.h"

/** Desired Min TX while the session is not Up: at least 1 s (6.8.3) */
#define LM_BFD_SLOW_TX_US 1000000

/** shortest wait for a first Up before the verdict is down */
#define LM_BFD_NEVER_UP_MIN_US 3000000

/**
 * What the session says about the path.
 */
typedef enum {
	/** nothing yet */
	LM_BFD_VERDICT_NONE,
	/** Up, and hold packets received since */
	LM_BFD_VERDICT_UP,
	/** the session went down, or never came up */
	LM_BFD_VERDICT_DOWN,
} lm_bfd_verdict_t;

/**
 * Why the verdict is down.
 */
typedef enum {
	LM_BFD_WHY_NONE,
	/** no packet within the detection time (local diagnostic 1) */
	LM_BFD_WHY_DETECT,
	/** the peer signaled Down or AdminDown (local diagnostic 3; the
	 *  peer's diagnostic says why) */
	LM_BFD_WHY_NEIGHBOR,
	/** not Up within Detect Mult x 1 s (at least 3 s) of the start */
	LM_BFD_WHY_NEVER_UP,
} lm_bfd_why_t;

/**
 * Configured parameters.
 */
typedef struct {
	/** Desired Min TX while Up, us */
	uint32_t tx_us;
	/** Required Min RX, us */
	uint32_t rx_us;
	/** Detect Mult */
	uint8_t mult;
	/** packets received while Up before the verdict is up, 1 or more */
	uint32_t hold;
} lm_bfd_params_t;

/**
 * What the session shows (status): it changes when the state, an interval,
 * a discriminator, a diagnostic or the verdict changes, not per packet.
 */
typedef struct {
	/** bfd.SessionState */
	lm_bfd_state_t state;
	/** bfd.RemoteSessionState */
	lm_bfd_state_t remote_state;
	/** bfd.LocalDiag */
	uint8_t local_diag;
	/** the Diag field of the peer's last packet */
	uint8_t remote_diag;
	/** bfd.LocalDiscr */
	uint32_t local_discr;
	/** bfd.RemoteDiscr, 0 until known or after a detection time of
	 *  silence */
	uint32_t remote_discr;
	/** interval of periodic packets before jitter, us; 0 while none are
	 *  sent (the peer's Required Min RX is 0, or it is in Demand mode) */
	uint32_t tx_us;
	/** detection time, us; 0 before the first packet */
	uint32_t detect_us;
	/** the peer's Desired Min TX, Required Min RX and Detect Mult (0 if
	 *  it never sent a packet) */
	uint32_t remote_tx_us;
	uint32_t remote_rx_us;
	uint8_t remote_mult;
	/** the peer's D bit */
	bool remote_demand;
	/** a Poll Sequence of ours is in progress */
	bool poll;
	/** times the session went Up, and from Up to Down */
	uint32_t ups;
	uint32_t downs;
	/** verdict */
	lm_bfd_verdict_t verdict;
	/** why it is down */
	lm_bfd_why_t why;
} lm_bfd_info_t;

/**
 * A session. Plain data; copy it only with lm_bfd_session_init().
 */
typedef struct {
	/** configured parameters */
	lm_bfd_params_t params;
	/** state, as shown */
	lm_bfd_info_t info;
	/** bfd.DesiredMinTxInterval and bfd.RequiredMinRxInterval, as sent */
	uint32_t desired_tx_us;
	uint32_t required_rx_us;
	/** Desired Min TX the transmit interval uses (a larger one only once
	 *  a Final confirmed it) */
	uint32_t tx_in_use_us;
	/** Required Min RX the detection time uses (a smaller one only once a
	 *  Final confirmed it) */
	uint32_t detect_rx_us;
	/** what the Poll Sequence in progress announced */
	uint32_t poll_tx_us;
	uint32_t poll_rx_us;
	/** another Poll Sequence is due when this one ends */
	bool poll_again;
	/** a Final is to be sent */
	bool final_due;
	/** bfd.RemoteMinRxInterval (initialized to 1) */
	uint32_t remote_min_rx_us;
	/** start, last packet received and sent, monotonic ns */
	uint64_t started_ns;
	uint64_t last_rx_ns;
	uint64_t last_tx_ns;
	/** jitter of the next periodic packet, in millionths of the
	 *  interval it is shortened by */
	uint32_t jitter_ppm;
	/** packets received since the session went Up */
	uint32_t up_rx;
	/** packets sent and received */
	uint64_t sent;
	uint64_t received;
} lm_bfd_session_t;

/**
 * Start a session in Down, sending at once.
 *
 * @param params		parameters (hold of 0 counts as 1)
 * @param local_discr	bfd.LocalDiscr, unique among the caller's sessions,
 *						not 0
 * @param now_ns		monotonic time
 */
void lm_bfd_session_init(lm_bfd_session_t *s, const lm_bfd_params_t *params,
						 uint32_t local_discr, uint64_t now_ns);

/**
 * Change the parameters of a running session: a new Desired Min TX (while
 * Up) or Required Min RX starts a Poll Sequence.
 */
void lm_bfd_session_set_params(lm_bfd_session_t *s,
							   const lm_bfd_params_t *params, uint64_t now_ns);

/**
 * A received packet of the session (accepted by lm_bfd_decode(), its Your
 * Discriminator zero or ours).
 */
void lm_bfd_session_rx(lm_bfd_session_t *s, const lm_bfd_packet_t *pkt,
					   uint64_t now_ns);

/**
 * Time passed: the detection time, the reset of the remote discriminator
 * after a detection time of silence, the wait for a first Up.
 */
void lm_bfd_session_timer(lm_bfd_session_t *s, uint64_t now_ns);

/**
 * Is a packet to be sent: a Final, or a periodic packet due within slack
 * (never before the interval less the largest jitter)?
 */
bool lm_bfd_session_tx_due(const lm_bfd_session_t *s, uint64_t now_ns,
						   uint64_t slack_ns);

/**
 * Fill in the packet to send now (a Final first, else the periodic one,
 * with Poll during a Poll Sequence) and schedule the next periodic one.
 *
 * @param pkt		receives the fields
 * @param rnd		random number for the next packet's jitter
 */
void lm_bfd_session_tx(lm_bfd_session_t *s, lm_bfd_packet_t *pkt,
					   uint64_t now_ns, uint32_t rnd);

/**
 * Earliest time lm_bfd_session_timer() or a packet is due, UINT64_MAX if
 * never.
 */
uint64_t lm_bfd_session_next(const lm_bfd_session_t *s);

/**
 * Disable the session administratively (6.8.16): AdminDown with a
 * diagnostic, packets received are discarded; the caller keeps sending for
 * lm_bfd_session_drain_ns() so the peer learns it.
 */
void lm_bfd_session_admin_down(lm_bfd_session_t *s, lm_bfd_diag_t diag);

/**
 * How long to keep sending after lm_bfd_session_admin_down(): the peer's
 * detection time of our packets, Detect Mult x our transmit interval.
 */
uint64_t lm_bfd_session_drain_ns(const lm_bfd_session_t *s);

/**
 * Is what two sessions show the same?
 */
bool lm_bfd_info_equals(const lm_bfd_info_t *a, const lm_bfd_info_t *b);

/**
 * Description of why a verdict is down, with the peer's diagnostic where it
 * signaled the session down, e.g. "the peer signaled Down (path down)".
 *
 * @param buf		output
 * @param len		size of buf
 * @return			buf
 */
char *lm_bfd_why_fmt(const lm_bfd_info_t *info, char *buf, size_t len);

#endif /** LM_BFD_SESSION_H_ @}*/
