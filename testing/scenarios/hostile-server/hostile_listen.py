# hostile_listen.py: the listening part the hostile TCP servers share: a
# listener per port of MODES on ADDR (argv[1]), each connection handled by
# handle(conn, mode) on a thread of its own.
import socket
import sys
import threading


def serve(ls, mode, handle):
    while True:
        c, _ = ls.accept()
        threading.Thread(target=handle, args=(c, mode), daemon=True).start()


def run(modes, handle):
    threads = []
    for port, mode in modes.items():
        ls = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind((sys.argv[1], port))
        ls.listen(64)
        threads.append(threading.Thread(target=serve, args=(ls, mode, handle),
                                        daemon=True))
    for t in threads:
        t.start()
    print("listening on %s ports %s" % (sys.argv[1], sorted(modes)),
          flush=True)
    for t in threads:
        t.join()
