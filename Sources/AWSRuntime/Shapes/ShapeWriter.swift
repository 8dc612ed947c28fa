import Foundation

/// The parts of an HTTP request that input members can be bound to.
public struct HTTPRequestParts: Sendable {
    public var headers = AWSHTTPHeaders()
    public var query: [(name: String, value: String)] = []
    /// Entries of maps bound to the query string: added after the named parameters, never
    /// replacing one (`allQueryParameters` gives both in order).
    public var queryMapEntries: [(name: String, value: String)] = []
    /// Label values, already text (not yet percent-encoded).
    public var labels: [String: String] = [:]
    /// Set when the input names a payload member that has a value.
    public var payload: (bytes: [UInt8], contentType: String)?
    /// Whether the input has a payload member at all (then there is no JSON body).
    public var hasPayloadMember = false
    /// Whether that payload is a structure or document (then an absent one is an empty object),
    /// rather than raw bytes or text.
    public var payloadIsStructured = false
    /// A structure payload in its JSON form, with its schema when it has one (rest-xml writes it as XML).
    public var structuredPayload: (json: JSONValue, schema: AWSShapeSchema?)?
    /// Whether the input has members that go in the body (set or not): then an empty body is `{}`.
    public var hasBodyMembers = false
    /// Values of `hostLabel` members, for the operation's host prefix.
    public var hostLabels: [String: String] = [:]
    /// An input event stream, which becomes the body when the request is sent.
    var inputEventStream: InputEventStream?
    /// A streaming payload whose bytes are not in memory (a file, a stream): read as the request is sent.
    var payloadStream: AWSByteStream?

    public init() {}

    /// The named query parameters, then the entries of query maps whose names are not taken.
    public var allQueryParameters: [(name: String, value: String)] {
        let named = Set(query.map(\.name))
        return query + queryMapEntries.filter { !named.contains($0.name) }
    }
}

/// Writes one value: a structure's members (generated `encode(to:)` calls it once per member), or
/// for any other shape its single JSON value in `value`.
///
/// As a plain JSON document (nested shapes, `Codable`) every member becomes a key of `object`.
/// For an operation's input it also fills the HTTP request: members bound to a header, a query
/// parameter, a URI label or the payload go there instead of into the body.
public struct ShapeWriter {
    /// A structure's members.
    public var object: [String: JSONValue] = [:]
    /// The value written by a shape that is not a structure (a string, a list...).
    public var value: JSONValue?
    public internal(set) var request: HTTPRequestParts?

    public init() {}

    /// What was written, as one JSON value: the single value, or else the members as an object.
    public var jsonValue: JSONValue { value ?? .object(object) }

    init(request: HTTPRequestParts) { self.request = request }

    /// An operation's input written for a request: HTTP-bound members in `request`, the body's
    /// members in `object`. Every protocol starts here.
    static func request<Input: AWSShape>(encoding input: Input) -> ShapeWriter {
        var writer = ShapeWriter(request: HTTPRequestParts())
        input.encode(to: &writer)
        return writer
    }

    /// Whether this writer fills an HTTP request (rather than a plain document).
    public var isRequest: Bool { request != nil }

    // MARK: body members

    public mutating func put<T: AWSShape>(_ key: String, _ value: T?) {
        if request != nil { request!.hasBodyMembers = true }
        if let value { object[key] = value.jsonValue() }
    }

    public mutating func put(_ key: String, _ value: Date?, format: TimestampFormat) {
        if request != nil { request!.hasBodyMembers = true }
        if let value { object[key] = value.jsonValue(format: format) }
    }

    /// Records a member bound to a `{label}` of the operation's host prefix.
    public mutating func hostLabel(_ label: String, _ value: String?) {
        guard request != nil, let value else { return }
        request!.hostLabels[label] = value
    }

    /// A fresh token for an idempotency-token member the caller left empty, when sending.
    public func idempotencyToken() -> String? {
        request == nil ? nil : UUID().uuidString
    }

    // MARK: HTTP-bound members

    public mutating func header<T: AWSShape & AWSHTTPFieldValue>(
        _ member: String, _ header: String, _ value: T?, format: TimestampFormat = .rfc822
    ) {
        guard let value else { return }
        guard request != nil else { return put(member, value) }
        let text = value.httpFieldText(timestampFormat: format)
        // An empty list sends no header.
        if let list = value as? [any AWSHTTPFieldValue], list.isEmpty { return }
        request!.headers.add(name: header, value: text)
    }

    /// A `jsonvalue` header: the JSON text, base64-encoded.
    public mutating func jsonHeader(_ member: String, _ header: String, _ value: JSONValue?) {
        guard let value else { return }
        guard request != nil else { return put(member, value) }
        request!.headers.add(name: header, value: Data(JSONSerializer.serialize(value)).base64EncodedString())
    }

    public mutating func headerMap(_ member: String, prefix: String, _ value: [String: String]?) {
        guard let value else { return }
        guard request != nil else { return put(member, value) }
        for key in value.keys.sorted() {
            request!.headers.add(name: prefix + key, value: value[key]!)
        }
    }

    public mutating func query<T: AWSShape & AWSHTTPFieldValue>(
        _ member: String, _ name: String, _ value: T?, format: TimestampFormat = .iso8601
    ) {
        guard let value else { return }
        guard request != nil else { return put(member, value) }
        request!.query.append((name, value.httpFieldText(timestampFormat: format)))
    }

    /// A list in the query string repeats its key once per element.
    public mutating func query<T: AWSShape & AWSHTTPFieldValue>(
        _ member: String, _ name: String, _ value: [T]?, format: TimestampFormat = .iso8601
    ) {
        guard let value else { return }
        guard request != nil else { return put(member, value) }
        for element in value {
            request!.query.append((name, element.httpFieldText(timestampFormat: format)))
        }
    }

    /// A map bound to the query string adds its entries as parameters, after (and never
    /// replacing) the parameters bound by name.
    public mutating func queryMap<T: AWSShape & AWSHTTPFieldValue>(_ member: String, _ value: [String: T]?) {
        guard let value else { return }
        guard request != nil else { return put(member, value) }
        for key in value.keys.sorted() {
            request!.queryMapEntries.append((key, value[key]!.httpFieldText(timestampFormat: .iso8601)))
        }
    }

    public mutating func queryMap<T: AWSShape & AWSHTTPFieldValue>(_ member: String, _ value: [String: [T]]?) {
        guard let value else { return }
        guard request != nil else { return put(member, value) }
        for key in value.keys.sorted() {
            for element in value[key]! {
                request!.queryMapEntries.append((key, element.httpFieldText(timestampFormat: .iso8601)))
            }
        }
    }

    public mutating func label<T: AWSShape & AWSHTTPFieldValue>(
        _ member: String, _ label: String, _ value: T?, format: TimestampFormat = .iso8601
    ) {
        guard let value else { return }
        guard request != nil else { return put(member, value) }
        request!.labels[label] = value.httpFieldText(timestampFormat: format)
    }

    /// A blob, string, enum or document bound to the HTTP body.
    public mutating func payload<T: AWSPayloadValue>(_ member: String, _ value: T?) {
        guard request != nil else { return put(member, value) }
        request!.hasPayloadMember = true
        request!.payloadIsStructured = !(T.self == Data.self || T.self == String.self || T.self == AWSByteStream.self)
        if let stream = value as? AWSByteStream, !stream.isInMemory {
            request!.payloadStream = stream
            request!.payload = ([], "application/octet-stream")
        } else if let value {
            request!.payload = value.awsPayload()
        }
    }

    /// A structure or union bound to the HTTP body. (Named apart from `payload`: every payload
    /// value is an `AWSShape` too, so overloads would be ambiguous.)
    public mutating func structurePayload<T: AWSShape>(_ member: String, _ value: T?) {
        guard request != nil else { return put(member, value) }
        request!.hasPayloadMember = true
        request!.payloadIsStructured = true
        if let value {
            request!.payload = value.awsPayload()
            request!.structuredPayload = (value.jsonValue(), (T.self as? any AWSSchemaShape.Type)?.schema)
        }
    }
}
