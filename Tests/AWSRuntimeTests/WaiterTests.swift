@testable import AWSRuntime
import Foundation
import Testing

/// The waiter engine on scripted responses, in virtual time: acceptor order and botocore's rules,
/// every way a wait ends, the fixed and exponential schedules, the deadline and cancellation.
@Suite("Waiters: acceptors, schedules, deadlines")
struct WaiterTests {
    typealias Waiter = AWSWaiter<AWSEmptyShape, JSONValue>

    /// Answers with the scripted responses in turn (the last one again when they run out).
    final class Script: @unchecked Sendable {
        private let lock = NSLock()
        private var responses: [Result<JSONValue, any Error>]
        private(set) var calls = 0
        init(_ responses: [Result<JSONValue, any Error>]) { self.responses = responses }
        func next() throws -> (output: JSONValue, statusCode: Int) {
            let response = lock.withLock {
                calls += 1
                return responses.count > 1 ? responses.removeFirst() : responses[0]
            }
            return (try response.get(), 200)
        }
    }

    static func status(_ state: String) -> Result<JSONValue, any Error> { .success(.object(["Table": .object(["TableStatus": .string(state)])])) }
    static func serviceError(_ code: String, status: Int = 400) -> Result<JSONValue, any Error> {
        .failure(AWSUnknownServiceError(metadata: AWSErrorMetadata(code: code, message: "scripted", statusCode: status)))
    }

    static func tableExists() throws -> Waiter {
        Waiter(name: "TableExists", delay: .seconds(20), maxAttempts: 25, acceptors: [
            try .path(.success, .path, "Table.TableStatus", expected: .string("ACTIVE")),
            try .path(.failure, .path, "Table.TableStatus", expected: .string("FAILED")),
            AWSWaiterAcceptor(.retry, .errorCode("ResourceNotFoundException")),
        ])
    }

    @Test("retries on no match and on a retry acceptor, at the model's delay, until success")
    func successAfterRetries() async throws {
        let script = Script([Self.serviceError("ResourceNotFoundException"), Self.status("CREATING"), Self.status("CREATING"), Self.status("ACTIVE")])
        let clock = AWSVirtualWaiterClock()
        let result = try await Self.tableExists().wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: clock)) { _ in try script.next() }
        #expect(result.attempts == 4)
        #expect(result.output?["Table"]?["TableStatus"] == .string("ACTIVE"))
        #expect(clock.pauses == Array(repeating: .seconds(20), count: 3))
    }

    @Test("a failure acceptor ends the wait with the acceptor and the last output")
    func failureAcceptor() async throws {
        let script = Script([Self.status("CREATING"), Self.status("FAILED")])
        do {
            _ = try await Self.tableExists().wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSVirtualWaiterClock())) { _ in try script.next() }
            Issue.record("the wait succeeded")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .failureStateMatched("failure when Table.TableStatus == \"FAILED\""))
            #expect(error.attempts == 2)
            #expect((error.lastOutput as? JSONValue)?["Table"]?["TableStatus"] == .string("FAILED"))
            #expect(error.description.contains("waiter TableExists stopped: a failure acceptor matched"))
        }
    }

    @Test("attempts run out: the model's count, or the one in options")
    func tooManyAttempts() async throws {
        for (limit, expected) in [(nil as Int?, 25), (3, 3)] {
            let script = Script([Self.status("CREATING")])
            let clock = AWSVirtualWaiterClock()
            do {
                _ = try await Self.tableExists().wait(AWSEmptyShape(), options: AWSWaiterOptions(maxAttempts: limit, clock: clock)) { _ in try script.next() }
                Issue.record("the wait succeeded")
            } catch let error as AWSWaiterError {
                #expect(error.reason == .tooManyAttempts)
                #expect(error.attempts == expected && script.calls == expected)
                #expect(clock.pauses.count == expected - 1)
            }
        }
    }

    @Test("a deadline stops the wait before an attempt would start after it, and replaces the attempt count")
    func deadline() async throws {
        let script = Script([Self.status("CREATING")])
        let clock = AWSVirtualWaiterClock()
        do {
            _ = try await Self.tableExists().wait(AWSEmptyShape(), options: AWSWaiterOptions(maxWait: .seconds(3600), clock: clock)) { _ in try script.next() }
            Issue.record("the wait succeeded")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .deadlineExceeded(.seconds(3600)))
            // 20 s apart within an hour: attempts at 0, 20, ..., 3600 s (more than the model's 25).
            #expect(error.attempts == 181)
            #expect(clock.now == .seconds(3600))
        }
    }

    @Test("Smithy's exponential schedule: doubling from minDelay, capped at maxDelay, jittered")
    func exponentialDelays() async throws {
        let script = Script([Self.status("CREATING")])
        let clock = AWSVirtualWaiterClock()
        let options = AWSWaiterOptions(maxAttempts: 8, delay: .exponential(minDelay: .seconds(2), maxDelay: .seconds(30)), clock: clock, random: { $0.upperBound })
        _ = try? await Self.tableExists().wait(AWSEmptyShape(), options: options) { _ in try script.next() }
        #expect(clock.pauses == [2, 4, 8, 16, 30, 30, 30].map { .seconds($0) })
        // The jitter draws from [minDelay, ceiling].
        let low = AWSVirtualWaiterClock()
        let lowOptions = AWSWaiterOptions(maxAttempts: 4, delay: .exponential(minDelay: .seconds(2), maxDelay: .seconds(30)), clock: low, random: { $0.lowerBound })
        _ = try? await Self.tableExists().wait(AWSEmptyShape(), options: lowOptions) { _ in try script.next() }
        #expect(low.pauses == [2, 2, 2].map { .seconds($0) })
    }

    @Test("errors: an expected code succeeds or retries, an unexpected one ends the wait, a client error passes through")
    func errors() async throws {
        let notExists = Waiter(name: "TableNotExists", delay: .seconds(20), maxAttempts: 25, acceptors: [
            AWSWaiterAcceptor(.success, .errorCode("ResourceNotFoundException")),
        ])
        let gone = Script([Self.status("DELETING"), Self.serviceError("ResourceNotFoundException")])
        let result = try await notExists.wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSVirtualWaiterClock())) { _ in try gone.next() }
        #expect(result.attempts == 2 && result.output == nil)
        #expect((result.error as? AWSUnknownServiceError)?.code == "ResourceNotFoundException")

        let denied = Script([Self.serviceError("AccessDeniedException", status: 403)])
        do {
            _ = try await Self.tableExists().wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSVirtualWaiterClock())) { _ in try denied.next() }
            Issue.record("the wait succeeded")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .unexpectedError)
            #expect((error.lastError as? AWSUnknownServiceError)?.statusCode == 403)
        }

        let offline = Script([.failure(AWSClientError(.transport, "connection refused"))])
        await #expect(throws: AWSClientError.self) {
            _ = try await Self.tableExists().wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSVirtualWaiterClock())) { _ in try offline.next() }
        }
        #expect(offline.calls == 1)

        // `error: true` matches any service error, `error: false` any output; status matches both.
        let anyError = Waiter(name: "AnyError", delay: .seconds(1), maxAttempts: 3, acceptors: [AWSWaiterAcceptor(.success, .error(true))])
        let noError = Waiter(name: "NoError", delay: .seconds(1), maxAttempts: 3, acceptors: [AWSWaiterAcceptor(.success, .error(false))])
        let byStatus = Waiter(name: "Status", delay: .seconds(1), maxAttempts: 3, acceptors: [AWSWaiterAcceptor(.success, .status(404))])
        let flaky = { Script([Self.status("CREATING"), Self.serviceError("NotFound", status: 404)]) }
        let scripts = [flaky(), flaky(), flaky()]
        #expect(try await anyError.wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSVirtualWaiterClock())) { _ in try scripts[0].next() }.attempts == 2)
        #expect(try await noError.wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSVirtualWaiterClock())) { _ in try scripts[1].next() }.attempts == 1)
        #expect(try await byStatus.wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSVirtualWaiterClock())) { _ in try scripts[2].next() }.attempts == 2)
    }

    @Test("pathAll and pathAny need a non-empty list; path compares any JSON value")
    func pathMatchers() async throws {
        func outcome(_ acceptor: AWSWaiterAcceptor, _ output: JSONValue) async -> Bool {
            let waiter = Waiter(name: "W", delay: .seconds(1), maxAttempts: 1, acceptors: [acceptor])
            return (try? await waiter.wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSVirtualWaiterClock())) { _ in (output, 200) }) != nil
        }
        let instances: JSONValue = .object(["R": .array([.object(["S": .string("running")]), .object(["S": .string("pending")])])])
        let none: JSONValue = .object(["R": .array([])])
        #expect(await outcome(try .path(.success, .pathAny, "R[].S", expected: .string("pending")), instances))
        #expect(!(await outcome(try .path(.success, .pathAll, "R[].S", expected: .string("running")), instances)))
        #expect(!(await outcome(try .path(.success, .pathAll, "R[].S", expected: .string("running")), none)))
        #expect(!(await outcome(try .path(.success, .pathAny, "R[].S", expected: .string("running")), none)))
        #expect(await outcome(try .path(.success, .path, "length(R[?S == 'running']) > `0`", expected: .bool(true)), instances))
        // Fields pointed at other keys (a wire name, as generated code does for EC2).
        #expect(await outcome(try .path(.success, .pathAll, "Reservations[].State", fieldKeys: ["R", "S"], expected: .string("running")),
                              .object(["R": .array([.object(["S": .string("running")])])])))
        #expect(throws: JMESPathError.self) { try AWSWaiterAcceptor.path(.success, .path, "a.b", fieldKeys: ["x"], expected: .null) }
    }

    @Test("cancelling the task ends the wait with CancellationError")
    func cancellation() async throws {
        let started = AsyncStream<Void>.makeStream()
        let task = Task {
            try await Self.tableExists().wait(AWSEmptyShape(), options: AWSWaiterOptions(clock: AWSContinuousWaiterClock())) { _ in
                started.continuation.yield()
                return (try Self.status("CREATING").get(), 200)
            }
        }
        var iterator = started.stream.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()
        await #expect(throws: CancellationError.self) { _ = try await task.value }
    }
}
