/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* mremap() */
#endif

#include "lm_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

/**
 * Buffers from this size on are mapped: freeing one gives its memory back
 * at once. glibc serves them from the thread's arena once it freed a mapped
 * chunk, and keeps a thread arena's top resident even after malloc_trim(), so
 * a daemon rendering a megabyte of status on any of its threads would keep a
 * megabyte per thread.
 */
#define MAP_MIN (128 * 1024)

/**
 * Grow the storage of a buffer to cap bytes.
 */
static char *grow(lm_buf_t *buf, size_t cap)
{
	char *data;

	if (cap < MAP_MIN)
	{
		return realloc(buf->data, cap);
	}
	if (buf->cap >= MAP_MIN)
	{
		data = mremap(buf->data, buf->cap, cap, MREMAP_MAYMOVE);
		return data == MAP_FAILED ? NULL : data;
	}
	data = mmap(NULL, cap, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);
	if (data == MAP_FAILED)
	{
		return NULL;
	}
	if (buf->data)
	{
		memcpy(data, buf->data, buf->len + 1);
		free(buf->data);
	}
	return data;
}

/**
 * Make room for at least add more bytes plus the terminator.
 */
static bool reserve(lm_buf_t *buf, size_t add)
{
	size_t cap;
	char *data;

	if (buf->failed)
	{
		return false;
	}
	if (buf->len + add + 1 <= buf->cap)
	{
		return true;
	}
	cap = buf->cap ? buf->cap : 256;
	while (cap < buf->len + add + 1)
	{
		cap *= 2;
	}
	data = grow(buf, cap);
	if (!data)
	{
		buf->failed = true;
		return false;
	}
	buf->data = data;
	buf->cap = cap;
	return true;
}

void lm_buf_printf(lm_buf_t *buf, const char *fmt, ...)
{
	va_list args;
	int len;

	if (buf->failed)
	{
		return;
	}
	/* usually it fits: format once */
	va_start(args, fmt);
	len = vsnprintf(buf->data ? buf->data + buf->len : NULL,
					buf->data ? buf->cap - buf->len : 0, fmt, args);
	va_end(args);
	if (len < 0)
	{
		return;
	}
	if (!buf->data || buf->len + len + 1 > buf->cap)
	{
		if (!reserve(buf, len))
		{
			if (buf->data)
			{
				buf->data[buf->len] = '\0';
			}
			return;
		}
		va_start(args, fmt);
		vsnprintf(buf->data + buf->len, buf->cap - buf->len, fmt, args);
		va_end(args);
	}
	buf->len += len;
}

void lm_buf_append(lm_buf_t *buf, const void *data, size_t len)
{
	if (!reserve(buf, len))
	{
		return;
	}
	memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	buf->data[buf->len] = '\0';
}

void lm_buf_json_str(lm_buf_t *buf, const char *str)
{
	const unsigned char *c, *run;

	lm_buf_append(buf, "\"", 1);
	/* runs of characters that need no escape are copied at once */
	for (c = run = (const unsigned char*)str; *c; c++)
	{
		if (*c >= 0x20 && *c != '"' && *c != '\\')
		{
			continue;
		}
		lm_buf_append(buf, run, c - run);
		run = c + 1;
		switch (*c)
		{
			case '"':
				lm_buf_append(buf, "\\\"", 2);
				break;
			case '\\':
				lm_buf_append(buf, "\\\\", 2);
				break;
			case '\n':
				lm_buf_append(buf, "\\n", 2);
				break;
			case '\r':
				lm_buf_append(buf, "\\r", 2);
				break;
			case '\t':
				lm_buf_append(buf, "\\t", 2);
				break;
			default:
				lm_buf_printf(buf, "\\u%04x", *c);
				break;
		}
	}
	lm_buf_append(buf, run, c - run);
	lm_buf_append(buf, "\"", 1);
}

const char *lm_buf_str(lm_buf_t *buf)
{
	return buf->data ? buf->data : "";
}

bool lm_buf_failed(lm_buf_t *buf)
{
	return buf->failed;
}

void lm_buf_free(lm_buf_t *buf)
{
	if (buf->cap >= MAP_MIN)
	{
		munmap(buf->data, buf->cap);
	}
	else
	{
		free(buf->data);
	}
	*buf = (lm_buf_t){};
}
