/*
 * Copyright (C) 2026 strongswan-link-monitor authors
 *
 * SPDX-License-Identifier: GPL-2.0-or-later
 */

/**
 * @defgroup lm_ha lm_ha
 * @{ @ingroup liblinkmon
 *
 * HA penalty for a keepalived VRRP pair, after FortiGate's FGCP remote link
 * monitoring (ha-priority, pingserver-failover-threshold,
 * pingserver-flip-timeout, pingserver-secondary-force-reset). Pure logic:
 * inputs are the monitors' effective states, the node's VRRP role and time;
 * outputs are the value for keepalived's track_file and log lines. The
 * value is multiplied by the track_file's weight and added to the node's
 * VRRP priority, so keepalived does what FGCP's election does: the node
 * with the higher penalty loses mastership.
 *
 * keepalived side, e.g. on nodes with priority 101 (preferred, FortiGate's
 * "override" is VRRP preemption, keepalived's default) and 100:
 *
 *   vrrp_track_file linkmon_ha {
 *   	file /run/linkmon/ha.weight
 *   }
 *   vrrp_instance VI_1 {
 *   	...
 *   	track_file {
 *   		linkmon_ha weight -10
 *   	}
 *   }
 *
 * The weight times the smallest ha_priority must exceed the difference of
 * the priorities, or a penalty cannot make the preferred node give up; and
 * the priority minus the weight times the largest penalty should stay above
 * 0 (keepalived clamps priorities at 1), or equal penalties no longer leave
 * the preferred node ahead.
 *
 * Semantics (the FortiGate text is quoted where it decides):
 *
 * - The live penalty is the sum of the ha_priority of the monitors that are
 *   dead now ("the 'global' PENALTY [...] is incremented by the 'nominal'
 *   PENALTY value (the 'ha-priority' parameter value)" per failure; a
 *   recovered monitor no longer counts).
 *
 * - The penalty counts only while the node is master, or while its role is
 *   unknown: "only the primary unit can perform remote link monitoring [...]
 *   a secondary unit cannot perform any monitoring since it has no active
 *   routing table". On a backup the tunnels and routes a monitor probes
 *   through are usually not up, so its monitors say nothing about the path
 *   it would have as master; counting them would keep an unaffected backup
 *   from ever taking over.
 *
 * - Threshold: the node asks to give up mastership when the penalty reaches
 *   failover_threshold and is not 0: "When the threshold value is reached"
 *   (FortiOS handbook: "reaches or exceeds"); with 0, "trigger a HA failover
 *   right after the remote link failure is detected", i.e. any dead
 *   monitor. The value written is then the penalty, otherwise 0. The value
 *   is the penalty, not a flag, as "the 'global' PENALTY value of the
 *   primary is compared with that of the secondary": keepalived compares
 *   the priorities lowered by weight times value.
 *
 * - Holding: when the node loses mastership while asking to give it up (role
 *   master -> backup with a value above 0), that penalty is held: the node
 *   no longer monitors ("no packets are effectively issued since routing
 *   table is inactive"), so the value stays as it is, whatever its monitors
 *   say, also if they recover ("the 'preferred' primary will never get a
 *   chance to become primary again, even if the remote link is restored on
 *   its side").
 *   Holding is what prevents flip-flopping: without it the backup would
 *   write 0 (its monitors do not count) and take mastership straight back
 *   while its link is still down.
 *
 * - Flip timer: started when the held penalty is taken ("the FLIP timer is
 *   started and a failover occurs"), it runs flip_timeout_s.
 *   With secondary_force_reset, the held penalty is reset when it expires
 *   ("When the FLIP timer elapses, the 'preferred' primary 'global' PENALTY
 *   is reset"): the value drops to 0, keepalived may give the node
 *   mastership back, the monitors count again, and if the link is still
 *   dead the node gives mastership up again and holds a penalty for another
 *   flip timeout ("This sequence, known as FLIP-FLOP failover, will repeat
 *   each time the FLIP timer expires, up until the failed remote link is
 *   restored").
 *   Without secondary_force_reset, the penalty stays held when the timer
 *   expires ("the 'preferred' primary 'global' PENALTY is not reset when the
 *   FLIP timer elapses"), until the node is master again: "Only a manual
 *   failover [...] or a remote link failure on the new primary side can
 *   trigger a failover" (the peer's penalty becomes equal, the election
 *   goes by priority). secondary_force_reset does not reset a penalty
 *   early when the monitors recover: per the reference, a recovery on the
 *   secondary's side changes nothing.
 *
 * - Becoming master releases a held penalty and stops the flip timer; the
 *   monitors count again at once. (The FGCP re-detects the failure after
 *   failtime probes; the plugin should hand in monitor states that reflect
 *   the new master's path, e.g. restart the monitors on the role change.)
 *
 * - Reference ambiguity: "The FLIP timer is started, and the 'preferred'
 *   primary unit starts remote link monitoring again. [...] If [...] the
 *   remote link is still down, remote link failover causes the cluster to
 *   fail over again at the time the FLIP timer expires." This is read as:
 *   the node that took mastership back gives it up again as soon as its
 *   monitors find the link still dead, and holds its penalty for a new flip
 *   timeout. It is not read as keeping a node with a dead link master for a
 *   whole flip timeout (the FortiOS handbook's "stops HA remote IP
 *   monitoring from causing a failover until the primary unit has been
 *   operating for the duration of the flip timeout"): that would blackhole
 *   the traffic for flip_timeout_s, and the same text says a failure on the
 *   new primary triggers an election at once.
 *
 * - Role unknown (no role reported): the node is assumed to be master, and
 *   asking to give up counts as having given up: the penalty is held and the
 *   flip timer started when the value becomes non-zero. After a reset the
 *   monitors count again at once, so the value only drops to 0 at the first
 *   flip timer expiry after the monitors recovered. Without
 *   secondary_force_reset a held penalty then stays until a role is
 *   reported master or the state is initialized again (reload).
 */

#ifndef LM_HA_H_
#define LM_HA_H_

#include <stdbool.h>
#include <stdint.h>

/** maximum log lines per step */
#define LM_HA_MAX_LOGS 6

/** size of the description of the dead monitors, e.g. "dc 5, dr 3" */
#define LM_HA_DETAIL 128

/**
 * Configuration (charon.plugins.link-monitor.ha).
 */
typedef struct {
	/** penalty at which the node asks to give up mastership, 0: any */
	uint32_t failover_threshold;
	/** flip timeout in seconds (configured in minutes); 0 expires at once */
	uint64_t flip_timeout_s;
	/** reset a held penalty when the flip timer expires */
	bool secondary_force_reset;
} lm_ha_cfg_t;

/**
 * VRRP role of the node, as reported by keepalived.
 */
typedef enum {
	/** not reported (yet) */
	LM_HA_ROLE_UNKNOWN,
	/** master (FGCP primary) */
	LM_HA_ROLE_MASTER,
	/** backup, or fault (FGCP secondary) */
	LM_HA_ROLE_BACKUP,
} lm_ha_role_t;

/**
 * A monitor.
 */
typedef struct {
	/** name, for logs */
	const char *name;
	/** penalty while dead (ha_priority) */
	uint32_t ha_priority;
	/** its effective state is dead */
	bool dead;
} lm_ha_input_t;

/**
 * State.
 */
typedef struct {
	/** role at the last update */
	lm_ha_role_t role;
	/** sum of the ha_priority of the dead monitors at the last update */
	uint32_t live;
	/** those monitors, "name prio, ..." */
	char live_detail[LM_HA_DETAIL];
	/** penalty in effect (held, counted, or 0 on a backup) */
	uint32_t penalty;
	/** monitors making up penalty */
	char detail[LM_HA_DETAIL];
	/** value for keepalived: penalty if it reached the threshold, else 0 */
	uint32_t value;
	/** penalty is held since the node gave up mastership */
	bool held;
	/** the flip timer is running */
	bool flip_running;
	/** flip timer started at, monotonic ns */
	uint64_t flip_since_ns;
} lm_ha_t;

/**
 * Output of one step.
 */
typedef struct {
	/** value for the track file */
	uint32_t value;
	/** value differs from the one before this step */
	bool changed;
	/** penalty in effect */
	uint32_t penalty;
	/** sum of the ha_priority of the dead monitors, counted or not */
	uint32_t live;
	/** lines to log at level 1 */
	char logs[LM_HA_MAX_LOGS][192];
	/** number of log lines */
	int nlogs;
} lm_ha_out_t;

/**
 * Initialize: role unknown, penalty 0, value 0 (write it, so a value left
 * from before a restart does not linger).
 */
void lm_ha_init(lm_ha_t *ha);

/**
 * The monitors or the role changed (call it for either, with all monitors
 * that have an ha_priority; a configuration reload also calls it).
 *
 * @param mons		monitors, count entries
 * @param role		role of the node now
 * @param out		overwritten with the result of this step
 */
void lm_ha_update(lm_ha_t *ha, const lm_ha_cfg_t *cfg,
				  const lm_ha_input_t *mons, int count, lm_ha_role_t role,
				  uint64_t now_ns, lm_ha_out_t *out);

/**
 * Time passed: handle whatever is due at now (the flip timer).
 *
 * @param out		overwritten with the result of this step
 */
void lm_ha_timer(lm_ha_t *ha, const lm_ha_cfg_t *cfg, uint64_t now_ns,
				 lm_ha_out_t *out);

/**
 * Next time lm_ha_timer() has something to do, UINT64_MAX if none.
 */
uint64_t lm_ha_next(const lm_ha_t *ha, const lm_ha_cfg_t *cfg);

/**
 * Seconds until the flip timer expires, rounded up; 0 if it is not running.
 */
uint64_t lm_ha_flip_remaining_s(const lm_ha_t *ha, const lm_ha_cfg_t *cfg,
								uint64_t now_ns);

/**
 * Name of a role: "unknown", "master", "backup".
 */
const char *lm_ha_role_name(lm_ha_role_t role);

/**
 * Write "VALUE\n" to path atomically: a temporary file in the same
 * directory is written, synced and renamed over path, so a reader sees the
 * old or the new content, never a partial one. Missing directories are
 * created (0755); the file is 0644. The temporary file is removed on errors.
 *
 * @return			0, or an errno value
 */
int lm_ha_write_track_file(const char *path, uint32_t value);

#endif /** LM_HA_H_ @}*/
