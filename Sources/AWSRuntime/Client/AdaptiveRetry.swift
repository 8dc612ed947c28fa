import Foundation

/// The AWS adaptive retry mode: the standard mode, plus a client-side rate limiter that, once
/// the service throttles, lets requests out only as fast as a token bucket refills, and moves that
/// rate by CUBIC (down by 30% on throttling, back up along a cubic curve), as botocore's
/// `retries/adaptive.py` does. Before the first throttling response nothing waits.
public final class AdaptiveRetryStrategy: AWSRetryStrategy {
    let standard: StandardRetryStrategy
    let limiter: ClientRateLimiter

    /// - Parameter now: seconds on a monotonic clock (injectable for tests).
    public init(maxAttempts: Int = 3, baseDelay: Double = 1, now: @escaping @Sendable () -> Double = AdaptiveRetryStrategy.monotonicSeconds) {
        standard = StandardRetryStrategy(maxAttempts: maxAttempts, baseDelay: baseDelay)
        limiter = ClientRateLimiter(now: now)
    }

    /// Seconds since the system started: a clock that never goes back.
    public static let monotonicSeconds: @Sendable () -> Double = { ProcessInfo.processInfo.systemUptime }

    public var maxAttempts: Int { standard.maxAttempts }
    public func acquireInitialToken() -> Bool { true }
    public func retryDelay(afterAttempt attempt: Int, error: AWSRetryableFailure) -> Duration? {
        standard.retryDelay(afterAttempt: attempt, error: error)
    }
    public func retryPermit(afterAttempt attempt: Int, error: AWSRetryableFailure, retryAfter: Duration?) -> AWSRetryPermit? {
        standard.retryPermit(afterAttempt: attempt, error: error, retryAfter: retryAfter)
    }
    public func recordSuccess(retried: Bool) { standard.recordSuccess(retried: retried) }
    public func recordSuccess(after permit: AWSRetryPermit?) { standard.recordSuccess(after: permit) }

    public func beforeAttempt() async throws {
        while let wait = limiter.acquire() {
            try await Task.sleep(for: .milliseconds(Int64((wait * 1000).rounded(.up))))
        }
    }

    public func recordAttempt(_ failure: AWSRetryableFailure?) {
        var throttled = false
        if case .response(let status, let code)? = failure {
            throttled = status == 429 || code.map(StandardRetryStrategy.throttlingCodes.contains) ?? false
        }
        limiter.record(throttled: throttled)
    }

    /// The send rate the limiter allows now, in requests per second; nil before any throttling.
    public var allowedRate: Double? { limiter.allowedRate }
}

/// The adaptive mode's state: measured send rate, CUBIC parameters and the token bucket.
final class ClientRateLimiter: Sendable {
    static let beta = 0.7
    static let scale = 0.4
    static let smoothing = 0.8
    static let bucketsPerSecond = 2.0
    static let minimumRate = 0.5

    struct State {
        var enabled = false
        // Measured send rate.
        var measuredRate = 0.0
        var lastRateBucket: Double
        var count = 0.0
        // CUBIC.
        var maximumRate = 0.0
        var zeroPoint = 0.0
        var lastThrottle: Double
        // Token bucket.
        var fillRate = 1.0
        var capacity = 1.0
        var tokens = 0.0
        var lastRefill: Double?
    }

    let now: @Sendable () -> Double
    let state: Locked<State>

    init(now: @escaping @Sendable () -> Double) {
        self.now = now
        let start = now()
        state = Locked(State(lastRateBucket: start.rounded(.down), lastThrottle: start))
    }

    var allowedRate: Double? { state.withLock { $0.enabled ? $0.fillRate : nil } }

    /// Takes a token; nil when one was taken, else the seconds to wait before trying again.
    func acquire() -> Double? {
        let time = now()
        return state.withLock { state in
            guard state.enabled else { return nil }
            Self.refill(&state, at: time)
            if state.tokens >= 1 {
                state.tokens -= 1
                return nil
            }
            return (1 - state.tokens) / state.fillRate
        }
    }

    /// Updates the measured rate and the allowed rate after a response.
    func record(throttled: Bool) {
        let time = now()
        state.withLock { state in
            let bucket = (time * Self.bucketsPerSecond).rounded(.down) / Self.bucketsPerSecond
            state.count += 1
            if bucket > state.lastRateBucket {
                let current = state.count / (bucket - state.lastRateBucket)
                state.measuredRate = current * Self.smoothing + state.measuredRate * (1 - Self.smoothing)
                state.count = 0
                state.lastRateBucket = bucket
            }
            let newRate: Double
            if throttled {
                let rate = state.enabled ? min(state.measuredRate, state.fillRate) : state.measuredRate
                state.maximumRate = rate
                state.zeroPoint = Self.zeroPoint(maximumRate: rate)
                state.lastThrottle = time
                newRate = rate * Self.beta
                state.enabled = true
            } else {
                newRate = Self.scale * pow(time - state.lastThrottle - state.zeroPoint, 3) + state.maximumRate
            }
            Self.setRate(&state, min(newRate, 2 * state.measuredRate), at: time)
        }
    }

    static func zeroPoint(maximumRate: Double) -> Double {
        let scaled = maximumRate * (1 - beta) / scale
        return scaled < 0 ? -pow(-scaled, 1.0 / 3) : pow(scaled, 1.0 / 3)
    }

    static func setRate(_ state: inout State, _ rate: Double, at time: Double) {
        refill(&state, at: time)
        state.fillRate = max(rate, minimumRate)
        state.capacity = rate >= 1 ? rate : 1
        state.tokens = min(state.tokens, state.capacity)
    }

    static func refill(_ state: inout State, at time: Double) {
        guard let last = state.lastRefill else {
            state.lastRefill = time
            return
        }
        state.tokens = min(state.capacity, state.tokens + (time - last) * state.fillRate)
        state.lastRefill = time
    }
}
