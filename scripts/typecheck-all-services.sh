#!/usr/bin/env bash
# Generates every botocore 1.43.11 service (newest API version of each) and type-checks each one's
# generated module against AWSRuntime, two at a time. Prints a table (service, shapes, lines, seconds,
# result) and a summary; the latest output is kept in scripts/typecheck-all-services.txt.
# This type-checks (swiftc -typecheck); it does not generate object code.
# Usage: scripts/typecheck-all-services.sh [BOTOCORE_DATA]
set -euo pipefail
cd "$(dirname "$0")/.."
data=${1:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-aws-codegen/botocore-1.43.11-data}
[ -f "$data/bedrock/2023-04-20/service-2.json" ] || scripts/fetch-botocore-models.sh "$data" >/dev/null
swift build -c release --product aws-codegen >/dev/null 2>&1
work=$(mktemp -d)
.build/release/aws-codegen generate "$data" --output "$work" --quiet
scripts/swiftc-flags.sh > "$work/.flags"
check() {
  local folder=$1 flags start end errors
  mapfile -t flags < "$(dirname "$folder")/.flags"
  start=$(date +%s.%N)
  errors=$(cd "$folder" && swiftc "${flags[@]}" -typecheck -parse-as-library -module-name Generated ./*.swift 2>&1 \
    | grep -E "(error|warning): " | sed -E 's/.*((error|warning): .*)/\1/' | sort -u | head -3 | tr '\n' ' ' || true)
  end=$(date +%s.%N)
  printf '%-40s %7s %9s %7.1f  %s\n' "$(basename "$folder")" \
    "$(grep -hc '^public struct\|^public indirect enum' "$folder"/Generated.Shapes.*.swift | paste -sd+ | bc)" \
    "$(cat "$folder"/*.swift | wc -l)" "$(echo "$end - $start" | bc)" "${errors:-ok}"
}
export -f check
printf '%-40s %7s %9s %7s  %s\n' service types lines seconds result
ls -d "$work"/*/ | sed 's:/$::' | xargs -P 2 -I{} bash -c 'check "$@"' _ {} | sort > "$work/.table"
cat "$work/.table"
total=$(wc -l < "$work/.table"); ok=$(grep -c '  ok$' "$work/.table" || true)
echo "$ok of $total services type-check without errors or warnings; $(awk '{s+=$4} END {printf "%.0f", s}' "$work/.table") s of type-checking in all"
rm -rf "$work"
