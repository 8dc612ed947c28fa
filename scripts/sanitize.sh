#!/usr/bin/env bash
# Runs the runtime's and the end-to-end tests under a sanitizer: scripts/sanitize.sh address|thread
# [filter]. Builds into .build-address or .build-thread (each a full build with the sanitizer, about
# 10 minutes on 2 cores), installs the test servers' Python packages like scripts/test.sh, and runs
# the AWSRuntimeTests and AWSBedrockTests targets (the client, transport, credentials, retries,
# parsers, and generated clients against moto and the hostile server). Not part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
sanitizer=${1:?usage: scripts/sanitize.sh address|thread [filter]}
filter=${2:-"AWSRuntimeTests|AWSBedrockTests"}
python3 -m pip install --quiet --disable-pip-version-check 'moto[server]' botocore
export SWIFT_BACKTRACE=enable=no
# Swift's enum payloads keep pointers in spare bits, which LeakSanitizer reports as leaks.
export ASAN_OPTIONS=detect_leaks=0
swift test --sanitize="$sanitizer" --scratch-path ".build-$sanitizer" --filter "$filter"
