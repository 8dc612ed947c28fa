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
}

/// What the retry strategy sees of a failed attempt.
public enum AWSRetryableFailure: Sendable {
    /// An error response with its status and error code.
    case response(statusCode: Int, code: String?)
    /// A transport failure: the connection failed or was dropped, or the attempt timed out.
    case transport(isTimeout: Bool)
}

/// The AWS "standard" retry mode: up to `maxAttempts` attempts, exponential backoff with full
/// jitter capped at 20 s, and a shared quota (token bucket) so an outage does not multiply the load.
public final class StandardRetryStrategy: AWSRetryStrategy {
    public let maxAttempts: Int
    let baseDelay: Double
    let maxBackoff: Double
    static let initialQuota = 500
    static let retryCost = 5
    static let timeoutRetryCost = 10
    private let quota = Locked<Int>(StandardRetryStrategy.initialQuota)

    /// Error codes that mean "slow down".
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException", "TransactionInProgressException",
        "RequestLimitExceeded", "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled",
        "SlowDown", "PriorRequestNotComplete", "EC2ThrottledException",
    ]
    /// Error codes of transient failures.
    public static let transientCodes: Set<String> = ["RequestTimeout", "RequestTimeoutException", "InternalError", "InternalServerError", "ServiceUnavailable"]
    public static let transientStatusCodes: Set<Int> = [500, 502, 503, 504]

    /// - Parameters:
    ///   - maxAttempts: attempts in all, the first included (AWS standard: 3).
    ///   - baseDelay: the backoff base in seconds (AWS standard: 1 s; tests use less).
    public init(maxAttempts: Int = 3, baseDelay: Double = 1, maxBackoff: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
    }

    public func acquireInitialToken() -> Bool { true }

    public func retryDelay(afterAttempt attempt: Int, error: AWSRetryableFailure) -> Duration? {
        guard attempt < maxAttempts else { return nil }
        let cost: Int
        var isThrottling = false
        switch error {
        case .response(let status, let code):
            if let code, Self.throttlingCodes.contains(code) || status == 429 {
                isThrottling = true
                cost = Self.retryCost
            } else if Self.transientStatusCodes.contains(status) || code.map(Self.transientCodes.contains) == true {
                cost = Self.retryCost
            } else if status == 429 {
                isThrottling = true
                cost = Self.retryCost
            } else {
                return nil
            }
        case .transport(let isTimeout):
            cost = isTimeout ? Self.timeoutRetryCost : Self.retryCost
        }
        let granted = quota.withLock { quota -> Bool in
            guard quota >= cost else { return false }
            quota -= cost
            return true
        }
        guard granted else { return nil }
        _ = isThrottling
        let ceiling = min(maxBackoff, baseDelay * pow(2, Double(attempt - 1)))
        let seconds = Double.random(in: 0...ceiling)
        return .milliseconds(Int64(seconds * 1000))
    }

    public func recordSuccess(retried: Bool) {
        quota.withLock { quota in
            quota = min(Self.initialQuota, quota + (retried ? Self.retryCost : 1))
        }
    }
}
