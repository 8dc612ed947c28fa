"""Reference checksums for the differential test of AWSChecksum: reads inputs (one hex string per
line) from the file named by its argument and prints, per input, the base64 digests botocore computes for CRC32,
CRC32C, CRC64NVME (these two through awscrt, as botocore[crt] does), SHA1 and SHA256, tab-separated."""

import sys

from botocore import httpchecksum

ALGORITHMS = ["crc32", "crc32c", "crc64nvme", "sha1", "sha256"]
if not httpchecksum.HAS_CRT:
    sys.exit("awscrt is not installed (pip install awscrt): botocore cannot compute CRC32C or CRC64NVME")
classes = {**httpchecksum._CHECKSUM_CLS}

for line in open(sys.argv[1]):
    data = bytes.fromhex(line.strip())
    digests = []
    for name in ALGORITHMS:
        checksum = classes[name]()
        checksum.update(data)
        digests.append(checksum.b64digest())
    print("\t".join(digests))
