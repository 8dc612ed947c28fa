#!/usr/bin/env bash
# Event-stream decoding: a stream of MiB mebibytes of 1 KiB messages, fed in 16 KiB chunks, through
# AWSEventStreamDecoder (release build) and through botocore's EventStreamBuffer, one after the other
# in one run; prints both and the ratio of their rates. Peak memory is beyond each process's start.
# Usage: scripts/benchmark-eventstream.sh [MiB]   (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-64}
swift build -c release --product aws-benchmarks >/dev/null
swift_line=$(.build/release/aws-benchmarks eventstream "$size" | sed -n 's/^RESULT //p')
python_line=$(python3 scripts/benchmarks/eventstream_botocore.py "$size" | sed -n 's/^RESULT //p')
echo "$swift_line"
echo "$python_line"
rate() { echo "$1" | sed -E 's/.*messages_per_second=([0-9]+).*/\1/'; }
echo "ratio (swift / botocore messages per second): $(echo "scale=1; $(rate "$swift_line") / $(rate "$python_line")" | bc)x"
