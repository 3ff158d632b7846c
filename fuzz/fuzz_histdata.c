/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_histdata_parse() on a history as the control socket answers it,
 * and render what it accepts.
 */

#include <string.h>

#include "lm_histdata.h"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lm_histdata_t d;
	lm_buf_t buf = {};
	char *text;
	int i;

	text = fuzz_strdup(data, size);
	if (!text)
	{
		return 0;
	}
	if (!lm_histdata_parse(text, &d))
	{
		CHECK(d.nservers > 0 && d.nservers <= LM_MAX_SERVERS);
		CHECK(d.nlevels <= LM_HISTORY_LEVELS);
		for (i = 0; i < d.nlevels; i++)
		{
			lm_histdata_text(&d, i, 0, &buf);
		}
		lm_histdata_json(&d, &buf);
		CHECK(lm_histdata_pick(&d, d.now) < d.nlevels || !d.nlevels);
	}
	lm_histdata_free(&d);
	lm_buf_free(&buf);
	free(text);
	return 0;
}
