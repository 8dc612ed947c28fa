import Foundation
import PackagePlugin

/// Generates the conformance tests' Swift from botocore's protocol suites in
/// `Tests/ProtocolSuites/botocore-1.43.11` (every `input`/`output` file, legacy ones too):
/// each suite's types and client, and one function per case. Used only by ProtocolConformanceTests.
@main
struct AWSProtocolTestsPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: any Target) throws -> [Command] {
        let root = context.package.directoryURL.appendingPathComponent("Tests/ProtocolSuites/botocore-1.43.11")
        var relativePaths: [String] = []
        for folder in ["input", "output", "legacy/input", "legacy/output"] {
            let names = try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(folder).path)
            relativePaths += names.filter { $0.hasSuffix(".json") }.sorted().map { "\(folder)/\($0)" }
        }
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("GeneratedSources")
        var outputs = [output.appendingPathComponent("ProtocolSuites.swift")]
        for path in relativePaths {
            let name = Self.identifier(for: path)
            outputs += [output.appendingPathComponent("\(name).Types.swift"), output.appendingPathComponent("\(name).Cases.swift")]
        }
        let tool = try context.tool(named: "aws-protocol-tests")
        return [.buildCommand(
            displayName: "Generating conformance tests from \(relativePaths.count) botocore protocol suite files",
            executable: tool.url,
            arguments: [output.path, root.path] + relativePaths,
            inputFiles: relativePaths.map { root.appendingPathComponent($0) },
            outputFiles: outputs
        )]
    }

    /// Must match the tool's naming: `input/json_1_0-query-compatible.json` → `inputJson10QueryCompatible`.
    static func identifier(for relativePath: String) -> String {
        let words = relativePath.replacingOccurrences(of: ".json", with: "")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        return words.enumerated().map { index, word in index == 0 ? word.lowercased() : word.prefix(1).uppercased() + word.dropFirst() }.joined()
    }
}
