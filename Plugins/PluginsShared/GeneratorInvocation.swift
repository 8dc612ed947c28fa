import Foundation
import PackagePlugin

/// What both plugins need: find a target's model and config, and build the generator's arguments.
/// (Plugins cannot import libraries, so this file is shared into both plugin folders by a symlink.)
struct GeneratorInvocation {
    static let configNames = ["aws-codegen-config.yaml", "aws-codegen-config.yml", "aws-codegen-config.json"]
    static let companionPrefixes = ["paginators-1.", "waiters-2.", "endpoint-rule-set-1.", "examples-1.", "endpoint-tests-1."]
    /// Must match `GeneratorOptions.outputFileNames` of the generator.
    static let outputFileNames = [
        "Generated.Client.swift", "Generated.Errors.swift", "Generated.Paginators.swift", "Generated.Waiters.swift",
        "Generated.Shapes.0.swift", "Generated.Shapes.1.swift", "Generated.Shapes.2.swift", "Generated.Shapes.3.swift",
    ]

    /// The extensions a model document may have: JSON or YAML, each also gzip-compressed
    /// (pip-installed botocore ships `service-2.json.gz`); the generator decompresses.
    static let modelExtensions = ["json", "yaml", "yml", "json.gz", "yaml.gz", "yml.gz"]

    static func isModelFileName(_ name: String) -> Bool {
        let lowered = name.lowercased()
        return modelExtensions.contains { lowered.hasSuffix(".\($0)") }
    }

    var model: URL
    var config: URL?
    var companions: [URL]

    /// Inputs that, when changed, must regenerate.
    var inputFiles: [URL] { [model] + companions + (config.map { [$0] } ?? []) }

    /// Finds the model of a target: a `.json`/`.yaml` (or `.json.gz`) file in the target (other than
    /// the config and paginators/waiters files), or the `model:` the config names.
    static func find(targetName: String, files: [URL]) throws -> GeneratorInvocation {
        let configs = files.filter { configNames.contains($0.lastPathComponent) }
        if configs.count > 1 {
            throw PluginError("target '\(targetName)' has more than one config file: \(configs.map(\.lastPathComponent).sorted().joined(separator: ", ")); keep one")
        }
        let config = configs.first
        let models = files.filter { url in
            let name = url.lastPathComponent
            let isModelExtension = isModelFileName(name)
            return isModelExtension && !configNames.contains(name) && !companionPrefixes.contains { name.hasPrefix($0) }
        }
        var model: URL
        if let configured = try config.flatMap(configuredModel) {
            if !models.isEmpty {
                throw PluginError("target '\(targetName)' has a model file (\(models[0].lastPathComponent)) and its \(config!.lastPathComponent) names another model ('model:'); keep one")
            }
            model = config!.deletingLastPathComponent().appendingPathComponent(configured).standardizedFileURL
            guard FileManager.default.fileExists(atPath: model.path) else {
                throw PluginError("\(config!.path): 'model: \(configured)' names a file that does not exist (\(model.path))")
            }
        } else if models.count == 1 {
            model = models[0]
        } else if models.isEmpty {
            throw PluginError("target '\(targetName)' uses AWSCodegenPlugin but holds no model: add a botocore service-2.json (or .yaml) to the target's folder, or name one with 'model:' in aws-codegen-config.yaml")
        } else {
            throw PluginError("target '\(targetName)' holds more than one model (\(models.map(\.lastPathComponent).sorted().joined(separator: ", "))); a target generates from exactly one: split them into targets")
        }
        let folder = model.deletingLastPathComponent()
        var companions: [URL] = []
        for base in ["paginators-1", "waiters-2", "endpoint-rule-set-1"] {
            for ext in modelExtensions {
                let candidate = folder.appendingPathComponent("\(base).\(ext)")
                if FileManager.default.fileExists(atPath: candidate.path) { companions.append(candidate); break }
            }
        }
        return GeneratorInvocation(model: model, config: config, companions: companions)
    }

    /// The `model:` value of a config, read without a YAML library (plugins cannot import one):
    /// a top-level `model: path` line, optionally quoted. The generator itself reads the full config.
    static func configuredModel(_ config: URL) throws -> String? {
        guard let data = FileManager.default.contents(atPath: config.path), let text = String(data: data, encoding: .utf8) else {
            throw PluginError("cannot read \(config.path)")
        }
        for line in text.split(whereSeparator: \.isNewline) where line.hasPrefix("model:") {
            var value = line.dropFirst("model:".count).trimmingCharacters(in: .whitespaces)
            if let comment = value.range(of: " #") { value = String(value[..<comment.lowerBound]) }
            if (value.hasPrefix("\"") && value.hasSuffix("\"")) || (value.hasPrefix("'") && value.hasSuffix("'")), value.count >= 2 {
                value = String(value.dropFirst().dropLast())
            }
            return value.isEmpty ? nil : value
        }
        if config.pathExtension == "json", text.contains("\"model\"") {
            throw PluginError("\(config.path): put the model path in aws-codegen-config.yaml; the plugins read 'model' from YAML configs only")
        }
        return nil
    }

    /// The generator's arguments. The header names the model relative to the package, so output
    /// is identical on every machine.
    func arguments(output: URL, packageDirectory: URL) -> [String] {
        var arguments = ["generate", model.path, "--output", output.path, "--quiet", "--report-changes"]
        if let config { arguments += ["--config", config.path] }
        let packagePath = packageDirectory.standardizedFileURL.path
        let modelPath = model.standardizedFileURL.path
        let display = modelPath.hasPrefix(packagePath + "/") ? String(modelPath.dropFirst(packagePath.count + 1)) : model.lastPathComponent
        arguments += ["--model-display-path", display]
        return arguments
    }
}

struct PluginError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
