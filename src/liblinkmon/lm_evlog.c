/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_evlog.h"
#include "lm_fsm.h"
#include "lm_ha.h"
#include "lm_json.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct lm_evlog_t {
	/** events, a ring */
	lm_evrec_t *recs;
	/** size of the ring */
	uint32_t size;
	/** sequence number of the next event */
	uint64_t next;
};

lm_evlog_t *lm_evlog_create(uint32_t size)
{
	lm_evlog_t *log;

	log = calloc(1, sizeof(*log));
	if (!log)
	{
		return NULL;
	}
	log->size = size ?: 1;
	log->next = 1;
	log->recs = calloc(log->size, sizeof(lm_evrec_t));
	if (!log->recs)
	{
		free(log);
		return NULL;
	}
	return log;
}

/**
 * Copy a string into a field, as one word-safe line: newlines and tabs
 * become spaces.
 */
static void copy_line(char *dst, size_t len, const char *src)
{
	size_t i;

	for (i = 0; src && src[i] && i + 1 < len; i++)
	{
		dst[i] = (src[i] == '\n' || src[i] == '\r' || src[i] == '\t') ?
				 ' ' : src[i];
	}
	dst[i] = '\0';
}

void lm_evlog_add(lm_evlog_t *log, const lm_transition_t *tr, int64_t wall_ns)
{
	lm_evrec_t *rec = &log->recs[(log->next - 1) % log->size];

	*rec = (lm_evrec_t){
		.seq = log->next++,
		.time_ns = wall_ns,
		.type = tr->type,
		.from = tr->from,
		.to = tr->to,
	};
	copy_line(rec->monitor, sizeof(rec->monitor), tr->monitor);
	/* names have no spaces, but "-" stands for none */
	if (strchr(rec->monitor, ' ') || strcmp(rec->monitor, "-") == 0)
	{
		rec->monitor[0] = '\0';
	}
	copy_line(rec->detail, sizeof(rec->detail), tr->detail);
}

void lm_evlog_write(lm_evlog_t *log, lm_buf_t *buf, uint64_t after,
					const char *monitor)
{
	uint64_t first = log->next > log->size ? log->next - log->size : 1, seq;
	lm_evrec_t *rec;

	if (after + 1 < first && after)
	{
		lm_buf_printf(buf, "lost %" PRIu64 "\n", first - after - 1);
	}
	for (seq = after + 1 > first ? after + 1 : first; seq < log->next; seq++)
	{
		rec = &log->recs[(seq - 1) % log->size];
		if (monitor && rec->monitor[0] && strcmp(rec->monitor, monitor))
		{
			continue;
		}
		lm_buf_printf(buf, "e %" PRIu64 " %" PRId64 " %s %u %u %s %s\n",
					  rec->seq, rec->time_ns, lm_tr_type_name(rec->type),
					  rec->from, rec->to, rec->monitor[0] ? rec->monitor : "-",
					  rec->detail);
	}
	lm_buf_printf(buf, "next %" PRIu64 "\n", log->next);
}

/**
 * Kind of transition by name.
 */
static bool parse_type(const char *name, lm_tr_type_t *type)
{
	int i;

	for (i = 0; i < LM_TR_COUNT; i++)
	{
		if (strcmp(lm_tr_type_name(i), name) == 0)
		{
			*type = i;
			return true;
		}
	}
	return false;
}

bool lm_evlog_parse(const char *line, lm_evrec_t *rec)
{
	char type[16], monitor[LM_MAX_NAME + 1];
	unsigned long long seq;
	long long time_ns;
	int n = 0;

	memset(rec, 0, sizeof(*rec));
	if (sscanf(line, "e %llu %lld %15s %u %u %48s %n", &seq, &time_ns, type,
			   &rec->from, &rec->to, monitor, &n) != 6 || !n ||
		!parse_type(type, &rec->type))
	{
		return false;
	}
	rec->seq = seq;
	rec->time_ns = time_ns;
	if (strcmp(monitor, "-"))
	{
		memcpy(rec->monitor, monitor, sizeof(rec->monitor));
	}
	line += n;
	n = strcspn(line, "\n");
	snprintf(rec->detail, sizeof(rec->detail), "%.*s", n, line);
	return true;
}

/**
 * A state of an event as a word.
 */
static const char *value_name(const lm_evrec_t *rec, uint32_t v)
{
	switch (rec->type)
	{
		case LM_TR_STATE:
		case LM_TR_ROUTES:
			return lm_state_name(v);
		case LM_TR_SLA:
			return v == LM_STATE_ALIVE ? "pass" :
				   v == LM_STATE_DEAD ? "fail" : "init";
		case LM_TR_HA_ROLE:
			return lm_ha_role_name(v);
		default:
			return NULL;
	}
}

void lm_evlog_text(const lm_evrec_t *rec, lm_buf_t *buf)
{
	time_t secs = rec->time_ns / 1000000000LL;
	const char *from = value_name(rec, rec->from);
	char when[64];
	struct tm tm = {};

	localtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	lm_buf_printf(buf, "%s.%03d %s %s", when,
				  (int)(rec->time_ns / 1000000 % 1000),
				  rec->monitor[0] ? rec->monitor : "-",
				  lm_tr_type_name(rec->type));
	if (from && rec->type != LM_TR_ROUTES)
	{
		lm_buf_printf(buf, " %s -> %s", from, value_name(rec, rec->to));
	}
	lm_buf_printf(buf, ": %s\n", rec->detail);
}

void lm_evlog_json(const lm_evrec_t *rec, lm_buf_t *buf)
{
	time_t secs = rec->time_ns / 1000000000LL;
	const char *from = value_name(rec, rec->from);
	char when[64], iso[80];
	lm_json_t json;
	struct tm tm = {};

	gmtime_r(&secs, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(iso, sizeof(iso), "%s.%03dZ", when,
			 (int)(rec->time_ns / 1000000 % 1000));
	lm_json_init(&json, buf);
	lm_json_object(&json, NULL);
	lm_json_uint(&json, "seq", rec->seq);
	lm_json_str(&json, "time", iso);
	lm_json_num(&json, "timestamp", 3, rec->time_ns / 1e9);
	lm_json_str(&json, "type", lm_tr_type_name(rec->type));
	lm_json_str(&json, "monitor", rec->monitor[0] ? rec->monitor : NULL);
	if (from && rec->type != LM_TR_ROUTES)
	{
		lm_json_str(&json, "from", from);
	}
	if (from)
	{
		lm_json_str(&json, "to", value_name(rec, rec->to));
	}
	else if (rec->type == LM_TR_HA)
	{
		lm_json_uint(&json, "value", rec->to);
	}
	lm_json_str(&json, "detail", rec->detail);
	lm_json_end(&json);
	lm_buf_printf(buf, "\n");
}

void lm_evlog_destroy(lm_evlog_t *log)
{
	if (log)
	{
		free(log->recs);
		free(log);
	}
}
