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

#include "link_monitor_dpd.h"
#include "link_monitor_clock.h"

#include <errno.h>
#include <stddef.h>

#include <daemon.h>
#include <threading/mutex.h>
#include <collections/hashtable.h>
#include <processing/jobs/callback_job.h>
#include <sa/ikev2/tasks/ike_dpd.h>

typedef struct private_link_monitor_dpd_t private_link_monitor_dpd_t;

/**
 * Private data of a link_monitor_dpd_t object.
 */
struct private_link_monitor_dpd_t {

	/**
	 * Public link_monitor_dpd_t interface.
	 */
	link_monitor_dpd_t public;

	/**
	 * Checks in flight by IKE_SA unique id, check_t.
	 */
	hashtable_t *checks;

	/**
	 * Result callback.
	 */
	link_monitor_reply_cb_t cb;

	/**
	 * Data for cb.
	 */
	void *data;

	/**
	 * Protects checks.
	 */
	mutex_t *mutex;
};

/**
 * A check in flight.
 */
typedef struct {
	/** IKE_SA unique id (the key) */
	uint32_t ike_id;
	/** monitor identifier and probe sequence number */
	uint16_t ident;
	uint16_t seq;
	/** the request went out */
	bool sent;
	/** its message id */
	uint32_t mid;
	/** when, monotonic */
	uint64_t sent_ns;
} check_t;

/**
 * Job context.
 */
typedef struct {
	private_link_monitor_dpd_t *this;
	uint32_t ike_id;
} job_data_t;

/**
 * Report a result for a check, which is removed; called without the lock.
 */
static void report(private_link_monitor_dpd_t *this, check_t *check,
				   bool failed, char *reason, uint64_t rtt, host_t *peer)
{
	lm_reply_t reply = {
		.protocol = LM_PROTO_DPD,
		.ident = check->ident,
		.seq = check->seq,
		.rx_mono_ns = link_monitor_now_ns(),
		.rtt_ns = rtt,
		.failed = failed,
	};

	if (peer)
	{
		lm_addr_from_sockaddr(peer->get_sockaddr(peer), &reply.from);
	}
	if (reason)
	{
		snprintf(reply.reason, sizeof(reply.reason), "%s", reason);
	}
	this->cb(this->data, &reply, 1);
}

/**
 * Job queueing the DPD task on the IKE_SA.
 */
static job_requeue_t start(job_data_t *data)
{
	private_link_monitor_dpd_t *this = data->this;
	ike_sa_t *ike_sa;
	check_t *check;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													data->ike_id);
	if (ike_sa && ike_sa->get_state(ike_sa) == IKE_ESTABLISHED &&
		ike_sa->get_version(ike_sa) == IKEV2)
	{
		ike_sa->queue_task(ike_sa, (task_t*)ike_dpd_create(TRUE));
		if (ike_sa->initiate(ike_sa, NULL, NULL) == DESTROY_ME)
		{
			charon->ike_sa_manager->checkin_and_destroy(
											charon->ike_sa_manager, ike_sa);
		}
		else
		{
			charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
		}
		return JOB_REQUEUE_NONE;
	}
	if (ike_sa)
	{
		charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	}
	this->mutex->lock(this->mutex);
	check = this->checks->remove(this->checks, (void*)(uintptr_t)data->ike_id);
	this->mutex->unlock(this->mutex);
	if (check)
	{
		report(this, check, TRUE, "IKE_SA not established", 0, NULL);
		free(check);
	}
	return JOB_REQUEUE_NONE;
}

/**
 * The dpd object of its transport interface (not its first member).
 */
static private_link_monitor_dpd_t *of_transport(link_monitor_transport_t *t)
{
	return (private_link_monitor_dpd_t*)((char*)t -
					offsetof(private_link_monitor_dpd_t, public.transport));
}

/**
 * Implementation of link_monitor_transport_t.send: start a check.
 */
static int send_(link_monitor_transport_t *transport, const lm_probe_t *probe,
				 uint64_t *mono_ns, uint64_t *real_ns)
{
	private_link_monitor_dpd_t *this = of_transport(transport);
	uint32_t ike_id = probe->ike_id;
	uint16_t ident = probe->mon->ident, seq = probe->seq;
	job_data_t *data;
	check_t *check;

	*mono_ns = link_monitor_now_ns();
	*real_ns = 0;
	this->mutex->lock(this->mutex);
	if (this->checks->get(this->checks, (void*)(uintptr_t)ike_id))
	{
		this->mutex->unlock(this->mutex);
		/* counted as sent: it expires as lost unless the check in flight
		 * is answered */
		DBG2(DBG_CFG, "link-monitor '%s': liveness check of IKE_SA %u still "
			 "unanswered", probe->mon->cfg->name, ike_id);
		return 0;
	}
	INIT(check,
		.ike_id = ike_id,
		.ident = ident,
		.seq = seq,
	);
	this->checks->put(this->checks, (void*)(uintptr_t)ike_id, check);
	this->mutex->unlock(this->mutex);

	INIT(data,
		.this = this,
		.ike_id = ike_id,
	);
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create_with_prio((callback_job_cb_t)start, data,
											  free, NULL, JOB_PRIO_HIGH));
	return 0;
}

/**
 * Is this an empty INFORMATIONAL, i.e. a liveness check?
 */
static bool is_dpd(message_t *message)
{
	enumerator_t *enumerator;
	payload_t *payload;
	bool empty = TRUE;

	if (message->get_exchange_type(message) != INFORMATIONAL)
	{
		return FALSE;
	}
	enumerator = message->create_payload_enumerator(message);
	while (enumerator->enumerate(enumerator, &payload))
	{
		empty = FALSE;
	}
	enumerator->destroy(enumerator);
	return empty;
}

METHOD(listener_t, message_hook, bool,
	private_link_monitor_dpd_t *this, ike_sa_t *ike_sa, message_t *message,
	bool incoming, bool plain)
{
	uint32_t id = ike_sa->get_unique_id(ike_sa);
	check_t *check;
	uint64_t now;

	if (!plain || !is_dpd(message))
	{
		return TRUE;
	}
	now = link_monitor_now_ns();
	this->mutex->lock(this->mutex);
	check = this->checks->get(this->checks, (void*)(uintptr_t)id);
	if (!check)
	{
		this->mutex->unlock(this->mutex);
		return TRUE;
	}
	if (!incoming && message->get_request(message) && !check->sent)
	{
		check->sent = TRUE;
		check->mid = message->get_message_id(message);
		check->sent_ns = now;
		this->mutex->unlock(this->mutex);
		return TRUE;
	}
	if (incoming && !message->get_request(message) && check->sent &&
		message->get_message_id(message) == check->mid)
	{
		this->checks->remove(this->checks, (void*)(uintptr_t)id);
		this->mutex->unlock(this->mutex);
		report(this, check, FALSE, NULL, now - check->sent_ns,
			   ike_sa->get_other_host(ike_sa));
		free(check);
		return TRUE;
	}
	this->mutex->unlock(this->mutex);
	return TRUE;
}

METHOD(listener_t, ike_updown, bool,
	private_link_monitor_dpd_t *this, ike_sa_t *ike_sa, bool up)
{
	check_t *check;

	if (!up)
	{
		this->mutex->lock(this->mutex);
		check = this->checks->remove(this->checks,
						(void*)(uintptr_t)ike_sa->get_unique_id(ike_sa));
		this->mutex->unlock(this->mutex);
		/* the probe expires as lost by its deadline */
		free(check);
	}
	return TRUE;
}

/**
 * Implementation of link_monitor_transport_t.destroy.
 */
static void destroy(link_monitor_transport_t *transport)
{
	private_link_monitor_dpd_t *this = of_transport(transport);

	this->checks->destroy_function(this->checks, (void*)free);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_dpd_t *link_monitor_dpd_create(link_monitor_reply_cb_t cb,
											void *data)
{
	private_link_monitor_dpd_t *this;

	INIT(this,
		.public = {
			.transport = {
				.send = send_,
				.destroy = destroy,
			},
			.listener = {
				.message = _message_hook,
				.ike_updown = _ike_updown,
			},
		},
		.checks = hashtable_create(hashtable_hash_ptr, hashtable_equals_ptr, 8),
		.cb = cb,
		.data = data,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	return &this->public;
}
