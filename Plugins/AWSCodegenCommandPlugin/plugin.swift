import Foundation
import PackagePlugin

/// `swift package generate-aws-code [--target NAME ...] [--output-folder NAME]`: writes the code
/// the build plugin would generate into each target's source folder (default `Generated/`),
/// for packages that commit generated code instead of generating it at build time.
@main
struct AWSCodegenCommandPlugin: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        var extractor = ArgumentExtractor(arguments)
        let targetNames = extractor.extractOption(named: "target")
        let outputFolder = extractor.extractOption(named: "output-folder").last ?? "Generated"
        if !extractor.remainingArguments.isEmpty {
            throw PluginError("unknown arguments: \(extractor.remainingArguments.joined(separator: " ")); usage: swift package generate-aws-code [--target NAME ...] [--output-folder NAME]")
        }
        let targets = try targetNames.isEmpty
            ? context.package.targets
            : context.package.targets(named: targetNames)
        let tool = try context.tool(named: "aws-codegen")
        var generated = 0
        for case let target as SourceModuleTarget in targets {
            let files = target.sourceFiles.map(\.url)
            let hasModelOrConfig = files.contains { GeneratorInvocation.configNames.contains($0.lastPathComponent) || $0.lastPathComponent.hasPrefix("service-2.") }
            if targetNames.isEmpty && !hasModelOrConfig { continue }
            let invocation = try GeneratorInvocation.find(targetName: target.name, files: files)
            let output = target.directoryURL.appendingPathComponent(outputFolder)
            let process = Process()
            process.executableURL = tool.url
            process.arguments = invocation.arguments(output: output, packageDirectory: context.package.directoryURL)
                .filter { $0 != "--quiet" && $0 != "--report-changes" }
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else {
                throw PluginError("aws-codegen failed for target '\(target.name)' (exit \(process.terminationStatus))")
            }
            generated += 1
        }
        if generated == 0 {
            Diagnostics.warning("no target holds an AWS model or an aws-codegen-config.yaml; pass --target NAME")
        }
    }
}
