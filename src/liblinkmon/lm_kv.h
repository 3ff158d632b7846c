/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_kv lm_kv
 * @{ @ingroup liblinkmon
 *
 * A neutral tree of sections and key/value pairs. The plugin fills it from
 * strongSwan's settings parser (so swanctl.conf syntax, includes and all, is
 * exactly swanctl's); tests and fuzzers fill it directly.
 */

#ifndef LM_KV_H_
#define LM_KV_H_

#include <stddef.h>

typedef struct lm_kv_t lm_kv_t;
typedef struct lm_kv_pair_t lm_kv_pair_t;

/**
 * A key/value pair.
 */
struct lm_kv_pair_t {
	/** key */
	char *key;
	/** value, never NULL */
	char *value;
};

/**
 * A section with pairs and subsections, in insertion order.
 */
struct lm_kv_t {
	/** section name */
	char *name;
	/** pairs */
	lm_kv_pair_t *pairs;
	/** number of pairs */
	size_t npairs;
	/** subsections */
	lm_kv_t **subs;
	/** number of subsections */
	size_t nsubs;
};

/**
 * Create an empty section.
 *
 * @param name		section name (copied)
 * @return			section, NULL on allocation failure
 */
lm_kv_t *lm_kv_create(const char *name);

/**
 * Add a key/value pair; an existing key is replaced.
 *
 * @return			0 on success, ENOMEM on allocation failure
 */
int lm_kv_set(lm_kv_t *kv, const char *key, const char *value);

/**
 * Get or add a subsection.
 *
 * @return			subsection, NULL on allocation failure
 */
lm_kv_t *lm_kv_section(lm_kv_t *kv, const char *name);

/**
 * Look up a value.
 *
 * @return			value, NULL if not set
 */
const char *lm_kv_get(const lm_kv_t *kv, const char *key);

/**
 * Destroy a section and everything below it.
 */
void lm_kv_destroy(lm_kv_t *kv);

#endif /** LM_KV_H_ @}*/
