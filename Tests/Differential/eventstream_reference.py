"""botocore's side of the event-stream tests (EventStreamTests.swift).

cases TEST_EVENTSTREAM_PY OUT_DIR
    Runs botocore 1.43.11's tests/unit/test_eventstream.py far enough to get its positive and negative
    cases, and writes each case's bytes to OUT_DIR (positive-N.bin with positive-N.json, the decoded
    message as botocore states it; negative-N-EXCEPTION.bin) for the Swift decoder to read.
decode STREAM_FILE
    Decodes a stream with botocore's EventStreamBuffer and prints its messages, or the error's class.

Headers are written as [name, kind, value]: kind "bool", "int" (byte, short, integer, long and
timestamp: botocore gives all of them as int), "bytes" (byte arrays and UUIDs, hex) or "string".
"""
import json
import os
import sys
import types
import unittest.mock


def normalize(message):
    headers = []
    for name, value in message.headers.items():
        if isinstance(value, bool):
            headers.append([name, "bool", value])
        elif isinstance(value, int):
            headers.append([name, "int", value])
        elif isinstance(value, bytes):
            headers.append([name, "bytes", value.hex()])
        else:
            headers.append([name, "string", value])
    return {"headers": headers, "payload": bytes(message.payload).hex()}


def cases(test_file, out_dir):
    # The test module imports pytest and the test package's mock; neither is needed for its data.
    sys.modules.setdefault("pytest", types.SimpleNamespace(mark=types.SimpleNamespace(parametrize=lambda *a, **k: (lambda f: f))))
    sys.modules["tests"] = types.SimpleNamespace(mock=unittest.mock)
    namespace = {"__name__": "botocore_test_eventstream"}
    with open(test_file) as source:
        exec(compile(source.read(), test_file, "exec"), namespace)
    os.makedirs(out_dir, exist_ok=True)
    for index, (encoded, decoded) in enumerate(namespace["POSITIVE_CASES"]):
        with open(os.path.join(out_dir, f"positive-{index}.bin"), "wb") as out:
            out.write(encoded)
        with open(os.path.join(out_dir, f"positive-{index}.json"), "w") as out:
            json.dump(normalize(decoded), out)
    for index, (encoded, exception) in enumerate(namespace["NEGATIVE_CASES"]):
        with open(os.path.join(out_dir, f"negative-{index}-{exception.__name__}.bin"), "wb") as out:
            out.write(encoded)
    print(len(namespace["POSITIVE_CASES"]), len(namespace["NEGATIVE_CASES"]))


def decode(stream_file):
    from botocore.eventstream import EventStreamBuffer

    buffer = EventStreamBuffer()
    with open(stream_file, "rb") as source:
        buffer.add_data(source.read())
    messages = []
    try:
        for message in buffer:
            messages.append(normalize(message))
    except Exception as error:  # the class name is what the Swift side compares
        print(json.dumps({"messages": messages, "error": type(error).__name__}))
        return
    print(json.dumps({"messages": messages, "error": None}))


if __name__ == "__main__":
    if sys.argv[1] == "cases":
        cases(sys.argv[2], sys.argv[3])
    else:
        decode(sys.argv[2])
