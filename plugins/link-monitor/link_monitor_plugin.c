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

#include "link_monitor_plugin.h"
#include "link_monitor_actions.h"
#include "link_monitor_bfd.h"
#include "link_monitor_dgram.h"
#include "link_monitor_dispatch.h"
#include "link_monitor_dpd.h"
#include "link_monitor_errors.h"
#include "link_monitor_events.h"
#include "link_monitor_gateways.h"
#include "link_monitor_netlink.h"
#include "link_monitor_ha.h"
#include "link_monitor_io.h"
#include "link_monitor_options.h"
#include "link_monitor_reload.h"
#include "link_monitor_routes.h"
#include "link_monitor_scheduler.h"
#include "link_monitor_socket.h"
#include "link_monitor_status.h"
#include "link_monitor_tcp.h"
#include "link_monitor_tunnels.h"
#include "link_monitor_updown.h"

#include <daemon.h>
#include <lm_version.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct private_link_monitor_plugin_t private_link_monitor_plugin_t;

/**
 * Private data of the link-monitor plugin: every component, created and
 * wired here.
 */
struct private_link_monitor_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	link_monitor_plugin_t public;

	/**
	 * What fails right now, shared by the components and status.
	 */
	link_monitor_errors_t *errors;

	/**
	 * Runs controller commands (failover, dead actions).
	 */
	link_monitor_actions_t *actions;

	/**
	 * The NETLINK_ROUTE socket routes, rules, links and gateways share,
	 * NULL if it could not be opened.
	 */
	link_monitor_netlink_t *netlink;

	/**
	 * Owns routes and cascade links, NULL without netlink.
	 */
	link_monitor_routes_t *routes;

	/**
	 * Runs updown hooks.
	 */
	link_monitor_updown_t *updown;

	/**
	 * Writes the HA track file.
	 */
	link_monitor_ha_t *ha;

	/**
	 * Keeps the transitions for linkmon events.
	 */
	link_monitor_events_t *events;

	/**
	 * Carries out the decision core's output.
	 */
	link_monitor_dispatch_t *dispatch;

	/**
	 * The probe thread.
	 */
	link_monitor_io_t *io;

	/**
	 * Runs the decision core.
	 */
	link_monitor_scheduler_t *scheduler;

	/**
	 * Transports: datagrams, connections, IKEv2 liveness checks, BFD
	 * sessions (NULL if they cannot run).
	 */
	link_monitor_transport_t *dgram, *tcp, *bfd;
	link_monitor_dpd_t *dpd;

	/**
	 * Follows CHILD_SAs.
	 */
	link_monitor_tunnels_t *tunnels;

	/**
	 * Follows the default gateways %gateway servers are, NULL without
	 * netlink.
	 */
	link_monitor_gateways_t *gateways;

	/**
	 * Loads the monitors.
	 */
	link_monitor_reload_t *reload;

	/**
	 * Renders the status.
	 */
	link_monitor_status_t *status;

	/**
	 * Control socket for linkmon.
	 */
	link_monitor_socket_t *socket;
};

METHOD(plugin_t, get_name, char*,
	private_link_monitor_plugin_t *this)
{
	return "link-monitor";
}

/**
 * Read the options and apply them, then reload the monitors.
 */
static bool reload_all(private_link_monitor_plugin_t *this)
{
	link_monitor_options_t opts;
	lm_event_t event = {
		.type = LM_EV_HA_CONFIG,
	};
	bool ok;

	link_monitor_options_read(&opts);
	this->ha->set_track_file(this->ha, opts.ha_enabled ? opts.ha_track_file
													   : NULL);
	event.ha.enabled = opts.ha_enabled;
	event.ha.cfg = opts.ha;
	event.ha.track_file = opts.ha_track_file;
	/* HA's options live in strongswan.conf: they apply whatever the
	 * monitors file holds */
	this->scheduler->step(this->scheduler, &event);
	ok = this->reload->reload(this->reload, opts.config);
	if (this->gateways)
	{
		this->gateways->refresh(this->gateways);
	}
	link_monitor_options_free(&opts);
	return ok;
}

/**
 * Create the components that act: commands, routes, hooks, HA.
 */
static void create_actors(private_link_monitor_plugin_t *this,
						  link_monitor_options_t *opts)
{
	this->errors = link_monitor_errors_create();
	this->actions = link_monitor_actions_create();
	this->netlink = link_monitor_netlink_create();
	if (this->netlink)
	{
		/* also removes stale routes of ours left by a crashed run */
		this->routes = link_monitor_routes_create(this->netlink);
	}
	else
	{
		DBG1(DBG_KNL, "link-monitor: no netlink socket, route actions are "
			 "disabled");
	}
	this->updown = link_monitor_updown_create(this->errors,
								opts->updown_timeout, opts->updown_queue);
	this->ha = link_monitor_ha_create(this->errors);
	this->events = link_monitor_events_create(opts->events);
	this->dispatch = link_monitor_dispatch_create(this->actions, this->routes,
									this->updown, this->ha, this->events);
}

/**
 * Create the probe thread, the decision core's host and the transports.
 */
static bool create_probing(private_link_monitor_plugin_t *this,
						   link_monitor_options_t *opts)
{
	this->io = link_monitor_io_create();
	if (!this->io)
	{
		return FALSE;
	}
	this->scheduler = link_monitor_scheduler_create(this->io, this->dispatch,
													&opts->history);
	if (!this->scheduler)
	{
		return FALSE;
	}
	this->io->on_timer(this->io, (void*)this->scheduler->tick,
					   this->scheduler);
	this->dgram = link_monitor_dgram_create(this->io,
								(void*)this->scheduler->reply, this->scheduler);
	this->tcp = link_monitor_tcp_create((void*)this->scheduler->reply,
										this->scheduler);
	this->dpd = link_monitor_dpd_create((void*)this->scheduler->reply,
										this->scheduler);
	this->bfd = link_monitor_bfd_create(this->io,
								(void*)this->scheduler->bfd, this->scheduler);
	if (!this->dgram || !this->tcp)
	{
		DBG1(DBG_CFG, "link-monitor: no probe socket could be opened");
		return FALSE;
	}
	this->scheduler->set_transport(this->scheduler, LM_PROTO_PING, this->dgram);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_UDP_ECHO,
								   this->dgram);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_TWAMP,
								   this->dgram);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_STAMP,
								   this->dgram);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_DNS, this->dgram);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_TCP_ECHO,
								   this->tcp);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_HTTP, this->tcp);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_HTTPS, this->tcp);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_TCP_CONNECT,
								   this->tcp);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_DPD,
								   &this->dpd->transport);
	this->scheduler->set_transport(this->scheduler, LM_PROTO_BFD, this->bfd);
	return this->io->start(this->io);
}

/**
 * Destroy a component and forget it.
 */
#define DESTROY_NULL(x) ({ DESTROY_IF(x); (x) = NULL; })

/**
 * Destroy every component, in the reverse order of creation.
 */
static void destroy_all(private_link_monitor_plugin_t *this)
{
	DESTROY_NULL(this->socket);
	DESTROY_NULL(this->status);
	DESTROY_NULL(this->reload);
	DESTROY_NULL(this->gateways);
	if (this->tunnels)
	{
		charon->bus->remove_listener(charon->bus, &this->tunnels->listener);
		DESTROY_NULL(this->tunnels);
	}
	if (this->dpd)
	{
		charon->bus->remove_listener(charon->bus, &this->dpd->listener);
	}
	/* stop receiving first: the transports call the scheduler */
	DESTROY_NULL(this->io);
	DESTROY_NULL(this->dgram);
	DESTROY_NULL(this->tcp);
	DESTROY_NULL(this->bfd);
	if (this->dpd)
	{
		this->dpd->transport.destroy(&this->dpd->transport);
		this->dpd = NULL;
	}
	DESTROY_NULL(this->scheduler);
	DESTROY_NULL(this->dispatch);
	DESTROY_NULL(this->events);
	DESTROY_NULL(this->ha);
	DESTROY_NULL(this->updown);
	/* removes every route of ours and restores cascade links */
	DESTROY_NULL(this->routes);
	DESTROY_NULL(this->netlink);
	DESTROY_NULL(this->actions);
	DESTROY_NULL(this->errors);
}

/**
 * Create and wire every component, then load the monitors.
 */
static bool create_all(private_link_monitor_plugin_t *this)
{
	link_monitor_options_t opts;
	bool ok = FALSE;

	link_monitor_options_read(&opts);
	create_actors(this, &opts);
	if (create_probing(this, &opts))
	{
		this->tunnels = link_monitor_tunnels_create(this->scheduler);
		charon->bus->add_listener(charon->bus, &this->tunnels->listener);
		charon->bus->add_listener(charon->bus, &this->dpd->listener);
		this->reload = link_monitor_reload_create(this->scheduler,
											this->tunnels, this->errors);
		this->gateways = link_monitor_gateways_create(this->scheduler,
														this->netlink);
		this->status = link_monitor_status_create(this->scheduler,
									this->errors, this->routes, this->ha);
		this->socket = link_monitor_socket_create(opts.socket,
								opts.socket_group, this->status, this->ha,
								this->scheduler, this->events,
								(void*)reload_all, this);
		ok = this->socket != NULL;
	}
	link_monitor_options_free(&opts);
	if (!ok)
	{
		destroy_all(this);
		return FALSE;
	}
	/* the first jobs are queued from here on: components are only
	 * destroyed at charon's shutdown, after its processor is gone */
	reload_all(this);
	return TRUE;
}

/**
 * Create or destroy the components.
 */
static bool plugin_cb(private_link_monitor_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	if (reg)
	{
		return create_all(this);
	}
	destroy_all(this);
	return TRUE;
}

METHOD(plugin_t, get_features, int,
	private_link_monitor_plugin_t *this, plugin_feature_t *features[])
{
	static plugin_feature_t f[] = {
		PLUGIN_CALLBACK((plugin_feature_callback_t)plugin_cb, NULL),
			PLUGIN_PROVIDE(CUSTOM, "link-monitor"),
	};
	*features = f;
	return countof(f);
}

METHOD(plugin_t, reload, bool,
	private_link_monitor_plugin_t *this)
{
	if (!this->scheduler)
	{
		return FALSE;
	}
	return reload_all(this);
}

METHOD(plugin_t, destroy, void,
	private_link_monitor_plugin_t *this)
{
	destroy_all(this);
	free(this);
}

/**
 * Read the strongSwan version the running daemon announces from its binary.
 */
static bool daemon_version(char *version, size_t size)
{
	struct stat st;
	void *map;
	bool found = FALSE;
	int fd;

	fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
	{
		return FALSE;
	}
	if (fstat(fd, &st) == 0 && st.st_size > 0)
	{
		map = mmap(NULL, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (map != MAP_FAILED)
		{
			found = lm_version_find(map, st.st_size, version, size);
			munmap(map, st.st_size);
		}
	}
	close(fd);
	return found;
}

/**
 * Is the running daemon the strongSwan this plugin was built for: the same
 * version and mediation (ME, which changes ike_sa_t, peer_cfg_t and
 * daemon_t)? Touches nothing of the daemon but the global dbg(), so a
 * mismatch is refused before it could crash charon.
 */
static bool daemon_matches()
{
	char version[32];
	bool me;

	if (!daemon_version(version, sizeof(version)))
	{
		DBG1(DBG_CFG, "link-monitor plugin built for strongSwan %s cannot "
			 "read the version of the running daemon, not loading", VERSION);
		return FALSE;
	}
	if (!streq(version, VERSION))
	{
		DBG1(DBG_CFG, "link-monitor plugin built for strongSwan %s, but the "
			 "daemon is strongSwan %s: not loading; rebuild or reinstall it "
			 "for %s", VERSION, version, version);
		return FALSE;
	}
	me = dlsym(RTLD_DEFAULT, "mediation_manager_create") != NULL;
#ifdef ME
	if (!me)
#else
	if (me)
#endif
	{
		DBG1(DBG_CFG, "link-monitor plugin built with mediation %s, but the "
			 "daemon %s it: not loading; rebuild it", me ? "off" : "on",
			 me ? "has" : "lacks");
		return FALSE;
	}
	return TRUE;
}

/**
 * Plugin constructor, see plugin_constructor_t.
 */
plugin_t *link_monitor_plugin_create()
{
	private_link_monitor_plugin_t *this;

	if (!daemon_matches())
	{
		return NULL;
	}

	/* raw sockets for ICMP probes */
	if (!lib->caps->keep(lib->caps, CAP_NET_RAW))
	{
		DBG1(DBG_CFG, "link-monitor plugin requires CAP_NET_RAW capability");
		return NULL;
	}

	INIT(this,
		.public = {
			.plugin = {
				.get_name = _get_name,
				.get_features = _get_features,
				.reload = _reload,
				.destroy = _destroy,
			},
		},
	);

	return &this->public.plugin;
}
