#!/usr/bin/env python3
# forge.py TTL: send hq a BFD Control packet claiming to come from dc's
# bfdd (10.0.0.1, which hqlan owns for this), state Down, to hq's session
# with it (Your Discriminator zero: found by addresses), with TTL TTL
import socket
import struct
import sys

pkt = struct.pack("!BBBBIIIII", 0x20 | 3, 1 << 6, 3, 24, 0x0bad0bad, 0,
                  10000, 10000, 0)
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, int(sys.argv[1]))
s.bind(("10.0.0.1", 49999))
for i in range(3):
    s.sendto(pkt, ("10.1.0.1", 3784))
print("sent with TTL %s" % sys.argv[1])
