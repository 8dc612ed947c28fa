import Foundation

/// A service's `endpoint-rule-set-1.json`: checked for the structure the runtime's rules engine
/// needs, and kept as compact JSON text for the generated client to carry.
public struct EndpointRuleSetDocument: Sendable, Hashable {
    /// A declared rule-set parameter.
    public struct Parameter: Sendable, Hashable {
        /// `string`, `boolean` or `stringArray`.
        public var type: String
        public var builtIn: String?
        public var required: Bool
    }

    /// The file it was read from, for diagnostics.
    public var path: String
    /// The document without insignificant whitespace; the original text otherwise.
    public var compactJSON: String
    public var parameters: [String: Parameter]

    private struct Raw: Decodable {
        struct RawParameter: Decodable {
            var type: String
            var builtIn: String?
            var required: Bool?
        }
        var version: String
        var parameters: [String: RawParameter]
        var rules: [RawAnyJSON]
    }

    /// Reads and checks a rule set; every problem names the file and the JSON path.
    public init(data: Data, path: String) throws {
        let raw = try ModelLoader.decode(Raw.self, from: data, path: path)
        var parameters: [String: Parameter] = [:]
        for (name, parameter) in raw.parameters {
            guard ["string", "boolean", "stringarray"].contains(parameter.type.lowercased()) else {
                throw ModelError(file: path, path: "$.parameters.\(name).type", message: "'\(parameter.type)' is not string, boolean or stringArray")
            }
            parameters[name] = Parameter(type: parameter.type, builtIn: parameter.builtIn, required: parameter.required ?? false)
        }
        for (index, rule) in raw.rules.enumerated() {
            guard case .object(let fields) = rule, case .string(let type)? = fields["type"], ["endpoint", "error", "tree"].contains(type) else {
                throw ModelError(file: path, path: "$.rules[\(index)]", message: "a rule must be an object of type endpoint, error or tree")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ModelError(file: path, path: "$", message: "the rule set is not valid UTF-8")
        }
        self.path = path
        self.compactJSON = Self.compact(text)
        self.parameters = parameters
    }

    /// Drops whitespace outside strings; the JSON was already parsed, so strings are well formed.
    static func compact(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count / 2)
        var inString = false
        var escaped = false
        for byte in text.utf8 {
            if inString {
                output.append(byte)
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
            } else {
                switch byte {
                case UInt8(ascii: " "), UInt8(ascii: "\n"), UInt8(ascii: "\r"), UInt8(ascii: "\t"): continue
                case UInt8(ascii: "\""): inString = true; output.append(byte)
                default: output.append(byte)
                }
            }
        }
        return String(decoding: output, as: UTF8.self)
    }
}
