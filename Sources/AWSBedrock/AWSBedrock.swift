// Amazon Bedrock for Swift: the types, `BedrockClient` and paginators are generated at build time
// by AWSCodegenPlugin from api-models/bedrock/2023-04-20 (see aws-codegen-config.yaml beside this file).

@_exported import AWSRuntime
