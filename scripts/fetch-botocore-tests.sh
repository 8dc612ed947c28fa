#!/usr/bin/env bash
# Downloads botocore 1.43.11's source distribution from PyPI (cached) and unpacks the test material
# the test suite runs: tests/functional/endpoint-rules (one endpoint-tests-1.json per service),
# tests/unit/protocols (the protocol conformance suites), tests/unit/test_eventstream.py (the event
# stream decoder's cases), tests/functional/configured_endpoint_urls/profile-tests.json (the SDKs'
# shared suite for configured endpoint URLs) and tests/unit/cfg (botocore's sample shared config
# files), with botocore's LICENSE.txt and NOTICE.
# Usage: scripts/fetch-botocore-tests.sh DEST
set -euo pipefail
dest=${1:?usage: scripts/fetch-botocore-tests.sh DEST}
cache=${BOTOCORE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-aws-codegen}
mkdir -p "$cache" "$dest"
sdist="$cache/botocore-1.43.11.tar.gz"
if [ ! -f "$sdist" ]; then
  python3 -m pip download --quiet --disable-pip-version-check --no-deps --no-binary :all: botocore==1.43.11 -d "$cache"
fi
python3 - "$sdist" "$dest" <<'PY'
import os, sys, tarfile
sdist, dest = sys.argv[1], sys.argv[2]
prefix = "botocore-1.43.11/"
wanted = ("tests/functional/endpoint-rules/", "tests/unit/protocols/", "tests/unit/test_eventstream.py",
          "tests/functional/configured_endpoint_urls/profile-tests.json", "tests/unit/cfg/")
count = 0
with tarfile.open(sdist) as archive:
    for member in archive.getmembers():
        if not member.isfile() or not member.name.startswith(prefix):
            continue
        relative = member.name[len(prefix):]
        if not (relative.startswith(wanted) or relative in ("LICENSE.txt", "NOTICE")):
            continue
        target = os.path.join(dest, relative)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        with archive.extractfile(member) as source, open(target, "wb") as out:
            out.write(source.read())
        count += 1
print(f"{count} test files in {dest}")
PY
