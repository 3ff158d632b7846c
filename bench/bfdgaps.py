#!/usr/bin/env python3
# bfdgaps.py PCAP LOCAL IV: from a capture of BFD Control packets
# (Ethernet, IPv4, UDP) of sessions at IV ms x 3, per sender side (LOCAL's
# packets, the others'), the packets sent while Up and the gaps between two
# Up packets of one session and direction: how many over 2 x IV and over
# 3 x IV (the detection time) and the largest, in ms. One line per side:
# "local|peer PACKETS OVER2 OVER3 MAX_MS". Who stalls while Up is who a
# session's detection time finds silent.
#
# Copyright (C) 2026 strongswan-link-monitor authors
# SPDX-License-Identifier: GPL-2.0-or-later

import socket
import struct
import sys


def packets(path):
    with open(path, "rb") as f:
        head = f.read(24)
        magic = struct.unpack("<I", head[:4])[0]
        order = "<" if magic in (0xa1b2c3d4, 0xa1b23c4d) else ">"
        scale = 1e-9 if magic in (0xa1b23c4d, 0x4d3cb2a1) else 1e-6
        while True:
            rec = f.read(16)
            if len(rec) < 16:
                return
            sec, frac, incl, _ = struct.unpack(order + "IIII", rec)
            yield sec + frac * scale, f.read(incl)


def main():
    path, local, iv = sys.argv[1], sys.argv[2], float(sys.argv[3])
    last = {}
    stats = {"local": [0, 0, 0, 0.0], "peer": [0, 0, 0, 0.0]}
    for t, data in packets(path):
        if len(data) < 14 + 20 + 8 + 2 or data[12:14] != b"\x08\x00":
            continue
        ip = data[14:]
        ihl = (ip[0] & 0x0f) * 4
        if ip[9] != 17:
            continue
        src, dst = socket.inet_ntoa(ip[12:16]), socket.inet_ntoa(ip[16:20])
        bfd = ip[ihl + 8:]
        if len(bfd) < 2 or bfd[1] >> 6 != 3:
            # not Up: a new Up run starts with the next one
            last.pop((src, dst), None)
            continue
        side = "local" if src == local else "peer"
        s = stats[side]
        s[0] += 1
        if (src, dst) in last:
            gap = (t - last[(src, dst)]) * 1000.0
            s[1] += gap > 2 * iv
            s[2] += gap > 3 * iv
            s[3] = max(s[3], gap)
        last[(src, dst)] = t
    for side in ("local", "peer"):
        s = stats[side]
        print("%s %d %d %d %.1f" % (side, s[0], s[1], s[2], s[3]))


if __name__ == "__main__":
    main()
