#!/usr/bin/env bash
# Peak memory of decoding a large response body, beyond the body itself, for the JSON, XML and CBOR
# decoders: one process per case (aws-benchmarks memory CASE MiB), release build.
# Usage: scripts/benchmark-memory.sh [MiB]   (default 64)
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-64}
swift build -c release --product aws-benchmarks >/dev/null
for name in json-digits json-strings json-typed xml-digits xml-strings xml-typed cbor-digits cbor-strings cbor-typed; do
  .build/release/aws-benchmarks memory "$name" "$size" | sed -n 's/^RESULT //p'
done
