/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_config lm_config
 * @{ @ingroup liblinkmon
 *
 * Monitor configuration: the "monitors" section of swanctl.conf, validated
 * with FortiGate's defaults and ranges.
 */

#ifndef LM_CONFIG_H_
#define LM_CONFIG_H_

#include <stdbool.h>
#include <stdint.h>

#include "lm_addr.h"
#include "lm_buf.h"
#include "lm_dns.h"
#include "lm_http.h"
#include "lm_kv.h"
#include "lm_route.h"
#include "lm_rule.h"

/** maximum number of servers of one monitor */
#define LM_MAX_SERVERS 16

/** maximum length of a monitor name */
#define LM_MAX_NAME 48

/**
 * Probe protocols.
 */
typedef enum {
	LM_PROTO_PING,
	LM_PROTO_TCP_ECHO,
	LM_PROTO_UDP_ECHO,
	LM_PROTO_HTTP,
	LM_PROTO_HTTPS,
	LM_PROTO_TWAMP,
	/** STAMP (RFC 8762), unauthenticated, 44-byte Session-Sender packets */
	LM_PROTO_STAMP,
	/** IKEv2 liveness check (empty INFORMATIONAL) on the tunnel's IKE_SA */
	LM_PROTO_DPD,
	/** a DNS query over UDP, answered */
	LM_PROTO_DNS,
	/** a TCP handshake, closed at once */
	LM_PROTO_TCP_CONNECT,
	/** an asynchronous BFD session (RFC 5880) with each server */
	LM_PROTO_BFD,
	/** number of protocols */
	LM_PROTO_COUNT,
} lm_proto_t;

/**
 * BFD encapsulations.
 */
typedef enum {
	/** single-hop (RFC 5881): port 3784, TTL 255 sent and required */
	LM_BFD_MODE_SINGLE,
	/** multihop (RFC 5883): port 4784, any TTL */
	LM_BFD_MODE_MULTI,
} lm_bfd_mode_t;

/**
 * What to do with the monitored IKE_SA when the monitor goes dead.
 */
typedef enum {
	LM_DEAD_ACTION_NONE,
	/** close the IKE_SA with its CHILD_SAs, without waiting for the peer */
	LM_DEAD_ACTION_CLEAR,
	/** close it, then initiate the connection again */
	LM_DEAD_ACTION_RESTART,
} lm_dead_action_t;

/**
 * Voice codecs for the MOS estimate.
 */
typedef enum {
	LM_CODEC_G711,
	LM_CODEC_G729,
} lm_codec_t;

/**
 * What to close on the monitored tunnel when failing over.
 */
typedef enum {
	LM_TEARDOWN_CHILD,
	LM_TEARDOWN_IKE,
	LM_TEARDOWN_NONE,
} lm_teardown_t;

/**
 * Backup IKE_SAs kept up in advance.
 */
typedef enum {
	LM_STANDBY_NONE,
	LM_STANDBY_IKE,
} lm_standby_t;

/** maximum number of failover paths, routes, rules, cascade interfaces */
#define LM_MAX_PATHS 8
#define LM_MAX_ROUTES 16
#define LM_MAX_RULES 16
#define LM_MAX_CASCADE 8

typedef struct lm_path_t lm_path_t;

/**
 * A tunnel: a swanctl connection and one of its children.
 */
struct lm_path_t {
	/** connection name */
	char *connection;
	/** child name, NULL for the child named like the monitor's child */
	char *child;
};

/**
 * Where the destination of a route comes from.
 */
typedef enum {
	/** the prefix configured */
	LM_ROUTE_DST_PREFIX,
	/** of a %remote template: each prefix of the remote traffic selectors
	 *  of the instance's CHILD_SA (%remote_ts) */
	LM_ROUTE_DST_REMOTE_TS,
	/** of a %remote template: the instance's peer address, its virtual IP
	 *  or the first host of its traffic selector (%remote) */
	LM_ROUTE_DST_REMOTE,
} lm_route_dst_t;

typedef struct lm_route_cfg_t lm_route_cfg_t;

/**
 * A route the monitor owns.
 */
struct lm_route_cfg_t {
	/** route name (its section) */
	char *name;
	/** where the destination comes from */
	lm_route_dst_t dst;
	/** the route while the monitor is alive; a template's has no
	 *  destination (family 0) */
	lm_route_t route;
	/** keep the route with dead_metric while dead (else remove it) */
	bool has_dead_metric;
	/** metric while dead */
	uint32_t dead_metric;
};

typedef struct lm_rule_cfg_t lm_rule_cfg_t;

/**
 * A routing-policy rule the monitor owns, installed while it is not dead.
 */
struct lm_rule_cfg_t {
	/** rule name (its section) */
	char *name;
	/** the rule, normalized */
	lm_rule_t rule;
};

typedef struct lm_monitor_cfg_t lm_monitor_cfg_t;

/**
 * One monitor's configuration.
 */
struct lm_monitor_cfg_t {
	/** monitor name */
	char *name;
	/** servers probed, server_count entries (allocated): the primaries,
	 *  then the secondaries */
	lm_addr_t *servers;
	/** number of servers */
	int server_count;
	/** number of primaries, servers [0, primary_count); the secondaries
	 *  are probed only while every primary is dead */
	int primary_count;
	/** source address of probes, family 0 if unset */
	lm_addr_t source;
	/** device the probes are bound to, NULL if unset */
	char *interface;
	/** swanctl connection the monitor belongs to, NULL if unset */
	char *connection;
	/** child of that connection, NULL for any */
	char *child;
	/** probe protocol */
	lm_proto_t protocol;
	/** destination port (not for ping) */
	uint16_t port;
	/** HTTP path */
	char *http_get;
	/** string the HTTP body must contain, NULL if unset */
	char *http_match;
	/** host name sent as Host and as TLS SNI, NULL for the server address
	 *  (and no SNI) */
	char *http_host;
	/** HTTP status codes counting as success, http_status_count entries
	 *  (allocated; 200-399 for http and https without http_status) */
	lm_http_range_t *http_status;
	/** number of status ranges, 0 for protocols other than http, https */
	int http_status_count;
	/** verify the server's certificate chain and that it is valid for
	 *  http_host (the server address without) */
	bool tls_verify;
	/** CA certificates for tls_verify, a PEM file or a directory of hashed
	 *  certificates, NULL for the system's store */
	char *tls_ca;
	/** name a DNS query asks for, NULL unless protocol dns */
	char *dns_name;
	/** record type a DNS query asks for */
	lm_dns_type_t dns_type;
	/** what an answer record must hold (lm_dns_match_valid()), NULL if
	 *  any answer will do */
	char *dns_match;
	/** BFD: single-hop or multihop */
	lm_bfd_mode_t bfd_mode;
	/** BFD: Desired Min TX Interval while Up, ms */
	uint32_t bfd_tx_ms;
	/** BFD: Required Min RX Interval, ms */
	uint32_t bfd_rx_ms;
	/** BFD: Detect Mult */
	uint32_t bfd_mult;
	/** probe interval in ms */
	uint32_t interval_ms;
	/** time to wait for a reply in ms */
	uint32_t probe_timeout_ms;
	/** consecutive failures before alive -> dead */
	uint32_t failtime;
	/** consecutive successes before dead -> alive */
	uint32_t recoverytime;
	/** number of recent probes for latency/jitter/loss */
	uint32_t probe_count;
	/** HA penalty contributed while dead */
	uint32_t ha_priority;
	/** DSCP of probe packets */
	uint8_t dscp;
	/** codec for the MOS estimate */
	lm_codec_t mos_codec;
	/** monitor enabled */
	bool enabled;

	/** narrower child of connection carrying the probes, never closed */
	char *probe_child;
	/** backup paths in order of preference, failover_count entries
	 *  (allocated) */
	lm_path_t *failover;
	/** number of backup paths */
	int failover_count;
	/** what to close on the monitored tunnel when dead */
	lm_teardown_t teardown;
	/** move back when alive again */
	bool failback;
	/** seconds alive before moving back */
	uint32_t failback_delay_s;
	/** minimum seconds between two moves */
	uint32_t holddown_s;
	/** keep backup IKE_SAs up */
	lm_standby_t standby;

	/** routes owned by the monitor, route_count entries (allocated) */
	lm_route_cfg_t *routes;
	/** number of routes */
	int route_count;
	/** routing-policy rules owned by the monitor, rule_count entries
	 *  (allocated) */
	lm_rule_cfg_t *rules;
	/** number of rules */
	int rule_count;
	/** interfaces set down while dead, cascade_count entries (allocated) */
	char **cascade;
	/** number of cascade interfaces */
	int cascade_count;
	/** gateway for host routes to the servers (WAN monitors), family 0 if unset */
	lm_addr_t gateway;

	/** SLA: average latency limit in ms, 0 if unset */
	uint32_t latency_threshold_ms;
	/** SLA: average jitter limit in ms, 0 if unset */
	uint32_t jitter_threshold_ms;
	/** SLA: loss limit in percent, negative if unset */
	double loss_threshold;
	/** SLA: minimum MOS, 0 if unset */
	double mos_threshold;
	/** an SLA failure counts as dead for the actions */
	bool sla_action;

	/** executable run on state changes and actions, NULL if none */
	char *updown;

	/** what to do with the IKE_SA when dead */
	lm_dead_action_t dead_action;
	/** a template: one instance per CHILD_SA, probing the peer (%remote) */
	bool remote;
	/** traffic received on the CHILD_SA counts as a successful probe */
	bool on_idle;

	/** fwmark of the probes, 0 for none */
	uint32_t mark;
	/** weight of a server (in a server's configuration; 1 in a monitor's) */
	uint32_t weight;
	/** per server of a servers section: the monitor's configuration with
	 *  the server's own keys, server_cfg_count entries (allocated) */
	lm_monitor_cfg_t **server_cfgs;
	/** number of server configurations: the primaries of a servers
	 *  section, 0 with a server list */
	int server_cfg_count;
	/** summed weight of dead primaries at which the monitor is dead, 0 for
	 *  all of them */
	uint32_t fail_weight;
	/** servers (bit by index) that are the current default gateway of
	 *  interface (%gateway), their address unknown (family 0) until the
	 *  plugin reports it */
	uint32_t gateways;
};

typedef struct lm_config_t lm_config_t;

/**
 * A validated set of monitors.
 */
struct lm_config_t {
	/** monitors, in configuration order */
	lm_monitor_cfg_t **monitors;
	/** number of monitors */
	int count;
};

/**
 * Parse and validate the "monitors" section.
 *
 * Every problem is reported as one line "FILE: monitor 'NAME': KEY: problem"
 * in errors; the configuration is rejected as a whole if there is any.
 *
 * @param monitors	the monitors section, NULL if absent (no monitors)
 * @param file		configuration file name, for messages
 * @param errors	receives error lines
 * @return			configuration, NULL on any error
 */
lm_config_t *lm_config_parse(const lm_kv_t *monitors, const char *file,
							 lm_buf_t *errors);

/**
 * Look up a monitor by name.
 *
 * @return			monitor, NULL if not found
 */
lm_monitor_cfg_t *lm_config_find(const lm_config_t *config, const char *name);

/**
 * Compare the settings that define what is probed and how statistics are
 * gathered. If they are equal, a reload keeps the monitor's statistics.
 */
bool lm_monitor_cfg_probe_equals(const lm_monitor_cfg_t *a,
								 const lm_monitor_cfg_t *b);

/**
 * Compare two monitor configurations completely.
 */
bool lm_monitor_cfg_equals(const lm_monitor_cfg_t *a,
						   const lm_monitor_cfg_t *b);

/**
 * Duplicate a monitor configuration.
 *
 * @return			copy, NULL on allocation failure
 */
lm_monitor_cfg_t *lm_monitor_cfg_clone(const lm_monitor_cfg_t *cfg);

/**
 * Destroy a monitor configuration.
 */
void lm_monitor_cfg_destroy(lm_monitor_cfg_t *cfg);

/**
 * Destroy a configuration and its monitors.
 */
void lm_config_destroy(lm_config_t *config);

/**
 * Name of a protocol, as in the configuration.
 */
const char *lm_proto_name(lm_proto_t proto);

/**
 * Default port of a protocol (0 for ping, and for tcp-connect, which needs
 * one configured).
 */
uint16_t lm_proto_default_port(lm_proto_t proto);

/**
 * Check whether SLA thresholds are configured.
 */
bool lm_monitor_cfg_has_sla(const lm_monitor_cfg_t *cfg);

/**
 * The child the monitor probes through: probe_child, else child.
 */
const char *lm_monitor_cfg_probe_child(const lm_monitor_cfg_t *cfg);

/**
 * The configuration a server is probed with: its own from a servers
 * section, else the monitor's.
 *
 * @param server	server index
 * @return			configuration (protocol, port, http_*, mark, weight, ...)
 */
const lm_monitor_cfg_t *lm_monitor_cfg_server(const lm_monitor_cfg_t *cfg,
											  int server);

/**
 * Summed weight of the primaries.
 */
uint32_t lm_monitor_cfg_weight(const lm_monitor_cfg_t *cfg);

/**
 * Name of a codec, as in the configuration.
 */
const char *lm_codec_name(lm_codec_t codec);

/**
 * Name of a BFD mode, as in the configuration: "single", "multi".
 */
const char *lm_bfd_mode_name(lm_bfd_mode_t mode);

/**
 * Name of a teardown setting, as in the configuration.
 */
const char *lm_teardown_name(lm_teardown_t teardown);

/**
 * Enumerate the fields of lm_monitor_cfg_t as the configuration's key table
 * knows them, for tests.
 *
 * @param i			index of the field, from 0
 * @param probe		set to whether lm_monitor_cfg_probe_equals() compares it
 * @return			key setting the field (the field's name if no key does),
 *					NULL past the last field
 */
const char *lm_monitor_cfg_field(int i, bool *probe);

#endif /** LM_CONFIG_H_ @}*/
