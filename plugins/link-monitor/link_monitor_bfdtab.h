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
 * @defgroup link_monitor_bfdtab link_monitor_bfdtab
 * @{ @ingroup link_monitor
 *
 * The sessions of the BFD transport: started, updated and stopped as the
 * decision core asks (lm_session_t), found again by a packet's Your
 * Discriminator or addresses, and timed in a heap. Not thread-safe: the
 * transport's lock protects it.
 */

#ifndef LINK_MONITOR_BFDTAB_H_
#define LINK_MONITOR_BFDTAB_H_

#include <library.h>
#include <net/if.h>

#include <lm_bfd_session.h>
#include <lm_heap.h>
#include <lm_out.h>

typedef struct link_monitor_bfdtab_t link_monitor_bfdtab_t;

/**
 * A session of a monitor with a server.
 */
typedef struct {
	/** the state machine */
	lm_bfd_session_t s;
	/** its place in the heap, keyed by its next event */
	lm_heap_entry_t timer;
	/** monitor identifier, token and generation of its sessions */
	uint16_t ident;
	uint32_t token;
	uint32_t gen;
	/** monitor name, for logs */
	char name[LM_MAX_NAME + 16];
	/** the server, and our address (family 0 for any) */
	lm_addr_t peer;
	lm_addr_t local;
	/** encapsulation */
	lm_bfd_mode_t mode;
	/** interface to send through ("" for none), and its index (0 until
	 *  resolved) */
	char ifname[IF_NAMESIZE];
	unsigned int ifindex;
	/** DSCP and fwmark */
	uint8_t dscp;
	uint32_t mark;
	/** what was reported last */
	lm_bfd_info_t reported;
	/** stopped with AdminDown, sending until drain_ns */
	bool draining;
	uint64_t drain_ns;
	/** errno of the last failed send, 0 after a good one */
	int last_err;
	/** packets dropped for their TTL (single-hop) */
	uint64_t ttl_drops;
} link_monitor_bfd_session_t;

/**
 * The sessions.
 */
struct link_monitor_bfdtab_t {

	/**
	 * Start a session of a monitor with one of its servers, replacing a
	 * draining one with the same addresses.
	 *
	 * @param want		what the core asked for
	 * @param server	server index
	 * @param now		monotonic time
	 * @return			the session, NULL on allocation failure
	 */
	link_monitor_bfd_session_t *(*start)(link_monitor_bfdtab_t *this,
										 const lm_session_t *want, int server,
										 uint64_t now);

	/**
	 * Take a monitor's new configuration: parameters (a Poll Sequence if
	 * intervals changed), DSCP, mark.
	 */
	void (*update)(link_monitor_bfdtab_t *this,
				   link_monitor_bfd_session_t *sess, const lm_session_t *want,
				   int server, uint64_t now);

	/**
	 * Stop a monitor's sessions: draining with AdminDown for the peer's
	 * detection time if asked to and Init or Up, else at once.
	 */
	void (*stop)(link_monitor_bfdtab_t *this, const lm_session_t *want,
				 uint64_t now);

	/**
	 * The running session of a monitor with a server, NULL if none.
	 */
	link_monitor_bfd_session_t *(*find)(link_monitor_bfdtab_t *this,
										const lm_session_t *want,
										const lm_addr_t *peer);

	/**
	 * The session of a received packet: by its Your Discriminator, or while
	 * that is zero by addresses (a running session before a draining one).
	 *
	 * @param mode		encapsulation it arrived with
	 * @param pkt		the packet
	 * @param from		its source
	 * @param to		its destination, family 0 if unknown
	 * @return			session, NULL if none
	 */
	link_monitor_bfd_session_t *(*demux)(link_monitor_bfdtab_t *this,
										 lm_bfd_mode_t mode,
										 const lm_bfd_packet_t *pkt,
										 const lm_addr_t *from,
										 const lm_addr_t *to);

	/**
	 * Put a session at its next event in the heap (the end of its drain if
	 * earlier).
	 */
	void (*schedule)(link_monitor_bfdtab_t *this,
					 link_monitor_bfd_session_t *sess);

	/**
	 * Take a session out and free it.
	 */
	void (*remove)(link_monitor_bfdtab_t *this,
				   link_monitor_bfd_session_t *sess);

	/**
	 * Take the sessions with an event at or before a time out of the heap,
	 * to process and schedule() them (or remove()).
	 *
	 * @param until		monotonic time
	 * @param due		receives an allocated array of them
	 * @return			number of them
	 */
	int (*take_due)(link_monitor_bfdtab_t *this, uint64_t until,
					link_monitor_bfd_session_t ***due);

	/**
	 * Earliest event of all sessions, UINT64_MAX if none.
	 */
	uint64_t (*next)(link_monitor_bfdtab_t *this);

	/**
	 * A random number, for jitter.
	 */
	uint32_t (*random)(link_monitor_bfdtab_t *this);

	/**
	 * Free the table and its sessions.
	 */
	void (*destroy)(link_monitor_bfdtab_t *this);
};

/**
 * Create an empty table.
 */
link_monitor_bfdtab_t *link_monitor_bfdtab_create();

#endif /** LINK_MONITOR_BFDTAB_H_ @}*/
