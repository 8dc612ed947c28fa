#!/usr/bin/env bash
# Fuzzes the runtime's parsers of untrusted input with libFuzzer and AddressSanitizer:
# JSON, XML, CBOR, timestamps (HTTP-date, ISO 8601, epoch), shared config files, S3's endpoint
# rule set with fuzzed parameters, event streams and JMESPath expressions. First replays every saved regression input, then fuzzes each
# target for SECONDS (default 10: the short run of scripts/test.sh; use 600 or more for a long run).
# A finding stops the run; its input is left in Fuzzing/ as crash-*, to be added to
# Fuzzing/Regressions/TARGET/ once fixed. Usage: scripts/fuzz.sh [SECONDS] [TARGET...]
set -euo pipefail
cd "$(dirname "$0")/../Fuzzing"
seconds=${1:-10}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(json xml cbor timestamps shared-config endpoint-rules event-stream jmespath)

# SwiftPM's --sanitize=fuzzer only links libFuzzer; the -Xswiftc flags instrument our code for coverage.
# (gold's "Cannot export local symbol '__asan_...'" warnings come from ASan's runtime, not our code.)
swift build --sanitize=fuzzer --sanitize=address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library 2>&1 \
  | grep -E "error|warning: |Build complete" | grep -v "Cannot export local symbol" || true
binary=.build/debug/aws-fuzz
[ -x "$binary" ] || { echo "FAIL: the fuzz build failed"; exit 1; }

export AWS_FUZZ_RULE_SET="$PWD/../api-models/s3/2006-03-01/endpoint-rule-set-1.json"
# LeakSanitizer reports Swift's enum payloads (pointers in spare bits) as leaks: leaks are checked
# by the leak scripts, not here.
export ASAN_OPTIONS=detect_leaks=0
# libFuzzer prints its own stack trace; Swift's backtracer would add minutes per finding.
export SWIFT_BACKTRACE=enable=no
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for target in "${targets[@]}"; do
  if [ -d "Regressions/$target" ] && [ -n "$(ls "Regressions/$target")" ]; then
    AWS_FUZZ_TARGET=$target "$binary" "Regressions/$target"/* >"$work/$target-regressions.log" 2>&1 \
      || { cat "$work/$target-regressions.log"; echo "FAIL: a saved $target regression input fails again"; exit 1; }
  fi
  mkdir -p "$work/$target"
  cp "Corpus/$target"/* "$work/$target"/
  if ! AWS_FUZZ_TARGET=$target "$binary" -max_total_time="$seconds" -max_len=4096 -timeout=5 -rss_limit_mb=2048 \
      -print_final_stats=1 "$work/$target" >"$work/$target.log" 2>&1; then
    tail -40 "$work/$target.log"
    echo "FAIL: fuzzing $target found an input that crashes, hangs or breaks a round trip (see crash-*/timeout-* in Fuzzing/)"
    exit 1
  fi
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/$target.log")
  coverage=$(grep -oE "cov: [0-9]+" "$work/$target.log" | tail -1)
  echo "fuzz $target: $runs inputs in ${seconds}s, $coverage, no finding"
done
