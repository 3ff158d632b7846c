/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_histdata.h"
#include "lm_json.h"
#include "lm_stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/**
 * Parsing state.
 */
typedef struct {
	/** the history */
	lm_histdata_t *d;
	/** the level being read, NULL before the first */
	lm_hlevel_t *level;
	/** the row being read, NULL before its "m" line */
	lm_hrow_t *row;
	/** rows allocated in the level */
	int cap;
	/** the next row is the open one */
	bool open;
} parse_t;

/** latest time accepted, wall clock seconds (about year 36812) */
#define TIME_MAX (1LL << 40)

/**
 * A time, in range.
 */
static bool time_ok(long long t)
{
	return t >= 0 && t < TIME_MAX;
}

/**
 * A state number.
 */
static bool state_ok(int s)
{
	return s >= LM_STATE_INIT && s <= LM_STATE_DISABLED;
}

/**
 * "monitor NAME STATE CODEC" or "server I ADDR PROTOCOL" or "now SECONDS".
 */
static bool parse_head(parse_t *p, const char *line)
{
	lm_histdata_t *d = p->d;
	long long now;
	int state, codec, i;

	if (sscanf(line, "monitor %48s %d %d", d->name, &state, &codec) == 3)
	{
		d->state = state;
		d->codec = codec;
		return state_ok(state) && (codec == LM_CODEC_G711 ||
								   codec == LM_CODEC_G729);
	}
	if (sscanf(line, "now %lld", &now) == 1)
	{
		d->now = now;
		return time_ok(now);
	}
	if (sscanf(line, "server %d", &i) == 1 && i == d->nservers &&
		i < LM_MAX_SERVERS &&
		sscanf(line, "server %*d %45s %15s", d->servers[i],
			   d->protocols[i]) == 2)
	{
		d->nservers++;
		return true;
	}
	return false;
}

/**
 * "level STEP SIZE": a new level.
 */
static bool parse_level(parse_t *p, const char *line)
{
	unsigned step, size;

	if (sscanf(line, "level %u %u", &step, &size) != 2 || !step ||
		step > LM_HISTORY_MAX_STEP || size > LM_HISTORY_MAX_COUNT ||
		p->d->nlevels >= LM_HISTORY_LEVELS)
	{
		return false;
	}
	p->level = &p->d->levels[p->d->nlevels++];
	p->level->step = step;
	p->level->size = size;
	p->row = NULL;
	p->cap = 0;
	p->open = false;
	return true;
}

/**
 * "m START STATE CHANGED DEAD": a new row.
 */
static bool parse_row(parse_t *p, const char *line)
{
	lm_hlevel_t *l = p->level;
	int state, changed, dead;
	lm_hrow_t *more;
	long long start;

	if (!l || sscanf(line, "m %lld %d %d %d", &start, &state, &changed,
					 &dead) != 4 || !state_ok(state) || !time_ok(start))
	{
		return false;
	}
	if (l->count == p->cap)
	{
		p->cap = p->cap ? p->cap * 2 : 64;
		more = realloc(l->rows, p->cap * sizeof(*more));
		if (!more)
		{
			return false;
		}
		l->rows = more;
	}
	p->row = &l->rows[l->count++];
	*p->row = (lm_hrow_t){
		.start = start,
		.open = p->open,
		.state = state,
		.changed = changed,
		.dead = dead,
	};
	return true;
}

/**
 * Three values in us, or "- - -".
 */
static int parse_triple(const char *s, uint32_t *a, uint32_t *b, uint32_t *c,
						bool *valid)
{
	int n = 0;

	if (sscanf(s, "%u %u %u %n", a, b, c, &n) == 3 && n)
	{
		*valid = true;
		return n;
	}
	n = 0;
	sscanf(s, "- - - %n", &n);
	*valid = false;
	return n;
}

/**
 * "s SERVER START SENT RECEIVED LAT*3 JIT*3 STATE CHANGED DEAD".
 */
static bool parse_server(parse_t *p, const char *line)
{
	int i, n = 0, m, state, changed, dead;
	long long start;
	lm_hpoint_t pt = {};
	bool lat;

	if (!p->row || sscanf(line, "s %d %lld %u %u %n", &i, &start, &pt.sent,
						  &pt.received, &n) != 4 || !n ||
		i < 0 || i >= p->d->nservers || start != p->row->start ||
		pt.received > pt.sent)
	{
		return false;
	}
	line += n;
	m = parse_triple(line, &pt.lat_min, &pt.lat_avg, &pt.lat_max, &lat);
	if (!m || lat != (pt.received > 0))
	{
		return false;
	}
	line += m;
	m = parse_triple(line, &pt.jit_min, &pt.jit_avg, &pt.jit_max,
					 &pt.has_jitter);
	if (!m || sscanf(line + m, "%d %d %d", &state, &changed, &dead) != 3 ||
		!state_ok(state))
	{
		return false;
	}
	pt.state = state;
	pt.changed = changed;
	pt.dead = dead;
	p->row->servers[i] = pt;
	return true;
}

/**
 * One line.
 */
static bool parse_line(parse_t *p, const char *line)
{
	switch (line[0])
	{
		case 'm':
			return line[1] == ' ' ? parse_row(p, line) : parse_head(p, line);
		case 's':
			return line[1] == ' ' ? parse_server(p, line) :
									parse_head(p, line);
		case 'l':
			return parse_level(p, line);
		case 'o':
			p->open = p->level && strcmp(line, "open") == 0;
			return p->open;
		default:
			return parse_head(p, line);
	}
}

const char *lm_histdata_parse(const char *text, lm_histdata_t *d)
{
	parse_t p = { .d = d };
	char line[512];
	const char *end;
	size_t len;

	memset(d, 0, sizeof(*d));
	while (*text)
	{
		end = strchr(text, '\n');
		len = end ? (size_t)(end - text) : strlen(text);
		if (len >= sizeof(line))
		{
			return "line too long";
		}
		memcpy(line, text, len);
		line[len] = '\0';
		text += len + (end ? 1 : 0);
		if (len && !parse_line(&p, line))
		{
			return "malformed history";
		}
	}
	if (!d->name[0] || !d->nservers)
	{
		return "incomplete history";
	}
	return NULL;
}

int lm_histdata_pick(const lm_histdata_t *d, int64_t since)
{
	const lm_hlevel_t *l;
	int i;

	for (i = 0; i < d->nlevels; i++)
	{
		l = &d->levels[i];
		if ((int64_t)l->step * l->size >= d->now - since ||
			(uint32_t)l->count < l->size + 1)
		{
			return i;
		}
	}
	return d->nlevels - 1;
}

double lm_histdata_loss(const lm_hpoint_t *p)
{
	return p->sent ? 100.0 * (p->sent - p->received) / p->sent : 0.0;
}

double lm_histdata_mos(const lm_hpoint_t *p, lm_codec_t codec)
{
	if (!p->received)
	{
		return 0.0;
	}
	return lm_mos(p->lat_avg / 1000.0,
				  p->has_jitter ? p->jit_avg / 1000.0 : 0.0,
				  lm_histdata_loss(p), codec);
}

/**
 * Three values in ms, or dashes.
 */
static void text_triple(lm_buf_t *buf, bool valid, uint32_t a, uint32_t b,
						uint32_t c)
{
	if (valid)
	{
		lm_buf_printf(buf, "  %8.3f %8.3f %8.3f", a / 1000.0, b / 1000.0,
					  c / 1000.0);
	}
	else
	{
		lm_buf_printf(buf, "  %8s %8s %8s", "-", "-", "-");
	}
}

/**
 * A server's bucket as a table line.
 */
static void text_point(const lm_histdata_t *d, const lm_hrow_t *row, int i,
					   lm_buf_t *buf)
{
	const lm_hpoint_t *p = &row->servers[i];
	char when[32];
	struct tm tm = {};
	time_t t = row->start;

	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	lm_buf_printf(buf, "%s%c %-8s%c %-15s %6u %6u %7.3f", when,
				  row->open ? '*' : ' ', lm_state_name(p->state),
				  p->changed ? '!' : ' ', d->servers[i], p->sent, p->received,
				  lm_histdata_loss(p));
	text_triple(buf, p->received, p->lat_min, p->lat_avg, p->lat_max);
	text_triple(buf, p->has_jitter, p->jit_min, p->jit_avg, p->jit_max);
	if (p->received)
	{
		lm_buf_printf(buf, "  %4.2f\n", lm_histdata_mos(p, d->codec));
	}
	else
	{
		lm_buf_printf(buf, "  %4s\n", "-");
	}
}

void lm_histdata_text(const lm_histdata_t *d, int level, int64_t since,
					  lm_buf_t *buf)
{
	const lm_hlevel_t *l = &d->levels[level];
	int r, i;

	lm_buf_printf(buf, "Link Monitor: %s, Status: %s, %u s buckets (%u kept)"
				  "\n", d->name, lm_state_name(d->state), l->step, l->size);
	lm_buf_printf(buf, "%-20s %-9s %-15s %6s %6s %7s  %-26s  %-26s  %4s\n",
				  "start", "state", "server", "sent", "recv", "loss%",
				  "latency min/avg/max ms", "jitter min/avg/max ms", "MOS");
	for (r = 0; r < l->count; r++)
	{
		if (l->rows[r].start + (int64_t)l->step <= since)
		{
			continue;
		}
		for (i = 0; i < d->nservers; i++)
		{
			text_point(d, &l->rows[r], i, buf);
		}
	}
	lm_buf_printf(buf, "(* still open, ! state changed in the bucket)\n");
}

/**
 * Three values in ms as an object, null without.
 */
static void json_triple(lm_json_t *json, const char *key, bool valid,
						uint32_t a, uint32_t b, uint32_t c)
{
	if (!valid)
	{
		lm_json_null(json, key);
		return;
	}
	lm_json_object(json, key);
	lm_json_num(json, "min", 3, a / 1000.0);
	lm_json_num(json, "avg", 3, b / 1000.0);
	lm_json_num(json, "max", 3, c / 1000.0);
	lm_json_end(json);
}

/**
 * A bucket as a JSON object.
 */
static void json_row(const lm_histdata_t *d, const lm_hrow_t *row,
					 lm_json_t *json)
{
	const lm_hpoint_t *p;
	int i;

	lm_json_object(json, NULL);
	lm_json_int(json, "start", row->start);
	lm_json_bool(json, "open", row->open);
	lm_json_str(json, "state", lm_state_name(row->state));
	lm_json_bool(json, "changed", row->changed);
	lm_json_bool(json, "dead", row->dead);
	lm_json_array(json, "servers");
	for (i = 0; i < d->nservers; i++)
	{
		p = &row->servers[i];
		lm_json_object(json, NULL);
		lm_json_str(json, "address", d->servers[i]);
		lm_json_str(json, "state", lm_state_name(p->state));
		lm_json_bool(json, "changed", p->changed);
		lm_json_bool(json, "dead", p->dead);
		lm_json_uint(json, "sent", p->sent);
		lm_json_uint(json, "received", p->received);
		lm_json_num(json, "loss_percent", 3, lm_histdata_loss(p));
		json_triple(json, "latency_ms", p->received, p->lat_min, p->lat_avg,
					p->lat_max);
		json_triple(json, "jitter_ms", p->has_jitter, p->jit_min, p->jit_avg,
					p->jit_max);
		if (p->received)
		{
			lm_json_num(json, "mos", 2, lm_histdata_mos(p, d->codec));
		}
		else
		{
			lm_json_null(json, "mos");
		}
		lm_json_end(json);
	}
	lm_json_end(json);
	lm_json_end(json);
}

void lm_histdata_json(const lm_histdata_t *d, lm_buf_t *buf)
{
	lm_json_t json;
	int i, r;

	lm_json_init(&json, buf);
	lm_json_object(&json, NULL);
	lm_json_str(&json, "name", d->name);
	lm_json_str(&json, "state", lm_state_name(d->state));
	lm_json_str(&json, "mos_codec", lm_codec_name(d->codec));
	lm_json_int(&json, "now", d->now);
	lm_json_array(&json, "levels");
	for (i = 0; i < d->nlevels; i++)
	{
		lm_json_object(&json, NULL);
		lm_json_uint(&json, "step_s", d->levels[i].step);
		lm_json_uint(&json, "kept", d->levels[i].size);
		lm_json_array(&json, "buckets");
		for (r = 0; r < d->levels[i].count; r++)
		{
			json_row(d, &d->levels[i].rows[r], &json);
		}
		lm_json_end(&json);
		lm_json_end(&json);
	}
	lm_json_end(&json);
	lm_json_end(&json);
	lm_buf_printf(buf, "\n");
}

void lm_histdata_free(lm_histdata_t *d)
{
	int i;

	for (i = 0; i < LM_HISTORY_LEVELS; i++)
	{
		free(d->levels[i].rows);
		d->levels[i].rows = NULL;
	}
}
