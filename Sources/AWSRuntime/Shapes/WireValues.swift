import Foundation

// The values of the model's other shapes (strings, numbers, blobs, timestamps, documents, lists,
// maps) are `AWSShape`s too, reading and writing one JSON value: so a list of structures is a
// shape because its elements are, and a structure needs no conformance beyond `AWSShape` to be a
// member, an element or an operation's input or output. Each keeps its `init(json:path:)` and
// `jsonValue()`, which the conformance calls.

/// A value that can travel in an HTTP header, a query parameter or a URI label.
public protocol AWSHTTPFieldValue: Sendable {
    /// The text form, using `format` for timestamps (callers pass the location's default).
    func httpFieldText(timestampFormat: TimestampFormat) -> String
    /// Reads the value from a header's text.
    init?(httpFieldText: String)
}

@inline(never)
func mismatch(_ expected: String, _ json: JSONValue, _ path: ValuePath) -> AWSDecodingError {
    AWSDecodingError(path: path, message: "expected \(expected), found \(json.typeDescription)")
}

extension String: AWSShape, AWSHTTPFieldValue {
    public init(reader: ShapeReader) throws { try self.init(json: reader.currentValue(), path: reader.path) }
    public func encode(to writer: inout ShapeWriter) { writer.value = jsonValue() }
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws {
        guard case .string(let value) = json else { throw mismatch("a string", json, path()) }
        self = value
    }
    public func jsonValue() -> JSONValue { .string(self) }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { self }
    public init?(httpFieldText: String) { self = httpFieldText }
}

extension Bool: AWSShape, AWSHTTPFieldValue {
    public init(reader: ShapeReader) throws { try self.init(json: reader.currentValue(), path: reader.path) }
    public func encode(to writer: inout ShapeWriter) { writer.value = jsonValue() }
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws {
        guard case .bool(let value) = json else { throw mismatch("a boolean", json, path()) }
        self = value
    }
    public func jsonValue() -> JSONValue { .bool(self) }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { self ? "true" : "false" }
    public init?(httpFieldText: String) {
        switch httpFieldText.trimmingCharacters(in: .whitespaces).lowercased() {
        case "true": self = true
        case "false": self = false
        default: return nil
        }
    }
}

/// Reads an integer that the wire may write as `3` or `3.0`.
@inline(__always)
func integer(_ json: JSONValue, _ path: () -> ValuePath) throws -> Int64 {
    switch json {
    case .integer(let value): return value
    case .double(let value) where value == value.rounded() && abs(value) < 9.2e18: return Int64(value)
    default: throw mismatch("an integer", json, path())
    }
}

extension Int: AWSShape, AWSHTTPFieldValue {
    public init(reader: ShapeReader) throws { try self.init(json: reader.currentValue(), path: reader.path) }
    public func encode(to writer: inout ShapeWriter) { writer.value = jsonValue() }
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws {
        let value = try integer(json, path)
        guard let exact = Int(exactly: value) else { throw AWSDecodingError(path: path(), message: "\(value) does not fit in Int") }
        self = exact
    }
    public func jsonValue() -> JSONValue { .integer(Int64(self)) }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { String(self) }
    public init?(httpFieldText: String) { self.init(httpFieldText.trimmingCharacters(in: .whitespaces)) }
}

extension Int64: AWSShape, AWSHTTPFieldValue {
    public init(reader: ShapeReader) throws { try self.init(json: reader.currentValue(), path: reader.path) }
    public func encode(to writer: inout ShapeWriter) { writer.value = jsonValue() }
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws { self = try integer(json, path) }
    public func jsonValue() -> JSONValue { .integer(self) }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { String(self) }
    public init?(httpFieldText: String) { self.init(httpFieldText.trimmingCharacters(in: .whitespaces)) }
}

/// Reads a number; AWS sends non-finite values as the strings `NaN`, `Infinity`, `-Infinity`.
@inline(__always)
func floatingPoint(_ json: JSONValue, _ path: () -> ValuePath) throws -> Double {
    switch json {
    case .double(let value): return value
    case .integer(let value): return Double(value)
    case .string("NaN"): return .nan
    case .string("Infinity"): return .infinity
    case .string("-Infinity"): return -.infinity
    default: throw mismatch("a number", json, path())
    }
}

func nonFiniteText(_ value: Double) -> String? {
    if value.isNaN { return "NaN" }
    if value.isInfinite { return value < 0 ? "-Infinity" : "Infinity" }
    return nil
}

extension Double: AWSShape, AWSHTTPFieldValue {
    public init(reader: ShapeReader) throws { try self.init(json: reader.currentValue(), path: reader.path) }
    public func encode(to writer: inout ShapeWriter) { writer.value = jsonValue() }
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws { self = try floatingPoint(json, path) }
    public func jsonValue() -> JSONValue { .double(self) }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { nonFiniteText(self) ?? "\(self)" }
    public init?(httpFieldText: String) { self.init(httpFieldText.trimmingCharacters(in: .whitespaces)) }
}

extension Float: AWSShape, AWSHTTPFieldValue {
    public init(reader: ShapeReader) throws { try self.init(json: reader.currentValue(), path: reader.path) }
    public func encode(to writer: inout ShapeWriter) { writer.value = jsonValue() }
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws { self = Float(try floatingPoint(json, path)) }
    public func jsonValue() -> JSONValue {
        // Through the shortest decimal text, so 0.1 as Float is sent as 0.1, not 0.10000000149.
        .double(Double("\(self)") ?? Double(self))
    }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { nonFiniteText(Double(self)) ?? "\(self)" }
    public init?(httpFieldText: String) { self.init(httpFieldText.trimmingCharacters(in: .whitespaces)) }
}

extension Data: AWSShape, AWSHTTPFieldValue {
    public init(reader: ShapeReader) throws { try self.init(json: reader.currentValue(), path: reader.path) }
    public func encode(to writer: inout ShapeWriter) { writer.value = jsonValue() }
    /// Blobs travel as base64 in JSON bodies and headers.
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws {
        guard case .string(let text) = json else { throw mismatch("a base64 string", json, path()) }
        guard let data = Data(base64Encoded: text) else { throw AWSDecodingError(path: path(), message: "not valid base64") }
        self = data
    }
    public func jsonValue() -> JSONValue { .string(base64EncodedString()) }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { base64EncodedString() }
    public init?(httpFieldText: String) { self.init(base64Encoded: httpFieldText.trimmingCharacters(in: .whitespaces)) }
}

extension Date: AWSShape, AWSHTTPFieldValue {
    public init(reader: ShapeReader) throws { try self.init(json: reader.currentValue(), path: reader.path) }
    public func encode(to writer: inout ShapeWriter) { writer.value = jsonValue() }
    /// Accepts every AWS form (epoch seconds, ISO 8601, HTTP-date), as botocore does.
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws {
        switch json {
        case .integer(let seconds):
            guard Timestamps.isRepresentable(Double(seconds)) else { throw Self.outOfRange("\(seconds)", path()) }
            self = Date(timeIntervalSince1970: Double(seconds))
        case .double(let seconds):
            guard Timestamps.isRepresentable(seconds) else { throw Self.outOfRange("\(seconds)", path()) }
            self = Date(timeIntervalSince1970: seconds)
        case .string(let text):
            guard let date = Timestamps.parse(text) else {
                throw AWSDecodingError(path: path(), message: "'\(text.prefix(64))' is not a timestamp")
            }
            self = date
        default: throw mismatch("a timestamp", json, path())
        }
    }
    private static func outOfRange(_ text: String, _ path: ValuePath) -> AWSDecodingError {
        AWSDecodingError(path: path, message: "\(text) seconds since 1970 is not a timestamp between the years 1 and 9999")
    }

    /// JSON protocols' default: epoch seconds.
    public func jsonValue() -> JSONValue { jsonValue(format: .unixTimestamp) }

    public func jsonValue(format: TimestampFormat) -> JSONValue {
        switch format {
        case .unixTimestamp:
            let seconds = Timestamps.clampedSeconds(self)
            return seconds == seconds.rounded() ? .integer(Int64(seconds)) : .double((seconds * 1000).rounded() / 1000)
        case .iso8601, .rfc822:
            return .string(Timestamps.format(self, as: format))
        }
    }
    public func httpFieldText(timestampFormat: TimestampFormat) -> String { Timestamps.format(self, as: timestampFormat) }
    public init?(httpFieldText: String) {
        guard let date = Timestamps.parse(httpFieldText) else { return nil }
        self = date
    }
}

extension JSONValue: AWSShape {
    public init(reader: ShapeReader) throws { self = try reader.currentValue() }
    public func encode(to writer: inout ShapeWriter) { writer.value = self }
    public init(json: JSONValue, path: @autoclosure () -> ValuePath) throws { self = json }
    public func jsonValue() -> JSONValue { self }
}

extension Array: AWSShape where Element: AWSShape {
    public init(reader: ShapeReader) throws {
        var result: [Element] = []
        result.reserveCapacity(reader.knownElementCount)
        try reader.forEachElement { result.append(try Element(reader: $0)) }
        self = result
    }

    public func encode(to writer: inout ShapeWriter) { writer.value = .array(map { $0.jsonValue() }) }
}

extension Dictionary: AWSShape where Key == String, Value: AWSShape {
    public init(reader: ShapeReader) throws {
        var result: [String: Value] = [:]
        // Sparse maps aside, a null map value is dropped the way botocore drops it (`forEachEntry` skips them).
        try reader.forEachEntry { key, value in result[key] = try Value(reader: value) }
        self = result
    }

    public func encode(to writer: inout ShapeWriter) { writer.value = .object(mapValues { $0.jsonValue() }) }
}

extension Optional: AWSShape where Wrapped: AWSShape {
    /// Sparse lists and maps hold nulls.
    public init(reader: ShapeReader) throws {
        if reader.isNull { self = .none } else { self = try Wrapped(reader: reader) }
    }

    public func encode(to writer: inout ShapeWriter) {
        if let self { self.encode(to: &writer) } else { writer.value = .null }
    }
}
