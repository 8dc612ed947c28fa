import AWSJMESPath
import Foundation

// One harness per parser that reads untrusted bytes. The target is chosen by AWS_FUZZ_TARGET,
// so one instrumented binary serves them all. Each harness may only throw the parser's own
// error: a trap, a hang, a sanitizer report or a broken round trip is a finding.

enum FuzzTarget: String, CaseIterable {
    case json, xml, cbor, timestamps, sharedConfig = "shared-config", endpointRules = "endpoint-rules", eventStream = "event-stream"
    case jmespath
}

let selectedTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["AWS_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        fatalError("set AWS_FUZZ_TARGET to one of: \(FuzzTarget.allCases.map(\.rawValue).joined(separator: ", "))")
    }
    return target
}()

/// S3's endpoint rule set, the largest, loaded once from AWS_FUZZ_RULE_SET.
let s3RuleSet: AWSEndpointRuleSet? = {
    guard let path = ProcessInfo.processInfo.environment["AWS_FUZZ_RULE_SET"],
          let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return nil }
    return try? AWSEndpointRuleSet(json: text)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = Array(UnsafeRawBufferPointer(start: start, count: count))
    switch selectedTarget {
    case .json: fuzzJSON(bytes)
    case .xml: fuzzXML(bytes)
    case .cbor: fuzzCBOR(bytes)
    case .timestamps: fuzzTimestamps(bytes)
    case .sharedConfig: _ = try? SharedConfigParser.parse(String(decoding: bytes, as: UTF8.self))
    case .endpointRules: fuzzEndpointRules(bytes)
    case .eventStream: fuzzEventStream(bytes)
    case .jmespath: fuzzJMESPath(bytes)
    }
    return 0
}

/// Whatever parses must serialize and parse back to the same value; reading in place must accept
/// exactly what the parser accepts, and read the same value.
func fuzzJSON(_ bytes: [UInt8]) {
    let document = try? JSONInPlaceDocument(validating: bytes)
    guard let value = try? JSONParser.parse(bytes) else {
        // In place, a number out of Double's range is an error only where it is read.
        if let document, (try? document.walk(at: document.rootOffset)) != nil { fatalError("read in place what the parser refuses") }
        return
    }
    guard let document else { fatalError("the in-place reader refused what the parser accepts") }
    guard let walked = try? document.walk(at: document.rootOffset), sameJSON(walked, value) else { fatalError("read in place differs from the parsed tree") }
    let again = try? JSONParser.parse(JSONSerializer.serialize(value))
    if let again, !sameJSON(again, value) { fatalError("JSON round trip changed the value") }
    if again == nil { fatalError("JSON that parsed did not serialize to JSON that parses") }
}

/// Numbers compare by value (`-3e2` is written back as `-300`); everything else with ==.
func sameJSON(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)): return x == y
    case (.double(let x), .integer(let y)), (.integer(let y), .double(let x)): return x == Double(y)
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(sameJSON)
    case (.object(let x), .object(let y)): return x.count == y.count && x.allSatisfy { key, value in y[key].map { sameJSON(value, $0) } ?? false }
    default: return a == b
    }
}

/// Whatever decodes must encode to CBOR that decodes and encodes to the same bytes again
/// (compared as encodings, since NaN is not equal to itself).
func fuzzCBOR(_ bytes: [UInt8]) {
    let document = try? CBORInPlaceDocument(validating: bytes)
    guard let value = try? CBOR.decode(bytes) else {
        if document != nil { fatalError("the in-place reader accepted what the decoder refuses") }
        return
    }
    guard let document else { fatalError("the in-place reader refused what the decoder accepts") }
    // The JSON form fails for a map key that is not text, in both readings alike.
    let tree = try? CBOR.jsonValue(value)
    let walked = try? document.walk(at: document.rootOffset)
    if let tree, let walked { if !sameJSONOrNaN(walked, tree) { fatalError("read in place differs from the decoded tree") } }
    else if (tree == nil) != (walked == nil) { fatalError("the in-place reader and the decoder disagree on the JSON form") }
    let encoded = CBOR.encode(value)
    guard let again = try? CBOR.decode(encoded) else { fatalError("decoded CBOR did not encode to CBOR that decodes") }
    if CBOR.encode(again) != encoded { fatalError("CBOR round trip changed the value") }
}

/// NaN is not equal to itself; compare the two readings with that allowed.
func sameJSONOrNaN(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case (.double(let x), .double(let y)): return x == y || (x.isNaN && y.isNaN)
    case (.array(let x), .array(let y)): return x.count == y.count && zip(x, y).allSatisfy(sameJSONOrNaN)
    case (.object(let x), .object(let y)): return x.count == y.count && x.allSatisfy { key, value in y[key].map { sameJSONOrNaN(value, $0) } ?? false }
    default: return a == b
    }
}

/// Reading into a value (reading every other child, checking the rest) must accept exactly what
/// the whole parse accepts.
func fuzzXML(_ bytes: [UInt8]) {
    let whole = try? AWSXMLParser.parse(bytes)
    let read = try? AWSXMLParser.read(bytes) { _ in EveryOtherChild() }
    if (whole == nil) != (read == nil) { fatalError("reading into a value and the whole parse disagree on well-formedness") }
}

/// A form that reads even-numbered children (recursively) and its text, and skips the rest.
final class EveryOtherChild: XMLForm {
    var readsText: Bool { true }
    var readsAttributes: Bool { true }
    func child(_ name: String, position: Int) -> (slot: Int, form: any XMLForm)? { position % 2 == 0 ? (0, self) : nil }
    func start() -> XMLFormState { .values([]) }
    func add(_ value: JSONValue, slot: Int, to state: inout XMLFormState) {
        if case .values(var values) = state { state = .none; values.append(value); state = .values(values) }
    }
    func finish(_ state: XMLFormState, attributes: [(name: String, value: String)], text: String) -> JSONValue {
        if case .values(let values) = state, !values.isEmpty { return .array(values) }
        return .string(text)
    }
}

/// A parsed timestamp is inside the representable range, and formats without trapping.
func fuzzTimestamps(_ bytes: [UInt8]) {
    let text = String(decoding: bytes, as: UTF8.self)
    guard let date = Timestamps.parse(text) else { return }
    if !Timestamps.isRepresentable(date.timeIntervalSince1970) { fatalError("parsed a date outside the representable range") }
    for format in [TimestampFormat.iso8601, .rfc822, .unixTimestamp] { _ = Timestamps.format(date, as: format) }
    _ = Timestamps.iso8601Basic(date)
}

/// Parameters from the input (fields split at 0x00) against S3's rule set.
func fuzzEndpointRules(_ bytes: [UInt8]) {
    guard let ruleSet = s3RuleSet, let flags = bytes.first else { return }
    let fields = bytes.dropFirst().split(separator: 0, omittingEmptySubsequences: false).map { String(decoding: $0, as: UTF8.self) }
    var values: [String: AWSEndpointValue] = [
        "UseFIPS": .bool(flags & 1 != 0), "UseDualStack": .bool(flags & 2 != 0), "ForcePathStyle": .bool(flags & 4 != 0),
        "Accelerate": .bool(flags & 8 != 0), "UseGlobalEndpoint": .bool(flags & 16 != 0), "UseArnRegion": .bool(flags & 32 != 0),
    ]
    let names = ["Region", "Bucket", "Endpoint", "Key", "Prefix", "CopySource"]
    for (name, field) in zip(names, fields) { values[name] = .string(field) }
    _ = try? ruleSet.resolve(values)
}

/// Any bytes, in chunks of sizes taken from the first byte: messages that decode must encode back
/// to exactly their bytes, and reading in chunks must give what reading whole gives.
func fuzzEventStream(_ bytes: [UInt8]) {
    guard let first = bytes.first else { return }
    let stream = Array(bytes.dropFirst())
    func read(chunk: Int) -> (messages: [AWSEventStreamMessage], failed: Bool) {
        var decoder = AWSEventStreamDecoder()
        var messages: [AWSEventStreamMessage] = []
        var start = 0
        do {
            while start < stream.count {
                let end = min(stream.count, start + chunk)
                decoder.append(stream[start..<end])
                while let message = try decoder.next() { messages.append(message) }
                start = end
            }
            try decoder.finish()
            return (messages, false)
        } catch {
            return (messages, true)
        }
    }
    let whole = read(chunk: max(1, stream.count))
    let chunked = read(chunk: Int(first % 16) + 1)
    if whole.messages != chunked.messages || whole.failed != chunked.failed { fatalError("reading in chunks differs from reading whole") }
    var encoded: [UInt8] = []
    for message in whole.messages {
        guard let bytes = try? message.encoded() else { fatalError("a decoded message does not encode") }
        encoded += bytes
    }
    if !whole.failed, encoded != stream { fatalError("decoded messages do not encode back to their bytes") }
}

/// A JMESPath expression (the first line) over a JSON document (the rest): compiling and
/// searching may only throw `JMESPathError`; renaming fields to themselves changes nothing.
func fuzzJMESPath(_ bytes: [UInt8]) {
    let split = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
    let text = String(decoding: bytes[..<split], as: UTF8.self)
    let document = split < bytes.endIndex ? (try? JSONParser.parse(Array(bytes[(split + 1)...]))) ?? .null : .null
    guard let expression = try? JMESPathExpression(text) else { return }
    _ = try? JMESPathExpression.strict(text)
    _ = try? expression.search(document)
    if expression.root.replacingFields(expression.root.fieldNames()) != expression.root { fatalError("renaming fields to themselves changed the tree") }
}
