/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_bfd.h"

#include <stdio.h>

/* bits of the second byte */
#define F_POLL 0x20
#define F_FINAL 0x10
#define F_CPI 0x08
#define F_AUTH 0x04
#define F_DEMAND 0x02
#define F_MULTIPOINT 0x01

/* offsets */
#define O_MY_DISCR 4
#define O_YOUR_DISCR 8
#define O_DESIRED_TX 12
#define O_REQUIRED_RX 16
#define O_REQUIRED_ECHO_RX 20

static void put32(uint8_t *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = (v >> 16) & 0xff;
	p[2] = (v >> 8) & 0xff;
	p[3] = v & 0xff;
}

static uint32_t get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
		   ((uint32_t)p[2] << 8) | p[3];
}

size_t lm_bfd_encode(uint8_t *buf, size_t len, const lm_bfd_packet_t *pkt)
{
	if (len < LM_BFD_LEN)
	{
		return 0;
	}
	buf[0] = (LM_BFD_VERSION << 5) | (pkt->diag & 0x1f);
	buf[1] = ((pkt->state & 0x3) << 6) |
			 (pkt->poll ? F_POLL : 0) | (pkt->final ? F_FINAL : 0) |
			 (pkt->cpi ? F_CPI : 0) | (pkt->demand ? F_DEMAND : 0) |
			 (pkt->multipoint ? F_MULTIPOINT : 0);
	buf[2] = pkt->detect_mult;
	buf[3] = LM_BFD_LEN;
	put32(buf + O_MY_DISCR, pkt->my_discr);
	put32(buf + O_YOUR_DISCR, pkt->your_discr);
	put32(buf + O_DESIRED_TX, pkt->desired_min_tx_us);
	put32(buf + O_REQUIRED_RX, pkt->required_min_rx_us);
	put32(buf + O_REQUIRED_ECHO_RX, pkt->required_min_echo_rx_us);
	return LM_BFD_LEN;
}

/**
 * The fields, without checks.
 */
static void fields(const uint8_t *buf, lm_bfd_packet_t *pkt)
{
	pkt->diag = buf[0] & 0x1f;
	pkt->state = buf[1] >> 6;
	pkt->poll = buf[1] & F_POLL;
	pkt->final = buf[1] & F_FINAL;
	pkt->cpi = buf[1] & F_CPI;
	pkt->auth = buf[1] & F_AUTH;
	pkt->demand = buf[1] & F_DEMAND;
	pkt->multipoint = buf[1] & F_MULTIPOINT;
	pkt->detect_mult = buf[2];
	pkt->length = buf[3];
	pkt->my_discr = get32(buf + O_MY_DISCR);
	pkt->your_discr = get32(buf + O_YOUR_DISCR);
	pkt->desired_min_tx_us = get32(buf + O_DESIRED_TX);
	pkt->required_min_rx_us = get32(buf + O_REQUIRED_RX);
	pkt->required_min_echo_rx_us = get32(buf + O_REQUIRED_ECHO_RX);
}

lm_bfd_err_t lm_bfd_decode(const uint8_t *buf, size_t len,
						   lm_bfd_packet_t *pkt)
{
	*pkt = (lm_bfd_packet_t){};
	if (len < LM_BFD_LEN)
	{
		return LM_BFD_ERR_SHORT;
	}
	fields(buf, pkt);
	/* in the order of RFC 5880 6.8.6 */
	if ((buf[0] >> 5) != LM_BFD_VERSION)
	{
		return LM_BFD_ERR_VERSION;
	}
	if (pkt->length < (pkt->auth ? LM_BFD_AUTH_MIN_LEN : LM_BFD_LEN))
	{
		return LM_BFD_ERR_LENGTH;
	}
	if (pkt->length > len)
	{
		return LM_BFD_ERR_SHORT;
	}
	if (!pkt->detect_mult)
	{
		return LM_BFD_ERR_MULT;
	}
	if (pkt->multipoint)
	{
		return LM_BFD_ERR_MULTIPOINT;
	}
	if (!pkt->my_discr)
	{
		return LM_BFD_ERR_MY_DISCR;
	}
	if (!pkt->your_discr && pkt->state != LM_BFD_DOWN &&
		pkt->state != LM_BFD_ADMIN_DOWN)
	{
		return LM_BFD_ERR_YOUR_DISCR;
	}
	if (pkt->auth)
	{
		return LM_BFD_ERR_AUTH;
	}
	if (pkt->poll && pkt->final)
	{
		return LM_BFD_ERR_POLL_FINAL;
	}
	return LM_BFD_OK;
}

const char *lm_bfd_state_name(lm_bfd_state_t state)
{
	switch (state)
	{
		case LM_BFD_ADMIN_DOWN:
			return "AdminDown";
		case LM_BFD_DOWN:
			return "Down";
		case LM_BFD_INIT:
			return "Init";
		case LM_BFD_UP:
			return "Up";
		default:
			return "unknown";
	}
}

const char *lm_bfd_diag_name(uint8_t diag)
{
	static const char *names[] = {
		"no diagnostic",
		"control detection time expired",
		"echo function failed",
		"neighbor signaled session down",
		"forwarding plane reset",
		"path down",
		"concatenated path down",
		"administratively down",
		"reverse concatenated path down",
	};

	if (diag < sizeof(names) / sizeof(names[0]))
	{
		return names[diag];
	}
	return "reserved";
}

char *lm_bfd_us_fmt(uint32_t us, char *buf, size_t len)
{
	if (us % 1000)
	{
		snprintf(buf, len, "%u.%03u ms", us / 1000, us % 1000);
	}
	else
	{
		snprintf(buf, len, "%u ms", us / 1000);
	}
	return buf;
}

const char *lm_bfd_err_name(lm_bfd_err_t err)
{
	switch (err)
	{
		case LM_BFD_OK:
			return "ok";
		case LM_BFD_ERR_SHORT:
			return "truncated";
		case LM_BFD_ERR_VERSION:
			return "not version 1";
		case LM_BFD_ERR_LENGTH:
			return "length too small";
		case LM_BFD_ERR_MULT:
			return "detect multiplier zero";
		case LM_BFD_ERR_MULTIPOINT:
			return "multipoint bit set";
		case LM_BFD_ERR_MY_DISCR:
			return "my discriminator zero";
		case LM_BFD_ERR_YOUR_DISCR:
			return "your discriminator zero outside Down";
		case LM_BFD_ERR_AUTH:
			return "authentication not in use";
		case LM_BFD_ERR_POLL_FINAL:
			return "poll and final both set";
		default:
			return "unknown";
	}
}
