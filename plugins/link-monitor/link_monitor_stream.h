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
 * @defgroup link_monitor_stream link_monitor_stream
 * @{ @ingroup link_monitor
 */

#ifndef LINK_MONITOR_STREAM_H_
#define LINK_MONITOR_STREAM_H_

#include <library.h>

#include <sys/socket.h>

#include <openssl/ssl.h>

typedef struct link_monitor_stream_t link_monitor_stream_t;

/**
 * The bytes of one connection, plain or, once start_tls() was called, over
 * TLS as a client (OpenSSL). Never blocks: what cannot be done now is
 * reported as such, to be tried again on the socket's next event. Not
 * thread-safe.
 */
struct link_monitor_stream_t {

	/**
	 * Start connecting.
	 *
	 * @param sa		address to connect to
	 * @param salen		length of sa
	 * @return			0 if connected or in progress, or an errno value
	 */
	int (*connect)(link_monitor_stream_t *this, struct sockaddr *sa,
				   socklen_t salen);

	/**
	 * Get the outcome of connecting, once the socket is ready.
	 *
	 * @return			0 if connected, or an errno value
	 */
	int (*connected)(link_monitor_stream_t *this);

	/**
	 * Set up TLS on the connected socket; the handshake follows. With a
	 * host name it is sent as SNI; a context that verifies checks that the
	 * server's certificate is valid for the host name, else for the
	 * address (no SNI names an address, RFC 6066).
	 *
	 * @param ctx		TLS context (not owned)
	 * @param host		host name, NULL for none
	 * @param addr		the server's address, as text
	 * @return			TRUE if set up
	 */
	bool (*start_tls)(link_monitor_stream_t *this, SSL_CTX *ctx,
					  const char *host, const char *addr);

	/**
	 * Go on with the TLS handshake.
	 *
	 * @param reason	receives why it failed ("TLS handshake failed: ...",
	 *					with the reason of a failed certificate verification
	 *					in parentheses)
	 * @param len		size of reason
	 * @return			0 when done, EAGAIN if it waits for the socket,
	 *					EPROTO if it failed
	 */
	int (*handshake)(link_monitor_stream_t *this, char *reason, size_t len);

	/**
	 * Write the rest of a buffer, as far as the socket takes it now.
	 *
	 * @param data		bytes to write
	 * @param len		number of bytes
	 * @param done		bytes of data written before, advanced by those
	 *					written now
	 * @return			0 or an errno value (as TLS left it, EIO if none)
	 */
	int (*write)(link_monitor_stream_t *this, const void *data, size_t len,
				 size_t *done);

	/**
	 * Read what is available now into the rest of a buffer.
	 *
	 * @param buf		buffer
	 * @param len		size of buf
	 * @param done		bytes of buf filled before, advanced by those read
	 *					now
	 * @param eof		set to TRUE if nothing more comes: the server closed
	 *					the connection or buf is full
	 * @return			0 or an errno value (EPROTO for a TLS error)
	 */
	int (*read)(link_monitor_stream_t *this, void *buf, size_t len,
				size_t *done, bool *eof);

	/**
	 * Get the socket.
	 *
	 * @return			socket
	 */
	int (*get_fd)(link_monitor_stream_t *this);

	/**
	 * Close the socket and destroy the link_monitor_stream_t. The socket
	 * must not be watched anymore.
	 */
	void (*destroy)(link_monitor_stream_t *this);
};

/**
 * Create a stream on a socket.
 *
 * @param fd		non-blocking stream socket, owned by the stream
 * @return			stream
 */
link_monitor_stream_t *link_monitor_stream_create(int fd);

#endif /** LINK_MONITOR_STREAM_H_ @}*/
