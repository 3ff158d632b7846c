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

#define _GNU_SOURCE /* asprintf() */
#include "link_monitor_tls.h"

#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include <openssl/err.h>
#include <openssl/x509.h>

#include <daemon.h>
#include <threading/condvar.h>
#include <threading/mutex.h>
#include <collections/linked_list.h>

typedef struct private_link_monitor_tls_t private_link_monitor_tls_t;

/**
 * A context that verifies, with the CA certificates it loaded.
 */
typedef struct {

	/**
	 * tls_ca, NULL for the system's store.
	 */
	char *ca;

	/**
	 * What was loaded: the file or directory as stat() saw it (zero if it
	 * did not exist).
	 */
	struct stat st;

	/**
	 * The context, NULL if the CA certificates could not be loaded.
	 */
	SSL_CTX *ctx;

	/**
	 * Why they could not be loaded.
	 */
	char *error;

	/**
	 * A thread is loading them (again).
	 */
	bool loading;

} entry_t;

/**
 * Private data of a link_monitor_tls_t object.
 */
struct private_link_monitor_tls_t {

	/**
	 * Public link_monitor_tls_t interface.
	 */
	link_monitor_tls_t public;

	/**
	 * The context that does not verify.
	 */
	SSL_CTX *plain;

	/**
	 * Contexts that verify, entry_t.
	 */
	linked_list_t *entries;

	/**
	 * Protects entries.
	 */
	mutex_t *mutex;

	/**
	 * Signals that an entry was loaded.
	 */
	condvar_t *condvar;
};

/**
 * Destroy an entry and its reference to the context.
 */
static void entry_destroy(entry_t *entry)
{
	SSL_CTX_free(entry->ctx);
	free(entry->ca);
	free(entry->error);
	free(entry);
}

/**
 * Check whether stat() saw the same file twice, unchanged.
 */
static bool same_file(const struct stat *a, const struct stat *b)
{
	return a->st_dev == b->st_dev && a->st_ino == b->st_ino &&
		   a->st_size == b->st_size &&
		   a->st_mtim.tv_sec == b->st_mtim.tv_sec &&
		   a->st_mtim.tv_nsec == b->st_mtim.tv_nsec &&
		   a->st_ctim.tv_sec == b->st_ctim.tv_sec &&
		   a->st_ctim.tv_nsec == b->st_ctim.tv_nsec;
}

/**
 * The file whose changes reload the CA certificates: tls_ca, or the file of
 * the system's store OpenSSL loads (its directory is read on demand).
 */
static const char *watched(const char *ca)
{
	if (ca)
	{
		return ca;
	}
	return getenv(X509_get_default_cert_file_env()) ?:
		   X509_get_default_cert_file();
}

/**
 * Load the CA certificates into a context that verifies.
 *
 * @param ca		tls_ca, NULL for the system's store
 * @param st		what stat() said about ca
 * @param error		receives why they could not be loaded (allocated)
 * @return			context, NULL on failure
 */
static SSL_CTX *load(const char *ca, const struct stat *st, char **error)
{
	SSL_CTX *ctx;
	int ok;

	ctx = SSL_CTX_new(TLS_client_method());
	if (!ctx)
	{
		*error = strdup("creating TLS context failed");
		return NULL;
	}
	if (!ca)
	{	/* a missing default file or directory is no error */
		ok = SSL_CTX_set_default_verify_paths(ctx);
	}
	else if (S_ISDIR(st->st_mode))
	{	/* hashed certificates, looked up when needed */
		ok = SSL_CTX_load_verify_locations(ctx, NULL, ca);
	}
	else
	{
		ok = SSL_CTX_load_verify_locations(ctx, ca, NULL);
	}
	if (!ok)
	{
		if (asprintf(error, "loading %s failed: %s", ca ? "tls_ca" :
					 "the system's CA certificates",
					 link_monitor_tls_reason(ERR_peek_error())) < 0)
		{
			*error = NULL;
		}
		ERR_clear_error();
		SSL_CTX_free(ctx);
		return NULL;
	}
	SSL_CTX_set_verify(ctx, SSL_VERIFY_PEER, NULL);
	/* an intermediate CA or the server's own certificate in tls_ca is a
	 * trust anchor, as for curl */
	X509_STORE_set_flags(SSL_CTX_get_cert_store(ctx),
						 X509_V_FLAG_PARTIAL_CHAIN);
	return ctx;
}

/**
 * Find the entry of a tls_ca; call with the mutex held.
 */
static entry_t *find_entry(private_link_monitor_tls_t *this, const char *ca)
{
	enumerator_t *enumerator;
	entry_t *entry, *found = NULL;

	enumerator = this->entries->create_enumerator(this->entries);
	while (enumerator->enumerate(enumerator, &entry))
	{
		if (streq(entry->ca, ca) || (!entry->ca && !ca))
		{
			found = entry;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Load the CA certificates of a tls_ca into its entry, created if there is
 * none; call with the mutex held, which is released meanwhile. Others use
 * the entry's old context until it is replaced, or wait for the first.
 */
static entry_t *load_entry(private_link_monitor_tls_t *this, entry_t *entry,
						   const char *ca, const struct stat *st)
{
	char *error = NULL;
	SSL_CTX *ctx;
	bool again;

	if (!entry)
	{
		INIT(entry,
			.ca = strdupnull(ca),
		);
		this->entries->insert_last(this->entries, entry);
	}
	again = entry->ctx || entry->error;
	entry->loading = TRUE;
	this->mutex->unlock(this->mutex);
	ctx = load(ca, st, &error);
	this->mutex->lock(this->mutex);
	if (ctx)
	{
		DBG2(DBG_CFG, "link-monitor: %s CA certificates of %s",
			 again ? "reloaded" : "loaded", ca ?: "the system store");
	}
	else
	{
		DBG2(DBG_CFG, "link-monitor: %s (%s)", error ?: "out of memory",
			 ca ?: "the system store");
	}
	SSL_CTX_free(entry->ctx);
	free(entry->error);
	entry->ctx = ctx;
	entry->error = error;
	entry->st = *st;
	entry->loading = FALSE;
	this->condvar->broadcast(this->condvar);
	return entry;
}

/**
 * Wait until the first loading of a tls_ca, which another thread does, is
 * done; call with the mutex held.
 *
 * @param entry		the tls_ca's entry, replaced by the current one
 * @return			FALSE at the deadline
 */
static bool wait_first(private_link_monitor_tls_t *this, entry_t **entry,
					   const char *ca, u_int timeout_ms)
{
	timeval_t deadline;

	time_monotonic(&deadline);
	timeval_add_ms(&deadline, timeout_ms);
	while (*entry && (*entry)->loading && !(*entry)->ctx)
	{
		if (this->condvar->timed_wait_abs(this->condvar, this->mutex,
										  deadline))
		{
			return FALSE;
		}
		*entry = find_entry(this, ca);
	}
	return TRUE;
}

METHOD(link_monitor_tls_t, get, SSL_CTX*,
	private_link_monitor_tls_t *this, bool verify, const char *ca,
	u_int timeout_ms, char *reason, size_t len)
{
	struct stat st = {};
	entry_t *entry;
	SSL_CTX *ctx = NULL;

	if (!verify)
	{
		SSL_CTX_up_ref(this->plain);
		return this->plain;
	}
	if (stat(watched(ca), &st) != 0)
	{
		if (ca)
		{
			snprintf(reason, len, "loading tls_ca failed: %s",
					 strerror(errno));
			return NULL;
		}
		memset(&st, 0, sizeof(st));
	}
	this->mutex->lock(this->mutex);
	entry = find_entry(this, ca);
	if (!wait_first(this, &entry, ca, timeout_ms))
	{
		snprintf(reason, len, "CA certificates still loading");
		this->mutex->unlock(this->mutex);
		return NULL;
	}
	if (!entry || (!entry->loading && !same_file(&entry->st, &st)))
	{	/* while it is loaded again, others use the old context */
		entry = load_entry(this, entry, ca, &st);
	}
	ctx = entry->ctx;
	if (ctx)
	{
		SSL_CTX_up_ref(ctx);
	}
	else
	{
		snprintf(reason, len, "%s", entry->error ?: "out of memory");
	}
	this->mutex->unlock(this->mutex);
	return ctx;
}

/*
 * Described in header
 */
const char *link_monitor_tls_reason(unsigned long err)
{
	if (ERR_SYSTEM_ERROR(err))
	{	/* e.g. fopen() denied by AppArmor */
		return strerror(ERR_GET_REASON(err));
	}
	return ERR_reason_error_string(err) ?: "unknown error";
}

METHOD(link_monitor_tls_t, destroy, void,
	private_link_monitor_tls_t *this)
{
	this->entries->destroy_function(this->entries, (void*)entry_destroy);
	SSL_CTX_free(this->plain);
	this->condvar->destroy(this->condvar);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_tls_t *link_monitor_tls_create()
{
	private_link_monitor_tls_t *this;

	INIT(this,
		.public = {
			.get = _get,
			.destroy = _destroy,
		},
		.entries = linked_list_create(),
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.condvar = condvar_create(CONDVAR_TYPE_DEFAULT),
		.plain = SSL_CTX_new(TLS_client_method()),
	);
	if (!this->plain)
	{
		DBG1(DBG_CFG, "link-monitor: creating TLS context failed");
		destroy(this);
		return NULL;
	}
	/* a health check, not an authenticated channel, unless tls_verify:
	 * the server certificate is not verified (as FortiGate's https
	 * probes) */
	SSL_CTX_set_verify(this->plain, SSL_VERIFY_NONE, NULL);
	return &this->public;
}
