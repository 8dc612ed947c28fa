// swift-tools-version:6.1
import PackageDescription

// libFuzzer harnesses for the runtime's parsers (scripts/fuzz.sh builds and runs them with
// `swift build --sanitize=fuzzer`). The target compiles the parsers' own source files, linked
// here from Sources/AWSRuntime, so a fuzz build instruments only them and needs no dependency but the system's zlib (CRC-32).
let package = Package(
    name: "aws-fuzz",
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // JMESPath's syntax, linked whole from Sources/AWSJMESPath (the evaluator's files are in aws-fuzz).
        .target(name: "AWSJMESPath", path: "Sources/AWSJMESPath"),
        .executableTarget(name: "aws-fuzz", dependencies: ["CZlib", "AWSJMESPath"], path: "Sources/aws-fuzz"),
    ],
    swiftLanguageModes: [.v6]
)
