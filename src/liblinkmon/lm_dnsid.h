/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_dnsid lm_dnsid
 * @{ @ingroup liblinkmon
 *
 * The DNS queries sent on one socket, by their ID.
 *
 * Other probes carry the monitor identifier, sequence number and token in
 * the packet and get them back. A DNS query has only its 16-bit ID, which
 * the server copies into the response. So each query gets an ID drawn at
 * random that no query tracked here has, and this table maps it back to the
 * probe (monitor identifier, sequence number, token, server) and the
 * question it asked. A response counts only if its ID is tracked, it comes
 * from the server that query went to, and it answers that very question
 * (lm_dns_evaluate()); then it is reported with the probe's identifier,
 * sequence number and token, and the core handles it like any other reply.
 * The unpredictable ID is what the token is for the other protocols: a
 * forger off the path must guess it (and the socket's port) for one of the
 * few queries pending.
 *
 * The last LM_DNSID_SLOTS queries are tracked, in a ring, answered ones
 * too: a late or repeated answer still maps to its probe and counts as
 * out-of-sequence, as for the other protocols. A query whose slot is reused
 * before its answer arrives is forgotten (its answer is dropped).
 */

#ifndef LM_DNSID_H_
#define LM_DNSID_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_addr.h"
#include "lm_dns.h"

/** queries tracked at once */
#define LM_DNSID_SLOTS 4096

/**
 * The probe a query carries.
 */
typedef struct {
	/** monitor identifier */
	uint16_t ident;
	/** sequence number */
	uint16_t seq;
	/** monitor token */
	uint32_t token;
	/** server the query went to */
	lm_addr_t server;
} lm_dnsid_probe_t;

typedef struct lm_dnsid_t lm_dnsid_t;

/**
 * Create an empty table.
 *
 * @return			table, NULL if out of memory
 */
lm_dnsid_t *lm_dnsid_create(void);

/**
 * Destroy a table (NULL is fine).
 */
void lm_dnsid_destroy(lm_dnsid_t *t);

/**
 * Track a query, in the slot of the oldest one; its ID is the first of the
 * random draws no tracked query has.
 *
 * @param draws		IDs drawn at random
 * @param count		number of draws
 * @param probe		the probe the query carries
 * @param query		the query
 * @param id		receives the ID
 * @return			0, EAGAIN if every draw is tracked, ENOMEM
 */
int lm_dnsid_add(lm_dnsid_t *t, const uint16_t *draws, int count,
				 const lm_dnsid_probe_t *probe, const lm_dns_query_t *query,
				 uint16_t *id);

/**
 * Forget a query, e.g. because it could not be sent.
 */
void lm_dnsid_remove(lm_dnsid_t *t, uint16_t id);

/**
 * Match a response to its query and evaluate it.
 *
 * @param buf		the datagram
 * @param len		its length
 * @param from		its sender
 * @param probe		receives the probe of the query answered
 * @param failed	receives whether the answer fails the probe
 * @param reason	receives why it fails
 * @param size		size of reason
 * @return			TRUE if it answers a tracked query; FALSE if dropped: an
 *					unknown ID, another sender, malformed, another question
 */
bool lm_dnsid_match(lm_dnsid_t *t, const uint8_t *buf, size_t len,
					const lm_addr_t *from, lm_dnsid_probe_t *probe,
					bool *failed, char *reason, size_t size);

#endif /** LM_DNSID_H_ @}*/
