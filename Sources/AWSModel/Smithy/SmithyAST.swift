// A Decodable mirror of the Smithy 2.0 (and 1.0) JSON AST: https://smithy.io/2.0/spec/json-ast.html
// Like `RawModel.swift`, everything is optional: `SmithyModel` checks presence and meaning and
// reports problems by shape id and JSON path.

/// The root of a Smithy JSON AST document.
struct SmithyDocument: Decodable {
    var smithy: String?
    var metadata: [String: RawAnyJSON]?
    var shapes: [String: SmithyShape]?
}

/// A reference to another shape: `{"target": "ns#Name"}`.
struct SmithyReference: Decodable, Hashable {
    var target: String?
}

/// A member: its target and the traits applied to it.
struct SmithyMember: Decodable {
    var target: String?
    var traits: [String: RawAnyJSON]?
}

/// Any shape. Which keys are meaningful depends on `type`.
struct SmithyShape: Decodable {
    var type: String?
    var traits: [String: RawAnyJSON]?
    /// Structures, unions, enums and intEnums.
    var members: [String: SmithyMember]?
    /// Lists and sets.
    var member: SmithyMember?
    /// Maps.
    var key: SmithyMember?
    var value: SmithyMember?
    var mixins: [SmithyReference]?
    /// Services.
    var version: String?
    var operations: [SmithyReference]?
    var resources: [SmithyReference]?
    var errors: [SmithyReference]?
    var rename: [String: String]?
    /// Operations.
    var input: SmithyReference?
    var output: SmithyReference?
    /// Resources: lifecycle operations and the rest.
    var create: SmithyReference?
    var put: SmithyReference?
    var read: SmithyReference?
    var update: SmithyReference?
    var delete: SmithyReference?
    var list: SmithyReference?
    var collectionOperations: [SmithyReference]?
}

/// Typed reads of trait values, each an error naming the shape and the trait when the value has
/// the wrong type (a `smithy.api#httpQuery` that is not a string, a `length` whose `min` is text).
struct SmithyTraits {
    let values: [String: RawAnyJSON]
    /// Where the traits sit, for errors: `$.shapes["ns#Shape"].members.name.traits`.
    let path: String
    let file: String

    init(_ values: [String: RawAnyJSON]?, path: String, file: String) {
        self.values = values ?? [:]
        self.path = path
        self.file = file
    }

    func has(_ id: String) -> Bool { values[id] != nil }

    private func mismatch(_ id: String, _ expected: String) -> ModelError {
        ModelError(file: file, path: JSONPath.join(path, id), message: "the trait \(id) must be \(expected)")
    }

    func string(_ id: String) throws -> String? {
        guard let value = values[id] else { return nil }
        guard case .string(let text) = value else { throw mismatch(id, "a string") }
        return text
    }

    func number(_ id: String) throws -> Double? {
        guard let value = values[id] else { return nil }
        guard case .number(let number) = value else { throw mismatch(id, "a number") }
        return number
    }

    func integer(_ id: String) throws -> Int? {
        guard let number = try number(id) else { return nil }
        guard number == number.rounded(), abs(number) < 1e15 else { throw mismatch(id, "a whole number") }
        return Int(number)
    }

    func object(_ id: String) throws -> [String: RawAnyJSON]? {
        guard let value = values[id] else { return nil }
        guard case .object(let object) = value else { throw mismatch(id, "an object") }
        return object
    }

    func array(_ id: String) throws -> [RawAnyJSON]? {
        guard let value = values[id] else { return nil }
        guard case .array(let array) = value else { throw mismatch(id, "an array") }
        return array
    }

    /// An annotation trait (`{}`); `true`, as Smithy 1.0 wrote some, is accepted too.
    func annotation(_ id: String) throws -> Bool {
        guard let value = values[id] else { return false }
        switch value {
        case .object, .bool(true): return true
        case .bool(false): return false
        default: throw mismatch(id, "an object (an annotation trait)")
        }
    }

    /// A field of an object trait, typed.
    func field<T>(_ id: String, _ key: String, as type: String, _ read: (RawAnyJSON) -> T?) throws -> T? {
        guard let object = try object(id), let value = object[key] else { return nil }
        guard let typed = read(value) else {
            throw ModelError(file: file, path: JSONPath.join(JSONPath.join(path, id), key), message: "'\(key)' of the trait \(id) must be \(type)")
        }
        return typed
    }

    func stringField(_ id: String, _ key: String) throws -> String? {
        try field(id, key, as: "a string") { if case .string(let text) = $0 { text } else { nil } }
    }

    func numberField(_ id: String, _ key: String) throws -> Double? {
        try field(id, key, as: "a number") { if case .number(let number) = $0 { number } else { nil } }
    }

    func boolField(_ id: String, _ key: String) throws -> Bool? {
        try field(id, key, as: "a boolean") { if case .bool(let flag) = $0 { flag } else { nil } }
    }

    func stringsField(_ id: String, _ key: String) throws -> [String]? {
        try field(id, key, as: "a list of strings") { value -> [String]? in
            guard case .array(let items) = value else { return nil }
            var strings: [String] = []
            for item in items {
                guard case .string(let text) = item else { return nil }
                strings.append(text)
            }
            return strings
        }
    }
}

extension RawAnyJSON {
    var stringValue: String? { if case .string(let text) = self { text } else { nil } }
    var objectValue: [String: RawAnyJSON]? { if case .object(let object) = self { object } else { nil } }
    var arrayValue: [RawAnyJSON]? { if case .array(let array) = self { array } else { nil } }
}
