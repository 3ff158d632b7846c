/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * linkmon - talk to the link-monitor plugin of a running charon, and answer
 * TWAMP-light and STAMP probes.
 */

#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <lm_msg.h>
#include <lm_twamp.h>

#include "linkmon_args.h"
#include "linkmon_client.h"
#include "linkmon_exporter.h"
#include "linkmon_graph.h"
#include "linkmon_history.h"
#include "linkmon_reflect.h"

#ifndef LINKMON_DEFAULT_SOCKET
#define LINKMON_DEFAULT_SOCKET "unix:///var/run/charon.lnkmon"
#endif

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "unknown"
#endif

/** returned by the parsers of arguments to go on, instead of an exit code */
#define ARG_NEXT -1

/**
 * Arguments of reflect.
 */
typedef struct {
	/** address to listen on, NULL for the default */
	const char *listen;
	/** UDP port */
	unsigned long port;
	/** packets to reflect, 0 for no limit */
	unsigned long count;
} reflect_args_t;

/**
 * Print the usage.
 */
static void usage(FILE *out)
{
	fprintf(out,
"Usage: linkmon [--socket URI] COMMAND [ARGS]\n"
"\n"
"Commands:\n"
"  status [--json] [NAME]   show the state and statistics of the monitors\n"
"  reload                   re-read the monitor configuration\n"
"  ha-role ROLE             tell the plugin the node's HA role (master,\n"
"                           backup, fault), e.g. from keepalived's notify\n"
"  history NAME [--since DURATION] [--json]\n"
"                           latency, jitter, loss, MOS and states of a\n"
"                           monitor's servers per 10 s and 5 min bucket\n"
"                           (DURATION: N, Ns, Nm, Nh, Nd)\n"
"  events [--follow] [--json] [NAME]\n"
"                           state changes, failovers, route and HA changes\n"
"                           with their times (JSON: one object a line);\n"
"                           --follow waits for more\n"
"  graph NAME [--since DURATION] -o FILE.png|FILE.svg\n"
"                           draw latency, jitter and loss per server with\n"
"                           state changes and failovers (default 1h)\n"
"  exporter [--listen ADDR:PORT] [--textfile DIR [--interval N] [--once]]\n"
"                           serve Prometheus metrics on http://ADDR:PORT/\n"
"                           metrics, and/or write DIR/linkmon.prom for\n"
"                           node_exporter every N seconds (default 15)\n"
"  reflect [--listen ADDR] [--port N] [--count N]\n"
"                           answer TWAMP-light (RFC 5357) and STAMP (RFC\n"
"                           8762) test packets of any size, symmetrically, on\n"
"                           UDP port N (default 862, 0 for a free one) of\n"
"                           ADDR (default ::, serving IPv4 and IPv6) until\n"
"                           SIGINT/SIGTERM, or until N packets were reflected\n"
"  help                     show this help\n"
"  version                  show the version\n"
"\n"
"Options:\n"
"  -s, --socket URI         control socket of the link-monitor plugin\n"
"                           (default %s, or $LINKMON_SOCKET)\n"
"\n"
"Exit status: 0 on success, 1 if charon or the plugin cannot be reached or\n"
"the request failed (reflect: if the socket cannot be opened), 2 on usage\n"
"errors, 3 if status was shown but the plugin reports errors (its\n"
"configuration unreadable or rejected, the HA track file not written, a\n"
"hook not started): the output lists them under Errors.\n",
LINKMON_DEFAULT_SOCKET);
}


/**
 * Print the version.
 */
static void version(void)
{
	printf("linkmon %s\n", PACKAGE_VERSION);
}

/**
 * Complain about an argument, with the usage if show_usage; returns the exit
 * code 2.
 */
static int unexpected(const char *arg, bool show_usage)
{
	fprintf(stderr, "linkmon: unexpected argument '%s'\n", arg);
	if (show_usage)
	{
		usage(stderr);
	}
	return 2;
}

/**
 * Parse a decimal number in [min, max].
 */
static bool parse_ulong(const char *str, unsigned long min, unsigned long max,
						unsigned long *value)
{
	unsigned long v;
	char *end;

	if (*str < '0' || *str > '9')
	{
		return false;
	}
	errno = 0;
	v = strtoul(str, &end, 10);
	if (errno || *end || v < min || v > max)
	{
		return false;
	}
	*value = v;
	return true;
}

/**
 * Parse the value of the numeric option what (for messages) in [min, max];
 * returns ARG_NEXT, or the exit code if it is invalid.
 */
static int parse_num_arg(const char *str, unsigned long min,
						 unsigned long max, unsigned long *value,
						 const char *what)
{
	if (!parse_ulong(str, min, max, value))
	{
		fprintf(stderr, "linkmon: invalid %s '%s'\n", what, str);
		return 2;
	}
	return ARG_NEXT;
}

/**
 * linkmon status [--json] [NAME]
 */
static int cmd_status(int argc, char *argv[], const char *uri)
{
	const char *name = NULL;
	bool json = false;
	int i;

	for (i = 0; i < argc; i++)
	{
		if (strcmp(argv[i], "--json") == 0 || strcmp(argv[i], "-j") == 0)
		{
			json = true;
		}
		else if (!linkmon_match_socket(argc, argv, &i, &uri))
		{
			if (argv[i][0] == '-' || name)
			{
				return unexpected(argv[i], true);
			}
			name = argv[i];
		}
	}
	return linkmon_request(uri, json ? LM_MSG_STATUS_JSON : LM_MSG_STATUS,
						   name);
}

/**
 * linkmon reload
 */
static int cmd_reload(int argc, char *argv[], const char *uri)
{
	int i;

	for (i = 0; i < argc; i++)
	{
		if (!linkmon_match_socket(argc, argv, &i, &uri))
		{
			return unexpected(argv[i], false);
		}
	}
	return linkmon_request(uri, LM_MSG_RELOAD, NULL);
}

/**
 * linkmon ha-role ROLE
 */
static int cmd_ha_role(int argc, char *argv[], const char *uri)
{
	const char *role = NULL;
	int i;

	for (i = 0; i < argc; i++)
	{
		if (linkmon_match_socket(argc, argv, &i, &uri))
		{
			continue;
		}
		if (role || argv[i][0] == '-')
		{
			return unexpected(argv[i], false);
		}
		role = argv[i];
	}
	if (!role)
	{
		fprintf(stderr, "linkmon: ha-role needs master, backup or fault\n");
		return 2;
	}
	return linkmon_request(uri, LM_MSG_HA_ROLE, role);
}

/**
 * Parse the argument of reflect at argv[*i] (advancing *i past its value);
 * returns ARG_NEXT, or the exit code if linkmon is done.
 */
static int reflect_arg(int argc, char *argv[], int *i, reflect_args_t *args)
{
	const char *value;
	int m;

	if (strcmp(argv[*i], "--help") == 0 || strcmp(argv[*i], "-h") == 0)
	{
		usage(stdout);
		return 0;
	}
	m = linkmon_match_opt(argc, argv, i, "--listen", "-l", &value);
	if (m > 0)
	{
		args->listen = value;
		return ARG_NEXT;
	}
	if (m == 0 &&
		(m = linkmon_match_opt(argc, argv, i, "--port", "-p", &value)) > 0)
	{
		return parse_num_arg(value, 0, 65535, &args->port, "port");
	}
	if (m == 0 &&
		(m = linkmon_match_opt(argc, argv, i, "--count", "-c", &value)) > 0)
	{
		return parse_num_arg(value, 1, UINT32_MAX, &args->count, "count");
	}
	if (m < 0)
	{
		fprintf(stderr, "linkmon: option '%s' needs a value\n", argv[*i]);
		usage(stderr);
		return 2;
	}
	return unexpected(argv[*i], true);
}

/**
 * linkmon reflect [--listen ADDR] [--port N] [--count N]
 */
static int cmd_reflect(int argc, char *argv[], const char *uri)
{
	reflect_args_t args = {
		.port = LM_TWAMP_PORT,
	};
	int i, ret;

	for (i = 0; i < argc; i++)
	{
		ret = reflect_arg(argc, argv, &i, &args);
		if (ret != ARG_NEXT)
		{
			return ret;
		}
	}
	return linkmon_reflect(args.listen, args.port, args.count);
}

/**
 * linkmon help
 */
static int cmd_help(int argc, char *argv[], const char *uri)
{
	usage(stdout);
	return 0;
}

/**
 * linkmon version
 */
static int cmd_version(int argc, char *argv[], const char *uri)
{
	version();
	return 0;
}

/**
 * The commands, each run with the arguments after its name and the socket
 * URI given before it.
 */
static const struct {
	/** name of the command */
	const char *name;
	/** run it, returns the exit code */
	int (*run)(int argc, char *argv[], const char *uri);
} commands[] = {
	{ "status", cmd_status },
	{ "reload", cmd_reload },
	{ "reflect", cmd_reflect },
	{ "ha-role", cmd_ha_role },
	{ "history", linkmon_cmd_history },
	{ "events", linkmon_cmd_events },
	{ "graph", linkmon_cmd_graph },
	{ "exporter", linkmon_cmd_exporter },
	{ "help", cmd_help },
	{ "version", cmd_version },
};

/**
 * Parse the options before the command (the command parses its own);
 * returns ARG_NEXT with optind at the command, or the exit code.
 */
static int parse_options(int argc, char *argv[], const char **uri)
{
	struct option long_opts[] = {
		{ "socket", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'v' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	while ((c = getopt_long(argc, argv, "+s:hv", long_opts, NULL)) != -1)
	{
		switch (c)
		{
			case 's':
				*uri = optarg;
				break;
			case 'h':
				usage(stdout);
				return 0;
			case 'v':
				version();
				return 0;
			default:
				usage(stderr);
				return 2;
		}
	}
	if (optind >= argc)
	{
		usage(stderr);
		return 2;
	}
	return ARG_NEXT;
}

int main(int argc, char *argv[])
{
	const char *uri = getenv("LINKMON_SOCKET"), *cmd;
	size_t i;
	int ret;

	if (!uri || !*uri)
	{
		uri = LINKMON_DEFAULT_SOCKET;
	}
	ret = parse_options(argc, argv, &uri);
	if (ret != ARG_NEXT)
	{
		return ret;
	}
	cmd = argv[optind++];
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
	{
		if (strcmp(cmd, commands[i].name) == 0)
		{
			return commands[i].run(argc - optind, argv + optind, uri);
		}
	}
	fprintf(stderr, "linkmon: unknown command '%s'\n", cmd);
	usage(stderr);
	return 2;
}
