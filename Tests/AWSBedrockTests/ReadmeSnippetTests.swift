import Foundation
import Testing

/// The README's Swift snippets are compiled: `ReadmeSnippets.swift` holds each of them as the body of
/// a function in this test target (which imports `AWSBedrock`, `AWSRuntime`, and `IntegrationBedrockRuntime` and `IntegrationS3` for the streaming snippets), and this test fails
/// when the README's snippets and that file differ. After changing a snippet, regenerate the file:
/// `UPDATE_README_SNIPPETS=1 swift test --filter ReadmeSnippetTests`. A snippet whose first line names
/// `Package.swift` is a manifest fragment, not compiled here.
@Suite("README snippets")
struct ReadmeSnippetTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let snippetsFile = packageRoot.appendingPathComponent("Tests/AWSBedrockTests/ReadmeSnippets.swift")

    /// The README's Swift code blocks, with the line each starts on.
    static func snippets(_ readme: String) -> [(line: Int, code: [Substring])] {
        var result: [(line: Int, code: [Substring])] = []
        var current: (line: Int, code: [Substring])?
        for (number, line) in readme.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if current == nil, line.trimmingCharacters(in: .whitespaces) == "```swift" {
                current = (number + 2, [])
            } else if current != nil, line.trimmingCharacters(in: .whitespaces) == "```" {
                result.append(current!)
                current = nil
            } else if current != nil {
                current!.code.append(line)
            }
        }
        return result.filter { !($0.code.first?.contains("Package.swift") ?? false) }
    }

    static func render(_ readme: String) -> String {
        var text = """
        // Generated from README.md by ReadmeSnippetTests: each Swift snippet of the README, compiled as part of
        // this test target. Do not edit; after changing the README run
        // UPDATE_README_SNIPPETS=1 swift test --filter ReadmeSnippetTests
        // swiftlint:disable all

        import AWSBedrock
        import AWSRuntime
        import Foundation
        import IntegrationBedrockRuntime  // stands in for the BedrockRuntime module a user generates with the plugin
        import IntegrationS3  // stands in for the S3 module a user generates with the plugin

        /// Never called: compiling them is the test.
        enum ReadmeSnippets {

        """
        for (index, snippet) in snippets(readme).enumerated() {
            // (Numbered, not placed by line: edits elsewhere in the README leave this file as it is.)
            text += "    /// README.md, Swift snippet \(index + 1).\n"
            text += "    static func snippet\(index + 1)() async throws {\n"
            // Imports are the file's (above); a snippet that needs another module fails to compile here.
            for line in snippet.code where !line.hasPrefix("import ") { text += line.isEmpty ? "\n" : "        \(line)\n" }
            text += "    }\n\n"
        }
        text += "}\n"
        return text
    }

    @Test("every Swift snippet of the README is in ReadmeSnippets.swift, which this target compiles")
    func snippetsAreCompiled() throws {
        let readme = try String(contentsOf: Self.packageRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let expected = Self.render(readme)
        #expect(Self.snippets(readme).count >= 2)
        if ProcessInfo.processInfo.environment["UPDATE_README_SNIPPETS"] == "1" {
            try expected.write(to: Self.snippetsFile, atomically: true, encoding: .utf8)
        }
        let current = try String(contentsOf: Self.snippetsFile, encoding: .utf8)
        #expect(current == expected, "README.md's snippets changed: run UPDATE_README_SNIPPETS=1 swift test --filter ReadmeSnippetTests")
    }
}
