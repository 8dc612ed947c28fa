"""A local stand-in for Amazon Bedrock Runtime's streaming calls, for the end-to-end tests and the
chat example: ConverseStream and InvokeModelWithResponseStream answer with an AWS event stream
(application/vnd.amazon.eventstream) over chunked HTTP/1.1, as Bedrock Runtime does, and Converse
answers whole.

Each message is encoded here and then read back with botocore's own EventStreamBuffer before it
is sent, so every byte on the wire is one botocore accepts. Requests are authenticated as Bedrock
does: a SigV4 signature checked with botocore's signer (service `bedrock`), or a Bedrock API key
as `Authorization: Bearer <key>`.

Usage: python3 bedrock_runtime_stub_server.py ACCESS_KEY SECRET_KEY BEARER_TOKEN [CA_FILE]
Prints "PORT <n>" once listening on 127.0.0.1; exits when its standard input closes. With CA_FILE,
it also serves ConverseStream and InvokeModelWithBidirectionalStream over HTTP/2 and TLS (as
Bedrock Runtime does) on a second port, "PORT <n> <h2>", its certificate issued by an authority
written to CA_FILE (hypercorn and trustme).

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
import types
import uuid
from http.server import BaseHTTPRequestHandler
from urllib.parse import unquote

from botocore.awsrequest import HTTPHeaders
from botocore.eventstream import EventStreamBuffer

from local_server import serve, start_h2_over_tls
from sigv4_check import signature_problem

ACCESS_KEY, SECRET_KEY, BEARER_TOKEN = "", "", ""  # set from the command line in main
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


def converse_stream_messages(model, request):
    """ConverseStream's answer for `model` (see the module's documentation), as whole messages."""
    texts = ["Hello", ", ", "world", "!"]
    if model == "echo":
        texts = [block.get("text", "") for block in request["messages"][-1]["content"]]
    events = converse_events(texts)
    if model == "throttled":
        return events[:2] + [exception("throttlingException", "Too many tokens, please wait before trying again.")]
    if model == "error-message":
        error = encode_message({":message-type": "error", ":error-code": "InternalFailure", ":error-message": "The model failed."}, b"")
        return events[:1] + [error]
    if model == "unknown-event":
        return events[:-2] + [event("futureEvent", {"anything": 1})] + events[-2:]
    if model == "corrupt":
        broken = bytearray(events[1])
        broken[-1] ^= 0xFF
        return events[:1] + [bytes(broken)] + events[2:]
    return events


def chunk_text(text):
    return event("chunk", {"bytes": base64.b64encode(text.encode() if isinstance(text, str) else text).decode()})


class BidirectionalEcho:
    """InvokeModelWithBidirectionalStream's side of the conversation, whatever carries it: answers
    each input chunk with an output chunk as it arrives ("echo: " and the input's bytes), checking
    every message's chained signature with AWS's Python event signer (amazon-transcribe), from the
    request's own signature as the seed. A broken chain is answered with a validationException
    event; the signed empty message ends the stream. With bearer auth, messages come unsigned."""

    def __init__(self, authorization=None):
        self.signed = authorization is not None
        if self.signed:
            self.prior = bytes.fromhex(authorization.split("Signature=")[1])
            self.region = authorization.split("Credential=")[1].split("/")[2]
        self.envelopes = EventStreamBuffer()
        self.messages = EventStreamBuffer()
        self.count = 0
        self.finished = False

    def feed(self, data):
        """The answers to a piece of the request body; `finished` is set once the stream is over."""
        from amazon_transcribe.auth import Credentials
        from amazon_transcribe.eventstream import EventSigner
        answers = []
        (self.envelopes if self.signed else self.messages).add_data(data)
        for envelope in self.envelopes if self.signed else []:
            moment = datetime.datetime.fromtimestamp(envelope.headers[":date"] / 1000, tz=datetime.timezone.utc)
            signer = EventSigner("bedrock", self.region, utc_now=lambda: moment)
            expected = signer.sign(envelope.payload, self.prior, Credentials(ACCESS_KEY, SECRET_KEY))[":chunk-signature"]
            if expected != envelope.headers.get(":chunk-signature"):
                self.finished = True
                return answers + [exception("validationException", f"the signature of message {self.count + 1} does not match")]
            self.prior = expected
            if envelope.payload == b"":
                return answers + self.end()
            self.messages.add_data(envelope.payload)
        for message in self.messages:
            self.count += 1
            assert message.headers[":event-type"] == "chunk" and message.headers[":message-type"] == "event", message.headers
            received = base64.b64decode(json.loads(message.payload)["bytes"])
            answers.append(chunk_text(b"echo: " + received))
        return answers

    def end(self):
        """The closing chunk (also when the body ends without the signed empty message)."""
        self.finished = True
        return [chunk_text(f"end after {self.count} chunks")]


def chunk_event(body):
    encoded = base64.b64encode(json.dumps(body).encode()).decode()
    return event("chunk", {"bytes": encoded, "p": "abc"})


def check_authentication(request, body):
    """How `request` (anything with `headers`, `command` and `path`) authenticated, and what is
    wrong with that, if anything: a SigV4 signature checked with botocore's signer, or a Bedrock
    API key as `Authorization: Bearer`."""
    authorization = request.headers.get("Authorization", "")
    if authorization.startswith("Bearer "):
        if request.headers.get("X-Amz-Date") or request.headers.get("X-Amz-Security-Token"):
            return "bearer", "a bearer-authenticated request must not carry SigV4 headers"
        return "bearer", None if authorization[len("Bearer "):] == BEARER_TOKEN else "the API key is not valid"
    return "sigv4", signature_problem(request, body, ACCESS_KEY, SECRET_KEY)


async def h2_app(scope, receive, send):
    """The stand-in over HTTP/2 (ASGI, served by hypercorn over TLS): ConverseStream and
    InvokeModelWithBidirectionalStream, the latter full duplex: each answer is sent while the
    request's body is still arriving. A request over anything but HTTP/2 gets 505."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            await send({"type": message["type"] + ".complete"})
            if message["type"] == "lifespan.shutdown":
                return
    headers = HTTPHeaders()
    for name, value in scope["headers"]:
        headers[name.decode("latin-1")] = value.decode("latin-1")
    request = types.SimpleNamespace(headers=headers, command=scope["method"], path=scope["raw_path"].decode())
    auth_used = "none"

    async def start(status, content_type, error_type=None):
        fields = [(b"content-type", content_type.encode()), (b"x-amzn-requestid", str(uuid.uuid4()).encode()),
                  (b"x-stub-auth", auth_used.encode())]
        if error_type:
            fields.append((b"x-amzn-errortype", error_type.encode()))
        await send({"type": "http.response.start", "status": status, "headers": fields})

    async def reply(status, payload, error_type=None):
        await start(status, "application/json", error_type)
        await send({"type": "http.response.body", "body": json.dumps(payload).encode()})

    async def stream(messages, more=True):
        for message in messages:
            await send({"type": "http.response.body", "body": message, "more_body": True})
        if not more:
            await send({"type": "http.response.body", "body": b""})

    async def read_body():
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                return body

    if scope["http_version"] != "2":
        return await reply(505, {"message": f"this endpoint speaks HTTP/2 only, not HTTP/{scope['http_version']}"})
    parts = request.path.split("/")
    if len(parts) != 4 or parts[1] != "model" or parts[3] not in ("converse-stream", "invoke-with-bidirectional-stream"):
        return await reply(404, {"message": f"no route {request.path}"}, "UnknownOperationException")
    model, action = unquote(parts[2]), parts[3]
    if action == "converse-stream":
        body = await read_body()
        auth_used, problem = check_authentication(request, body)
        if problem:
            return await reply(403, {"message": problem}, "AccessDeniedException")
        await start(200, "application/vnd.amazon.eventstream")
        return await stream(converse_stream_messages(model, json.loads(body or b"{}")), more=False)
    # Bidirectional: the signature covers the headers only (the body is signed message by message).
    auth_used, problem = check_authentication(request, b"")
    if problem:
        return await reply(403, {"message": problem}, "AccessDeniedException")
    signed = auth_used == "sigv4"
    if signed and headers.get("X-Amz-Content-SHA256") != "STREAMING-AWS4-HMAC-SHA256-EVENTS":
        return await reply(400, {"message": "expected x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS"}, "ValidationException")
    echo = BidirectionalEcho(headers["Authorization"] if signed else None)
    await start(200, "application/vnd.amazon.eventstream")
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        more = message.get("more_body", False)
        if not echo.finished:
            await stream(echo.feed(message.get("body", b"")))
        if not more and not echo.finished:
            await stream(echo.end())
    # The response ends only after the request has: hypercorn 0.18 drops the connection when a
    # request's data arrives for a stream whose response it has closed, and AsyncHTTPClient 1.37
    # traps on a stream error after the response ended while the request body is still streaming
    # (async-http-client#922), a server behaviour this stand-in does not set out to test.
    await stream([], more=False)


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
        self.auth_used, problem = check_authentication(self, body)
        return problem

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
        if model == "drop-mid-frame":
            events = converse_events(["Hello"])
            self.start_stream()
            self.send_chunk(events[0])
            self.send_chunk(events[1][: len(events[1]) // 2])
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if model.startswith("endless-"):
            return self.endless(model)
        self.start_stream()
        for message in converse_stream_messages(model, request):
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
        """InvokeModelWithBidirectionalStream over chunked HTTP/1.1 (see BidirectionalEcho)."""
        signed = self.auth_used == "sigv4"
        if signed and self.headers.get("X-Amz-Content-SHA256") != "STREAMING-AWS4-HMAC-SHA256-EVENTS":
            return self.reply(400, {"message": "expected x-amz-content-sha256: STREAMING-AWS4-HMAC-SHA256-EVENTS"}, "ValidationException")
        echo = BidirectionalEcho(self.headers["Authorization"] if signed else None)
        self.start_stream()
        chunks = self.read_request_chunks()
        for data in chunks:
            for answer in echo.feed(data):
                self.send_chunk(answer)
            if echo.finished:
                # Read the request body to its closing chunk before answering the end: a connection
                # left with unread request bytes breaks the next request the client sends on it
                # (AsyncHTTPClient reuses it: "I/O on closed channel").
                for _ in chunks:
                    pass
                return self.end_stream()
        for answer in echo.end():
            self.send_chunk(answer)
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
    ACCESS_KEY, SECRET_KEY, BEARER_TOKEN = sys.argv[1], sys.argv[2], sys.argv[3]
    extra = []
    if len(sys.argv) > 4:  # the HTTP/2 endpoint too, its authority's certificate written there
        extra.append(start_h2_over_tls(h2_app, sys.argv[4]))
    serve(Handler, extra_ports=extra)
