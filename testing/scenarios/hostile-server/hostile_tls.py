#!/usr/bin/env python3
# hostile_tls.py ADDR: TCP servers that accept a TLS client, read its
# ClientHello and then break the handshake (run in hqlan's namespace):
#   4431 reset     reset the connection (SO_LINGER 0)
#   4432 garbage   64 bytes that are no TLS record, then close
#   4433 midclose  the start of a ServerHello record, then close (FIN)
#   4434 alert     a fatal handshake_failure alert, then close
#   4435 stall     never answer, hold the connection until the client drops it
import hostile_listen
import socket
import struct

MODES = {4431: "reset", 4432: "garbage", 4433: "midclose", 4434: "alert",
         4435: "stall"}


def drain(c):
    """close with a FIN: stop writing, read until the client closes"""
    c.shutdown(socket.SHUT_WR)
    while c.recv(4096):
        pass


def handle(c, mode):
    try:
        c.settimeout(5)
        if not c.recv(4096):
            return
        if mode == "reset":
            c.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                         struct.pack("ii", 1, 0))
        elif mode == "garbage":
            c.sendall(b"\xde\xad\xbe\xef" * 16)
            drain(c)
        elif mode == "midclose":
            # handshake record of 122 bytes, ServerHello of 118: cut after 22
            c.sendall(bytes([0x16, 3, 3, 0, 0x7a, 2, 0, 0, 0x76, 3, 3]) +
                      bytes(range(11)))
            drain(c)
        elif mode == "alert":
            c.sendall(bytes([0x15, 3, 3, 0, 2, 2, 40]))
            drain(c)
        else:
            while c.recv(4096):
                pass
    except OSError:
        pass
    finally:
        c.close()


hostile_listen.run(MODES, handle)
