/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE
#include "lm_scrape.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/**
 * End of the headers: the index after the blank line, 0 if none yet.
 */
static size_t headers_end(const char *buf, size_t len)
{
	const char *crlf = memmem(buf, len, "\r\n\r\n", 4);
	const char *lf = memmem(buf, len, "\n\n", 2);

	if (crlf && (!lf || crlf < lf))
	{
		return crlf - buf + 4;
	}
	return lf ? (size_t)(lf - buf + 2) : 0;
}

/**
 * The request line: METHOD SP TARGET SP HTTP/1.x.
 */
static int request_line(const char *line, size_t len, lm_scrape_t *req)
{
	const char *sp1, *sp2, *end = line + len, *q;

	sp1 = memchr(line, ' ', len);
	if (!sp1)
	{
		return EBADMSG;
	}
	sp2 = memchr(sp1 + 1, ' ', end - sp1 - 1);
	if (!sp2 || sp2 == sp1 + 1 || sp1[1] != '/' ||
		end - sp2 - 1 != 8 || strncmp(sp2 + 1, "HTTP/1.", 7) != 0 ||
		(sp2[8] != '0' && sp2[8] != '1'))
	{
		return EBADMSG;
	}
	q = memchr(sp1 + 1, '?', sp2 - sp1 - 1) ?: sp2;
	if ((size_t)(q - sp1 - 1) >= sizeof(req->path))
	{
		return EMSGSIZE;
	}
	memcpy(req->path, sp1 + 1, q - sp1 - 1);
	req->path[q - sp1 - 1] = '\0';
	if (sp1 - line == 4 && strncmp(line, "HEAD", 4) == 0)
	{
		req->head = true;
		return 0;
	}
	return sp1 - line == 3 && strncmp(line, "GET", 3) == 0 ? 0 : EOPNOTSUPP;
}

/**
 * A header line: notes an Accept asking for OpenMetrics.
 */
static int header_line(const char *line, size_t len, lm_scrape_t *req)
{
	static const char om[] = "application/openmetrics-text";
	const char *colon = memchr(line, ':', len);
	char value[512];
	size_t vlen;

	if (!colon || colon == line)
	{
		return EBADMSG;
	}
	if (colon - line == 6 && strncasecmp(line, "accept", 6) == 0)
	{
		vlen = line + len - colon - 1;
		vlen = vlen < sizeof(value) ? vlen : sizeof(value) - 1;
		memcpy(value, colon + 1, vlen);
		value[vlen] = '\0';
		req->openmetrics |= strcasestr(value, om) != NULL;
	}
	return 0;
}

int lm_scrape_parse(const char *buf, size_t len, lm_scrape_t *req)
{
	size_t end = headers_end(buf, len), pos = 0, n;
	const char *nl;
	int err;

	memset(req, 0, sizeof(*req));
	if (!end)
	{
		return len >= LM_SCRAPE_MAX ? EBADMSG : EAGAIN;
	}
	if (memchr(buf, '\0', end))
	{
		return EBADMSG;
	}
	while (pos < end)
	{
		nl = memchr(buf + pos, '\n', end - pos);
		n = nl - (buf + pos);
		if (n && buf[pos + n - 1] == '\r')
		{
			n--;
		}
		if (!n)
		{
			/* the blank line, but not before the request line */
			return pos ? 0 : EBADMSG;
		}
		err = pos ? header_line(buf + pos, n, req) :
					request_line(buf + pos, n, req);
		if (err)
		{
			return err;
		}
		pos = nl - buf + 1;
	}
	return 0;
}
