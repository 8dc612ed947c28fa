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
            """,
        version: CodeGenerator.version,
        subcommands: [Generate.self, Validate.self]
    )
}

/// The model this package embeds, found from this source file's location in the checkout.
enum EmbeddedModel {
    static let relativePath = "api-models/bedrock/2023-04-20/service-2.json"

    static var path: String {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(relativePath).path
    }
}

/// Prints to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate Swift code from one or more models.",
        discussion: """
            Writes a fixed set of files into the output folder (\(GeneratorOptions.outputFileNames.count) per model: \
            Generated.Client.swift, Generated.Errors.swift, Generated.Paginators.swift and \
            Generated.Shapes.0-\(GeneratorOptions.shapeFileCount - 1).swift), rewriting only files whose content \
            changed and removing files an earlier run generated that are no longer produced. With several \
            models, each gets its own subfolder named after the service. Nothing is written unless every \
            model generates without error.

            Examples:
              aws-codegen generate --output ./generated
              aws-codegen generate service-2.json --output Gen \\
                --operations GetImportedModel,ListImportedModels
              aws-codegen generate service-2.json --output Gen \\
                --config aws-codegen-config.yaml --access-modifier package
            """
    )

    @Argument(help: ArgumentHelp("Model files (service-2.json or .yaml). Default: the embedded Bedrock model.", valueName: "model"))
    var models: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write into (created if missing).", valueName: "dir"))
    var output: String

    @Option(help: ArgumentHelp("An aws-codegen-config.yaml; command-line options override it.", valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("Only these operations, comma-separated, and the shapes they reach.", valueName: "A,B"))
    var operations: String?

    @Option(help: ArgumentHelp("Access level of generated declarations: public, package or internal.", valueName: "level"))
    var accessModifier: String?

    @Option(help: ArgumentHelp("How file headers name the model (default: the path as given). Keeps output identical across machines.", valueName: "text"))
    var modelDisplayPath: String?

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() throws {
        var fileConfig = GeneratorConfig()
        if let config {
            do { fileConfig = try GeneratorConfig.load(path: config) } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
        }
        var options = fileConfig.options
        if let operations {
            options.operations = operations.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        if let accessModifier {
            guard let modifier = AccessModifier(rawValue: accessModifier) else {
                printError("error: --access-modifier must be public, package or internal, not '\(accessModifier)'")
                throw ExitCode.validationFailure
            }
            options.accessModifier = modifier
        }
        var modelPaths = models
        var displayPath = modelDisplayPath
        if modelPaths.isEmpty, let configured = fileConfig.model, let config {
            modelPaths = [URL(fileURLWithPath: config).deletingLastPathComponent().appendingPathComponent(configured).path]
        }
        if modelPaths.isEmpty {
            modelPaths = [EmbeddedModel.path]
            displayPath = displayPath ?? EmbeddedModel.relativePath
        }

        // Generate everything in memory first: a failure leaves the output folder untouched.
        var results: [(folder: String, files: [GeneratedFile], model: ServiceModel)] = []
        var failed = false
        for path in modelPaths {
            do {
                let model = try ModelLoader.load(servicePath: path)
                let files = try CodeGenerator.generate(
                    model: model, options: options,
                    modelDisplayPath: modelPaths.count == 1 ? (displayPath ?? path) : path
                )
                let folder = modelPaths.count == 1 ? output : (output as NSString).appendingPathComponent(Naming.typeName(model.metadata.serviceId))
                results.append((folder, files, model))
            } catch {
                printError("\(error is ModelError ? "" : "error: ")\(error)")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
        for result in results {
            do {
                let report = try OutputWriter.write(result.files, to: result.folder)
                if !quiet {
                    print("\(result.model.metadata.serviceId): wrote \(report.written.count), unchanged \(report.unchanged.count), removed \(report.removed.count) file(s) in \(result.folder)")
                    for name in report.written { print("  wrote \(name)") }
                    for name in report.removed { print("  removed \(name)") }
                }
            } catch {
                printError("error: cannot write into \(result.folder): \(error.localizedDescription)")
                throw ExitCode.failure
            }
        }
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that a model loads, resolves and generates, and report every problem.",
        discussion: """
            Exits with 0 and a summary when the model is valid, or 1 with one line per problem \
            (file, JSON path, message).

            Example:
              aws-codegen validate api-models/bedrock/2023-04-20/service-2.json
            """
    )

    @Argument(help: ArgumentHelp("The model file (service-2.json or .yaml). Default: the embedded Bedrock model.", valueName: "model"))
    var model: String?

    func run() throws {
        let path = model ?? EmbeddedModel.path
        do {
            let loaded = try ModelLoader.load(servicePath: path)
            _ = try CodeGenerator.generate(model: loaded)
            let shapes = loaded.shapes.count
            print("\(path): valid \(loaded.metadata.protocolName) model of \(loaded.metadata.serviceFullName) \(loaded.metadata.apiVersion): \(loaded.operations.count) operations, \(shapes) shapes, \(loaded.paginators.count) paginators")
        } catch {
            printError("\(error is ModelError ? "" : "error: ")\(error)")
            throw ExitCode.failure
        }
    }
}
