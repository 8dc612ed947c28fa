// swift-tools-version:6.1
import PackageDescription

// Uses swift-aws-codegen exactly as a user would: the build plugin generates the Bedrock types
// and client for the `BedrockImported` target from the model and config in its folder.
let package = Package(
    name: "BedrockTypes",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "swift-aws-codegen", path: "../.."),
    ],
    targets: [
        .target(
            name: "BedrockImported",
            dependencies: [.product(name: "AWSRuntime", package: "swift-aws-codegen")],
            plugins: [.plugin(name: "AWSCodegenPlugin", package: "swift-aws-codegen")]
        ),
        .executableTarget(
            name: "BedrockTypes",
            dependencies: ["BedrockImported"]
        ),
        // Bedrock Runtime's ConverseStream, and a command that streams a conversation with it.
        .target(
            name: "BedrockRuntimeChat",
            dependencies: [.product(name: "AWSRuntime", package: "swift-aws-codegen")],
            plugins: [.plugin(name: "AWSCodegenPlugin", package: "swift-aws-codegen")]
        ),
        .executableTarget(
            name: "chat",
            dependencies: ["BedrockRuntimeChat"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
