import AWSRuntime
import Foundation

/// Runs one case through its generated function and compares with the suite's expectation,
/// as botocore's own runner (tests/unit/test_protocols.py) compares; nil when it matches.
enum ConformanceCheck {
    static func run(_ testCase: ProtocolTestCase, suite: JSONValue, caseValue: JSONValue, protocolName: String, isInput: Bool) async -> String? {
        let endpoint = URL(string: suite["clientEndpoint"]?.stringValue ?? "https://example.com")!
        let harness = ProtocolTestHarness(endpoint: endpoint, response: response(caseValue["response"], suite: suite, protocolName: protocolName))
        let outcome: ProtocolTestOutcome
        do { outcome = try await testCase.run(harness) } catch { return "threw \(error)" }
        if case .generationFailed(let message) = outcome { return "generation failed: \(message)" }
        if isInput {
            guard let request = harness.requests.first else {
                if case .sent(let error?) = outcome { return "nothing sent: \(error)" }
                return "nothing sent"
            }
            return compareRequest(request, expected: caseValue["serialized"] ?? .object([:]), endpoint: endpoint, protocolName: protocolName)
        }
        switch outcome {
        case .output(let actual, let expected):
            return same(actual, expected) ? nil : "parsed \(describe(actual)), expected \(describe(expected))"
        case .error(let error, let expected):
            return compareError(error, expected: expected, caseValue: caseValue)
        case .unexpectedSuccess:
            return "the call succeeded; expected error \(caseValue["errorCode"]?.stringValue ?? "")"
        case .sent, .generationFailed:
            return "unexpected outcome \(outcome)"
        }
    }

    static func response(_ value: JSONValue?, suite: JSONValue, protocolName: String) -> AWSHTTPResponse {
        guard let value else { return AWSHTTPResponse(statusCode: 200, body: .bytes(Array("{}".utf8))) }
        var headers = AWSHTTPHeaders()
        if case .object(let fields)? = value["headers"] {
            for (name, field) in fields.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: field.stringValue ?? "") }
        }
        let status: Int
        if case .integer(let code)? = value["status_code"] { status = Int(code) } else { status = 200 }
        let body = value["body"]?.stringValue ?? ""
        // CBOR suites, and suites whose output is an event stream, give bodies in base64.
        if protocolName == "smithy-rpc-v2-cbor" || hasEventStream(suite) {
            return AWSHTTPResponse(statusCode: status, headers: headers, body: .bytes(Array(Data(base64Encoded: body) ?? Data())))
        }
        return AWSHTTPResponse(statusCode: status, headers: headers, body: .bytes(Array(body.utf8)))
    }

    /// Whether a suite's model has an event stream (whose cases give the stream's bytes in base64).
    static func hasEventStream(_ suite: JSONValue) -> Bool {
        guard case .object(let shapes)? = suite["shapes"] else { return false }
        return shapes.values.contains { $0["eventstream"] == .bool(true) }
    }

    static func compareRequest(_ request: AWSHTTPRequest, expected: JSONValue, endpoint: URL, protocolName: String) -> String? {
        var problems: [String] = []
        if let method = expected["method"]?.stringValue, method != request.method { problems.append("method \(request.method) != \(method)") }
        // The URI: the path below the endpoint's own path, and the query as a set of items.
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        var path = components?.percentEncodedPath ?? ""
        let basePath = endpoint.path.hasSuffix("/") ? String(endpoint.path.dropLast()) : endpoint.path
        if !basePath.isEmpty, path.hasPrefix(basePath) { path = String(path.dropFirst(basePath.count)) }
        if path.isEmpty { path = "/" }
        let expectedURI = expected["uri"]?.stringValue ?? ""
        let expectedSplit = expectedURI.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        if String(expectedSplit[0]) != path { problems.append("path \(path) != \(expectedSplit[0])") }
        let actualQuery = (components?.percentEncodedQuery ?? "").split(separator: "&").map(String.init).sorted()
        let expectedQuery = (expectedSplit.count > 1 ? expectedSplit[1] : "").split(separator: "&").map(String.init).sorted()
        if actualQuery != expectedQuery { problems.append("query \(actualQuery) != \(expectedQuery)") }
        // Headers: every expected one with its value (list values compared without the space
        // after commas, as botocore does), no forbidden one, every required one.
        if case .object(let headers)? = expected["headers"] {
            for (name, value) in headers.sorted(by: { $0.key < $1.key }) {
                guard var wanted = value.stringValue else { continue }
                if protocolName == "rest-json", name.lowercased() == "content-type", wanted != "application/json" { continue }
                if protocolName == "rest-xml", name.lowercased() == "content-type" { continue }
                if ["query", "ec2"].contains(protocolName), name.lowercased() == "content-type", !wanted.contains("charset=utf-8") { wanted += "; charset=utf-8" }
                let actual = request.headers.values(for: name).joined(separator: ",")
                if request.headers[name] == nil { problems.append("missing header \(name)"); continue }
                if actual.replacingOccurrences(of: ", ", with: ",") != wanted.replacingOccurrences(of: ", ", with: ",") {
                    problems.append("header \(name): \(actual) != \(wanted)")
                }
            }
        }
        if case .array(let forbidden)? = expected["forbidHeaders"] {
            for name in forbidden.compactMap(\.stringValue) where request.headers[name] != nil { problems.append("forbidden header \(name) sent") }
        }
        if case .array(let required)? = expected["requireHeaders"] {
            for name in required.compactMap(\.stringValue) where request.headers[name] == nil { problems.append("required header \(name) missing") }
        }
        if let host = expected["host"]?.stringValue {
            let actual = (request.url.host ?? "") + (request.url.port.map { ":\($0)" } ?? "")
            if actual != host { problems.append("host \(actual) != \(host)") }
        }
        if let wanted = expected["body"]?.stringValue {
            let actual: [UInt8]
            if case .bytes(let bytes) = request.body { actual = bytes } else { actual = [] }
            if let problem = compareBody(actual, Array(wanted.utf8), protocolName: protocolName) { problems.append(problem) }
        }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// JSON bodies as JSON values (when both parse), form bodies as form values (the order of
    /// parameters carries no meaning), anything else byte for byte.
    static func compareBody(_ actual: [UInt8], _ expected: [UInt8], protocolName: String) -> String? {
        if ["json", "rest-json"].contains(protocolName), let left = try? JSONParser.parse(actual), let right = try? JSONParser.parse(expected) {
            return left == right ? nil : "body \(describe(left)) != \(describe(right))"
        }
        if protocolName == "smithy-rpc-v2-cbor" {
            guard let expectedBytes = Data(base64Encoded: String(decoding: expected, as: UTF8.self)) else { return "the expected body is not base64" }
            if actual.isEmpty || expectedBytes.isEmpty { return actual.isEmpty == expectedBytes.isEmpty ? nil : "body \(actual.count) bytes, expected \(expectedBytes.count)" }
            do {
                let (left, right) = (try CBOR.decode(actual), try CBOR.decode(expectedBytes))
                return sameCBOR(left, right) ? nil : "CBOR body \(left) != \(right)"
            } catch {
                return "body is not CBOR: \(error)"
            }
        }
        if protocolName == "rest-xml", let left = try? AWSXMLParser.parse(actual), let right = try? AWSXMLParser.parse(expected) {
            let (a, b) = (canonicalXML(left), canonicalXML(right))
            return a == b ? nil : "XML body \(a) != \(b)"
        }
        if ["query", "ec2"].contains(protocolName) {
            let left = formValues(actual), right = formValues(expected)
            return left == right ? nil : "form values \(left.filter { !right.contains($0) }) sent, \(right.filter { !left.contains($0) }) expected"
        }
        return actual == expected ? nil : "body \(String(decoding: actual, as: UTF8.self)) != \(String(decoding: expected, as: UTF8.self))"
    }

    /// `name=value` pairs, sorted; map entries are numbered by their key rather than by position
    /// (`M.entry.2.key=foo` and `M.entry.2.value=x` become `M.entry.<foo>.key=foo`, ...), since a
    /// map's order is not meaningful either.
    static func formValues(_ body: [UInt8]) -> [String] {
        let pairs = String(decoding: body, as: UTF8.self).split(separator: "&").map { pair -> (String, String) in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        var entryNames: [String: String] = [:]
        for (name, value) in pairs where name.hasSuffix(".key") {
            entryNames[String(name.dropLast(4))] = String(name.dropLast(4).split(separator: ".").dropLast().joined(separator: ".")) + ".<\(value)>"
        }
        return pairs.map { name, value in
            var renamed = name
            for (prefix, replacement) in entryNames where renamed == prefix || renamed.hasPrefix(prefix + ".") {
                renamed = replacement + renamed.dropFirst(prefix.count)
                break
            }
            return renamed + "=" + value
        }.sorted()
    }

    /// An element as text for comparison: attributes sorted, leaf text trimmed, children grouped
    /// by name with the groups sorted (the order of different structure members carries no
    /// meaning) and each group in document order (list items), except map entries, sorted by key.
    static func canonicalXML(_ element: AWSXMLElement) -> String {
        let attributes = element.attributes.map { " \($0.name)=\"\($0.value)\"" }.sorted().joined()
        if element.children.isEmpty {
            return "<\(element.name)\(attributes)>\(element.text.trimmingCharacters(in: .whitespacesAndNewlines))</\(element.name)>"
        }
        var groups: [String: [AWSXMLElement]] = [:]
        for child in element.children { groups[child.name, default: []].append(child) }
        let inner = groups.keys.sorted().map { name -> String in
            var members = groups[name]!
            // Map entries (each an element whose first child is the key): by key.
            if members.count > 1, let keyName = members[0].children.first?.name, members.allSatisfy({ $0.children.count == 2 && $0.children[0].name == keyName }) {
                members.sort { $0.children[0].text < $1.children[0].text }
            }
            return members.map(canonicalXML).joined()
        }.joined()
        return "<\(element.name)\(attributes)>\(inner)</\(element.name)>"
    }

    static func compareError(_ error: any Error, expected: (any AWSServiceErrorShape)?, caseValue: JSONValue) -> String? {
        let wantedCode = caseValue["errorCode"]?.stringValue ?? ""
        let metadata: AWSErrorMetadata
        if let modelled = error as? any AWSServiceErrorShape {
            metadata = modelled.errorMetadata
            guard let expected else { return "threw modelled \(type(of: modelled)); expected unmodelled \(wantedCode)" }
            guard type(of: modelled) == type(of: expected) else { return "threw \(type(of: modelled)), expected \(type(of: expected))" }
            if !same(modelled.jsonValue(), expected.jsonValue()) {
                return "error fields \(describe(modelled.jsonValue())) != \(describe(expected.jsonValue()))"
            }
        } else if let unknown = error as? AWSUnknownServiceError {
            metadata = unknown.metadata
            if expected != nil { return "threw unmodelled \(unknown.code); expected \(type(of: expected!))" }
        } else {
            return "threw \(error)"
        }
        if metadata.code != wantedCode { return "error code \(metadata.code) != \(wantedCode)" }
        if let message = caseValue["errorMessage"]?.stringValue, metadata.message != message {
            return "error message \(metadata.message ?? "nil") != \(message)"
        }
        return nil
    }

    /// CBOR items compared as values: numbers by value whatever their encoding (an integer
    /// equals the same float; NaN equals NaN), maps regardless of entry order.
    static func sameCBOR(_ left: CBORValue, _ right: CBORValue) -> Bool {
        func number(_ value: CBORValue) -> Double? {
            switch value {
            case .unsigned(let n): Double(n)
            case .negative(let n): -1 - Double(n)
            case .float(let f): f
            default: nil
            }
        }
        if let a = number(left), let b = number(right) { return a == b || (a.isNaN && b.isNaN) }
        switch (left, right) {
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { sameCBOR($0, $1) }
        case (.map(let a), .map(let b)):
            return a.count == b.count && a.allSatisfy { entry in b.contains { $0.key == entry.key && sameCBOR($0.value, entry.value) } }
        case (.tagged(let t1, let a), .tagged(let t2, let b)): return t1 == t2 && sameCBOR(a, b)
        default: return left == right
        }
    }

    /// JSON equality where NaN equals NaN (the suites check that NaN parses as NaN).
    static func same(_ left: JSONValue, _ right: JSONValue) -> Bool {
        switch (left, right) {
        case (.double(let a), .double(let b)): return a == b || (a.isNaN && b.isNaN)
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { same($0, $1) }
        case (.object(let a), .object(let b)): return a.count == b.count && a.allSatisfy { key, value in b[key].map { same(value, $0) } ?? false }
        default: return left == right
        }
    }

    static func describe(_ value: JSONValue) -> String {
        String(decoding: JSONSerializer.serialize(value), as: UTF8.self)
    }
}
