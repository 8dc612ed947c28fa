#!/usr/bin/env bash
# The client path for GetImportedModel (validate, serialize, sign, decode over an in-memory
# transport) and SigV4 signing alone: Swift and botocore side by side in one run, each on one
# core (taskset -c 0), with the ratio. Usage: scripts/benchmark-client.sh [iterations]
set -euo pipefail
cd "$(dirname "$0")/.."
iterations=${1:-20000}
swift build -c release --product aws-benchmarks >/dev/null
python3 -m pip install --quiet --disable-pip-version-check botocore
swift_out=$(taskset -c 0 .build/release/aws-benchmarks "$iterations")
python_out=$(taskset -c 0 python3 scripts/benchmarks/botocore_client_path.py "$((iterations / 4))" api-models/bedrock/2023-04-20/service-2.json)
echo "$swift_out" | grep -v RESULT
echo "$python_out" | grep -v RESULT
value() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" <<<"$1"; }
sc=$(value "$swift_out" client_per_second); pc=$(value "$python_out" client_per_second)
ss=$(value "$swift_out" sign_per_second); ps=$(value "$python_out" sign_per_second)
echo "client path: swift $sc/s, botocore $pc/s, ratio $(awk "BEGIN {printf \"%.1f\", $sc/$pc}")x"
echo "signing:     swift $ss/s, botocore $ps/s, ratio $(awk "BEGIN {printf \"%.1f\", $ss/$ps}")x"
