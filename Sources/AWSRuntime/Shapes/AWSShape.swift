import Foundation

/// What every generated structure, union and error conforms to: read from and written to the
/// wire through explicit per-member calls (fast to compile, fast to run), with `Codable` and
/// `Equatable` offered on top for users through a thin bridge over `JSONValue`.
///
/// The requirements are kept few on purpose: every requirement and every inherited protocol
/// costs each generated type a witness (a function, its debug info and its symbols), and those
/// per-type costs, not the member code, dominate how long a generated service takes to compile.
/// So the shape's name is not a requirement (messages use the type's name), `Hashable` is not
/// inherited (hash a shape's `jsonValue()` instead), validation lives in ``AWSValidatingShape``
/// (only shapes with constraints conform), and a structure sent as an HTTP payload goes through
/// ``ShapeWriter``/``ShapeReader`` overloads rather than `AWSPayloadValue`.
public protocol AWSShape: AWSDecodableValue, AWSEncodableValue, Codable, Equatable, Sendable {
    /// Reads the shape's members.
    init(reader: ShapeReader) throws
    /// Writes the shape's members.
    func encode(to writer: inout ShapeWriter)
}

/// A shape with constraints (required members, lengths, ranges, patterns) or with members
/// that have them; the client checks it before sending.
public protocol AWSValidatingShape: AWSShape {
    /// Checks required members, lengths, ranges and patterns; `path` prefixes error paths.
    func validate(path: String) throws
}

extension AWSShape {
    /// The shape's name for messages: the type's name, which is the model's name for the shape
    /// unless naming had to change it. (Not a requirement, so it costs generated types nothing.)
    /// (`_typeName` rather than `String(describing:)`, which goes through reflection.)
    public static var shapeName: String { _typeName(Self.self, qualified: false) }

    /// Two shapes are equal when their wire forms are: the same members with the same values
    /// (timestamps to the millisecond, as AWS sends them). One shared implementation instead of a
    /// synthesized one per type: synthesized `Equatable`/`Hashable` were the largest part of the
    /// generated code's compile time and object size.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.jsonValue() == rhs.jsonValue() }

    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws {
        guard case .object(let object) = json else { throw mismatch("an object (\(Self.shapeName))", json, path()) }
        try self.init(reader: ShapeReader(object: object, path: path()))
    }

    public func jsonValue() -> JSONValue {
        var writer = ShapeWriter()
        encode(to: &writer)
        return .object(writer.object)
    }

    /// `Codable` bridge: the shape's JSON wire form, through any `Decoder`.
    public init(from decoder: any Decoder) throws {
        let json = try JSONValue(from: decoder)
        try self.init(json: json, path: .root)
    }

    /// `Codable` bridge: the shape's JSON wire form, through any `Encoder`.
    public func encode(to encoder: any Encoder) throws {
        try jsonValue().encode(to: encoder)
    }

    /// Decodes the shape from JSON bytes in its wire form.
    public init(jsonBytes: some Collection<UInt8>) throws {
        let json: JSONValue
        do { json = try JSONParser.parse(jsonBytes) } catch {
            throw AWSDecodingError(path: .root, message: error.description)
        }
        do { try self.init(json: json, path: .root) } catch var error as AWSDecodingError {
            error.shapeName = Self.shapeName
            throw error
        }
    }

    /// The shape's JSON wire form as bytes.
    public func jsonBytes() -> [UInt8] { JSONSerializer.serialize(jsonValue()) }

    public init(awsPayload payload: [UInt8], path: @autoclosure () -> ValuePath) throws {
        let json: JSONValue
        do { json = try JSONParser.parse(payload) } catch {
            throw AWSDecodingError(path: path(), message: error.description)
        }
        try self.init(json: json, path: path())
    }

    public func awsPayload() -> (bytes: [UInt8], contentType: String) {
        (JSONSerializer.serialize(jsonValue()), "application/json")
    }
}

/// A value that can be an HTTP payload member: a structure or document as JSON, a blob as is,
/// a string as UTF-8.
public protocol AWSPayloadValue: AWSDecodableValue, AWSEncodableValue {
    init(awsPayload: [UInt8], path: @autoclosure () -> ValuePath) throws
    func awsPayload() -> (bytes: [UInt8], contentType: String)
}

extension Data: AWSPayloadValue {
    public init(awsPayload payload: [UInt8], path: @autoclosure () -> ValuePath) throws { self = Data(payload) }
    public func awsPayload() -> (bytes: [UInt8], contentType: String) { (Array(self), "application/octet-stream") }
}

extension String: AWSPayloadValue {
    public init(awsPayload payload: [UInt8], path: @autoclosure () -> ValuePath) throws {
        guard let text = String(validating: payload, as: UTF8.self) else {
            throw AWSDecodingError(path: path(), message: "the payload is not valid UTF-8")
        }
        self = text
    }
    public func awsPayload() -> (bytes: [UInt8], contentType: String) { (Array(utf8), "text/plain") }
}

extension JSONValue: AWSPayloadValue {
    public init(awsPayload payload: [UInt8], path: @autoclosure () -> ValuePath) throws {
        do { self = try JSONParser.parse(payload) } catch {
            throw AWSDecodingError(path: path(), message: error.description)
        }
    }
    public func awsPayload() -> (bytes: [UInt8], contentType: String) { (JSONSerializer.serialize(self), "application/json") }
}

/// The input or output of an operation that has none in the model.
public struct AWSEmptyShape: AWSShape, Hashable {
    public init() {}
    public init(reader: ShapeReader) throws {}
    public func encode(to writer: inout ShapeWriter) {}
}

/// A modelled string enum. Generated enums are structs over their raw value, so that a value
/// the service adds later still decodes (and round-trips) instead of failing.
public protocol AWSStringEnum: RawRepresentable, AWSDecodableValue, AWSEncodableValue, AWSHTTPFieldValue, AWSPayloadValue,
    Codable, Hashable, Sendable, CustomStringConvertible where RawValue == String
{
    init(rawValue: String)
    /// The values the model knows, in the model's order.
    static var knownValues: [Self] { get }
}

extension AWSStringEnum {
    public var description: String { rawValue }
    /// Whether the model this code was generated from knows the value.
    public var isKnown: Bool { Self.knownValues.contains(self) }

    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws {
        guard case .string(let value) = json else { throw mismatch("a string", json, path()) }
        self.init(rawValue: value)
    }
    public func jsonValue() -> JSONValue { .string(rawValue) }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { rawValue }
    public init?(httpFieldText: String) { self.init(rawValue: httpFieldText) }
    public init(awsPayload payload: [UInt8], path: @autoclosure () -> ValuePath) throws {
        self.init(rawValue: try String(awsPayload: payload, path: path()))
    }
    public func awsPayload() -> (bytes: [UInt8], contentType: String) { (Array(rawValue.utf8), "text/plain") }

    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
