#!/usr/bin/env bash
# Prints, one per line, the compiler flags SwiftPM uses for a debug target that imports AWSRuntime
# (search paths, the dependencies' C module maps, language mode, -Onone -g), read from a verbose build
# of AWSBedrock, without the flags that name that target's own outputs. For compiling generated code
# outside SwiftPM in benchmarks and checks.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --target AWSRuntime >/dev/null 2>&1
touch Sources/AWSBedrock/AWSBedrock.swift
line=$(swift build -v --target AWSBedrock 2>/dev/null | grep -E "swiftc .*-module-name AWSBedrock " | head -1)
python3 - "$line" <<'PY'
import shlex, sys
args = shlex.split(sys.argv[1])[1:]
drop_with_value = {"-module-name", "-emit-module-path", "-output-file-map", "-index-store-path", "-emit-dependencies-path",
                   "-emit-objc-header-path"}
drop = {"-emit-dependencies", "-emit-module", "-incremental", "-enable-batch-mode", "-serialize-diagnostics", "-v", "-c",
        "-enable-testing", "-parse-as-library", "-parseable-output", "-emit-objc-header"}
skip = False
for arg in args:
    if skip:
        skip = False
        continue
    if arg in drop_with_value:
        skip = True
        continue
    if arg in drop or arg.startswith("@") or arg.startswith("-j"):
        continue
    print(arg)
PY
