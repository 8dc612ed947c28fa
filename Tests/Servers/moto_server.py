"""Runs moto's server (which implements Bedrock's model-customization jobs, custom models, tags
and invocation-logging configuration) on 127.0.0.1 with a free port, for the end-to-end tests.

Prints "PORT <n>" once it answers; exits when its standard input closes, so it never outlives
the test process that started it.
"""

import socket
import sys
import threading
import time
import urllib.request

from moto.server import ThreadedMotoServer


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/moto-api/", timeout=1).read()
            break
        except Exception:
            time.sleep(0.1)
    print(f"PORT {port}", flush=True)
    sys.stdin.read()
    server.stop()


if __name__ == "__main__":
    main()
