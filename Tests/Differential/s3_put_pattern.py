"""Puts an object of SIZE pseudo-random bytes into BUCKET/KEY on the S3 at ENDPOINT (moto) with botocore,
and prints the bytes' SHA-256 (hex): test data for the streamed-download tests, made outside the Swift
test process so that building and uploading it does not hold that process's threads."""

import hashlib
import random
import sys

import botocore.session

endpoint, bucket, key, size = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
data = random.Random(7).randbytes(size)
client = botocore.session.get_session().create_client(
    "s3", region_name="us-east-1", endpoint_url=endpoint, aws_access_key_id="testing", aws_secret_access_key="testing"
)
client.put_object(Bucket=bucket, Key=key, Body=data)
print(hashlib.sha256(data).hexdigest())
