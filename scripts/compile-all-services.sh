#!/usr/bin/env bash
# Generates botocore 1.43.11 services (newest API version of each) and compiles each one's generated
# module, types and client, to object code against AWSRuntime: debug (-Onone -g, SwiftPM's flags),
# one compiler job per service, two services at a time. Prints a table (service, shapes, lines, compile
# seconds, object MB, warnings, result) and a summary; exits 1 if any service fails or warns.
#
# Usage: scripts/compile-all-services.sh [--representative | --event-streams | --streaming-payloads | --older-waiter-versions] [--output TABLE] [BOTOCORE_DATA]
#   --representative  only the fixed set the test command compiles (see REPRESENTATIVE below)
#   --event-streams   only the 14 services whose operations stream events (botocore 1.43.11)
#   --streaming-payloads  only the 20 services with an input or output whose payload is a streaming blob
#   --older-waiter-versions  the 27 older API versions that carry waiters (CloudFront, EC2, ElastiCache, RDS):
#                     with the newest versions, every one of botocore's 602 waiters
#   --output TABLE    also write the table there (scripts/compile-all-services.txt keeps the latest full run)
set -euo pipefail
cd "$(dirname "$0")/.."

# Services users reach for first, one per protocol family, the largest models, and every model that
# ever broke the generator (the regression list: add to it when a model breaks something).
REPRESENTATIVE="bedrock bedrock-runtime s3 dynamodb sqs sns sts iam lambda ec2 logs glue sagemaker
braket grafana lookoutequipment networkmanager omics personalize-events connectcases resource-groups cloudfront
kinesis sagemaker-runtime polly"
# Every service with an event stream in botocore 1.43.11 (output streams, and input streams that are
# generated unavailable).
EVENT_STREAMS="bedrock-agent-runtime bedrock-agentcore bedrock-runtime connecthealth devops-agent iotsitewise kinesis lambda
lexv2-runtime logs polly qbusiness s3 sagemaker-runtime"
# Every service with an input or output whose payload is a streaming blob (an AWSByteStream) in botocore 1.43.11.
STREAMING_PAYLOADS="bedrock-agentcore cloudsearchdomain codeartifact ebs glacier kinesis-video-archived-media kinesis-video-media
lakeformation lambda lex-runtime lexv2-runtime medialive mediastore-data medical-imaging neptune-graph omics polly s3
sagemaker-geospatial workmailmessageflow"

only=""; table_out=""; data=""; older=""
while [ $# -gt 0 ]; do
  case "$1" in
    --representative) only="$REPRESENTATIVE"; shift ;;
    --event-streams) only="$EVENT_STREAMS"; shift ;;
    --streaming-payloads) only="$STREAMING_PAYLOADS"; shift ;;
    --older-waiter-versions) older=1; shift ;;
    --output) table_out=$2; shift 2 ;;
    *) data=$1; shift ;;
  esac
done
if [ -z "$data" ]; then
  data=${XDG_CACHE_HOME:-$HOME/.cache}/swift-aws-codegen/botocore-1.43.11-data
  [ -f "$data/bedrock/2023-04-20/endpoint-rule-set-1.json" ] || scripts/fetch-botocore-models.sh "$data" >/dev/null
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
models="$work/models"
mkdir -p "$models"
if [ -n "$only" ]; then
  for service in $only; do ln -s "$data/$service" "$models/$service"; done
else
  for service in "$data"/*/; do ln -s "${service%/}" "$models/$(basename "$service")"; done
fi
swift build --product aws-codegen >/dev/null 2>&1
if [ -n "$older" ]; then
  # Each older version on its own (two versions of one service cannot be generated together).
  for waiters in "$data"/*/*/waiters-2.json; do
    folder=$(dirname "$waiters"); service=$(basename "$(dirname "$folder")")
    newest=$(ls -d "$data/$service"/*/ | sort | tail -1); [ "${newest%/}" = "$folder" ] && continue
    .build/debug/aws-codegen generate "$folder/service-2.json" --output "$work/generated/$service-$(basename "$folder")" --quiet
  done
else
  .build/debug/aws-codegen generate "$models" --output "$work/generated" --quiet
fi
scripts/swiftc-flags.sh > "$work/flags"
[ -s "$work/flags" ] || { echo "could not read SwiftPM's compiler flags"; exit 1; }

compile_one() {
  local folder=$1 flags start end log status warnings result objects
  mapfile -t flags < "$FLAGS_FILE"
  objects="$folder/.objects"; mkdir -p "$objects"
  log="$folder/.log"
  start=$(date +%s.%N)
  if (cd "$objects" && swiftc "${flags[@]}" -c -j1 -parse-as-library -module-name Generated "$folder"/*.swift) >"$log" 2>&1; then status=ok; else status=FAILED; fi
  end=$(date +%s.%N)
  warnings=$(grep -c "warning: " "$log" || true)
  result=$status
  if [ "$status" != ok ] || [ "$warnings" != 0 ]; then
    result="$status $(grep -E "(error|warning): " "$log" | sed -E 's/.*((error|warning): .*)/\1/' | sort -u | head -2 | tr '\n' ' ')"
  fi
  printf '%-34s %6s %8s %8.1f %8.1f %4s  %s\n' "$(basename "$folder")" \
    "$(grep -hcE '^public (struct|indirect enum) |^public typealias [A-Za-z0-9_]+ = AWSRuntime\.AWSStringEnum<' "$folder"/Generated.Shapes.*.swift | paste -sd+ | bc)" \
    "$(cat "$folder"/*.swift | wc -l)" "$(echo "$end - $start" | bc)" \
    "$(echo "$(cat "$objects"/*.o 2>/dev/null | wc -c) / 1048576" | bc -l)" "$warnings" "$result"
  rm -rf "$objects"
}
export -f compile_one
export FLAGS_FILE="$work/flags"

header=$(printf '%-34s %6s %8s %8s %8s %4s  %s' service types lines seconds "obj MB" warn result)
echo "$header"
ls -d "$work/generated"/*/ | sed 's:/$::' | xargs -P 2 -I{} bash -c 'compile_one "$@"' _ {} | tee "$work/table.unsorted" >/dev/null
sort "$work/table.unsorted" > "$work/table"
cat "$work/table"
total=$(wc -l < "$work/table")
clean=$(awk '$6 == 0 && $7 == "ok"' "$work/table" | wc -l)
summary="$clean of $total services compile without errors or warnings; $(awk '{s+=$4; l+=$3; m+=$5} END {printf "%.0f s of compiling, %d lines, %.0f MB of object code", s, l, m}' "$work/table") in all"
echo "$summary"
if [ -n "$table_out" ]; then
  { echo "# scripts/compile-all-services.sh $([ -n "$only" ] && echo --representative), $(date -u +%Y-%m-%d), $(nproc) cores, two services at a time"
    echo "# botocore 1.43.11, newest API version of each service; debug (-Onone -g), one compiler job per service."
    echo; echo "$header"; cat "$work/table"; echo "$summary"; } > "$table_out"
fi
[ "$clean" = "$total" ]
