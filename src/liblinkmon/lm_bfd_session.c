/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_bfd_session.h"

#include <stdio.h>
#include <string.h>

#define NS_PER_US 1000ULL
#define PPM 1000000U
/** the largest jitter: periodic packets are shortened by up to 25% */
#define JITTER_MAX_PPM 250000U
/** with Detect Mult 1, by at least 10% (6.8.7) */
#define JITTER_MIN_MULT1_PPM 100000U

static uint32_t max32(uint32_t a, uint32_t b)
{
	return a > b ? a : b;
}

static uint32_t min32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/**
 * Is Demand mode active on the peer (6.6): both Up, its D bit set?
 */
static bool remote_demand(const lm_bfd_session_t *s)
{
	return s->info.remote_demand && s->info.state == LM_BFD_UP &&
		   s->info.remote_state == LM_BFD_UP;
}

/**
 * Interval of periodic packets in us before jitter, 0 if none are sent:
 * the larger of our Desired Min TX and the peer's Required Min RX (6.8.7).
 */
static uint32_t tx_interval(const lm_bfd_session_t *s)
{
	if (!s->remote_min_rx_us || (remote_demand(s) && !s->info.poll))
	{
		return 0;
	}
	return max32(s->tx_in_use_us, s->remote_min_rx_us);
}

/**
 * Detection time in us (6.8.4): the peer's Detect Mult times the larger of
 * our Required Min RX and its Desired Min TX; 0 before its first packet.
 */
static uint32_t detect_time(const lm_bfd_session_t *s)
{
	uint64_t t;

	t = (uint64_t)s->info.remote_mult *
		max32(s->detect_rx_us, s->info.remote_tx_us);
	return t > UINT32_MAX ? UINT32_MAX : t;
}

/**
 * Bring the shown intervals up to date.
 */
static void update_info(lm_bfd_session_t *s)
{
	s->info.tx_us = tx_interval(s);
	s->info.detect_us = detect_time(s);
}

/**
 * Start a Poll Sequence, or another after the one in progress.
 */
static void start_poll(lm_bfd_session_t *s)
{
	if (s->info.poll)
	{
		s->poll_again = true;
		return;
	}
	s->info.poll = true;
	s->poll_tx_us = s->desired_tx_us;
	s->poll_rx_us = s->required_rx_us;
}

/**
 * A Final ended the Poll Sequence: what it announced takes effect (6.8.3).
 */
static void end_poll(lm_bfd_session_t *s)
{
	s->tx_in_use_us = min32(max32(s->tx_in_use_us, s->poll_tx_us),
							s->desired_tx_us);
	s->detect_rx_us = max32(min32(s->detect_rx_us, s->poll_rx_us),
							s->required_rx_us);
	s->info.poll = false;
	if (s->poll_again)
	{
		s->poll_again = false;
		start_poll(s);
	}
}

/**
 * Set bfd.DesiredMinTxInterval: a larger one while Up is used once a Final
 * confirmed it, a smaller one at once.
 */
static void set_desired_tx(lm_bfd_session_t *s, uint32_t us)
{
	if (us == s->desired_tx_us)
	{
		return;
	}
	s->desired_tx_us = us;
	if (us < s->tx_in_use_us || s->info.state != LM_BFD_UP)
	{
		s->tx_in_use_us = us;
	}
	start_poll(s);
}

/**
 * Set bfd.RequiredMinRxInterval: a smaller one while Up counts for the
 * detection time once a Final confirmed it, a larger one at once.
 */
static void set_required_rx(lm_bfd_session_t *s, uint32_t us)
{
	if (us == s->required_rx_us)
	{
		return;
	}
	s->required_rx_us = us;
	if (us > s->detect_rx_us || s->info.state != LM_BFD_UP)
	{
		s->detect_rx_us = us;
	}
	start_poll(s);
}

/**
 * Desired Min TX while not Up: not less than 1 s (6.8.3).
 */
static uint32_t slow_tx(const lm_bfd_session_t *s)
{
	return max32(LM_BFD_SLOW_TX_US, s->params.tx_us);
}

void lm_bfd_session_init(lm_bfd_session_t *s, const lm_bfd_params_t *params,
						 uint32_t local_discr, uint64_t now_ns)
{
	*s = (lm_bfd_session_t){
		.params = *params,
		.info = {
			.state = LM_BFD_DOWN,
			.remote_state = LM_BFD_DOWN,
			.local_discr = local_discr,
		},
		.required_rx_us = params->rx_us,
		.detect_rx_us = params->rx_us,
		.remote_min_rx_us = 1,
		.started_ns = now_ns,
	};
	if (!s->params.hold)
	{
		s->params.hold = 1;
	}
	s->desired_tx_us = s->tx_in_use_us = slow_tx(s);
	update_info(s);
}

void lm_bfd_session_set_params(lm_bfd_session_t *s,
							   const lm_bfd_params_t *params, uint64_t now_ns)
{
	s->params = *params;
	if (!s->params.hold)
	{
		s->params.hold = 1;
	}
	set_required_rx(s, params->rx_us);
	set_desired_tx(s, s->info.state == LM_BFD_UP ? params->tx_us : slow_tx(s));
	update_info(s);
}

/**
 * The session came Up.
 */
static void go_up(lm_bfd_session_t *s)
{
	s->info.state = LM_BFD_UP;
	s->info.local_diag = LM_BFD_DIAG_NONE;
	s->info.ups++;
	s->up_rx = 0;
	set_desired_tx(s, s->params.tx_us);
}

/**
 * The session went Down from Init or Up.
 */
static void go_down(lm_bfd_session_t *s, lm_bfd_diag_t diag, lm_bfd_why_t why)
{
	if (s->info.state == LM_BFD_UP)
	{
		s->info.downs++;
	}
	s->info.state = LM_BFD_DOWN;
	s->info.local_diag = diag;
	s->up_rx = 0;
	set_desired_tx(s, slow_tx(s));
	s->info.verdict = LM_BFD_VERDICT_DOWN;
	s->info.why = why;
}

/**
 * The state transitions of 6.8.6 for a packet's State.
 */
static void transition(lm_bfd_session_t *s, lm_bfd_state_t remote)
{
	switch (s->info.state)
	{
		case LM_BFD_DOWN:
			if (remote == LM_BFD_DOWN)
			{
				s->info.state = LM_BFD_INIT;
			}
			else if (remote == LM_BFD_INIT)
			{
				go_up(s);
			}
			break;
		case LM_BFD_INIT:
			if (remote == LM_BFD_INIT || remote == LM_BFD_UP)
			{
				go_up(s);
			}
			break;
		case LM_BFD_UP:
			if (remote == LM_BFD_DOWN)
			{
				go_down(s, LM_BFD_DIAG_NEIGHBOR_DOWN, LM_BFD_WHY_NEIGHBOR);
			}
			break;
		default:
			break;
	}
}

void lm_bfd_session_rx(lm_bfd_session_t *s, const lm_bfd_packet_t *pkt,
					   uint64_t now_ns)
{
	if (s->info.state == LM_BFD_ADMIN_DOWN)
	{
		return;
	}
	s->received++;
	s->last_rx_ns = now_ns;
	s->info.remote_discr = pkt->my_discr;
	s->info.remote_state = pkt->state;
	s->info.remote_demand = pkt->demand;
	s->info.remote_diag = pkt->diag;
	s->info.remote_tx_us = pkt->desired_min_tx_us;
	s->info.remote_rx_us = pkt->required_min_rx_us;
	s->info.remote_mult = pkt->detect_mult;
	s->remote_min_rx_us = pkt->required_min_rx_us;
	if (s->info.poll && pkt->final)
	{
		end_poll(s);
	}
	if (pkt->state == LM_BFD_ADMIN_DOWN)
	{
		if (s->info.state != LM_BFD_DOWN)
		{
			go_down(s, LM_BFD_DIAG_NEIGHBOR_DOWN, LM_BFD_WHY_NEIGHBOR);
		}
	}
	else
	{
		transition(s, pkt->state);
	}
	if (pkt->poll)
	{
		s->final_due = true;
	}
	if (s->info.state == LM_BFD_UP && ++s->up_rx >= s->params.hold &&
		s->info.verdict != LM_BFD_VERDICT_UP)
	{
		s->info.verdict = LM_BFD_VERDICT_UP;
		s->info.why = LM_BFD_WHY_NONE;
	}
	update_info(s);
}

/**
 * When the wait for a first Up ends: Detect Mult x 1 s, at least 3 s.
 */
static uint64_t never_up_deadline(const lm_bfd_session_t *s)
{
	uint64_t wait = (uint64_t)s->params.mult * LM_BFD_SLOW_TX_US;

	if (wait < LM_BFD_NEVER_UP_MIN_US)
	{
		wait = LM_BFD_NEVER_UP_MIN_US;
	}
	return s->started_ns + wait * NS_PER_US;
}

void lm_bfd_session_timer(lm_bfd_session_t *s, uint64_t now_ns)
{
	uint64_t detect = detect_time(s) * NS_PER_US;

	if (detect && now_ns >= s->last_rx_ns + detect)
	{
		if (s->info.state == LM_BFD_INIT || s->info.state == LM_BFD_UP)
		{
			go_down(s, LM_BFD_DIAG_DETECT_EXPIRED, LM_BFD_WHY_DETECT);
		}
		/* 6.8.1: silence for a detection time forgets the peer */
		s->info.remote_discr = 0;
	}
	if (s->info.verdict == LM_BFD_VERDICT_NONE &&
		s->info.state != LM_BFD_UP && now_ns >= never_up_deadline(s))
	{
		s->info.verdict = LM_BFD_VERDICT_DOWN;
		s->info.why = LM_BFD_WHY_NEVER_UP;
	}
	update_info(s);
}

/**
 * When the next periodic packet may go (floor) and is due; FALSE if none
 * is sent.
 */
static bool periodic(const lm_bfd_session_t *s, uint64_t *floor,
					 uint64_t *due)
{
	uint64_t iv = tx_interval(s) * NS_PER_US;

	if (!iv)
	{
		return false;
	}
	if (!s->sent)
	{
		*floor = *due = s->started_ns;
		return true;
	}
	*floor = s->last_tx_ns + iv - iv * JITTER_MAX_PPM / PPM;
	*due = s->last_tx_ns + iv - iv * s->jitter_ppm / PPM;
	return true;
}

bool lm_bfd_session_tx_due(const lm_bfd_session_t *s, uint64_t now_ns,
						   uint64_t slack_ns)
{
	uint64_t floor, due;

	if (s->final_due)
	{
		return true;
	}
	return periodic(s, &floor, &due) && now_ns >= floor &&
		   now_ns + slack_ns >= due;
}

void lm_bfd_session_tx(lm_bfd_session_t *s, lm_bfd_packet_t *pkt,
					   uint64_t now_ns, uint32_t rnd)
{
	uint64_t floor, due;
	bool final = s->final_due, scheduled;

	scheduled = periodic(s, &floor, &due) && now_ns >= floor;
	*pkt = (lm_bfd_packet_t){
		.diag = s->info.local_diag,
		.state = s->info.state,
		/* never both (6.5): a Final goes alone during our Poll Sequence */
		.poll = s->info.poll && !final,
		.final = final,
		.detect_mult = s->params.mult,
		.length = LM_BFD_LEN,
		.my_discr = s->info.local_discr,
		.your_discr = s->info.remote_discr,
		.desired_min_tx_us = s->desired_tx_us,
		.required_min_rx_us = s->required_rx_us,
	};
	s->final_due = false;
	if (final && (s->info.poll || !scheduled))
	{
		/* out of the schedule (6.8.7), the periodic packet stays due */
		return;
	}
	s->sent++;
	s->last_tx_ns = now_ns;
	if (s->params.mult == 1)
	{
		s->jitter_ppm = JITTER_MIN_MULT1_PPM +
						rnd % (JITTER_MAX_PPM - JITTER_MIN_MULT1_PPM + 1);
	}
	else
	{
		s->jitter_ppm = rnd % JITTER_MAX_PPM;
	}
}

uint64_t lm_bfd_session_next(const lm_bfd_session_t *s)
{
	uint64_t next = UINT64_MAX, floor, due, detect;

	if (s->final_due)
	{
		return 0;
	}
	if (periodic(s, &floor, &due))
	{
		next = due;
	}
	detect = detect_time(s) * NS_PER_US;
	if (detect && (s->info.remote_discr || s->info.state == LM_BFD_INIT ||
				   s->info.state == LM_BFD_UP) &&
		s->last_rx_ns + detect < next)
	{
		next = s->last_rx_ns + detect;
	}
	if (s->info.verdict == LM_BFD_VERDICT_NONE &&
		s->info.state != LM_BFD_UP && never_up_deadline(s) < next)
	{
		next = never_up_deadline(s);
	}
	return next;
}

void lm_bfd_session_admin_down(lm_bfd_session_t *s, lm_bfd_diag_t diag)
{
	s->info.state = LM_BFD_ADMIN_DOWN;
	s->info.local_diag = diag;
	s->final_due = false;
	update_info(s);
}

uint64_t lm_bfd_session_drain_ns(const lm_bfd_session_t *s)
{
	uint32_t iv = tx_interval(s) ?: s->desired_tx_us;

	return (uint64_t)s->params.mult * iv * NS_PER_US;
}

bool lm_bfd_info_equals(const lm_bfd_info_t *a, const lm_bfd_info_t *b)
{
	return a->state == b->state && a->remote_state == b->remote_state &&
		   a->local_diag == b->local_diag && a->remote_diag == b->remote_diag &&
		   a->local_discr == b->local_discr &&
		   a->remote_discr == b->remote_discr && a->tx_us == b->tx_us &&
		   a->detect_us == b->detect_us && a->remote_tx_us == b->remote_tx_us &&
		   a->remote_rx_us == b->remote_rx_us &&
		   a->remote_mult == b->remote_mult &&
		   a->remote_demand == b->remote_demand && a->poll == b->poll &&
		   a->ups == b->ups && a->downs == b->downs &&
		   a->verdict == b->verdict && a->why == b->why;
}

char *lm_bfd_why_fmt(const lm_bfd_info_t *info, char *buf, size_t len)
{
	switch (info->why)
	{
		case LM_BFD_WHY_DETECT:
			snprintf(buf, len, "control detection time expired (%u ms)",
					 info->detect_us / 1000);
			break;
		case LM_BFD_WHY_NEIGHBOR:
			snprintf(buf, len, "the peer signaled %s (its diagnostic: %s)",
					 lm_bfd_state_name(info->remote_state),
					 lm_bfd_diag_name(info->remote_diag));
			break;
		case LM_BFD_WHY_NEVER_UP:
			if (!info->remote_mult)
			{
				snprintf(buf, len, "no session came up: the peer does not "
						 "answer");
			}
			else
			{
				snprintf(buf, len, "no session came up: the peer is %s "
						 "(its diagnostic: %s)",
						 lm_bfd_state_name(info->remote_state),
						 lm_bfd_diag_name(info->remote_diag));
			}
			break;
		default:
			snprintf(buf, len, "up");
			break;
	}
	return buf;
}
