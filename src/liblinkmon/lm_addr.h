/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_addr lm_addr
 * @{ @ingroup liblinkmon
 *
 * IPv4/IPv6 addresses without charon's host_t.
 */

#ifndef LM_ADDR_H_
#define LM_ADDR_H_

#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

/** buffer size for lm_addr_fmt() */
#define LM_ADDR_STRLEN INET6_ADDRSTRLEN

typedef struct lm_addr_t lm_addr_t;

/**
 * An IPv4 or IPv6 address.
 */
struct lm_addr_t {
	/** AF_INET, AF_INET6, or 0 if unset */
	int family;
	/** address in network order, 4 or 16 bytes used */
	uint8_t a[16];
};

/**
 * Parse a numeric IPv4 or IPv6 address (no names, no prefixes).
 *
 * @return			TRUE if valid
 */
bool lm_addr_parse(const char *str, lm_addr_t *addr);

/**
 * Parse a prefix "ADDR/LEN", or an address as a host prefix (/32, /128).
 *
 * @param str		prefix
 * @param addr		receives the address, as given (host bits kept)
 * @param len		receives the prefix length
 * @return			TRUE if valid
 */
bool lm_addr_parse_prefix(const char *str, lm_addr_t *addr, uint8_t *len);

/**
 * Clear the host bits of an address beyond a prefix length; an address of
 * another family than AF_INET or AF_INET6 is left alone.
 *
 * @param addr		address, changed in place
 * @param len		prefix length
 */
void lm_addr_mask(lm_addr_t *addr, int len);

/**
 * Format an address.
 *
 * @return			buf
 */
char *lm_addr_fmt(const lm_addr_t *addr, char buf[LM_ADDR_STRLEN]);

/**
 * Compare two addresses.
 */
bool lm_addr_equals(const lm_addr_t *a, const lm_addr_t *b);

/**
 * Fill a sockaddr from an address and port.
 *
 * @return			length of the sockaddr, 0 if the address is unset
 */
socklen_t lm_addr_to_sockaddr(const lm_addr_t *addr, uint16_t port,
							  struct sockaddr_storage *sa);

/**
 * Read the address of a sockaddr.
 *
 * @return			TRUE for AF_INET/AF_INET6
 */
bool lm_addr_from_sockaddr(const struct sockaddr *sa, lm_addr_t *addr);

#endif /** LM_ADDR_H_ @}*/
