// swift-tools-version:6.1
import PackageDescription

// libFuzzer harnesses for the runtime's parsers (scripts/fuzz.sh builds and runs them with
// `swift build --sanitize=fuzzer`). The target compiles the parsers' own source files, linked
// here from Sources/AWSRuntime, so a fuzz build instruments only them and needs no dependency.
let package = Package(
    name: "aws-fuzz",
    targets: [
        .executableTarget(name: "aws-fuzz", path: "Sources/aws-fuzz"),
    ],
    swiftLanguageModes: [.v6]
)
