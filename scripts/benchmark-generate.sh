#!/usr/bin/env bash
# Whole-process wall time and peak memory of generating the entire embedded Bedrock model
# (106 operations, 895 shapes) with a release build, writing into an empty folder each run.
# Prints each run and the median. Usage: scripts/benchmark-generate.sh [runs] [model]
# (model: another model file, e.g. api-models/smithy/bedrock-2023-04-20.json.gz, Bedrock's Smithy form).
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-11}
model=${2:-}
swift build -c release --product aws-codegen >/dev/null 2>&1
tool=.build/release/aws-codegen
times=(); peaks=()
for run in $(seq 1 "$runs"); do
  out=$(mktemp -d)
  measurement=$( { /usr/bin/time -f "%e %M" "$tool" generate ${model:+"$model"} --output "$out/gen" --quiet; } 2>&1 )
  rm -rf "$out"
  wall=$(awk '{print $1}' <<<"$measurement"); peak=$(awk '{print $2}' <<<"$measurement")
  times+=("$wall"); peaks+=("$peak")
  echo "run $run: ${wall}s wall, $((peak / 1024)) MB peak RSS"
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
echo "median wall: $(median "${times[@]}") s; median peak RSS: $(( $(median "${peaks[@]}") / 1024 )) MB; max peak RSS: $(( $(printf '%s\n' "${peaks[@]}" | sort -n | tail -1) / 1024 )) MB"
