/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#define _GNU_SOURCE

#include "lm_ha.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NS 1000000000ULL

static void add_log(lm_ha_out_t *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void add_log(lm_ha_out_t *out, const char *fmt, ...)
{
	va_list args;

	if (out->nlogs < LM_HA_MAX_LOGS)
	{
		va_start(args, fmt);
		vsnprintf(out->logs[out->nlogs++], sizeof(out->logs[0]), fmt, args);
		va_end(args);
	}
}

const char *lm_ha_role_name(lm_ha_role_t role)
{
	switch (role)
	{
		case LM_HA_ROLE_MASTER:
			return "master";
		case LM_HA_ROLE_BACKUP:
			return "backup";
		default:
			return "unknown";
	}
}

/**
 * The flip timeout for logs: "60 min" or "90 s".
 */
static const char *timeout_str(const lm_ha_cfg_t *cfg, char *buf, size_t len)
{
	if (cfg->flip_timeout_s && cfg->flip_timeout_s % 60 == 0)
	{
		snprintf(buf, len, "%llu min",
				 (unsigned long long)(cfg->flip_timeout_s / 60));
	}
	else
	{
		snprintf(buf, len, "%llu s", (unsigned long long)cfg->flip_timeout_s);
	}
	return buf;
}

/**
 * "penalty 5 (dc 5)", or "penalty 0".
 */
static const char *penalty_str(uint32_t penalty, const char *detail,
							   char *buf, size_t len)
{
	if (penalty && *detail)
	{
		snprintf(buf, len, "penalty %u (%s)", penalty, detail);
	}
	else
	{
		snprintf(buf, len, "penalty %u", penalty);
	}
	return buf;
}

/**
 * Expiry of the flip timer, saturating.
 */
static uint64_t flip_deadline(const lm_ha_t *ha, const lm_ha_cfg_t *cfg)
{
	if (cfg->flip_timeout_s > (UINT64_MAX - ha->flip_since_ns) / NS)
	{
		return UINT64_MAX;
	}
	return ha->flip_since_ns + cfg->flip_timeout_s * NS;
}

/**
 * Sum up the dead monitors.
 */
static void count_live(lm_ha_t *ha, const lm_ha_input_t *mons, int count)
{
	size_t pos = 0;
	int i, n;

	ha->live = 0;
	ha->live_detail[0] = '\0';
	for (i = 0; i < count; i++)
	{
		if (!mons[i].dead || !mons[i].ha_priority)
		{
			continue;
		}
		/* saturate instead of wrapping around */
		ha->live = mons[i].ha_priority > UINT32_MAX - ha->live ?
				   UINT32_MAX : ha->live + mons[i].ha_priority;
		if (pos < sizeof(ha->live_detail))
		{
			n = snprintf(ha->live_detail + pos, sizeof(ha->live_detail) - pos,
						 "%s%s %u", pos ? ", " : "",
						 mons[i].name ?: "?", mons[i].ha_priority);
			pos += n > 0 ? (size_t)n : 0;
		}
	}
}

/**
 * Hold the penalty in effect and start the flip timer.
 */
static void hold(lm_ha_t *ha, uint64_t now)
{
	ha->held = true;
	if (!ha->flip_running)
	{
		ha->flip_running = true;
		ha->flip_since_ns = now;
	}
}

/**
 * Does a penalty make the node ask to give up mastership?
 */
static bool reached(const lm_ha_cfg_t *cfg, uint32_t penalty)
{
	return penalty && penalty >= cfg->failover_threshold;
}

/**
 * Recompute penalty and value from the state, log what changed, fill out.
 */
static void settle(lm_ha_t *ha, const lm_ha_cfg_t *cfg, uint64_t now,
				   uint32_t old_value, uint32_t old_penalty, lm_ha_out_t *out)
{
	char pen[LM_HA_DETAIL + 32], tmo[32];
	const char *cmp;

	if (!ha->held)
	{
		if (ha->role == LM_HA_ROLE_BACKUP)
		{
			ha->penalty = 0;
			ha->detail[0] = '\0';
		}
		else
		{
			ha->penalty = ha->live;
			memcpy(ha->detail, ha->live_detail, sizeof(ha->detail));
		}
	}
	ha->value = reached(cfg, ha->penalty) ? ha->penalty : 0;
	if (ha->held && !ha->value)
	{
		/* only after a reload raised the threshold: nothing to hold */
		ha->held = false;
		ha->flip_running = false;
	}
	penalty_str(ha->penalty, ha->detail, pen, sizeof(pen));
	cmp = ha->penalty > cfg->failover_threshold ? "above" : "at";
	if (ha->value && !old_value)
	{
		add_log(out, "link-monitor: HA %s %s threshold %u, asking to give up "
				"mastership", pen, cmp, cfg->failover_threshold);
	}
	else if (!ha->value && old_value)
	{
		if (ha->penalty)
		{
			add_log(out, "link-monitor: HA %s below threshold %u, no longer "
					"asking to give up mastership", pen,
					cfg->failover_threshold);
		}
		else
		{
			add_log(out, "link-monitor: HA %s, no longer asking to give up "
					"mastership", pen);
		}
	}
	else if (ha->value != old_value)
	{
		add_log(out, "link-monitor: HA %s %s threshold %u, still asking to "
				"give up mastership", pen, cmp, cfg->failover_threshold);
	}
	else if (ha->penalty != old_penalty)
	{
		if (!ha->penalty && ha->role == LM_HA_ROLE_BACKUP && ha->live)
		{
			add_log(out, "link-monitor: HA penalty 0 (backup: the monitors "
					"do not count)");
		}
		else if (ha->penalty)
		{
			add_log(out, "link-monitor: HA %s below threshold %u", pen,
					cfg->failover_threshold);
		}
		else
		{
			add_log(out, "link-monitor: HA %s", pen);
		}
	}
	if (ha->role == LM_HA_ROLE_UNKNOWN && ha->value && !ha->held)
	{
		/* nothing will tell us that we lost mastership: take the request
		 * as done */
		hold(ha, now);
		add_log(out, "link-monitor: HA role unknown, holding %s, flip "
				"timeout %s running", pen,
				timeout_str(cfg, tmo, sizeof(tmo)));
	}
	out->value = ha->value;
	out->changed = ha->value != old_value;
	out->penalty = ha->penalty;
	out->live = ha->live;
}

void lm_ha_init(lm_ha_t *ha)
{
	*ha = (lm_ha_t){
		.role = LM_HA_ROLE_UNKNOWN,
	};
}

void lm_ha_update(lm_ha_t *ha, const lm_ha_cfg_t *cfg,
				  const lm_ha_input_t *mons, int count, lm_ha_role_t role,
				  uint64_t now_ns, lm_ha_out_t *out)
{
	uint32_t old_value = ha->value, old_penalty = ha->penalty;
	char pen[LM_HA_DETAIL + 32], tmo[32];

	memset(out, 0, sizeof(*out));
	count_live(ha, mons, count);
	if (role != ha->role)
	{
		add_log(out, "link-monitor: HA role %s -> %s",
				lm_ha_role_name(ha->role), lm_ha_role_name(role));
		ha->role = role;
		if (role == LM_HA_ROLE_MASTER && ha->held)
		{
			add_log(out, "link-monitor: HA master again, releasing the held "
					"%s%s, the monitors count again",
					penalty_str(ha->penalty, ha->detail, pen, sizeof(pen)),
					ha->flip_running ? " and stopping the flip timer" : "");
			ha->held = false;
			ha->flip_running = false;
		}
		else if (role == LM_HA_ROLE_BACKUP && !ha->held && ha->value)
		{
			/* lost mastership while asking to give it up: the failover */
			hold(ha, now_ns);
			add_log(out, "link-monitor: HA gave up mastership with %s, "
					"holding it, flip timeout %s running",
					penalty_str(ha->penalty, ha->detail, pen, sizeof(pen)),
					timeout_str(cfg, tmo, sizeof(tmo)));
		}
	}
	settle(ha, cfg, now_ns, old_value, old_penalty, out);
}

void lm_ha_timer(lm_ha_t *ha, const lm_ha_cfg_t *cfg, uint64_t now_ns,
				 lm_ha_out_t *out)
{
	uint32_t old_value = ha->value, old_penalty = ha->penalty;
	char tmo[32];

	memset(out, 0, sizeof(*out));
	if (ha->flip_running && now_ns >= flip_deadline(ha, cfg))
	{
		ha->flip_running = false;
		timeout_str(cfg, tmo, sizeof(tmo));
		if (cfg->secondary_force_reset)
		{
			add_log(out, "link-monitor: HA penalty %u reset after flip "
					"timeout %s, this node may take mastership again",
					ha->penalty, tmo);
			ha->held = false;
		}
		else
		{
			add_log(out, "link-monitor: HA flip timeout %s expired, penalty "
					"%u kept (secondary_force_reset = no) until this node is "
					"master again", tmo, ha->penalty);
		}
	}
	settle(ha, cfg, now_ns, old_value, old_penalty, out);
}

uint64_t lm_ha_next(const lm_ha_t *ha, const lm_ha_cfg_t *cfg)
{
	return ha->flip_running ? flip_deadline(ha, cfg) : UINT64_MAX;
}

uint64_t lm_ha_flip_remaining_s(const lm_ha_t *ha, const lm_ha_cfg_t *cfg,
								uint64_t now_ns)
{
	uint64_t deadline;

	if (!ha->flip_running)
	{
		return 0;
	}
	deadline = flip_deadline(ha, cfg);
	if (now_ns >= deadline)
	{
		return 0;
	}
	return (deadline - now_ns) / NS + ((deadline - now_ns) % NS ? 1 : 0);
}

/**
 * Create dir and its parents, like mkdir -p.
 */
static int mkdirs(char *dir)
{
	struct stat st;
	char *p, c;

	for (p = dir + 1; ; p++)
	{
		if (*p == '/' || !*p)
		{
			c = *p;
			*p = '\0';
			if (mkdir(dir, 0755) != 0 && errno != EEXIST)
			{
				*p = c;
				return errno;
			}
			*p = c;
			if (!c)
			{
				break;
			}
		}
	}
	if (stat(dir, &st) != 0)
	{
		return errno;
	}
	return S_ISDIR(st.st_mode) ? 0 : ENOTDIR;
}

/**
 * Write all of buf.
 */
static int write_all(int fd, const char *buf, size_t len)
{
	ssize_t n;

	while (len)
	{
		n = write(fd, buf, len);
		if (n < 0)
		{
			if (errno == EINTR)
			{
				continue;
			}
			return errno;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

int lm_ha_write_track_file(const char *path, uint32_t value)
{
	char dir[PATH_MAX], tmp[PATH_MAX], buf[16];
	const char *slash, *base;
	size_t dlen;
	int fd, len, err, dfd;

	if (!path || !*path)
	{
		return EINVAL;
	}
	slash = strrchr(path, '/');
	base = slash ? slash + 1 : path;
	if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
	{
		return EISDIR;
	}
	if (slash)
	{
		/* "/x" lives in "/" */
		dlen = slash == path ? 1 : (size_t)(slash - path);
		if (dlen >= sizeof(dir))
		{
			return ENAMETOOLONG;
		}
		memcpy(dir, path, dlen);
		dir[dlen] = '\0';
		err = mkdirs(dir);
		if (err)
		{
			return err;
		}
	}
	else
	{
		strcpy(dir, ".");
	}
	len = snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX",
				   strcmp(dir, "/") == 0 ? "" : dir, base);
	if (len < 0 || (size_t)len >= sizeof(tmp))
	{
		return ENAMETOOLONG;
	}
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0)
	{
		return errno;
	}
	len = snprintf(buf, sizeof(buf), "%u\n", value);
	err = fchmod(fd, 0644) != 0 ? errno : 0;
	if (!err)
	{
		err = write_all(fd, buf, len);
	}
	if (!err && fsync(fd) != 0)
	{
		err = errno;
	}
	if (close(fd) != 0 && !err)
	{
		err = errno;
	}
	if (!err && rename(tmp, path) != 0)
	{
		err = errno;
	}
	if (err)
	{
		unlink(tmp);
		return err;
	}
	/* make the rename itself durable, where the file system can */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0)
	{
		fsync(dfd);
		close(dfd);
	}
	return 0;
}
