"""How the test servers run: on 127.0.0.1 at ports the system picks, announced on standard output
as `PORT <n> [<m> ...]` (what LocalServer.swift reads), until the test process closes our stdin."""

import sys
import threading
from http.server import ThreadingHTTPServer


def serve(*handler_classes, before_announcing=None):
    """Serves each handler class on a port of its own; `before_announcing(servers)` may wire them
    together before the ports are printed. Returns when standard input closes."""
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), handler) for handler in handler_classes]
    if before_announcing:
        before_announcing(servers)
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    print("PORT " + " ".join(str(server.server_address[1]) for server in servers), flush=True)
    sys.stdin.read()  # the test process holds our stdin: when it ends, so do we
