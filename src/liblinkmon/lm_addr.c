/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

#include "lm_addr.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool lm_addr_parse(const char *str, lm_addr_t *addr)
{
	memset(addr, 0, sizeof(*addr));
	if (inet_pton(AF_INET, str, addr->a) == 1)
	{
		addr->family = AF_INET;
		return true;
	}
	if (inet_pton(AF_INET6, str, addr->a) == 1)
	{
		addr->family = AF_INET6;
		return true;
	}
	memset(addr, 0, sizeof(*addr));
	return false;
}

bool lm_addr_parse_prefix(const char *str, lm_addr_t *addr, uint8_t *len)
{
	char buf[LM_ADDR_STRLEN + 8], *slash, *end;
	unsigned long l;
	int max;

	if (strlen(str) >= sizeof(buf))
	{
		return false;
	}
	strcpy(buf, str);
	slash = strchr(buf, '/');
	if (slash)
	{
		*slash++ = '\0';
	}
	if (!lm_addr_parse(buf, addr))
	{
		return false;
	}
	max = addr->family == AF_INET ? 32 : 128;
	l = max;
	if (slash)
	{
		if (*slash < '0' || *slash > '9')
		{
			return false;
		}
		errno = 0;
		l = strtoul(slash, &end, 10);
		if (errno || *end || l > (unsigned long)max)
		{
			return false;
		}
	}
	*len = l;
	return true;
}

void lm_addr_mask(lm_addr_t *addr, int len)
{
	int bits = len, i, size;

	switch (addr->family)
	{
		case AF_INET:
			size = 4;
			break;
		case AF_INET6:
			size = 16;
			break;
		default:
			return;
	}
	for (i = 0; i < size; i++, bits -= 8)
	{
		if (bits <= 0)
		{
			addr->a[i] = 0;
		}
		else if (bits < 8)
		{
			addr->a[i] &= (uint8_t)(0xff << (8 - bits));
		}
	}
}

char *lm_addr_fmt(const lm_addr_t *addr, char buf[LM_ADDR_STRLEN])
{
	if (!addr->family ||
		!inet_ntop(addr->family, addr->a, buf, LM_ADDR_STRLEN))
	{
		strcpy(buf, "%any");
	}
	return buf;
}

bool lm_addr_equals(const lm_addr_t *a, const lm_addr_t *b)
{
	if (a->family != b->family)
	{
		return false;
	}
	return memcmp(a->a, b->a, a->family == AF_INET ? 4 : 16) == 0;
}

socklen_t lm_addr_to_sockaddr(const lm_addr_t *addr, uint16_t port,
							  struct sockaddr_storage *sa)
{
	struct sockaddr_in *sin = (struct sockaddr_in*)sa;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6*)sa;

	memset(sa, 0, sizeof(*sa));
	switch (addr->family)
	{
		case AF_INET:
			sin->sin_family = AF_INET;
			sin->sin_port = htons(port);
			memcpy(&sin->sin_addr, addr->a, 4);
			return sizeof(*sin);
		case AF_INET6:
			sin6->sin6_family = AF_INET6;
			sin6->sin6_port = htons(port);
			memcpy(&sin6->sin6_addr, addr->a, 16);
			return sizeof(*sin6);
		default:
			return 0;
	}
}

bool lm_addr_from_sockaddr(const struct sockaddr *sa, lm_addr_t *addr)
{
	memset(addr, 0, sizeof(*addr));
	switch (sa->sa_family)
	{
		case AF_INET:
			addr->family = AF_INET;
			memcpy(addr->a, &((struct sockaddr_in*)sa)->sin_addr, 4);
			return true;
		case AF_INET6:
			addr->family = AF_INET6;
			memcpy(addr->a, &((struct sockaddr_in6*)sa)->sin6_addr, 16);
			return true;
		default:
			return false;
	}
}
