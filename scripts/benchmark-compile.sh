#!/usr/bin/env bash
# Compile time and object size of generated code, in debug on one core (swiftc -Onone -j1, batch mode as SwiftPM),
# side by side with a baseline generated from the same model: the plainest hand-written form,
# structs with compiler-synthesized Codable and Hashable (scripts/benchmarks/synthesized_codable_baseline.py).
# Median of 3 runs each, dependencies already built.
# Usage: scripts/benchmark-compile.sh [service-2.json ...]   (default: the embedded Bedrock model)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
runs=${RUNS:-3}
swift build --target AWSRuntime >/dev/null 2>&1
swift build --product aws-codegen >/dev/null 2>&1
# The flags SwiftPM itself uses to compile a target that imports AWSRuntime.
mapfile -t flags < <(scripts/swiftc-flags.sh)
[ ${#flags[@]} -gt 0 ] || { echo "could not read SwiftPM's compiler flags"; exit 1; }

median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
seconds() { local start=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $start" | bc; }

models=("$@")
[ ${#models[@]} -gt 0 ] || models=(api-models/bedrock/2023-04-20/service-2.json)
printf '%-28s %8s %9s %10s %9s %10s %9s %9s\n' service shapes "base s" "base MB" "gen s" "gen MB" "time" "size"
for model in "${models[@]}"; do
  work=$(mktemp -d)
  mkdir -p "$work/base" "$work/gen"
  python3 scripts/benchmarks/synthesized_codable_baseline.py "$model" > "$work/base/Baseline.swift"
  .build/debug/aws-codegen generate "$model" --output "$work/gen" --quiet
  base_times=(); gen_times=()
  for _ in $(seq 1 "$runs"); do
    rm -f "$work"/base/*.o "$work"/gen/*.o
    base_times+=("$(cd "$work/base" && seconds swiftc "${flags[@]}" -c -j1 -parse-as-library -module-name Baseline Baseline.swift)")
    # Batch mode, as SwiftPM compiles a target (one compiler process for the files on one core,
    # instead of one per file that each parse every file again); the baseline is a single file.
    gen_times+=("$(cd "$work/gen" && seconds swiftc "${flags[@]}" -c -j1 -enable-batch-mode -parse-as-library -module-name Generated ./*.swift)")
  done
  base_size=$(cat "$work"/base/*.o | wc -c); gen_size=$(cat "$work"/gen/*.o | wc -c)
  bt=$(median "${base_times[@]}"); gt=$(median "${gen_times[@]}")
  shapes=$(python3 -c "import json,sys; print(len(json.load(open(sys.argv[1]))['shapes']))" "$model")
  printf '%-28s %8s %9.1f %10.1f %9.1f %10.1f %8.2fx %8.2fx\n' "$(basename "$(dirname "$(dirname "$model")")")" "$shapes" \
    "$bt" "$(echo "$base_size / 1048576" | bc -l)" "$gt" "$(echo "$gen_size / 1048576" | bc -l)" \
    "$(echo "$gt / $bt" | bc -l)" "$(echo "$gen_size / $base_size" | bc -l)"
  echo "  lines: baseline $(cat "$work"/base/*.swift | wc -l), generated $(cat "$work"/gen/*.swift | wc -l) (types and client)"
  rm -rf "$work"
done
echo "time and size: generated / baseline (goal: at most 0.5x each)"
