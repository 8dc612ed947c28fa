"""A local stand-in for Amazon Bedrock Runtime's streaming calls, for the end-to-end tests and the
chat example: ConverseStream and InvokeModelWithResponseStream answer with an AWS event stream
(application/vnd.amazon.eventstream) over chunked HTTP/1.1, as Bedrock Runtime does, and Converse
answers whole.

Each message is encoded here and then read back with botocore's own EventStreamBuffer before it
is sent, so every byte on the wire is one botocore accepts. Requests are authenticated as Bedrock
does: a SigV4 signature checked with botocore's signer (service `bedrock`), or a Bedrock API key
as `Authorization: Bearer <key>`.

Usage: python3 bedrock_runtime_stub_server.py ACCESS_KEY SECRET_KEY BEARER_TOKEN
Prints "PORT <n>" once listening on 127.0.0.1; exits when its standard input closes.

The model id chooses the answer of the streaming calls:
  chat                messageStart, four contentBlockDelta ("Hello", ", ", "world", "!"),
                      contentBlockStop, messageStop, metadata
  echo                as chat, with the last user message's text as the one delta
  throttled           messageStart, one delta, then a throttlingException event
  error-message       messageStart, then a `:message-type: error` message
  unknown-event       chat with an event of a type the model does not know before messageStop
  drop-mid-frame      messageStart, then half a message, then the connection is closed
  corrupt             messageStart, then a message whose CRC is wrong
  endless-<id>        100,000 deltas, recording how many were written before the client left
  rejected            403 AccessDeniedException before any event
InvokeModelWithBidirectionalStream echoes each input chunk as it arrives, checking each message's
chained signature with amazon-transcribe's EventSigner, and ends with "end after N chunks".
GET /__stream/<id> (unauthenticated) returns {"written": n, "total": m, "finished": bool, "aborted": bool}
for endless-<id> (aborted: the client closed the connection before the end).
Every response says in `x-stub-auth` how its request authenticated ("sigv4", "bearer" or "none").
"""

import base64
import binascii
import datetime
import json
import socket
import struct
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote

from botocore.eventstream import EventStreamBuffer

from local_server import serve
from sigv4_check import signature_problem

ACCESS_KEY, SECRET_KEY, BEARER_TOKEN = sys.argv[1], sys.argv[2], sys.argv[3]
LOCK = threading.Lock()
STREAMS = {}


def encode_message(headers, payload):
    """One event-stream message: string headers (type 7), the payload, both CRCs."""
    encoded_headers = b""
    for name, value in headers.items():
        name_bytes, value_bytes = name.encode(), value.encode()
        encoded_headers += struct.pack("!B", len(name_bytes)) + name_bytes
        encoded_headers += struct.pack("!BH", 7, len(value_bytes)) + value_bytes
    total = 12 + len(encoded_headers) + len(payload) + 4
    prelude = struct.pack("!II", total, len(encoded_headers))
    prelude += struct.pack("!I", binascii.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + encoded_headers + payload
    message += struct.pack("!I", binascii.crc32(message) & 0xFFFFFFFF)
    check(message, headers, payload)
    return message


def check(message, headers, payload):
    """Reads the message back with botocore: what we send is what botocore would accept."""
    buffer = EventStreamBuffer()
    buffer.add_data(message)
    decoded = list(buffer)
    assert len(decoded) == 1, decoded
    assert decoded[0].headers == headers, (decoded[0].headers, headers)
    assert decoded[0].payload == payload


def event(event_type, body):
    headers = {":event-type": event_type, ":content-type": "application/json", ":message-type": "event"}
    return encode_message(headers, json.dumps(body, separators=(",", ":")).encode())


def exception(exception_type, message):
    headers = {":exception-type": exception_type, ":content-type": "application/json", ":message-type": "exception"}
    return encode_message(headers, json.dumps({"message": message}).encode())


def converse_events(texts):
    events = [event("messageStart", {"p": "abcd", "role": "assistant"})]
    events += [event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": text}, "p": "ab"}) for text in texts]
    events.append(event("contentBlockStop", {"contentBlockIndex": 0, "p": "abc"}))
    events.append(event("messageStop", {"stopReason": "end_turn", "p": "a"}))
    events.append(event("metadata", {
        "metrics": {"latencyMs": 42}, "p": "abcdef",
        "usage": {"inputTokens": 7, "outputTokens": len(texts), "totalTokens": 7 + len(texts)},
    }))
    return events


def chunk_event(body):
    encoded = base64.b64encode(json.dumps(body).encode()).decode()
    return event("chunk", {"bytes": encoded, "p": "abc"})


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, payload, error_type=None):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.send_header("x-stub-auth", getattr(self, "auth_used", "none"))
        if error_type:
            self.send_header("X-Amzn-ErrorType", f"{error_type}:http://internal.amazon.com/coral/com.amazon.bedrock/")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def start_stream(self, model_content_type=None):
        self.send_response(200)
        self.send_header("Content-Type", "application/vnd.amazon.eventstream")
        if model_content_type:
            self.send_header("X-Amzn-Bedrock-Content-Type", model_content_type)
        self.send_header("x-amzn-RequestId", str(uuid.uuid4()))
        self.send_header("x-stub-auth", getattr(self, "auth_used", "none"))
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def send_chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_stream(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def authentication_problem(self, body):
        authorization = self.headers.get("Authorization", "")
        if authorization.startswith("Bearer "):
            self.auth_used = "bearer"
            if self.headers.get("X-Amz-Date") or self.headers.get("X-Amz-Security-Token"):
                return "a bearer-authenticated request must not carry SigV4 headers"
            return None if authorization[len("Bearer "):] == BEARER_TOKEN else "the API key is not valid"
        self.auth_used = "sigv4"
        return signature_problem(self, body, ACCESS_KEY, SECRET_KEY)

    def do_GET(self):
        if self.path.startswith("/__stream/"):
            with LOCK:
                state = dict(STREAMS.get(unquote(self.path[len("/__stream/"):]), {}))
            return self.reply(200, state)
        return self.reply(404, {"message": f"no route {self.path}"}, "UnknownOperationException")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        parts = self.path.split("/")
        if len(parts) != 4 or parts[1] != "model":
            return self.reply(404, {"message": f"no route {self.path}"}, "UnknownOperationException")
        model, action = unquote(parts[2]), parts[3]
        problem = self.authentication_problem(body)
        if problem:
            return self.reply(403, {"message": problem}, "AccessDeniedException")
        if model == "rejected":
            return self.reply(403, {"message": "You don't have access to the model with the specified model ID."}, "AccessDeniedException")
        request = json.loads(body or b"{}") if action != "invoke-with-bidirectional-stream" else {}
        if action == "converse":
            return self.reply(200, {
                "output": {"message": {"role": "assistant", "content": [{"text": "Hello, world!"}]}},
                "stopReason": "end_turn",
                "usage": {"inputTokens": 7, "outputTokens": 4, "totalTokens": 11},
                "metrics": {"latencyMs": 42},
            })
        if action == "converse-stream":
            return self.converse_stream(model, request)
        if action == "invoke-with-response-stream":
            return self.invoke_stream(model)
        if action == "invoke-with-bidirectional-stream":
            return self.bidirectional(model)
        return self.reply(404, {"message": f"no route {self.path}"}, "UnknownOperationException")

    def converse_stream(self, model, request):
        texts = ["Hello", ", ", "world", "!"]
        if model == "echo":
            texts = [block.get("text", "") for block in request["messages"][-1]["content"]]
        events = converse_events(texts)
        if model == "throttled":
            events = events[:2] + [exception("throttlingException", "Too many tokens, please wait before trying again.")]
        elif model == "error-message":
            error = encode_message({":message-type": "error", ":error-code": "InternalFailure", ":error-message": "The model failed."}, b"")
            events = events[:1] + [error]
        elif model == "unknown-event":
            events = events[:-2] + [event("futureEvent", {"anything": 1})] + events[-2:]
        elif model == "drop-mid-frame":
            self.start_stream()
            self.send_chunk(events[0])
            self.send_chunk(events[1][: len(events[1]) // 2])
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        elif model == "corrupt":
            broken = bytearray(events[1])
            broken[-1] ^= 0xFF
            events = events[:1] + [bytes(broken)] + events[2:]
        elif model.startswith("endless-"):
            return self.endless(model)
        self.start_stream()
        for message in events:
            self.send_chunk(message)
        self.end_stream()

    def endless(self, model):
        total = 100_000
        delta = event("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": "token "}, "p": "abcdefgh"})
        state = {"written": 0, "total": total, "finished": False, "aborted": False}
        with LOCK:
            STREAMS[model] = state
        self.start_stream()
        try:
            self.send_chunk(converse_events([])[0])
            for _ in range(total):
                self.send_chunk(delta)
                with LOCK:
                    state["written"] += 1
            self.end_stream()
            with LOCK:
                state["finished"] = True
        except OSError:
            with LOCK:
                state["aborted"] = True
            self.close_connection = True

    def read_request_chunks(self):
        """The request body's chunks (Transfer-Encoding: chunked), as they arrive."""
        while True:
            size = int(self.rfile.readline().split(b";")[0], 16)
            if size == 0:
                self.rfile.readline()
                return
            data = self.rfile.read(size)
            self.rfile.read(2)
            yield data

    def bidirectional(self, model):
        """InvokeModelWithBidirectionalStream: answers each input chunk with an output chunk as it
        arrives ("echo: " and the input's bytes), checking every message's chained signature with
        AWS's Python event signer (amazon-transcribe), from the request's own signature as the seed.
        A broken chain is answered with a validationException event; the signed empty message ends
        the stream. With bearer auth, messages come unsigned."""
        from amazon_transcribe.auth import Credentials
        from amazon_transcribe.eventstream import EventSigner
        signed = self.auth_used == "sigv4"
        if signed:
            if self.headers.get("X-Amz-Content-SHA256") != "STREAMING-AWS4-HMAC-SHA256-EVENTS":
                return self.reply(400, {"message": "expected x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS"}, "ValidationException")
            prior = bytes.fromhex(self.headers["Authorization"].split("Signature=")[1])
            region = self.headers["Authorization"].split("Credential=")[1].split("/")[2]
        self.start_stream()
        envelopes = EventStreamBuffer()
        messages = EventStreamBuffer()
        count = 0
        for data in self.read_request_chunks():
            (envelopes if signed else messages).add_data(data)
            for envelope in envelopes if signed else []:
                moment = datetime.datetime.fromtimestamp(envelope.headers[":date"] / 1000, tz=datetime.timezone.utc)
                signer = EventSigner("bedrock", region, utc_now=lambda: moment)
                expected = signer.sign(envelope.payload, prior, Credentials(ACCESS_KEY, SECRET_KEY))[":chunk-signature"]
                if expected != envelope.headers.get(":chunk-signature"):
                    self.send_chunk(exception("validationException", f"the signature of message {count + 1} does not match"))
                    self.end_stream()
                    return
                prior = expected
                if envelope.payload == b"":
                    self.send_chunk(event("chunk", {"bytes": base64.b64encode(f"end after {count} chunks".encode()).decode()}))
                    self.end_stream()
                    return
                messages.add_data(envelope.payload)
            for message in messages:
                count += 1
                assert message.headers[":event-type"] == "chunk" and message.headers[":message-type"] == "event", message.headers
                received = base64.b64decode(json.loads(message.payload)["bytes"])
                self.send_chunk(event("chunk", {"bytes": base64.b64encode(b"echo: " + received).decode()}))
        self.send_chunk(event("chunk", {"bytes": base64.b64encode(f"end after {count} chunks".encode()).decode()}))
        self.end_stream()

    def invoke_stream(self, model):
        events = [chunk_event({"type": "content_block_delta", "delta": {"text": text}}) for text in ["Hello", " world"]]
        if model == "throttled":
            events = events[:1] + [exception("modelStreamErrorException", "The model stopped.")]
        self.start_stream(model_content_type="application/json")
        for message in events:
            self.send_chunk(message)
        self.end_stream()


if __name__ == "__main__":
    serve(Handler)
