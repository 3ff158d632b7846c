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

#include "link_monitor_stream.h"
#include "link_monitor_tls.h"

#include <errno.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/x509v3.h>

typedef struct private_link_monitor_stream_t private_link_monitor_stream_t;

/**
 * Private data of a link_monitor_stream_t object.
 */
struct private_link_monitor_stream_t {

	/**
	 * Public link_monitor_stream_t interface.
	 */
	link_monitor_stream_t public;

	/**
	 * Socket.
	 */
	int fd;

	/**
	 * TLS connection, NULL until start_tls().
	 */
	SSL *ssl;
};

/**
 * Whether an SSL_get_error() code only asks to wait for the socket.
 */
static bool wants_io(int ssl_err)
{
	return ssl_err == SSL_ERROR_WANT_READ || ssl_err == SSL_ERROR_WANT_WRITE;
}

/**
 * Take the errors OpenSSL queued: the first, and whether the certificate
 * verification failed among them.
 */
static unsigned long take_errors(bool *verify_failed)
{
	unsigned long err, first = 0;

	*verify_failed = FALSE;
	while ((err = ERR_get_error()))
	{
		first = first ?: err;
		if (ERR_GET_LIB(err) == ERR_LIB_SSL &&
			ERR_GET_REASON(err) == SSL_R_CERTIFICATE_VERIFY_FAILED)
		{
			*verify_failed = TRUE;
		}
	}
	return first;
}

/**
 * Describe the last TLS error of SSL_get_error() code ssl_err, taken with
 * errno as SSL_connect() left it.
 */
static void tls_error(SSL *ssl, char *buf, size_t len, int ssl_err,
					  int sys_err)
{
	bool verify_failed;
	unsigned long err = take_errors(&verify_failed);
	long result;

	if (verify_failed)
	{
		result = SSL_get_verify_result(ssl);
		snprintf(buf, len, "TLS handshake failed: certificate verify failed "
				 "(%s)", X509_verify_cert_error_string(result));
	}
	else if (err)
	{
		snprintf(buf, len, "TLS handshake failed: %s",
				 link_monitor_tls_reason(err));
	}
	else if (ssl_err == SSL_ERROR_SYSCALL && sys_err)
	{
		/* e.g. a reset: OpenSSL's queue is empty, errno tells */
		snprintf(buf, len, "TLS handshake failed: %s", strerror(sys_err));
	}
	else if (ssl_err == SSL_ERROR_SYSCALL || ssl_err == SSL_ERROR_ZERO_RETURN)
	{
		snprintf(buf, len, "TLS handshake failed: connection closed by the "
				 "server");
	}
	else
	{
		snprintf(buf, len, "TLS handshake failed");
	}
}

METHOD(link_monitor_stream_t, connect_, int,
	private_link_monitor_stream_t *this, struct sockaddr *sa, socklen_t salen)
{
	if (connect(this->fd, sa, salen) < 0 && errno != EINPROGRESS)
	{
		return errno;
	}
	return 0;
}

METHOD(link_monitor_stream_t, connected, int,
	private_link_monitor_stream_t *this)
{
	socklen_t optlen = sizeof(int);
	int err = 0;

	if (getsockopt(this->fd, SOL_SOCKET, SO_ERROR, &err, &optlen) < 0)
	{
		return errno;
	}
	return err;
}

METHOD(link_monitor_stream_t, start_tls, bool,
	private_link_monitor_stream_t *this, SSL_CTX *ctx, const char *host,
	const char *addr)
{
	this->ssl = SSL_new(ctx);
	if (!this->ssl || !SSL_set_fd(this->ssl, this->fd) ||
		(host && !SSL_set_tlsext_host_name(this->ssl, host)))
	{
		return FALSE;
	}
	if (SSL_CTX_get_verify_mode(ctx) & SSL_VERIFY_PEER)
	{
		/* as browsers: no partial wildcards ("w*.example"); an address
		 * is matched against the certificate's IP addresses */
		SSL_set_hostflags(this->ssl, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
		if (!SSL_set1_host(this->ssl, host ?: addr))
		{
			return FALSE;
		}
	}
	SSL_set_connect_state(this->ssl);
	return TRUE;
}

METHOD(link_monitor_stream_t, handshake, int,
	private_link_monitor_stream_t *this, char *reason, size_t len)
{
	int r, err;

	/* SSL_get_error() and the reason read the queue this call fills */
	ERR_clear_error();
	errno = 0;
	r = SSL_connect(this->ssl);
	if (r == 1)
	{
		return 0;
	}
	err = errno;
	r = SSL_get_error(this->ssl, r);
	if (wants_io(r))
	{
		return EAGAIN;
	}
	tls_error(this->ssl, reason, len, r, err);
	return EPROTO;
}

/**
 * Write what the socket takes now.
 *
 * @param written	receives the bytes written, 0 if it would block
 * @return			0 or an errno value (as TLS left it, EIO if none)
 */
static int write_once(private_link_monitor_stream_t *this, const void *data,
					  size_t len, size_t *written)
{
	ssize_t n;
	int r, err;

	*written = 0;
	if (this->ssl)
	{
		ERR_clear_error();
		r = SSL_write(this->ssl, data, len);
		if (r <= 0)
		{
			err = errno;
			return wants_io(SSL_get_error(this->ssl, r)) ? 0 : err ?: EIO;
		}
		*written = r;
		return 0;
	}
	n = send(this->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
	if (n < 0)
	{
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : errno;
	}
	*written = n;
	return 0;
}

/**
 * Read what is available now.
 *
 * @param received	receives the bytes read, 0 if none
 * @param eof		set to TRUE if the server closed the connection
 * @return			0 or an errno value (EPROTO for a TLS error)
 */
static int read_once(private_link_monitor_stream_t *this, void *buf,
					 size_t len, size_t *received, bool *eof)
{
	ssize_t n;
	int r;

	*received = 0;
	if (this->ssl)
	{
		ERR_clear_error();
		r = SSL_read(this->ssl, buf, len);
		if (r > 0)
		{
			*received = r;
			return 0;
		}
		r = SSL_get_error(this->ssl, r);
		*eof = r == SSL_ERROR_ZERO_RETURN || r == SSL_ERROR_SYSCALL;
		return wants_io(r) || *eof ? 0 : EPROTO;
	}
	n = recv(this->fd, buf, len, MSG_DONTWAIT);
	if (n < 0)
	{
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : errno;
	}
	*received = n;
	*eof = n == 0;
	return 0;
}

METHOD(link_monitor_stream_t, write_, int,
	private_link_monitor_stream_t *this, const void *data, size_t len,
	size_t *done)
{
	size_t n;
	int err;

	while (*done < len)
	{
		err = write_once(this, (const char*)data + *done, len - *done, &n);
		if (err || !n)
		{
			return err;
		}
		*done += n;
	}
	return 0;
}

METHOD(link_monitor_stream_t, read_, int,
	private_link_monitor_stream_t *this, void *buf, size_t len,
	size_t *done, bool *eof)
{
	size_t n;
	int err;

	while (*done < len)
	{
		err = read_once(this, (char*)buf + *done, len - *done, &n, eof);
		if (err || !n)
		{
			return err;
		}
		*done += n;
	}
	*eof = TRUE;
	return 0;
}

METHOD(link_monitor_stream_t, get_fd, int,
	private_link_monitor_stream_t *this)
{
	return this->fd;
}

METHOD(link_monitor_stream_t, destroy, void,
	private_link_monitor_stream_t *this)
{
	if (this->ssl)
	{
		SSL_free(this->ssl);
	}
	close(this->fd);
	free(this);
}

/*
 * Described in header
 */
link_monitor_stream_t *link_monitor_stream_create(int fd)
{
	private_link_monitor_stream_t *this;

	INIT(this,
		.public = {
			.connect = _connect_,
			.connected = _connected,
			.start_tls = _start_tls,
			.handshake = _handshake,
			.write = _write_,
			.read = _read_,
			.get_fd = _get_fd,
			.destroy = _destroy,
		},
		.fd = fd,
	);
	return &this->public;
}
