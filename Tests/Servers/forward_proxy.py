"""A forward HTTP proxy for the proxy tests (standard library only), as corporate proxies behave:
absolute-form requests (`GET http://host:port/path`) are forwarded and their answers relayed;
`CONNECT host:port` opens a tunnel (for https). Every proxied request must carry
`Proxy-Authorization: Basic <user:secret>`, else 407. Requests in origin form are its own:
GET /__stats answers {"forwarded": n, "tunnels": n, "hosts": [...], "refused": n}.
"""

import base64
import http.client
import json
import select
import socket
import threading
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlparse

from local_server import serve

EXPECTED = "Basic " + base64.b64encode(b"proxyuser:proxy secret").decode()
lock = threading.Lock()
stats = {"forwarded": 0, "tunnels": 0, "hosts": [], "refused": 0}


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def authorized(self):
        if self.headers.get("Proxy-Authorization") == EXPECTED:
            return True
        with lock:
            stats["refused"] += 1
        self.send_response(407)
        self.send_header("Proxy-Authenticate", 'Basic realm="test"')
        self.send_header("Content-Length", "0")
        self.end_headers()
        return False

    def do_CONNECT(self):
        if not self.authorized():
            return
        host, _, port = self.path.rpartition(":")
        with lock:
            stats["tunnels"] += 1
            stats["hosts"].append(self.path)
        upstream = socket.create_connection((host.strip("[]"), int(port)))
        self.send_response(200, "Connection established")
        self.end_headers()
        sockets = [self.connection, upstream]
        try:
            while True:
                readable, _, _ = select.select(sockets, [], [], 30)
                if not readable:
                    break
                for source in readable:
                    data = source.recv(65536)
                    if not data:
                        return
                    (upstream if source is self.connection else self.connection).sendall(data)
        finally:
            upstream.close()
            self.close_connection = True

    def forward(self):
        if self.path.startswith("/"):
            if self.path == "/__stats":
                body = json.dumps(stats).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            self.send_response(400)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        if not self.authorized():
            return
        target = urlparse(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else None
        headers = {name: value for name, value in self.headers.items() if name.lower() not in ("proxy-authorization", "proxy-connection")}
        with lock:
            stats["forwarded"] += 1
            stats["hosts"].append(target.netloc)
        connection = http.client.HTTPConnection(target.hostname, target.port or 80, timeout=30)
        path = target.path + ("?" + target.query if target.query else "")
        connection.request(self.command, path or "/", body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
        self.send_response(response.status)
        for name, value in response.getheaders():
            if name.lower() not in ("transfer-encoding", "connection", "content-length"):
                self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        connection.close()

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = forward


if __name__ == "__main__":
    serve(Proxy)
