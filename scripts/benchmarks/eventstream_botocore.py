"""botocore's side of scripts/benchmark-eventstream.sh: the same stream (MiB of 1 KiB messages in
16 KiB + 7 byte chunks, produced chunk by chunk) through botocore's EventStreamBuffer."""

import resource
import sys
import time

from botocore.eventstream import EventStreamBuffer


def encode(headers, payload):
    import binascii
    import struct
    encoded = b""
    for name, value in headers:
        encoded += struct.pack("!B", len(name)) + name.encode() + struct.pack("!BH", 7, len(value)) + value.encode()
    total = 12 + len(encoded) + len(payload) + 4
    prelude = struct.pack("!II", total, len(encoded))
    prelude += struct.pack("!I", binascii.crc32(prelude) & 0xFFFFFFFF)
    message = prelude + encoded + payload
    return message + struct.pack("!I", binascii.crc32(message) & 0xFFFFFFFF)


def main():
    mebibytes = int(sys.argv[1]) if len(sys.argv) > 1 else 64
    headers = [(":event-type", "contentBlockDelta"), (":content-type", "application/json"), (":message-type", "event")]
    message = encode(headers, b"x" * (1024 - 103))
    assert len(message) == 1024, len(message)
    period = message * 16
    total = mebibytes << 20
    chunk_size = 16 * 1024 + 7
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    buffer = EventStreamBuffer()
    messages = payload = offset = 0
    start = time.perf_counter()
    while offset < total:
        length = min(chunk_size, total - offset)
        position = offset % len(period)
        chunk = (period[position:] + period + period)[:length]
        buffer.add_data(chunk)
        for decoded in buffer:
            messages += 1
            payload += len(decoded.payload)
        offset += length
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"RESULT decoder=botocore stream_mib={mebibytes} messages={messages} seconds={seconds:.3f} "
          f"messages_per_second={messages / seconds:.0f} peak_extra_mib={max(0, peak - before) / 1024:.1f} payload={payload}")


if __name__ == "__main__":
    main()
