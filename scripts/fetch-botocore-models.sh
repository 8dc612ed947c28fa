#!/usr/bin/env bash
# Downloads botocore 1.43.11's wheel from PyPI (cached) and unpacks its service models, uncompressed,
# into a botocore-style data folder:
# DEST/<service>/<api-version>/{service-2,paginators-1,waiters-2,endpoint-rule-set-1}.json.
# Usage: scripts/fetch-botocore-models.sh DEST
set -euo pipefail
dest=${1:?usage: scripts/fetch-botocore-models.sh DEST}
cache=${BOTOCORE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-aws-codegen}
mkdir -p "$cache" "$dest"
wheel=$(ls "$cache"/botocore-1.43.11-*.whl 2>/dev/null | head -1 || true)
if [ -z "$wheel" ]; then
  python3 -m pip download --quiet --disable-pip-version-check --no-deps botocore==1.43.11 -d "$cache"
  wheel=$(ls "$cache"/botocore-1.43.11-*.whl | head -1)
fi
python3 - "$wheel" "$dest" <<'PY'
import gzip, os, sys, zipfile
wheel, dest = sys.argv[1], sys.argv[2]
count = 0
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if not name.startswith("botocore/data/") or name.count("/") != 4:
            continue
        _, _, service, version, file = name.split("/")
        base = file[:-3] if file.endswith(".gz") else file
        if base not in ("service-2.json", "paginators-1.json", "waiters-2.json", "endpoint-rule-set-1.json"):
            continue
        data = archive.read(name)
        if file.endswith(".gz"):
            data = gzip.decompress(data)
        os.makedirs(os.path.join(dest, service, version), exist_ok=True)
        with open(os.path.join(dest, service, version, base), "wb") as out:
            out.write(data)
        count += base == "service-2.json"
print(f"{count} service models in {dest}")
PY
