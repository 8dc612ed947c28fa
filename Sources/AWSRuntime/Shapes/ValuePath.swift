/// Where a value sits inside a document, built only as deep as decoding goes and
/// rendered only when an error needs it (`$.customModelUnits.customModelUnitsPerModelCopy`).
public indirect enum ValuePath: Sendable, CustomStringConvertible {
    case root
    case key(ValuePath, String)
    case index(ValuePath, Int)
    /// A location outside the body, such as a header.
    case location(String)

    public func appending(_ key: String) -> ValuePath { .key(self, key) }
    public func appending(_ index: Int) -> ValuePath { .index(self, index) }

    public var description: String {
        switch self {
        case .root: "$"
        case .location(let name): name
        case .key(let parent, let key): "\(parent).\(key)"
        case .index(let parent, let index): "\(parent)[\(index)]"
        }
    }
}

/// A response or document that does not fit the model: says what was expected and where.
public struct AWSDecodingError: Error, Sendable, CustomStringConvertible {
    /// The member path, e.g. `$.customModelUnits.customModelUnitsPerModelCopy`.
    public var path: String
    public var message: String
    /// The shape being decoded at the top level, when known.
    public var shapeName: String?

    public init(path: ValuePath, message: String) {
        self.path = path.description
        self.message = message
    }

    public var description: String {
        let what = shapeName.map { "cannot decode \($0): " } ?? "cannot decode the response: "
        return "\(what)at \(path): \(message)"
    }
}

/// A value the caller passed that the model does not allow; nothing was sent.
public struct AWSValidationError: Error, Sendable, CustomStringConvertible {
    /// The member path, e.g. `GetImportedModelRequest.modelIdentifier`.
    public var path: String
    public var message: String

    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    public var description: String { "invalid parameter \(path): \(message)" }
}
