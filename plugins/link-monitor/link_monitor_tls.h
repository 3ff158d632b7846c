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

/**
 * @defgroup link_monitor_tls link_monitor_tls
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_TLS_H_
#define LINK_MONITOR_TLS_H_

#include <library.h>

#include <openssl/ssl.h>

typedef struct link_monitor_tls_t link_monitor_tls_t;

/**
 * The TLS client contexts of https probes (OpenSSL), one per combination
 * of tls_verify and tls_ca in use: loading CA certificates takes far longer
 * than a probe (Debian's store about 50 ms), so a context is built once and
 * kept. One that verifies is built again when its CA file or directory (for
 * the system's store, OpenSSL's default certificate file) changed, which a
 * stat() per probe tells; meanwhile the old one serves. A tls_ca that
 * cannot be loaded is remembered as such until it changes.
 *
 * Contexts are loaded by the thread that first needs them, without a lock
 * held (so never under the scheduler's), and others needing the same one
 * wait for it. Thread-safe.
 */
struct link_monitor_tls_t {

	/**
	 * Get the context for a monitor's TLS settings, loading its CA
	 * certificates if needed.
	 *
	 * @param verify	verify the server's certificate
	 * @param ca		CA file or directory of hashed certificates, NULL for
	 *					the system's store
	 * @param timeout_ms	how long to wait for another thread loading them
	 * @param reason	receives why there is none
	 * @param len		size of reason
	 * @return			context with a reference for the caller
	 *					(SSL_CTX_free() it), NULL if the CA certificates
	 *					cannot be loaded (or are still being loaded)
	 */
	SSL_CTX *(*get)(link_monitor_tls_t *this, bool verify, const char *ca,
					u_int timeout_ms, char *reason, size_t len);

	/**
	 * Destroy a link_monitor_tls_t and its references to the contexts.
	 */
	void (*destroy)(link_monitor_tls_t *this);
};

/**
 * Describe an OpenSSL error code, also one of the system (errno) that
 * OpenSSL itself has no text for.
 *
 * @param err		error code, as ERR_get_error() returns it
 * @return			description
 */
const char *link_monitor_tls_reason(unsigned long err);

/**
 * Create the contexts, with the one that does not verify.
 *
 * @return			contexts, NULL if TLS cannot be initialized
 */
link_monitor_tls_t *link_monitor_tls_create();

#endif /** LINK_MONITOR_TLS_H_ @}*/
