#!/usr/bin/env bash
# JMESPath compile and search rates over every waiter and paginator expression of botocore 1.43.11
# (each over a document shaped like its operation's output): the runtime's evaluator and Python's
# jmespath 1.1.0 side by side in one run, each on one core (taskset -c 0), with the ratios.
# Usage: scripts/benchmark-jmespath.sh [rounds] [botocore-data]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-20}
data=${2:-${XDG_CACHE_HOME:-$HOME/.cache}/swift-aws-codegen/botocore-1.43.11-data}
[ -d "$data/s3" ] || scripts/fetch-botocore-models.sh "$data"
python3 -m pip install --quiet --disable-pip-version-check botocore 'jmespath==1.1.0'
swift build -c release --product aws-benchmarks >/dev/null
cases=$(mktemp)
python_out=$(taskset -c 0 python3 scripts/benchmarks/jmespath_expressions.py "$data" "$cases" "$rounds")
swift_out=$(taskset -c 0 .build/release/aws-benchmarks jmespath "$cases" "$rounds")
rm -f "$cases"
echo "$python_out" | grep -v RESULT
echo "$swift_out" | grep -v RESULT
value() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" <<<"$1"; }
sc=$(value "$swift_out" compile_per_second); pc=$(value "$python_out" compile_per_second)
ss=$(value "$swift_out" search_per_second); ps=$(value "$python_out" search_per_second)
echo "compile: swift $sc/s, python $pc/s, ratio $(awk "BEGIN {printf \"%.1f\", $sc/$pc}")x"
echo "search:  swift $ss/s, python $ps/s, ratio $(awk "BEGIN {printf \"%.1f\", $ss/$ps}")x"
