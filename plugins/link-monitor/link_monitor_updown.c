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

#include "link_monitor_updown.h"
#include "link_monitor_spawn.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>

#include <daemon.h>
#include <collections/linked_list.h>
#include <processing/jobs/callback_job.h>
#include <threading/mutex.h>

#include <lm_hookq.h>
#include <lm_updown.h>

/** hooks running at most at the same time */
#define MAX_RUNNING 32

/** bytes of stderr read for the log */
#define STDERR_MAX 256

typedef struct private_link_monitor_updown_t private_link_monitor_updown_t;

/**
 * Private data of a link_monitor_updown_t object.
 */
struct private_link_monitor_updown_t {

	/**
	 * Public link_monitor_updown_t interface.
	 */
	link_monitor_updown_t public;

	/**
	 * Where a hook that cannot start is recorded (not owned).
	 */
	link_monitor_errors_t *errors;

	/**
	 * Seconds before a hook is killed.
	 */
	u_int timeout;

	/**
	 * Protects hooks, queue and next_id.
	 */
	mutex_t *mutex;

	/**
	 * Hooks spawned and not yet reaped, as hook_t.
	 */
	linked_list_t *hooks;

	/**
	 * Per monitor order of hooks, as pending_t; holds the running slots.
	 */
	lm_hookq_t *queue;

	/**
	 * Last hook id handed out.
	 */
	u_int next_id;
};

/**
 * A hook to run, with the environment of its event.
 */
typedef struct {

	/**
	 * Executable.
	 */
	char *path;

	/**
	 * Environment, built at event time.
	 */
	char **env;

	/**
	 * Monitor name, the queue's key.
	 */
	char *name;

} pending_t;

/**
 * A running hook.
 */
typedef struct {

	/**
	 * Unique id, for the timeout job.
	 */
	u_int id;

	/**
	 * The process, its pidfd registered with lib->watcher.
	 */
	link_monitor_spawn_t *proc;

	/**
	 * Executable.
	 */
	char *path;

	/**
	 * Monitor name.
	 */
	char *name;

	/**
	 * Killed by the timeout job.
	 */
	bool timed_out;

} hook_t;

/**
 * Data of a timeout job.
 */
typedef struct {

	/**
	 * Runner, outlives the job.
	 */
	private_link_monitor_updown_t *this;

	/**
	 * Id of the hook.
	 */
	u_int id;

} timeout_t;

/**
 * Destroy a hook (its process is destroyed separately).
 */
static void hook_destroy(hook_t *hook)
{
	free(hook->path);
	free(hook->name);
	free(hook);
}

/**
 * Destroy a pending hook.
 */
static void pending_destroy(pending_t *pending)
{
	lm_updown_env_free(pending->env);
	free(pending->path);
	free(pending->name);
	free(pending);
}

/**
 * Log a pending hook that is not run.
 */
static void pending_drop(pending_t *pending, const char *why)
{
	const char *event, *state, *action;

	event = lm_updown_env_get(pending->env, "LINKMON_EVENT");
	state = lm_updown_env_get(pending->env, "LINKMON_STATE");
	action = lm_updown_env_get(pending->env, "LINKMON_ACTION");
	DBG1(DBG_CFG, "link-monitor '%s': %s, not running updown %s for %s "
		 "event (state %s%s%s)", pending->name, why, pending->path,
		 event ?: "?", state ?: "?", action && *action ? ", action " : "",
		 action && *action ? action : "");
	pending_destroy(pending);
}

/**
 * Find a hook by pidfd or, if fd is -1, by id; call with mutex held.
 */
static hook_t *find_hook(private_link_monitor_updown_t *this, int fd, u_int id)
{
	enumerator_t *enumerator;
	hook_t *hook, *found = NULL;

	enumerator = this->hooks->create_enumerator(this->hooks);
	while (enumerator->enumerate(enumerator, &hook))
	{
		if (fd == -1 ? hook->id == id
					 : hook->proc->get_pidfd(hook->proc) == fd)
		{
			found = hook;
			break;
		}
	}
	enumerator->destroy(enumerator);
	return found;
}

/**
 * Log how a reaped hook ended.
 */
static void log_exit(hook_t *hook, int status)
{
	char line[STDERR_MAX];
	bool failed = TRUE, have_line;

	have_line = hook->proc->read_stderr(hook->proc, line, sizeof(line));
	if (WIFEXITED(status))
	{
		if (WEXITSTATUS(status))
		{
			DBG1(DBG_CFG, "link-monitor '%s': updown %s exited with status %d",
				 hook->name, hook->path, WEXITSTATUS(status));
		}
		else
		{
			failed = FALSE;
			DBG2(DBG_CFG, "link-monitor '%s': updown %s exited with status 0",
				 hook->name, hook->path);
		}
	}
	else if (WIFSIGNALED(status))
	{
		if (hook->timed_out && WTERMSIG(status) == SIGKILL)
		{	/* logged when killed */
			DBG2(DBG_CFG, "link-monitor '%s': updown %s killed by signal %d",
				 hook->name, hook->path, WTERMSIG(status));
		}
		else
		{
			DBG1(DBG_CFG, "link-monitor '%s': updown %s killed by signal %d",
				 hook->name, hook->path, WTERMSIG(status));
		}
	}
	if (have_line)
	{
		if (failed)
		{
			DBG1(DBG_CFG, "link-monitor '%s': updown %s stderr: %s",
				 hook->name, hook->path, line);
		}
		else
		{
			DBG2(DBG_CFG, "link-monitor '%s': updown %s stderr: %s",
				 hook->name, hook->path, line);
		}
	}
}

/**
 * Job removing an exited process's pidfd from the watcher: after the
 * callback that returned FALSE, the fd is out of the watcher (remove()
 * waits for that), and only then closed by the cleanup, so its number cannot
 * be reused while the watcher still knows it.
 */
static job_requeue_t unwatch(link_monitor_spawn_t *proc)
{
	lib->watcher->remove(lib->watcher, proc->get_pidfd(proc));
	return JOB_REQUEUE_NONE;
}

/**
 * Hand a reaped hook's process to a job that closes its pidfd.
 */
static void close_later(hook_t *hook)
{
	/* never remove() an fd from its own callback; returning FALSE
	 * unregisters it. The job owns the process outright, its cleanup
	 * destroys it, run or not */
	lib->processor->queue_job(lib->processor,
		(job_t*)callback_job_create((callback_job_cb_t)unwatch, hook->proc,
						(callback_job_cleanup_t)hook->proc->destroy, NULL));
	hook->proc = NULL;
}

static void start(private_link_monitor_updown_t *this, pending_t *pending);

CALLBACK(hook_exited, bool,
	private_link_monitor_updown_t *this, int fd, watcher_event_t event)
{
	pending_t *next;
	hook_t *hook;
	int status = 0, err;

	this->mutex->lock(this->mutex);
	hook = find_hook(this, fd, 0);
	if (!hook)
	{	/* not ours */
		this->mutex->unlock(this->mutex);
		return FALSE;
	}
	/* reap with the mutex held, so the timeout job never signals a reaped
	 * (possibly reused) process group */
	err = hook->proc->reap(hook->proc, &status);
	if (err == EAGAIN)
	{	/* not exited yet */
		this->mutex->unlock(this->mutex);
		return TRUE;
	}
	this->hooks->remove(this->hooks, hook, NULL);
	/* the monitor's next hook, if any, takes over the slot */
	next = lm_hookq_done(this->queue, hook->name);
	this->mutex->unlock(this->mutex);

	if (err)
	{	/* e.g. ECHILD if someone else reaped it */
		DBG1(DBG_CFG, "link-monitor '%s': updown %s: waitpid failed: %s",
			 hook->name, hook->path, strerror(err));
	}
	else
	{
		log_exit(hook, status);
	}
	close_later(hook);
	hook_destroy(hook);
	start(this, next);
	return FALSE;
}

/**
 * Kill a hook still running at its deadline.
 */
static job_requeue_t timeout_hook(timeout_t *data)
{
	private_link_monitor_updown_t *this = data->this;
	hook_t *hook;

	this->mutex->lock(this->mutex);
	hook = find_hook(this, -1, data->id);
	/* a hook is not reaped while in the list, so its group is still its */
	if (hook && !hook->timed_out && hook->proc->kill(hook->proc))
	{
		hook->timed_out = TRUE;
		DBG1(DBG_CFG, "link-monitor '%s': updown %s timed out after %u s, "
			 "killed", hook->name, hook->path, this->timeout);
	}
	this->mutex->unlock(this->mutex);
	return JOB_REQUEUE_NONE;
}

/**
 * Record for status whether a monitor's hooks can run.
 *
 * @param why		why the hook did not run, NULL if it runs
 */
static void record(link_monitor_errors_t *errors, const char *name,
				   const char *path, const char *why)
{
	char source[80];

	snprintf(source, sizeof(source), "updown '%s'", name);
	if (why)
	{
		errors->set(errors, source, "%s not run: %s", path, why);
	}
	else
	{
		errors->clear(errors, source);
	}
}

/**
 * Spawn a pending hook and open its pidfd; failures are logged and
 * recorded.
 *
 * @return			the running process, NULL on failure
 */
static link_monitor_spawn_t *spawn_hook(link_monitor_errors_t *errors,
										pending_t *pending)
{
	link_monitor_spawn_t *proc;
	int err;

	err = link_monitor_spawn_create(pending->path, pending->env, &proc);
	if (err)
	{
		DBG1(DBG_CFG, "link-monitor '%s': running updown %s failed: %s",
			 pending->name, pending->path, strerror(err));
		record(errors, pending->name, pending->path, strerror(err));
		return NULL;
	}
	err = proc->open_pidfd(proc);
	if (err)
	{
		proc->destroy(proc);
		DBG1(DBG_CFG, "link-monitor '%s': pidfd_open for updown %s failed "
			 "(%s, Linux >= 5.3 required), killed it", pending->name,
			 pending->path, strerror(err));
		record(errors, pending->name, pending->path, "pidfd_open failed");
		return NULL;
	}
	return proc;
}

/**
 * Kill, reap and destroy a hook on shutdown (no longer watched).
 */
static void kill_hook(hook_t *hook)
{
	hook->proc->destroy(hook->proc);
	DBG1(DBG_CFG, "link-monitor '%s': updown %s killed on shutdown",
		 hook->name, hook->path);
	hook_destroy(hook);
}

/**
 * Start a pending hook in the slot the queue gave it and watch it: its exit
 * on its pidfd, its deadline with a timeout job. Frees pending if started.
 *
 * @return			FALSE if it failed to start (logged)
 */
static bool start_one(private_link_monitor_updown_t *this, pending_t *pending)
{
	link_monitor_spawn_t *proc;
	timeout_t *data;
	hook_t *hook;

	proc = spawn_hook(this->errors, pending);
	if (!proc)
	{
		return FALSE;
	}
	record(this->errors, pending->name, pending->path, NULL);
	INIT(hook,
		.proc = proc,
		.path = pending->path,
		.name = pending->name,
	);
	pending->path = pending->name = NULL;
	pending_destroy(pending);

	/* listed before it is watched, so the callback always finds it */
	this->mutex->lock(this->mutex);
	hook->id = ++this->next_id;
	this->hooks->insert_last(this->hooks, hook);
	DBG2(DBG_CFG, "link-monitor '%s': updown %s started, pid %d", hook->name,
		 hook->path, proc->get_pid(proc));
	lib->watcher->add(lib->watcher, proc->get_pidfd(proc), WATCHER_READ,
					  hook_exited, this);
	INIT(data,
		.this = this,
		.id = hook->id,
	);
	this->mutex->unlock(this->mutex);

	/* jobs hold the runner by a plain pointer: charon cancels its processor
	 * and flushes its scheduler before it unloads plugins, so none runs
	 * after destroy(). A job owns its data (freed by its cleanup) and looks
	 * the hook up by id under the mutex: it may be reaped and gone already */
	lib->scheduler->schedule_job(lib->scheduler,
		(job_t*)callback_job_create((callback_job_cb_t)timeout_hook, data,
									free, NULL), this->timeout);
	return TRUE;
}

/**
 * Start a monitor's pending hook, holding its slot in the queue; if it
 * fails, go on with the monitor's next one.
 */
static void start(private_link_monitor_updown_t *this, pending_t *pending)
{
	pending_t *next;

	while (pending)
	{
		if (start_one(this, pending))
		{
			return;
		}
		this->mutex->lock(this->mutex);
		next = lm_hookq_done(this->queue, pending->name);
		this->mutex->unlock(this->mutex);
		pending_destroy(pending);
		pending = next;
	}
}

METHOD(link_monitor_updown_t, run, void,
	private_link_monitor_updown_t *this, const char *path, char **env,
	const char *name)
{
	lm_hookq_result_t result;
	pending_t *pending, *dropped = NULL;

	if (path[0] != '/')
	{
		DBG1(DBG_CFG, "link-monitor '%s': updown %s is not an absolute path, "
			 "not running it", name, path);
		record(this->errors, name, path, "not an absolute path");
		return;
	}
	INIT(pending,
		.path = strdup(path),
		.name = strdup(name),
		/* the event's environment, whenever the hook runs */
		.env = lm_updown_env_dup(env),
	);
	if (!pending->env)
	{
		DBG1(DBG_CFG, "link-monitor '%s': out of memory running updown",
			 name);
		pending_destroy(pending);
		return;
	}

	this->mutex->lock(this->mutex);
	result = lm_hookq_push(this->queue, name, pending, (void**)&dropped);
	this->mutex->unlock(this->mutex);

	if (dropped)
	{
		pending_drop(dropped, "updown queue full, dropping the oldest "
					 "waiting hook");
	}
	switch (result)
	{
		case LM_HOOKQ_RUN:
			start(this, pending);
			break;
		case LM_HOOKQ_QUEUED:
			DBG2(DBG_CFG, "link-monitor '%s': updown %s queued behind the "
				 "running one", name, path);
			break;
		case LM_HOOKQ_REFUSED:
			DBG1(DBG_CFG, "link-monitor '%s': %d updown hooks running, not "
				 "running %s", name, MAX_RUNNING, path);
			record(this->errors, name, path, "too many hooks running");
			pending_destroy(pending);
			break;
		case LM_HOOKQ_NOMEM:
			DBG1(DBG_CFG, "link-monitor '%s': out of memory running updown",
				 name);
			pending_destroy(pending);
			break;
	}
}

METHOD(link_monitor_updown_t, destroy, void,
	private_link_monitor_updown_t *this)
{
	pending_t *pending;
	hook_t *hook;

	/* neither a job nor a watcher callback of ours runs anymore (see
	 * start_one()): drop the waiting hooks, kill the running ones */
	while ((pending = lm_hookq_drain(this->queue)))
	{
		pending_drop(pending, "shutting down");
	}
	while (this->hooks->remove_first(this->hooks, (void**)&hook) == SUCCESS)
	{
		lib->watcher->remove(lib->watcher, hook->proc->get_pidfd(hook->proc));
		kill_hook(hook);
	}
	lm_hookq_destroy(this->queue);
	this->hooks->destroy(this->hooks);
	this->mutex->destroy(this->mutex);
	free(this);
}

/*
 * Described in header
 */
link_monitor_updown_t *link_monitor_updown_create(
										link_monitor_errors_t *errors,
										u_int timeout, u_int queue)
{
	private_link_monitor_updown_t *this;

	INIT(this,
		.public = {
			.run = _run,
			.destroy = _destroy,
		},
		.mutex = mutex_create(MUTEX_TYPE_DEFAULT),
		.errors = errors,
		.timeout = timeout,
		.hooks = linked_list_create(),
		.queue = lm_hookq_create(MAX_RUNNING, queue),
	);

	return &this->public;
}
