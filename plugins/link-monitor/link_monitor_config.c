/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * This program is free software; you can redistribute it and/or modify it
 * under the terms of the GNU General Public License as published by the
 * Free Software Foundation; either version 2 of the License, or (at your
 * option) any later version.  See <http://www.fsf.org/copyleft/gpl.txt>.
 *
 * This program is distributed in the hope that it will be useful, but
 * WITHOUT ANY WARRANTY; without even the implied warranty of MERCHANTABILITY
 * or FITNESS FOR A PARTICULAR PURPOSE.  See the GNU General Public License
 * for more details.
 */

#include "link_monitor_config.h"

#include <daemon.h>

#include <errno.h>
#include <unistd.h>

/**
 * Copy a section of a settings_t into an lm_kv_t tree, recursively.
 *
 * The path is passed as settings key, not as format argument (the
 * enumerators do not apply arguments to nested paths), so a name containing
 * '%' is not descended into; lm_config_parse() rejects such names anyway.
 */
static bool copy_section(settings_t *settings, lm_kv_t *kv, char *path)
{
	enumerator_t *enumerator;
	char *key, *value, sub[512];
	lm_kv_t *child;
	bool ok = TRUE;

	enumerator = settings->create_key_value_enumerator(settings, path);
	while (ok && enumerator->enumerate(enumerator, &key, &value))
	{
		ok = lm_kv_set(kv, key, value ?: "") == 0;
	}
	enumerator->destroy(enumerator);

	enumerator = settings->create_section_enumerator(settings, path);
	while (ok && enumerator->enumerate(enumerator, &key))
	{
		child = lm_kv_section(kv, key);
		if (!child)
		{
			ok = FALSE;
			break;
		}
		if (strchr(key, '%') ||
			snprintf(sub, sizeof(sub), "%s.%s", path, key) >= sizeof(sub))
		{
			continue;
		}
		ok = copy_section(settings, child, sub);
	}
	enumerator->destroy(enumerator);
	return ok;
}

/*
 * Described in header
 */
lm_config_t *link_monitor_config_load(const char *file, lm_buf_t *why)
{
	settings_t *settings;
	lm_config_t *config;
	lm_buf_t errors = {};
	enumerator_t *enumerator;
	lm_kv_t *kv = NULL;
	char *line, *name, *pos;
	int lines = 0;
	bool found = FALSE;

	if (access(file, R_OK) != 0)
	{
		lm_buf_printf(why, "cannot read %s: %s", file, strerror(errno));
		DBG1(DBG_CFG, "link-monitor: %s", lm_buf_str(why));
		return NULL;
	}
	settings = settings_create(NULL);
	if (!settings->load_files(settings, (char*)file, FALSE))
	{
		lm_buf_printf(why, "loading %s failed (syntax error, or an included "
					  "file is unreadable)", file);
		DBG1(DBG_CFG, "link-monitor: %s", lm_buf_str(why));
		settings->destroy(settings);
		return NULL;
	}
	enumerator = settings->create_section_enumerator(settings, "");
	while (enumerator->enumerate(enumerator, &name))
	{
		if (streq(name, "monitors"))
		{
			found = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	if (found)
	{
		kv = lm_kv_create("monitors");
		if (!kv || !copy_section(settings, kv, "monitors"))
		{
			lm_buf_printf(why, "%s: out of memory", file);
			DBG1(DBG_CFG, "link-monitor: %s", lm_buf_str(why));
			lm_kv_destroy(kv);
			settings->destroy(settings);
			return NULL;
		}
	}
	settings->destroy(settings);

	config = lm_config_parse(kv, file, &errors);
	lm_kv_destroy(kv);
	if (!config)
	{
		line = errors.data;
		while (line && *line)
		{
			pos = strchr(line, '\n');
			if (pos)
			{
				*pos = '\0';
			}
			DBG1(DBG_CFG, "link-monitor: %s", line);
			line = pos ? pos + 1 : NULL;
			lines++;
		}
		/* the first line, split off above */
		lm_buf_printf(why, "%s%s", lines ? errors.data : "invalid configuration",
					  lines > 1 ? " (and more, see the log)" : "");
	}
	lm_buf_free(&errors);
	return config;
}
