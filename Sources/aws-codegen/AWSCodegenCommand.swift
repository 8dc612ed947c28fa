import ArgumentParser
import AWSCodegen
import AWSModel
import Foundation

@main
struct AWSCodegenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aws-codegen",
        abstract: "Generate Swift types and async clients from AWS service models (botocore service-2 format).",
        discussion: """
            Reads botocore-format models (JSON or YAML) and writes Swift code that uses the \
            AWSRuntime library. Without a model, the embedded Amazon Bedrock 2023-04-20 model is used.

            Examples:
              aws-codegen generate --output ./generated
              aws-codegen generate service-2.json --operations GetImportedModel --output Gen
              aws-codegen validate my-service.yaml
              aws-codegen diff old/service-2.json new/service-2.json --fail-on breaking
            """,
        version: CodeGenerator.version,
        subcommands: [Generate.self, Validate.self, Diff.self]
    )
}
