import AWSJMESPath
import Foundation

/// A waiter: an operation called again and again until the response (or the error) matches an
/// acceptor that ends the wait, as botocore's `waiters-2.json` and Smithy's `@waitable` describe.
/// Generated clients have a `waitUntil...` method per waiter; this type runs them.
public struct AWSWaiter<Input: AWSShape, Output: AWSShape>: Sendable {
    /// The waiter's name in the model (`BucketExists`).
    public let name: String
    /// The model's delay between attempts (botocore's fixed delay).
    public let delay: Duration
    /// The model's number of attempts.
    public let maxAttempts: Int
    public let acceptors: [AWSWaiterAcceptor]

    public init(name: String, delay: Duration, maxAttempts: Int, acceptors: [AWSWaiterAcceptor]) {
        self.name = name
        self.delay = delay
        self.maxAttempts = maxAttempts
        self.acceptors = acceptors
    }

    /// Calls `call` until an acceptor says success (returns) or failure (throws), the attempts or
    /// the time run out, or the task is cancelled.
    ///
    /// - Parameter call: one attempt: the operation's output and the response's HTTP status, or the
    ///   error it threw. Service errors go through the acceptors; any other error (no connection,
    ///   no credentials, a validation error) ends the wait at once, as botocore's does.
    public func wait(
        _ input: Input, options: AWSWaiterOptions,
        call: @Sendable (Input) async throws -> (output: Output, statusCode: Int)
    ) async throws -> AWSWaiterResult<Output> {
        let clock = options.clock
        let start = clock.now
        let attemptLimit = options.maxAttempts ?? (options.maxWait == nil ? maxAttempts : nil)
        var attempt = 0
        var state: AWSWaiterAcceptor.State?
        while true {
            try Task.checkCancellation()
            attempt += 1
            let response: Response
            do {
                let (output, statusCode) = try await call(input)
                response = .output(output, statusCode: statusCode)
            } catch {
                guard let metadata = Self.serviceError(error) else { throw error }
                response = .error(error, metadata)
            }
            let matched = try acceptors.first { try $0.matches(response) }
            if let matched { state = matched.state }
            let result = AWSWaiterResult(output: response.output, error: response.error, attempts: attempt, statusCode: response.statusCode)
            switch state {
            case .success?:
                return result
            case .failure?:
                throw AWSWaiterError(waiterName: name, reason: .failureStateMatched(matched?.description ?? ""), attempts: attempt, lastOutput: response.output, lastError: response.error)
            default:
                // A service error that no acceptor expects ends the wait.
                if matched == nil, case .error(let error, _) = response {
                    throw AWSWaiterError(waiterName: name, reason: .unexpectedError, attempts: attempt, lastOutput: nil, lastError: error)
                }
            }
            if let attemptLimit, attempt >= attemptLimit {
                throw AWSWaiterError(waiterName: name, reason: .tooManyAttempts, attempts: attempt, lastOutput: response.output, lastError: response.error)
            }
            let pause = options.delay.pause(attempt: attempt, modelDelay: delay, random: options.random)
            if let maxWait = options.maxWait, (clock.now - start) + pause > maxWait {
                throw AWSWaiterError(waiterName: name, reason: .deadlineExceeded(maxWait), attempts: attempt, lastOutput: response.output, lastError: response.error)
            }
            try await clock.sleep(for: pause)
        }
    }

    /// The code and status of an error that is the service's answer (rather than the client's failure).
    static func serviceError(_ error: any Error) -> AWSErrorMetadata? {
        if let error = error as? any AWSServiceErrorShape { return error.errorMetadata }
        if let error = error as? AWSUnknownServiceError { return error.metadata }
        return nil
    }

    enum Response {
        case output(Output, statusCode: Int)
        case error(any Error, AWSErrorMetadata)

        var output: Output? {
            if case .output(let output, _) = self { return output }
            return nil
        }
        var error: (any Error)? {
            if case .error(let error, _) = self { return error }
            return nil
        }
        var statusCode: Int {
            switch self {
            case .output(_, let status): status
            case .error(_, let metadata): metadata.statusCode
            }
        }
    }
}

/// One acceptor of a waiter: a matcher, and the state the wait moves to when it matches.
public struct AWSWaiterAcceptor: Sendable, CustomStringConvertible {
    public enum State: String, Sendable { case success, failure, retry }

    public enum Matcher: Sendable {
        /// The expression's result equals `expected`.
        case path(JMESPathExpression, expected: JSONValue)
        /// The expression's result is a non-empty list whose every element equals `expected`.
        case pathAll(JMESPathExpression, expected: JSONValue)
        /// The expression's result is a non-empty list with an element equal to `expected`.
        case pathAny(JMESPathExpression, expected: JSONValue)
        /// The response's HTTP status.
        case status(Int)
        /// The service's error code.
        case errorCode(String)
        /// `true`: any service error; `false`: no error.
        case error(Bool)
    }

    public let state: State
    public let matcher: Matcher

    public init(_ state: State, _ matcher: Matcher) {
        self.state = state
        self.matcher = matcher
    }

    /// A path acceptor from an expression's text, as generated code writes it; `fieldKeys`, when
    /// given, are the keys of the output's JSON form that the expression's fields stand for, in
    /// order (see ``JMESPathExpression/init(_:fieldKeys:)``).
    public static func path(
        _ state: State, _ kind: PathKind, _ expression: String, fieldKeys: [String]? = nil, expected: JSONValue
    ) throws -> AWSWaiterAcceptor {
        let compiled = try JMESPathExpression(expression, fieldKeys: fieldKeys)
        switch kind {
        case .path: return AWSWaiterAcceptor(state, .path(compiled, expected: expected))
        case .pathAll: return AWSWaiterAcceptor(state, .pathAll(compiled, expected: expected))
        case .pathAny: return AWSWaiterAcceptor(state, .pathAny(compiled, expected: expected))
        }
    }

    public enum PathKind: Sendable { case path, pathAll, pathAny }

    func matches<Output: AWSShape>(_ response: AWSWaiter<some AWSShape, Output>.Response) throws -> Bool {
        switch matcher {
        case .status(let status):
            return response.statusCode == status
        case .errorCode(let code):
            if case .error(_, let metadata) = response { return metadata.code == code }
            return false
        case .error(let expected):
            if case .error = response { return expected }
            return !expected
        case .path(let expression, let expected), .pathAll(let expression, let expected), .pathAny(let expression, let expected):
            // Paths look at outputs only, never at errors (botocore's rule).
            guard case .output(let output, _) = response else { return false }
            let result = try expression.search(output.jsonValue())
            switch matcher {
            case .path: return JMESPathValues.looselyEquals(result, expected)
            case .pathAll:
                guard case .array(let items) = result, !items.isEmpty else { return false }
                return items.allSatisfy { JMESPathValues.looselyEquals($0, expected) }
            default:
                guard case .array(let items) = result, !items.isEmpty else { return false }
                return items.contains { JMESPathValues.looselyEquals($0, expected) }
            }
        }
    }

    public var description: String {
        let what: String = switch matcher {
        case .path(let expression, let expected): "\(expression.text) == \(expected)"
        case .pathAll(let expression, let expected): "all of \(expression.text) == \(expected)"
        case .pathAny(let expression, let expected): "any of \(expression.text) == \(expected)"
        case .status(let status): "HTTP status \(status)"
        case .errorCode(let code): "error \(code)"
        case .error(let flag): flag ? "any error" : "no error"
        }
        return "\(state.rawValue) when \(what)"
    }
}

/// How long and how often a waiter waits. The defaults are the model's (botocore's fixed delay
/// and attempt count).
public struct AWSWaiterOptions: Sendable {
    /// The longest the whole wait may take; the waiter stops with `.deadlineExceeded` rather than
    /// start an attempt after it. When set (and `maxAttempts` is not), it replaces the model's
    /// attempt count.
    public var maxWait: Duration?
    /// At most this many attempts (default: the model's, unless `maxWait` is set).
    public var maxAttempts: Int?
    public var delay: AWSWaiterDelay
    /// Where time comes from; tests inject a clock that does not sleep.
    public var clock: any AWSWaiterClock
    /// A random number in the range, for jitter (tests inject a fixed one).
    public var random: @Sendable (ClosedRange<Double>) -> Double

    public init(
        maxWait: Duration? = nil, maxAttempts: Int? = nil, delay: AWSWaiterDelay = .model,
        clock: any AWSWaiterClock = AWSContinuousWaiterClock(),
        random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) }
    ) {
        self.maxWait = maxWait
        self.maxAttempts = maxAttempts
        self.delay = delay
        self.clock = clock
        self.random = random
    }
}

extension AWSWaiterOptions {
    /// These options with `maxWait` set, when one is given.
    public func bounded(by maxWait: Duration?) -> AWSWaiterOptions {
        guard let maxWait else { return self }
        var options = self
        options.maxWait = maxWait
        return options
    }
}

/// The pause between two attempts.
public enum AWSWaiterDelay: Sendable {
    /// The model's fixed delay (botocore's behaviour).
    case model
    /// A fixed delay.
    case fixed(Duration)
    /// Smithy's waiter backoff: `minDelay` doubling each attempt up to `maxDelay`, each pause a
    /// random time between `minDelay` and that ceiling.
    case exponential(minDelay: Duration, maxDelay: Duration)

    func pause(attempt: Int, modelDelay: Duration, random: (ClosedRange<Double>) -> Double) -> Duration {
        switch self {
        case .model: return modelDelay
        case .fixed(let delay): return delay
        case .exponential(let minDelay, let maxDelay):
            let low = Self.seconds(minDelay), high = max(Self.seconds(maxDelay), low)
            let ceiling = low * pow(2, Double(min(attempt - 1, 62)))
            let top = min(ceiling, high)
            return .milliseconds(Int64((random(low...top) * 1000).rounded()))
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}

/// The time a waiter measures and sleeps in.
public protocol AWSWaiterClock: Sendable {
    /// Time since an arbitrary fixed point.
    var now: Duration { get }
    /// Sleeps (throws `CancellationError` when the task is cancelled).
    func sleep(for duration: Duration) async throws
}

/// Real time.
public struct AWSContinuousWaiterClock: AWSWaiterClock {
    private let origin = ContinuousClock.now
    public init() {}
    public var now: Duration { ContinuousClock.now - origin }
    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}

/// How a wait ended well: the output (or the error, for waiters such as `ObjectNotExists` whose
/// success is an error) of the last attempt.
public struct AWSWaiterResult<Output: AWSShape>: Sendable {
    public var output: Output?
    public var error: (any Error)?
    public var attempts: Int
    public var statusCode: Int
}

/// Why a wait ended without success.
public struct AWSWaiterError: Error, CustomStringConvertible, @unchecked Sendable {
    public enum Reason: Sendable, Equatable {
        /// An acceptor with state `failure` matched (its description).
        case failureStateMatched(String)
        /// The attempts ran out.
        case tooManyAttempts
        /// The next attempt would start after `maxWait`.
        case deadlineExceeded(Duration)
        /// The service answered with an error that no acceptor expects.
        case unexpectedError
    }

    public var waiterName: String
    public var reason: Reason
    public var attempts: Int
    /// The last attempt's output, when it had one. (Outputs are `Sendable` shapes.)
    public var lastOutput: (any AWSShape)?
    /// The last attempt's error, when it failed.
    public var lastError: (any Error)?

    public var description: String {
        let why: String = switch reason {
        case .failureStateMatched(let acceptor): "a failure acceptor matched (\(acceptor))"
        case .tooManyAttempts: "no success after \(attempts) attempt\(attempts == 1 ? "" : "s")"
        case .deadlineExceeded(let maxWait): "no success within \(maxWait) (\(attempts) attempt\(attempts == 1 ? "" : "s"))"
        case .unexpectedError: "an error that no acceptor expects"
        }
        var text = "waiter \(waiterName) stopped: \(why)"
        if let lastError { text += "; last error: \(lastError)" }
        return text
    }
}

/// Time that passes only when a waiter sleeps: a wait of an hour runs at once. For tests (of
/// waiters, and of code that uses them); it records every pause.
public final class AWSVirtualWaiterClock: AWSWaiterClock, @unchecked Sendable {
    private let lock = NSLock()
    private var elapsed: Duration = .zero
    private var recorded: [Duration] = []

    public init() {}

    public var now: Duration { lock.withLock { elapsed } }

    /// Every pause so far, in order.
    public var pauses: [Duration] { lock.withLock { recorded } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        lock.withLock {
            elapsed += duration
            recorded.append(duration)
        }
    }
}
