"""A deliberately hostile or unlucky AWS endpoint for the hardening tests (standard library only).

Listens on two ports of 127.0.0.1: the "service" the client is configured for, and an "other host"
that a redirect points to. Prints "PORT <service> <other>" once both listen and exits when its
standard input closes, so it never outlives the test process that started it.

What the service port answers is chosen by a keyword anywhere in the request path, so any
generated client can be aimed at it (S3's bucket or key, Bedrock's model identifier):

  redirect-307      307 to the other host (which would answer with a valid, unsigned response)
  trickle           a 200 whose body arrives one byte every 0.5 s
  stall-headers     accepts the request and never answers
  gzip-bomb         a JSON body of 64 MiB of spaces, gzip-compressed to about 64 KiB,
                    with Content-Encoding: gzip although the client never asked for it
  big-body-<n>      a 200 whose JSON body is n bytes long
  bad-date-<name>   a HeadObject answer whose Last-Modified is the named hostile date
  bad-expires       a HeadObject answer whose Expires is not a date (S3 passes on what the uploader set)
  script-<id>       answers from a per-id queue of statuses (see /__script); repeats the last
  required-missing  a Bedrock GetImportedModel answer without its required members
  drop-mid-body     a 200 that declares 1,000,000 bytes of body, sends 100,000 and closes the connection
  bad-checksum      a 200 of 200,000 bytes whose x-amz-checksum-crc32 is that of other bytes
  composite-checksum  a 200 whose x-amz-checksum-crc32 is a multipart composite ("...-3"), not checkable

Control paths (GET): /__hits?id=... counts requests whose path held id on either port;
/__auth tells whether the other host ever saw an Authorization header;
/__script?id=...&steps=503,503:retry-after=1,stall,reset,200 loads a queue of answers
(stall: never answers; reset: closes the connection without an answer).
"""

import base64
import gzip
import zlib
import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlparse

from local_server import serve

BAD_DATES = {
    "huge-year": "Thu, 01 Jan 99999999999999 00:00:00 GMT",
    "huge-day": "Thu, 99999999999999999999 Jan 2015 00:00:00 GMT",
    "huge-hour": "Thu, 01 Jan 2015 99999999999999999:00:00 GMT",
    "epoch-1e300": "1e300",
    "epoch-inf": "inf",
    "epoch-nan": "nan",
    "iso-year-zero": "0000-01-01T00:00:00-23:59",
}

GZIP_BOMB = gzip.compress(b" " * (64 * 1024 * 1024), compresslevel=9)

lock = threading.Lock()
hits = {}
scripts = {}
other_saw_authorization = [False]


def count(path):
    with lock:
        for key in list(hits.keys()):
            if key in path:
                hits[key] += 1


class Base(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def read_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        if "Content-Length" not in (headers or {}):
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if body:
            self.wfile.write(body)


class OtherHost(Base):
    def handle_any(self):
        self.read_body()
        count(self.path)
        if self.headers.get("Authorization"):
            other_saw_authorization[0] = True
        body = json.dumps({"modelArn": "arn:aws:bedrock:us-east-1:123456789012:imported-model/evil",
                           "modelName": "evil", "creationTime": 0}).encode()
        self.send(200, body, {"Content-Type": "application/json"})

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = handle_any


class Service(Base):
    other_port = 0

    def handle_any(self):
        url = urlparse(self.path)
        if url.path == "/__hits":
            key = parse_qs(url.query)["id"][0]
            with lock:
                value = hits.get(key, 0)
                hits.setdefault(key, 0)
            return self.send(200, str(value).encode())
        if url.path == "/__auth":
            return self.send(200, b"yes" if other_saw_authorization[0] else b"no")
        if url.path == "/__script":
            query = parse_qs(url.query)
            with lock:
                scripts[query["id"][0]] = query["steps"][0].split(",")
                hits.setdefault(query["id"][0], 0)
            return self.send(200, b"ok")
        self.read_body()
        count(self.path)
        path = self.path
        if "redirect-307" in path:
            return self.send(307, b"", {"Location": f"http://127.0.0.1:{self.other_port}{path}"})
        if "trickle" in path:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            try:
                for _ in range(1000):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
            except OSError:
                pass
            return
        if "stall-headers" in path:
            time.sleep(30)
            return
        if "gzip-bomb" in path:
            return self.send(200, GZIP_BOMB, {"Content-Type": "application/json", "Content-Encoding": "gzip"})
        if "big-body-" in path:
            size = int(path.split("big-body-")[1].split("/")[0].split("?")[0])
            body = b'{"modelName":"' + b"x" * max(0, size - 16) + b'"}'
            return self.send(200, body, {"Content-Type": "application/json"})
        if "bad-expires" in path:
            return self.send(200, b"", {"Last-Modified": "Thu, 01 Jan 2015 00:00:00 GMT", "Expires": "when the cows come home",
                                        "Content-Length": "0", "ETag": '"x"'})
        if "bad-date-" in path:
            name = path.split("bad-date-")[1].split("/")[0].split("?")[0]
            return self.send(200, b"", {"Last-Modified": BAD_DATES[name], "Content-Length": "0", "ETag": '"x"'})
        if "bad-checksum" in path or "composite-checksum" in path:
            body = bytes(range(256)) * 781 + b"tail"
            crc = zlib.crc32(body + (b"!" if "bad-checksum" in path else b""))
            value = base64.b64encode(crc.to_bytes(4, "big")).decode()
            if "composite-checksum" in path:
                value += "-3"
            return self.send(200, body, {"Content-Type": "application/octet-stream", "x-amz-checksum-crc32": value})
        if "drop-mid-body" in path:
            self.send_response(200)
            self.send_header("Content-Type", "application/octet-stream")
            self.send_header("Content-Length", "1000000")
            self.end_headers()
            self.wfile.write(b"x" * 100_000)
            self.wfile.flush()
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if "required-missing" in path:
            # GetImportedModel's output has no required members; a custom model's does (modelArn...):
            # answer with members that the model marks required left out.
            return self.send(200, b"{}", {"Content-Type": "application/json"})
        for key, steps in scripts.items():
            if key in path:
                with lock:
                    step = steps.pop(0) if len(steps) > 1 else steps[0]
                if step == "stall":
                    time.sleep(30)
                    return
                if step == "reset":
                    self.close_connection = True
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                parts = step.split(":")
                status = int(parts[0])
                headers = {"Content-Type": "application/json", "x-amzn-RequestId": "scripted"}
                for extra in parts[1:]:
                    name, value = extra.split("=", 1)
                    if name == "retry-after":
                        headers["Retry-After"] = value
                    elif name == "x-amz-retry-after":
                        headers["x-amz-retry-after"] = value
                if status >= 400:
                    code = {429: "ThrottlingException", 500: "InternalServerException",
                            503: "ServiceUnavailableException", 400: "ValidationException"}.get(status, "Unknown")
                    body = json.dumps({"message": "scripted"}).encode()
                    headers["x-amzn-ErrorType"] = code
                    return self.send(status, body, headers)
                body = json.dumps({"modelArn": "arn:aws:bedrock:us-east-1:123456789012:imported-model/ok",
                                   "modelName": "ok", "creationTime": 0}).encode()
                return self.send(status, body, headers)
        self.send(404, b'{"message":"no such script"}', {"Content-Type": "application/json",
                                                        "x-amzn-ErrorType": "ResourceNotFoundException"})

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = handle_any


def main():
    # The service first (the port tests call), then the other host it redirects to.
    def wire(servers):
        Service.other_port = servers[1].server_address[1]

    serve(Service, OtherHost, before_announcing=wire)


if __name__ == "__main__":
    main()
