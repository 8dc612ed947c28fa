#!/usr/bin/env bash
# A consumer's first hour, measured: a fresh package outside this repository that depends on it by path and
# applies AWSCodegenPlugin to four targets (all of Bedrock, and this repository's S3, SQS and STS models), plus
# an executable using all four. Times, with /usr/bin/time: the cold build, the next three builds with nothing
# changed (and whether each ran the generator), a build after touching one model, and, for comparison, the
# no-op build of an empty package of one executable. Prints each figure; nothing here is a test.
# Usage: scripts/benchmark-consumer.sh [work-folder]   (default: a new temporary folder; takes 10-20 minutes)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work"
consumer="$work/Consumer"; empty="$work/Empty"
rm -rf "$consumer" "$empty"

mkdir -p "$consumer/Sources/App"
for pair in "Bedrock bedrock/2023-04-20" "S3 s3/2006-03-01" "SQS sqs/2012-11-05" "STS sts/2011-06-15"; do
  set -- $pair
  mkdir -p "$consumer/Sources/My$1"
  cp "$repo/api-models/$2/"*.json "$consumer/Sources/My$1/"
  printf '@_exported import AWSRuntime\n' > "$consumer/Sources/My$1/My$1.swift"
done
cat > "$consumer/Sources/App/main.swift" <<'SWIFT'
import MyBedrock
import MyS3
import MySQS
import MySTS
print(BedrockClient.service.serviceId, S3Client.service.serviceId, SQSClient.service.serviceId, STSClient.service.serviceId)
SWIFT
cat > "$consumer/Package.swift" <<SWIFT
// swift-tools-version:6.1
import PackageDescription
let codegen = Target.PluginUsage.plugin(name: "AWSCodegenPlugin", package: "swift-aws-codegen")
let runtime = Target.Dependency.product(name: "AWSRuntime", package: "swift-aws-codegen")
let package = Package(
    name: "Consumer",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "swift-aws-codegen", path: "$repo")],
    targets: [
        .target(name: "MyBedrock", dependencies: [runtime], plugins: [codegen]),
        .target(name: "MyS3", dependencies: [runtime], plugins: [codegen]),
        .target(name: "MySQS", dependencies: [runtime], plugins: [codegen]),
        .target(name: "MySTS", dependencies: [runtime], plugins: [codegen]),
        .executableTarget(name: "App", dependencies: ["MyBedrock", "MyS3", "MySQS", "MySTS"]),
    ]
)
SWIFT
mkdir -p "$empty/Sources/App"
printf 'print("empty")\n' > "$empty/Sources/App/main.swift"
cat > "$empty/Package.swift" <<'SWIFT'
// swift-tools-version:6.1
import PackageDescription
let package = Package(name: "Empty", targets: [.executableTarget(name: "App")])
SWIFT

log=$(mktemp); timing=$(mktemp)
# Builds the package in $1 and prints "<label>: <seconds> s, <n> generator runs".
timed_build() {
  local folder=$1 label=$2 seconds
  (cd "$folder" && /usr/bin/time -f "%e" -o "$timing" swift build > "$log" 2>&1) || true
  seconds=$(tail -1 "$timing")
  grep -q "Build complete" "$log" || { echo "FAIL: $label"; cat "$log"; exit 1; }
  echo "$label: $seconds s, $(grep -c "Generating AWS code" "$log" || true) generator runs"
}
timed_build "$consumer" "consumer, cold build"
for run in 1 2 3; do timed_build "$consumer" "consumer, build $run with nothing changed"; done
touch "$consumer/Sources/MySQS/service-2.json"
timed_build "$consumer" "consumer, after touching the SQS model"
timed_build "$consumer" "consumer, nothing changed again"
timed_build "$empty" "empty package, cold build"
for run in 1 2 3; do timed_build "$empty" "empty package, build $run with nothing changed"; done
"$consumer/.build/debug/App"
