import Foundation

/// A service's endpoint rule set (Smithy rules engine, `endpoint-rule-set-1.json`), parsed
/// once into a tree that resolves endpoints without touching JSON again.
///
/// Evaluation follows the rules engine as botocore implements it: rules are tried in order,
/// each with its own copy of the scope; a rule matches when every condition yields a value
/// that is neither missing nor `false`; a tree whose rules all fail falls through to the next
/// rule; an error rule that matches ends resolution with its message.
public struct AWSEndpointRuleSet: Sendable {
    /// A declared parameter.
    public struct Parameter: Sendable {
        public enum Kind: Sendable { case string, boolean, stringArray }
        public var kind: Kind
        public var builtIn: String?
        public var required: Bool
        public var defaultValue: AWSEndpointValue?
    }

    public let parameters: [String: Parameter]
    let rules: [Rule]

    /// Parses a rule set from its JSON text; throws `AWSEndpointRuleSetError` saying what and where.
    public init(json: String) throws {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(json.utf8))
        } catch {
            throw AWSEndpointRuleSetError(path: "$", message: "\(error)")
        }
        try self.init(value)
    }

    public init(_ value: JSONValue) throws {
        guard case .object(let root) = value else {
            throw AWSEndpointRuleSetError(path: "$", message: "a rule set must be a JSON object")
        }
        guard case .object(let declared)? = root["parameters"] else {
            throw AWSEndpointRuleSetError(path: "$.parameters", message: "missing or not an object")
        }
        var parameters: [String: Parameter] = [:]
        for (name, spec) in declared {
            let path = "$.parameters.\(name)"
            let kind: Parameter.Kind
            switch spec["type"].flatMap(\.stringValue)?.lowercased() {
            case "string": kind = .string
            case "boolean": kind = .boolean
            case "stringarray": kind = .stringArray
            default: throw AWSEndpointRuleSetError(path: path + ".type", message: "must be string, boolean or stringArray")
            }
            var defaultValue: AWSEndpointValue?
            if let value = spec["default"] {
                defaultValue = try Self.parameterValue(value, kind: kind, path: path + ".default")
            }
            parameters[name] = Parameter(
                kind: kind, builtIn: spec["builtIn"].flatMap(\.stringValue),
                required: spec["required"] == .bool(true), defaultValue: defaultValue
            )
        }
        guard case .array(let rules)? = root["rules"] else {
            throw AWSEndpointRuleSetError(path: "$.rules", message: "missing or not an array")
        }
        self.parameters = parameters
        self.rules = try rules.enumerated().map { try Rule(parsing: $1, path: "$.rules[\($0)]") }
    }

    static func parameterValue(_ value: JSONValue, kind: Parameter.Kind, path: String) throws -> AWSEndpointValue {
        switch (kind, value) {
        case (.string, .string(let text)): return .string(text)
        case (.boolean, .bool(let flag)): return .bool(flag)
        case (.stringArray, .array(let items)):
            return .stringArray(try items.map {
                guard case .string(let text) = $0 else { throw AWSEndpointRuleSetError(path: path, message: "must be an array of strings") }
                return text
            })
        default: throw AWSEndpointRuleSetError(path: path, message: "\(value.typeDescription) does not fit a \(kind) parameter")
        }
    }

    /// Resolves the endpoint for these parameter values (by parameter name).
    /// - Throws: `AWSEndpointResolutionError` with the rule set's message when an error rule
    ///   matches, a parameter is missing or of the wrong type, or no rule matches.
    public func resolve(_ values: [String: AWSEndpointValue]) throws -> AWSEndpoint {
        var scope: [String: RuleValue] = [:]
        for (name, parameter) in parameters {
            if let value = values[name] {
                let fits = switch (parameter.kind, value) {
                case (.string, .string), (.boolean, .bool), (.stringArray, .stringArray): true
                default: false
                }
                guard fits else { throw AWSEndpointResolutionError("Value (\(name)) is the wrong type. Must be \(parameter.kind).") }
                scope[name] = RuleValue(value)
            } else if let value = parameter.defaultValue {
                scope[name] = RuleValue(value)
            } else if parameter.required {
                throw AWSEndpointResolutionError("Cannot find value for required parameter \(name)")
            }
        }
        for rule in rules {
            if let endpoint = try rule.evaluate(scope) { return endpoint }
        }
        throw AWSEndpointResolutionError("No endpoint rule matched the parameters \(values.keys.sorted())")
    }
}

/// A rule set that cannot be parsed.
public struct AWSEndpointRuleSetError: Error, Sendable, CustomStringConvertible {
    /// Where in the rule set, as a JSON path.
    public var path: String
    public var message: String
    public var description: String { "invalid endpoint rule set at \(path): \(message)" }
}

/// Endpoint resolution ended in an error rule or matched no rule; `message` is the rule set's.
public struct AWSEndpointResolutionError: Error, Sendable, CustomStringConvertible {
    public var message: String
    init(_ message: String) { self.message = message }
    public var description: String { "endpoint resolution failed: \(message)" }
}

// MARK: - The parsed tree

/// A value while rules are evaluated: strings, booleans, integers, arrays and records.
indirect enum RuleValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case integer(Int)
    case array([RuleValue?])
    case record([String: RuleValue])

    init(_ value: AWSEndpointValue) {
        switch value {
        case .string(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        case .stringArray(let items): self = .array(items.map { .string($0) })
        }
    }

    var string: String? { if case .string(let text) = self { text } else { nil } }
    var bool: Bool? { if case .bool(let flag) = self { flag } else { nil } }

    /// How the value reads inside a template string.
    var templateText: String {
        switch self {
        case .string(let text): text
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .array, .record: "\(self)"
        }
    }

    var json: JSONValue {
        switch self {
        case .string(let text): .string(text)
        case .bool(let flag): .bool(flag)
        case .integer(let number): .integer(Int64(number))
        case .array(let items): .array(items.map { $0?.json ?? .null })
        case .record(let fields): .object(fields.mapValues(\.json))
        }
    }
}

typealias RuleScope = [String: RuleValue]

/// `{name}` or `{name#path}` inside a string, or literal text.
enum TemplatePart: Sendable {
    case literal(String)
    case reference(String, path: [AttributePathPart])
}

/// One step of a `getAttr` path: `name` or `name[index]`/`[index]`.
enum AttributePathPart: Sendable {
    case field(String)
    case index(Int)

    static func parse(_ path: String) -> [AttributePathPart]? {
        var parts: [AttributePathPart] = []
        for piece in path.split(separator: ".", omittingEmptySubsequences: false) {
            if let open = piece.firstIndex(of: "["), piece.last == "]" {
                let name = piece[..<open]
                guard let index = Int(piece[piece.index(after: open)..<piece.index(before: piece.endIndex)]), index >= 0 else { return nil }
                if !name.isEmpty { parts.append(.field(String(name))) }
                parts.append(.index(index))
            } else {
                guard !piece.isEmpty else { return nil }
                parts.append(.field(String(piece)))
            }
        }
        return parts
    }

    static func follow(_ path: [AttributePathPart], from value: RuleValue?) -> RuleValue? {
        var current = value
        for part in path {
            switch (part, current) {
            case (.field(let name), .record(let fields)?): current = fields[name]
            case (.index(let index), .array(let items)?): current = index < items.count ? items[index] : nil
            default: return nil
            }
        }
        return current
    }
}

indirect enum RuleExpression: Sendable {
    case template([TemplatePart])
    case bool(Bool)
    case integer(Int)
    case array([RuleExpression])
    case record([String: RuleExpression])
    case reference(String)
    case call(RuleFunctionCall)

    init(parsing value: JSONValue, path: String) throws {
        switch value {
        case .string(let text): self = .template(try Self.parseTemplate(text, path: path))
        case .bool(let flag): self = .bool(flag)
        case .integer(let number): self = .integer(Int(number))
        case .array(let items): self = .array(try items.enumerated().map { try RuleExpression(parsing: $1, path: "\(path)[\($0)]") })
        case .object(let fields):
            if case .string(let name)? = fields["ref"] {
                self = .reference(name)
            } else if fields["fn"] != nil {
                self = .call(try RuleFunctionCall(parsing: value, path: path))
            } else {
                var record: [String: RuleExpression] = [:]
                for (key, field) in fields { record[key] = try RuleExpression(parsing: field, path: "\(path).\(key)") }
                self = .record(record)
            }
        case .double, .null: throw AWSEndpointRuleSetError(path: path, message: "\(value.typeDescription) is not a rule expression")
        }
    }

    /// Splits `https://{Region}.{PartitionResult#dnsSuffix}`; `{{` and `}}` stand for braces.
    static func parseTemplate(_ text: String, path: String) throws -> [TemplatePart] {
        guard text.contains("{") || text.contains("}") else { return [.literal(text)] }
        var parts: [TemplatePart] = []
        var literal = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            let next = text.index(after: index)
            if character == "{" {
                if next < text.endIndex, text[next] == "{" {
                    literal.append("{"); index = text.index(after: next); continue
                }
                guard let close = text[next...].firstIndex(of: "}") else {
                    throw AWSEndpointRuleSetError(path: path, message: "unclosed '{' in template \"\(text)\"")
                }
                let reference = text[next..<close].split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
                guard !reference[0].isEmpty else { throw AWSEndpointRuleSetError(path: path, message: "empty reference in template \"\(text)\"") }
                var attributePath: [AttributePathPart] = []
                if reference.count == 2 {
                    guard let parsed = AttributePathPart.parse(String(reference[1])) else {
                        throw AWSEndpointRuleSetError(path: path, message: "bad attribute path in template \"\(text)\"")
                    }
                    attributePath = parsed
                }
                if !literal.isEmpty { parts.append(.literal(literal)); literal = "" }
                parts.append(.reference(String(reference[0]), path: attributePath))
                index = text.index(after: close)
            } else if character == "}" {
                if next < text.endIndex, text[next] == "}" { index = text.index(after: next) } else { index = next }
                literal.append("}")
            } else {
                literal.append(character); index = next
            }
        }
        if !literal.isEmpty { parts.append(.literal(literal)) }
        return parts
    }

    func evaluate(_ scope: inout RuleScope) throws -> RuleValue? {
        switch self {
        case .template(let parts):
            if parts.count == 1, case .literal(let text) = parts[0] { return .string(text) }
            var result = ""
            for part in parts {
                switch part {
                case .literal(let text): result += text
                case .reference(let name, let path):
                    guard let value = AttributePathPart.follow(path, from: scope[name]) else {
                        throw AWSEndpointResolutionError("the template refers to '\(name)', which has no value here")
                    }
                    result += value.templateText
                }
            }
            return .string(result)
        case .bool(let flag): return .bool(flag)
        case .integer(let number): return .integer(number)
        case .array(let items): return .array(try items.map { try $0.evaluate(&scope) })
        case .record(let fields):
            var record: [String: RuleValue] = [:]
            for (key, field) in fields { record[key] = try field.evaluate(&scope) }
            return .record(record)
        case .reference(let name): return scope[name]
        case .call(let call): return try call.evaluate(&scope)
        }
    }
}

struct RuleFunctionCall: Sendable {
    let function: RuleFunction
    let arguments: [RuleExpression]
    /// `assign`: the name the result is bound to in the scope.
    let assign: String?

    init(parsing value: JSONValue, path: String) throws {
        guard case .string(let name)? = value["fn"] else { throw AWSEndpointRuleSetError(path: path + ".fn", message: "missing function name") }
        guard let function = RuleFunction(rawValue: name) else {
            throw AWSEndpointRuleSetError(path: path + ".fn", message: "unknown function '\(name)'")
        }
        guard case .array(let argv)? = value["argv"] else { throw AWSEndpointRuleSetError(path: path + ".argv", message: "missing or not an array") }
        guard function.arity.contains(argv.count) else {
            throw AWSEndpointRuleSetError(path: path + ".argv", message: "\(name) takes \(function.arity.lowerBound) argument(s), not \(argv.count)")
        }
        self.function = function
        self.arguments = try argv.enumerated().map { try RuleExpression(parsing: $1, path: "\(path).argv[\($0)]") }
        if case .getAttr = function, case .template(let parts) = arguments[1] {
            // The path is a literal: check it once here rather than at every evaluation.
            guard parts.count == 1, case .literal(let text) = parts[0], AttributePathPart.parse(text) != nil else {
                throw AWSEndpointRuleSetError(path: path + ".argv[1]", message: "getAttr needs a literal attribute path")
            }
        }
        self.assign = value["assign"].flatMap(\.stringValue)
    }

    func evaluate(_ scope: inout RuleScope) throws -> RuleValue? {
        var values: [RuleValue?] = []
        values.reserveCapacity(arguments.count)
        for argument in arguments { values.append(try argument.evaluate(&scope)) }
        let result = try function.apply(values)
        if let assign {
            guard scope[assign] == nil else {
                throw AWSEndpointResolutionError("Assignment \(assign) already exists in scoped variables and cannot be overwritten")
            }
            scope[assign] = result
        }
        return result
    }
}

indirect enum Rule: Sendable {
    case endpoint(conditions: [RuleFunctionCall], url: RuleExpression, properties: [String: RuleExpression], headers: [String: [RuleExpression]])
    case error(conditions: [RuleFunctionCall], message: RuleExpression)
    case tree(conditions: [RuleFunctionCall], rules: [Rule])

    init(parsing value: JSONValue, path: String) throws {
        guard case .array(let conditionValues)? = value["conditions"] else {
            throw AWSEndpointRuleSetError(path: path + ".conditions", message: "missing or not an array")
        }
        let conditions = try conditionValues.enumerated().map { try RuleFunctionCall(parsing: $1, path: "\(path).conditions[\($0)]") }
        switch value["type"].flatMap(\.stringValue) {
        case "endpoint":
            guard let endpoint = value["endpoint"], let url = endpoint["url"] else {
                throw AWSEndpointRuleSetError(path: path + ".endpoint.url", message: "missing")
            }
            var properties: [String: RuleExpression] = [:]
            if case .object(let fields)? = endpoint["properties"] {
                for (key, field) in fields { properties[key] = try RuleExpression(parsing: field, path: "\(path).endpoint.properties.\(key)") }
            }
            var headers: [String: [RuleExpression]] = [:]
            if case .object(let fields)? = endpoint["headers"] {
                for (name, field) in fields {
                    guard case .array(let items) = field else {
                        throw AWSEndpointRuleSetError(path: "\(path).endpoint.headers.\(name)", message: "must be an array")
                    }
                    headers[name] = try items.map { try RuleExpression(parsing: $0, path: "\(path).endpoint.headers.\(name)") }
                }
            }
            self = .endpoint(conditions: conditions, url: try RuleExpression(parsing: url, path: path + ".endpoint.url"), properties: properties, headers: headers)
        case "error":
            guard let message = value["error"] else { throw AWSEndpointRuleSetError(path: path + ".error", message: "missing") }
            self = .error(conditions: conditions, message: try RuleExpression(parsing: message, path: path + ".error"))
        case "tree":
            guard case .array(let rules)? = value["rules"] else { throw AWSEndpointRuleSetError(path: path + ".rules", message: "missing or not an array") }
            self = .tree(conditions: conditions, rules: try rules.enumerated().map { try Rule(parsing: $1, path: "\(path).rules[\($0)]") })
        default:
            throw AWSEndpointRuleSetError(path: path + ".type", message: "a rule must be of type tree, endpoint or error")
        }
    }

    /// The endpoint when this rule matches, nil when it does not; throws for a matching error rule.
    func evaluate(_ outer: RuleScope) throws -> AWSEndpoint? {
        var scope = outer
        switch self {
        case .endpoint(let conditions, let url, let properties, let headers):
            guard try Self.holds(conditions, &scope) else { return nil }
            guard let text = try url.evaluate(&scope)?.string else { throw AWSEndpointResolutionError("the endpoint URL is not a string") }
            guard let resolvedURL = URL(string: text) else { throw AWSEndpointResolutionError("the endpoint '\(text)' is not a valid URL") }
            var resolvedProperties: [String: JSONValue] = [:]
            for (key, property) in properties { resolvedProperties[key] = try property.evaluate(&scope)?.json ?? .null }
            var resolvedHeaders: [String: [String]] = [:]
            for (name, values) in headers {
                resolvedHeaders[name] = try values.map { try $0.evaluate(&scope)?.templateText ?? "" }
            }
            var endpoint = AWSEndpoint(url: resolvedURL, headers: resolvedHeaders, properties: resolvedProperties)
            if case .array(let schemes)? = resolvedProperties["authSchemes"],
                let sigv4 = schemes.first(where: { $0["name"] == "sigv4" })
            {
                endpoint.signingName = sigv4["signingName"].flatMap(\.stringValue)
                endpoint.signingRegion = sigv4["signingRegion"].flatMap(\.stringValue)
                endpoint.disablesDoubleEncoding = sigv4["disableDoubleEncoding"] == .bool(true)
            }
            return endpoint
        case .error(let conditions, let message):
            guard try Self.holds(conditions, &scope) else { return nil }
            throw AWSEndpointResolutionError(try message.evaluate(&scope)?.templateText ?? "endpoint rule error")
        case .tree(let conditions, let rules):
            guard try Self.holds(conditions, &scope) else { return nil }
            for rule in rules {
                if let endpoint = try rule.evaluate(scope) { return endpoint }
            }
            return nil
        }
    }

    static func holds(_ conditions: [RuleFunctionCall], _ scope: inout RuleScope) throws -> Bool {
        for condition in conditions {
            switch try condition.evaluate(&scope) {
            case nil, .bool(false)?: return false
            default: continue
            }
        }
        return true
    }
}
