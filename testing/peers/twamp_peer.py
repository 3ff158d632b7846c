#!/usr/bin/env python3
# twamp_peer.py - an independent TWAMP-light / STAMP peer for the lab, written
# from the packet layouts of RFC 5357 (4.1.2, 4.2.1, Appendix I), RFC 6038
# (symmetric size), RFC 8762 (4.2.1, 4.3.1, 4.6) and RFC 8972 (SSID). It
# shares no code with liblinkmon or linkmon.
#
#   twamp_peer.py reflect ADDR STATUS PORT:MODE[:HOLD_MS]...
#       reflect on ADDR, one UDP port per MODE, holding each reply HOLD_MS
#       (default 20) between its receive (T2, the kernel's timestamp) and
#       send (T3) timestamps:
#         short38   RFC 5357 reply without the trailing MBZ and Sender TTL
#                   (38 bytes), as some reflectors send it
#         rfc5357   the 41-byte RFC 5357 reply, whatever the test size
#         symmetric RFC 6038: as long as the test packet, at least 41 bytes,
#                   padded with random bytes
#         stamp     RFC 8762: 44 bytes (as long as a longer test packet),
#                   the SSID copied (RFC 8972), MBZ zero
#         stamp-ptp as stamp, with the Z bit set and T2, T3 in truncated
#                   PTPv2 format (seconds, nanoseconds)
#       Every test packet is checked against the sender formats: 41 bytes
#       (TWAMP-light with RFC 6038's 27 MBZ bytes) or 44 (STAMP: SSID, 28 MBZ
#       bytes), a non-zero error estimate multiplier, a timestamp within 10 s
#       of this host's clock. STATUS is rewritten after every packet, one line
#       per port: "PORT MODE received=N replied=N bad=N lengths=L,..." and the
#       first problem of each port is printed.
#
#   twamp_peer.py send ADDR PORT
#       act as a TWAMP-light and STAMP Session-Sender against the reflector at
#       ADDR PORT (on this host: TTLs and clocks are compared exactly): test
#       packets of 14 to 65507 bytes with random and zero padding, STAMP
#       packets with and without SSID, and a 13-byte packet that must not be
#       answered. Every reply is checked field by field; prints one line per
#       case and "sender: N passed, M failed"; exits 1 on any failure.
#
# Copyright (C) 2026 strongswan-link-monitor authors
# SPDX-License-Identifier: GPL-2.0-or-later

import heapq
import os
import random
import select
import socket
import struct
import sys
import time

NTP_OFFSET = 2208988800
# Linux values, not all exported by Python's socket module
SO_TIMESTAMPNS = 35
IP_RECVTTL = 12
IP_TTL = 2
IPV6_RECVHOPLIMIT = 51
IPV6_HOPLIMIT = 52
Z_BIT = 0x4000
TTL = 77


def ntp(ns):
    """NTP timestamp (RFC 5905) of a Unix time in ns, as (sec, frac)."""
    sec, rem = divmod(ns, 10**9)
    return (sec + NTP_OFFSET) & 0xffffffff, (rem << 32) // 10**9


def ntp_ns(sec, frac):
    """Unix time in ns of an NTP timestamp (era 0)."""
    return (sec - NTP_OFFSET) * 10**9 + (frac * 10**9 >> 32)


def ptp(ns):
    """Truncated PTPv2 timestamp: seconds and nanoseconds."""
    sec, rem = divmod(ns, 10**9)
    return sec & 0xffffffff, rem


def recv(sock, size=65535):
    """Receive a datagram with its kernel timestamp (ns) and TTL."""
    data, anc, _, peer = sock.recvmsg(size, 256)
    rx_ns, ttl = time.time_ns(), 0
    for level, kind, val in anc:
        if level == socket.SOL_SOCKET and kind == SO_TIMESTAMPNS:
            sec, nsec = struct.unpack("qq", val[:16])
            rx_ns = sec * 10**9 + nsec
        elif (level, kind) in ((socket.IPPROTO_IP, IP_TTL),
                               (socket.IPPROTO_IPV6, IPV6_HOPLIMIT)):
            ttl = struct.unpack("i", val[:4])[0]
    return data, peer, rx_ns, ttl


def test_problem(data, now_ns):
    """What is wrong with a test packet, checked against RFC 5357 4.1.2 with
    RFC 6038's symmetric size (41 bytes) and RFC 8762 4.2.1 (44 bytes)."""
    if len(data) not in (41, 44):
        return "%d bytes, neither TWAMP-light's 41 nor STAMP's 44" % len(data)
    sec, frac, err = struct.unpack("!IIH", data[4:14])
    if err & 0xff == 0:
        return "error estimate multiplier 0 (RFC 4656 4.1.2)"
    if abs(ntp_ns(sec, frac) - now_ns) > 10 * 10**9:
        return "timestamp %.3f s off" % ((ntp_ns(sec, frac) - now_ns) / 1e9)
    mbz = data[14:] if len(data) == 41 else data[16:]
    if any(mbz):
        return "non-zero MBZ bytes in a %d-byte packet" % len(data)
    return None


class Port:
    """One reflecting port of a mode."""

    def __init__(self, addr, spec):
        fields = spec.split(":")
        self.port, self.mode = int(fields[0]), fields[1]
        self.hold_ns = int(fields[2] if len(fields) > 2 else 20) * 10**6
        if self.mode not in ("short38", "rfc5357", "symmetric", "stamp",
                             "stamp-ptp"):
            raise SystemExit("twamp_peer: unknown mode %s" % self.mode)
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        self.sock.setsockopt(socket.IPPROTO_IP, IP_RECVTTL, 1)
        self.sock.bind((addr, self.port))
        self.seq = 0
        self.received = self.replied = self.bad = 0
        self.lengths = set()
        self.rng = random.Random(self.port)

    def reply(self, data, rx_ns, ttl):
        """The reply to a test packet, T3 taken now."""
        stamp = self.mode.startswith("stamp")
        tx_ns = time.time_ns()
        if self.mode == "stamp-ptp":
            err = Z_BIT | 0x0001
            t3, t2 = ptp(tx_ns), ptp(rx_ns)
        else:
            err = 0x0001
            t3, t2 = ntp(tx_ns), ntp(rx_ns)
        test = data[:14]
        ssid = data[14:16] if stamp and len(data) >= 16 else b"\0\0"
        # RFC 5357 4.2.1 / RFC 8762 4.3.1
        pkt = struct.pack("!IIIH", self.seq, t3[0], t3[1], err) + ssid + \
            struct.pack("!II", t2[0], t2[1]) + test[0:4] + test[4:12] + \
            test[12:14] + b"\0\0" + bytes([ttl & 0xff])
        if self.mode == "short38":
            return pkt[:38]
        if self.mode == "symmetric" and len(data) > 41:
            return pkt + self.rng.randbytes(len(data) - 41)
        if stamp:
            return pkt + b"\0" * (max(len(data), 44) - 41)
        return pkt


class Reflector:
    """The reflecting ports and the replies waiting for their time."""

    def __init__(self, addr, status, specs):
        self.ports = [Port(addr, spec) for spec in specs]
        self.status = status
        self.queue = []
        self.serial = 0

    def write_status(self):
        tmp = self.status + ".tmp"
        with open(tmp, "w") as f:
            for p in self.ports:
                f.write("%d %s received=%d replied=%d bad=%d lengths=%s\n" %
                        (p.port, p.mode, p.received, p.replied, p.bad,
                         ",".join(str(n) for n in sorted(p.lengths))))
        os.replace(tmp, self.status)

    def receive(self, p):
        data, peer, rx_ns, ttl = recv(p.sock)
        p.received += 1
        p.lengths.add(len(data))
        problem = test_problem(data, time.time_ns())
        if problem:
            p.bad += 1
            if p.bad == 1:
                print("port %d: bad test packet from %s: %s" %
                      (p.port, peer[0], problem), flush=True)
        if len(data) >= 14:
            self.serial += 1
            heapq.heappush(self.queue, (rx_ns + p.hold_ns, self.serial, p,
                                        data, peer, rx_ns, ttl))
        self.write_status()

    def send_due(self):
        while self.queue and self.queue[0][0] <= time.time_ns():
            _, _, p, data, peer, rx_ns, ttl = heapq.heappop(self.queue)
            p.sock.sendto(p.reply(data, rx_ns, ttl), peer)
            p.seq += 1
            p.replied += 1

    def run(self):
        self.write_status()
        print("reflecting on ports %s" %
              ", ".join("%d (%s)" % (p.port, p.mode) for p in self.ports),
              flush=True)
        socks = {p.sock: p for p in self.ports}
        while True:
            timeout = None
            if self.queue:
                timeout = max(0, self.queue[0][0] - time.time_ns()) / 1e9
            readable, _, _ = select.select(list(socks), [], [], timeout)
            for s in readable:
                self.receive(socks[s])
            self.send_due()


def twamp_test(rng, seq, t1, size, padding):
    """RFC 5357 4.1.2 unauthenticated test packet of size bytes."""
    head = struct.pack("!IIIH", seq, t1[0], t1[1], 0x0001)
    pad = size - len(head)
    if padding == "random":
        # non-zero in bytes 14-15 and 16-43: not a STAMP packet's SSID
        return head + b"\x5a\xa5" + rng.randbytes(pad - 3) + b"\x01" \
            if pad >= 3 else head + rng.randbytes(pad)
    return head + b"\0" * pad


def stamp_test(rng, seq, t1, ssid, size):
    """RFC 8762 4.2.1 test packet with the RFC 8972 SSID, and what an
    extended one carries after its 44 bytes."""
    pkt = struct.pack("!IIIHH", seq, t1[0], t1[1], 0x0001, ssid) + b"\0" * 28
    return pkt + rng.randbytes(size - 44)


class Sender:
    """Sends the cases to a reflector and checks every reply."""

    def __init__(self, addr, port):
        family = socket.AF_INET6 if ":" in addr else socket.AF_INET
        self.sock = socket.socket(family, socket.SOCK_DGRAM)
        if family == socket.AF_INET6:
            self.sock.setsockopt(socket.IPPROTO_IPV6,
                                 socket.IPV6_UNICAST_HOPS, TTL)
        else:
            self.sock.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, TTL)
        self.sock.connect((addr, port))
        self.rng = random.Random(8762)
        self.last_rseq = None
        self.passed = self.failed = 0

    def exchange(self, pkt, wait=2.0):
        """Send a test packet, return (T1 in ns, reply, T4 in ns) or None."""
        t1 = time.time_ns()
        self.sock.send(pkt)
        readable, _, _ = select.select([self.sock], [], [], wait)
        if not readable:
            return t1, None, None
        return t1, self.sock.recv(65535), time.time_ns()

    def check(self, pkt, reply, t1, t4, ssid):
        """Problems of a reply to pkt, field by field."""
        want = max(len(pkt), 41)
        if len(reply) < 4:
            return ["length %d" % len(reply)]
        rseq = struct.unpack("!I", reply[:4])[0]
        last, self.last_rseq = self.last_rseq, rseq
        if last is not None and rseq != last + 1:
            return ["reflector sequence %d after %d" % (rseq, last)]
        if len(reply) != want:
            return ["length %d, not %d" % (len(reply), want)]
        s3, f3, err, rssid, s2, f2 = struct.unpack("!IIHHII", reply[4:24])
        problems = []
        if err & 0xff == 0 or err & Z_BIT:
            problems.append("reflector error estimate 0x%04x" % err)
        t2, t3 = ntp_ns(s2, f2), ntp_ns(s3, f3)
        # one clock: T1 <= T2 <= T3 <= T4, 1 us slack for the rounding
        if not t1 - 1000 <= t2 <= t3 <= t4 + 1000:
            problems.append("timestamps out of order: T2-T1 %d ns, T3-T2 %d "
                            "ns, T4-T3 %d ns" % (t2 - t1, t3 - t2, t4 - t3))
        if rssid != ssid:
            problems.append("bytes 14-15 0x%04x, not 0x%04x" % (rssid, ssid))
        if reply[24:38] != pkt[0:14]:
            problems.append("sender sequence, timestamp and error estimate "
                            "not copied: %s" % reply[24:38].hex())
        if reply[38:40] != b"\0\0":
            problems.append("MBZ after the sender error estimate: %s" %
                            reply[38:40].hex())
        if reply[40] != TTL:
            problems.append("sender TTL %d, not %d" % (reply[40], TTL))
        if any(reply[41:]):
            problems.append("padding not zero")
        return problems

    def case(self, name, pkt, ssid=0):
        t1, reply, t4 = self.exchange(pkt)
        if reply is None:
            problems = ["no reply"]
        else:
            problems = self.check(pkt, reply, t1, t4, ssid)
        if problems:
            self.failed += 1
            print("FAIL %s (%d bytes): %s" % (name, len(pkt),
                                              "; ".join(problems)))
        else:
            self.passed += 1
            print("ok   %s (%d -> %d bytes)" % (name, len(pkt), len(reply)))

    def run(self):
        rng = self.rng
        for size in (14, 27, 41, 44, 100, 1472, 1473, 9000, 65507):
            for padding in ("zero", "random"):
                t1 = ntp(time.time_ns())
                pkt = twamp_test(rng, rng.getrandbits(32), t1, size, padding)
                self.case("twamp-%s-%d" % (padding, size), pkt)
        for ssid, size in ((0, 44), (0xbeef, 44), (0x0102, 60),
                           (0xffff, 1500)):
            t1 = ntp(time.time_ns())
            pkt = stamp_test(rng, rng.getrandbits(32), t1, ssid, size)
            self.case("stamp-ssid-%04x-%d" % (ssid, size), pkt, ssid)
        # too short to be a test packet: ignored
        _, reply, _ = self.exchange(b"\x01" * 13, wait=0.5)
        if reply is None:
            self.passed += 1
            print("ok   short-13: no reply")
        else:
            self.failed += 1
            print("FAIL short-13: answered with %d bytes" % len(reply))
        print("sender: %d passed, %d failed" % (self.passed, self.failed))
        return 1 if self.failed else 0


def main():
    if len(sys.argv) >= 5 and sys.argv[1] == "reflect":
        Reflector(sys.argv[2], sys.argv[3], sys.argv[4:]).run()
    elif len(sys.argv) == 4 and sys.argv[1] == "send":
        sys.exit(Sender(sys.argv[2], int(sys.argv[3])).run())
    else:
        sys.exit("usage: twamp_peer.py reflect ADDR STATUS PORT:MODE[:HOLD]..."
                 "\n       twamp_peer.py send ADDR PORT")


main()
