import Foundation

/// A value of a modelled shape, read from and written to its JSON wire form: every generated
/// structure, union and error, and the values of the other shapes (strings, numbers, blobs,
/// timestamps, documents, string enums, and lists and maps of shapes).
///
/// A structure reads and writes its members through explicit per-member calls on the reader and
/// writer (fast to compile, fast to run); other values read `reader.value` and set
/// `writer.value`. Generated types also state `Codable` and `Equatable`, which this protocol's
/// extension implements for them through a thin bridge over `JSONValue`. (A type of the runtime
/// that conforms must implement `==` itself, as `JSONValue` and `AWSStringEnum` do: a
/// synthesized `Equatable` would pick up the bridge, and the bridge compares `jsonValue()`s.)
///
/// Everything about this protocol is kept small on purpose: every requirement and every
/// conformance costs each generated type a witness (a function, its debug info and its symbols),
/// and those per-type costs, not the member code, dominate how long a generated service takes to
/// compile. So a structure conforms to this one protocol of the runtime, and:
/// - there is no separate protocol for "a value in JSON" (lists of structures are shapes because
///   their elements are), none for payloads of structure type (``ShapeWriter/structurePayload(_:_:)``
///   and ``ShapeReader/optionalStructurePayload(_:)`` take them), and validation lives in ``AWSValidatingShape`` (only shapes with constraints
///   conform);
/// - the shape's name is not a requirement (messages use the type's name), and `Hashable` is not
///   asked for (hash a shape's `jsonValue()`);
/// - it does not refine `Codable` or `Equatable`: the standard library's protocols are resilient,
///   and a protocol refining them needs its witness tables built at run time, with an
///   instantiation function, a cache and an accessor per type and protocol.
public protocol AWSShape: Sendable {
    /// Reads the value: a structure its members, any other value `reader.value`.
    init(reader: ShapeReader) throws
    /// Writes the value: a structure its members, any other value `writer.value`.
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

    /// Reads the value from its JSON form; `path` names where it is, for the error when it does not fit.
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws {
        try self.init(reader: ShapeReader(value: json, path: path()))
    }

    /// The value's JSON form.
    public func jsonValue() -> JSONValue {
        var writer = ShapeWriter()
        encode(to: &writer)
        return writer.jsonValue
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
public protocol AWSPayloadValue: AWSShape {
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
public struct AWSEmptyShape: AWSShape, Codable, Hashable {
    public init() {}
    public init(reader: ShapeReader) throws {}
    public func encode(to writer: inout ShapeWriter) {}
}

/// A modelled string enum: a struct over its raw value, so that a value the service adds later
/// still decodes (and round-trips) instead of failing.
///
/// Every generated enum is this one generic type, told apart by a caseless tag type that lists the
/// model's values (`typealias Status = AWSStringEnum<ServiceEnumValues.Status>`), with a constant
/// per value in a constrained extension (`Status.active`). The conformances (`Codable`, `Hashable`,
/// the wire protocols) are written once here instead of once per enum: a conformance costs each
/// type witness tables, thunks and metadata, and ten of them per enum were a tenth of a generated
/// service's object code (see BENCHMARKS.md).
public struct AWSStringEnum<Values: AWSStringEnumValues>: RawRepresentable, AWSShape, AWSHTTPFieldValue, AWSPayloadValue,
    Codable, Hashable, Sendable, CustomStringConvertible
{
    public let rawValue: String

    public init(rawValue: String) { self.rawValue = rawValue }

    /// The values the model knows, in the model's order.
    public static var knownValues: [Self] { Values.knownRawValues.map(Self.init(rawValue:)) }
    /// Whether the model this code was generated from knows the value.
    public var isKnown: Bool { Values.knownRawValues.contains(rawValue) }

    public var description: String { rawValue }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.rawValue == rhs.rawValue }
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

    public init(reader: ShapeReader) throws {
        let json = try reader.currentValue()
        guard case .string(let value) = json else { throw mismatch("a string", json, reader.path) }
        self.init(rawValue: value)
    }
    public func encode(to writer: inout ShapeWriter) { writer.value = .string(rawValue) }
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

/// The tag that makes an ``AWSStringEnum`` one modelled enum: a caseless type per enum, generated
/// in the service's `…EnumValues` namespace.
public protocol AWSStringEnumValues: Sendable {
    /// The raw values the model knows, in the model's order.
    static var knownRawValues: [String] { get }
}
