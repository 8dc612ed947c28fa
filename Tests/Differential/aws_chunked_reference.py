"""Reference aws-chunked bodies for the differential test of the unsigned encoding: botocore's own
AwsChunkedWrapper (what it sends as STREAMING-UNSIGNED-PAYLOAD-TRAILER over TLS). Reads cases from
the file named by its argument, one per line: `size chunk_size algorithm seed` (algorithm `none` for
no trailer); the data of a case is byte i = (i * 7 + seed * 13) mod 256. Prints, per case, the length
of the encoded body and its SHA-256 in hex, tab-separated."""

import hashlib
import io
import sys

from botocore import httpchecksum

if not httpchecksum.HAS_CRT:
    sys.exit("awscrt is not installed (pip install awscrt): botocore cannot compute CRC32C or CRC64NVME")

for line in open(sys.argv[1]):
    size, chunk_size, algorithm, seed = line.split()
    size, chunk_size, seed = int(size), int(chunk_size), int(seed)
    data = bytes((i * 7 + seed * 13) % 256 for i in range(size))
    if algorithm == "none":
        wrapper = httpchecksum.AwsChunkedWrapper(io.BytesIO(data), chunk_size=chunk_size)
    else:
        wrapper = httpchecksum.AwsChunkedWrapper(
            io.BytesIO(data),
            checksum_cls=httpchecksum._CHECKSUM_CLS[algorithm.lower()],
            checksum_name="x-amz-checksum-" + algorithm.lower(),
            chunk_size=chunk_size,
        )
    body = wrapper.read()
    print("%d\t%s" % (len(body), hashlib.sha256(body).hexdigest()))
