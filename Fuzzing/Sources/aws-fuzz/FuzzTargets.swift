import Foundation

// One harness per parser that reads untrusted bytes. The target is chosen by AWS_FUZZ_TARGET,
// so one instrumented binary serves them all. Each harness may only throw the parser's own
// error: a trap, a hang, a sanitizer report or a broken round trip is a finding.

enum FuzzTarget: String, CaseIterable {
    case json, xml, cbor, timestamps, sharedConfig = "shared-config", endpointRules = "endpoint-rules"
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
    case .xml: _ = try? AWSXMLParser.parse(bytes)
    case .cbor: fuzzCBOR(bytes)
    case .timestamps: fuzzTimestamps(bytes)
    case .sharedConfig: _ = try? SharedConfigParser.parse(String(decoding: bytes, as: UTF8.self))
    case .endpointRules: fuzzEndpointRules(bytes)
    }
    return 0
}

/// Whatever parses must serialize and parse back to the same value.
func fuzzJSON(_ bytes: [UInt8]) {
    guard let value = try? JSONParser.parse(bytes) else { return }
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
    guard let value = try? CBOR.decode(bytes) else { return }
    let encoded = CBOR.encode(value)
    guard let again = try? CBOR.decode(encoded) else { fatalError("decoded CBOR did not encode to CBOR that decodes") }
    if CBOR.encode(again) != encoded { fatalError("CBOR round trip changed the value") }
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
