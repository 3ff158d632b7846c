/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * Fuzz lm_config_parse() with "monitors" trees built from a line format:
 *
 *   section.key=value   key of monitor "section"
 *   section.sub.key=value  key of subsection "sub" of "section" (an error)
 *   section.sub.name.key=value  key of subsection "name" of "sub", as the
 *                       entries of routes and servers; and so on, deeper
 *   section             empty monitor section
 *   section.sub         empty subsection
 *   key=value           key directly in "monitors" (an error)
 *
 * Lines end at '\n'; the input ends at the first NUL byte. Only the first
 * MAX_SECTIONS distinct section names create sections, later names are mapped
 * onto one of those, so that sections collect several keys. An empty input
 * stands for an absent "monitors" section.
 */

#include <stdbool.h>
#include <string.h>

#include "lm_config.h"
#include "lm_kv.h"
#include "lm_buf.h"

#include "fuzz_common.h"

/** most monitor sections created */
#define MAX_SECTIONS 4

/** file name reported in errors */
#define FILE_NAME "fuzz.conf"

/**
 * Get the section of a line, mapping new names onto existing sections once
 * MAX_SECTIONS exist.
 */
static lm_kv_t *get_section(lm_kv_t *root, const char *name)
{
	const char *c;
	size_t i, hash = 0;

	for (i = 0; i < root->nsubs; i++)
	{
		if (strcmp(root->subs[i]->name, name) == 0)
		{
			return root->subs[i];
		}
	}
	if (root->nsubs < MAX_SECTIONS)
	{
		return lm_kv_section(root, name);
	}
	for (c = name; *c; c++)
	{
		hash = hash * 31 + (unsigned char)*c;
	}
	return root->subs[hash % root->nsubs];
}

/**
 * Add one line to the tree. Allocation failures just drop the line.
 */
static void add_line(lm_kv_t *root, char *line)
{
	lm_kv_t *sec;
	char *value, *dot, *key;

	value = strchr(line, '=');
	if (value)
	{
		*value++ = '\0';
	}
	dot = strchr(line, '.');
	if (!dot)
	{
		if (value)
		{
			lm_kv_set(root, line, value);
		}
		else if (*line)
		{
			get_section(root, line);
		}
		return;
	}
	*dot = '\0';
	sec = get_section(root, line);
	if (!sec)
	{
		return;
	}
	key = dot + 1;
	if (!value)
	{
		if (*key)
		{
			lm_kv_section(sec, key);
		}
		return;
	}
	/* deeper subsections: routes.r1.key, servers.a.key */
	while (sec && (dot = strchr(key, '.')))
	{
		*dot = '\0';
		sec = lm_kv_section(sec, key);
		key = dot + 1;
	}
	if (!sec)
	{
		return;
	}
	lm_kv_set(sec, key, value);
}

/**
 * Build the tree from the input text.
 */
static lm_kv_t *build_tree(char *text)
{
	lm_kv_t *root;
	char *line, *eol;

	root = lm_kv_create("monitors");
	if (!root)
	{
		return NULL;
	}
	for (line = text; line; line = eol)
	{
		eol = strchr(line, '\n');
		if (eol)
		{
			*eol++ = '\0';
		}
		add_line(root, line);
	}
	return root;
}

/**
 * Exercise the accessors of a parsed configuration and check invariants.
 */
static void check_config(const lm_config_t *config, const lm_kv_t *root)
{
	lm_monitor_cfg_t *cfg, *clone;
	int i, j;

	CHECK(config->count >= 0);
	CHECK(root || config->count == 0);
	CHECK(!root || (size_t)config->count <= root->nsubs);
	CHECK(lm_config_find(config, "") == NULL);

	for (i = 0; i < config->count; i++)
	{
		cfg = config->monitors[i];
		CHECK(cfg && cfg->name && *cfg->name);
		CHECK(strlen(cfg->name) <= LM_MAX_NAME);
		CHECK(cfg->server_count >= 1 && cfg->server_count <= LM_MAX_SERVERS);
		CHECK(lm_config_find(config, cfg->name) == cfg);
		CHECK(strcmp(lm_proto_name(cfg->protocol), "unknown") != 0);
		CHECK(strcmp(lm_codec_name(cfg->mos_codec), "unknown") != 0);
		CHECK(cfg->protocol == LM_PROTO_PING ? cfg->port == 0 :
			  cfg->port != 0);
		lm_proto_default_port(cfg->protocol);

		clone = lm_monitor_cfg_clone(cfg);
		if (clone)
		{
			CHECK(lm_monitor_cfg_equals(cfg, clone));
			CHECK(lm_monitor_cfg_equals(clone, cfg));
			CHECK(lm_monitor_cfg_probe_equals(cfg, clone));
			CHECK(lm_monitor_cfg_probe_equals(clone, cfg));
			lm_monitor_cfg_destroy(clone);
		}
		for (j = 0; j < config->count; j++)
		{
			if (i != j)
			{
				/* names of one configuration differ, so never equal */
				CHECK(!lm_monitor_cfg_equals(cfg, config->monitors[j]));
				/* equality is symmetric */
				CHECK(lm_monitor_cfg_probe_equals(cfg, config->monitors[j]) ==
					  lm_monitor_cfg_probe_equals(config->monitors[j], cfg));
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	lm_buf_t errors = {};
	lm_config_t *config;
	lm_kv_t *root = NULL;
	char *text;

	text = fuzz_strdup(data, size);
	if (!text)
	{
		return 0;
	}
	if (*text)
	{
		root = build_tree(text);
		if (!root)
		{
			free(text);
			return 0;
		}
	}
	config = lm_config_parse(root, FILE_NAME, &errors);
	if (config)
	{
		/* accepted: no error reported */
		CHECK(errors.len == 0);
		check_config(config, root);
		lm_config_destroy(config);
	}
	else
	{
		/* rejected: at least one error line */
		CHECK(errors.len > 0 || lm_buf_failed(&errors));
		CHECK(lm_buf_failed(&errors) ||
			  strlen(lm_buf_str(&errors)) == errors.len);
	}
	lm_buf_free(&errors);
	lm_kv_destroy(root);
	free(text);
	return 0;
}
