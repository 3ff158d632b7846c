/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_config.h"
#include "lm_bfd.h"

#include <ctype.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/** number of elements of an array */
#define countof(array) (sizeof(array) / sizeof((array)[0]))

/**
 * Name of a value of an lm_*_t enum, as in the configuration.
 */
typedef struct {
	/** key of the enum */
	const char *key;
	int value;
	const char *name;
} enum_entry_t;

/**
 * Names of the enum values of all keys; a key's values in the order its
 * error message lists them.
 */
static const enum_entry_t enum_names[] = {
	{ "protocol", LM_PROTO_PING, "ping" },
	{ "protocol", LM_PROTO_TCP_ECHO, "tcp-echo" },
	{ "protocol", LM_PROTO_UDP_ECHO, "udp-echo" },
	{ "protocol", LM_PROTO_HTTP, "http" },
	{ "protocol", LM_PROTO_HTTPS, "https" },
	{ "protocol", LM_PROTO_TWAMP, "twamp" },
	{ "protocol", LM_PROTO_STAMP, "stamp" },
	{ "protocol", LM_PROTO_DPD, "dpd" },
	{ "protocol", LM_PROTO_DNS, "dns" },
	{ "protocol", LM_PROTO_TCP_CONNECT, "tcp-connect" },
	{ "protocol", LM_PROTO_BFD, "bfd" },
	{ "bfd_mode", LM_BFD_MODE_SINGLE, "single" },
	{ "bfd_mode", LM_BFD_MODE_MULTI, "multi" },
	{ "mos_codec", LM_CODEC_G711, "g711" },
	{ "mos_codec", LM_CODEC_G729, "g729" },
	{ "teardown", LM_TEARDOWN_CHILD, "child" },
	{ "teardown", LM_TEARDOWN_IKE, "ike" },
	{ "teardown", LM_TEARDOWN_NONE, "none" },
	{ "standby", LM_STANDBY_NONE, "none" },
	{ "standby", LM_STANDBY_IKE, "ike" },
	{ "dead_action", LM_DEAD_ACTION_CLEAR, "clear" },
	{ "dead_action", LM_DEAD_ACTION_RESTART, "restart" },
	{ "dead_action", LM_DEAD_ACTION_NONE, "none" },
};

/**
 * Name of a key's enum value, "unknown" if it has none.
 */
static const char *enum_name(const char *key, int value)
{
	size_t i;

	for (i = 0; i < countof(enum_names); i++)
	{
		if (enum_names[i].value == value &&
			strcmp(enum_names[i].key, key) == 0)
		{
			return enum_names[i].name;
		}
	}
	return "unknown";
}

const char *lm_proto_name(lm_proto_t proto)
{
	return enum_name("protocol", proto);
}

const char *lm_codec_name(lm_codec_t codec)
{
	return enum_name("mos_codec", codec);
}

const char *lm_bfd_mode_name(lm_bfd_mode_t mode)
{
	return enum_name("bfd_mode", mode);
}

const char *lm_teardown_name(lm_teardown_t teardown)
{
	return enum_name("teardown", teardown);
}

uint16_t lm_proto_default_port(lm_proto_t proto)
{
	switch (proto)
	{
		case LM_PROTO_TCP_ECHO:
		case LM_PROTO_UDP_ECHO:
			return 7;
		case LM_PROTO_HTTP:
			return 80;
		case LM_PROTO_HTTPS:
			return 443;
		case LM_PROTO_TWAMP:
		case LM_PROTO_STAMP:
			return 862;
		case LM_PROTO_DNS:
			return 53;
		case LM_PROTO_BFD:
			return LM_BFD_PORT_SINGLE;
		case LM_PROTO_PING:
		default:
			return 0;
	}
}

/**
 * Context while parsing one monitor.
 */
typedef struct {
	const char *file;
	const char *name;
	lm_buf_t *errors;
	int count;
	/** the monitor section being parsed */
	const lm_kv_t *kv;
	/** the monitor being built */
	lm_monitor_cfg_t *cfg;
	/** prefix of keys in messages, "servers.NAME." in a server's entry */
	const char *prefix;
} ctx_t;

static void error(ctx_t *ctx, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/**
 * Report one error line.
 */
static void error(ctx_t *ctx, const char *key, const char *fmt, ...)
{
	char msg[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	if (key)
	{
		lm_buf_printf(ctx->errors, "%s: monitor '%s': %s%s: %s\n", ctx->file,
					  ctx->name, ctx->prefix ?: "", key, msg);
	}
	else
	{
		lm_buf_printf(ctx->errors, "%s: monitor '%s': %s\n", ctx->file,
					  ctx->name, msg);
	}
	ctx->count++;
}

/**
 * Parse an unsigned decimal integer, whole string.
 */
static bool parse_uint(const char *str, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!isdigit((unsigned char)*str))
	{
		return false;
	}
	errno = 0;
	v = strtoull(str, &end, 10);
	if (errno || *end)
	{
		return false;
	}
	*out = v;
	return true;
}

/**
 * Check a number against a range, with a unit (" ms") in messages.
 */
static bool in_range(ctx_t *ctx, const char *key, uint64_t v, uint64_t min,
					 uint64_t max, const char *unit, uint64_t *out)
{
	if (v < min || v > max)
	{
		error(ctx, key, "%llu%s is out of range %llu..%llu%s",
			  (unsigned long long)v, unit, (unsigned long long)min,
			  (unsigned long long)max, unit);
		return false;
	}
	*out = v;
	return true;
}

/**
 * Parse a number in a range.
 */
static bool get_uint(ctx_t *ctx, const char *key, const char *value,
					 uint64_t min, uint64_t max, uint64_t *out)
{
	uint64_t v;

	if (!parse_uint(value, &v))
	{
		error(ctx, key, "'%s' is not a number", value);
		return false;
	}
	return in_range(ctx, key, v, min, max, "", out);
}

/**
 * Parse a duration in ms: a number with optional suffix ms or s.
 */
static bool get_duration(ctx_t *ctx, const char *key, const char *value,
						 uint64_t min, uint64_t max, uint64_t *out)
{
	char num[32];
	const char *suffix;
	uint64_t v, mult = 1;
	size_t len;

	suffix = value;
	while (isdigit((unsigned char)*suffix))
	{
		suffix++;
	}
	len = suffix - value;
	if (strcmp(suffix, "s") == 0)
	{
		mult = 1000;
	}
	if (len == 0 || len >= sizeof(num) || (mult == 1 &&
		strcmp(suffix, "") != 0 && strcmp(suffix, "ms") != 0))
	{
		error(ctx, key, "'%s' is not a duration (a number with optional "
			  "suffix ms or s)", value);
		return false;
	}
	memcpy(num, value, len);
	num[len] = '\0';
	if (!parse_uint(num, &v) || v > UINT32_MAX / mult)
	{
		error(ctx, key, "'%s' is too large", value);
		return false;
	}
	return in_range(ctx, key, v * mult, min, max, " ms", out);
}

/**
 * Parse a boolean as strongSwan does.
 */
static bool get_bool(ctx_t *ctx, const char *key, const char *value, bool *out)
{
	if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "true") == 0 ||
		strcasecmp(value, "enabled") == 0 || strcmp(value, "1") == 0)
	{
		*out = true;
		return true;
	}
	if (strcasecmp(value, "no") == 0 || strcasecmp(value, "false") == 0 ||
		strcasecmp(value, "disabled") == 0 || strcmp(value, "0") == 0)
	{
		*out = false;
		return true;
	}
	error(ctx, key, "'%s' is not yes or no", value);
	return false;
}

/**
 * Check a string for printable characters without spaces.
 */
static bool is_token(const char *str, size_t max)
{
	size_t len = strlen(str);
	const char *c;

	if (len == 0 || len > max)
	{
		return false;
	}
	for (c = str; *c; c++)
	{
		if (!isgraph((unsigned char)*c))
		{
			return false;
		}
	}
	return true;
}

/**
 * Check an interface name.
 */
static bool is_ifname(const char *str)
{
	return is_token(str, IF_NAMESIZE - 1) && !strchr(str, '/');
}

/**
 * Check a connection or child name.
 */
static bool is_name(const char *str)
{
	return is_token(str, 128);
}

/**
 * Check an absolute path without spaces.
 */
static bool is_abs_path(const char *str)
{
	return str[0] == '/' && is_token(str, 1024);
}

/**
 * Check a host name: a domain name (lm_dns_name_valid()), without the root's
 * trailing dot, which neither SNI nor certificates carry.
 */
static bool is_hostname(const char *str)
{
	size_t len = strlen(str);

	return len && str[len - 1] != '.' && lm_dns_name_valid(str);
}

/**
 * Check a monitor name: letters, digits, '-' and '_' (a '.' would split the
 * section path in strongSwan's settings).
 */
static bool valid_name(const char *name)
{
	const char *c;

	if (!*name || strlen(name) > LM_MAX_NAME)
	{
		return false;
	}
	for (c = name; *c; c++)
	{
		if (!isalnum((unsigned char)*c) && *c != '-' && *c != '_')
		{
			return false;
		}
	}
	return true;
}

/**
 * strdup() reporting allocation failures.
 */
static char *dup_key(ctx_t *ctx, const char *key, const char *value)
{
	char *copy = strdup(value);

	if (!copy)
	{
		error(ctx, key, "out of memory");
	}
	return copy;
}

/**
 * Split a comma separated list into trimmed tokens; calls cb for each
 * (including empty ones, which it should reject).
 */
static void split_list(ctx_t *ctx, const char *key, const char *value,
					   void (*cb)(ctx_t *ctx, const char *key, char *tok,
								  void *data), void *data)
{
	char *copy, *pos, *tok, *end;

	copy = strdup(value);
	if (!copy)
	{
		error(ctx, key, "out of memory");
		return;
	}
	for (pos = copy; pos; )
	{
		tok = pos;
		pos = strchr(pos, ',');
		if (pos)
		{
			*pos++ = '\0';
		}
		while (isspace((unsigned char)*tok))
		{
			tok++;
		}
		end = tok + strlen(tok);
		while (end > tok && isspace((unsigned char)end[-1]))
		{
			*--end = '\0';
		}
		cb(ctx, key, tok, data);
	}
	free(copy);
}

/**
 * Parse a decimal number with optional fraction.
 */
static bool parse_double(const char *str, double *out)
{
	char *end;
	double v;

	if (!isdigit((unsigned char)*str))
	{
		return false;
	}
	errno = 0;
	v = strtod(str, &end);
	if (errno || *end)
	{
		return false;
	}
	*out = v;
	return true;
}

/**
 * Resize an array to count elements.
 */
static bool grow(void **array, int count, size_t size)
{
	void *p = realloc(*array, count * size);

	if (!p)
	{
		return false;
	}
	*array = p;
	return true;
}

/**
 * One server of the list.
 */
static void add_server(ctx_t *ctx, const char *key, char *tok, void *data)
{
	lm_monitor_cfg_t *cfg = data;
	lm_addr_t addr;
	int i;

	if (!*tok)
	{
		error(ctx, key, "empty address in the list");
		return;
	}
	if (strcmp(tok, "%gateway") == 0)
	{
		/* learned from the routing table, see lm_engine's LM_EV_GATEWAY */
		memset(&addr, 0, sizeof(addr));
		cfg->gateways |= 1U << cfg->server_count;
	}
	else if (!lm_addr_parse(tok, &addr))
	{
		error(ctx, key, "'%s' is not an IPv4 or IPv6 address", tok);
		return;
	}
	for (i = 0; i < cfg->server_count; i++)
	{
		if (lm_addr_equals(&cfg->servers[i], &addr))
		{
			error(ctx, key, "'%s' is listed twice", tok);
			return;
		}
	}
	if (cfg->server_count == LM_MAX_SERVERS)
	{
		error(ctx, key, "more than %d servers", LM_MAX_SERVERS);
		return;
	}
	if (!grow((void**)&cfg->servers, cfg->server_count + 1, sizeof(addr)))
	{
		error(ctx, key, "out of memory");
		return;
	}
	cfg->servers[cfg->server_count++] = addr;
}

/**
 * One failover path "conn" or "conn/child".
 */
static void add_path(ctx_t *ctx, const char *key, char *tok, void *data)
{
	lm_monitor_cfg_t *cfg = data;
	lm_path_t *path;
	char *slash;
	int i;

	slash = strchr(tok, '/');
	if (!is_token(tok, 257) || tok[0] == '/' ||
		(slash && (!slash[1] || strchr(slash + 1, '/'))))
	{
		error(ctx, key, "'%s' is not a connection or connection/child", tok);
		return;
	}
	if (cfg->failover_count == LM_MAX_PATHS)
	{
		error(ctx, key, "more than %d paths", LM_MAX_PATHS);
		return;
	}
	path = realloc(cfg->failover,
				   (cfg->failover_count + 1) * sizeof(lm_path_t));
	if (!path)
	{
		error(ctx, key, "out of memory");
		return;
	}
	cfg->failover = path;
	path = &cfg->failover[cfg->failover_count];
	memset(path, 0, sizeof(*path));
	if (slash)
	{
		*slash = '\0';
		path->child = dup_key(ctx, key, slash + 1);
	}
	path->connection = dup_key(ctx, key, tok);
	cfg->failover_count++;
	for (i = 0; i < cfg->failover_count - 1; i++)
	{
		if (cfg->failover[i].connection && path->connection &&
			strcmp(cfg->failover[i].connection, path->connection) == 0)
		{
			error(ctx, key, "connection '%s' is listed twice", tok);
			return;
		}
	}
	if (cfg->connection && path->connection &&
		strcmp(cfg->connection, path->connection) == 0)
	{
		error(ctx, key, "'%s' is the monitored connection itself", tok);
	}
}

/**
 * One cascade interface.
 */
static void add_cascade(ctx_t *ctx, const char *key, char *tok, void *data)
{
	lm_monitor_cfg_t *cfg = data;
	char **list;

	if (!is_ifname(tok))
	{
		error(ctx, key, "'%s' is not a valid interface name", tok);
		return;
	}
	if (cfg->cascade_count == LM_MAX_CASCADE)
	{
		error(ctx, key, "more than %d interfaces", LM_MAX_CASCADE);
		return;
	}
	list = realloc(cfg->cascade, (cfg->cascade_count + 1) * sizeof(char*));
	if (!list)
	{
		error(ctx, key, "out of memory");
		return;
	}
	cfg->cascade = list;
	cfg->cascade[cfg->cascade_count] = dup_key(ctx, key, tok);
	if (cfg->cascade[cfg->cascade_count])
	{
		cfg->cascade_count++;
	}
}

/**
 * Parse an HTTP status code.
 */
static bool parse_code(const char *str, uint16_t *code)
{
	uint64_t v;

	if (!parse_uint(str, &v) || v < LM_HTTP_STATUS_MIN ||
		v > LM_HTTP_STATUS_MAX)
	{
		return false;
	}
	*code = v;
	return true;
}

/**
 * Add a range of status codes.
 */
static void add_range(ctx_t *ctx, const char *key, lm_http_range_t range)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;

	if (cfg->http_status_count == LM_HTTP_MAX_RANGES)
	{
		error(ctx, key, "more than %d codes or ranges", LM_HTTP_MAX_RANGES);
		return;
	}
	if (!grow((void**)&cfg->http_status, cfg->http_status_count + 1,
			  sizeof(range)))
	{
		error(ctx, key, "out of memory");
		return;
	}
	cfg->http_status[cfg->http_status_count++] = range;
}

/**
 * One status code "200" or range "200-399" of the list.
 */
static void add_status(ctx_t *ctx, const char *key, char *tok, void *data)
{
	lm_http_range_t range;
	char *dash;

	if (!*tok)
	{
		error(ctx, key, "empty code in the list");
		return;
	}
	dash = strchr(tok, '-');
	if (dash)
	{
		*dash++ = '\0';
	}
	if (!parse_code(tok, &range.min) || !parse_code(dash ?: tok, &range.max))
	{
		error(ctx, key, "'%s%s%s' is not a status code %d..%d or a range of "
			  "them (e.g. 200-399)", tok, dash ? "-" : "", dash ?: "",
			  LM_HTTP_STATUS_MIN, LM_HTTP_STATUS_MAX);
	}
	else if (range.min > range.max)
	{
		error(ctx, key, "'%s-%s' is a range from high to low", tok, dash);
	}
	else
	{
		add_range(ctx, key, range);
	}
}

/**
 * Keys of a route section.
 */
static const char *route_keys[] = {
	"destination", "gateway", "interface", "metric", "table", "dead_metric",
};

/**
 * Name a key of a route section in messages: "routes.NAME.KEY".
 */
static const char *rkey(char *buf, size_t len, const lm_kv_t *kv,
						const char *key)
{
	snprintf(buf, len, "routes.%s.%s", kv->name, key);
	return buf;
}

/**
 * Report the subsections and unknown keys of a route section.
 */
static void check_route_keys(ctx_t *ctx, const lm_kv_t *kv)
{
	char key[128];
	size_t i, k;

	for (i = 0; i < kv->nsubs; i++)
	{
		error(ctx, rkey(key, sizeof(key), kv, kv->subs[i]->name),
			  "unexpected subsection");
	}
	for (i = 0; i < kv->npairs; i++)
	{
		for (k = 0; k < countof(route_keys); k++)
		{
			if (strcmp(kv->pairs[i].key, route_keys[k]) == 0)
			{
				break;
			}
		}
		if (k == countof(route_keys))
		{
			error(ctx, rkey(key, sizeof(key), kv, kv->pairs[i].key),
				  "unknown key");
		}
	}
}

/**
 * Destination of a route: a prefix, or in a %remote template the tunnel's
 * (%remote_ts, %remote).
 */
static void parse_route_destination(ctx_t *ctx, const lm_kv_t *kv,
									lm_route_cfg_t *r)
{
	const char *v = lm_kv_get(kv, "destination");
	bool placeholder;
	char key[128];

	rkey(key, sizeof(key), kv, "destination");
	if (!v)
	{
		error(ctx, key, "missing");
		return;
	}
	placeholder = strcmp(v, "%remote_ts") == 0 || strcmp(v, "%remote") == 0;
	if (placeholder && !ctx->cfg->remote)
	{
		error(ctx, key, "%s names an instance's tunnel: only for %%remote "
			  "templates (server = %%remote with a connection)", v);
	}
	else if (placeholder)
	{
		r->dst = strcmp(v, "%remote_ts") == 0 ? LM_ROUTE_DST_REMOTE_TS
											  : LM_ROUTE_DST_REMOTE;
	}
	else if (ctx->cfg->remote)
	{
		error(ctx, key, "'%s': the routes of a %%remote template go to each "
			  "instance's tunnel, use %%remote_ts or %%remote", v);
	}
	else if (!lm_addr_parse_prefix(v, &r->route.dst, &r->route.prefixlen))
	{
		error(ctx, key, "'%s' is not an IPv4 or IPv6 prefix", v);
	}
}

/**
 * Destination, gateway and interface of a route.
 */
static void parse_route_path(ctx_t *ctx, const lm_kv_t *kv, lm_route_cfg_t *r)
{
	char key[128];
	const char *v;

	parse_route_destination(ctx, kv, r);
	v = lm_kv_get(kv, "gateway");
	if (v)
	{
		if (!lm_addr_parse(v, &r->route.gateway))
		{
			error(ctx, rkey(key, sizeof(key), kv, "gateway"),
				  "'%s' is not an IPv4 or IPv6 address", v);
		}
		else if (r->route.dst.family &&
				 r->route.gateway.family != r->route.dst.family)
		{
			error(ctx, rkey(key, sizeof(key), kv, "gateway"), "address "
				  "family differs from the destination's");
		}
	}
	v = lm_kv_get(kv, "interface");
	if (v)
	{
		if (!is_ifname(v))
		{
			error(ctx, rkey(key, sizeof(key), kv, "interface"),
				  "'%s' is not a valid interface name", v);
		}
		else
		{
			strcpy(r->route.ifname, v);
		}
	}
	if (!r->route.gateway.family && !r->route.ifname[0])
	{
		error(ctx, rkey(key, sizeof(key), kv, "gateway"), "a route needs a "
			  "gateway, an interface or both");
	}
}

/**
 * Metric, table and dead metric of a route.
 */
static void parse_route_metrics(ctx_t *ctx, const lm_kv_t *kv,
								lm_route_cfg_t *r)
{
	char key[128];
	const char *v;
	uint64_t num;

	v = lm_kv_get(kv, "metric");
	if (v)
	{
		if (!parse_uint(v, &num) || num > UINT32_MAX)
		{
			error(ctx, rkey(key, sizeof(key), kv, "metric"),
				  "'%s' is not a number 0..4294967295", v);
		}
		else
		{
			r->route.metric = num;
		}
	}
	v = lm_kv_get(kv, "table");
	if (v && strcmp(v, "main") != 0)
	{
		if (!parse_uint(v, &num) || num < 1 || num > UINT32_MAX ||
			num == 253 || num == 255)
		{
			error(ctx, rkey(key, sizeof(key), kv, "table"), "'%s' is not "
				  "'main' or a table number (1..4294967295, not default 253 "
				  "or local 255)", v);
		}
		else
		{
			r->route.table = num;
		}
	}
	v = lm_kv_get(kv, "dead_metric");
	if (v)
	{
		if (!parse_uint(v, &num) || num > UINT32_MAX)
		{
			error(ctx, rkey(key, sizeof(key), kv, "dead_metric"),
				  "'%s' is not a number 0..4294967295", v);
		}
		else if (num == r->route.metric)
		{
			error(ctx, rkey(key, sizeof(key), kv, "dead_metric"),
				  "equals metric, the route would not change");
		}
		else
		{
			r->has_dead_metric = true;
			r->dead_metric = num;
		}
	}
}

/**
 * Parse one route section.
 */
static void parse_route(ctx_t *ctx, const lm_kv_t *kv)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;
	lm_route_cfg_t *r;

	if (cfg->route_count == LM_MAX_ROUTES)
	{
		error(ctx, "routes", "more than %d routes", LM_MAX_ROUTES);
		return;
	}
	if (!grow((void**)&cfg->routes, cfg->route_count + 1, sizeof(*r)))
	{
		error(ctx, "routes", "out of memory");
		return;
	}
	r = &cfg->routes[cfg->route_count];
	*r = (lm_route_cfg_t){
		.route = {
			.table = LM_RT_TABLE_MAIN,
		},
	};
	r->name = dup_key(ctx, "routes", kv->name);
	if (!r->name)
	{
		return;
	}
	cfg->route_count++;
	check_route_keys(ctx, kv);
	parse_route_path(ctx, kv, r);
	parse_route_metrics(ctx, kv, r);
}

/**
 * How a field of lm_monitor_cfg_t is stored.
 */
typedef enum {
	T_U32,
	T_U16,
	T_U8,
	/** an lm_*_t enum, names in enum_names */
	T_ENUM,
	T_BOOL,
	T_DOUBLE,
	/** an owned string, NULL if unset */
	T_STR,
	T_ADDR,
	/** an allocated array with an int count, see field_t.array */
	T_ARRAY,
} type_t;

/**
 * Flags of a field.
 */
enum {
	/** lm_monitor_cfg_probe_equals() compares it (equals() compares all) */
	F_PROBE = (1 << 0),
	/** set by subsections named like the key, not by a key */
	F_SECTION = (1 << 1),
	/** its parser also runs when the key is absent (value NULL) */
	F_ALWAYS = (1 << 2),
	/** T_STR: requires the key 'connection' */
	F_CONNECTION = (1 << 3),
	/** a server's entry in a servers section may set it */
	F_SERVER = (1 << 4),
	/** only a server's entry sets it, not the monitor */
	F_SERVER_ONLY = (1 << 5),
	/** a probe setting with no meaning for BFD sessions */
	F_NOT_BFD = (1 << 6),
};

/**
 * Elements of a T_ARRAY field.
 */
typedef struct {
	/** size of an element */
	size_t size;
	/** compare two elements */
	bool (*equals)(const void *a, const void *b);
	/** replace the borrowed strings of a copied element by copies (NULL
	 *  where that fails, returning false); NULL if it owns none */
	bool (*dup)(void *elem);
	/** free what an element owns; NULL if it owns nothing */
	void (*free)(void *elem);
	/** compare two elements' probe settings, NULL to use equals */
	bool (*probe_equals)(const void *a, const void *b);
} array_ops_t;

typedef struct field_t field_t;

/**
 * Parse a key's value into its field; value is NULL if the key is absent
 * (F_ALWAYS).
 */
typedef void (*parse_t)(ctx_t *ctx, const field_t *f, const char *value);

/**
 * A field of lm_monitor_cfg_t and the key that sets it.
 */
struct field_t {
	/** key (or section) in the monitor section, NULL if none sets it */
	const char *key;
	/** name of the field */
	const char *name;
	/** offset of the field */
	size_t offset;
	/** how it is stored */
	type_t type;
	/** F_* flags */
	unsigned flags;
	/** parser, NULL if no key sets the field */
	parse_t parse;
	/** range of numbers */
	double min, max;
	/** T_STR: check of values */
	bool (*check)(const char *value);
	/** T_DOUBLE, T_STR: what values are, "'VALUE' is not WHAT" */
	const char *what;
	/** default of numbers, enums and booleans */
	double def;
	/** T_ARRAY: offset of the int count, and the elements */
	size_t count;
	const array_ops_t *array;
};

/** a field */
#define FIELD(key_, field_, type_) .key = key_, .name = #field_, \
	.offset = offsetof(lm_monitor_cfg_t, field_), .type = type_

/** an array field with its count */
#define ARRAY(key_, field_, count_, ops_) FIELD(key_, field_, T_ARRAY), \
	.count = offsetof(lm_monitor_cfg_t, count_), .array = &ops_

/** the field's storage in a configuration */
#define AT(cfg, f) ((char*)(cfg) + (f)->offset)

_Static_assert(sizeof(lm_proto_t) == sizeof(int) &&
			   sizeof(lm_codec_t) == sizeof(int) &&
			   sizeof(lm_teardown_t) == sizeof(int) &&
			   sizeof(lm_standby_t) == sizeof(int) &&
			   sizeof(lm_dead_action_t) == sizeof(int) &&
			   sizeof(lm_bfd_mode_t) == sizeof(int) &&
			   sizeof(lm_dns_type_t) == sizeof(int),
			   "T_ENUM fields are stored as int");

/**
 * Size of a number, enum or boolean.
 */
static size_t number_size(type_t type)
{
	switch (type)
	{
		case T_U32:
			return sizeof(uint32_t);
		case T_U16:
			return sizeof(uint16_t);
		case T_U8:
			return sizeof(uint8_t);
		case T_ENUM:
			return sizeof(int);
		case T_BOOL:
			return sizeof(bool);
		default:
			return 0;
	}
}

/**
 * Store a number, enum value or boolean.
 */
static void set_number(lm_monitor_cfg_t *cfg, const field_t *f, uint64_t v)
{
	void *p = AT(cfg, f);

	switch (f->type)
	{
		case T_U32:
			*(uint32_t*)p = v;
			break;
		case T_U16:
			*(uint16_t*)p = v;
			break;
		case T_U8:
			*(uint8_t*)p = v;
			break;
		case T_ENUM:
			*(int*)p = v;
			break;
		case T_BOOL:
			*(bool*)p = v;
			break;
		default:
			break;
	}
}

/**
 * Store a copy of a string.
 */
static void set_str(ctx_t *ctx, const field_t *f, const char *value)
{
	char **str = (char**)AT(ctx->cfg, f);

	/* a server's entry overrides the monitor's value */
	free(*str);
	*str = dup_key(ctx, f->key, value);
}

/**
 * A number in the field's range.
 */
static void parse_number(ctx_t *ctx, const field_t *f, const char *value)
{
	uint64_t v;

	if (get_uint(ctx, f->key, value, f->min, f->max, &v))
	{
		set_number(ctx->cfg, f, v);
	}
}

/**
 * A duration in ms in the field's range.
 */
static void parse_duration(ctx_t *ctx, const field_t *f, const char *value)
{
	uint64_t v;

	if (get_duration(ctx, f->key, value, f->min, f->max, &v))
	{
		set_number(ctx->cfg, f, v);
	}
}

/**
 * A boolean.
 */
static void parse_flag(ctx_t *ctx, const field_t *f, const char *value)
{
	bool v;

	if (get_bool(ctx, f->key, value, &v))
	{
		set_number(ctx->cfg, f, v);
	}
}

/**
 * One of the names of the key's enum values.
 */
static void parse_choice(ctx_t *ctx, const field_t *f, const char *value)
{
	char list[256] = "";
	size_t i, len;

	for (i = 0; i < countof(enum_names); i++)
	{
		if (strcmp(enum_names[i].key, f->key) != 0)
		{
			continue;
		}
		if (strcmp(enum_names[i].name, value) == 0)
		{
			set_number(ctx->cfg, f, enum_names[i].value);
			return;
		}
		len = strlen(list);
		snprintf(list + len, sizeof(list) - len, "%s%s", len ? ", " : "",
				 enum_names[i].name);
	}
	error(ctx, f->key, "'%s' is not one of %s", value, list);
}

/**
 * A decimal number with optional fraction in the field's range.
 */
static void parse_real(ctx_t *ctx, const field_t *f, const char *value)
{
	double d;

	if (!parse_double(value, &d) || d < f->min || d > f->max)
	{
		error(ctx, f->key, "'%s' is not %s", value, f->what);
		return;
	}
	*(double*)AT(ctx->cfg, f) = d;
}

/**
 * An address into the field.
 */
static bool get_addr(ctx_t *ctx, const field_t *f, const char *value)
{
	if (!lm_addr_parse(value, (lm_addr_t*)AT(ctx->cfg, f)))
	{
		error(ctx, f->key, "'%s' is not an IPv4 or IPv6 address", value);
		return false;
	}
	return true;
}

/**
 * Check that the protocol is http or https.
 */
static bool is_http(const lm_monitor_cfg_t *cfg)
{
	return cfg->protocol == LM_PROTO_HTTP || cfg->protocol == LM_PROTO_HTTPS;
}

/** DSCP of BFD packets unless configured: CS6, as routers send them */
#define BFD_DSCP 48

static void parse_protocol(ctx_t *ctx, const field_t *f, const char *value)
{
	parse_choice(ctx, f, value);
	ctx->cfg->port = lm_proto_default_port(ctx->cfg->protocol);
	if (ctx->cfg->protocol == LM_PROTO_BFD)
	{
		ctx->cfg->dscp = BFD_DSCP;
	}
}

/**
 * A single, unspecified server: the IKE peer or a template's instance's.
 */
static void set_remote(lm_monitor_cfg_t *cfg, bool remote)
{
	cfg->remote = remote;
	cfg->servers = calloc(1, sizeof(lm_addr_t));
	cfg->server_count = cfg->servers ? 1 : 0;
}

/**
 * Check what the servers need.
 */
static void check_servers(ctx_t *ctx)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;
	int i;

	if ((cfg->remote || cfg->protocol == LM_PROTO_DPD) &&
		!lm_kv_get(ctx->kv, "connection"))
	{
		error(ctx, cfg->remote ? "server" : "protocol", "%s requires "
			  "'connection'", cfg->remote ? "%remote" : "dpd");
	}
	for (i = 1; i < cfg->server_count; i++)
	{
		if (cfg->servers[i].family && cfg->servers[0].family &&
			cfg->servers[i].family != cfg->servers[0].family)
		{
			error(ctx, "server", "mixes IPv4 and IPv6; use one monitor per "
				  "address family");
			break;
		}
	}
}

/**
 * The subsection of a section with a name, NULL if none.
 */
static const lm_kv_t *subsection(const lm_kv_t *kv, const char *name)
{
	size_t i;

	for (i = 0; i < kv->nsubs; i++)
	{
		if (strcmp(kv->subs[i]->name, name) == 0)
		{
			return kv->subs[i];
		}
	}
	return NULL;
}

/**
 * The addresses of a servers section, in order; each entry's own keys are
 * parsed once the monitor's are (parse_server_cfgs()).
 */
static void parse_server_addresses(ctx_t *ctx, const lm_kv_t *servers)
{
	const char *address;
	char key[LM_MAX_NAME + 32];
	size_t i;

	for (i = 0; i < servers->npairs; i++)
	{
		error(ctx, "servers", "unexpected key '%s', servers are sections",
			  servers->pairs[i].key);
	}
	if (!servers->nsubs)
	{
		error(ctx, "servers", "empty, at least one server is required");
	}
	for (i = 0; i < servers->nsubs; i++)
	{
		snprintf(key, sizeof(key), "servers.%s.address",
				 servers->subs[i]->name);
		address = lm_kv_get(servers->subs[i], "address");
		if (!address)
		{
			error(ctx, key, "missing");
			continue;
		}
		add_server(ctx, key, (char*)address, ctx->cfg);
	}
}

static void parse_server(ctx_t *ctx, const field_t *f, const char *value)
{
	const lm_kv_t *servers = subsection(ctx->kv, "servers");

	if (servers && ctx->cfg->protocol != LM_PROTO_DPD)
	{
		if (value)
		{
			error(ctx, f->key, "use either 'server' or a servers section");
		}
		else
		{
			parse_server_addresses(ctx, servers);
		}
		ctx->cfg->primary_count = ctx->cfg->server_count;
		check_servers(ctx);
		return;
	}
	if (ctx->cfg->protocol == LM_PROTO_DPD)
	{
		/* the probe goes to the IKE peer */
		if (value && strcmp(value, "%remote") != 0)
		{
			error(ctx, f->key, "protocol dpd probes the IKE peer, use no "
				  "server or %%remote");
		}
		set_remote(ctx->cfg, value != NULL);
	}
	else if (!value || !*value)
	{
		error(ctx, f->key, "missing, at least one server is required");
	}
	else if (strcmp(value, "%remote") == 0)
	{
		if (ctx->cfg->protocol == LM_PROTO_BFD)
		{
			error(ctx, f->key, "%%remote templates do not run BFD "
				  "sessions; name the servers");
			return;
		}
		/* a template, its instances get the peer's address */
		set_remote(ctx->cfg, true);
	}
	else
	{
		split_list(ctx, f->key, value, add_server, ctx->cfg);
	}
	ctx->cfg->primary_count = ctx->cfg->server_count;
	check_servers(ctx);
}

/**
 * Secondary servers, after the primaries.
 */
static void parse_secondary(ctx_t *ctx, const field_t *f, const char *value)
{
	if (ctx->cfg->remote || ctx->cfg->protocol == LM_PROTO_DPD)
	{
		error(ctx, f->key, "does not apply to %s", ctx->cfg->remote ?
			  "%remote templates" : "protocol dpd");
		return;
	}
	split_list(ctx, f->key, value, add_server, ctx->cfg);
	check_servers(ctx);
}

static void parse_source(ctx_t *ctx, const field_t *f, const char *value)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;

	if (get_addr(ctx, f, value) && cfg->server_count &&
		cfg->servers[0].family && cfg->source.family != cfg->servers[0].family)
	{
		/* %remote: compared with each instance's address */
		error(ctx, f->key, "address family differs from the servers'");
	}
}


/**
 * A string the field's check accepts.
 */
static bool get_string(ctx_t *ctx, const field_t *f, const char *value)
{
	if (!f->check(value))
	{
		error(ctx, f->key, "'%s' is not %s", value, f->what);
		return false;
	}
	if ((f->flags & F_CONNECTION) && !ctx->cfg->connection)
	{
		error(ctx, f->key, "requires 'connection'");
		return false;
	}
	return true;
}

static void parse_string(ctx_t *ctx, const field_t *f, const char *value)
{
	if (get_string(ctx, f, value))
	{
		set_str(ctx, f, value);
	}
}

static void parse_port(ctx_t *ctx, const field_t *f, const char *value)
{
	if (!value)
	{
		if (ctx->cfg->protocol == LM_PROTO_TCP_CONNECT)
		{
			error(ctx, f->key, "missing, protocol tcp-connect needs the port "
				  "to connect to");
		}
		return;
	}
	if (ctx->cfg->protocol == LM_PROTO_PING)
	{
		error(ctx, f->key, "does not apply to protocol ping");
		return;
	}
	parse_number(ctx, f, value);
}

/**
 * Check that a key applies to the protocol: http and https, or https only.
 */
static bool applies(ctx_t *ctx, const field_t *f, bool https_only)
{
	if (https_only && ctx->cfg->protocol != LM_PROTO_HTTPS)
	{
		error(ctx, f->key, "only applies to protocol https");
		return false;
	}
	if (!is_http(ctx->cfg))
	{
		error(ctx, f->key, "only applies to protocols http and https");
		return false;
	}
	return true;
}

static void parse_http_get(ctx_t *ctx, const field_t *f, const char *value)
{
	if (!value)
	{
		if (is_http(ctx->cfg))
		{
			set_str(ctx, f, "/");
		}
	}
	else if (applies(ctx, f, false))
	{
		parse_string(ctx, f, value);
	}
}

static void parse_http_match(ctx_t *ctx, const field_t *f, const char *value)
{
	if (!applies(ctx, f, false))
	{
		return;
	}
	if (!*value || strlen(value) > 256)
	{
		error(ctx, f->key, "must be 1..256 characters");
	}
	else
	{
		set_str(ctx, f, value);
	}
}

static void parse_http_host(ctx_t *ctx, const field_t *f, const char *value)
{
	lm_addr_t addr;

	if (!applies(ctx, f, false))
	{
		return;
	}
	if (lm_addr_parse(value, &addr))
	{
		error(ctx, f->key, "'%s' is an address, not a name (without "
			  "http_host the server address is sent)", value);
	}
	else
	{
		parse_string(ctx, f, value);
	}
}

/**
 * The default status codes, 2xx and 3xx.
 */
static void default_status(ctx_t *ctx)
{
	add_range(ctx, "http_status", (lm_http_range_t){
		LM_HTTP_STATUS_DEFAULT_MIN, LM_HTTP_STATUS_DEFAULT_MAX });
}

static void parse_http_status(ctx_t *ctx, const field_t *f, const char *value)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;

	if (!value)
	{
		if (is_http(cfg))
		{
			default_status(ctx);
		}
	}
	else if (applies(ctx, f, false))
	{
		/* a server's own list replaces the monitor's */
		free(cfg->http_status);
		cfg->http_status = NULL;
		cfg->http_status_count = 0;
		split_list(ctx, f->key, value, add_status, NULL);
	}
}

static void parse_tls_verify(ctx_t *ctx, const field_t *f, const char *value)
{
	if (applies(ctx, f, true))
	{
		parse_flag(ctx, f, value);
	}
}

static void parse_tls_ca(ctx_t *ctx, const field_t *f, const char *value)
{
	if (!applies(ctx, f, true))
	{
		return;
	}
	if (!ctx->cfg->tls_verify)
	{
		error(ctx, f->key, "requires tls_verify = yes");
	}
	else
	{
		parse_string(ctx, f, value);
	}
}

/**
 * Check that the protocol is dns, else report the key.
 */
static bool need_dns(ctx_t *ctx, const field_t *f)
{
	if (ctx->cfg->protocol != LM_PROTO_DNS)
	{
		error(ctx, f->key, "only applies to protocol dns");
		return false;
	}
	return true;
}

static void parse_dns_name(ctx_t *ctx, const field_t *f, const char *value)
{
	if (!value)
	{
		if (ctx->cfg->protocol == LM_PROTO_DNS)
		{
			error(ctx, f->key, "missing, protocol dns needs the name to ask "
				  "for");
		}
	}
	else if (need_dns(ctx, f))
	{
		parse_string(ctx, f, value);
	}
}

static void parse_dns_type(ctx_t *ctx, const field_t *f, const char *value)
{
	lm_dns_type_t type;

	if (!need_dns(ctx, f))
	{
		return;
	}
	if (!lm_dns_type_parse(value, &type))
	{
		error(ctx, f->key, "'%s' is not one of " LM_DNS_TYPE_NAMES, value);
		return;
	}
	set_number(ctx->cfg, f, type);
}

/**
 * Check a match against the record type it is for.
 */
static bool check_dns_match(ctx_t *ctx, lm_dns_type_t type, const char *value)
{
	const char *what;

	if (lm_dns_match_valid(type, value))
	{
		return true;
	}
	switch (type)
	{
		case LM_DNS_A:
			what = "an IPv4 address";
			break;
		case LM_DNS_AAAA:
			what = "an IPv6 address";
			break;
		case LM_DNS_TXT:
			what = "1..255 characters";
			break;
		default:
			what = "a domain name";
			break;
	}
	error(ctx, "dns_match", "'%s' is not %s, as dns_type %s needs", value,
		  what, lm_dns_type_name(type));
	return false;
}

static void parse_dns_match(ctx_t *ctx, const field_t *f, const char *value)
{
	if (need_dns(ctx, f) && check_dns_match(ctx, ctx->cfg->dns_type, value))
	{
		set_str(ctx, f, value);
	}
}

/**
 * What a server's own protocol needs of the keys it inherits or sets: the
 * DNS keys only for dns (dns_name, and a match fitting the type), a port for
 * tcp-connect.
 */
static void check_server_protocol(ctx_t *ctx)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;

	if (cfg->protocol != LM_PROTO_DNS)
	{
		free(cfg->dns_name);
		free(cfg->dns_match);
		cfg->dns_name = cfg->dns_match = NULL;
		cfg->dns_type = LM_DNS_A;
	}
	else if (!cfg->dns_name)
	{
		error(ctx, "dns_name", "missing, protocol dns needs the name to ask "
			  "for");
	}
	else if (cfg->dns_match)
	{
		check_dns_match(ctx, cfg->dns_type, cfg->dns_match);
	}
	if (cfg->protocol == LM_PROTO_TCP_CONNECT && !cfg->port)
	{
		error(ctx, "port", "missing, protocol tcp-connect needs the port to "
			  "connect to");
	}
}

static void parse_probe_child(ctx_t *ctx, const field_t *f, const char *value)
{
	if (!get_string(ctx, f, value))
	{
		return;
	}
	if (!ctx->cfg->child)
	{
		error(ctx, f->key, "requires 'child', the data child");
	}
	else if (strcmp(value, ctx->cfg->child) == 0)
	{
		error(ctx, f->key, "must differ from 'child'");
	}
	else
	{
		set_str(ctx, f, value);
	}
}

static void parse_failover(ctx_t *ctx, const field_t *f, const char *value)
{
	split_list(ctx, f->key, value, add_path, ctx->cfg);
	if (!ctx->cfg->connection || !ctx->cfg->child)
	{
		error(ctx, f->key, "requires 'connection' and 'child' (the data "
			  "child that moves)");
	}
}

/**
 * The subsections of a section named like the key (e.g. "routes"), each
 * parsed by parse_one.
 */
static void parse_sections(ctx_t *ctx, const field_t *f,
						   void (*parse_one)(ctx_t *ctx, const lm_kv_t *kv))
{
	const lm_kv_t *section;
	size_t i, k;

	for (i = 0; i < ctx->kv->nsubs; i++)
	{
		section = ctx->kv->subs[i];
		if (strcmp(section->name, f->key) != 0)
		{
			continue;
		}
		for (k = 0; k < section->npairs; k++)
		{
			error(ctx, f->key, "unexpected key '%s', %s are sections",
				  section->pairs[k].key, f->key);
		}
		for (k = 0; k < section->nsubs; k++)
		{
			parse_one(ctx, section->subs[k]);
		}
	}
}

static void parse_routes(ctx_t *ctx, const field_t *f, const char *value)
{
	parse_sections(ctx, f, parse_route);
}

/**
 * Report an error of a rule section, lm_rule_error_t.
 */
static void rule_error(void *user, const char *key, const char *msg)
{
	error(user, key, "%s", msg);
}

/**
 * Parse one rule section.
 */
static void parse_rule(ctx_t *ctx, const lm_kv_t *kv)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;
	lm_rule_cfg_t *r;

	if (cfg->rule_count == LM_MAX_RULES)
	{
		error(ctx, "rules", "more than %d rules", LM_MAX_RULES);
		return;
	}
	if (!grow((void**)&cfg->rules, cfg->rule_count + 1, sizeof(*r)))
	{
		error(ctx, "rules", "out of memory");
		return;
	}
	r = &cfg->rules[cfg->rule_count];
	*r = (lm_rule_cfg_t){
		.name = dup_key(ctx, "rules", kv->name),
	};
	if (!r->name)
	{
		return;
	}
	cfg->rule_count++;
	lm_rule_parse(kv, &r->rule, rule_error, ctx);
}

static void parse_rules(ctx_t *ctx, const field_t *f, const char *value)
{
	parse_sections(ctx, f, parse_rule);
}

static void parse_cascade(ctx_t *ctx, const field_t *f, const char *value)
{
	split_list(ctx, f->key, value, add_cascade, ctx->cfg);
}

static void parse_gateway(ctx_t *ctx, const field_t *f, const char *value)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;

	if (!get_addr(ctx, f, value))
	{
		return;
	}
	if (cfg->server_count && cfg->gateway.family != cfg->servers[0].family)
	{
		error(ctx, f->key, "address family differs from the servers'");
	}
	else if (cfg->connection)
	{
		error(ctx, f->key, "is for WAN monitors, not with 'connection'");
	}
}

static void parse_sla_action(ctx_t *ctx, const field_t *f, const char *value)
{
	parse_flag(ctx, f, value);
	if (ctx->cfg->sla_action && !lm_monitor_cfg_has_sla(ctx->cfg))
	{
		error(ctx, f->key, "requires at least one of latency_threshold, "
			  "jitter_threshold, loss_threshold, mos_threshold");
	}
}

static void parse_dead_action(ctx_t *ctx, const field_t *f, const char *value)
{
	parse_choice(ctx, f, value);
	if (ctx->cfg->dead_action != LM_DEAD_ACTION_NONE && !ctx->cfg->connection)
	{
		error(ctx, f->key, "requires 'connection'");
	}
}

static void parse_on_idle(ctx_t *ctx, const field_t *f, const char *value)
{
	parse_flag(ctx, f, value);
	if (ctx->cfg->on_idle && !ctx->cfg->connection)
	{
		error(ctx, f->key, "requires 'connection' (traffic of its CHILD_SA "
			  "counts)");
	}
}

/**
 * remote is set by server; check what %remote templates exclude.
 */
static void check_remote(ctx_t *ctx, const field_t *f, const char *value)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;

	if (cfg->remote && (cfg->failover_count || cfg->rule_count ||
						cfg->cascade_count || cfg->gateway.family))
	{
		error(ctx, "server", "%%remote templates act on their own tunnel "
			  "only (dead_action, routes to it), not with failover, rules, "
			  "cascade_interfaces or gateway");
	}
}

/**
 * A fwmark, decimal or 0x hexadecimal.
 */
static void parse_mark(ctx_t *ctx, const field_t *f, const char *value)
{
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(value, &end, 0);
	if (!isdigit((unsigned char)*value) || errno || *end || v > UINT32_MAX)
	{
		error(ctx, f->key, "'%s' is not a 32-bit mark (decimal or 0x hex)",
			  value);
		return;
	}
	set_number(ctx->cfg, f, v);
}

/**
 * Check that the protocol is bfd, else report the key.
 */
static bool need_bfd(ctx_t *ctx, const field_t *f)
{
	if (ctx->cfg->protocol != LM_PROTO_BFD)
	{
		error(ctx, f->key, "only applies to protocol bfd");
		return false;
	}
	return true;
}

/**
 * single or multi, with the port of the encapsulation.
 */
static void parse_bfd_mode(ctx_t *ctx, const field_t *f, const char *value)
{
	if (need_bfd(ctx, f))
	{
		parse_choice(ctx, f, value);
		ctx->cfg->port = ctx->cfg->bfd_mode == LM_BFD_MODE_MULTI ?
						 LM_BFD_PORT_MULTI : LM_BFD_PORT_SINGLE;
	}
}

/**
 * bfd_tx and bfd_rx, in ms.
 */
static void parse_bfd_interval(ctx_t *ctx, const field_t *f,
							   const char *value)
{
	if (need_bfd(ctx, f))
	{
		parse_duration(ctx, f, value);
	}
}

static void parse_bfd_mult(ctx_t *ctx, const field_t *f, const char *value)
{
	if (need_bfd(ctx, f))
	{
		parse_number(ctx, f, value);
	}
}

/**
 * Report a key set for a BFD session that has no meaning for one.
 *
 * @return			TRUE if reported
 */
static bool not_for_bfd(ctx_t *ctx, const field_t *f)
{
	const char *why = "";

	if (ctx->cfg->protocol != LM_PROTO_BFD || !(f->flags & F_NOT_BFD))
	{
		return false;
	}
	if (strcmp(f->key, "interval") == 0 ||
		strcmp(f->key, "probe_timeout") == 0)
	{
		why = ", the session's intervals are bfd_tx and bfd_rx";
	}
	else if (strcmp(f->key, "failtime") == 0)
	{
		why = ", the session's detection time (bfd_mult x the negotiated "
			  "interval) is its failtime";
	}
	else if (strcmp(f->key, "port") == 0)
	{
		why = ", BFD uses 3784 (single-hop) or 4784 (bfd_mode = multi)";
	}
	error(ctx, f->key, "does not apply to protocol bfd%s", why);
	return true;
}

static void parse_server_cfgs(ctx_t *ctx, const field_t *f,
							  const char *value);

/**
 * The dead weight threshold, within the servers' total weight.
 */
static void parse_fail_weight(ctx_t *ctx, const field_t *f, const char *value)
{
	uint32_t total = lm_monitor_cfg_weight(ctx->cfg);

	parse_number(ctx, f, value);
	if (ctx->cfg->fail_weight > total)
	{
		error(ctx, f->key, "%u is more than the servers' total weight %u: "
			  "the monitor could never be dead", ctx->cfg->fail_weight,
			  total);
	}
}

/**
 * Compare optional strings.
 */
static bool str_equals(const char *a, const char *b)
{
	if (!a || !b)
	{
		return a == b;
	}
	return strcmp(a, b) == 0;
}

/**
 * strdup() that passes NULL, flagging allocation failures.
 */
static char *dup_opt(const char *str, bool *failed)
{
	char *copy;

	if (!str)
	{
		return NULL;
	}
	copy = strdup(str);
	if (!copy)
	{
		*failed = true;
	}
	return copy;
}

static bool server_equals(const void *a, const void *b)
{
	return lm_addr_equals(a, b);
}

static bool path_equals(const void *a, const void *b)
{
	const lm_path_t *pa = a, *pb = b;

	return str_equals(pa->connection, pb->connection) &&
		   str_equals(pa->child, pb->child);
}

static bool path_dup(void *elem)
{
	lm_path_t *path = elem;
	bool failed = false;

	path->connection = dup_opt(path->connection, &failed);
	path->child = dup_opt(path->child, &failed);
	return !failed;
}

static void path_free(void *elem)
{
	lm_path_t *path = elem;

	free(path->connection);
	free(path->child);
}

static bool route_equals(const void *a, const void *b)
{
	const lm_route_cfg_t *ra = a, *rb = b;

	return str_equals(ra->name, rb->name) && ra->dst == rb->dst &&
		   lm_route_equals(&ra->route, &rb->route) &&
		   ra->has_dead_metric == rb->has_dead_metric &&
		   ra->dead_metric == rb->dead_metric;
}

static bool route_dup(void *elem)
{
	lm_route_cfg_t *route = elem;
	bool failed = false;

	route->name = dup_opt(route->name, &failed);
	return !failed;
}

static void route_free(void *elem)
{
	free(((lm_route_cfg_t*)elem)->name);
}

static bool rule_equals(const void *a, const void *b)
{
	const lm_rule_cfg_t *ra = a, *rb = b;

	return str_equals(ra->name, rb->name) &&
		   lm_rule_equals(&ra->rule, &rb->rule);
}

static bool rule_dup(void *elem)
{
	lm_rule_cfg_t *rule = elem;
	bool failed = false;

	rule->name = dup_opt(rule->name, &failed);
	return !failed;
}

static void rule_free(void *elem)
{
	free(((lm_rule_cfg_t*)elem)->name);
}

static bool string_equals(const void *a, const void *b)
{
	return str_equals(*(char**)a, *(char**)b);
}

static bool string_dup(void *elem)
{
	bool failed = false;

	*(char**)elem = dup_opt(*(char**)elem, &failed);
	return !failed;
}

static void string_free(void *elem)
{
	free(*(char**)elem);
}

static bool server_cfg_equals(const void *a, const void *b)
{
	const lm_monitor_cfg_t *ca = *(lm_monitor_cfg_t**)a;
	const lm_monitor_cfg_t *cb = *(lm_monitor_cfg_t**)b;

	return ca && cb ? lm_monitor_cfg_equals(ca, cb) : ca == cb;
}

static bool server_cfg_probe_equals(const void *a, const void *b)
{
	const lm_monitor_cfg_t *ca = *(lm_monitor_cfg_t**)a;
	const lm_monitor_cfg_t *cb = *(lm_monitor_cfg_t**)b;

	return ca && cb ? lm_monitor_cfg_probe_equals(ca, cb) : ca == cb;
}

static bool server_cfg_dup(void *elem)
{
	lm_monitor_cfg_t **cfg = elem;

	if (!*cfg)
	{
		return true;
	}
	*cfg = lm_monitor_cfg_clone(*cfg);
	return *cfg != NULL;
}

static void server_cfg_free(void *elem)
{
	lm_monitor_cfg_destroy(*(lm_monitor_cfg_t**)elem);
}

static const array_ops_t server_cfg_ops = {
	.size = sizeof(lm_monitor_cfg_t*),
	.equals = server_cfg_equals,
	.probe_equals = server_cfg_probe_equals,
	.dup = server_cfg_dup,
	.free = server_cfg_free,
};

static bool range_equals(const void *a, const void *b)
{
	const lm_http_range_t *ra = a, *rb = b;

	return ra->min == rb->min && ra->max == rb->max;
}

static const array_ops_t server_ops = {
	.size = sizeof(lm_addr_t),
	.equals = server_equals,
};

static const array_ops_t path_ops = {
	.size = sizeof(lm_path_t),
	.equals = path_equals,
	.dup = path_dup,
	.free = path_free,
};

static const array_ops_t route_ops = {
	.size = sizeof(lm_route_cfg_t),
	.equals = route_equals,
	.dup = route_dup,
	.free = route_free,
};

static const array_ops_t rule_ops = {
	.size = sizeof(lm_rule_cfg_t),
	.equals = rule_equals,
	.dup = rule_dup,
	.free = rule_free,
};

static const array_ops_t range_ops = {
	.size = sizeof(lm_http_range_t),
	.equals = range_equals,
};

static const array_ops_t string_ops = {
	.size = sizeof(char*),
	.equals = string_equals,
	.dup = string_dup,
	.free = string_free,
};

/**
 * The fields of a monitor, in the order their keys are parsed (later keys
 * are checked against earlier ones), with FortiGate's defaults and ranges.
 *
 * A new key is a field of lm_monitor_cfg_t, a line here (equality, clone
 * and destroy follow from its type) and, unless a generic parser fits, its
 * parse function; an enum key adds its names to enum_names. The unit test
 * test_equals_every_field wants a variant changing the new field.
 */
static const field_t fields[] = {
	{ FIELD(NULL, name, T_STR) },
	{ FIELD("protocol", protocol, T_ENUM), .flags = F_PROBE | F_SERVER,
	  .parse = parse_protocol, .def = LM_PROTO_PING },
	{ ARRAY("server", servers, server_count, server_ops),
	  .flags = F_PROBE | F_ALWAYS, .parse = parse_server },
	{ FIELD("secondary", primary_count, T_U32), .flags = F_PROBE | F_NOT_BFD,
	  .parse = parse_secondary },
	{ FIELD("source", source, T_ADDR), .flags = F_PROBE,
	  .parse = parse_source },
	{ FIELD("interface", interface, T_STR), .flags = F_PROBE,
	  .parse = parse_string, .check = is_ifname,
	  .what = "a valid interface name" },
	{ FIELD("connection", connection, T_STR), .parse = parse_string,
	  .check = is_name, .what = "a valid connection name" },
	{ FIELD("child", child, T_STR), .flags = F_CONNECTION,
	  .parse = parse_string, .check = is_name, .what = "a valid child name" },
	{ FIELD("port", port, T_U16),
	  .flags = F_PROBE | F_ALWAYS | F_SERVER | F_NOT_BFD,
	  .parse = parse_port, .min = 1, .max = 65535 },
	{ FIELD("dns_name", dns_name, T_STR),
	  .flags = F_PROBE | F_ALWAYS | F_SERVER | F_NOT_BFD,
	  .parse = parse_dns_name,
	  .check = lm_dns_name_valid,
	  .what = "a domain name (labels of 1..63 letters, digits, '-' or '_', "
			  "at most 253 characters)" },
	{ FIELD("dns_type", dns_type, T_ENUM),
	  .flags = F_PROBE | F_SERVER | F_NOT_BFD,
	  .parse = parse_dns_type, .def = LM_DNS_A },
	{ FIELD("dns_match", dns_match, T_STR),
	  .flags = F_PROBE | F_SERVER | F_NOT_BFD,
	  .parse = parse_dns_match },
	{ FIELD("http_get", http_get, T_STR),
	  .flags = F_PROBE | F_ALWAYS | F_SERVER | F_NOT_BFD,
	  .parse = parse_http_get, .check = is_abs_path,
	  .what = "an absolute path without spaces" },
	{ FIELD("http_match", http_match, T_STR),
	  .flags = F_PROBE | F_SERVER | F_NOT_BFD, .parse = parse_http_match },
	{ FIELD("http_host", http_host, T_STR),
	  .flags = F_PROBE | F_SERVER | F_NOT_BFD,
	  .parse = parse_http_host, .check = is_hostname,
	  .what = "a host name (labels of 1..63 letters, digits, '-' or '_', "
			  "at most 253 characters, no trailing dot)" },
	{ ARRAY("http_status", http_status, http_status_count, range_ops),
	  .flags = F_PROBE | F_ALWAYS | F_SERVER | F_NOT_BFD,
	  .parse = parse_http_status },
	{ FIELD("tls_verify", tls_verify, T_BOOL),
	  .flags = F_PROBE | F_SERVER | F_NOT_BFD, .parse = parse_tls_verify },
	{ FIELD("tls_ca", tls_ca, T_STR), .flags = F_PROBE | F_SERVER | F_NOT_BFD,
	  .parse = parse_tls_ca, .check = is_abs_path,
	  .what = "an absolute path without spaces" },
	{ FIELD("bfd_mode", bfd_mode, T_ENUM), .flags = F_PROBE,
	  .parse = parse_bfd_mode, .def = LM_BFD_MODE_SINGLE },
	{ FIELD("bfd_tx", bfd_tx_ms, T_U32), .parse = parse_bfd_interval,
	  .min = 10, .max = 60000, .def = 300 },
	{ FIELD("bfd_rx", bfd_rx_ms, T_U32), .parse = parse_bfd_interval,
	  .min = 10, .max = 60000, .def = 300 },
	{ FIELD("bfd_mult", bfd_mult, T_U32), .parse = parse_bfd_mult,
	  .min = 1, .max = 255, .def = 3 },
	{ FIELD("interval", interval_ms, T_U32), .flags = F_PROBE | F_NOT_BFD,
	  .parse = parse_duration, .min = 10, .max = 3600000, .def = 500 },
	{ FIELD("probe_timeout", probe_timeout_ms, T_U32),
	  .flags = F_PROBE | F_NOT_BFD,
	  .parse = parse_duration, .min = 10, .max = 5000, .def = 500 },
	{ FIELD("failtime", failtime, T_U32), .flags = F_NOT_BFD,
	  .parse = parse_number,
	  .min = 1, .max = 3600, .def = 5 },
	{ FIELD("recoverytime", recoverytime, T_U32), .parse = parse_number,
	  .min = 1, .max = 3600, .def = 5 },
	{ FIELD("probe_count", probe_count, T_U32), .flags = F_PROBE | F_NOT_BFD,
	  .parse = parse_number, .min = 5, .max = 30, .def = 30 },
	{ FIELD("ha_priority", ha_priority, T_U32), .parse = parse_number,
	  .min = 1, .max = 50, .def = 1 },
	{ FIELD("diffservcode", dscp, T_U8), .flags = F_PROBE | F_SERVER,
	  .parse = parse_number, .min = 0, .max = 63 },
	{ FIELD("mos_codec", mos_codec, T_ENUM), .flags = F_PROBE | F_NOT_BFD,
	  .parse = parse_choice, .def = LM_CODEC_G711 },
	{ FIELD("enabled", enabled, T_BOOL), .flags = F_PROBE,
	  .parse = parse_flag, .def = true },
	{ FIELD("probe_child", probe_child, T_STR), .flags = F_CONNECTION,
	  .parse = parse_probe_child, .check = is_name,
	  .what = "a valid child name" },
	{ ARRAY("failover", failover, failover_count, path_ops),
	  .parse = parse_failover },
	{ FIELD("teardown", teardown, T_ENUM), .parse = parse_choice,
	  .def = LM_TEARDOWN_CHILD },
	{ FIELD("failback", failback, T_BOOL), .parse = parse_flag, .def = true },
	{ FIELD("failback_delay", failback_delay_s, T_U32),
	  .parse = parse_number, .min = 0, .max = 86400 },
	{ FIELD("holddown", holddown_s, T_U32), .parse = parse_number,
	  .min = 0, .max = 86400, .def = 10 },
	{ FIELD("standby", standby, T_ENUM), .parse = parse_choice,
	  .def = LM_STANDBY_NONE },
	{ ARRAY("routes", routes, route_count, route_ops),
	  .flags = F_SECTION | F_ALWAYS, .parse = parse_routes },
	{ ARRAY("rules", rules, rule_count, rule_ops),
	  .flags = F_SECTION | F_ALWAYS, .parse = parse_rules },
	{ ARRAY("cascade_interfaces", cascade, cascade_count, string_ops),
	  .parse = parse_cascade },
	{ FIELD("gateway", gateway, T_ADDR), .parse = parse_gateway },
	{ FIELD("latency_threshold", latency_threshold_ms, T_U32),
	  .flags = F_NOT_BFD, .parse = parse_duration, .min = 1, .max = 60000 },
	{ FIELD("jitter_threshold", jitter_threshold_ms, T_U32),
	  .flags = F_NOT_BFD, .parse = parse_duration, .min = 1, .max = 60000 },
	{ FIELD("loss_threshold", loss_threshold, T_DOUBLE), .flags = F_NOT_BFD,
	  .parse = parse_real,
	  .min = 0.0, .max = 100.0, .what = "a percentage 0..100", .def = -1.0 },
	{ FIELD("mos_threshold", mos_threshold, T_DOUBLE), .flags = F_NOT_BFD,
	  .parse = parse_real,
	  .min = 1.0, .max = 4.5, .what = "a MOS 1.0..4.5" },
	{ FIELD("sla_action", sla_action, T_BOOL), .flags = F_NOT_BFD,
	  .parse = parse_sla_action },
	{ FIELD("dead_action", dead_action, T_ENUM),
	  .parse = parse_dead_action, .def = LM_DEAD_ACTION_NONE },
	{ FIELD("on_idle", on_idle, T_BOOL), .flags = F_PROBE | F_NOT_BFD,
	  .parse = parse_on_idle },
	{ FIELD(NULL, remote, T_BOOL), .flags = F_PROBE | F_ALWAYS,
	  .parse = check_remote },
	{ FIELD("updown", updown, T_STR), .parse = parse_string,
	  .check = is_abs_path, .what = "an absolute path without spaces" },
	{ FIELD("mark", mark, T_U32), .flags = F_PROBE | F_SERVER,
	  .parse = parse_mark },
	{ FIELD("weight", weight, T_U32), .flags = F_SERVER | F_SERVER_ONLY,
	  .parse = parse_number, .min = 1, .max = 255, .def = 1 },
	{ ARRAY("servers", server_cfgs, server_cfg_count, server_cfg_ops),
	  .flags = F_PROBE | F_SECTION | F_ALWAYS, .parse = parse_server_cfgs },
	{ FIELD(NULL, gateways, T_U32), .flags = F_PROBE },
	{ FIELD("fail_weight", fail_weight, T_U32), .parse = parse_fail_weight,
	  .min = 1, .max = 255 * LM_MAX_SERVERS },
};

const char *lm_monitor_cfg_field(int i, bool *probe)
{
	if (i < 0 || (size_t)i >= countof(fields))
	{
		return NULL;
	}
	*probe = fields[i].flags & F_PROBE;
	return fields[i].key ?: fields[i].name;
}

/**
 * Find the field of a key, or of a subsection.
 */
static const field_t *find_field(const char *key, bool section)
{
	size_t i;

	for (i = 0; i < countof(fields); i++)
	{
		if (fields[i].key && strcmp(fields[i].key, key) == 0 &&
			!(fields[i].flags & F_SECTION) == !section)
		{
			return &fields[i];
		}
	}
	return NULL;
}

/**
 * Check the keys of a server's entry: its address, and the keys a server
 * may set.
 */
static void check_server_keys(ctx_t *ctx, const lm_kv_t *entry)
{
	const field_t *f;
	size_t i;

	for (i = 0; i < entry->nsubs; i++)
	{
		error(ctx, entry->subs[i]->name, "unexpected subsection");
	}
	for (i = 0; i < entry->npairs; i++)
	{
		f = find_field(entry->pairs[i].key, false);
		if (strcmp(entry->pairs[i].key, "address") != 0 &&
			(!f || !(f->flags & F_SERVER)))
		{
			error(ctx, entry->pairs[i].key, "%s", f ? "is the monitor's, "
				  "not a server's" : "unknown key");
		}
	}
}

/**
 * What a server's own protocol keeps of the HTTP and TLS keys it inherits:
 * none but for http and https, which get the defaults of http_get and
 * http_status; the TLS keys only for https, tls_ca only with tls_verify.
 */
static void check_server_http(ctx_t *ctx)
{
	lm_monitor_cfg_t *cfg = ctx->cfg;

	if (!is_http(cfg))
	{
		free(cfg->http_get);
		free(cfg->http_match);
		free(cfg->http_host);
		free(cfg->http_status);
		cfg->http_get = cfg->http_match = cfg->http_host = NULL;
		cfg->http_status = NULL;
		cfg->http_status_count = 0;
	}
	else
	{
		if (!cfg->http_get)
		{
			cfg->http_get = dup_key(ctx, "http_get", "/");
		}
		if (!cfg->http_status_count)
		{
			default_status(ctx);
		}
	}
	if (cfg->protocol != LM_PROTO_HTTPS || !cfg->tls_verify)
	{
		cfg->tls_verify = cfg->tls_verify && cfg->protocol == LM_PROTO_HTTPS;
		free(cfg->tls_ca);
		cfg->tls_ca = NULL;
	}
}

/**
 * A BFD monitor runs a session with each server, other monitors none.
 */
static void check_server_bfd(ctx_t *ctx, ctx_t *sub)
{
	if (ctx->cfg->protocol == LM_PROTO_BFD &&
		sub->cfg->protocol != LM_PROTO_BFD)
	{
		error(sub, "protocol", "a monitor with protocol bfd runs a BFD "
			  "session with each of its servers, no other protocol");
	}
	else if (ctx->cfg->protocol != LM_PROTO_BFD &&
			 sub->cfg->protocol == LM_PROTO_BFD)
	{
		error(sub, "protocol", "bfd applies to a whole monitor, not to one "
			  "of its servers");
	}
}

/**
 * A server's configuration: the monitor's, with the keys of the server's
 * entry parsed over it.
 */
static lm_monitor_cfg_t *parse_server_cfg(ctx_t *ctx, const lm_kv_t *entry)
{
	char prefix[LM_MAX_NAME + 16];
	const field_t *f;
	const char *value;
	ctx_t sub = *ctx;

	snprintf(prefix, sizeof(prefix), "servers.%s.", entry->name);
	sub.prefix = prefix;
	sub.kv = entry;
	sub.cfg = lm_monitor_cfg_clone(ctx->cfg);
	if (!sub.cfg)
	{
		error(ctx, "servers", "out of memory");
		return NULL;
	}
	check_server_keys(&sub, entry);
	for (f = fields; f < fields + countof(fields); f++)
	{
		value = f->key && (f->flags & F_SERVER) ? lm_kv_get(entry, f->key)
												: NULL;
		if (value && f->parse && !not_for_bfd(&sub, f))
		{
			f->parse(&sub, f, value);
		}
	}
	check_server_bfd(ctx, &sub);
	check_server_http(&sub);
	check_server_protocol(&sub);
	ctx->count = sub.count;
	return sub.cfg;
}

/**
 * The configuration of each server of a servers section, once the
 * monitor's keys are parsed.
 */
static void parse_server_cfgs(ctx_t *ctx, const field_t *f, const char *value)
{
	const lm_kv_t *servers = subsection(ctx->kv, "servers");
	lm_monitor_cfg_t **cfgs;
	size_t i;

	if (ctx->cfg->gateways && !ctx->cfg->interface)
	{
		error(ctx, servers ? "servers" : "server", "%%gateway requires "
			  "'interface', whose default gateway it is");
	}
	if (ctx->cfg->gateways && ctx->cfg->gateway.family)
	{
		error(ctx, "gateway", "host routes via a gateway do not go with "
			  "%%gateway servers");
	}
	if (!servers)
	{
		return;
	}
	if (ctx->cfg->protocol == LM_PROTO_DPD || ctx->cfg->remote)
	{
		error(ctx, "servers", "does not apply to %s", ctx->cfg->remote ?
			  "%remote templates" : "protocol dpd");
		return;
	}
	cfgs = calloc(servers->nsubs + 1, sizeof(*cfgs));
	if (!cfgs)
	{
		error(ctx, "servers", "out of memory");
		return;
	}
	for (i = 0; i < servers->nsubs; i++)
	{
		cfgs[i] = parse_server_cfg(ctx, servers->subs[i]);
	}
	ctx->cfg->server_cfgs = cfgs;
	ctx->cfg->server_cfg_count = servers->nsubs;
}

/**
 * Report unknown keys and subsections.
 */
static void check_keys(ctx_t *ctx)
{
	const lm_kv_t *kv = ctx->kv;
	const field_t *f;
	size_t i;

	for (i = 0; i < kv->nsubs; i++)
	{
		if (!find_field(kv->subs[i]->name, true))
		{
			error(ctx, kv->subs[i]->name, "unexpected subsection");
		}
	}
	for (i = 0; i < kv->npairs; i++)
	{
		f = find_field(kv->pairs[i].key, false);
		if (!f)
		{
			error(ctx, kv->pairs[i].key, "unknown key");
		}
		else if (f->flags & F_SERVER_ONLY)
		{
			error(ctx, kv->pairs[i].key, "only in a server's entry of a "
				  "servers section");
		}
	}
}

/**
 * Set the defaults of numbers, enums and booleans.
 */
static void set_defaults(lm_monitor_cfg_t *cfg)
{
	const field_t *f;

	for (f = fields; f < fields + countof(fields); f++)
	{
		if (f->type == T_DOUBLE)
		{
			*(double*)AT(cfg, f) = f->def;
		}
		else
		{
			set_number(cfg, f, f->def);
		}
	}
}

/**
 * Parse the keys of a monitor section in the order of the fields.
 */
static void parse_fields(ctx_t *ctx)
{
	const field_t *f;
	const char *value;

	for (f = fields; f < fields + countof(fields); f++)
	{
		value = NULL;
		if (f->key && !(f->flags & F_SECTION))
		{
			value = lm_kv_get(ctx->kv, f->key);
		}
		if (value && not_for_bfd(ctx, f))
		{
			continue;
		}
		if (f->parse && (value || (f->flags & F_ALWAYS)))
		{
			f->parse(ctx, f, value);
		}
	}
}

/**
 * Parse one monitor section.
 */
static lm_monitor_cfg_t *parse_monitor(ctx_t *ctx, const lm_kv_t *kv)
{
	lm_monitor_cfg_t *cfg;
	int start = ctx->count;

	cfg = calloc(1, sizeof(*cfg));
	if (!cfg || !(cfg->name = strdup(kv->name)))
	{
		free(cfg);
		error(ctx, NULL, "out of memory");
		return NULL;
	}
	set_defaults(cfg);
	ctx->kv = kv;
	ctx->cfg = cfg;
	if (!valid_name(kv->name))
	{
		error(ctx, NULL, "invalid name (1..%d letters, digits, '-', '_')",
			  LM_MAX_NAME);
	}
	check_keys(ctx);
	parse_fields(ctx);
	if (ctx->count != start)
	{
		lm_monitor_cfg_destroy(cfg);
		return NULL;
	}
	return cfg;
}

/**
 * A BFD session is known by its encapsulation and addresses, on our side
 * and the peer's: two monitors cannot share one.
 *
 * @return			FALSE if cfg would share a session of an earlier monitor
 */
static bool check_bfd_unique(ctx_t *ctx, const lm_config_t *config,
							 const lm_monitor_cfg_t *cfg)
{
	const lm_monitor_cfg_t *other;
	char src[LM_ADDR_STRLEN], dst[LM_ADDR_STRLEN];
	int i, a, b;

	for (i = 0; cfg->protocol == LM_PROTO_BFD && i < config->count; i++)
	{
		other = config->monitors[i];
		if (other->protocol != LM_PROTO_BFD ||
			other->bfd_mode != cfg->bfd_mode ||
			!lm_addr_equals(&other->source, &cfg->source))
		{
			continue;
		}
		for (a = 0; a < cfg->server_count; a++)
		{
			for (b = 0; b < other->server_count; b++)
			{
				if (lm_addr_equals(&cfg->servers[a], &other->servers[b]))
				{
					error(ctx, "server", "the %s BFD session from %s to %s "
						  "is monitor '%s''s", lm_bfd_mode_name(cfg->bfd_mode),
						  cfg->source.family ? lm_addr_fmt(&cfg->source, src)
											 : "any address",
						  lm_addr_fmt(&cfg->servers[a], dst), other->name);
					return false;
				}
			}
		}
	}
	return true;
}

lm_config_t *lm_config_parse(const lm_kv_t *monitors, const char *file,
							 lm_buf_t *errors)
{
	lm_config_t *config;
	lm_monitor_cfg_t *cfg;
	ctx_t ctx = {
		.file = file,
		.errors = errors,
	};
	size_t i;
	int j;

	config = calloc(1, sizeof(*config));
	if (!config)
	{
		lm_buf_printf(errors, "%s: out of memory\n", file);
		return NULL;
	}
	if (monitors)
	{
		if (monitors->npairs)
		{
			lm_buf_printf(errors, "%s: monitors: unexpected key '%s', "
						  "monitors are sections\n", file,
						  monitors->pairs[0].key);
			ctx.count++;
		}
		config->monitors = calloc(monitors->nsubs + 1, sizeof(cfg));
		if (!config->monitors)
		{
			free(config);
			lm_buf_printf(errors, "%s: out of memory\n", file);
			return NULL;
		}
		for (i = 0; i < monitors->nsubs; i++)
		{
			ctx.name = monitors->subs[i]->name;
			for (j = 0; j < config->count; j++)
			{
				if (strcasecmp(config->monitors[j]->name, ctx.name) == 0)
				{
					error(&ctx, NULL, "name clashes with monitor '%s' "
						  "(names are case-insensitive)",
						  config->monitors[j]->name);
					break;
				}
			}
			cfg = parse_monitor(&ctx, monitors->subs[i]);
			if (cfg && check_bfd_unique(&ctx, config, cfg))
			{
				config->monitors[config->count++] = cfg;
			}
			else
			{
				lm_monitor_cfg_destroy(cfg);
			}
		}
	}
	if (ctx.count || lm_buf_failed(errors))
	{
		lm_config_destroy(config);
		return NULL;
	}
	return config;
}

bool lm_monitor_cfg_has_sla(const lm_monitor_cfg_t *cfg)
{
	return cfg->latency_threshold_ms || cfg->jitter_threshold_ms ||
		   cfg->loss_threshold >= 0.0 || cfg->mos_threshold > 0.0;
}

const char *lm_monitor_cfg_probe_child(const lm_monitor_cfg_t *cfg)
{
	return cfg->probe_child ?: cfg->child;
}

const lm_monitor_cfg_t *lm_monitor_cfg_server(const lm_monitor_cfg_t *cfg,
											  int server)
{
	if (server >= 0 && server < cfg->server_cfg_count &&
		cfg->server_cfgs[server])
	{
		return cfg->server_cfgs[server];
	}
	return cfg;
}

uint32_t lm_monitor_cfg_weight(const lm_monitor_cfg_t *cfg)
{
	uint32_t total = 0;
	int i;

	for (i = 0; i < cfg->primary_count; i++)
	{
		total += lm_monitor_cfg_server(cfg, i)->weight;
	}
	return total;
}

lm_monitor_cfg_t *lm_config_find(const lm_config_t *config, const char *name)
{
	int i;

	for (i = 0; i < config->count; i++)
	{
		if (strcmp(config->monitors[i]->name, name) == 0)
		{
			return config->monitors[i];
		}
	}
	return NULL;
}

/**
 * Compare an array field.
 */
static bool array_equals(const field_t *f, const lm_monitor_cfg_t *a,
						 const lm_monitor_cfg_t *b, bool probe)
{
	int count = *(int*)((char*)a + f->count), i;
	char *ea = *(char**)AT(a, f), *eb = *(char**)AT(b, f);
	bool (*equals)(const void *a, const void *b) = f->array->equals;

	if (probe && f->array->probe_equals)
	{
		equals = f->array->probe_equals;
	}
	if (count != *(int*)((char*)b + f->count))
	{
		return false;
	}
	for (i = 0; i < count; i++)
	{
		if (!equals(ea + i * f->array->size, eb + i * f->array->size))
		{
			return false;
		}
	}
	return true;
}

/**
 * Compare a field.
 */
static bool field_equals(const field_t *f, const lm_monitor_cfg_t *a,
						 const lm_monitor_cfg_t *b, bool probe)
{
	void *pa = AT(a, f), *pb = AT(b, f);

	switch (f->type)
	{
		case T_DOUBLE:
			return *(double*)pa == *(double*)pb;
		case T_STR:
			return str_equals(*(char**)pa, *(char**)pb);
		case T_ADDR:
			return lm_addr_equals(pa, pb);
		case T_ARRAY:
			return array_equals(f, a, b, probe);
		default:
			return memcmp(pa, pb, number_size(f->type)) == 0;
	}
}

/**
 * Compare the fields with all of the given flags.
 */
static bool fields_equal(const lm_monitor_cfg_t *a, const lm_monitor_cfg_t *b,
						 unsigned flags)
{
	const field_t *f;

	for (f = fields; f < fields + countof(fields); f++)
	{
		if ((f->flags & flags) == flags &&
			!field_equals(f, a, b, flags & F_PROBE))
		{
			return false;
		}
	}
	return true;
}

bool lm_monitor_cfg_probe_equals(const lm_monitor_cfg_t *a,
								 const lm_monitor_cfg_t *b)
{
	return fields_equal(a, b, F_PROBE);
}

bool lm_monitor_cfg_equals(const lm_monitor_cfg_t *a,
						   const lm_monitor_cfg_t *b)
{
	return fields_equal(a, b, 0);
}

/**
 * Replace a copied array field by a copy of the array; on failure it is NULL
 * (count 0) or holds NULL strings.
 */
static bool clone_array(const field_t *f, lm_monitor_cfg_t *clone)
{
	int *count = (int*)((char*)clone + f->count), i;
	char **array = (char**)AT(clone, f), *orig = *array;
	size_t size = f->array->size;
	bool ok = true;

	*array = NULL;
	if (!*count)
	{
		return true;
	}
	*array = malloc(*count * size);
	if (!*array)
	{
		*count = 0;
		return false;
	}
	memcpy(*array, orig, *count * size);
	for (i = 0; f->array->dup && i < *count; i++)
	{
		ok = f->array->dup(*array + i * size) && ok;
	}
	return ok;
}

lm_monitor_cfg_t *lm_monitor_cfg_clone(const lm_monitor_cfg_t *cfg)
{
	lm_monitor_cfg_t *clone;
	const field_t *f;
	bool failed = false;
	char **str;

	clone = malloc(sizeof(*clone));
	if (!clone)
	{
		return NULL;
	}
	*clone = *cfg;
	for (f = fields; f < fields + countof(fields); f++)
	{
		if (f->type == T_STR)
		{
			str = (char**)AT(clone, f);
			*str = dup_opt(*str, &failed);
		}
		else if (f->type == T_ARRAY && !clone_array(f, clone))
		{
			failed = true;
		}
	}
	if (failed)
	{
		lm_monitor_cfg_destroy(clone);
		return NULL;
	}
	return clone;
}

/**
 * Free an array field and what its elements own.
 */
static void free_array(const field_t *f, lm_monitor_cfg_t *cfg)
{
	int count = *(int*)((char*)cfg + f->count), i;
	char *array = *(char**)AT(cfg, f);

	for (i = 0; array && f->array->free && i < count; i++)
	{
		f->array->free(array + i * f->array->size);
	}
	free(array);
}

void lm_monitor_cfg_destroy(lm_monitor_cfg_t *cfg)
{
	const field_t *f;

	if (!cfg)
	{
		return;
	}
	for (f = fields; f < fields + countof(fields); f++)
	{
		if (f->type == T_STR)
		{
			free(*(char**)AT(cfg, f));
		}
		else if (f->type == T_ARRAY)
		{
			free_array(f, cfg);
		}
	}
	free(cfg);
}

void lm_config_destroy(lm_config_t *config)
{
	int i;

	if (config)
	{
		for (i = 0; i < config->count; i++)
		{
			lm_monitor_cfg_destroy(config->monitors[i]);
		}
		free(config->monitors);
		free(config);
	}
}
