/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_engine lm_engine
 * @{ @ingroup liblinkmon
 *
 * The decision core: all monitors, their templates and instances, the timer
 * of everything, failover paths and the HA penalty. One entry point,
 * lm_engine_step(), takes an event (time passed, probes sent, a probe
 * result, a BFD session's report, a tunnel up, down or rekeyed, a traffic
 * count, a new configuration, HA settings or role) and appends to an
 * lm_out_t
 * everything to do about it. No I/O, no clocks, no globals: the caller
 * passes the time in each event and carries the output out.
 */

#ifndef LM_ENGINE_H_
#define LM_ENGINE_H_

#include "lm_bfd_session.h"
#include "lm_buf.h"
#include "lm_config.h"
#include "lm_ha.h"
#include "lm_metrics.h"
#include "lm_msg.h"
#include "lm_out.h"
#include "lm_status.h"

typedef struct lm_engine_t lm_engine_t;

/** most prefixes of a CHILD_SA's remote traffic selectors that routes use */
#define LM_MAX_TS 16

/**
 * An installed CHILD_SA.
 */
typedef struct {
	/** IKE_SA (connection) name */
	const char *ike;
	/** CHILD_SA name */
	const char *child;
	/** CHILD_SA unique id */
	uint32_t id;
	/** IKE_SA unique id */
	uint32_t ike_id;
	/** IKE peer address */
	lm_addr_t peer;
	/** the peer's tunnel address: virtual IP or first host of its TS;
	 *  family 0 if none */
	lm_addr_t remote;
	/** its remote traffic selectors as prefixes (a range split into the
	 *  prefixes covering it), at most LM_MAX_TS */
	const lm_prefix_t *remote_ts;
	/** number of them */
	int nremote_ts;
} lm_tunnel_t;

/**
 * A probe result, as a transport reports it.
 */
typedef struct {
	/** protocol of the probe */
	lm_proto_t protocol;
	/** monitor identifier */
	uint16_t ident;
	/** monitor token, the bits in token_mask of it */
	uint32_t token;
	/** bits of the token carried, that must match the monitor's; 0 if
	 *  none */
	uint32_t token_mask;
	/** sequence number */
	uint16_t seq;
	/** address the reply came from (the server) */
	lm_addr_t from;
	/** kernel receive time, CLOCK_REALTIME ns, 0 if unavailable */
	uint64_t rx_real_ns;
	/** kernel transmit time of the probe, CLOCK_REALTIME ns, 0 if
	 *  unavailable */
	uint64_t tx_real_ns;
	/** receive time, CLOCK_MONOTONIC ns, taken when read */
	uint64_t rx_mono_ns;
	/** round trip time measured by the transport, 0 to derive from send
	 *  times */
	uint64_t rtt_ns;
	/** time the far end held the probe, to subtract (TWAMP), 0 if none */
	uint64_t turnaround_ns;
	/** the probe failed before its timeout (refused, bad answer, ...) */
	bool failed;
	/** why it failed */
	char reason[96];
} lm_reply_t;

/**
 * What a BFD session shows, as its transport reports it when it changes
 * (state, intervals, discriminators, diagnostics, verdict).
 */
typedef struct {
	/** monitor identifier */
	uint16_t ident;
	/** monitor token */
	uint32_t token;
	/** generation of the monitor's sessions (lm_session_t) */
	uint32_t gen;
	/** the server the session is with */
	lm_addr_t server;
	/** the session */
	lm_bfd_info_t info;
} lm_bfd_report_t;

/**
 * Kinds of events.
 */
typedef enum {
	/** time passed: expire probes, send due rounds, run timers */
	LM_EV_TIMER,
	/** the probes of the last output were sent (or failed to) */
	LM_EV_SENT,
	/** a probe result */
	LM_EV_REPLY,
	/** a BFD session changed */
	LM_EV_BFD,
	/** a CHILD_SA was installed */
	LM_EV_TUNNEL_UP,
	/** a CHILD_SA went away */
	LM_EV_TUNNEL_DOWN,
	/** a CHILD_SA was rekeyed */
	LM_EV_TUNNEL_REKEY,
	/** the result of a traffic check */
	LM_EV_IDLE,
	/** a new, validated configuration */
	LM_EV_RELOAD,
	/** HA settings (strongswan.conf) */
	LM_EV_HA_CONFIG,
	/** the HA role keepalived reported */
	LM_EV_HA_ROLE,
	/** the default gateway of an interface (for %gateway servers) */
	LM_EV_GATEWAY,
} lm_event_type_t;

/**
 * An event.
 */
typedef struct {
	/** kind */
	lm_event_type_t type;
	/** CLOCK_MONOTONIC ns when it happened */
	uint64_t now_ns;
	/** wall clock time, for the creation time of monitors */
	time_t wall;
	/** wall clock time in ns (CLOCK_REALTIME), to align histories; 0 to
	 *  take wall */
	int64_t wall_ns;
	union {
		/** LM_EV_SENT: the probes of an output, with outcomes */
		struct {
			const lm_probe_t *probes;
			int count;
		} sent;
		/** LM_EV_REPLY */
		const lm_reply_t *reply;
		/** LM_EV_BFD */
		const lm_bfd_report_t *bfd;
		/** LM_EV_TUNNEL_UP, LM_EV_TUNNEL_DOWN (of a tunnel down only ike,
		 *  child, id and ike_id are used) */
		const lm_tunnel_t *tunnel;
		/** LM_EV_TUNNEL_REKEY */
		struct {
			uint32_t old_id;
			uint32_t new_id;
			const char *child;
		} rekey;
		/** LM_EV_IDLE */
		struct {
			uint16_t ident;
			uint32_t token;
			uint32_t child_id;
			/** the CHILD_SA was found */
			bool found;
			/** its inbound packet counter */
			uint64_t packets;
		} idle;
		/** LM_EV_RELOAD */
		struct {
			/** configuration; its monitors are taken (set to NULL) */
			lm_config_t *config;
			/** file it came from, for the log */
			const char *file;
			/** installed CHILD_SAs */
			const lm_tunnel_t *tunnels;
			int count;
		} reload;
		/** LM_EV_HA_CONFIG */
		struct {
			bool enabled;
			lm_ha_cfg_t cfg;
			/** track file, for the log */
			const char *track_file;
		} ha;
		/** LM_EV_HA_ROLE */
		lm_ha_role_t role;
		/** LM_EV_GATEWAY */
		struct {
			/** interface name */
			const char *interface;
			/** its default gateway, family 0 if it has none */
			lm_addr_t addr;
		} gateway;
	};
} lm_event_t;

/**
 * What a status request shows.
 */
typedef struct {
	/** monitor to show, NULL for all */
	const char *name;
	/** JSON instead of text */
	bool json;
	/** CLOCK_MONOTONIC ns */
	uint64_t now_ns;
	/** HA track file, for the text */
	const char *track_file;
	/** what the caller adds (errors, routes), NULL for nothing */
	const lm_status_extra_t *extra;
} lm_status_req_t;

/**
 * A status rendered in parts (lm_engine_status_part()), e.g. releasing a
 * lock between them; the caller keeps it in place until done.
 */
typedef struct {
	/** the request */
	const lm_status_req_t *req;
	/** the engine, once started */
	lm_engine_t *engine;
	/** the engine's additions, wrapping the caller's */
	lm_status_extra_t extra;
	/** rendering state */
	lm_status_stream_t stream;
	/** next monitor */
	int pos;
	/** the status is complete */
	bool done;
} lm_status_cursor_t;

/**
 * Create a decision core without monitors.
 *
 * @param seed		random seed for ICMP identifiers and payload tokens
 * @return			engine, NULL on allocation failure
 */
lm_engine_t *lm_engine_create(uint64_t seed);

/**
 * Handle an event, appending what to do to out.
 *
 * The probes of an LM_EV_TIMER or LM_EV_IDLE step are to be sent right
 * away and reported with an LM_EV_SENT event before any other event; a
 * LM_EV_SENT step adds no probes.
 */
void lm_engine_step(lm_engine_t *this, const lm_event_t *event, lm_out_t *out);

/**
 * Render the status of the monitors.
 *
 * @return			LM_MSG_OK, LM_MSG_NOT_FOUND if a name was asked for and
 *					no monitor has it
 */
lm_msg_result_t lm_engine_status(lm_engine_t *this, const lm_status_req_t *req,
								 lm_buf_t *buf);

/**
 * Prepare rendering a status in parts.
 *
 * @param cursor	receives the state
 * @param req		what to show, kept by the caller until done
 */
void lm_status_cursor_init(lm_status_cursor_t *cursor,
						   const lm_status_req_t *req);

/**
 * Render the next part of a status: up to max monitors, the whole status of
 * a monitor asked for by name. Monitors added or removed between parts are
 * shown as they are when their part is rendered.
 *
 * @param cursor	state, cursor->done is set when complete
 * @param buf		output, the same for every part
 * @param max		most monitors to render in this part
 * @return			LM_MSG_OK, LM_MSG_NOT_FOUND if a name was asked for and
 *					no monitor has it (done)
 */
lm_msg_result_t lm_engine_status_part(lm_engine_t *this,
									  lm_status_cursor_t *cursor,
									  lm_buf_t *buf, int max);

/**
 * Set the sizes of the histories of monitors created from now on (by
 * default lm_history_cfg_default()).
 *
 * @param cfg		sizes, checked with lm_history_cfg_check(); no buckets
 *					for no history
 */
void lm_engine_set_history(lm_engine_t *this, const lm_history_cfg_t *cfg);

/**
 * Write a monitor's history in the control socket's format
 * (lm_histdata_parse()).
 *
 * @param name		monitor name
 * @param since		wall clock seconds: buckets ending before are left out
 * @param now_ns	CLOCK_MONOTONIC ns
 * @param wall_ns	CLOCK_REALTIME ns at now_ns
 * @return			LM_MSG_OK; LM_MSG_NOT_FOUND, LM_MSG_FAILED if it keeps no
 *					history, with a message
 */
lm_msg_result_t lm_engine_history(lm_engine_t *this, const char *name,
								  int64_t since, uint64_t now_ns,
								  int64_t wall_ns, lm_buf_t *buf);

/**
 * Render the next part of the metrics (lm_metrics_part()).
 *
 * @param m			state, started with lm_metrics_begin(), m->done when
 *					complete
 * @param max		most monitors' samples in this part
 */
void lm_engine_metrics_part(lm_engine_t *this, lm_metrics_t *m, int max);

/**
 * Number of monitors (instances included).
 */
int lm_engine_count(lm_engine_t *this);

/**
 * List the interfaces whose default gateway monitors probe (%gateway).
 *
 * @param names		receives up to max names (pointers into the engine,
 *					valid until its next step)
 * @param max		size of names
 * @return			number of names
 */
int lm_engine_gateway_interfaces(lm_engine_t *this, const char **names,
								 int max);

/**
 * Is the HA penalty configured?
 */
bool lm_engine_ha_enabled(lm_engine_t *this);

/**
 * Destroy an engine and its monitors.
 */
void lm_engine_destroy(lm_engine_t *this);

#endif /** LM_ENGINE_H_ @}*/
