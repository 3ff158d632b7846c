#!/usr/bin/env python3
# hostile_twamp.py LISTEN SPOOF: a TWAMP-light "reflector" on LISTEN port 862
# that answers every test packet with nothing but invalid replies (run in
# hqlan's namespace; SPOOF is a second local address):
#   - the correct reflected packet, truncated to 0..37 bytes (into the
#     copied sender fields; 38 bytes and more carry all a sender needs)
#   - correct length and sender sequence, but a must-be-zero field set
#   - oversized, with a must-be-zero field set
#   - the monitor's identifier with a sequence number it never sent
#   - another identifier
#   - random bytes
#   - the correct sender sequence, but another token in the low 16 bits of
#     the sender timestamp (a forger who guessed the sequence number)
#   - of the lengths a sender accepts besides 41 (38 bytes without MBZ and
#     TTL, 39, 40, STAMP's 44): another token, another identifier, the MBZ
#     after the sender error estimate set as far as present, an SSID the
#     sender never sent
#   - the correct reflected packet, but from SPOOF, not the probed address
# Prints one line per test packet answered.
import random
import socket
import struct
import sys
import time

NTP_OFFSET = 2208988800
PORT = 862


def ntp():
    t = time.time()
    return struct.pack("!II", (int(t) + NTP_OFFSET) & 0xffffffff,
                       int((t % 1) * (1 << 32)) & 0xffffffff)


def reply(rseq, sender_seq, sender_ts, sender_err, rx, mbz1=0, mbz2=0):
    """RFC 5357 4.2.1 unauthenticated reflected packet, 41 bytes"""
    return (struct.pack("!I", rseq) + ntp() + struct.pack("!HH", 1, mbz1) +
            rx + struct.pack("!I", sender_seq) + sender_ts +
            struct.pack("!HH", sender_err, mbz2) + bytes([255]))


def main():
    listen, spoof = sys.argv[1], sys.argv[2]
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind((listen, PORT))
    sp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sp.bind((spoof, PORT))
    rng = random.Random(5357)
    answered = 0
    print("listening on %s port %d" % (listen, PORT), flush=True)
    while True:
        data, peer = s.recvfrom(4096)
        rx = ntp()
        if len(data) < 14:
            continue
        seq = struct.unpack("!I", data[:4])[0]
        ts = data[4:12]
        err = struct.unpack("!H", data[12:14])[0]
        good = reply(answered, seq, ts, err, rx)
        assert len(good) == 41
        bad = [good[:n] for n in (0, 1, 4, 13, 14, 24, 28, 36, 37)]
        bad.append(reply(answered, seq, ts, err, rx, mbz1=0x8000))
        bad.append(reply(answered, seq, ts, err, rx, mbz2=1))
        bad.append(reply(answered, seq, ts, err, rx, mbz1=1) +
                   bytes(rng.randrange(1, 1400)))
        bad.append(reply(answered, (seq & 0xffff0000) |
                         ((seq + 0x4000) & 0xffff), ts, err, rx))
        bad.append(reply(answered, seq ^ 0x5a5a0000, ts, err, rx))
        forged_ts = ts[:6] + bytes([ts[6] ^ 0x5a, ts[7] ^ 0xa5])
        bad.append(reply(answered, seq, forged_ts, err, rx))
        bad.append(reply(answered, seq, forged_ts, err, rx)[:38])
        bad.append(reply(answered, seq ^ 0x5a5a0000, ts, err, rx)[:38])
        bad.append(reply(answered, seq, ts, err, rx, mbz2=0x8000)[:39])
        bad.append(reply(answered, seq, ts, err, rx, mbz2=1)[:40])
        bad.append(reply(answered, seq, ts, err, rx, mbz1=1) + bytes(3))
        bad.append(reply(answered, seq, ts, err, rx, mbz2=0x0100) + bytes(3))
        for _ in range(3):
            bad.append(rng.randbytes(rng.randrange(0, 200)))
        for b in bad:
            s.sendto(b, peer)
        sp.sendto(good, peer)
        answered += 1
        print("answered %d test packets with %d invalid replies each" %
              (answered, len(bad) + 1), flush=True)


main()
