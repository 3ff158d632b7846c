/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Helpers shared by the libFuzzer targets in this directory.
 */

#ifndef FUZZ_COMMON_H_
#define FUZZ_COMMON_H_

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/**
 * Abort (so libFuzzer saves the input) if an invariant does not hold.
 */
#define CHECK(cond) do { \
	if (!(cond)) \
	{ \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, \
				#cond); \
		abort(); \
	} \
} while (0)

/**
 * Copy bytes into a heap buffer of exactly len bytes, so that AddressSanitizer
 * reports any read past the end.
 *
 * @return			copy (possibly NULL if len is 0), free() it
 */
static inline uint8_t *fuzz_dup(const uint8_t *data, size_t len)
{
	uint8_t *copy = malloc(len);

	if (copy && len)
	{
		memcpy(copy, data, len);
	}
	return copy;
}

/**
 * Copy bytes into a NUL terminated heap string of exactly len + 1 bytes.
 * Embedded NULs end the string early, as they would for any C caller.
 *
 * @return			copy, NULL on allocation failure, free() it
 */
static inline char *fuzz_strdup(const uint8_t *data, size_t len)
{
	char *copy = malloc(len + 1);

	if (copy)
	{
		if (len)
		{
			memcpy(copy, data, len);
		}
		copy[len] = '\0';
	}
	return copy;
}

/**
 * Read a big-endian 16-bit value.
 */
static inline uint16_t fuzz_get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

/**
 * Write a big-endian 16-bit value.
 */
static inline void fuzz_put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

#endif /* FUZZ_COMMON_H_ */
