#!/usr/bin/env bash
# Regenerates the golden files that AWSCodegenTests compares generated code against.
# Run it after an intended change to the generator, then review `git diff Tests/AWSCodegenTests/Golden`.
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product aws-codegen
golden=Tests/AWSCodegenTests/Golden/GetImportedModel
rm -rf "$golden"
.build/debug/aws-codegen generate api-models/bedrock/2023-04-20/service-2.json \
  --operations GetImportedModel \
  --model-display-path api-models/bedrock/2023-04-20/service-2.json \
  --output "$golden"
