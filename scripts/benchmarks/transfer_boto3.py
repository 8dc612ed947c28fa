"""boto3's side of the transfer benchmark: upload_file and download_file (s3transfer) of FILE to and from
ENDPOINT with TransferConfig's defaults (8 MiB parts, 10 threads), as most boto3 users run them.
Prints `RESULT side=boto3 upload_mb_per_second=N download_mb_per_second=N peak_rss_mb=N`.
Usage: python3 transfer_boto3.py ENDPOINT FILE BUCKET"""

import os
import resource
import sys
import time

import boto3
from boto3.s3.transfer import TransferConfig

endpoint, path, bucket = sys.argv[1:4]
size = os.path.getsize(path)
s3 = boto3.client(
    "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
)
try:
    s3.create_bucket(Bucket=bucket)
except Exception:
    pass
config = TransferConfig()
start = time.perf_counter()
s3.upload_file(path, bucket, "boto3.bin", Config=config)
upload = time.perf_counter() - start
start = time.perf_counter()
s3.download_file(bucket, "boto3.bin", path + ".boto3", Config=config)
download = time.perf_counter() - start
os.remove(path + ".boto3")
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
print("RESULT side=boto3 upload_mb_per_second=%d download_mb_per_second=%d peak_rss_mb=%d" % (size / upload / 1e6, size / download / 1e6, peak))
