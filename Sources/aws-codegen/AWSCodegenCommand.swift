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

/// The model this package embeds, found from this source file's location in the checkout.
enum EmbeddedModel {
    static let relativePath = "api-models/bedrock/2023-04-20/service-2.json"

    static var path: String {
        let packageRoot = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return packageRoot.appendingPathComponent(relativePath).path
    }
}

/// Finds model files: a file is itself; a folder holding `service-2.json` (or `.yaml`) is that
/// model; any other folder is read as botocore's `data/`: one subfolder per service, each with
/// API-version subfolders, of which the newest (by name) is used.
enum ModelDiscovery {
    static func serviceFile(in folder: String) -> String? {
        for name in ["service-2.json", "service-2.yaml", "service-2.yml"] {
            let path = (folder as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: path) { return path }
        }
        return nil
    }

    /// Model files with, for those found in a botocore `data/` folder, the service folder's name
    /// (two botocore services can share a service id, never a folder).
    static func models(at path: String) throws -> [(path: String, folder: String?)] {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ConfigError(file: path, message: "no such file or folder")
        }
        guard isDirectory.boolValue else { return [(path, nil)] }
        if let file = serviceFile(in: path) { return [(file, nil)] }
        var found: [(path: String, folder: String?)] = []
        let services = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        for service in services {
            let serviceFolder = (path as NSString).appendingPathComponent(service)
            if let file = serviceFile(in: serviceFolder) { found.append((file, service)); continue }
            let versions = ((try? FileManager.default.contentsOfDirectory(atPath: serviceFolder)) ?? []).sorted(by: >)
            if let newest = versions.lazy.compactMap({ serviceFile(in: (serviceFolder as NSString).appendingPathComponent($0)) }).first {
                found.append((newest, service))
            }
        }
        if found.isEmpty {
            throw ConfigError(file: path, message: "holds no service-2.json (or .yaml), directly or in service/version subfolders (uncompress botocore's .json.gz files first)")
        }
        return found
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

    @Argument(help: ArgumentHelp("Model files (service-2.json or .yaml), or folders of them (botocore's data/ layout: the newest version of each service). Default: the embedded Bedrock model.", valueName: "model"))
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

    @Flag(name: .shortAndLong, help: "Print nothing but errors (and change notes).")
    var quiet = false

    @Flag(help: "Keep a copy of the model in the output folder, and on the next run print a note per operation whose API changed since (the build plugin uses this).")
    var reportChanges = false

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

        // A folder stands for the models in it (a botocore `data/` folder: the newest version of each service).
        var expanded: [(path: String, folder: String?)] = []
        for path in modelPaths {
            do { expanded += try ModelDiscovery.models(at: path) } catch {
                printError("error: \(error)")
                throw ExitCode.failure
            }
        }
        modelPaths = expanded.map(\.path)
        let folderNames = expanded.map(\.folder)

        // Generate everything in memory first, in parallel: a failure leaves the output folder untouched.
        let single = modelPaths.count == 1
        let outputs = Locked([(folder: String, files: [GeneratedFile], model: ServiceModel)?](repeating: nil, count: modelPaths.count))
        let failures = Locked([String?](repeating: nil, count: modelPaths.count))
        let paths = modelPaths
        let generateOptions = options
        let display = displayPath
        let outputFolder = output
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            do {
                let model = try ModelLoader.load(servicePath: path)
                let files = try CodeGenerator.generate(model: model, options: generateOptions, modelDisplayPath: single ? (display ?? path) : path)
                let folder = single ? outputFolder : (outputFolder as NSString).appendingPathComponent(folderNames[index] ?? Naming.typeName(model.metadata.serviceId))
                outputs.withLock { $0[index] = (folder, files, model) }
            } catch {
                failures.withLock { $0[index] = "\(error is ModelError ? "" : "error: ")\(error)" }
            }
        }
        let messages = failures.withLock { $0 }.compactMap { $0 }
        for message in messages { printError(message) }
        if !messages.isEmpty { throw ExitCode.failure }
        let results = outputs.withLock { $0 }.compactMap { $0 }
        let folders = Dictionary(grouping: results, by: \.folder).filter { $0.value.count > 1 }
        if let clash = folders.first {
            printError("error: \(clash.value.map(\.model.sourcePath).joined(separator: " and ")) are the same service; generate them separately")
            throw ExitCode.failure
        }
        for result in results {
            do {
                if reportChanges { try reportModelChanges(model: result.model, folder: result.folder) }
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

extension Generate {
    /// Compares the model with the copy kept from the previous run, prints a note per changed
    /// operation, and keeps the new model for next time. Costs nothing when the model is unchanged.
    func reportModelChanges(model: ServiceModel, folder: String) throws {
        let snapshot = (folder as NSString).appendingPathComponent(".aws-codegen-previous-model" + (ModelFileFormat(path: model.sourcePath) == .yaml ? ".yaml" : ".json"))
        let current = try Data(contentsOf: URL(fileURLWithPath: model.sourcePath))
        if let previous = FileManager.default.contents(atPath: snapshot), previous != current,
           let oldModel = try? ModelLoader.load(serviceData: previous, servicePath: snapshot) {
            let report = ModelDiff.compare(old: oldModel, new: model)
            for remark in report.remarks {
                print("note: \(model.metadata.serviceId) API changed: \(remark)")
            }
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        if FileManager.default.contents(atPath: snapshot) != current {
            try current.write(to: URL(fileURLWithPath: snapshot), options: .atomic)
        }
    }
}

struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Report the API changes between two versions of a service model.",
        discussion: """
            Lists added, removed and updated operations; for updated ones, the request and response \
            members added, removed or changed (with the changelog's nested syntax of what was added), \
            errors, HTTP bindings, enum values, required-ness, and documentation-only changes. Each \
            change is classified for the generated Swift API: additive, breaking or documentation.

            Exit status: 0, or 2 when --fail-on finds a change of that severity or worse (1 on errors).

            Examples:
              aws-codegen diff old/service-2.json new/service-2.json
              aws-codegen diff old.json new.yaml --format markdown > CHANGES.md
              aws-codegen diff old.json new.json --format json --fail-on breaking
            """
    )

    @Argument(help: ArgumentHelp("The older model (JSON or YAML).", valueName: "old"))
    var oldModel: String

    @Argument(help: ArgumentHelp("The newer model (JSON or YAML).", valueName: "new"))
    var newModel: String

    @Option(help: ArgumentHelp("text, markdown or json.", valueName: "format"))
    var format: String = "text"

    @Option(help: ArgumentHelp("Exit with status 2 when a change is this severe or worse: breaking, additive or documentation.", valueName: "level"))
    var failOn: String?

    func run() throws {
        guard let reportFormat = ReportFormat(rawValue: format) else {
            printError("error: --format must be text, markdown or json, not '\(format)'")
            throw ExitCode.validationFailure
        }
        var threshold: Classification?
        if let failOn {
            guard let level = Classification(rawValue: failOn) else {
                printError("error: --fail-on must be breaking, additive or documentation, not '\(failOn)'")
                throw ExitCode.validationFailure
            }
            threshold = level
        }
        let report: APIChangeReport
        do {
            let old = try ModelLoader.load(servicePath: oldModel, discoverCompanions: false)
            let new = try ModelLoader.load(servicePath: newModel, discoverCompanions: false)
            if old.metadata.serviceId != new.metadata.serviceId {
                printError("warning: comparing different services: \(old.metadata.serviceId) and \(new.metadata.serviceId)")
            }
            report = ModelDiff.compare(old: old, new: new)
        } catch {
            printError("\(error is ModelError ? "" : "error: ")\(error)")
            throw ExitCode.failure
        }
        print(report.rendered(as: reportFormat), terminator: "")
        if let threshold, let worst = report.classification, worst >= threshold {
            printError("error: \(worst.rawValue) changes found (--fail-on \(threshold.rawValue))")
            throw ExitCode(2)
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
