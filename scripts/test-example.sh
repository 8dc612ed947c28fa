#!/usr/bin/env bash
# Builds and runs Examples/BedrockTypes the way a user's package would use the plugin, and checks
# that the build plugin regenerates exactly when the model or config changes.
set -euo pipefail
cd "$(dirname "$0")/../Examples/BedrockTypes"

log=$(mktemp)
echo "== example: first build (generates the code)"
swift build 2>&1 | tee "$log" | grep -E "error|warning: .*(Sources|GeneratedSources)|Generating AWS code" || true
grep -q "Generating AWS code for BedrockImported" "$log" || { echo "FAIL: the first build did not run the generator"; exit 1; }

# SwiftPM (6.3) rebuilds a plugin's host tool once more on the build after a from-scratch build
# (Yams' C files, then a relink), and the new tool binary reruns generation; it settles after that.
swift build > "$log" 2>&1

echo "== example: build with no change (must not regenerate)"
swift build > "$log" 2>&1
if grep -q "Generating AWS code" "$log"; then echo "FAIL: a no-op build ran the generator"; cat "$log"; exit 1; fi

echo "== example: config changed (must regenerate)"
config=Sources/BedrockImported/aws-codegen-config.yaml
cp "$config" "$config.orig"
trap 'mv -f "$config.orig" "$config"' EXIT
printf '\n# touched by scripts/test-example.sh\n' >> "$config"
swift build > "$log" 2>&1
grep -q "Generating AWS code for BedrockImported" "$log" || { echo "FAIL: changing the config did not regenerate"; cat "$log"; exit 1; }
mv -f "$config.orig" "$config"

echo "== example: model changed (must regenerate)"
model=Sources/BedrockImported/service-2.json
cp "$model" "$model.orig"
trap 'mv -f "$model.orig" "$model"' EXIT
# The new model version adds an optional member to GetImportedModel's response.
python3 - "$model" <<'PY'
import json, sys
path = sys.argv[1]
model = json.load(open(path))
model["shapes"]["GetImportedModelResponse"]["members"]["deploymentRegion"] = {"shape": "String"}
json.dump(model, open(path, "w"), indent=2)
PY
swift build > "$log" 2>&1
grep -q "Generating AWS code for BedrockImported" "$log" || { echo "FAIL: changing the model did not regenerate"; cat "$log"; exit 1; }
grep "note: Bedrock API changed" "$log"
grep -q "note: Bedrock API changed: GetImportedModel (updated, additive): member deploymentRegion: string added" "$log" \
  || { echo "FAIL: the build did not report the API change"; cat "$log"; exit 1; }
mv -f "$model.orig" "$model"
trap - EXIT
swift build > "$log" 2>&1

echo "== example: the model gzip-compressed, as pip-installed botocore ships it (must regenerate the same API)"
gzip -9n "$model"
trap 'gunzip -f "$model.gz"' EXIT
swift build > "$log" 2>&1 || { echo "FAIL: the build with service-2.json.gz failed"; cat "$log"; exit 1; }
grep -q "Generating AWS code for BedrockImported from service-2.json.gz" "$log" \
  || { echo "FAIL: replacing the model by its .json.gz did not regenerate from it"; cat "$log"; exit 1; }
if grep -q "note: Bedrock API changed" "$log"; then echo "FAIL: the .json.gz model read differently"; cat "$log"; exit 1; fi
gunzip -f "$model.gz"
trap - EXIT
swift build > "$log" 2>&1

echo "== example: clear build errors for two models and for a bad config"
extra=Sources/BedrockImported/second-model.json
trap 'rm -f "$extra"' EXIT
cp "$model" "$extra"
if swift build > "$log" 2>&1; then echo "FAIL: a target with two models built"; exit 1; fi
grep -q "holds more than one model (second-model.json, service-2.json)" "$log" || { echo "FAIL: no clear message for two models"; cat "$log"; exit 1; }
rm -f "$extra"
cp "$config" "$config.orig"
trap 'mv -f "$config.orig" "$config"' EXIT
printf 'operation: [GetImportedModel]\n' >> "$config"
if swift build > "$log" 2>&1; then echo "FAIL: a bad config built"; exit 1; fi
grep -q "unknown key 'operation'" "$log" || { echo "FAIL: no clear message for a bad config"; cat "$log"; exit 1; }
mv -f "$config.orig" "$config"
trap - EXIT
swift build > "$log" 2>&1

echo "== example: decode a sample GetImportedModel response"
output=$(swift run --skip-build BedrockTypes)
echo "$output"
grep -q "customModelUnitsPerModelCopy: 2" <<<"$output" || { echo "FAIL: customModelUnits not decoded"; exit 1; }

# Starts a test server of Tests/Servers (SCRIPT ARGS...) that runs until stop_server; sets $port.
start_server() {
  fifo=$(mktemp -u); mkfifo "$fifo"
  python3 "../../Tests/Servers/$1" "${@:2}" < "$fifo" > "$log" &
  server=$!
  exec 3>"$fifo"  # the server runs while this stays open
  for _ in $(seq 1 100); do grep -q PORT "$log" && break; sleep 0.1; done
  port=$(awk '/PORT/ {print $2}' "$log")
  [ -n "$port" ] || { echo "FAIL: the local server $1 did not start"; exit 1; }
}
stop_server() { exec 3>&-; wait "$server" || true; }

echo "== example: call GetImportedModel on a local endpoint given on the command line"
start_server bedrock_stub_server.py AKIDEXAMPLEAPP example/secret
output=$(AWS_ACCESS_KEY_ID=AKIDEXAMPLEAPP AWS_SECRET_ACCESS_KEY=example/secret AWS_REGION=us-east-1 \
  swift run --skip-build BedrockTypes --endpoint "http://127.0.0.1:$port" --model-id full)
stop_server
echo "$output"
grep -q "customModelUnitsVersion: 1.0" <<<"$output" || { echo "FAIL: the call did not return customModelUnits"; exit 1; }

echo "== example: chat streams a conversation from the Bedrock Runtime stand-in, with a Bedrock API key only"
start_server bedrock_runtime_stub_server.py AKIDEXAMPLEAPP example/secret example-api-key
output=$(env -u AWS_ACCESS_KEY_ID -u AWS_SECRET_ACCESS_KEY -u AWS_SESSION_TOKEN -u AWS_PROFILE \
  AWS_BEARER_TOKEN_BEDROCK=example-api-key AWS_REGION=us-east-1 AWS_CONFIG_FILE=/nonexistent AWS_SHARED_CREDENTIALS_FILE=/nonexistent \
  swift run --skip-build chat --endpoint "http://127.0.0.1:$port" --model-id echo "streamed hello")
stop_server
echo "$output"
grep -q "^streamed hello$" <<<"$output" && grep -q "\[stop: end_turn\]" <<<"$output" \
  || { echo "FAIL: chat did not print the streamed answer"; exit 1; }
echo "== example: the command plugin writes the same files into the source tree"
generated=Sources/BedrockImported/Generated
trap 'rm -rf "$generated"' EXIT
swift package --allow-writing-to-package-directory generate-aws-code --target BedrockImported > "$log" 2>&1 \
  || { echo "FAIL: generate-aws-code failed"; cat "$log"; exit 1; }
[ "$(ls "$generated" | wc -l)" -eq 8 ] || { echo "FAIL: generate-aws-code did not write the 8 files"; ls "$generated"; exit 1; }
grep -q "public struct CustomModelUnits" "$generated"/Generated.Shapes.*.swift || { echo "FAIL: CustomModelUnits missing"; exit 1; }
rm -rf "$generated"
trap - EXIT
echo "== example: OK"
