import Foundation
import PackagePlugin

/// Generates Swift code for a target from the AWS model it holds (or that its
/// `aws-codegen-config.yaml` names), at build time, into the plugin work directory.
/// Generation runs again exactly when the model, its paginators, the config or the generator change.
@main
struct AWSCodegenPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else {
            throw PluginError("AWSCodegenPlugin applies to source targets; '\(target.name)' is not one")
        }
        let invocation = try GeneratorInvocation.find(targetName: target.name, files: target.sourceFiles.map(\.url))
        let output = context.pluginWorkDirectoryURL.appendingPathComponent("GeneratedSources")
        let tool = try context.tool(named: "aws-codegen")
        return [
            .buildCommand(
                displayName: "Generating AWS code for \(target.name) from \(invocation.model.lastPathComponent)",
                executable: tool.url,
                arguments: invocation.arguments(output: output, packageDirectory: context.package.directoryURL),
                inputFiles: [tool.url] + invocation.inputFiles,
                outputFiles: GeneratorInvocation.outputFileNames.map { output.appendingPathComponent($0) }
            )
        ]
    }
}
