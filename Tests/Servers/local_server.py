"""How the test servers run: on 127.0.0.1 at ports the system picks, announced on standard output
as `PORT <n> [<m> ...]` (what LocalServer.swift reads), until the test process closes our stdin."""

import sys
import threading
from http.server import ThreadingHTTPServer


def serve(*handler_classes, before_announcing=None, extra_ports=()):
    """Serves each handler class on a port of its own; `before_announcing(servers)` may wire them
    together before the ports are printed, and `extra_ports` (servers started otherwise, such as
    `start_h2_over_tls`) are announced after theirs. Returns when standard input closes."""
    servers = [ThreadingHTTPServer(("127.0.0.1", 0), handler) for handler in handler_classes]
    if before_announcing:
        before_announcing(servers)
    for server in servers:
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
    ports = [server.server_address[1] for server in servers] + list(extra_ports)
    print("PORT " + " ".join(str(port) for port in ports), flush=True)
    sys.stdin.read()  # the test process holds our stdin: when it ends, so do we


def start_h2_over_tls(app, ca_file):
    """Serves the ASGI `app` over TLS on a port of its own, offering only HTTP/2 by ALPN (as AWS's
    HTTP/2 endpoints do), with hypercorn in a background thread. The certificate, for 127.0.0.1
    and localhost, is issued by a throwaway authority (trustme) whose certificate is written to
    `ca_file` in PEM for the client to trust (and another authority's to `ca_file.other.pem`, for
    a client that must not trust the server). Returns the port."""
    import asyncio
    import socket
    import tempfile

    import trustme
    from hypercorn.asyncio import serve as hypercorn_serve
    from hypercorn.config import Config

    authority = trustme.CA()
    authority.cert_pem.write_to_path(ca_file)
    # Another authority, which issued nothing here: a client trusting only it must refuse the server.
    trustme.CA().cert_pem.write_to_path(ca_file + ".other.pem")
    key_and_chain = tempfile.NamedTemporaryFile(suffix=".pem", delete=False)
    authority.issue_cert("127.0.0.1", "localhost").private_key_and_cert_chain_pem.write_to_path(key_and_chain.name)

    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    port = listener.getsockname()[1]
    config = Config()
    config.bind = [f"fd://{listener.detach()}"]  # hypercorn owns the socket from here
    config.certfile = config.keyfile = key_and_chain.name
    config.alpn_protocols = ["h2"]
    # hypercorn closes a connection idle for 5 s by default; on a loaded test machine that races the
    # client's next request on it ("I/O on closed channel"). AWS keeps idle connections far longer.
    config.keep_alive_timeout = 120
    config.accesslog = None
    config.loglevel = "WARNING"  # errors still go to standard error
    started = threading.Event()

    async def run():
        never = asyncio.Event()
        started.set()
        await hypercorn_serve(app, config, shutdown_trigger=never.wait)

    threading.Thread(target=lambda: asyncio.run(run()), daemon=True).start()
    started.wait()
    return port
