/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_stats.h"

#include <string.h>

void lm_window_init(lm_window_t *window, int size)
{
	memset(window, 0, sizeof(*window));
	if (size < 1)
	{
		size = 1;
	}
	if (size > LM_WINDOW_MAX)
	{
		size = LM_WINDOW_MAX;
	}
	window->size = size;
}

void lm_window_add(lm_window_t *window, int32_t rtt_us)
{
	window->rtt_us[window->pos] = rtt_us < 0 ? LM_RTT_LOST : rtt_us;
	window->pos = (window->pos + 1) % window->size;
	if (window->count < window->size)
	{
		window->count++;
	}
}

double lm_mos(double latency_ms, double jitter_ms, double loss_percent,
			  lm_codec_t codec)
{
	double d, id, ie, bpl, ie_eff, r, delay;

	switch (codec)
	{
		case LM_CODEC_G729:
			ie = 11.0;
			bpl = 19.0;
			delay = 25.0;
			break;
		case LM_CODEC_G711:
		default:
			ie = 0.0;
			bpl = 25.1;
			delay = 20.0;
			break;
	}
	if (loss_percent < 0.0)
	{
		loss_percent = 0.0;
	}
	if (loss_percent > 100.0)
	{
		loss_percent = 100.0;
	}
	d = latency_ms / 2.0 + 2.0 * jitter_ms + delay;
	id = 0.024 * d;
	if (d > 177.3)
	{
		id += 0.11 * (d - 177.3);
	}
	ie_eff = ie + (95.0 - ie) * loss_percent / (loss_percent + bpl);
	r = 93.2 - id - ie_eff;
	if (r <= 0.0)
	{
		return 1.0;
	}
	if (r >= 100.0)
	{
		return 4.5;
	}
	return 1.0 + 0.035 * r + 7e-6 * r * (r - 60.0) * (100.0 - r);
}

void lm_window_summary(const lm_window_t *window, lm_codec_t codec,
					   lm_summary_t *s)
{
	int i, idx, start;
	double rtt, prev = 0.0, diff, lat_sum = 0.0, jit_sum = 0.0;
	bool have_prev = false;

	memset(s, 0, sizeof(*s));
	s->samples = window->count;
	if (!window->count)
	{
		return;
	}
	/* oldest entry first, so jitter follows the order probes were sent */
	start = (window->pos + window->size - window->count) % window->size;
	for (i = 0; i < window->count; i++)
	{
		idx = (start + i) % window->size;
		if (window->rtt_us[idx] < 0)
		{
			continue;
		}
		rtt = window->rtt_us[idx] / 1000.0;
		if (s->received == 0 || rtt < s->latency_min)
		{
			s->latency_min = rtt;
		}
		if (s->received == 0 || rtt > s->latency_max)
		{
			s->latency_max = rtt;
		}
		lat_sum += rtt;
		s->received++;
		if (have_prev)
		{
			diff = rtt > prev ? rtt - prev : prev - rtt;
			if (s->jitter_samples == 0 || diff < s->jitter_min)
			{
				s->jitter_min = diff;
			}
			if (s->jitter_samples == 0 || diff > s->jitter_max)
			{
				s->jitter_max = diff;
			}
			jit_sum += diff;
			s->jitter_samples++;
		}
		prev = rtt;
		have_prev = true;
	}
	if (s->received)
	{
		s->latency_avg = lat_sum / s->received;
	}
	if (s->jitter_samples)
	{
		s->jitter_avg = jit_sum / s->jitter_samples;
	}
	s->loss_percent = 100.0 * (s->samples - s->received) / s->samples;
	if (s->received)
	{
		s->mos = lm_mos(s->latency_avg, s->jitter_avg, s->loss_percent, codec);
	}
	else
	{
		s->mos = 1.0;
	}
}
