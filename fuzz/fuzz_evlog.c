/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_evlog_parse() on event lines as the control socket answers them,
 * render what it accepts, and log it again: the same line comes back.
 */

#include <string.h>

#include "lm_evlog.h"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lm_transition_t tr;
	lm_evlog_t *log;
	lm_buf_t buf = {};
	lm_evrec_t rec, again;
	char *line;

	line = fuzz_strdup(data, size);
	if (!line)
	{
		return 0;
	}
	if (lm_evlog_parse(line, &rec))
	{
		lm_evlog_text(&rec, &buf);
		lm_evlog_json(&rec, &buf);
		lm_buf_free(&buf);
		tr = (lm_transition_t){
			.type = rec.type,
			.monitor = rec.monitor[0] ? rec.monitor : NULL,
			.from = rec.from,
			.to = rec.to,
		};
		memcpy(tr.detail, rec.detail, sizeof(tr.detail));
		log = lm_evlog_create(2);
		CHECK(log);
		lm_evlog_add(log, &tr, rec.time_ns);
		lm_evlog_write(log, &buf, 0, NULL);
		CHECK(lm_evlog_parse(lm_buf_str(&buf), &again));
		CHECK(again.type == rec.type && again.time_ns == rec.time_ns &&
			  again.from == rec.from && again.to == rec.to);
		CHECK(strcmp(again.monitor, rec.monitor) == 0);
		lm_evlog_destroy(log);
	}
	lm_buf_free(&buf);
	free(line);
	return 0;
}
