/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_scrape_parse() on the HTTP requests linkmon exporter reads from
 * the network: the input is the request received so far.
 */

#include <errno.h>
#include <string.h>

#include "lm_scrape.h"

#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lm_scrape_t req;
	uint8_t *copy;
	int err;

	/* exactly the bytes received, no terminator to lean on */
	copy = fuzz_dup(data, size);
	if (!copy && size)
	{
		return 0;
	}
	err = lm_scrape_parse((const char*)copy, size, &req);
	if (!err)
	{
		CHECK(req.path[0] == '/');
		CHECK(memchr(req.path, '\0', sizeof(req.path)) != NULL);
	}
	else
	{
		CHECK(err == EAGAIN || err == EBADMSG || err == EOPNOTSUPP ||
					err == EMSGSIZE);
	}
	free(copy);
	return 0;
}
