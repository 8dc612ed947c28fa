#!/usr/bin/env bash
# Compile time and object size of synthetic generated-type designs (scripts/benchmarks/synthetic_types.py),
# each in debug on one core (swiftc -Onone -g -j1), one after the other: the per-type cost of a design
# without the rest of a model. Object size is the figure to compare; seconds vary with the machine's load.
# Usage: scripts/benchmark-synthetic.sh [VARIANT ...]
set -euo pipefail
cd "$(dirname "$0")/.."
variants=("$@")
[ ${#variants[@]} -gt 0 ] || variants=(struct-refining struct-stated struct-one enum-each enum-generic)
printf '%-16s %8s %8s\n' variant seconds MB
for variant in "${variants[@]}"; do
  work=$(mktemp -d)
  python3 scripts/benchmarks/synthetic_types.py "$variant" > "$work/Types.swift"
  start=$(date +%s.%N)
  (cd "$work" && swiftc -c -Onone -g -j1 -parse-as-library -module-name Synthetic Types.swift)
  end=$(date +%s.%N)
  printf '%-16s %8.1f %8.2f\n' "$variant" "$(echo "$end - $start" | bc)" "$(echo "$(cat "$work"/*.o | wc -c) / 1048576" | bc -l)"
  rm -rf "$work"
done
