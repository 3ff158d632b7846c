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
#include "link_monitor_listener.h"
#include "link_monitor_manager.h"
#include "link_monitor_socket.h"

#include <daemon.h>
#include <lm_version.h>

#include <dlfcn.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

typedef struct private_link_monitor_plugin_t private_link_monitor_plugin_t;

/**
 * Private data of the link-monitor plugin.
 */
struct private_link_monitor_plugin_t {

	/**
	 * Implements plugin interface.
	 */
	link_monitor_plugin_t public;

	/**
	 * Monitors and their state.
	 */
	link_monitor_manager_t *manager;

	/**
	 * Bus listener for IKE_SA/CHILD_SA events.
	 */
	link_monitor_listener_t *listener;

	/**
	 * Control socket for linkmon.
	 */
	link_monitor_socket_t *socket;

	/**
	 * What fails right now, shared by the components and status.
	 */
	link_monitor_errors_t *errors;
};

METHOD(plugin_t, get_name, char*,
	private_link_monitor_plugin_t *this)
{
	return "link-monitor";
}

/**
 * Register or unregister the listener and control socket.
 */
static bool plugin_cb(private_link_monitor_plugin_t *this,
					  plugin_feature_t *feature, bool reg, void *cb_data)
{
	if (reg)
	{
		this->errors = link_monitor_errors_create();
		this->manager = link_monitor_manager_create(this->errors);
		if (!this->manager)
		{
			this->errors->destroy(this->errors);
			this->errors = NULL;
			return FALSE;
		}
		this->listener = link_monitor_listener_create(this->manager);
		charon->bus->add_listener(charon->bus, &this->listener->listener);
		this->socket = link_monitor_socket_create(this->manager);
		if (!this->socket)
		{
			charon->bus->remove_listener(charon->bus,
										 &this->listener->listener);
			this->listener->destroy(this->listener);
			this->manager->destroy(this->manager);
			this->errors->destroy(this->errors);
			this->listener = NULL;
			this->manager = NULL;
			this->errors = NULL;
			return FALSE;
		}
	}
	else
	{
		DESTROY_IF(this->socket);
		this->socket = NULL;
		if (this->listener)
		{
			charon->bus->remove_listener(charon->bus,
										 &this->listener->listener);
			this->listener->destroy(this->listener);
			this->listener = NULL;
		}
		DESTROY_IF(this->manager);
		this->manager = NULL;
		DESTROY_IF(this->errors);
		this->errors = NULL;
	}
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
	if (!this->manager)
	{
		return FALSE;
	}
	return this->manager->reload(this->manager);
}

METHOD(plugin_t, destroy, void,
	private_link_monitor_plugin_t *this)
{
	DESTROY_IF(this->socket);
	if (this->listener)
	{
		charon->bus->remove_listener(charon->bus, &this->listener->listener);
		this->listener->destroy(this->listener);
	}
	DESTROY_IF(this->manager);
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
