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

#include "link_monitor_scheduler.h"
#include "link_monitor_clock.h"

#include <errno.h>
#include <sys/random.h>
#include <sched.h>
#include <unistd.h>

#include <daemon.h>
#include <threading/mutex.h>
#include <processing/jobs/callback_job.h>

/**
 * Monitors rendered per part of a status, under the lock (about 4 us
 * each as JSON): what a batch of replies may have to wait for.
 */
#define STATUS_PART 16

/**
 * Monitors of a metric family rendered per part, under the lock (a sample
 * line or a few each, about 1 us).
 */
#define METRICS_PART 128

typedef struct private_link_monitor_scheduler_t private_link_monitor_scheduler_t;

/**
 * Private data of a link_monitor_scheduler_t object.
 */
struct private_link_monitor_scheduler_t {

	/**
	 * Public link_monitor_scheduler_t interface.
	 */
	link_monitor_scheduler_t public;

	/**
	 * The decision core.
	 */
	lm_engine_t *engine;

	/**
	 * Output of the current event, reused.
	 */
	lm_out_t out;

	/**
	 * Transports by protocol, not owned.
	 */
	link_monitor_transport_t *transports[LM_PROTO_COUNT];

	/**
	 * Probe thread, for its timer.
	 */
	link_monitor_io_t *io;

	/**
	 * Carries out the rest of an output.
	 */
	link_monitor_dispatch_t *dispatch;

	/**
	 * Time the probe thread's timer is set to, UINT64_MAX if none.
	 */
	uint64_t scheduled_ns;

	/**
	 * Events waiting for the lock; a status lets them go first between its
	 * parts.
	 */
	int waiting;

	/**
	 * Protects everything above but waiting.
	 */
	mutex_t *mutex;
};

/**
 * A traffic check of an on_idle monitor.
 */
typedef struct {
	/** scheduler */
	private_link_monitor_scheduler_t *this;
	/** the check */
	lm_idle_t idle;
} idle_job_t;

static void run(private_link_monitor_scheduler_t *this, lm_event_t *event);

/**
 * Take the lock for an event, announced to a status in progress.
 */
static void lock_event(private_link_monitor_scheduler_t *this)
{
	__atomic_add_fetch(&this->waiting, 1, __ATOMIC_SEQ_CST);
	this->mutex->lock(this->mutex);
	__atomic_sub_fetch(&this->waiting, 1, __ATOMIC_SEQ_CST);
}

/**
 * Read the inbound packet counter of a CHILD_SA.
 *
 * @return			TRUE if the CHILD_SA was found
 */
static bool child_packets(uint32_t ike_id, uint32_t child_id,
						  uint64_t *packets)
{
	enumerator_t *enumerator;
	child_sa_t *child_sa;
	ike_sa_t *ike_sa;
	bool found = FALSE;

	ike_sa = charon->ike_sa_manager->checkout_by_id(charon->ike_sa_manager,
													ike_id);
	if (!ike_sa)
	{
		return FALSE;
	}
	enumerator = ike_sa->create_child_sa_enumerator(ike_sa);
	while (enumerator->enumerate(enumerator, &child_sa))
	{
		if (child_sa->get_unique_id(child_sa) == child_id)
		{
			child_sa->get_usestats(child_sa, TRUE, NULL, NULL, packets);
			found = TRUE;
		}
	}
	enumerator->destroy(enumerator);
	charon->ike_sa_manager->checkin(charon->ike_sa_manager, ike_sa);
	return found;
}

/**
 * Job reading the counter of a traffic check and handing it to the core.
 */
static job_requeue_t idle_check(idle_job_t *job)
{
	private_link_monitor_scheduler_t *this = job->this;
	lm_event_t event = {
		.type = LM_EV_IDLE,
		.idle = {
			.ident = job->idle.ident,
			.token = job->idle.token,
			.child_id = job->idle.child_id,
		},
	};

	event.idle.found = child_packets(job->idle.ike_id, job->idle.child_id,
									 &event.idle.packets);
	lock_event(this);
	run(this, &event);
	this->mutex->unlock(this->mutex);
	return JOB_REQUEUE_NONE;
}

/**
 * Queue the traffic checks of an output.
 */
static void queue_idle_checks(private_link_monitor_scheduler_t *this)
{
	idle_job_t *job;
	int i;

	for (i = 0; i < this->out.nidles; i++)
	{
		INIT(job,
			.this = this,
			.idle = this->out.idles[i],
		);
		lib->processor->queue_job(lib->processor,
			(job_t*)callback_job_create_with_prio(
								(callback_job_cb_t)idle_check, job, free, NULL,
								JOB_PRIO_HIGH));
	}
}

/**
 * Send the probes of the output and hand the outcomes to the core.
 */
static void send_probes(private_link_monitor_scheduler_t *this)
{
	link_monitor_transport_t *transport;
	lm_probe_t *probe;
	lm_event_t event = {
		.type = LM_EV_SENT,
		.sent = {
			.probes = this->out.probes,
			.count = this->out.nprobes,
		},
	};
	int i;

	for (i = 0; i < this->out.nprobes; i++)
	{
		probe = &this->out.probes[i];
		transport = this->transports[lm_monitor_cfg_server(probe->mon->cfg,
											probe->server)->protocol];
		probe->err = transport ? transport->send(transport, probe,
									&probe->mono_ns, &probe->real_ns) :
								 EPROTONOSUPPORT;
	}
	event.now_ns = link_monitor_now_ns();
	event.wall = time(NULL);
	lm_engine_step(this->engine, &event, &this->out);
}

/**
 * Hand the sessions the output asks for to their transport.
 */
static void run_sessions(private_link_monitor_scheduler_t *this)
{
	link_monitor_transport_t *transport = this->transports[LM_PROTO_BFD];

	if (this->out.nsessions && transport && transport->sessions)
	{
		transport->sessions(transport, this->out.sessions,
							this->out.nsessions);
	}
}

/**
 * Set the probe thread's timer to the core's next event, if it is not set
 * before it.
 */
static void reschedule(private_link_monitor_scheduler_t *this, uint64_t next)
{
	if (next == UINT64_MAX || next >= this->scheduled_ns)
	{
		return;
	}
	this->scheduled_ns = next;
	this->io->set_timer(this->io, next);
}

/**
 * Run an event through the core and carry out its output; with the lock.
 */
static void run(private_link_monitor_scheduler_t *this, lm_event_t *event)
{
	if (!event->now_ns)
	{
		event->now_ns = link_monitor_now_ns();
	}
	if (!event->wall)
	{
		event->wall_ns = link_monitor_real_ns();
		event->wall = event->wall_ns / 1000000000LL;
	}
	lm_engine_step(this->engine, event, &this->out);
	run_sessions(this);
	if (this->out.nprobes)
	{
		send_probes(this);
	}
	queue_idle_checks(this);
	this->dispatch->run(this->dispatch, &this->out);
	reschedule(this, this->out.next_ns);
	lm_out_reset(&this->out);
}

METHOD(link_monitor_scheduler_t, step, void,
	private_link_monitor_scheduler_t *this, lm_event_t *event)
{
	lock_event(this);
	run(this, event);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_scheduler_t, reply, void,
	private_link_monitor_scheduler_t *this, lm_reply_t *replies, int count)
{
	lm_event_t event;
	int i;

	lock_event(this);
	for (i = 0; i < count; i++)
	{
		event = (lm_event_t){
			.type = LM_EV_REPLY,
			.now_ns = replies[i].rx_mono_ns,
			.reply = &replies[i],
		};
		run(this, &event);
	}
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_scheduler_t, bfd, void,
	private_link_monitor_scheduler_t *this, lm_bfd_report_t *reports,
	int count)
{
	lm_event_t event;
	int i;

	lock_event(this);
	for (i = 0; i < count; i++)
	{
		event = (lm_event_t){
			.type = LM_EV_BFD,
			.bfd = &reports[i],
		};
		run(this, &event);
	}
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_scheduler_t, tick, void,
	private_link_monitor_scheduler_t *this)
{
	lm_event_t event = {
		.type = LM_EV_TIMER,
	};

	lock_event(this);
	this->scheduled_ns = UINT64_MAX;
	run(this, &event);
	this->mutex->unlock(this->mutex);
}

METHOD(link_monitor_scheduler_t, set_transport, void,
	private_link_monitor_scheduler_t *this, lm_proto_t protocol,
	link_monitor_transport_t *transport)
{
	this->mutex->lock(this->mutex);
	this->transports[protocol] = transport;
	this->mutex->unlock(this->mutex);
}

/**
 * Let the events waiting for the lock go first.
 */
static void yield_to_events(private_link_monitor_scheduler_t *this)
{
	/* a mutex is not fair: without this a request in parts would take it
	 * right back, and the probe thread would wait for all parts */
	while (__atomic_load_n(&this->waiting, __ATOMIC_SEQ_CST))
	{
		sched_yield();
	}
}

METHOD(link_monitor_scheduler_t, status, lm_msg_result_t,
	private_link_monitor_scheduler_t *this, const lm_status_req_t *req,
	lm_buf_t *buf)
{
	lm_status_cursor_t cursor;
	lm_msg_result_t result;

	lm_status_cursor_init(&cursor, req);
	do
	{
		/* in parts: the probe thread waits for one part at most, not for
		 * the status of thousands of monitors */
		this->mutex->lock(this->mutex);
		result = lm_engine_status_part(this->engine, &cursor, buf,
									   STATUS_PART);
		this->mutex->unlock(this->mutex);
		yield_to_events(this);
	}
	while (result == LM_MSG_OK && !cursor.done);
	return result;
}

METHOD(link_monitor_scheduler_t, gateway_interfaces, int,
	private_link_monitor_scheduler_t *this, char names[][IF_NAMESIZE],
	int max)
{
	const char *found[max];
	int i, count;

	this->mutex->lock(this->mutex);
	count = lm_engine_gateway_interfaces(this->engine, found, max);
	for (i = 0; i < count; i++)
	{
		snprintf(names[i], IF_NAMESIZE, "%s", found[i]);
	}
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(link_monitor_scheduler_t, history, lm_msg_result_t,
	private_link_monitor_scheduler_t *this, const char *name, int64_t since,
	lm_buf_t *buf)
{
	lm_msg_result_t result;

	this->mutex->lock(this->mutex);
	result = lm_engine_history(this->engine, name, since,
							   link_monitor_now_ns(), link_monitor_real_ns(),
							   buf);
	this->mutex->unlock(this->mutex);
	return result;
}

METHOD(link_monitor_scheduler_t, metrics, void,
	private_link_monitor_scheduler_t *this, bool openmetrics, lm_buf_t *buf)
{
	lm_metrics_t m;

	lm_metrics_begin(&m, buf, openmetrics, link_monitor_now_ns(),
					 link_monitor_real_ns());
	while (!m.done)
	{
		this->mutex->lock(this->mutex);
		lm_engine_metrics_part(this->engine, &m, METRICS_PART);
		this->mutex->unlock(this->mutex);
		yield_to_events(this);
	}
}

METHOD(link_monitor_scheduler_t, count, int,
	private_link_monitor_scheduler_t *this)
{
	int count;

	this->mutex->lock(this->mutex);
	count = lm_engine_count(this->engine);
	this->mutex->unlock(this->mutex);
	return count;
}

METHOD(link_monitor_scheduler_t, destroy, void,
	private_link_monitor_scheduler_t *this)
{
	lm_engine_destroy(this->engine);
	lm_out_free(&this->out);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_scheduler_t *link_monitor_scheduler_create(link_monitor_io_t *io,
											link_monitor_dispatch_t *dispatch,
											const lm_history_cfg_t *history)
{
	private_link_monitor_scheduler_t *this;
	uint64_t seed;

	if (getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
	{
		seed = link_monitor_real_ns() ^ getpid();
	}
	INIT(this,
		.public = {
			.step = _step,
			.reply = _reply,
			.bfd = _bfd,
			.tick = _tick,
			.set_transport = _set_transport,
			.status = _status,
			.gateway_interfaces = _gateway_interfaces,
			.history = _history,
			.metrics = _metrics,
			.count = _count,
			.destroy = _destroy,
		},
		.engine = lm_engine_create(seed),
		.io = io,
		.dispatch = dispatch,
		.scheduled_ns = UINT64_MAX,
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
	);
	lm_out_init(&this->out);
	if (!this->engine)
	{
		destroy(this);
		return NULL;
	}
	lm_engine_set_history(this->engine, history);
	return &this->public;
}
