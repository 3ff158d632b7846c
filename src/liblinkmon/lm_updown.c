/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_updown.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/** variables in the environment, without the terminating NULL */
#define ENV_COUNT 13

/**
 * Add "key=value" at the next free position; value NULL stands for "".
 */
static bool add(char **env, int *pos, const char *key, const char *value)
{
	size_t klen, vlen;
	char *entry;

	value = value ? value : "";
	klen = strlen(key);
	vlen = strlen(value);
	entry = malloc(klen + 1 + vlen + 1);
	if (!entry)
	{
		return false;
	}
	memcpy(entry, key, klen);
	entry[klen] = '=';
	memcpy(entry + klen + 1, value, vlen + 1);
	env[(*pos)++] = entry;
	return true;
}

/**
 * Comma separated server addresses.
 */
static char *servers(const lm_monitor_t *mon)
{
	char addr[LM_ADDR_STRLEN], *list;
	size_t len = 0, alen;
	int i;

	list = malloc(mon->cfg->server_count * (LM_ADDR_STRLEN + 1) + 1);
	if (!list)
	{
		return NULL;
	}
	list[0] = '\0';
	for (i = 0; i < mon->cfg->server_count; i++)
	{
		lm_addr_fmt(&mon->servers[i].addr, addr);
		alen = strlen(addr);
		if (i)
		{
			list[len++] = ',';
		}
		memcpy(list + len, addr, alen + 1);
		len += alen;
	}
	return list;
}

/**
 * The server whose statistics are reported: the first alive one, else the
 * first one; NULL without servers.
 */
static const lm_server_t *reported_server(const lm_monitor_t *mon)
{
	int i;

	for (i = 0; i < mon->cfg->server_count; i++)
	{
		if (mon->servers[i].fsm.state == LM_STATE_ALIVE)
		{
			return &mon->servers[i];
		}
	}
	return mon->cfg->server_count ? &mon->servers[0] : NULL;
}

char **lm_updown_env(const lm_monitor_t *mon, const lm_updown_event_t *event)
{
	char latency[32] = "", jitter[32] = "", loss[32] = "", mos[32] = "";
	const lm_server_t *srv;
	lm_summary_t s;
	char **env, *list;
	bool ok;
	int pos = 0;

	srv = reported_server(mon);
	if (srv)
	{
		lm_window_summary(&srv->window, mon->cfg->mos_codec, &s);
		if (s.received)
		{
			snprintf(latency, sizeof(latency), "%.3f", s.latency_avg);
		}
		if (s.jitter_samples)
		{
			snprintf(jitter, sizeof(jitter), "%.3f", s.jitter_avg);
		}
		if (s.samples)
		{
			snprintf(loss, sizeof(loss), "%.3f", s.loss_percent);
			snprintf(mos, sizeof(mos), "%.2f", s.mos);
		}
	}
	env = calloc(ENV_COUNT + 1, sizeof(char*));
	list = servers(mon);
	if (!env || !list)
	{
		free(env);
		free(list);
		return NULL;
	}
	ok = add(env, &pos, "LINKMON_NAME", mon->cfg->name) &&
		 add(env, &pos, "LINKMON_EVENT", event->event) &&
		 add(env, &pos, "LINKMON_STATE", lm_state_name(mon->state)) &&
		 add(env, &pos, "LINKMON_OLD_STATE", lm_state_name(event->old_state)) &&
		 add(env, &pos, "LINKMON_PROTOCOL", lm_proto_name(mon->cfg->protocol)) &&
		 add(env, &pos, "LINKMON_SERVERS", list) &&
		 add(env, &pos, "LINKMON_ACTIVE_PATH", event->active_path) &&
		 add(env, &pos, "LINKMON_ACTION", event->action) &&
		 add(env, &pos, "LINKMON_LATENCY_MS", latency) &&
		 add(env, &pos, "LINKMON_JITTER_MS", jitter) &&
		 add(env, &pos, "LINKMON_LOSS_PERCENT", loss) &&
		 add(env, &pos, "LINKMON_MOS", mos) &&
		 add(env, &pos, "PATH", LM_UPDOWN_PATH);
	free(list);
	if (!ok)
	{
		lm_updown_env_free(env);
		return NULL;
	}
	return env;
}

void lm_updown_env_free(char **env)
{
	int i;

	if (env)
	{
		for (i = 0; env[i]; i++)
		{
			free(env[i]);
		}
		free(env);
	}
}

char **lm_updown_env_dup(char *const *env)
{
	char **copy;
	int i, count = 0;

	while (env[count])
	{
		count++;
	}
	copy = calloc(count + 1, sizeof(char*));
	if (!copy)
	{
		return NULL;
	}
	for (i = 0; i < count; i++)
	{
		copy[i] = strdup(env[i]);
		if (!copy[i])
		{
			lm_updown_env_free(copy);
			return NULL;
		}
	}
	return copy;
}

const char *lm_updown_env_get(char *const *env, const char *key)
{
	size_t len = strlen(key);
	int i;

	for (i = 0; env[i]; i++)
	{
		if (strncmp(env[i], key, len) == 0 && env[i][len] == '=')
		{
			return env[i] + len + 1;
		}
	}
	return NULL;
}
