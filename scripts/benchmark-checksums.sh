#!/usr/bin/env bash
# Checksum throughput of AWSChecksum (release build) and of botocore's checksum classes with awscrt,
# one after the other in one run, over the same amount of data; prints each and the ratio per algorithm.
# Usage: scripts/benchmark-checksums.sh [MiB]   (default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-1024}
python3 -c "import awscrt" 2>/dev/null || python3 -m pip install --quiet --disable-pip-version-check awscrt
swift build -c release --product aws-benchmarks >/dev/null
swift_lines=$(.build/release/aws-benchmarks checksums "$size" | sed -n 's/^RESULT //p')
python_lines=$(python3 scripts/benchmarks/checksums_awscrt.py "$size" | sed -n 's/^RESULT //p')
rate() { echo "$1" | sed -E 's/.*megabytes_per_second=([0-9]+).*/\1/'; }
printf "%-10s %14s %14s %8s\n" algorithm "swift MB/s" "botocore MB/s" ratio
for algorithm in crc32 crc32c crc64nvme sha1 sha256; do
  ours=$(rate "$(echo "$swift_lines" | grep "algorithm=$algorithm ")")
  theirs=$(rate "$(echo "$python_lines" | grep "algorithm=$algorithm ")")
  printf "%-10s %14s %14s %7sx\n" "$algorithm" "$ours" "$theirs" "$(echo "scale=2; $ours / $theirs" | bc)"
done
echo "$python_lines" | sed -E 's/.*\((.*)\)/botocore class: \1/' | tr '\n' ' '; echo
