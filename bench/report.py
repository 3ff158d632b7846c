#!/usr/bin/env python3
# report.py RESULTS QUICK FA_SECONDS SCALE_SECONDS CLK_TCK DET... : turn the
# raw measurements of bench/run into bench/results.json and a markdown table
#
# Copyright (C) 2026 strongswan-link-monitor authors
# SPDX-License-Identifier: GPL-2.0-or-later

import json
import os
import sys


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100.0 * len(v) + 0.5)) - 1))
    return v[k]


def ints(path):
    try:
        with open(path) as f:
            return [int(x.split()[0]) for x in f if x.strip()]
    except FileNotFoundError:
        return []


res, quick, fa_seconds, scale_seconds, tck = sys.argv[1:6]
tck = int(tck)
out = {"quick": quick == "yes", "detection": [], "failover": [], "scale": []}
md = ["| measurement | result | anchor |", "|---|---|---|"]

for spec in sys.argv[6:]:
    iv, ft, to, bound = (int(x) for x in spec.split(":"))
    d = ints(os.path.join(res, "detection-%d.txt" % iv))
    e = {"interval_ms": iv, "failtime": ft, "probe_timeout_ms": to,
         "runs": len(d), "p50_ms": pct(d, 50), "p99_ms": pct(d, 99),
         "max_ms": max(d) if d else None, "bound_ms": bound}
    out["detection"].append(e)
    md.append("| detection %d ms x %d + %d ms (%d runs) | p50 %s, p99 %s, max %s ms | "
              "bound %d ms |" % (iv, ft, to, len(d), e["p50_ms"], e["p99_ms"],
                                 e["max_ms"], bound))

for mode in ("fresh", "standby"):
    d = ints(os.path.join(res, "failover-%s.txt" % mode))
    e = {"mode": mode, "runs": len(d), "p50_ms": pct(d, 50),
         "max_ms": max(d) if d else None}
    out["failover"].append(e)
    md.append("| failover outage, %s (%d runs) | p50 %s, max %s ms | detection "
              "(100 ms x 5 + 100 ms timeout: bound 600 ms) + %s |"
              % ("fresh IKE_SA" if mode == "fresh" else "standby = ike",
                 len(d), e["p50_ms"], e["max_ms"],
                 "2 RTT" if mode == "fresh" else "1 RTT"))

for mode in ("ike", "ike-nopfs"):
    try:
        with open(os.path.join(res, "failover-fast-%s.txt" % mode)) as f:
            rows = [[int(y) for y in x.split()] for x in f if x.strip()]
    except FileNotFoundError:
        continue
    # gap start and end (epoch us), epoch ms of the dead, initiating,
    # installed and moved log lines; detection from the last reply before
    # the gap, the move from the dead line to the first reply after it
    rows = [r for r in rows if r[0] > 0 and r[2] > 0]
    outage = [round((r[1] - r[0]) / 1000.0, 1) for r in rows]
    det = [round(r[2] - r[0] / 1000.0, 1) for r in rows]
    move = [round(r[1] / 1000.0 - r[2], 1) for r in rows]
    steps = {}
    for name, k in (("initiating", 3), ("installed", 4), ("moved", 5)):
        v = [r[k] - r[2] for r in rows if r[k] > 0]
        steps[name + "_after_dead_p50_ms"] = pct(v, 50)
    label = "ike, dr's CHILD_SA without PFS" if mode == "ike-nopfs" else mode
    e = {"mode": "fast 10 ms x 3, standby = %s" % label, "runs": len(rows),
         "outage_p50_ms": pct(outage, 50), "outage_p99_ms": pct(outage, 99),
         "outage_max_ms": max(outage) if outage else None,
         "detection_p50_ms": pct(det, 50), "detection_p99_ms": pct(det, 99),
         "move_p50_ms": pct(move, 50), "move_p99_ms": pct(move, 99),
         "move_max_ms": max(move) if move else None, "goal_p99_ms": 50}
    e.update(steps)
    out["failover"].append(e)
    md.append("| failover outage of a 1 ms ping, 10 ms x 3 + 10 ms, standby = %s "
              "(%d runs) | p50 %s, p99 %s, max %s ms; detection p50 %s, p99 %s "
              "ms; outage - detection (dead line to first reply) p50 %s, p99 %s, max %s ms (after the dead "
              "line: initiate %s, installed %s, moved %s ms, p50) | goal p99 <= "
              "50 ms; bound of detection 40 ms |"
              % (label, len(rows), e["outage_p50_ms"], e["outage_p99_ms"],
                 e["outage_max_ms"], e["detection_p50_ms"], e["detection_p99_ms"],
                 e["move_p50_ms"], e["move_p99_ms"], e["move_max_ms"],
                 steps["initiating_after_dead_p50_ms"],
                 steps["installed_after_dead_p50_ms"],
                 steps["moved_after_dead_p50_ms"]))

# the bfd part: ping and BFD at 10 ms x 3 against dc's bfdd, same rows as
# the fast failovers
for mode, what, bound in (("bfd-ping", "ping 10 ms x 3 + 10 ms", 40),
                          ("bfd", "BFD 10 ms x 3 against FRR's bfdd", 30)):
    try:
        with open(os.path.join(res, "failover-fast-%s.txt" % mode)) as f:
            rows = [[int(y) for y in x.split()] for x in f if x.strip()]
    except FileNotFoundError:
        continue
    # a run counts when the cut found it alive and the traffic moved
    # after it (a monitor that failed by itself just before the cut moves
    # nothing)
    rows = [r for r in rows if r[0] > 0 and r[2] > 0 and r[5] > 0]
    outage = [round((r[1] - r[0]) / 1000.0, 1) for r in rows]
    det = [round(r[2] - r[0] / 1000.0, 1) for r in rows]
    try:
        with open(os.path.join(res, "failover-fast-%s.spurious" % mode)) as f:
            spurious, skipped = (int(x) for x in f.read().split())
    except (FileNotFoundError, ValueError):
        spurious = skipped = None
    e = {"mode": what + ", standby = ike", "runs": len(rows),
         "dead_without_cut": spurious, "found_failed_over": skipped,
         "outage_p50_ms": pct(outage, 50), "outage_max_ms": max(outage) if outage else None,
         "detection_p50_ms": pct(det, 50), "detection_max_ms": max(det) if det else None,
         "detection_bound_ms": bound}
    out.setdefault("bfd", []).append(e)
    md.append("| failover outage of a 1 ms ping, %s, standby = ike (%d runs) | "
              "p50 %s, max %s ms; detection p50 %s, max %s ms; dead %s "
              "times without a cut, %s times found failed over before a cut "
              "| bound of detection %d ms |"
              % (what, len(rows), e["outage_p50_ms"], e["outage_max_ms"],
                 e["detection_p50_ms"], e["detection_max_ms"], spurious,
                 skipped, bound))
try:
    with open(os.path.join(res, "bfd-sessions.txt")) as f:
        (n, iv, came_up, up, fup, downs, fdowns, ticks, uticks, bticks,
         buticks, ms) = (int(x) for x in f.read().split())
    secs = ms / 1000.0
    e = {"sessions": n, "interval_ms": iv, "came_up": came_up, "up_at_end": up,
         "bfdd_up_at_end": fup, "downs": downs, "bfdd_downs": fdowns,
         "seconds": round(secs, 1),
         "cpu_percent": round(100.0 * ticks / tck / secs, 1),
         "user_cpu_percent": round(100.0 * uticks / tck / secs, 1),
         "bfdd_cpu_percent": round(100.0 * bticks / tck / secs, 1)}
    gaps = {}
    try:
        with open(os.path.join(res, "bfd-gaps.txt")) as f:
            for x in f:
                side, pk, over20, over30, mx = x.split()
                gaps[side] = {"up_packets": int(pk), "gaps_over_2x": int(over20),
                              "gaps_over_detection": int(over30), "max_gap_ms": float(mx)}
    except (FileNotFoundError, ValueError):
        pass
    e["gaps_while_up"] = gaps
    out["bfd_sessions"] = e
    md.append("| %d BFD sessions at %d ms x 3 against FRR's bfdd, %.0f s | %d "
              "came up, %d Up at the end (bfdd: %d), %d downs (bfdd: %d); "
              "charon CPU %.1f%% (user %.1f%%), bfdd %.1f%%%s | all Up, 0 downs |"
              % (n, iv, secs, came_up, up, fup, downs, fdowns, e["cpu_percent"],
                 e["user_cpu_percent"], e["bfdd_cpu_percent"],
                 "; gaps between Up packets over 2 x and 3 x the interval, "
                 "largest: "
                 "plugin %d/%d, %.1f ms; bfdd %d/%d, %.1f ms" % (
                     gaps["local"]["gaps_over_2x"], gaps["local"]["gaps_over_detection"],
                     gaps["local"]["max_gap_ms"], gaps["peer"]["gaps_over_2x"],
                     gaps["peer"]["gaps_over_detection"], gaps["peer"]["max_gap_ms"])
                 if "local" in gaps and "peer" in gaps else ""))
except (FileNotFoundError, ValueError):
    pass

try:
    with open(os.path.join(res, "scale.txt")) as f:
        rows = [x.split() for x in f if x.strip()]
except FileNotFoundError:
    rows = []
secs = float(scale_seconds)
for r in rows:
    (count, iv, ticks, uticks, rss0, rss1, drift, fticks, futicks, sent,
     fsent, fsecs) = (int(x) for x in r[:12])
    # perf's samples (us), finer than the ticks, if it ran
    pc, pu, fpc, fpu = (int(x) for x in (r[12:16] if len(r) >= 16 else [0] * 4))
    # how long the sent counts took (ms): probes per window of secs
    sent_ms, fping_ms = (int(x) for x in (r[16:18] if len(r) >= 18 else [0] * 2))
    # a status --json and a metrics scrape of all monitors (ms), the
    # histories' fixed bytes per monitor (0: none, or a plugin without)
    status_ms, metrics_ms, hist_bytes = (int(x) for x in
                                         (r[18:21] if len(r) >= 21 else [0] * 3))
    # what each actually sent in its window; fping's counter covers its whole
    # run (fsecs), its CPU only the measured window
    probes = float(sent) if sent else count * secs * 1000.0 / iv
    if sent and sent_ms:
        probes = sent * secs * 1000.0 / sent_ms
    fprobes = fsent * secs / fsecs if fsent else 0.0
    if fsent and fping_ms:
        fprobes = fsent * secs * 1000.0 / fping_ms
    cpu_s = ticks / float(tck)
    ucpu_s = uticks / float(tck)
    fcpu_s = fticks / float(tck)
    fucpu_s = futicks / float(tck)
    if pc and fpc:
        cpu_s, ucpu_s, fcpu_s, fucpu_s = (x / 1e6 for x in (pc, pu, fpc, fpu))
    e = {"monitors": count, "interval_ms": iv,
         "cpu_percent": round(100.0 * cpu_s / secs, 2),
         "rss_kib_per_monitor": round((rss1 - rss0) / float(count), 3),
         "drift_p99_ms": round(drift / 1000.0, 3),
         "status_ms": status_ms, "metrics_ms": metrics_ms,
         "history_kib_per_monitor": round(hist_bytes / 1024.0, 2),
         "us_per_probe": round(cpu_s * 1e6 / probes, 2),
         "user_us_per_probe": round(ucpu_s * 1e6 / probes, 2),
         "probes": int(probes), "fping_probes": int(fprobes),
         "cpu_source": "perf" if pc and fpc else "ticks",
         "fping_us_per_probe": round(fcpu_s * 1e6 / fprobes, 2) if fprobes else None,
         "fping_user_us_per_probe": round(fucpu_s * 1e6 / fprobes, 2) if fprobes else None}
    e["fping_cpu_ratio"] = (round(e["us_per_probe"] / e["fping_us_per_probe"], 3)
                            if e["fping_us_per_probe"] else None)
    e["fping_user_ratio"] = (round(e["user_us_per_probe"] / e["fping_user_us_per_probe"], 3)
                             if e["fping_user_us_per_probe"] else None)
    out["scale"].append(e)
    md.append("| %d monitors at %d ms, %d s (%d probes) | CPU %.2f%%, %.1f us/probe "
              "(user %.1f), RSS %.2f KiB/monitor (history %.2f), drift p99 "
              "%.3f ms, status %d ms, metrics %d ms | fping %s "
              "us/probe (user %s, %d probes), ratio %s (user %s, %s) |"
              % (count, iv, secs, probes, e["cpu_percent"], e["us_per_probe"],
                 e["user_us_per_probe"], e["rss_kib_per_monitor"],
                 e["history_kib_per_monitor"], e["drift_p99_ms"],
                 status_ms, metrics_ms, e["fping_us_per_probe"],
                 e["fping_user_us_per_probe"], fprobes, e["fping_cpu_ratio"],
                 e["fping_user_ratio"], e["cpu_source"]))

inst = {}
left = None
routes_left = None
try:
    with open(os.path.join(res, "instances.txt")) as f:
        for x in f:
            v = x.split()
            if v[0] == "left":
                left = int(v[1])
                routes_left = int(v[2]) if len(v) > 2 else None
            else:
                inst[v[0]] = [int(y) for y in v[1:]]
except FileNotFoundError:
    pass
if inst:
    e = {"clients_child_sas": None, "instances_left_after": left,
         "routes_left_after": routes_left}
    for mode in ("without", "with", "routes"):
        if mode not in inst:
            continue
        n, setup, alive, ini, ticks, rss0, rss1, isecs, probes = inst[mode][:9]
        e["clients_child_sas"] = n
        extra = inst[mode][9:] + [0, 0, 0][len(inst[mode][9:]):]
        e[mode] = {"setup_ms": setup, "instances_alive": alive,
                   "routes": extra[0],
                   "setup_cpu_ms": round(extra[1] * 1000.0 / tck),
                   "routes_at_setup": extra[2],
                   "fresh_ike_ms": ini,
                   "cpu_percent": round(100.0 * ticks / tck / isecs, 2),
                   "probes": probes,
                   "us_per_probe": round(ticks * 1e6 / tck / probes, 1)
                   if probes else None,
                   "rss_kib": rss1 - rss0}
    out["instances"] = e
    what = {"without": "without the template, fping probing them",
            "with": "with the %remote template",
            "routes": "with the template owning a route per instance"}
    anchor = {"without": "anchor: the same probes and ESP without the plugin",
              "with": "vs the anchor",
              "routes": "vs the template without routes: at most +20% set-up"}
    for mode in ("without", "with", "routes"):
        if mode in e:
            m = e[mode]
            md.append("| %d CHILD_SAs %s | set up in %d ms (dc CPU %d ms), "
                      "%d instances alive, %d routes, fresh IKE_SA+CHILD_SA "
                      "%d ms, dc CPU %.2f%% (%s us per probe of %d), RSS +%d "
                      "KiB | %s |"
                      % (e["clients_child_sas"], what[mode],
                         m["setup_ms"], m["setup_cpu_ms"],
                         m["instances_alive"], m["routes"],
                         m["fresh_ike_ms"], m["cpu_percent"],
                         m["us_per_probe"], m["probes"], m["rss_kib"],
                         anchor[mode]))
    md.append("| instances and routes left after the client went | %s, %s "
              "| 0, 0 |" % (left, routes_left))

plugin = {}
try:
    with open(os.path.join(res, "precision-plugin.txt")) as f:
        for x in f:
            s, ns = x.split()
            plugin[s] = int(ns)
except FileNotFoundError:
    pass
errors = []
try:
    with open(os.path.join(res, "precision-tcpdump.txt")) as f:
        for x in f:
            s, ns = x.split()
            if s in plugin:
                errors.append(abs(plugin[s] - int(ns)) / 1000.0)
except FileNotFoundError:
    pass
out["precision"] = {"probes": len(errors),
                    "p50_us": round(pct(errors, 50), 1) if errors else None,
                    "p99_us": round(pct(errors, 99), 1) if errors else None}
try:
    with open(os.path.join(res, "precision-status.json")) as f:
        sched = json.load(f)["scheduler"]
        out["precision"]["tx_kernel"] = sched.get("tx_kernel")
        out["precision"]["tx_fallback"] = sched.get("tx_fallback")
except (FileNotFoundError, ValueError, KeyError):
    pass
stamps = ""
if out["precision"].get("tx_kernel") is not None:
    stamps = ", send time from the kernel for %s, user space for %s" % (
        out["precision"]["tx_kernel"], out["precision"]["tx_fallback"])
md.append("| RTT error vs tcpdump (%d probes) | p50 %s us, p99 %s us%s | target p99 < 10 us |"
          % (len(errors), out["precision"]["p50_us"], out["precision"]["p99_us"],
             stamps))

transitions = None
try:
    with open(os.path.join(res, "false-alarms.json")) as f:
        m = json.load(f)["monitors"][0]
        # the initial state counts as one transition
        transitions = m["transitions"] - 1
        loss = m["servers"][0]["loss_percent"]
except (FileNotFoundError, ValueError, KeyError, IndexError):
    loss = None
out["false_alarms"] = {"minutes": round(int(fa_seconds) / 60.0, 2),
                       "loss_percent": 5, "transitions": transitions}
md.append("| false alarms, 10 ms x 8, 5%% random loss, %s min | %s transitions | 0 |"
          % (out["false_alarms"]["minutes"], transitions))

with open(os.path.join(os.path.dirname(res), "results.json"), "w") as f:
    json.dump(out, f, indent=1)
print("\n".join(md))
