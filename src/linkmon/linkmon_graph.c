/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "linkmon_graph.h"
#include "linkmon_args.h"
#include "linkmon_history.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cairo.h>
#include <cairo-svg.h>

/** width of the image, px */
#define WIDTH 1000
/** height of a server's panel, px */
#define PANEL 260
/** space above the panels (title, legend), px */
#define TOP 70
/** margins of a panel's plot area, px */
#define LEFT 70
#define RIGHT 70
#define PAD_TOP 28
#define PAD_BOTTOM 42

/**
 * What is drawn.
 */
typedef struct {
	/** the history */
	lm_histdata_t *d;
	/** the level drawn */
	lm_hlevel_t *l;
	/** the monitor's events */
	lm_evrec_t *events;
	int nevents;
	/** time range, wall clock seconds */
	double t0, t1;
	/** latency and jitter axis maximum, ms */
	double ymax;
	/** cairo context */
	cairo_t *cr;
	/** plot area of the current panel */
	double x, y, w, h;
} graph_t;

/**
 * A color.
 */
static void rgba(cairo_t *cr, unsigned rgb, double alpha)
{
	cairo_set_source_rgba(cr, (rgb >> 16) / 255.0, ((rgb >> 8) & 255) / 255.0,
						  (rgb & 255) / 255.0, alpha);
}

/** colors of the series */
#define C_LAT 0x1f5fbf
#define C_JIT 0x2a9d3a
#define C_LOSS 0xe08a1e
#define C_DEAD 0xd62728
#define C_ALIVE 0x2ca02c
#define C_MOVE 0x8e44ad
#define C_GRID 0xdddddd
#define C_TEXT 0x222222

/**
 * Text at a point: align 0 left, 0.5 centered, 1 right of x.
 */
static void text(cairo_t *cr, double x, double y, double align,
				 const char *str)
{
	cairo_text_extents_t ext;

	cairo_text_extents(cr, str, &ext);
	cairo_move_to(cr, x - align * ext.x_advance, y);
	cairo_show_text(cr, str);
}

/**
 * Text rotated by 90 degrees counterclockwise, centered at a point.
 */
static void text_up(cairo_t *cr, double x, double y, const char *str)
{
	cairo_save(cr);
	cairo_translate(cr, x, y);
	cairo_rotate(cr, -M_PI / 2);
	text(cr, 0, 0, 0.5, str);
	cairo_restore(cr);
}

/**
 * A step of 1, 2 or 5 times a power of ten giving about n ticks up to max.
 */
static double nice_step(double max, int n)
{
	double raw = max / n, p = pow(10, floor(log10(raw)));

	return raw / p < 1.5 ? p : raw / p < 3.5 ? 2 * p : raw / p < 7.5 ?
		   5 * p : 10 * p;
}

/**
 * A time step in seconds giving at most about 10 ticks over a span.
 */
static double time_step(double span)
{
	static const double steps[] = {
		1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200,
		10800, 21600, 43200, 86400,
	};
	int i;

	for (i = 0; i < (int)(sizeof(steps) / sizeof(steps[0])) - 1; i++)
	{
		if (span / steps[i] <= 10)
		{
			break;
		}
	}
	return steps[i];
}

static double xpos(graph_t *g, double t)
{
	return g->x + (t - g->t0) / (g->t1 - g->t0) * g->w;
}

static double ypos(graph_t *g, double ms)
{
	return g->y + g->h - ms / g->ymax * g->h;
}

static double ypos_loss(graph_t *g, double percent)
{
	return g->y + g->h - percent / 100.0 * g->h;
}

/**
 * The axes of a panel: grid, tick labels, titles.
 */
static void axes(graph_t *g, const char *title)
{
	cairo_t *cr = g->cr;
	double v, step = nice_step(g->ymax, 5), t, ts;
	const char *fmt = g->t1 - g->t0 <= 300 ? "%H:%M:%S" : "%H:%M";
	char label[32];
	struct tm tm = {};
	time_t tt;

	cairo_set_font_size(cr, 11);
	cairo_set_line_width(cr, 1);
	for (v = 0; v <= g->ymax + step / 1000; v += step)
	{
		rgba(cr, C_GRID, 1);
		cairo_move_to(cr, g->x, ypos(g, v));
		cairo_line_to(cr, g->x + g->w, ypos(g, v));
		cairo_stroke(cr);
		rgba(cr, C_TEXT, 1);
		snprintf(label, sizeof(label), "%g", v);
		text(cr, g->x - 6, ypos(g, v) + 4, 1, label);
	}
	for (v = 0; v <= 100; v += 25)
	{
		snprintf(label, sizeof(label), "%g", v);
		text(cr, g->x + g->w + 6, ypos_loss(g, v) + 4, 0, label);
	}
	ts = time_step(g->t1 - g->t0);
	for (t = ceil(g->t0 / ts) * ts; t <= g->t1; t += ts)
	{
		tt = t;
		localtime_r(&tt, &tm);
		strftime(label, sizeof(label), fmt, &tm);
		text(cr, xpos(g, t), g->y + g->h + 15, 0.5, label);
		rgba(cr, C_GRID, 1);
		cairo_move_to(cr, xpos(g, t), g->y);
		cairo_line_to(cr, xpos(g, t), g->y + g->h);
		cairo_stroke(cr);
		rgba(cr, C_TEXT, 1);
	}
	text(cr, g->x + g->w / 2, g->y + g->h + 32, 0.5, "time (local)");
	text_up(cr, g->x - 48, g->y + g->h / 2, "latency, jitter (ms)");
	text_up(cr, g->x + g->w + 45, g->y + g->h / 2, "loss (%)");
	cairo_set_font_size(cr, 13);
	text(cr, g->x, g->y - 10, 0, title);
	cairo_rectangle(cr, g->x, g->y, g->w, g->h);
	cairo_stroke(cr);
}

/**
 * Buckets in which the server was dead, shaded; its loss as bars.
 */
static void dead_and_loss(graph_t *g, int server)
{
	double step = g->l->step, x0, x1;
	const lm_hpoint_t *p;
	int r;

	for (r = 0; r < g->l->count; r++)
	{
		p = &g->l->rows[r].servers[server];
		x0 = xpos(g, fmax(g->l->rows[r].start, g->t0));
		x1 = xpos(g, fmin(g->l->rows[r].start + step, g->t1));
		if (x1 <= x0)
		{
			continue;
		}
		if (p->dead)
		{
			rgba(g->cr, C_DEAD, 0.10);
			cairo_rectangle(g->cr, x0, g->y, x1 - x0, g->h);
			cairo_fill(g->cr);
		}
		if (p->sent && p->received < p->sent)
		{
			rgba(g->cr, C_LOSS, 0.75);
			cairo_rectangle(g->cr, x0 + (x1 - x0) * 0.1,
							ypos_loss(g, lm_histdata_loss(p)),
							(x1 - x0) * 0.8, g->y + g->h -
							ypos_loss(g, lm_histdata_loss(p)));
			cairo_fill(g->cr);
		}
	}
}

/**
 * A series as a line through the buckets' middles, broken where a bucket
 * has no value.
 *
 * @param jitter	jitter instead of latency
 */
static void series(graph_t *g, int server, bool jitter, unsigned color)
{
	const lm_hpoint_t *p;
	bool drawing = false, valid;
	double t, v;
	int r;

	rgba(g->cr, color, 1);
	cairo_set_line_width(g->cr, 1.8);
	for (r = 0; r < g->l->count; r++)
	{
		p = &g->l->rows[r].servers[server];
		t = g->l->rows[r].start + g->l->step / 2.0;
		valid = (jitter ? p->has_jitter : p->received > 0) && t >= g->t0;
		v = (jitter ? p->jit_avg : p->lat_avg) / 1000.0;
		if (!valid)
		{
			drawing = false;
			continue;
		}
		if (drawing)
		{
			cairo_line_to(g->cr, xpos(g, fmin(t, g->t1)), ypos(g, v));
		}
		else
		{
			cairo_move_to(g->cr, xpos(g, fmin(t, g->t1)), ypos(g, v));
			/* a lone point still shows */
			cairo_rel_line_to(g->cr, 0.5, 0);
		}
		drawing = true;
	}
	cairo_stroke(g->cr);
}

/**
 * The latency's min..max range as a light band.
 */
static void band(graph_t *g, int server)
{
	const lm_hpoint_t *p;
	double x0, x1;
	int r;

	rgba(g->cr, C_LAT, 0.18);
	for (r = 0; r < g->l->count; r++)
	{
		p = &g->l->rows[r].servers[server];
		x0 = xpos(g, fmax(g->l->rows[r].start, g->t0));
		x1 = xpos(g, fmin(g->l->rows[r].start + g->l->step, g->t1));
		if (!p->received || x1 <= x0)
		{
			continue;
		}
		cairo_rectangle(g->cr, x0, ypos(g, p->lat_max / 1000.0), x1 - x0,
						ypos(g, p->lat_min / 1000.0) -
						ypos(g, p->lat_max / 1000.0));
	}
	cairo_fill(g->cr);
}

/**
 * State changes and failovers as vertical lines with a word.
 */
static void markers(graph_t *g)
{
	const lm_evrec_t *e;
	const char *word;
	double t, dash = 4;
	unsigned color;
	int i;

	cairo_set_font_size(g->cr, 10);
	for (i = 0; i < g->nevents; i++)
	{
		e = &g->events[i];
		t = e->time_ns / 1e9;
		if (t < g->t0 || t > g->t1 ||
			(e->type != LM_TR_STATE && e->type != LM_TR_FAILOVER))
		{
			continue;
		}
		word = e->type == LM_TR_FAILOVER ? "failover" :
			   lm_state_name(e->to);
		color = e->type == LM_TR_FAILOVER ? C_MOVE :
				e->to == LM_STATE_DEAD ? C_DEAD : C_ALIVE;
		rgba(g->cr, color, 0.9);
		cairo_set_line_width(g->cr, 1.5);
		cairo_set_dash(g->cr, &dash, e->type == LM_TR_FAILOVER ? 0 : 1, 0);
		cairo_move_to(g->cr, xpos(g, t), g->y);
		cairo_line_to(g->cr, xpos(g, t), g->y + g->h);
		cairo_stroke(g->cr);
		cairo_set_dash(g->cr, NULL, 0, 0);
		text(g->cr, xpos(g, t) + 3, g->y + 11 +
			 (e->type == LM_TR_FAILOVER ? 12 : 0), 0, word);
	}
}

/**
 * One server's panel.
 */
static void panel(graph_t *g, int server)
{
	char title[128];

	g->x = LEFT;
	g->y = TOP + server * PANEL + PAD_TOP;
	g->w = WIDTH - LEFT - RIGHT;
	g->h = PANEL - PAD_TOP - PAD_BOTTOM;
	snprintf(title, sizeof(title), "server %s (%s)", g->d->servers[server],
			 g->d->protocols[server]);
	dead_and_loss(g, server);
	band(g, server);
	series(g, server, true, C_JIT);
	series(g, server, false, C_LAT);
	markers(g);
	axes(g, title);
}

/**
 * A legend item: a swatch and its text; returns the x after it.
 */
static double legend_item(cairo_t *cr, double x, double y, unsigned color,
						  double alpha, bool line, const char *str)
{
	cairo_text_extents_t ext;

	rgba(cr, color, alpha);
	if (line)
	{
		cairo_set_line_width(cr, 2.5);
		cairo_move_to(cr, x, y - 4);
		cairo_line_to(cr, x + 18, y - 4);
		cairo_stroke(cr);
	}
	else
	{
		cairo_rectangle(cr, x, y - 10, 18, 10);
		cairo_fill(cr);
	}
	rgba(cr, C_TEXT, 1);
	cairo_text_extents(cr, str, &ext);
	text(cr, x + 23, y, 0, str);
	return x + 23 + ext.x_advance + 18;
}

/**
 * Title and legend.
 */
static void head(graph_t *g, const char *since)
{
	cairo_t *cr = g->cr;
	char title[160];
	double x = LEFT;

	rgba(cr, C_TEXT, 1);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
						   CAIRO_FONT_WEIGHT_BOLD);
	cairo_set_font_size(cr, 16);
	snprintf(title, sizeof(title), "Link monitor %s: %u s buckets, %s "
			 "(now %s)", g->d->name, g->l->step, since,
			 lm_state_name(g->d->state));
	text(cr, LEFT, 26, 0, title);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
						   CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 11);
	x = legend_item(cr, x, 52, C_LAT, 1, true, "latency avg");
	x = legend_item(cr, x, 52, C_LAT, 0.25, false, "latency min-max");
	x = legend_item(cr, x, 52, C_JIT, 1, true, "jitter avg");
	x = legend_item(cr, x, 52, C_LOSS, 0.75, false, "loss (%, right axis)");
	x = legend_item(cr, x, 52, C_DEAD, 0.15, false, "server dead");
	x = legend_item(cr, x, 52, C_DEAD, 0.9, true, "-> dead");
	x = legend_item(cr, x, 52, C_ALIVE, 0.9, true, "-> alive");
	legend_item(cr, x, 52, C_MOVE, 0.9, true, "failover");
}

/**
 * The latency axis' maximum: the largest latency or jitter, rounded up.
 */
static void scale(graph_t *g)
{
	const lm_hpoint_t *p;
	double step;
	int r, i;

	g->ymax = 0;
	for (r = 0; r < g->l->count; r++)
	{
		for (i = 0; i < g->d->nservers; i++)
		{
			p = &g->l->rows[r].servers[i];
			if (p->received && g->l->rows[r].start + g->l->step >= g->t0)
			{
				g->ymax = fmax(g->ymax, p->lat_max / 1000.0);
			}
		}
	}
	g->ymax = g->ymax > 0 ? g->ymax * 1.1 : 1;
	step = nice_step(g->ymax, 5);
	g->ymax = ceil(g->ymax / step) * step;
}

/**
 * Draw everything onto a surface.
 */
static void draw(graph_t *g, cairo_surface_t *surface, const char *since)
{
	int i;

	g->cr = cairo_create(surface);
	cairo_set_source_rgb(g->cr, 1, 1, 1);
	cairo_paint(g->cr);
	scale(g);
	head(g, since);
	for (i = 0; i < g->d->nservers; i++)
	{
		panel(g, i);
	}
	cairo_destroy(g->cr);
}

/**
 * Render to a PNG or SVG file by its extension.
 *
 * @return			0, or the exit code 1 (error printed)
 */
static int render(graph_t *g, const char *file, const char *since)
{
	int height = TOP + PANEL * g->d->nservers;
	size_t len = strlen(file);
	cairo_surface_t *surface;
	cairo_status_t status;
	bool svg;

	svg = len > 4 && strcasecmp(file + len - 4, ".svg") == 0;
	surface = svg ? cairo_svg_surface_create(file, WIDTH, height) :
			  cairo_image_surface_create(CAIRO_FORMAT_RGB24, WIDTH, height);
	draw(g, surface, since);
	status = svg ? CAIRO_STATUS_SUCCESS :
			 cairo_surface_write_to_png(surface, file);
	cairo_surface_finish(surface);
	if (status == CAIRO_STATUS_SUCCESS)
	{
		status = cairo_surface_status(surface);
	}
	cairo_surface_destroy(surface);
	if (status != CAIRO_STATUS_SUCCESS)
	{
		fprintf(stderr, "linkmon: writing %s failed: %s\n", file,
				cairo_status_to_string(status));
		return 1;
	}
	return 0;
}

int linkmon_graph(const char *uri, const char *name, int64_t ago,
				  const char *file, const char *since)
{
	lm_histdata_t d;
	graph_t g = { .d = &d };
	int ret, level;

	ret = linkmon_history_fetch(uri, name, time(NULL) - ago, &d);
	if (ret)
	{
		return ret;
	}
	ret = linkmon_events_fetch(uri, name, &g.events, &g.nevents);
	level = lm_histdata_pick(&d, d.now - ago);
	if (!ret && (level < 0 || !d.levels[level].count))
	{
		fprintf(stderr, "linkmon: '%s' has no history to draw\n", name);
		ret = 1;
	}
	if (!ret)
	{
		g.l = &d.levels[level];
		g.t1 = d.now;
		g.t0 = fmax(d.now - ago, g.l->rows[0].start);
		if (g.t1 - g.t0 < g.l->step)
		{
			g.t0 = g.t1 - g.l->step;
		}
		ret = render(&g, file, since);
	}
	free(g.events);
	lm_histdata_free(&d);
	return ret;
}
