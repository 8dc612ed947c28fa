"""A no-op S3 for transfer benchmarks: takes uploads (PutObject, multipart) and throws the bytes away,
answers downloads (HeadObject, GetObject with or without a Range) with zeros of the object's size. What
it costs is the HTTP exchange itself, so a benchmark against it measures the clients. Every object is
SIZE bytes long (the first argument, in bytes); prints the port when ready.
Usage: python3 transfer_noop_server.py SIZE"""

import sys
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SIZE = int(sys.argv[1])
ZEROS = bytes(1 << 20)


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def drain(self):
        length = self.headers.get("Content-Length")
        if length is not None:
            remaining = int(length)
            while remaining > 0:
                remaining -= len(self.rfile.read(min(remaining, 1 << 20)))
        elif self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b""):
                        pass
                    return
                self.rfile.read(size + 2)

    def reply(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_PUT(self):
        self.drain()
        self.reply(200, headers=[("ETag", '"%s"' % uuid.uuid4().hex)])

    def do_POST(self):
        self.drain()
        if "uploads" in self.path.split("?", 1)[-1].split("&"):
            body = b"<InitiateMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><UploadId>%s</UploadId></InitiateMultipartUploadResult>" % uuid.uuid4().hex.encode()
        else:
            body = b'<CompleteMultipartUploadResult><Bucket>b</Bucket><Key>k</Key><ETag>"e-1"</ETag></CompleteMultipartUploadResult>'
        self.reply(200, body, [("Content-Type", "application/xml")])

    def do_DELETE(self):
        self.drain()
        self.reply(204)

    def do_HEAD(self):
        self.send_response(200)
        self.send_header("Content-Length", str(SIZE))
        self.send_header("ETag", '"object"')
        self.end_headers()

    def do_GET(self):
        first, last = 0, SIZE - 1
        status = 200
        if self.headers.get("Range", "").startswith("bytes="):
            start, _, end = self.headers["Range"][6:].partition("-")
            first, last = int(start), min(int(end) if end else SIZE - 1, SIZE - 1)
            status = 206
        length = last - first + 1
        self.send_response(status)
        self.send_header("Content-Length", str(length))
        self.send_header("ETag", '"object"')
        if status == 206:
            self.send_header("Content-Range", "bytes %d-%d/%d" % (first, last, SIZE))
        self.end_headers()
        view = memoryview(ZEROS)
        while length > 0:
            self.wfile.write(view[: min(length, len(ZEROS))])
            length -= min(length, len(ZEROS))


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
server.daemon_threads = True
print(server.server_address[1], flush=True)
server.serve_forever()
