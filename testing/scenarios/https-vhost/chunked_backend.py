#!/usr/bin/env python3
# chunked_backend.py ADDR PORT: an HTTP/1.1 backend answering every request
# with a chunked body whose "healthy" is split across two chunks ("heal",
# "thy\n"), sent 20 ms apart so that a proxy passes them on as two chunks
import socket
import sys
import threading
import time


def handle(c):
    try:
        c.settimeout(5)
        req = b""
        while b"\r\n\r\n" not in req:
            data = c.recv(4096)
            if not data:
                return
            req += data
        c.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                  b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                  b"4\r\nheal\r\n")
        time.sleep(0.02)
        c.sendall(b"4\r\nthy\n\r\n0\r\n\r\n")
    except OSError:
        pass
    finally:
        c.close()


def main():
    ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    ls.bind((sys.argv[1], int(sys.argv[2])))
    ls.listen(64)
    print("listening on %s:%s" % (sys.argv[1], sys.argv[2]), flush=True)
    while True:
        c, _ = ls.accept()
        threading.Thread(target=handle, args=(c,), daemon=True).start()


main()
