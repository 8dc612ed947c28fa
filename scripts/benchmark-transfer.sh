#!/usr/bin/env bash
# Transfer throughput, side by side in one run: S3Client.transfer() (release build) and boto3's
# upload_file/download_file (s3transfer), both with their defaults (8 MiB parts, 10 in flight), uploading
# and downloading the same file of random bytes, first to a no-op S3 (scripts/benchmarks/transfer_noop_server.py:
# what the clients cost) and then to moto (a real S3 implementation, slower than either client).
# Prints MB/s per direction, the ratio, and each process's peak resident memory.
# Usage: scripts/benchmark-transfer.sh [MiB]   (default 1024)
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb=${1:-1024}
size=$((size_mb * 1048576))
python3 -m pip install --quiet --disable-pip-version-check boto3 'moto[server]'
swift build -c release --product aws-benchmarks >/dev/null
work=$(mktemp -d)
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
head -c "$size" /dev/urandom > "$work/object.bin"

python3 -u scripts/benchmarks/transfer_noop_server.py "$size" > "$work/noop.port" & pids+=($!)
moto_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m moto.server -H 127.0.0.1 -p "$moto_port" > "$work/moto.log" 2>&1 & pids+=($!)
for _ in $(seq 100); do [ -s "$work/noop.port" ] && curl -s -o /dev/null "http://127.0.0.1:$moto_port/" && break; sleep 0.2; done
noop="http://127.0.0.1:$(cat "$work/noop.port")"
moto="http://127.0.0.1:$moto_port"

value() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" <<<"$1"; }
printf "%-6s %-9s %12s %12s %7s %16s\n" server direction "swift MB/s" "boto3 MB/s" ratio "peak RSS (MB)"
for target in noop moto; do
  endpoint=${!target}
  ours=$(.build/release/aws-benchmarks transfer "$endpoint" "$work/object.bin" "bench-swift" | grep RESULT)
  theirs=$(python3 scripts/benchmarks/transfer_boto3.py "$endpoint" "$work/object.bin" "bench-boto3" | grep RESULT)
  for direction in upload download; do
    o=$(value "$ours" "${direction}_mb_per_second"); t=$(value "$theirs" "${direction}_mb_per_second")
    printf "%-6s %-9s %12s %12s %6sx %16s\n" "$target" "$direction" "$o" "$t" "$(awk "BEGIN {printf \"%.2f\", $o/$t}")" \
      "$(value "$ours" peak_rss_mb) / $(value "$theirs" peak_rss_mb)"
  done
done
echo "($size_mb MiB of random bytes; peak RSS: swift / boto3, whole process)"
