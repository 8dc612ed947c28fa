import Foundation

/// Runs CPU-bound or blocking synchronous work (a long loop, a Python reference script) on a thread of
/// its own, so it does not hold one of the Swift concurrency pool's threads (two on a 2-core machine)
/// while other tests' network calls wait to be resumed and run into their deadlines.
public func offCooperativePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
