import AWSRuntime
import Foundation
import Testing

/// A small deterministic generator, so a failing mutation can be reproduced from the seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Malformed responses, fuzzed from the protocol suites")
struct MalformedResponseTests {
    /// Ways to break a body: cut it, flip or drop bytes, add garbage, turn numbers into letters,
    /// repeat a slice, empty it, or plant CBOR's break and indefinite-length markers.
    static func mutate(_ body: [UInt8], kind: Int, using random: inout SplitMix64) -> [UInt8] {
        guard !body.isEmpty else { return Array("{\"".utf8) }
        var bytes = body
        let position = Int.random(in: 0..<bytes.count, using: &random)
        switch kind {
        case 0: bytes.removeSubrange(position...)
        case 1: bytes[position] = UInt8.random(in: 0...255, using: &random)
        case 2: bytes.removeSubrange(position..<min(bytes.count, position + Int.random(in: 1...16, using: &random)))
        case 3: bytes.insert(contentsOf: (0..<8).map { _ in UInt8.random(in: 0...255, using: &random) }, at: position)
        case 4: bytes = bytes.map { (0x30...0x39).contains($0) ? UInt8(ascii: "x") : $0 }
        case 5: bytes.insert(contentsOf: bytes[position..<min(bytes.count, position + 32)], at: position)
        case 6: bytes = []
        default: bytes[position] = [0xFF, 0x1F, 0x9F, 0xBF, 0x5F][Int.random(in: 0..<5, using: &random)]
        }
        return bytes
    }

    /// Errors a caller can handle by type: anything else (a parser's own error leaking out) is a defect.
    static func isClear(_ error: any Error) -> Bool {
        guard !"\(error)".isEmpty else { return false }
        return error is AWSDecodingError || error is AWSClientError || error is AWSUnknownServiceError
            || error is any AWSServiceErrorShape || error is AWSValidationError || error is AWSEventStreamError
    }

    @Test("eight mutations of every output case's response give a clear error or a value, never a crash")
    func mutations() async throws {
        var random = SplitMix64(state: 0x5EED_0001)
        var counts = (responses: 0, errors: 0, values: 0)
        var unclear: [String] = []
        for (file, cases) in allProtocolTestCases where file.contains("output/") {
            let document = try JSONParser.parse(try Data(contentsOf: suitesRoot.appendingPathComponent(file)))
            guard case .array(let suites) = document else { continue }
            for testCase in cases {
                let suite = suites[testCase.suite]
                let protocolName = suite["metadata"]?["protocol"]?.stringValue ?? "?"
                guard case .array(let suiteCases)? = suite["cases"] else { continue }
                let original = ConformanceCheck.response(suiteCases[testCase.index]["response"], suite: suite, protocolName: protocolName)
                guard case .bytes(let body) = original.body else { continue }
                for kind in 0..<8 {
                    let mutated = AWSHTTPResponse(statusCode: original.statusCode, headers: original.headers, body: .bytes(Self.mutate(body, kind: kind, using: &random)))
                    let harness = ProtocolTestHarness(endpoint: URL(string: "https://example.com")!, response: mutated)
                    counts.responses += 1
                    do {
                        switch try await testCase.run(harness) {
                        case .error(let error, _):
                            counts.errors += 1
                            if !Self.isClear(error) { unclear.append("\(file) \(testCase.suite):\(testCase.index) kind \(kind): \(type(of: error)): \(error)") }
                        case .generationFailed: break
                        default: counts.values += 1
                        }
                    } catch {
                        counts.errors += 1
                        if !Self.isClear(error) { unclear.append("\(file) \(testCase.suite):\(testCase.index) kind \(kind): \(type(of: error)): \(error)") }
                    }
                }
            }
        }
        print("malformed responses: \(counts.responses) sent, \(counts.errors) clear errors, \(counts.values) parsed anyway (a mutation can leave a valid body)")
        #expect(counts.responses > 3000)
        #expect(unclear.isEmpty, "\(unclear.count) unclear errors:\n\(unclear.prefix(20).joined(separator: "\n"))")
    }
}

@Suite("A 200 with an error body")
struct ErrorBodyWithSuccessStatusTests {
    @Test("rest-xml: a 200 whose body is an <Error> document is thrown as the error it names")
    func restXMLErrorDocument() async throws {
        // The rest-xml output suite's first operation with an XML body, answered with S3's 200 error.
        let body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message><RequestId>R1</RequestId></Error>"
        let file = "output/rest-xml.json"
        let cases = try #require(allProtocolTestCases.first { $0.file == file }?.cases)
        let document = try JSONParser.parse(try Data(contentsOf: suitesRoot.appendingPathComponent(file)))
        var checked = 0
        for testCase in cases {
            guard case .array(let suites) = document, case .array(let suiteCases)? = suites[testCase.suite]["cases"],
                suiteCases[testCase.index]["result"] != nil, suiteCases[testCase.index]["response"]?["body"]?.stringValue?.hasPrefix("<") == true
            else { continue }
            let harness = ProtocolTestHarness(endpoint: URL(string: "https://example.com")!, response: AWSHTTPResponse(statusCode: 200, body: .bytes(Array(body.utf8))))
            do {
                _ = try await testCase.run(harness)
                Issue.record("a 200 error document must be thrown (\(testCase.suite):\(testCase.index))")
            } catch let error as AWSUnknownServiceError {
                #expect(error.code == "InternalError" && error.message == "We encountered an internal error." && error.statusCode == 200)
            }
            checked += 1
        }
        #expect(checked > 10)
    }
}
