// swift-tools-version:6.1
import PackageDescription

/// Strict concurrency everywhere: the generated code and the runtime are Swift 6 language mode.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swift-aws-codegen",
    platforms: [.macOS(.v13), .iOS(.v16), .tvOS(.v16), .watchOS(.v9)],
    products: [
        .executable(name: "aws-codegen", targets: ["aws-codegen"]),
        .library(name: "AWSModel", targets: ["AWSModel"]),
        .library(name: "AWSCodegen", targets: ["AWSCodegen"]),
        .library(name: "AWSRuntime", targets: ["AWSRuntime"]),
        .library(name: "AWSBedrock", targets: ["AWSBedrock"]),
        .plugin(name: "AWSCodegenPlugin", targets: ["AWSCodegenPlugin"]),
        .plugin(name: "AWSCodegenCommandPlugin", targets: ["AWSCodegenCommandPlugin"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        // Already in the graph through async-http-client; named for the TLS trust settings (AWS_CA_BUNDLE).
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
    ],
    targets: [
        // MARK: Generator (never links NIO or the runtime)
        // The system's zlib: the model loader's gzip (pip-installed botocore's .json.gz), and the
        // runtime's CRC-32 at zlib's speed (twice a table in Swift).
        .systemLibrary(
            name: "CZlib",
            path: "Sources/CZlib",
            providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]
        ),
        // JMESPath's syntax: the model loader checks waiter and paginator expressions with it, the runtime evaluates them.
        .target(name: "AWSJMESPath", swiftSettings: swiftSettings),
        .target(
            name: "AWSModel",
            dependencies: ["AWSJMESPath", "CZlib", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AWSCodegen",
            dependencies: ["AWSModel", "AWSJMESPath", .product(name: "Yams", package: "Yams")],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "aws-codegen",
            dependencies: [
                "AWSModel", "AWSCodegen",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Generates Swift from botocore's protocol test suites for the conformance tests (not a product).
        .executableTarget(
            name: "aws-protocol-tests",
            dependencies: ["AWSModel", "AWSCodegen"],
            swiftSettings: swiftSettings
        ),
        .plugin(
            name: "AWSProtocolTestsPlugin",
            capability: .buildTool(),
            dependencies: ["aws-protocol-tests"]
        ),
        .plugin(
            name: "AWSCodegenPlugin",
            capability: .buildTool(),
            dependencies: ["aws-codegen"]
        ),
        .plugin(
            name: "AWSCodegenCommandPlugin",
            capability: .command(
                intent: .custom(
                    verb: "generate-aws-code",
                    description: "Generate Swift code from the AWS model of each target that uses AWSCodegenPlugin, into the source tree."
                ),
                permissions: [.writeToPackageDirectory(reason: "Writes the generated Swift files into the target's folder.")]
            ),
            dependencies: ["aws-codegen"]
        ),

        // CRC-32C (with the CPU's CRC32 instruction) and CRC-64/NVME for S3's flexible checksums.
        .target(name: "CAWSChecksums", path: "Sources/CAWSChecksums"),
        .target(
            name: "AWSRuntime",
            dependencies: [
                "CZlib", "CAWSChecksums", "AWSJMESPath",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
            ],
            swiftSettings: swiftSettings
        ),
        // Benchmarks the client path and signing (scripts/benchmark-client.sh); not a product.
        .executableTarget(
            name: "aws-benchmarks",
            dependencies: ["AWSBedrock", "IntegrationS3"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "AWSBedrock",
            dependencies: ["AWSRuntime"],
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),

        // MARK: Tests
        // Helpers shared by the test targets.
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSModelTests",
            dependencies: ["AWSModel"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSCodegenTests",
            dependencies: ["AWSCodegen", "AWSModel", "TestSupport"],
            resources: [.copy("Golden")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSRuntimeTests",
            dependencies: ["AWSRuntime", "CAWSChecksums", "TestSupport"],
            resources: [.copy("aws4_testsuite"), .copy("JMESPath")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AWSBedrockTests",
            dependencies: [
                "AWSBedrock", "AWSRuntime", "IntegrationS3", "IntegrationSTS", "IntegrationSQS", "IntegrationBedrockRuntime", "IntegrationPolly",
                "IntegrationDynamoDB", "IntegrationEC2", "IntegrationCloudFormation", "IntegrationLambda", "IntegrationIAM", "IntegrationBedrockSmithy",
                "TestSupport",
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // Subsets of S3 (rest-xml), STS (query) and SQS (query-compatible JSON), generated by the plugin, for the tests against moto.
        .target(
            name: "IntegrationS3",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/S3",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        .target(
            name: "IntegrationSTS",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/STS",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        .target(
            name: "IntegrationSQS",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/SQS",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        // Subsets of DynamoDB (JSON 1.0), EC2 (ec2), CloudFormation and IAM (query) and Lambda (rest-json), for
        // the waiter and paginator tests against moto.
        .target(
            name: "IntegrationDynamoDB",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/DynamoDB",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        .target(
            name: "IntegrationEC2",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/EC2",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        .target(
            name: "IntegrationCloudFormation",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/CloudFormation",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        .target(
            name: "IntegrationLambda",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/Lambda",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        .target(
            name: "IntegrationIAM",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/IAM",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        // Polly's SynthesizeSpeech, for the presigned-URL differential test.
        .target(
            name: "IntegrationPolly",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/Polly",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        // All of Bedrock from its Smithy JSON AST model: the other input form, compiled and run end to end.
        .target(
            name: "IntegrationBedrockSmithy",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/BedrockSmithy",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        // Bedrock Runtime's Converse and streaming calls, for the tests against the Bedrock Runtime stand-in.
        .target(
            name: "IntegrationBedrockRuntime",
            dependencies: ["AWSRuntime"],
            path: "Tests/IntegrationServices/BedrockRuntime",
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
        // botocore's endpoint tests for every service, against the rule sets the generator embeds.
        .testTarget(
            name: "EndpointRuleTests",
            dependencies: ["AWSModel", "AWSRuntime", "TestSupport"],
            swiftSettings: swiftSettings
        ),
        // botocore's protocol suites, each case generated into Swift and run through the generated client.
        .testTarget(
            name: "ProtocolConformanceTests",
            dependencies: ["AWSRuntime"],
            swiftSettings: swiftSettings,
            plugins: ["AWSProtocolTestsPlugin"]
        ),
        // Compiles code generated from a deliberately hostile model: building this target is the test.
        .testTarget(
            name: "HostileModelTests",
            dependencies: ["AWSRuntime"],
            swiftSettings: swiftSettings,
            plugins: ["AWSCodegenPlugin"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
