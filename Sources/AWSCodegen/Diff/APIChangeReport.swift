/// What changed in a service's API between two versions of its model, per operation, and
/// what each change means for the generated Swift API.
public struct APIChangeReport: Sendable, Hashable, Codable {
    public var serviceName: String
    public var oldAPIVersion: String
    public var newAPIVersion: String
    /// Operations added, removed or updated, sorted by name; documentation-only updates included.
    public var operations: [OperationChange]
    /// Changes to shapes no selected operation reaches, or to the service itself (documentation, metadata).
    public var serviceChanges: [Change]

    public var added: [OperationChange] { operations.filter { $0.kind == .added } }
    public var removed: [OperationChange] { operations.filter { $0.kind == .removed } }
    /// Updated operations whose API changed (not only their documentation).
    public var updated: [OperationChange] { operations.filter { $0.kind == .updated && $0.classification != .documentation } }
    public var documentationOnly: [OperationChange] { operations.filter { $0.kind == .updated && $0.classification == .documentation } }

    /// The most severe classification of any change.
    public var classification: Classification? {
        (operations.map(\.classification) + serviceChanges.map(\.classification)).max()
    }

    public var hasChanges: Bool { !operations.isEmpty || !serviceChanges.isEmpty }
}

/// What a change means for code that uses the generated Swift API. Ordered by severity.
public enum Classification: String, Sendable, Hashable, Codable, Comparable, CaseIterable {
    /// Only documentation changed.
    case documentation
    /// Existing code still compiles and behaves (a new optional member, operation or enum value).
    case additive
    /// Existing code may no longer compile (a removed member or operation, a type change, an
    /// optional member becoming required, a removed enum value).
    case breaking

    public static func < (lhs: Classification, rhs: Classification) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

public struct OperationChange: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case added, removed, updated }

    public var name: String
    public var kind: Kind
    public var classification: Classification
    public var changes: [Change]
    /// The changelog's nested syntax of added or changed members, by direction (`request`, `response`).
    public var syntax: [String: SyntaxValue]
}

/// One change, located by a member path from the operation's input or output.
public struct Change: Sendable, Hashable, Codable {
    public enum Direction: String, Sendable, Hashable, Codable { case request, response, errors, http, operation, service }
    public enum Kind: String, Sendable, Hashable, Codable {
        case memberAdded, memberRemoved, typeChanged, becameRequired, becameOptional
        case enumValuesAdded, enumValuesRemoved, errorAdded, errorRemoved, httpBindingChanged
        case documentation, deprecated, operationAdded, operationRemoved
    }

    public var direction: Direction
    public var kind: Kind
    /// Member path, e.g. `customModelUnits.customModelUnitsVersion`; empty for the operation itself.
    public var path: String
    public var detail: String
    public var classification: Classification
}

/// A value in the changelog's Python-literal syntax: a type name, or a nested structure/list/map.
public indirect enum SyntaxValue: Sendable, Hashable, Codable {
    case type(String)
    case structure([String: SyntaxValue])
    case list(SyntaxValue)

    /// botocore's changelog style: Python `repr`, pretty-printed like `pprint` at 80 columns.
    public func pythonLiteral(indent: Int = 0, width: Int = 80) -> String {
        let oneLine = pythonRepr()
        if oneLine.count + indent <= width { return oneLine }
        switch self {
        case .type:
            return oneLine
        case .list(let element):
            return "[" + element.pythonLiteral(indent: indent + 1, width: width) + "]"
        case .structure(let members):
            var parts: [String] = []
            let keys = members.keys.sorted()
            for (index, key) in keys.enumerated() {
                let keyText = Self.quote(key) + ": "
                let value = members[key]!.pythonLiteral(indent: indent + 1 + keyText.count, width: width)
                parts.append((index == 0 ? "" : String(repeating: " ", count: indent + 1)) + keyText + value)
            }
            return "{" + parts.joined(separator: ",\n") + "}"
        }
    }

    func pythonRepr() -> String {
        switch self {
        case .type(let name): Self.quote(name)
        case .list(let element): "[" + element.pythonRepr() + "]"
        case .structure(let members): "{" + members.keys.sorted().map { Self.quote($0) + ": " + members[$0]!.pythonRepr() }.joined(separator: ", ") + "}"
        }
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
    }

    /// Merges another tree into this one (changes under the same member share one entry).
    func merged(with other: SyntaxValue) -> SyntaxValue {
        if case .structure(let left) = self, case .structure(let right) = other {
            return .structure(left.merging(right) { $0.merged(with: $1) })
        }
        return other
    }
}
