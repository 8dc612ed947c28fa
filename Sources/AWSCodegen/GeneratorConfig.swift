import Foundation
import Yams

/// The contents of an `aws-codegen-config.yaml` (or `.json`): which model to use and what to
/// generate from it. Unknown keys are errors, so a typo never silently changes the output.
///
/// ```yaml
/// model: ../../api-models/bedrock/2023-04-20/service-2.json   # optional, relative to this file
/// operations: [GetImportedModel]                                # optional: all when absent
/// accessModifier: public                                        # public | package | internal
/// generate: [types, client, paginators, waiters]                # optional: all when absent
/// typeNamePrefix: BR                                            # optional: prefix of every type name
/// ```
public struct GeneratorConfig: Sendable, Hashable {
    public static let fileNames = ["aws-codegen-config.yaml", "aws-codegen-config.yml", "aws-codegen-config.json"]
    public static let knownKeys = ["model", "operations", "accessModifier", "generate", "typeNamePrefix"]
    public static let generateValues = ["types", "client", "paginators", "waiters"]

    /// The model file, relative to the config file's folder.
    public var model: String?
    public var operations: [String]?
    public var accessModifier: AccessModifier?
    public var generate: [String]?
    /// Put before every generated type name (and the client's), so that two services can share a module.
    public var typeNamePrefix: String?

    public init(
        model: String? = nil, operations: [String]? = nil, accessModifier: AccessModifier? = nil, generate: [String]? = nil,
        typeNamePrefix: String? = nil
    ) {
        self.model = model
        self.operations = operations
        self.accessModifier = accessModifier
        self.generate = generate
        self.typeNamePrefix = typeNamePrefix
    }

    /// The generator options the config asks for.
    public var options: GeneratorOptions {
        let parts = Set(generate ?? Self.generateValues)
        return GeneratorOptions(
            operations: operations,
            accessModifier: accessModifier ?? .public,
            generateClient: parts.contains("client"),
            generatePaginators: parts.contains("client") && parts.contains("paginators"),
            generateWaiters: parts.contains("client") && parts.contains("waiters"),
            typeNamePrefix: typeNamePrefix ?? ""
        )
    }

    public static func load(path: String) throws -> GeneratorConfig {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConfigError(file: path, message: "cannot read the config file")
        }
        return try parse(text, file: path)
    }

    public static func parse(_ text: String, file: String) throws -> GeneratorConfig {
        let node: Any?
        do { node = try Yams.load(yaml: text) } catch {
            throw ConfigError(file: file, message: "not valid YAML: \(error)")
        }
        guard let node else { return GeneratorConfig() }
        guard let dictionary = node as? [String: Any] else {
            throw ConfigError(file: file, message: "the config must be a mapping of keys (\(knownKeys.joined(separator: ", ")))")
        }
        for key in dictionary.keys.sorted() where !knownKeys.contains(key) {
            throw ConfigError(file: file, message: "unknown key '\(key)' (known keys: \(knownKeys.joined(separator: ", ")))")
        }
        var config = GeneratorConfig()
        if let value = dictionary["model"] {
            guard let model = value as? String, !model.isEmpty else { throw ConfigError(file: file, message: "'model' must be a path") }
            config.model = model
        }
        if let value = dictionary["operations"] {
            guard let operations = value as? [String] else {
                throw ConfigError(file: file, message: "'operations' must be a list of operation names, such as [GetImportedModel]")
            }
            config.operations = operations
        }
        if let value = dictionary["accessModifier"] {
            guard let text = value as? String, let modifier = AccessModifier(rawValue: text) else {
                throw ConfigError(file: file, message: "'accessModifier' must be one of \(AccessModifier.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.accessModifier = modifier
        }
        if let value = dictionary["generate"] {
            guard let parts = value as? [String], parts.allSatisfy(generateValues.contains), parts.contains("types") else {
                throw ConfigError(file: file, message: "'generate' must be a list of \(generateValues.joined(separator: ", ")) that includes types")
            }
            config.generate = parts
        }
        if let value = dictionary["typeNamePrefix"] {
            guard let prefix = value as? String, GeneratorOptions.isValidTypeNamePrefix(prefix) else {
                throw ConfigError(file: file, message: "'typeNamePrefix' must be letters, digits and underscores, starting with a letter, such as BR")
            }
            config.typeNamePrefix = prefix
        }
        return config
    }
}

/// A config file that cannot be used.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): \(message)" }
}
