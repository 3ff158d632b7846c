/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_scrape lm_scrape
 * @{ @ingroup liblinkmon
 *
 * The HTTP requests `linkmon exporter` answers: a Prometheus scrape (GET
 * or HEAD of a path) and whether its Accept header asks for OpenMetrics.
 * Anything else is refused.
 */

#ifndef LM_SCRAPE_H_
#define LM_SCRAPE_H_

#include <stdbool.h>
#include <stddef.h>

/** largest request accepted, headers included */
#define LM_SCRAPE_MAX 8192

/**
 * A parsed request.
 */
typedef struct {
	/** HEAD: the headers only */
	bool head;
	/** path, without the query */
	char path[128];
	/** the Accept header asks for application/openmetrics-text */
	bool openmetrics;
} lm_scrape_t;

/**
 * Parse a request received so far.
 *
 * @param buf		bytes received
 * @param len		their number
 * @param req		receives the request
 * @return			0 if complete; EAGAIN if the headers are not complete
 *					yet; EBADMSG if malformed (400); EOPNOTSUPP for a method
 *					other than GET and HEAD (405); EMSGSIZE for a path too
 *					long (414)
 */
int lm_scrape_parse(const char *buf, size_t len, lm_scrape_t *req);

#endif /** LM_SCRAPE_H_ @}*/
