"""Checksum throughput of botocore's checksum classes (awscrt's C code for CRC32C and CRC64NVME,
zlib for CRC32, hashlib for SHA1/SHA256) over a 1 MiB buffer repeated to MiB mebibytes; one RESULT
line per algorithm, as the Swift side prints them (scripts/benchmark-checksums.sh)."""

import os
import sys
import time

from botocore import httpchecksum

mebibytes = int(sys.argv[1]) if len(sys.argv) > 1 else 1024
buffer = os.urandom(1 << 20)
for name in ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"]:
    checksum = httpchecksum._CHECKSUM_CLS[name]()
    checksum.update(buffer)
    checksum = httpchecksum._CHECKSUM_CLS[name]()
    start = time.perf_counter()
    for _ in range(mebibytes):
        checksum.update(buffer)
    checksum.digest()
    elapsed = time.perf_counter() - start
    print(f"RESULT algorithm={name} megabytes_per_second={int((mebibytes << 20) / elapsed / 1e6)} ({type(checksum).__name__})")
