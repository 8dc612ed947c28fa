import Foundation
import Yams

/// The serialization of a model document.
public enum ModelFileFormat: String, Sendable {
    case json
    case yaml

    /// `.yaml` and `.yml` are YAML; anything else is read as JSON. A `.gz` suffix is looked through
    /// (`service-2.yaml.gz` is YAML).
    public init(path: String) {
        var lowered = path.lowercased()
        if lowered.hasSuffix(".gz") { lowered.removeLast(3) }
        self = (lowered.hasSuffix(".yaml") || lowered.hasSuffix(".yml")) ? .yaml : .json
    }
}

/// Reads botocore model documents (JSON or YAML) and resolves them into a `ServiceModel`.
public enum ModelLoader {
    /// Refuse documents beyond this size: no botocore model comes near it (EC2 is ~3 MB),
    /// and it keeps a hostile input from exhausting memory before any check runs.
    public static let maximumDocumentSize = 64 * 1024 * 1024

    /// Loads a service model, and its `paginators-1`/`waiters-2`/`endpoint-rule-set-1` companions
    /// when found beside it (or given explicitly).
    public static func load(
        servicePath: String,
        paginatorsPath: String? = nil,
        waitersPath: String? = nil,
        endpointRuleSetPath: String? = nil,
        discoverCompanions: Bool = true
    ) throws -> ServiceModel {
        let data = try readModelFile(servicePath)
        if ModelFileFormat(path: servicePath) == .json, SmithyFormat.isSmithyAST(data) {
            // A Smithy model carries its paginators, waiters and rule set as traits.
            return try loadSmithy(data: data, path: servicePath)
        }
        var paginators = paginatorsPath
        var waiters = waitersPath
        var ruleSet = endpointRuleSetPath
        if discoverCompanions {
            let companions = companionFiles(forServiceAt: servicePath)
            paginators = paginators ?? companions.paginators
            waiters = waiters ?? companions.waiters
            ruleSet = ruleSet ?? companions.endpointRuleSet
        }
        let paginatorData = try paginators.map { (path: $0, data: try readModelFile($0)) }
        let waiterData = try waiters.map { (path: $0, data: try readModelFile($0)) }
        let ruleSetData = try ruleSet.map { (path: $0, data: try readModelFile($0)) }
        return try loadBotocore(
            serviceData: data, servicePath: servicePath,
            paginators: paginatorData, waiters: waiterData, endpointRuleSet: ruleSetData
        )
    }

    /// Loads a model from bytes already in memory. `servicePath` only names the file in errors.
    public static func load(
        serviceData: Data,
        servicePath: String,
        paginators: (path: String, data: Data)? = nil,
        waiters: (path: String, data: Data)? = nil,
        endpointRuleSet: (path: String, data: Data)? = nil
    ) throws -> ServiceModel {
        if ModelFileFormat(path: servicePath) == .json, SmithyFormat.isSmithyAST(serviceData) {
            return try loadSmithy(data: serviceData, path: servicePath)
        }
        return try loadBotocore(serviceData: serviceData, servicePath: servicePath, paginators: paginators, waiters: waiters, endpointRuleSet: endpointRuleSet)
    }

    private static func loadBotocore(
        serviceData: Data,
        servicePath: String,
        paginators: (path: String, data: Data)?,
        waiters: (path: String, data: Data)?,
        endpointRuleSet: (path: String, data: Data)?
    ) throws -> ServiceModel {
        let document = try decode(RawServiceDocument.self, from: serviceData, path: servicePath)
        var paginatorDocument: RawPaginatorsDocument?
        if let paginators {
            paginatorDocument = try decode(RawPaginatorsDocument.self, from: paginators.data, path: paginators.path)
        }
        var waiterDocument: RawWaitersDocument?
        if let waiters {
            waiterDocument = try decode(RawWaitersDocument.self, from: waiters.data, path: waiters.path)
        }
        var resolver = ModelResolver(file: servicePath, document: document)
        var model = try resolver.resolve()
        if let paginatorDocument, let paginators {
            model.paginators = try ModelResolver.resolvePaginators(
                paginatorDocument, file: paginators.path, model: model
            )
        }
        if let waiterDocument, let waiters {
            model.waiters = try ModelResolver.resolveWaiters(waiterDocument, file: waiters.path, model: model)
            model.waiterNames = model.waiters.keys.sorted()
        }
        if let endpointRuleSet {
            model.endpointRuleSet = try EndpointRuleSetDocument(data: endpointRuleSet.data, path: endpointRuleSet.path)
        }
        return model
    }

    /// Loads a Smithy JSON AST model: converted to botocore's documents, then resolved and checked
    /// as a botocore model is, so both forms give the same `ServiceModel`.
    static func loadSmithy(data: Data, path: String) throws -> ServiceModel {
        let document = try decode(SmithyDocument.self, from: data, path: path)
        var converter = SmithyConverter(model: try SmithyModel(document: document, file: path))
        let converted = try converter.convert()
        var resolver = ModelResolver(file: path, document: converted.service)
        var model = try resolver.resolve()
        if let paginators = converted.paginators {
            model.paginators = try ModelResolver.resolvePaginators(paginators, file: path, model: model)
        }
        if let waiters = converted.waiters {
            model.waiters = try ModelResolver.resolveWaiters(waiters, file: path, model: model)
            model.waiterNames = model.waiters.keys.sorted()
        }
        if let ruleSet = converted.endpointRuleSet {
            model.endpointRuleSet = try EndpointRuleSetDocument(data: ruleSet, path: path + " (smithy.rules#endpointRuleSet)")
        }
        return model
    }

    /// `paginators-1.json`, `waiters-2.json` (or `.yaml`) and `endpoint-rule-set-1.json` in the
    /// same folder as the service file, each also found gzip-compressed (`.json.gz`), as
    /// pip-installed botocore ships them.
    public static func companionFiles(forServiceAt servicePath: String) -> (paginators: String?, waiters: String?, endpointRuleSet: String?) {
        let folder = (servicePath as NSString).deletingLastPathComponent
        func find(_ base: String, extensions: [String] = ["json", "yaml", "yml", "json.gz", "yaml.gz", "yml.gz"]) -> String? {
            for ext in extensions {
                let candidate = folder.isEmpty ? "\(base).\(ext)" : "\(folder)/\(base).\(ext)"
                if FileManager.default.fileExists(atPath: candidate) { return candidate }
            }
            return nil
        }
        return (find("paginators-1"), find("waiters-2"), find("endpoint-rule-set-1", extensions: ["json", "json.gz"]))
    }

    /// The bytes of a model document, decompressed when the file is gzip (a `.gz` name, or gzip's
    /// magic bytes, which no JSON or YAML document starts with). Errors name the file.
    public static func readModelFile(_ path: String) throws -> Data {
        let data = try readFile(path)
        if path.lowercased().hasSuffix(".gz") || Gzip.isCompressed(data) {
            return try Gzip.decompress(data, limit: maximumDocumentSize, file: path)
        }
        return data
    }

    static func readFile(_ path: String) throws -> Data {
        let url = URL(fileURLWithPath: path)
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        guard let attributes else {
            throw ModelError(file: path, path: "$", message: "cannot read the file: it does not exist or is not readable")
        }
        if let size = attributes[.size] as? Int, size > maximumDocumentSize {
            throw ModelError(file: path, path: "$", message: "the file is \(size) bytes, more than the \(maximumDocumentSize) bytes a model may have")
        }
        do {
            return try Data(contentsOf: url)
        } catch {
            throw ModelError(file: path, path: "$", message: "cannot read the file: \(error.localizedDescription)")
        }
    }

    static func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        if data.count > maximumDocumentSize {
            throw ModelError(file: path, path: "$", message: "the document is larger than \(maximumDocumentSize) bytes")
        }
        do {
            switch ModelFileFormat(path: path) {
            case .json:
                return try JSONDecoder().decode(T.self, from: data)
            case .yaml:
                guard let text = String(data: data, encoding: .utf8) else {
                    throw ModelError(file: path, path: "$", message: "the YAML document is not valid UTF-8")
                }
                return try YAMLDecoder().decode(T.self, from: text)
            }
        } catch let error as ModelError {
            throw error
        } catch let error as DecodingError {
            throw ModelError([describe(error, file: path)])
        } catch let error as YamlError {
            throw ModelError(file: path, path: "$", message: "not valid YAML: \(error)")
        } catch {
            throw ModelError(file: path, path: "$", message: "cannot parse the document: \(error)")
        }
    }

    static func describe(_ error: DecodingError, file: String) -> ModelIssue {
        switch error {
        case .dataCorrupted(let context):
            let underlying = context.underlyingError.map { " (\($0))" } ?? ""
            let where_ = JSONPath.from(codingPath: context.codingPath)
            if context.codingPath.isEmpty {
                return ModelIssue(file: file, path: where_, message: "not a valid JSON document: \(context.debugDescription)\(underlying)")
            }
            return ModelIssue(file: file, path: where_, message: "\(context.debugDescription)\(underlying)")
        case .keyNotFound(let key, let context):
            return ModelIssue(file: file, path: JSONPath.from(codingPath: context.codingPath), message: "missing key '\(key.stringValue)'")
        case .typeMismatch(let type, let context):
            return ModelIssue(file: file, path: JSONPath.from(codingPath: context.codingPath), message: "expected \(describe(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return ModelIssue(file: file, path: JSONPath.from(codingPath: context.codingPath), message: "expected \(describe(type)), found null")
        @unknown default:
            return ModelIssue(file: file, path: "$", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Bool.Type: "a boolean"
        case is Int.Type, is Double.Type: "a number"
        case is [Any].Type: "an array"
        default: "a value of type \(type)"
        }
    }
}
