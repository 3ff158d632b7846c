/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <errno.h>
#include <limits.h>
#include <net/if.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *proto_names[] = {
	[LM_PROTO_PING] = "ping",
	[LM_PROTO_TCP_ECHO] = "tcp-echo",
	[LM_PROTO_UDP_ECHO] = "udp-echo",
	[LM_PROTO_HTTP] = "http",
	[LM_PROTO_HTTPS] = "https",
	[LM_PROTO_TWAMP] = "twamp",
	[LM_PROTO_DPD] = "dpd",
};

static const char *codec_names[] = {
	[LM_CODEC_G711] = "g711",
	[LM_CODEC_G729] = "g729",
};

const char *lm_proto_name(lm_proto_t proto)
{
	if ((unsigned)proto < sizeof(proto_names) / sizeof(proto_names[0]))
	{
		return proto_names[proto];
	}
	return "unknown";
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
			return 862;
		case LM_PROTO_PING:
		default:
			return 0;
	}
}

const char *lm_codec_name(lm_codec_t codec)
{
	if ((unsigned)codec < sizeof(codec_names) / sizeof(codec_names[0]))
	{
		return codec_names[codec];
	}
	return "unknown";
}

/**
 * Context while parsing one monitor.
 */
typedef struct {
	const char *file;
	const char *name;
	lm_buf_t *errors;
	int count;
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
		lm_buf_printf(ctx->errors, "%s: monitor '%s': %s: %s\n", ctx->file,
					  ctx->name, key, msg);
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
 * Parse a number in a range.
 */
static void get_uint(ctx_t *ctx, const char *key, const char *value,
					 uint64_t min, uint64_t max, uint32_t *out)
{
	uint64_t v;

	if (!parse_uint(value, &v))
	{
		error(ctx, key, "'%s' is not a number", value);
		return;
	}
	if (v < min || v > max)
	{
		error(ctx, key, "%llu is out of range %llu..%llu",
			  (unsigned long long)v, (unsigned long long)min,
			  (unsigned long long)max);
		return;
	}
	*out = v;
}

/**
 * Parse a duration in ms: a number with optional suffix ms or s.
 */
static void get_duration(ctx_t *ctx, const char *key, const char *value,
						 uint64_t min, uint64_t max, uint32_t *out)
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
	if (len == 0 || len >= sizeof(num))
	{
		error(ctx, key, "'%s' is not a duration (a number with optional "
			  "suffix ms or s)", value);
		return;
	}
	if (strcmp(suffix, "") == 0 || strcmp(suffix, "ms") == 0)
	{
		mult = 1;
	}
	else if (strcmp(suffix, "s") == 0)
	{
		mult = 1000;
	}
	else
	{
		error(ctx, key, "'%s' is not a duration (a number with optional "
			  "suffix ms or s)", value);
		return;
	}
	memcpy(num, value, len);
	num[len] = '\0';
	if (!parse_uint(num, &v) || v > UINT32_MAX / mult)
	{
		error(ctx, key, "'%s' is too large", value);
		return;
	}
	v *= mult;
	if (v < min || v > max)
	{
		error(ctx, key, "%llu ms is out of range %llu..%llu ms",
			  (unsigned long long)v, (unsigned long long)min,
			  (unsigned long long)max);
		return;
	}
	*out = v;
}

/**
 * Parse a boolean as strongSwan does.
 */
static void get_bool(ctx_t *ctx, const char *key, const char *value, bool *out)
{
	if (strcasecmp(value, "yes") == 0 || strcasecmp(value, "true") == 0 ||
		strcasecmp(value, "enabled") == 0 || strcmp(value, "1") == 0)
	{
		*out = true;
	}
	else if (strcasecmp(value, "no") == 0 || strcasecmp(value, "false") == 0 ||
			 strcasecmp(value, "disabled") == 0 || strcmp(value, "0") == 0)
	{
		*out = false;
	}
	else
	{
		error(ctx, key, "'%s' is not yes or no", value);
	}
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
 * Look up an enum value by name.
 */
static int lookup(const char *value, const char **names, int count)
{
	int i;

	for (i = 0; i < count; i++)
	{
		if (names[i] && strcmp(names[i], value) == 0)
		{
			return i;
		}
	}
	return -1;
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
	if (!lm_addr_parse(tok, &addr))
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

	if (!is_token(tok, IF_NAMESIZE - 1) || strchr(tok, '/'))
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
 * Parse a prefix "addr/len" (or an address as host route).
 */
static bool parse_prefix(const char *value, lm_addr_t *addr, uint8_t *len)
{
	char buf[LM_ADDR_STRLEN + 8], *slash;
	uint64_t l;

	if (strlen(value) >= sizeof(buf))
	{
		return false;
	}
	strcpy(buf, value);
	slash = strchr(buf, '/');
	if (slash)
	{
		*slash = '\0';
	}
	if (!lm_addr_parse(buf, addr))
	{
		return false;
	}
	l = addr->family == AF_INET ? 32 : 128;
	if (slash)
	{
		if (!parse_uint(slash + 1, &l) || l > (addr->family == AF_INET ? 32 : 128))
		{
			return false;
		}
	}
	*len = l;
	return true;
}

/**
 * Keys of a route section.
 */
static const char *route_keys[] = {
	"destination", "gateway", "interface", "metric", "table", "dead_metric",
};

/**
 * Parse one route section.
 */
static void parse_route(ctx_t *ctx, const lm_kv_t *kv, lm_monitor_cfg_t *cfg)
{
	lm_route_cfg_t *r;
	char key[128];
	const char *v;
	uint64_t num;
	size_t i, k;

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
	for (i = 0; i < kv->nsubs; i++)
	{
		snprintf(key, sizeof(key), "routes.%s.%s", kv->name, kv->subs[i]->name);
		error(ctx, key, "unexpected subsection");
	}
	for (i = 0; i < kv->npairs; i++)
	{
		for (k = 0; k < sizeof(route_keys) / sizeof(route_keys[0]); k++)
		{
			if (strcmp(kv->pairs[i].key, route_keys[k]) == 0)
			{
				break;
			}
		}
		if (k == sizeof(route_keys) / sizeof(route_keys[0]))
		{
			snprintf(key, sizeof(key), "routes.%s.%s", kv->name,
					 kv->pairs[i].key);
			error(ctx, key, "unknown key");
		}
	}
#define RKEY(k_) (snprintf(key, sizeof(key), "routes.%s.%s", kv->name, k_), key)
	v = lm_kv_get(kv, "destination");
	if (!v)
	{
		error(ctx, RKEY("destination"), "missing");
	}
	else if (!parse_prefix(v, &r->route.dst, &r->route.prefixlen))
	{
		error(ctx, RKEY("destination"), "'%s' is not an IPv4 or IPv6 prefix", v);
	}
	v = lm_kv_get(kv, "gateway");
	if (v)
	{
		if (!lm_addr_parse(v, &r->route.gateway))
		{
			error(ctx, RKEY("gateway"), "'%s' is not an IPv4 or IPv6 address", v);
		}
		else if (r->route.dst.family &&
				 r->route.gateway.family != r->route.dst.family)
		{
			error(ctx, RKEY("gateway"), "address family differs from the "
				  "destination's");
		}
	}
	v = lm_kv_get(kv, "interface");
	if (v)
	{
		if (!is_token(v, IF_NAMESIZE - 1) || strchr(v, '/'))
		{
			error(ctx, RKEY("interface"), "'%s' is not a valid interface name", v);
		}
		else
		{
			strcpy(r->route.ifname, v);
		}
	}
	if (!r->route.gateway.family && !r->route.ifname[0])
	{
		error(ctx, RKEY("gateway"), "a route needs a gateway, an interface "
			  "or both");
	}
	v = lm_kv_get(kv, "metric");
	if (v)
	{
		if (!parse_uint(v, &num) || num > UINT32_MAX)
		{
			error(ctx, RKEY("metric"), "'%s' is not a number 0..4294967295", v);
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
			error(ctx, RKEY("table"), "'%s' is not 'main' or a table number "
				  "(1..4294967295, not default 253 or local 255)", v);
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
			error(ctx, RKEY("dead_metric"), "'%s' is not a number 0..4294967295",
				  v);
		}
		else if (num == r->route.metric)
		{
			error(ctx, RKEY("dead_metric"), "equals metric, the route would "
				  "not change");
		}
		else
		{
			r->has_dead_metric = true;
			r->dead_metric = num;
		}
	}
#undef RKEY
}

/**
 * Keys known in a monitor section.
 */
static const char *known_keys[] = {
	"server", "source", "interface", "connection", "child", "protocol",
	"port", "http_get", "http_match", "interval", "probe_timeout", "failtime",
	"recoverytime", "probe_count", "ha_priority", "diffservcode", "mos_codec",
	"enabled", "probe_child", "failover", "teardown", "failback",
	"failback_delay", "holddown", "standby", "cascade_interfaces", "gateway",
	"latency_threshold", "jitter_threshold", "loss_threshold", "mos_threshold",
	"sla_action", "updown", "dead_action", "on_idle",
};

/**
 * Parse one monitor section.
 */
static lm_monitor_cfg_t *parse_monitor(ctx_t *ctx, const lm_kv_t *kv)
{
	lm_monitor_cfg_t *cfg;
	const char *v, *key;
	uint32_t num;
	size_t i, k;
	int e, start = ctx->count;

	cfg = calloc(1, sizeof(*cfg));
	if (!cfg || !(cfg->name = strdup(kv->name)))
	{
		free(cfg);
		error(ctx, NULL, "out of memory");
		return NULL;
	}
	*cfg = (lm_monitor_cfg_t){
		.name = cfg->name,
		.protocol = LM_PROTO_PING,
		.interval_ms = 500,
		.probe_timeout_ms = 500,
		.failtime = 5,
		.recoverytime = 5,
		.probe_count = 30,
		.ha_priority = 1,
		.mos_codec = LM_CODEC_G711,
		.enabled = true,
	};

	if (!valid_name(kv->name))
	{
		error(ctx, NULL, "invalid name (1..%d letters, digits, '-', '_')",
			  LM_MAX_NAME);
	}
	for (i = 0; i < kv->nsubs; i++)
	{
		if (strcmp(kv->subs[i]->name, "routes") != 0)
		{
			error(ctx, kv->subs[i]->name, "unexpected subsection");
		}
	}
	for (i = 0; i < kv->npairs; i++)
	{
		key = kv->pairs[i].key;
		for (k = 0; k < sizeof(known_keys) / sizeof(known_keys[0]); k++)
		{
			if (strcmp(key, known_keys[k]) == 0)
			{
				break;
			}
		}
		if (k == sizeof(known_keys) / sizeof(known_keys[0]))
		{
			error(ctx, key, "unknown key");
		}
	}

	v = lm_kv_get(kv, "protocol");
	if (v)
	{
		e = lookup(v, proto_names, sizeof(proto_names) / sizeof(proto_names[0]));
		if (e < 0)
		{
			error(ctx, "protocol", "'%s' is not one of ping, tcp-echo, "
				  "udp-echo, http, https, twamp, dpd", v);
		}
		else
		{
			cfg->protocol = e;
		}
	}
	cfg->port = lm_proto_default_port(cfg->protocol);

	v = lm_kv_get(kv, "server");
	if (cfg->protocol == LM_PROTO_DPD)
	{
		/* the probe goes to the IKE peer */
		if (v && strcmp(v, "%remote") != 0)
		{
			error(ctx, "server", "protocol dpd probes the IKE peer, use no "
				  "server or %%remote");
		}
		cfg->remote = v != NULL;
		cfg->servers = calloc(1, sizeof(lm_addr_t));
		cfg->server_count = cfg->servers ? 1 : 0;
	}
	else if (!v || !*v)
	{
		error(ctx, "server", "missing, at least one server is required");
	}
	else if (strcmp(v, "%remote") == 0)
	{
		/* a template, its instances get the peer's address */
		cfg->remote = true;
		cfg->servers = calloc(1, sizeof(lm_addr_t));
		cfg->server_count = cfg->servers ? 1 : 0;
	}
	else
	{
		split_list(ctx, "server", v, add_server, cfg);
	}
	if ((cfg->remote || cfg->protocol == LM_PROTO_DPD) &&
		!lm_kv_get(kv, "connection"))
	{
		error(ctx, cfg->remote ? "server" : "protocol", "%s requires "
			  "'connection'", cfg->remote ? "%remote" : "dpd");
	}
	for (i = 1; i < (size_t)cfg->server_count; i++)
	{
		if (cfg->servers[i].family != cfg->servers[0].family)
		{
			error(ctx, "server", "mixes IPv4 and IPv6; use one monitor per "
				  "address family");
			break;
		}
	}

	v = lm_kv_get(kv, "source");
	if (v)
	{
		if (!lm_addr_parse(v, &cfg->source))
		{
			error(ctx, "source", "'%s' is not an IPv4 or IPv6 address", v);
		}
		else if (cfg->server_count && cfg->servers[0].family &&
				 cfg->source.family != cfg->servers[0].family)
		{
			/* %remote: compared with each instance's address */
			error(ctx, "source", "address family differs from the servers'");
		}
	}
	v = lm_kv_get(kv, "interface");
	if (v)
	{
		if (!is_token(v, IF_NAMESIZE - 1) || strchr(v, '/'))
		{
			error(ctx, "interface", "'%s' is not a valid interface name", v);
		}
		else
		{
			cfg->interface = dup_key(ctx, "interface", v);
		}
	}
	v = lm_kv_get(kv, "connection");
	if (v)
	{
		if (!is_token(v, 128))
		{
			error(ctx, "connection", "'%s' is not a valid connection name", v);
		}
		else
		{
			cfg->connection = dup_key(ctx, "connection", v);
		}
	}
	v = lm_kv_get(kv, "child");
	if (v)
	{
		if (!is_token(v, 128))
		{
			error(ctx, "child", "'%s' is not a valid child name", v);
		}
		else if (!cfg->connection)
		{
			error(ctx, "child", "requires 'connection'");
		}
		else
		{
			cfg->child = dup_key(ctx, "child", v);
		}
	}

	v = lm_kv_get(kv, "port");
	if (v)
	{
		if (cfg->protocol == LM_PROTO_PING)
		{
			error(ctx, "port", "does not apply to protocol ping");
		}
		else
		{
			num = cfg->port;
			get_uint(ctx, "port", v, 1, 65535, &num);
			cfg->port = num;
		}
	}
	v = lm_kv_get(kv, "http_get");
	if (v)
	{
		if (cfg->protocol != LM_PROTO_HTTP && cfg->protocol != LM_PROTO_HTTPS)
		{
			error(ctx, "http_get", "only applies to protocols http and https");
		}
		else if (v[0] != '/' || !is_token(v, 1024))
		{
			error(ctx, "http_get", "'%s' is not an absolute path without "
				  "spaces", v);
		}
		else
		{
			cfg->http_get = dup_key(ctx, "http_get", v);
		}
	}
	else if (cfg->protocol == LM_PROTO_HTTP || cfg->protocol == LM_PROTO_HTTPS)
	{
		cfg->http_get = dup_key(ctx, "http_get", "/");
	}
	v = lm_kv_get(kv, "http_match");
	if (v)
	{
		if (cfg->protocol != LM_PROTO_HTTP && cfg->protocol != LM_PROTO_HTTPS)
		{
			error(ctx, "http_match", "only applies to protocols http and https");
		}
		else if (!*v || strlen(v) > 256)
		{
			error(ctx, "http_match", "must be 1..256 characters");
		}
		else
		{
			cfg->http_match = dup_key(ctx, "http_match", v);
		}
	}

	if ((v = lm_kv_get(kv, "interval")))
	{
		get_duration(ctx, "interval", v, 10, 3600000, &cfg->interval_ms);
	}
	if ((v = lm_kv_get(kv, "probe_timeout")))
	{
		get_duration(ctx, "probe_timeout", v, 10, 5000, &cfg->probe_timeout_ms);
	}
	if ((v = lm_kv_get(kv, "failtime")))
	{
		get_uint(ctx, "failtime", v, 1, 3600, &cfg->failtime);
	}
	if ((v = lm_kv_get(kv, "recoverytime")))
	{
		get_uint(ctx, "recoverytime", v, 1, 3600, &cfg->recoverytime);
	}
	if ((v = lm_kv_get(kv, "probe_count")))
	{
		get_uint(ctx, "probe_count", v, 5, 30, &cfg->probe_count);
	}
	if ((v = lm_kv_get(kv, "ha_priority")))
	{
		get_uint(ctx, "ha_priority", v, 1, 50, &cfg->ha_priority);
	}
	if ((v = lm_kv_get(kv, "diffservcode")))
	{
		num = 0;
		get_uint(ctx, "diffservcode", v, 0, 63, &num);
		cfg->dscp = num;
	}
	if ((v = lm_kv_get(kv, "mos_codec")))
	{
		e = lookup(v, codec_names, sizeof(codec_names) / sizeof(codec_names[0]));
		if (e < 0)
		{
			error(ctx, "mos_codec", "'%s' is not one of g711, g729", v);
		}
		else
		{
			cfg->mos_codec = e;
		}
	}
	if ((v = lm_kv_get(kv, "enabled")))
	{
		get_bool(ctx, "enabled", v, &cfg->enabled);
	}

	cfg->teardown = LM_TEARDOWN_CHILD;
	cfg->failback = true;
	cfg->holddown_s = 10;
	cfg->loss_threshold = -1.0;
	if ((v = lm_kv_get(kv, "probe_child")))
	{
		if (!is_token(v, 128))
		{
			error(ctx, "probe_child", "'%s' is not a valid child name", v);
		}
		else if (!cfg->connection)
		{
			error(ctx, "probe_child", "requires 'connection'");
		}
		else if (!cfg->child)
		{
			error(ctx, "probe_child", "requires 'child', the data child");
		}
		else if (strcmp(v, cfg->child) == 0)
		{
			error(ctx, "probe_child", "must differ from 'child'");
		}
		else
		{
			cfg->probe_child = dup_key(ctx, "probe_child", v);
		}
	}
	if ((v = lm_kv_get(kv, "failover")))
	{
		split_list(ctx, "failover", v, add_path, cfg);
		if (!cfg->connection || !cfg->child)
		{
			error(ctx, "failover", "requires 'connection' and 'child' (the "
				  "data child that moves)");
		}
	}
	if ((v = lm_kv_get(kv, "teardown")))
	{
		if (strcmp(v, "child") == 0)
		{
			cfg->teardown = LM_TEARDOWN_CHILD;
		}
		else if (strcmp(v, "ike") == 0)
		{
			cfg->teardown = LM_TEARDOWN_IKE;
		}
		else if (strcmp(v, "none") == 0)
		{
			cfg->teardown = LM_TEARDOWN_NONE;
		}
		else
		{
			error(ctx, "teardown", "'%s' is not one of child, ike, none", v);
		}
	}
	if ((v = lm_kv_get(kv, "failback")))
	{
		get_bool(ctx, "failback", v, &cfg->failback);
	}
	if ((v = lm_kv_get(kv, "failback_delay")))
	{
		get_uint(ctx, "failback_delay", v, 0, 86400, &cfg->failback_delay_s);
	}
	if ((v = lm_kv_get(kv, "holddown")))
	{
		get_uint(ctx, "holddown", v, 0, 86400, &cfg->holddown_s);
	}
	if ((v = lm_kv_get(kv, "standby")))
	{
		if (strcmp(v, "none") == 0)
		{
			cfg->standby = LM_STANDBY_NONE;
		}
		else if (strcmp(v, "ike") == 0)
		{
			cfg->standby = LM_STANDBY_IKE;
		}
		else
		{
			error(ctx, "standby", "'%s' is not one of none, ike", v);
		}
	}
	for (i = 0; i < kv->nsubs; i++)
	{
		if (strcmp(kv->subs[i]->name, "routes") == 0)
		{
			for (k = 0; k < kv->subs[i]->npairs; k++)
			{
				error(ctx, "routes", "unexpected key '%s', routes are sections",
					  kv->subs[i]->pairs[k].key);
			}
			for (k = 0; k < kv->subs[i]->nsubs; k++)
			{
				parse_route(ctx, kv->subs[i]->subs[k], cfg);
			}
		}
	}
	if ((v = lm_kv_get(kv, "cascade_interfaces")))
	{
		split_list(ctx, "cascade_interfaces", v, add_cascade, cfg);
	}
	if ((v = lm_kv_get(kv, "gateway")))
	{
		if (!lm_addr_parse(v, &cfg->gateway))
		{
			error(ctx, "gateway", "'%s' is not an IPv4 or IPv6 address", v);
		}
		else if (cfg->server_count &&
				 cfg->gateway.family != cfg->servers[0].family)
		{
			error(ctx, "gateway", "address family differs from the servers'");
		}
		else if (cfg->connection)
		{
			error(ctx, "gateway", "is for WAN monitors, not with 'connection'");
		}
	}
	if ((v = lm_kv_get(kv, "latency_threshold")))
	{
		get_duration(ctx, "latency_threshold", v, 1, 60000,
					 &cfg->latency_threshold_ms);
	}
	if ((v = lm_kv_get(kv, "jitter_threshold")))
	{
		get_duration(ctx, "jitter_threshold", v, 1, 60000,
					 &cfg->jitter_threshold_ms);
	}
	if ((v = lm_kv_get(kv, "loss_threshold")))
	{
		double d;

		if (!parse_double(v, &d) || d < 0.0 || d > 100.0)
		{
			error(ctx, "loss_threshold", "'%s' is not a percentage 0..100", v);
		}
		else
		{
			cfg->loss_threshold = d;
		}
	}
	if ((v = lm_kv_get(kv, "mos_threshold")))
	{
		double d;

		if (!parse_double(v, &d) || d < 1.0 || d > 4.5)
		{
			error(ctx, "mos_threshold", "'%s' is not a MOS 1.0..4.5", v);
		}
		else
		{
			cfg->mos_threshold = d;
		}
	}
	if ((v = lm_kv_get(kv, "sla_action")))
	{
		get_bool(ctx, "sla_action", v, &cfg->sla_action);
		if (cfg->sla_action && !lm_monitor_cfg_has_sla(cfg))
		{
			error(ctx, "sla_action", "requires at least one of "
				  "latency_threshold, jitter_threshold, loss_threshold, "
				  "mos_threshold");
		}
	}
	if ((v = lm_kv_get(kv, "dead_action")))
	{
		if (strcmp(v, "none") == 0)
		{
			cfg->dead_action = LM_DEAD_ACTION_NONE;
		}
		else if (strcmp(v, "clear") == 0)
		{
			cfg->dead_action = LM_DEAD_ACTION_CLEAR;
		}
		else if (strcmp(v, "restart") == 0)
		{
			cfg->dead_action = LM_DEAD_ACTION_RESTART;
		}
		else
		{
			error(ctx, "dead_action", "'%s' is not one of clear, restart, "
				  "none", v);
		}
		if (cfg->dead_action != LM_DEAD_ACTION_NONE && !cfg->connection)
		{
			error(ctx, "dead_action", "requires 'connection'");
		}
	}
	if ((v = lm_kv_get(kv, "on_idle")))
	{
		get_bool(ctx, "on_idle", v, &cfg->on_idle);
		if (cfg->on_idle && !cfg->connection)
		{
			error(ctx, "on_idle", "requires 'connection' (traffic of its "
				  "CHILD_SA counts)");
		}
	}
	if (cfg->remote && (cfg->failover_count || cfg->route_count ||
						cfg->cascade_count || cfg->gateway.family))
	{
		error(ctx, "server", "%%remote templates act on their own tunnel "
			  "only (dead_action), not with failover, routes, "
			  "cascade_interfaces or gateway");
	}
	if ((v = lm_kv_get(kv, "updown")))
	{
		if (v[0] != '/' || !is_token(v, 1024))
		{
			error(ctx, "updown", "'%s' is not an absolute path without spaces",
				  v);
		}
		else
		{
			cfg->updown = dup_key(ctx, "updown", v);
		}
	}

	if (ctx->count != start)
	{
		lm_monitor_cfg_destroy(cfg);
		return NULL;
	}
	return cfg;
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
			if (cfg)
			{
				config->monitors[config->count++] = cfg;
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

bool lm_monitor_cfg_probe_equals(const lm_monitor_cfg_t *a,
								 const lm_monitor_cfg_t *b)
{
	int i;

	if (a->server_count != b->server_count)
	{
		return false;
	}
	for (i = 0; i < a->server_count; i++)
	{
		if (!lm_addr_equals(&a->servers[i], &b->servers[i]))
		{
			return false;
		}
	}
	return lm_addr_equals(&a->source, &b->source) &&
		   str_equals(a->interface, b->interface) &&
		   a->protocol == b->protocol &&
		   a->port == b->port &&
		   str_equals(a->http_get, b->http_get) &&
		   str_equals(a->http_match, b->http_match) &&
		   a->interval_ms == b->interval_ms &&
		   a->probe_timeout_ms == b->probe_timeout_ms &&
		   a->probe_count == b->probe_count &&
		   a->dscp == b->dscp &&
		   a->mos_codec == b->mos_codec &&
		   a->enabled == b->enabled &&
		   a->remote == b->remote &&
		   a->on_idle == b->on_idle;
}

/**
 * Compare the action settings.
 */
static bool actions_equal(const lm_monitor_cfg_t *a, const lm_monitor_cfg_t *b)
{
	int i;

	if (a->failover_count != b->failover_count ||
		a->route_count != b->route_count ||
		a->cascade_count != b->cascade_count)
	{
		return false;
	}
	for (i = 0; i < a->failover_count; i++)
	{
		if (!str_equals(a->failover[i].connection, b->failover[i].connection) ||
			!str_equals(a->failover[i].child, b->failover[i].child))
		{
			return false;
		}
	}
	for (i = 0; i < a->route_count; i++)
	{
		if (!str_equals(a->routes[i].name, b->routes[i].name) ||
			!lm_route_equals(&a->routes[i].route, &b->routes[i].route) ||
			a->routes[i].has_dead_metric != b->routes[i].has_dead_metric ||
			a->routes[i].dead_metric != b->routes[i].dead_metric)
		{
			return false;
		}
	}
	for (i = 0; i < a->cascade_count; i++)
	{
		if (!str_equals(a->cascade[i], b->cascade[i]))
		{
			return false;
		}
	}
	return str_equals(a->probe_child, b->probe_child) &&
		   a->teardown == b->teardown &&
		   a->failback == b->failback &&
		   a->failback_delay_s == b->failback_delay_s &&
		   a->holddown_s == b->holddown_s &&
		   a->standby == b->standby &&
		   lm_addr_equals(&a->gateway, &b->gateway) &&
		   a->latency_threshold_ms == b->latency_threshold_ms &&
		   a->jitter_threshold_ms == b->jitter_threshold_ms &&
		   a->loss_threshold == b->loss_threshold &&
		   a->mos_threshold == b->mos_threshold &&
		   a->sla_action == b->sla_action &&
		   a->dead_action == b->dead_action &&
		   str_equals(a->updown, b->updown);
}

bool lm_monitor_cfg_equals(const lm_monitor_cfg_t *a,
						   const lm_monitor_cfg_t *b)
{
	return lm_monitor_cfg_probe_equals(a, b) &&
		   actions_equal(a, b) &&
		   str_equals(a->name, b->name) &&
		   str_equals(a->connection, b->connection) &&
		   str_equals(a->child, b->child) &&
		   a->failtime == b->failtime &&
		   a->recoverytime == b->recoverytime &&
		   a->ha_priority == b->ha_priority;
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

lm_monitor_cfg_t *lm_monitor_cfg_clone(const lm_monitor_cfg_t *cfg)
{
	lm_monitor_cfg_t *clone;
	bool failed = false;
	int i;

	clone = malloc(sizeof(*clone));
	if (!clone)
	{
		return NULL;
	}
	*clone = *cfg;
	clone->servers = NULL;
	clone->routes = NULL;
	clone->failover = NULL;
	clone->cascade = NULL;
	if (cfg->failover_count)
	{
		clone->failover = calloc(cfg->failover_count, sizeof(lm_path_t));
		if (!clone->failover)
		{
			failed = true;
			clone->failover_count = 0;
		}
	}
	if (cfg->cascade_count)
	{
		clone->cascade = calloc(cfg->cascade_count, sizeof(char*));
		if (!clone->cascade)
		{
			failed = true;
			clone->cascade_count = 0;
		}
	}
	if (cfg->server_count)
	{
		clone->servers = malloc(cfg->server_count * sizeof(lm_addr_t));
		if (clone->servers)
		{
			memcpy(clone->servers, cfg->servers,
				   cfg->server_count * sizeof(lm_addr_t));
		}
		else
		{
			failed = true;
		}
	}
	if (cfg->route_count)
	{
		clone->routes = malloc(cfg->route_count * sizeof(lm_route_cfg_t));
		if (clone->routes)
		{
			memcpy(clone->routes, cfg->routes,
				   cfg->route_count * sizeof(lm_route_cfg_t));
		}
		else
		{
			failed = true;
			clone->route_count = 0;
		}
	}
	clone->name = dup_opt(cfg->name, &failed);
	clone->interface = dup_opt(cfg->interface, &failed);
	clone->connection = dup_opt(cfg->connection, &failed);
	clone->child = dup_opt(cfg->child, &failed);
	clone->http_get = dup_opt(cfg->http_get, &failed);
	clone->http_match = dup_opt(cfg->http_match, &failed);
	clone->probe_child = dup_opt(cfg->probe_child, &failed);
	clone->updown = dup_opt(cfg->updown, &failed);
	for (i = 0; i < clone->failover_count; i++)
	{
		clone->failover[i].connection = dup_opt(cfg->failover[i].connection,
												&failed);
		clone->failover[i].child = dup_opt(cfg->failover[i].child, &failed);
	}
	for (i = 0; clone->routes && i < clone->route_count; i++)
	{
		clone->routes[i].name = dup_opt(cfg->routes[i].name, &failed);
	}
	for (i = 0; i < clone->cascade_count; i++)
	{
		clone->cascade[i] = dup_opt(cfg->cascade[i], &failed);
	}
	if (failed)
	{
		lm_monitor_cfg_destroy(clone);
		return NULL;
	}
	return clone;
}

void lm_monitor_cfg_destroy(lm_monitor_cfg_t *cfg)
{
	int i;

	if (cfg)
	{
		for (i = 0; i < cfg->failover_count; i++)
		{
			free(cfg->failover[i].connection);
			free(cfg->failover[i].child);
		}
		for (i = 0; cfg->routes && i < cfg->route_count; i++)
		{
			free(cfg->routes[i].name);
		}
		for (i = 0; i < cfg->cascade_count; i++)
		{
			free(cfg->cascade[i]);
		}
		free(cfg->failover);
		free(cfg->cascade);
		free(cfg->routes);
		free(cfg->servers);
		free(cfg->probe_child);
		free(cfg->updown);
		free(cfg->name);
		free(cfg->interface);
		free(cfg->connection);
		free(cfg->child);
		free(cfg->http_get);
		free(cfg->http_match);
		free(cfg);
	}
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
