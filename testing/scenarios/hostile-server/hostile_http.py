#!/usr/bin/env python3
# hostile_http.py ADDR: HTTP/1.1 servers whose chunked bodies break (run in
# hqlan's namespace); each answers 200 OK with Transfer-Encoding: chunked:
#   8091 cut       a chunk of 16 bytes of which 4 come ("heal"), then close
#   8092 badsize   a chunk size that is no hex number ("zz"), then the body
#   8093 overlong  a chunk of 3 bytes followed by 7 ("healthy"), no CRLF
#   8094 stall     "heal" in a chunk, then nothing until the client drops it
# A monitor whose http_match is "healthy" never finds it.
import hostile_listen

HEADER = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
          b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
MODES = {8091: "cut", 8092: "badsize", 8093: "overlong", 8094: "stall"}


def respond(c, mode):
    c.sendall(HEADER)
    if mode == "cut":
        c.sendall(b"10\r\nheal")
    elif mode == "badsize":
        c.sendall(b"zz\r\nhealthy\r\n0\r\n\r\n")
    elif mode == "overlong":
        c.sendall(b"3\r\nhealthy\r\n0\r\n\r\n")
    else:
        c.sendall(b"4\r\nheal\r\n")
        while c.recv(4096):
            pass


def handle(c, mode):
    try:
        c.settimeout(5)
        req = b""
        while b"\r\n\r\n" not in req:
            data = c.recv(4096)
            if not data:
                return
            req += data
        respond(c, mode)
    except OSError:
        pass
    finally:
        c.close()


hostile_listen.run(MODES, handle)
