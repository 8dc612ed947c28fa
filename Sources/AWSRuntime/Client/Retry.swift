import Foundation

/// Decides whether and when a failed attempt is tried again.
public protocol AWSRetryStrategy: Sendable {
    var maxAttempts: Int { get }
    /// Called before the first attempt; false when the request should not start (never for the default).
    func acquireInitialToken() -> Bool
    /// The delay before another attempt after `attempt` (1-based) failed with `error`, or nil to give up.
    func retryDelay(afterAttempt attempt: Int, error: AWSRetryableFailure) -> Duration?
    /// Called when an attempt succeeds, to give back retry capacity.
    func recordSuccess(retried: Bool)

    /// Whether and when to try again, and what the retry took from a shared quota; nil to give up.
    /// `retryAfter` is the server's own hint (`x-amz-retry-after` in milliseconds, or
    /// `Retry-After` in seconds). The default asks `retryDelay(afterAttempt:error:)`.
    func retryPermit(afterAttempt attempt: Int, error: AWSRetryableFailure, retryAfter: Duration?) -> AWSRetryPermit?

    /// Called when an attempt succeeds, with the permit of the retry that led to it (nil when the
    /// first attempt succeeded). The default calls `recordSuccess(retried:)`.
    func recordSuccess(after permit: AWSRetryPermit?)

    /// Called before every attempt; may wait (the adaptive mode's rate limiter). The default returns at once.
    func beforeAttempt() async throws

    /// Called after every attempt with how it failed, or nil when it succeeded. The default does nothing.
    func recordAttempt(_ failure: AWSRetryableFailure?)
}

/// A granted retry: how long to wait, and how much retry quota it took (given back if it succeeds).
public struct AWSRetryPermit: Sendable, Hashable {
    public var delay: Duration
    public var cost: Int
    public init(delay: Duration, cost: Int) {
        self.delay = delay
        self.cost = cost
    }
}

extension AWSRetryStrategy {
    public func retryPermit(afterAttempt attempt: Int, error: AWSRetryableFailure, retryAfter: Duration?) -> AWSRetryPermit? {
        retryDelay(afterAttempt: attempt, error: error).map { AWSRetryPermit(delay: $0, cost: 0) }
    }

    public func recordSuccess(after permit: AWSRetryPermit?) { recordSuccess(retried: permit != nil) }

    public func beforeAttempt() async throws {}

    public func recordAttempt(_ failure: AWSRetryableFailure?) {}
}

/// What the retry strategy sees of a failed attempt.
public enum AWSRetryableFailure: Sendable {
    /// An error response with its status and error code.
    case response(statusCode: Int, code: String?)
    /// A transport failure: the connection failed or was dropped, or the attempt timed out.
    case transport(isTimeout: Bool)
}

/// The AWS "standard" retry mode, as botocore implements it: up to `maxAttempts` attempts,
/// exponential backoff with full jitter (`random(0, 1) × min(2^(attempt-1) × base, 20 s)`), and a
/// shared quota (token bucket) so an outage does not multiply the load: 500 tokens; a retry takes
/// 5 (10 after a timeout); a success after retries gives back what its last retry took, a
/// first-try success gives back 1. A server's retry-after hint is honored within
/// `[backoff, backoff + 5 s]`, as botocore's newer retry mode does.
public final class StandardRetryStrategy: AWSRetryStrategy {
    public let maxAttempts: Int
    let baseDelay: Double
    let maxBackoff: Double
    static let initialQuota = 500
    static let retryCost = 5
    static let timeoutRetryCost = 10
    static let noRetryIncrement = 1
    /// The most a retry-after hint can add to the computed backoff.
    static let retryAfterMaximumAddition: Duration = .seconds(5)
    private let quota = Locked<Int>(StandardRetryStrategy.initialQuota)

    /// Error codes that mean "slow down".
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Error codes of transient failures (botocore's standard mode).
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete"]
    public static let transientStatusCodes: Set<Int> = [500, 502, 503, 504]

    /// - Parameters:
    ///   - maxAttempts: attempts in all, the first included (AWS standard: 3).
    ///   - baseDelay: the backoff base in seconds (AWS standard: 1 s; tests use less).
    public init(maxAttempts: Int = 3, baseDelay: Double = 1, maxBackoff: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
    }

    /// The tokens left in the retry quota.
    public var availableQuota: Int { quota.withLock { $0 } }

    public func acquireInitialToken() -> Bool { true }

    /// Whether the standard mode retries this failure at all (before attempts and quota).
    public static func isRetryable(_ error: AWSRetryableFailure) -> Bool {
        switch error {
        case .response(let status, let code):
            if status == 429 || transientStatusCodes.contains(status) { return true }
            guard let code else { return false }
            return throttlingCodes.contains(code) || transientCodes.contains(code)
        case .transport:
            return true
        }
    }

    public func retryDelay(afterAttempt attempt: Int, error: AWSRetryableFailure) -> Duration? {
        retryPermit(afterAttempt: attempt, error: error, retryAfter: nil)?.delay
    }

    public func retryPermit(afterAttempt attempt: Int, error: AWSRetryableFailure, retryAfter: Duration?) -> AWSRetryPermit? {
        guard attempt < maxAttempts, Self.isRetryable(error) else { return nil }
        let cost: Int
        if case .transport(isTimeout: true) = error { cost = Self.timeoutRetryCost } else { cost = Self.retryCost }
        let granted = quota.withLock { quota -> Bool in
            guard quota >= cost else { return false }
            quota -= cost
            return true
        }
        guard granted else { return nil }
        let ceiling = min(maxBackoff, baseDelay * pow(2, Double(min(attempt - 1, 62))))
        var delay = Duration.milliseconds(Int64(Double.random(in: 0...ceiling) * 1000))
        if let retryAfter, retryAfter > delay {
            delay = min(retryAfter, delay + Self.retryAfterMaximumAddition)
        }
        return AWSRetryPermit(delay: delay, cost: cost)
    }

    public func recordSuccess(retried: Bool) {
        recordSuccess(after: retried ? AWSRetryPermit(delay: .zero, cost: Self.retryCost) : nil)
    }

    public func recordSuccess(after permit: AWSRetryPermit?) {
        let refund = permit?.cost ?? Self.noRetryIncrement
        quota.withLock { quota in quota = min(Self.initialQuota, quota + refund) }
    }
}

extension AWSHTTPHeaders {
    /// The server's retry hint: `x-amz-retry-after` (milliseconds), else `Retry-After` (seconds);
    /// nil when absent, negative or not a number (an HTTP-date `Retry-After` is ignored).
    var retryAfter: Duration? {
        if let text = self["x-amz-retry-after"], let milliseconds = Int64(text.trimmingCharacters(in: .whitespaces)), milliseconds >= 0 {
            return .milliseconds(Swift.min(milliseconds, 3_600_000))
        }
        if let text = self["Retry-After"], let seconds = Int64(text.trimmingCharacters(in: .whitespaces)), seconds >= 0 {
            return .seconds(Swift.min(seconds, 3600))
        }
        return nil
    }
}

/// The retry modes of the AWS SDKs (`retry_mode`, `AWS_RETRY_MODE`).
public enum AWSRetryMode: String, Sendable, Hashable, CaseIterable {
    /// botocore's original mode: up to 5 attempts, backoff of `random(0, 1) × 2^(attempt-1)` seconds, no quota.
    case legacy
    /// The AWS standard mode (`StandardRetryStrategy`): 3 attempts, full-jitter backoff, a retry quota.
    case standard
    /// The standard mode with a client-side rate limiter that slows the client down after throttling.
    case adaptive

    /// A fresh strategy of this mode (strategies hold per-client state: quota, rate).
    public func strategy(maxAttempts: Int) -> any AWSRetryStrategy {
        switch self {
        case .legacy: LegacyRetryStrategy(maxAttempts: maxAttempts)
        case .standard: StandardRetryStrategy(maxAttempts: maxAttempts)
        case .adaptive: AdaptiveRetryStrategy(maxAttempts: maxAttempts)
        }
    }
}

/// botocore's legacy retry mode: the standard mode's retryable failures, a backoff of
/// `random(0, 1) × 2^(attempt-1)` seconds, and no retry quota.
public struct LegacyRetryStrategy: AWSRetryStrategy {
    public let maxAttempts: Int
    let baseDelay: Double

    public init(maxAttempts: Int = 5, baseDelay: Double = 1) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
    }

    public func acquireInitialToken() -> Bool { true }

    public func retryDelay(afterAttempt attempt: Int, error: AWSRetryableFailure) -> Duration? {
        guard attempt < maxAttempts, StandardRetryStrategy.isRetryable(error) else { return nil }
        let seconds = Double.random(in: 0..<1) * baseDelay * pow(2, Double(min(attempt - 1, 30)))
        return .milliseconds(Int64(seconds * 1000))
    }

    public func recordSuccess(retried: Bool) {}
}
