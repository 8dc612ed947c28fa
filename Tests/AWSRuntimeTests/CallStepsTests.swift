@testable import AWSRuntime
import Foundation
import Testing

/// The steps of a call (CallSteps.swift), each on its own.
@Suite("Call steps")
struct CallStepsTests {
    static let checksums = FlexibleChecksums(requestPolicy: .whenSupported, responsePolicy: .whenSupported)

    @Test("the HTTP request step: URL from the endpoint, User-Agent, Content-Length, a CRC-32 when the model requires a checksum (as botocore), the endpoint's headers")
    func httpRequest() throws {
        let endpoint = AWSEndpoint(url: URL(string: "https://example.amazonaws.com/base/")!, headers: ["x-endpoint": ["a", "b"]])
        let resolved = AWSClient.ResolvedEndpoint(endpoint: endpoint, baseText: "https://example.amazonaws.com/base", isAppendable: true)
        let prepared = JSONProtocols.PreparedRequest(method: "PUT", pathAndQuery: "/k%20ey?x=1", headers: [:], body: Array("hello".utf8), hostLabels: [:])
        let operation = AWSOperationDescriptor(name: "PutThing", method: "PUT", requestURI: "/{Key}", requiresRequestChecksum: true)
        let request = try HTTPRequestStep(userAgent: "agent/1", checksums: Self.checksums).request(prepared, endpoint: resolved, operation: operation)
        #expect(request.url.absoluteString == "https://example.amazonaws.com/base/k%20ey?x=1")
        #expect(request.headers["User-Agent"] == "agent/1")
        #expect(request.headers["Content-Length"] == "5")
        #expect(request.headers["x-amz-checksum-crc32"] == "NhCmhg==")  // CRC-32("hello") = 0x3610a686, base64
        #expect(request.headers["Content-MD5"] == nil)
        #expect(request.headers.filter { $0.name == "x-endpoint" }.map(\.value) == ["a", "b"])

        let get = JSONProtocols.PreparedRequest(method: "GET", pathAndQuery: "/", headers: [:], body: [], hostLabels: [:])
        let plain = try HTTPRequestStep(userAgent: "agent/1", checksums: Self.checksums).request(get, endpoint: resolved, operation: AWSOperationDescriptor(name: "Get", method: "GET", requestURI: "/"))
        #expect(plain.headers["Content-Length"] == nil && plain.headers["x-amz-checksum-crc32"] == nil)
    }

    @Test("the retry loop: retries what the strategy grants, returns the first success, never retries a one-shot body")
    func retryLoop() async throws {
        let strategy = StandardRetryStrategy(maxAttempts: 3, baseDelay: 0.001)
        func loop(replayable: Bool) -> RetryLoop {
            RetryLoop(strategy: strategy, attemptTimeout: .seconds(5), totalTimeout: nil, operationName: "Op", isReplayable: replayable)
        }
        let throttled = RetryLoop.Outcome.failure(.response(statusCode: 503, code: "ServiceUnavailable"), error: Refused(), retryAfter: nil)
        let ok = RetryLoop.Outcome.success(HTTPResponseParts(statusCode: 200, headers: [:], body: []))

        var attempts: [Int] = []
        let response = try await loop(replayable: true).run { number, _ in
            attempts.append(number)
            return number < 3 ? throttled : ok
        }
        #expect(response.statusCode == 200 && attempts == [1, 2, 3])

        attempts = []
        await #expect(throws: Refused.self) {
            try await loop(replayable: true).run { number, _ in attempts.append(number); return throttled }
        }
        #expect(attempts == [1, 2, 3])

        attempts = []
        await #expect(throws: Refused.self) {
            try await loop(replayable: false).run { number, _ in attempts.append(number); return throttled }
        }
        #expect(attempts == [1])
    }

    struct Refused: Error {}
}
