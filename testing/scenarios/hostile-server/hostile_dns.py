#!/usr/bin/env python3
# hostile_dns.py LISTEN SPOOF GOOD: a DNS "server" on LISTEN port 53 that
# answers every query with nothing but invalid responses (run in hqlan's
# namespace; SPOOF is a second local address):
#   - the correct answer with another ID (three of them)
#   - the correct answer truncated (eight lengths) or with a byte appended
#   - an answer whose owner name is a compression pointer to itself, one
#     pointing forward, one into the header, two owners pointing to each
#     other, and an extended label type
#   - the query echoed back (QR clear), another opcode, two questions
#   - an answer to another name, another type, class CH
#   - an answer count promising two records, an A record of five bytes
#   - random bytes (three)
#   - the correct answer, but from SPOOF, not the probed address
# Once the file GOOD exists, the correct answer follows the garbage.
# Prints one line per query answered.
import os
import random
import socket
import struct
import sys

PORT = 53
ADDR = bytes([10, 0, 0, 80])


def rr(owner, typ=1, rdata=ADDR, cls=1):
    return owner + struct.pack("!HHIH", typ, cls, 300, len(rdata)) + rdata


def message(ident, flags, question, rrs, qd=1, an=None):
    an = len(rrs) if an is None else an
    return struct.pack("!HHHHHH", ident, flags, qd, an, 0, 0) + question + \
        b"".join(rrs)


def garbage(ident, question, rng):
    """every invalid response to a query with this ID and question"""
    good = message(ident, 0x8180, question, [rr(b"\xc0\x0c")])
    end = 12 + len(question)     # offset of the answer
    name, typ_cls = question[:-4], question[-4:]
    bad = [message(i, 0x8180, question, [rr(b"\xc0\x0c")])
           for i in (ident ^ 1, ident ^ 0x8000, (ident + 0x1234) & 0xffff)]
    bad += [good[:n] for n in (0, 1, 2, 11, 12, end - 1, end, len(good) - 1)]
    bad.append(good + b"\0")
    bad += [message(ident, 0x8180, question, [rr(bytes([0xc0, end]))]),
            message(ident, 0x8180, question, [rr(bytes([0xc0, end + 2]))]),
            message(ident, 0x8180, question, [rr(b"\xc0\x05")]),
            message(ident, 0x8180, question,
                    [rr(b"\x01x" + bytes([0xc0, end + 18])),
                     rr(bytes([0xc0, end]))]),
            message(ident, 0x8180, question, [rr(b"\x41\x00")])]
    bad += [message(ident, 0x0180, question, [rr(b"\xc0\x0c")]),
            message(ident, 0x9180, question, [rr(b"\xc0\x0c")]),
            message(ident, 0x8180, question + question, [rr(b"\xc0\x0c")],
                    qd=2)]
    other = bytes([name[0], ord("x")]) + name[2:]
    bad += [message(ident, 0x8180, other + typ_cls, [rr(b"\xc0\x0c")]),
            message(ident, 0x8180, name + struct.pack("!HH", 28, 1),
                    [rr(b"\xc0\x0c")]),
            message(ident, 0x8180, name + struct.pack("!HH", 1, 3),
                    [rr(b"\xc0\x0c")])]
    bad += [message(ident, 0x8180, question, [rr(b"\xc0\x0c")], an=2),
            message(ident, 0x8180, question, [rr(b"\xc0\x0c",
                                                 rdata=ADDR + b"\0")])]
    bad += [rng.randbytes(rng.randrange(0, 200)) for _ in range(3)]
    return good, bad


def main():
    listen, spoof, good_file = sys.argv[1], sys.argv[2], sys.argv[3]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((listen, PORT))
    sp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sp.bind((spoof, PORT))
    rng = random.Random(1035)
    answered = 0
    print("listening on %s port %d" % (listen, PORT), flush=True)
    while True:
        data, peer = s.recvfrom(4096)
        if len(data) < 17:
            continue
        ident = struct.unpack("!H", data[:2])[0]
        end = data.index(0, 12) + 5
        good, bad = garbage(ident, data[12:end], rng)
        for b in bad:
            s.sendto(b, peer)
        sp.sendto(good, peer)
        if os.path.exists(good_file):
            s.sendto(good, peer)
        answered += 1
        print("answered %d queries with %d invalid responses each" %
              (answered, len(bad) + 1), flush=True)


main()
