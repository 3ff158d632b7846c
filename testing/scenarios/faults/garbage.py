#!/usr/bin/env python3
# garbage.py: send 2000 malformed or foreign ICMP echo replies and truncated
# packets to hq's LAN address (run in hqlan's namespace)
import os
import random
import socket
import struct


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
random.seed(7)
for i in range(2000):
    kind = i % 4
    ident, seq = random.randrange(65536), random.randrange(65536)
    if kind == 0:      # foreign echo reply
        payload = os.urandom(random.randrange(0, 64))
    elif kind == 1:    # our magic, wrong token
        payload = b"LMON" + os.urandom(28)
    elif kind == 2:    # truncated ICMP header (the kernel needs type/code)
        try:
            s.sendto(bytes([0, 0]) + os.urandom(random.randrange(0, 6)),
                     ("10.1.0.1", 0))
        except OSError:
            pass
        continue
    else:              # bad checksum
        payload = b"LMON" + os.urandom(28)
    hdr = struct.pack("!BBHHH", 0, 0, 0, ident, seq)
    c = csum(hdr + payload) if kind != 3 else random.randrange(65536)
    pkt = struct.pack("!BBHHH", 0, 0, c, ident, seq) + payload
    s.sendto(pkt, ("10.1.0.1", 0))
print("sent 2000 garbage packets")
