#!/usr/bin/env python3
# pinger.py DST [INTERVAL_MS]: send an ICMP echo request to DST every
# INTERVAL_MS (default 1) whether replies come or not, and print one line
# "EPOCH_S SEQ" per reply, until SIGTERM or SIGINT.
#
# iputils ping slows down to about 100 requests per second while replies are
# missing (as in an outage), so it cannot time an outage to 1 ms.
#
# Copyright (C) 2026 strongswan-link-monitor authors
# SPDX-License-Identifier: GPL-2.0-or-later

import os
import select
import signal
import socket
import struct
import sys
import time


def checksum(data):
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def request(ident, seq):
    payload = b"link-monitor bench pinger\0" + bytes(30)
    head = struct.pack("!BBHHH", 8, 0, 0, ident, seq & 0xffff)
    return struct.pack("!BBHHH", 8, 0, checksum(head + payload), ident,
                       seq & 0xffff) + payload


def main():
    dst = sys.argv[1]
    iv = float(sys.argv[2]) / 1000.0 if len(sys.argv) > 2 else 0.001
    sock = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xffff
    stop = []
    signal.signal(signal.SIGTERM, lambda *a: stop.append(1))
    signal.signal(signal.SIGINT, lambda *a: stop.append(1))
    out = sys.stdout
    seq = 0
    due = time.monotonic()
    while not stop:
        now = time.monotonic()
        if now >= due:
            sock.sendto(request(ident, seq), (dst, 0))
            seq += 1
            # keep the pace; after a stall start over from now
            due = due + iv if now - due < iv else now + iv
            continue
        try:
            ready = select.select([sock], [], [], due - now)[0]
        except InterruptedError:
            continue
        if not ready:
            continue
        data = sock.recv(2048)
        ihl = (data[0] & 0x0f) * 4
        typ, _, _, rid, rseq = struct.unpack("!BBHHH", data[ihl:ihl + 8])
        if typ == 0 and rid == ident:
            out.write("%.6f %d\n" % (time.time(), rseq))
    out.flush()


if __name__ == "__main__":
    main()
