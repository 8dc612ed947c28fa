"""A local stand-in for Amazon Bedrock's GetImportedModel, for the end-to-end tests.

It answers as Bedrock does (rest-json, x-amzn-RequestId, X-Amzn-ErrorType) and verifies the
SigV4 Authorization header of every request with botocore's own signer, so a client that
signs wrongly fails here the way it would against AWS.

Usage: python3 bedrock_stub_server.py ACCESS_KEY SECRET_KEY
Prints "PORT <n>" once listening on 127.0.0.1; exits when its standard input closes.

The model identifier chooses the answer:
  full / no-cmu      200 with / without customModelUnits
  missing            404 ResourceNotFoundException
  throttle-once-*    429 ThrottlingException on the first request, then 200
  always-500-*       500 InternalServerException every time
  malformed          200 with a truncated JSON body
  wrong-type         200 with a string where customModelUnitsPerModelCopy's integer belongs
  drop-*             the connection is closed without a response
GET /__count/<id> (unsigned) returns how many requests came for <id>.
"""

import json
import socket
import sys
import threading
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote

from local_server import serve
from sigv4_check import signature_problem

ACCESS_KEY, SECRET_KEY = sys.argv[1], sys.argv[2]
COUNTS = Counter()
LOCK = threading.Lock()

FULL = {
    "modelArn": "arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl",
    "modelName": "my-imported-model",
    "jobName": "import-job-1",
    "jobArn": "arn:aws:bedrock:us-east-1:123456789012:model-import-job/abcdefghijkl",
    "modelDataSource": {"s3DataSource": {"s3Uri": "s3://my-bucket/model/"}},
    "creationTime": "2025-03-21T10:15:30.123Z",
    "modelArchitecture": "llama3",
    "modelKmsKeyArn": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
    "instructSupported": True,
    "customModelUnits": {"customModelUnitsPerModelCopy": 2, "customModelUnitsVersion": "1.0"},
}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, payload, error_type=None, raw=None):
        body = raw if raw is not None else json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        if error_type:
            self.send_header("X-Amzn-ErrorType", f"{error_type}:http://internal.amazon.com/coral/com.amazon.bedrock/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if self.path.startswith("/__count/"):
            with LOCK:
                count = COUNTS[unquote(self.path[len("/__count/"):])]
            return self.reply(200, {"count": count})
        if not self.path.startswith("/imported-models/"):
            return self.reply(404, {"message": f"no route {self.path}"}, "UnknownOperationException")
        identifier = unquote(self.path[len("/imported-models/"):])
        with LOCK:
            COUNTS[identifier] += 1
            count = COUNTS[identifier]
        problem = signature_problem(self, body, ACCESS_KEY, SECRET_KEY)
        if problem:
            return self.reply(403, {"message": problem}, "InvalidSignatureException")
        if identifier == "full":
            return self.reply(200, FULL)
        if identifier == "no-cmu":
            return self.reply(200, {k: v for k, v in FULL.items() if k != "customModelUnits"})
        if identifier == "missing":
            return self.reply(404, {"message": "Model missing not found."}, "ResourceNotFoundException")
        if identifier.startswith("throttle-once-"):
            if count == 1:
                return self.reply(429, {"message": "Too many requests, please wait."}, "ThrottlingException")
            return self.reply(200, FULL)
        if identifier.startswith("always-500-"):
            return self.reply(500, {"message": "Internal failure."}, "InternalServerException")
        if identifier == "malformed":
            return self.reply(200, None, raw=b'{"modelArn": "arn:aws:bedrock:us-east-1:1:imported-model/x", "customModelUnits": {"customModelUni')
        if identifier == "wrong-type":
            return self.reply(200, {"modelName": "m", "customModelUnits": {"customModelUnitsPerModelCopy": "two"}})
        if identifier.startswith("drop-"):
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        return self.reply(404, {"message": f"Model {identifier} not found."}, "ResourceNotFoundException")


if __name__ == "__main__":
    serve(Handler)
