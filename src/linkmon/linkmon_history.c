/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "linkmon_history.h"
#include "linkmon_args.h"
#include "linkmon_client.h"
#include "linkmon_graph.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <lm_evlog.h>
#include <lm_msg.h>

/** time between two requests of events --follow, us */
#define FOLLOW_US 200000

int linkmon_history_fetch(const char *uri, const char *name, int64_t since,
						  lm_histdata_t *d)
{
	char arg[LM_MAX_NAME + 32];
	const char *err;
	uint8_t result;
	char *body;
	int ret;

	snprintf(arg, sizeof(arg), "%s %lld", name, (long long)since);
	ret = linkmon_fetch(uri, LM_MSG_HISTORY, arg, &result, &body);
	if (ret)
	{
		return ret;
	}
	if (result != LM_MSG_OK)
	{
		ret = linkmon_failed(body);
		free(body);
		return ret;
	}
	err = lm_histdata_parse(body, d);
	free(body);
	if (err)
	{
		fprintf(stderr, "linkmon: invalid history from %s: %s\n", uri, err);
		lm_histdata_free(d);
		return 1;
	}
	return 0;
}

int linkmon_events_fetch(const char *uri, const char *name, lm_evrec_t **recs,
						 int *count)
{
	char arg[LM_MAX_NAME + 32];
	const char *line;
	lm_evrec_t rec, *more;
	uint8_t result;
	char *body;
	int ret;

	*recs = NULL;
	*count = 0;
	snprintf(arg, sizeof(arg), "0 %s", name);
	ret = linkmon_fetch(uri, LM_MSG_EVENTS, arg, &result, &body);
	if (ret)
	{
		return ret;
	}
	if (result != LM_MSG_OK)
	{
		ret = linkmon_failed(body);
		free(body);
		return ret;
	}
	for (line = body; line && *line; line = strchr(line, '\n'), line += !!line)
	{
		if (!lm_evlog_parse(line, &rec))
		{
			continue;
		}
		more = realloc(*recs, (*count + 1) * sizeof(rec));
		if (!more)
		{
			break;
		}
		*recs = more;
		(*recs)[(*count)++] = rec;
	}
	free(body);
	return 0;
}

/**
 * Print a history as JSON or text tables.
 *
 * @param since		0 for every level in full
 */
static void print_history(lm_histdata_t *d, bool json, int64_t since)
{
	lm_buf_t buf = {};
	int i;

	if (json)
	{
		lm_histdata_json(d, &buf);
	}
	else if (since)
	{
		lm_histdata_text(d, lm_histdata_pick(d, since), since, &buf);
	}
	else
	{
		for (i = 0; i < d->nlevels; i++)
		{
			lm_buf_printf(&buf, "%s", i ? "\n" : "");
			lm_histdata_text(d, i, 0, &buf);
		}
	}
	fputs(lm_buf_str(&buf) ?: "", stdout);
	lm_buf_free(&buf);
}

int linkmon_cmd_history(int argc, char *argv[], const char *uri)
{
	const char *name = NULL, *value;
	int64_t since = 0, ago;
	bool json = false;
	lm_histdata_t d;
	int i, m, ret;

	for (i = 0; i < argc; i++)
	{
		if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "-j") == 0)
		{
			json = true;
			continue;
		}
		if (linkmon_match_socket(argc, argv, &i, &uri))
		{
			continue;
		}
		m = linkmon_match_opt(argc, argv, &i, "--since", NULL, &value);
		if (m < 0)
		{
			return linkmon_missing(argv[i]);
		}
		if (m > 0)
		{
			if (!linkmon_parse_duration(value, &ago))
			{
				fprintf(stderr, "linkmon: invalid duration '%s'\n", value);
				return 2;
			}
			since = time(NULL) - ago;
			continue;
		}
		if (argv[i][0] == '-' || name)
		{
			return linkmon_unexpected(argv[i]);
		}
		name = argv[i];
	}
	if (!name)
	{
		fprintf(stderr, "linkmon: history needs a monitor name\n");
		return 2;
	}
	ret = linkmon_history_fetch(uri, name, since, &d);
	if (!ret)
	{
		print_history(&d, json, since);
		lm_histdata_free(&d);
	}
	return ret;
}

/**
 * Print the events of an answer; updates the sequence number to ask after.
 */
static void print_events(const char *body, bool json, uint64_t *after)
{
	unsigned long long n;
	lm_buf_t buf = {};
	const char *line;
	lm_evrec_t rec;

	for (line = body; *line; line = strchr(line, '\n') + 1)
	{
		if (lm_evlog_parse(line, &rec))
		{
			json ? lm_evlog_json(&rec, &buf) : lm_evlog_text(&rec, &buf);
		}
		else if (sscanf(line, "lost %llu", &n) == 1)
		{
			fprintf(stderr, "linkmon: %llu events lost (the plugin keeps "
					"charon.plugins.link-monitor.events)\n", n);
		}
		else if (sscanf(line, "next %llu", &n) == 1)
		{
			/* after a restart of charon its numbers start over: all of
			 * the new one's next time */
			*after = n && n - 1 >= *after ? n - 1 : 0;
		}
		if (!strchr(line, '\n'))
		{
			break;
		}
	}
	fputs(lm_buf_str(&buf) ?: "", stdout);
	fflush(stdout);
	lm_buf_free(&buf);
}

/**
 * Ask for the events after a sequence number and print them.
 */
static int fetch_events(const char *uri, const char *name, bool json,
						uint64_t *after)
{
	char arg[LM_MAX_NAME + 32];
	uint8_t result;
	char *body;
	int ret;

	snprintf(arg, sizeof(arg), "%" PRIu64 " %s", *after, name ?: "");
	ret = linkmon_fetch(uri, LM_MSG_EVENTS, arg, &result, &body);
	if (ret)
	{
		return ret;
	}
	if (result != LM_MSG_OK)
	{
		ret = linkmon_failed(body);
	}
	else
	{
		print_events(body, json, after);
	}
	free(body);
	return ret;
}

int linkmon_cmd_events(int argc, char *argv[], const char *uri)
{
	bool json = false, follow = false;
	const char *name = NULL;
	uint64_t after = 0;
	int i, ret;

	for (i = 0; i < argc; i++)
	{
		if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "-j") == 0)
		{
			json = true;
		}
		else if (strcmp(argv[i], "--follow") == 0 ||
				 strcmp(argv[i], "-f") == 0)
		{
			follow = true;
		}
		else if (!linkmon_match_socket(argc, argv, &i, &uri))
		{
			if (argv[i][0] == '-' || name)
			{
				return linkmon_unexpected(argv[i]);
			}
			name = argv[i];
		}
	}
	ret = fetch_events(uri, name, json, &after);
	while (follow)
	{
		/* charon restarting: wait for it, the numbers start over */
		usleep(ret ? 1000000 : FOLLOW_US);
		ret = fetch_events(uri, name, json, &after);
	}
	return ret;
}

/**
 * Parse an argument of graph at argv[*i] (advancing *i past its value);
 * returns -1 to go on, or the exit code.
 */
static int graph_arg(int argc, char *argv[], int *i, const char **uri,
					 const char **name, const char **since, const char **file)
{
	int m;

	if (linkmon_match_socket(argc, argv, i, uri))
	{
		return -1;
	}
	m = linkmon_match_opt(argc, argv, i, "--since", NULL, since);
	if (m == 0)
	{
		m = linkmon_match_opt(argc, argv, i, "--output", "-o", file);
	}
	if (m < 0)
	{
		return linkmon_missing(argv[*i]);
	}
	if (m == 0)
	{
		if (argv[*i][0] == '-' || *name)
		{
			return linkmon_unexpected(argv[*i]);
		}
		*name = argv[*i];
	}
	return -1;
}

int linkmon_cmd_graph(int argc, char *argv[], const char *uri)
{
	const char *name = NULL, *since = "1h", *file = NULL;
	char words[64];
	int64_t ago;
	int i, ret;

	for (i = 0; i < argc; i++)
	{
		ret = graph_arg(argc, argv, &i, &uri, &name, &since, &file);
		if (ret >= 0)
		{
			return ret;
		}
	}
	if (!name || !file)
	{
		fprintf(stderr, "linkmon: graph needs a monitor name and -o FILE\n");
		return 2;
	}
	if (!linkmon_parse_duration(since, &ago) || ago <= 0)
	{
		fprintf(stderr, "linkmon: invalid duration '%s'\n", since);
		return 2;
	}
	snprintf(words, sizeof(words), "last %s", since);
#ifdef HAVE_CAIRO
	return linkmon_graph(uri, name, ago, file, words);
#else
	fprintf(stderr, "linkmon: built without cairo (libcairo2-dev), graph is "
			"not available\n");
	return 1;
#endif
}
