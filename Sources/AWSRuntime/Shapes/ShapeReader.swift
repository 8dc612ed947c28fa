import Foundation

/// The parts of an HTTP response that output members can be bound to.
public struct HTTPResponseParts: Sendable {
    public var statusCode: Int
    public var headers: AWSHTTPHeaders
    public var body: [UInt8]
    /// The body still to be read from the network, for a response the client streams (event
    /// streams); `body` is then empty.
    var bodyStream: AsyncThrowingStream<[UInt8], any Error>?

    public init(statusCode: Int, headers: AWSHTTPHeaders, body: [UInt8]) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }
}

/// Reads one value: a structure's members (generated `init(reader:)` calls it once per member),
/// or for any other shape the single JSON value in `value`.
///
/// In a plain JSON document (nested shapes, `Codable`) every member is a key of the structure's
/// object. For an operation's output it also sees the HTTP response, so members bound to a
/// header, the status code or the payload are read from there.
///
/// A response body of the JSON and CBOR protocols is read in place (`InPlaceDocument`): a reader
/// then points into the body, and a value is parsed only when it is read; members the model does
/// not know are never built.
public struct ShapeReader {
    /// The value: held as a tree (documents, `Codable`, the XML protocols' JSON form), or read in
    /// place. (One enum rather than two fields: a reader is made per member read, and each stored
    /// reference is a retain and a release per copy.)
    private let storage: Storage

    private enum Storage {
        case tree(JSONValue)
        case node(Node)
    }

    private var tree: JSONValue {
        if case .tree(let value) = storage { return value }
        return .null
    }

    private var node: Node? {
        if case .node(let node) = storage { return node }
        return nil
    }
    /// The path of the value, but for its last step (see `path`).
    private let base: ValuePath
    /// The last step of the path, kept apart so that reading a string or a number never builds
    /// a path (an allocation) unless an error needs it. Objects carry their whole path in `base`,
    /// so the members of a structure share it.
    private let step: PathStep?
    /// The response, for an operation's output only; a reference, so that the readers of nested
    /// values (one per member read) stay a few words.
    private let context: ResponseContext?

    /// A value inside a body read in place; for an object, the index of its keys.
    struct Node {
        let document: InPlaceDocument
        let offset: Int
        let kind: InPlaceValueKind
        let entries: [InPlaceEntry]
    }

    final class ResponseContext: Sendable {
        let response: HTTPResponseParts
        /// Why the response body is not a JSON object; thrown when a body member is read, so an
        /// output whose members all come from headers or a binary payload never trips on it.
        let bodyError: AWSDecodingError?
        /// The payload structure in its JSON form, when the protocol's body is not JSON (rest-xml).
        let payloadJSON: JSONValue?

        init(response: HTTPResponseParts, bodyError: AWSDecodingError?, payloadJSON: JSONValue?) {
            self.response = response
            self.bodyError = bodyError
            self.payloadJSON = payloadJSON
        }
    }

    var response: HTTPResponseParts? { context?.response }
    private var bodyError: AWSDecodingError? { context?.bodyError }
    private var payloadJSON: JSONValue? { context?.payloadJSON }

    enum PathStep {
        case key(String)
        case index(Int)
    }

    /// Where the value is, for error messages (`$.models[2].modelArn`).
    public var path: ValuePath {
        switch step {
        case nil: base
        case .key(let key): base.appending(key)
        case .index(let index): base.appending(index)
        }
    }

    /// The value in its JSON form. (Read in place, it is parsed here; a number out of range, the one
    /// thing validation leaves to this point, reads as null: `init(reader:)`s use `currentValue()`.)
    public var value: JSONValue { (try? currentValue()) ?? .null }

    /// The value in its JSON form, parsed from the body when it is read in place.
    func currentValue() throws -> JSONValue {
        guard let node else { return tree }
        do {
            return try node.document.value(at: node.offset)
        } catch var error {
            error.path = path.description
            throw error
        }
    }

    /// A reader of `value`, found at `path`.
    public init(value: JSONValue, path: ValuePath = .root) {
        self.storage = .tree(value)
        self.base = path
        self.step = nil
        self.context = nil
    }

    /// A reader of a structure's members.
    public init(object: [String: JSONValue], path: ValuePath = .root) {
        self.init(value: .object(object), path: path)
    }

    /// A reader of a member or element of the value at `parent`.
    init(value: JSONValue, parent: ValuePath, step: PathStep) {
        self.storage = .tree(value)
        if case .object = value {
            self.base = Self.appending(step, to: parent)
            self.step = nil
        } else {
            self.base = parent
            self.step = step
        }
        self.context = nil
    }

    /// A reader of the value at `offset` of a document read in place, a member or element of `parent`.
    init(document: InPlaceDocument, offset: Int, parent: ValuePath, step: PathStep?) throws {
        let kind = document.kind(at: offset)
        self.context = nil
        if kind == .object {
            let path = step.map { Self.appending($0, to: parent) } ?? parent
            self.base = path
            self.step = nil
            self.storage = .node(Node(document: document, offset: offset, kind: kind, entries: try document.entries(ofObjectAt: offset, path: path)))
        } else {
            self.base = parent
            self.step = step
            self.storage = .node(Node(document: document, offset: offset, kind: kind, entries: []))
        }
    }

    init(object: [String: JSONValue], response: HTTPResponseParts, bodyError: AWSDecodingError?, payloadJSON: JSONValue? = nil) {
        self.storage = .tree(.object(object))
        self.base = .root
        self.step = nil
        self.context = ResponseContext(response: response, bodyError: bodyError, payloadJSON: payloadJSON)
    }

    /// A reader of an operation's output (or error) whose body is read in place; the body's root
    /// must be an object (the protocol checks it).
    init(document: InPlaceDocument, response: HTTPResponseParts) throws {
        let root = document.rootOffset
        self.base = .root
        self.step = nil
        self.storage = .node(Node(document: document, offset: root, kind: .object, entries: try document.entries(ofObjectAt: root, path: .root)))
        self.context = ResponseContext(response: response, bodyError: nil, payloadJSON: nil)
    }

    private static func appending(_ step: PathStep, to path: ValuePath) -> ValuePath {
        switch step {
        case .key(let key): path.appending(key)
        case .index(let index): path.appending(index)
        }
    }

    /// Whether the value is null (or absent from a sparse list or map).
    var isNull: Bool {
        guard let node else {
            if case .null = tree { return true }
            return false
        }
        return node.kind == .null
    }

    /// The structure's member `key` (nil when absent or null), looked up in place; the last of
    /// repeated keys wins, as it does in a parsed object.
    @inline(__always)
    private func member(_ key: String) throws -> ShapeReader? {
        if let context, let bodyError = context.bodyError { throw bodyError }
        if let node {
            guard node.kind == .object else { throw mismatch("an object", try currentValue(), path) }
            guard let entry = node.entries.last(where: { node.document.entry($0, hasKey: key) }) else { return nil }
            let offset = Int(entry.valueStart)
            if node.document.kind(at: offset) == .null { return nil }
            return try ShapeReader(document: node.document, offset: offset, parent: base, step: .key(key))
        }
        guard case .object(let object) = tree else { throw mismatch("an object", tree, path) }
        guard let member = object[key] else { return nil }
        if case .null = member { return nil }
        return ShapeReader(value: member, parent: base, step: .key(key))
    }

    /// The number of elements when the value is an array held as a tree (for reserving), else 0.
    var knownElementCount: Int {
        if node == nil, case .array(let elements) = tree { return elements.count }
        return 0
    }

    /// Calls `body` with a reader of each element, in order; an error when the value is not an array.
    func forEachElement(_ body: (ShapeReader) throws -> Void) throws {
        let base = path
        if let node {
            guard node.kind == .array else { throw mismatch("an array", try currentValue(), base) }
            var cursor = node.document.elements(ofArrayAt: node.offset)
            var index = 0
            while let offset = node.document.nextElement(&cursor) {
                try body(ShapeReader(document: node.document, offset: offset, parent: base, step: .index(index)))
                index += 1
            }
            return
        }
        guard case .array(let elements) = tree else { throw mismatch("an array", tree, base) }
        for (index, element) in elements.enumerated() {
            try body(ShapeReader(value: element, parent: base, step: .index(index)))
        }
    }

    /// Calls `body` with each key and a reader of its value, skipping null values; an error when
    /// the value is not an object.
    func forEachEntry(_ body: (String, ShapeReader) throws -> Void) throws {
        if let node {
            guard node.kind == .object else { throw mismatch("an object", try currentValue(), path) }
            for entry in node.entries where node.document.kind(at: Int(entry.valueStart)) != .null {
                let key = try node.document.key(entry)
                try body(key, ShapeReader(document: node.document, offset: Int(entry.valueStart), parent: base, step: .key(key)))
            }
            return
        }
        guard case .object(let object) = tree else { throw mismatch("an object", tree, path) }
        for (key, value) in object {
            if case .null = value { continue }
            try body(key, ShapeReader(value: value, parent: base, step: .key(key)))
        }
    }

    /// Reads an operation's output from a response the protocol has turned into the JSON form;
    /// a decoding error names the output shape.
    static func output<Output: AWSShape>(
        _ type: Output.Type, object: [String: JSONValue], response: HTTPResponseParts, bodyError: AWSDecodingError?, payloadJSON: JSONValue? = nil
    ) throws -> Output {
        try output(Output.self) { ShapeReader(object: object, response: response, bodyError: bodyError, payloadJSON: payloadJSON) }
    }

    /// Reads an operation's output from a body read in place.
    static func output<Output: AWSShape>(_ type: Output.Type, document: InPlaceDocument, response: HTTPResponseParts) throws -> Output {
        try output(Output.self) { try ShapeReader(document: document, response: response) }
    }

    /// Every protocol ends here: a decoding error names the output shape.
    private static func output<Output: AWSShape>(_ type: Output.Type, reader: () throws -> ShapeReader) throws -> Output {
        do {
            return try Output(reader: reader())
        } catch var error as AWSDecodingError {
            error.shapeName = Output.shapeName
            throw error
        }
    }

    // MARK: body members

    public func optional<T: AWSShape>(_ key: String) throws -> T? {
        guard let member = try member(key) else { return nil }
        return try T(reader: member)
    }

    public func required<T: AWSShape>(_ key: String) throws -> T {
        guard let member = try member(key) else {
            if let zero = ErrorCorrection.zeroValue(T.self, path: path.appending(key)) { return zero }
            throw AWSDecodingError(path: path.appending(key), message: "the required member is missing")
        }
        return try T(reader: member)
    }

    /// The one member a union holds; an error when there is none or more than one.
    public func unionMember() throws -> String {
        if let bodyError { throw bodyError }
        var keys: [String] = []
        if let node, node.kind == .object {
            // Keys only: the members' values are read once the caller knows which one it is.
            for entry in node.entries where node.document.kind(at: Int(entry.valueStart)) != .null {
                let key = try node.document.key(entry)
                if key != "__type" { keys.append(key) }
            }
        } else {
            try forEachEntry { key, _ in if key != "__type" { keys.append(key) } }
        }
        guard keys.count == 1 else {
            throw AWSDecodingError(path: path, message: keys.isEmpty
                ? "a union must hold exactly one member, found none"
                : "a union must hold exactly one member, found \(keys.sorted().joined(separator: ", "))")
        }
        return keys[0]
    }

    // MARK: HTTP-bound members

    public func optionalHeader<T: AWSShape & AWSHTTPFieldValue>(_ member: String, _ header: String) throws -> T? {
        guard let response else { return try optional(member) }
        guard let text = response.headers[header] else { return nil }
        guard let value = T(httpFieldText: text) else {
            throw AWSDecodingError(path: .location("header \(header)"), message: "'\(text.prefix(100))' is not a valid \(T.self)")
        }
        return value
    }

    /// A header that may hold something other than its type (S3's `Expires`): nil when it does not parse.
    public func lenientHeader<T: AWSShape & AWSHTTPFieldValue>(_ member: String, _ header: String) throws -> T? {
        guard let response else { return try? optional(member) }
        return response.headers[header].flatMap { T(httpFieldText: $0) }
    }

    public func requiredHeader<T: AWSShape & AWSHTTPFieldValue>(_ member: String, _ header: String) throws -> T {
        guard let value: T = try optionalHeader(member, header) else {
            if let zero = ErrorCorrection.zeroValue(T.self, path: path.appending(member)) { return zero }
            throw AWSDecodingError(path: response == nil ? path.appending(member) : .location("header \(header)"), message: "the required member is missing")
        }
        return value
    }

    /// A `jsonvalue` header: base64 of JSON text.
    public func jsonHeader(_ member: String, _ header: String) throws -> JSONValue? {
        guard let response else { return try optional(member) }
        guard let text = response.headers[header] else { return nil }
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)),
              let json = try? JSONParser.parse(data)
        else {
            throw AWSDecodingError(path: .location("header \(header)"), message: "not base64-encoded JSON")
        }
        return json
    }

    /// Headers whose names start with `prefix`, keyed by the rest of the name.
    public func headerMap(_ member: String, prefix: String) throws -> [String: String]? {
        guard let response else { return try optional(member) }
        var result: [String: String] = [:]
        for field in response.headers where field.name.count >= prefix.count
            && String(field.name.prefix(prefix.count)).caseInsensitiveEquals(prefix)
        {
            result[String(field.name.dropFirst(prefix.count))] = field.value
        }
        return result
    }

    public func statusCode(_ member: String) throws -> Int? {
        guard let response else { return try optional(member) }
        return response.statusCode
    }

    /// A blob, string, enum or document bound to the HTTP body.
    public func optionalPayload<T: AWSPayloadValue>(_ member: String) throws -> T? {
        try payload(member, isStructure: false) { try T(awsPayload: $0, path: $1) }
    }

    public func requiredPayload<T: AWSPayloadValue>(_ member: String) throws -> T {
        try required(payload: payload(member, isStructure: false) { try T(awsPayload: $0, path: $1) }, member)
    }

    /// A structure or union bound to the HTTP body. (Named apart from `optionalPayload`: every
    /// payload value is an `AWSShape` too, so overloads would be ambiguous.)
    public func optionalStructurePayload<T: AWSShape>(_ member: String) throws -> T? {
        try payload(member, isStructure: true) { try T(awsPayload: $0, path: $1) }
    }

    public func requiredStructurePayload<T: AWSShape>(_ member: String) throws -> T {
        try required(payload: payload(member, isStructure: true) { try T(awsPayload: $0, path: $1) }, member)
    }

    /// The payload member from the response: its JSON form when the protocol gave one, else the body
    /// as `fromBody` reads it. A body that failed to parse is an error only for a structure.
    private func payload<T: AWSShape>(
        _ member: String, isStructure: Bool, fromBody: ([UInt8], ValuePath) throws -> T
    ) throws -> T? {
        guard let response else { return try optional(member) }
        if let payloadJSON { return try T(json: payloadJSON, path: .location("payload \(member)")) }
        if isStructure, let bodyError { throw bodyError }
        if response.body.isEmpty { return nil }
        return try fromBody(response.body, .location("payload \(member)"))
    }

    private func required<T: AWSShape>(payload value: T?, _ member: String) throws -> T {
        guard let value else {
            if let zero = ErrorCorrection.zeroValue(T.self, path: path.appending(member)) { return zero }
            throw AWSDecodingError(path: path.appending(member), message: "the required payload is missing")
        }
        return value
    }
}

extension Array: AWSHTTPFieldValue where Element: AWSHTTPFieldValue {
    /// Lists in headers are comma-separated; elements holding commas or quotes are quoted.
    public func httpFieldText(timestampFormat: TimestampFormat) -> String {
        map { element in
            let text = element.httpFieldText(timestampFormat: timestampFormat)
            guard Element.self != Date.self, text.contains(",") || text.contains("\"") else { return text }
            return "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        }.joined(separator: ", ")
    }

    public init?(httpFieldText: String) {
        var result: [Element] = []
        let items = Element.self == Date.self ? Self.splitHTTPDates(httpFieldText) : Self.splitQuoted(httpFieldText)
        for item in items {
            guard let element = Element(httpFieldText: item) else { return nil }
            result.append(element)
        }
        self = result
    }

    static func splitQuoted(_ text: String) -> [String] {
        var items: [String] = []
        var current = ""
        var quoted = false
        var escaped = false
        var wasQuoted = false
        for character in text {
            if escaped { current.append(character); escaped = false; continue }
            switch character {
            case "\\" where quoted: escaped = true
            case "\"": quoted.toggle(); wasQuoted = true
            case "," where !quoted:
                items.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
                current = ""; wasQuoted = false
            case " " where !quoted && wasQuoted: continue
            default: current.append(character)
            }
        }
        items.append(wasQuoted ? current : current.trimmingCharacters(in: .whitespaces))
        return items.map { $0.trimmingCharacters(in: .whitespaces) == $0 ? $0 : $0 }
    }

    /// HTTP-dates hold a comma themselves: `Mon, 16 Dec 2019 23:48:18 GMT, Tue, ...`.
    static func splitHTTPDates(_ text: String) -> [String] {
        let parts = text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var items: [String] = []
        var index = 0
        while index < parts.count {
            if index + 1 < parts.count, parts[index].count == 3 {
                items.append(parts[index] + ", " + parts[index + 1])
                index += 2
            } else {
                items.append(parts[index])
                index += 1
            }
        }
        return items
    }
}
