#!/usr/bin/env bash
# The long tests, left out of the default test command for time: 1 GiB through streamed bodies and
# through the transfer manager (multipart upload, ranged download, cancellation) against moto, each
# with the test process's memory measured. Needs about 4 GB of free memory (moto holds the object)
# and 4 GB of free disk in the temporary folder; takes a few minutes on 2 cores.
# Usage: scripts/long-test.sh
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check 'moto[server]' botocore
swift build --build-tests
AWS_CODEGEN_LONG_TESTS=1 swift test --skip-build --filter LongTransferTests
