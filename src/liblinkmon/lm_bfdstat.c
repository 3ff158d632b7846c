/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_bfdstat.h"

#include <stdio.h>

void lm_bfdstat_text_monitor(lm_buf_t *buf, const lm_monitor_cfg_t *cfg)
{
	lm_buf_printf(buf, "BFD: %s-hop, port %u, desired min TX %u ms, required "
				  "min RX %u ms, detect multiplier %u, up after %u packets "
				  "(recoverytime)\n", cfg->bfd_mode == LM_BFD_MODE_MULTI ?
				  "multi" : "single", cfg->port, cfg->bfd_tx_ms,
				  cfg->bfd_rx_ms, cfg->bfd_mult, cfg->recoverytime);
}

void lm_bfdstat_text_server(lm_buf_t *buf, const lm_monitor_t *mon,
							const lm_server_t *srv)
{
	const lm_bfd_info_t *b = srv->bfd;
	char a[32], c[32], d[32], e[32], why[160];

	if (!b)
	{
		lm_buf_printf(buf, "                Session: %s\n",
					  mon->active && mon->cfg->enabled ?
					  "Down, starting" : "none, not probing");
		return;
	}
	lm_buf_printf(buf, "                Session: %s, peer %s, discriminators "
				  "local 0x%08x, remote 0x%08x%s\n",
				  lm_bfd_state_name(b->state),
				  lm_bfd_state_name(b->remote_state), b->local_discr,
				  b->remote_discr, b->poll ? ", polling" : "");
	lm_buf_printf(buf, "                Intervals: transmit %s (peer's min RX "
				  "%s), detection %s (peer's TX %s x %u)%s\n",
				  lm_bfd_us_fmt(b->tx_us, a, sizeof(a)),
				  lm_bfd_us_fmt(b->remote_rx_us, c, sizeof(c)),
				  lm_bfd_us_fmt(b->detect_us, d, sizeof(d)),
				  lm_bfd_us_fmt(b->remote_tx_us, e, sizeof(e)), b->remote_mult,
				  b->remote_demand ? ", peer in Demand mode" : "");
	lm_buf_printf(buf, "                Diagnostics: local %s, peer %s\n",
				  lm_bfd_diag_name(b->local_diag),
				  lm_bfd_diag_name(b->remote_diag));
	if (b->verdict == LM_BFD_VERDICT_DOWN)
	{
		lm_buf_printf(buf, "                Down: %s\n",
					  lm_bfd_why_fmt(b, why, sizeof(why)));
	}
	lm_buf_printf(buf, "                Up %u times, down %u times\n",
				  b->ups, b->downs);
}

void lm_bfdstat_json_monitor(lm_json_t *json, const lm_monitor_cfg_t *cfg)
{
	if (cfg->protocol != LM_PROTO_BFD)
	{
		lm_json_null(json, "bfd");
		return;
	}
	lm_json_object(json, "bfd");
	lm_json_str(json, "mode", lm_bfd_mode_name(cfg->bfd_mode));
	lm_json_uint(json, "tx_ms", cfg->bfd_tx_ms);
	lm_json_uint(json, "rx_ms", cfg->bfd_rx_ms);
	lm_json_uint(json, "mult", cfg->bfd_mult);
	lm_json_end(json);
}

/**
 * The verdict, as in the JSON.
 */
static const char *verdict_name(lm_bfd_verdict_t verdict)
{
	switch (verdict)
	{
		case LM_BFD_VERDICT_UP:
			return "up";
		case LM_BFD_VERDICT_DOWN:
			return "down";
		default:
			return "none";
	}
}

void lm_bfdstat_json_server(lm_json_t *json, const lm_server_t *srv)
{
	const lm_bfd_info_t *b = srv->bfd;
	char why[160];

	if (!b)
	{
		lm_json_null(json, "bfd");
		return;
	}
	lm_json_object(json, "bfd");
	lm_json_str(json, "state", lm_bfd_state_name(b->state));
	lm_json_str(json, "remote_state", lm_bfd_state_name(b->remote_state));
	lm_json_uint(json, "local_discr", b->local_discr);
	lm_json_uint(json, "remote_discr", b->remote_discr);
	lm_json_num(json, "tx_ms", 3, b->tx_us / 1000.0);
	lm_json_num(json, "detect_ms", 3, b->detect_us / 1000.0);
	lm_json_num(json, "remote_tx_ms", 3, b->remote_tx_us / 1000.0);
	lm_json_num(json, "remote_rx_ms", 3, b->remote_rx_us / 1000.0);
	lm_json_uint(json, "remote_mult", b->remote_mult);
	lm_json_bool(json, "remote_demand", b->remote_demand);
	lm_json_bool(json, "poll", b->poll);
	lm_json_str(json, "local_diag", lm_bfd_diag_name(b->local_diag));
	lm_json_str(json, "remote_diag", lm_bfd_diag_name(b->remote_diag));
	lm_json_uint(json, "ups", b->ups);
	lm_json_uint(json, "downs", b->downs);
	lm_json_str(json, "verdict", verdict_name(b->verdict));
	lm_json_str(json, "reason", b->verdict == LM_BFD_VERDICT_DOWN ?
				lm_bfd_why_fmt(b, why, sizeof(why)) : NULL);
	lm_json_end(json);
}
