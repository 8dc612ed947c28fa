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
# Waiters and paginators (GoldenTests.goldenWaitersAndPaginators): only those two files are compared.
for spec in "IAMWaitersAndPaginators iam/2010-05-08 GetRole,GetUser,ListRoles" "S3WaitersAndPaginators s3/2006-03-01 HeadObject,ListObjects,ListObjectVersions"; do
  set -- $spec
  out=$(mktemp -d)
  .build/debug/aws-codegen generate "api-models/$2/service-2.json" --operations "$3" \
    --model-display-path "api-models/$2/service-2.json" --output "$out" --quiet
  mkdir -p "Tests/AWSCodegenTests/Golden/$1"
  cp "$out/Generated.Waiters.swift" "$out/Generated.Paginators.swift" "Tests/AWSCodegenTests/Golden/$1/"
  rm -rf "$out"
done
# One small model per protocol (GoldenTests.goldenPerProtocol): all eight files.
for model in Tests/AWSCodegenTests/Golden/Protocols/models/weather-*.json; do
  protocol=$(basename "$model" .json); protocol=${protocol#weather-}
  rm -rf "Tests/AWSCodegenTests/Golden/Protocols/$protocol"
  .build/debug/aws-codegen generate "$model" --model-display-path "$model" \
    --output "Tests/AWSCodegenTests/Golden/Protocols/$protocol" --quiet
done
# GetImportedModel from Bedrock's Smithy model (GoldenTests.goldenFromSmithy).
rm -rf Tests/AWSCodegenTests/Golden/SmithyGetImportedModel
.build/debug/aws-codegen generate api-models/smithy/bedrock-2023-04-20.json.gz --operations GetImportedModel \
  --model-display-path api-models/smithy/bedrock-2023-04-20.json.gz --output Tests/AWSCodegenTests/Golden/SmithyGetImportedModel --quiet
