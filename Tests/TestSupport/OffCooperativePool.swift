import Foundation

/// Runs CPU-bound or blocking synchronous work (a long loop, a Python reference script) on a thread of
/// its own, so it does not hold one of the Swift concurrency pool's threads (two on a 2-core machine)
/// while other tests' network calls wait to be resumed and run into their deadlines.
public func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

extension Array where Element: Sendable {
    /// The elements as an `AsyncSequence`, one at a time (a stream a test can hand to an API that
    /// takes one, where the elements are known in advance).
    public var async: AsyncStream<Element> {
        AsyncStream { continuation in
            for element in self { continuation.yield(element) }
            continuation.finish()
        }
    }
}
