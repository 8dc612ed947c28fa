@testable import AWSRuntime
import Foundation
import Testing

@Suite("Retry modes: legacy and adaptive; the User-Agent")
struct RetryModesTests {
    @Test("legacy mode: 5 attempts, backoff under random(0, 1) × 2^(attempt-1), no quota")
    func legacy() {
        let legacy = AWSRetryMode.legacy.strategy(maxAttempts: 5)
        #expect(legacy is LegacyRetryStrategy && legacy.maxAttempts == 5)
        for attempt in 1...4 {
            let delay = legacy.retryDelay(afterAttempt: attempt, error: .response(statusCode: 503, code: nil))
            #expect(delay != nil && delay! < .seconds(1 << (attempt - 1)))
        }
        #expect(legacy.retryDelay(afterAttempt: 5, error: .response(statusCode: 503, code: nil)) == nil)
        #expect(legacy.retryDelay(afterAttempt: 1, error: .response(statusCode: 400, code: "ValidationException")) == nil)
        // No quota: an outage does not run out of retries.
        for _ in 0..<1000 { #expect(legacy.retryDelay(afterAttempt: 1, error: .transport(isTimeout: true)) != nil) }
    }

    /// A clock the test moves.
    final class TestClock: @unchecked Sendable {
        let time = Locked(1000.0)
        var now: @Sendable () -> Double { { self.time.withLock { $0 } } }
        func advance(_ seconds: Double) { time.withLock { $0 += seconds } }
    }

    @Test("adaptive mode: nothing waits before throttling; a throttle cuts the rate by 30%, successes raise it along CUBIC")
    func adaptive() async throws {
        let clock = TestClock()
        let adaptive = AdaptiveRetryStrategy(maxAttempts: 3, now: clock.now)
        // 10 requests a second for two seconds, all succeeding: no limit.
        for _ in 0..<20 {
            try await adaptive.beforeAttempt()
            adaptive.recordAttempt(nil)
            clock.advance(0.1)
        }
        #expect(adaptive.allowedRate == nil)
        // A throttle: the limiter starts at 70% of the measured rate (about 10 a second).
        adaptive.recordAttempt(.response(statusCode: 400, code: "ThrottlingException"))
        let throttled = try #require(adaptive.allowedRate)
        #expect(throttled > 5 && throttled < 8, "\(throttled)")
        // The bucket holds at most about one second's tokens: the next requests must wait.
        var waits = 0
        for _ in 0..<20 where adaptive.limiter.acquire() != nil { waits += 1 }
        #expect(waits > 0)
        // Successes over the following seconds raise the rate again, past where it was cut.
        for _ in 0..<60 {
            clock.advance(0.1)
            adaptive.recordAttempt(nil)
        }
        let recovered = try #require(adaptive.allowedRate)
        #expect(recovered > throttled, "\(recovered) after \(throttled)")
        // A 429 without a code is throttling too; a 500 is not.
        let before = try #require(adaptive.allowedRate)
        adaptive.recordAttempt(.response(statusCode: 500, code: nil))
        #expect(try #require(adaptive.allowedRate) >= before * 0.99)
        adaptive.recordAttempt(.response(statusCode: 429, code: nil))
        #expect(try #require(adaptive.allowedRate) < before)
    }

    @Test("the User-Agent follows the SDKs' format and carries the app id, made safe")
    func userAgent() {
        let service = AWSServiceDescriptor(serviceId: "Bedrock Runtime", signingName: "bedrock", endpointPrefix: "bedrock-runtime",
                                           apiVersion: "2023-09-30", protocolName: "rest-json")
        let header = UserAgent.header(service: service, appID: "team app/1")
        #expect(header.hasPrefix("aws-sdk-swift-codegen/\(UserAgent.runtimeVersion) ua/2.1 os/"))
        #expect(header.contains(" lang/swift#") && header.contains(" md/arch#"))
        #expect(header.contains(" api/bedrock-runtime#2023-09-30"))
        #expect(header.hasSuffix(" app/team-app-1"))
        #expect(!UserAgent.header(service: service, appID: nil).contains("app/"))
    }
}
