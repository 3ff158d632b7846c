/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/*
 * BFD sessions in the decision core: which monitors' sessions the transport
 * runs (while the monitor is active and enabled, as probes are sent), and
 * what a session's report means: a verdict up or down sets the server's
 * state at once (the session's detection time is the failtime, its hold of
 * recoverytime packets the recoverytime), everything else is kept for the
 * status and logged.
 */

#include "lm_engine_priv.h"

#include <stdio.h>
#include <stdlib.h>

void lm_sessions_want(lm_engine_t *this, lm_entry_t *entry,
					  lm_sessions_how_t how, lm_out_t *out)
{
	lm_monitor_t *mon = entry->mon;
	bool run;

	if (mon->cfg->protocol != LM_PROTO_BFD)
	{
		return;
	}
	run = mon->active && mon->cfg->enabled;
	if (run == entry->sessions && (!run || how == LM_SESSIONS_SYNC))
	{
		return;
	}
	if (run && (!entry->sessions || how == LM_SESSIONS_RESTART))
	{
		entry->session_gen++;
	}
	entry->sessions = run;
	lm_out_session(out, mon, entry->session_gen, run, false);
}

void lm_sessions_removed(lm_engine_t *this, lm_out_t *out)
{
	lm_entry_t *entry;
	int i;

	for (i = 0; i < this->nremoved; i++)
	{
		entry = this->removed[i];
		if (entry->sessions)
		{
			entry->sessions = false;
			lm_out_session(out, entry->mon, entry->session_gen, false,
						   true);
		}
	}
}

/**
 * Log what changed in a session.
 */
static void log_report(lm_entry_t *entry, const lm_bfd_info_t *old,
					   const lm_bfd_info_t *now, const lm_addr_t *server,
					   lm_out_t *out)
{
	const char *name = entry->mon->cfg->name;
	char addr[LM_ADDR_STRLEN], tx[32], detect[32], why[160];

	lm_addr_fmt(server, addr);
	lm_bfd_us_fmt(now->tx_us, tx, sizeof(tx));
	lm_bfd_us_fmt(now->detect_us, detect, sizeof(detect));
	if (old->state != now->state)
	{
		lm_out_log(out, LM_LOG_CFG, 2, "link-monitor '%s': BFD session to %s "
				   "%s -> %s, the peer is %s", name, addr,
				   lm_bfd_state_name(old->state),
				   lm_bfd_state_name(now->state),
				   lm_bfd_state_name(now->remote_state));
	}
	if (old->verdict != now->verdict && now->verdict == LM_BFD_VERDICT_UP)
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': BFD session to %s "
				   "is up, transmit interval %s, detection time %s", name,
				   addr, tx, detect);
	}
	else if (old->verdict != now->verdict || (old->why != now->why &&
			 now->verdict == LM_BFD_VERDICT_DOWN))
	{
		lm_out_log(out, LM_LOG_CFG, 1, "link-monitor '%s': BFD session to %s "
				   "is down: %s", name, addr,
				   lm_bfd_why_fmt(now, why, sizeof(why)));
	}
	else if (now->state == LM_BFD_UP &&
			 (old->tx_us != now->tx_us || old->detect_us != now->detect_us))
	{
		lm_out_log(out, LM_LOG_CFG, 2, "link-monitor '%s': BFD session to %s: "
				   "transmit interval %s, detection time %s", name, addr, tx,
				   detect);
	}
}

void lm_sessions_report(lm_engine_t *this, const lm_bfd_report_t *report,
						uint64_t now, lm_out_t *out)
{
	lm_entry_t *entry = this->idents[report->ident];
	lm_bfd_info_t old = { .state = LM_BFD_DOWN };
	lm_server_t *srv;
	int server;

	if (!entry || entry->mon->token != report->token || !entry->sessions ||
		entry->session_gen != report->gen ||
		entry->mon->cfg->protocol != LM_PROTO_BFD)
	{
		/* a late report of sessions stopped or replaced */
		return;
	}
	server = lm_monitor_find_server(entry->mon, &report->server);
	if (server < 0)
	{
		return;
	}
	srv = &entry->mon->servers[server];
	if (!srv->bfd)
	{
		srv->bfd = calloc(1, sizeof(*srv->bfd));
		if (!srv->bfd)
		{
			return;
		}
		*srv->bfd = old;
	}
	old = *srv->bfd;
	*srv->bfd = report->info;
	lm_engine_keep_history(this, entry, now);
	log_report(entry, &old, &report->info, &report->server, out);
	if (old.verdict != report->info.verdict &&
		report->info.verdict != LM_BFD_VERDICT_NONE)
	{
		lm_react_changed(this, entry, lm_monitor_session(entry->mon, server,
							report->info.verdict == LM_BFD_VERDICT_UP, now),
						 now, out);
		lm_engine_update_timer(this, entry, out);
	}
}
