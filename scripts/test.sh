#!/usr/bin/env bash
# Runs every test of swift-aws-codegen on a fresh machine with only Swift and Python:
# installs the Python test servers' packages, builds with a check for warnings in our own code,
# builds and runs the example package through the plugin, then runs the whole test suite
# (unit, golden, SigV4 suite, hostile model, naming across all 424 botocore models, botocore's endpoint
# tests for all 424 services, end-to-end against moto and a local Bedrock stand-in).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== Python packages for the test servers and references (moto, botocore, jmespath 1.1.0 (the JMESPath reference), amazon-transcribe's event signer, hypercorn and trustme for the HTTP/2 endpoint, awscrt for botocore's CRC-32C and CRC-64/NVME)"
python3 -m pip install --quiet --disable-pip-version-check 'moto[server]' botocore 'jmespath==1.1.0' 'amazon-transcribe==0.6.4' 'hypercorn==0.18.0' 'trustme==1.2.1' 'awscrt'

echo "== build (tests included); our code must build without warnings"
log=$(mktemp)
swift build --build-tests 2>&1 | tee "$log" | grep -E "error|warning: |Build complete" || true
if grep -E "warning: " "$log" | grep -E "$(pwd)/(Sources|Tests|Plugins)/|/GeneratedSources/" ; then
  echo "FAIL: warnings in our own or generated code"; exit 1
fi
grep -q "Build complete" "$log" || { echo "FAIL: the build failed"; exit 1; }

echo "== generator CLI on the embedded model"
swift run --skip-build aws-codegen generate --output "$(mktemp -d)/generated"

echo "== every botocore 1.43.11 model generates (424 services), straight from a pip-installed botocore's data folder (.json.gz)"
botocore_cache=${XDG_CACHE_HOME:-$HOME/.cache}/swift-aws-codegen
botocore_data=${BOTOCORE_DATA:-$botocore_cache/botocore-1.43.11-data}
[ -f "$botocore_data/bedrock/2023-04-20/endpoint-rule-set-1.json" ] || scripts/fetch-botocore-models.sh "$botocore_data"
installed=$(mktemp -d)
python3 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps --find-links "$botocore_cache" --target "$installed" botocore==1.43.11
all=$(mktemp -d)
swift run --skip-build aws-codegen generate "$installed/botocore/data" --output "$all" --quiet
echo "generated $(ls "$all" | wc -l) services, $(cat "$all"/*/*.swift | wc -l) lines"
[ "$(ls "$all" | wc -l)" -eq 424 ] || { echo "FAIL: expected 424 services from $installed/botocore/data"; exit 1; }
rm -rf "$all" "$installed"
export AWS_CODEGEN_BOTOCORE_DATA="$botocore_data"

echo "== botocore 1.43.11 test material (endpoint tests, protocol suites)"
botocore_tests=${BOTOCORE_TESTS:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-aws-codegen/botocore-1.43.11-tests}
[ -f "$botocore_tests/tests/functional/endpoint-rules/s3/endpoint-tests-1.json" ] && [ -f "$botocore_tests/tests/unit/test_eventstream.py" ] \
  && [ -f "$botocore_tests/tests/functional/configured_endpoint_urls/profile-tests.json" ] \
  || scripts/fetch-botocore-tests.sh "$botocore_tests"
export AWS_CODEGEN_BOTOCORE_TESTS="$botocore_tests"

echo "== the representative services compile to object code without warnings (scripts/compile-all-services.sh)"
scripts/compile-all-services.sh --representative "$botocore_data"

echo "== example package through the build plugin"
scripts/test-example.sh

echo "== fuzzing: saved regressions, then 10 s per parser with libFuzzer and AddressSanitizer (scripts/fuzz.sh)"
scripts/fuzz.sh 10

echo "== tests"
swift test --skip-build
