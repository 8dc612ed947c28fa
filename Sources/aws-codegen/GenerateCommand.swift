import ArgumentParser
import AWSCodegen
import AWSModel
import Foundation

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate Swift code from one or more models.",
        discussion: """
            Writes a fixed set of files into the output folder (\(GeneratorOptions.outputFileNames.count) per model: \
            Generated.Client.swift, Generated.Errors.swift, Generated.Paginators.swift, Generated.Waiters.swift and \
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
        // Largest models first, so the two cores do not end on one big model (EC2) alone.
        let sizes = paths.map { ((try? FileManager.default.attributesOfItem(atPath: $0))?[.size] as? Int) ?? 0 }
        let order = paths.indices.sorted { sizes[$0] != sizes[$1] ? sizes[$0] > sizes[$1] : $0 < $1 }
        DispatchQueue.concurrentPerform(iterations: paths.count) { position in
            let index = order[position]
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
        // Write the services' folders in parallel; report in the models' order.
        let reports = Locked([Result<OutputWriter.Report, any Error>?](repeating: nil, count: results.count))
        let reportChanges = reportChanges
        DispatchQueue.concurrentPerform(iterations: results.count) { index in
            let result = results[index]
            let outcome = Result { () throws -> OutputWriter.Report in
                if reportChanges { try Self.reportModelChanges(model: result.model, folder: result.folder) }
                return try OutputWriter.write(result.files, to: result.folder)
            }
            reports.withLock { $0[index] = outcome }
        }
        for (result, outcome) in zip(results, reports.withLock { $0 }) {
            switch outcome {
            case .success(let report)?:
                if !quiet {
                    print("\(result.model.metadata.serviceId): wrote \(report.written.count), unchanged \(report.unchanged.count), removed \(report.removed.count) file(s) in \(result.folder)")
                    for name in report.written { print("  wrote \(name)") }
                    for name in report.removed { print("  removed \(name)") }
                }
            case .failure(let error)?:
                printError("error: cannot write into \(result.folder): \(error.localizedDescription)")
                throw ExitCode.failure
            case nil:
                break
            }
        }
    }
}

extension Generate {
    /// Compares the model with the copy kept from the previous run, prints a note per changed
    /// operation, and keeps the new model for next time. Costs nothing when the model is unchanged.
    static func reportModelChanges(model: ServiceModel, folder: String) throws {
        let snapshot = (folder as NSString).appendingPathComponent(".aws-codegen-previous-model" + (ModelFileFormat(path: model.sourcePath) == .yaml ? ".yaml" : ".json"))
        let current = try ModelLoader.readModelFile(model.sourcePath)
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
