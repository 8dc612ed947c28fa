import AWSBedrock
import AWSRuntime
import Foundation
import Testing

/// Records each hook it sees, as `hook attempt [detail]`.
final class HookRecorder: AWSInterceptor, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []
    var events: [String] { lock.withLock { recorded } }

    private func record(_ event: String) { lock.withLock { recorded.append(event) } }

    func beforeSerialization(input: any AWSShape, context: AWSCallContext) async throws {
        record("beforeSerialization \(context.attempt) \(type(of: input))")
    }
    func beforeSigning(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {
        record("beforeSigning \(context.attempt) signed=\(request.headers["Authorization"] != nil)")
    }
    func beforeTransmit(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {
        record("beforeTransmit \(context.attempt) signed=\(request.headers["Authorization"] != nil)")
    }
    func afterResponse(_ response: HTTPResponseParts, context: AWSCallContext) async throws {
        record("afterResponse \(context.attempt) \(response.statusCode)")
    }
    func onError(_ error: any Error, context: AWSCallContext) async {
        record("onError \(context.serviceId).\(context.operationName) \(type(of: error))")
    }
}

/// The README's header injector: adds a header before signing, so it is signed too.
struct TraceHeader: AWSInterceptor {
    let traceID: String
    func beforeSigning(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {
        request.headers.replaceOrAdd(name: "X-Trace-Id", value: traceID)
    }
}

/// Changes a header after signing.
struct LateHeader: AWSInterceptor {
    let name: String
    func beforeTransmit(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {
        request.headers.replaceOrAdd(name: name, value: "changed-after-signing")
    }
}

struct Refusal: Error {}

/// Refuses to send anything.
struct Refuse: AWSInterceptor {
    func beforeTransmit(request: inout AWSHTTPRequest, context: AWSCallContext) async throws { throw Refusal() }
}

@Suite("Interceptors, against the Bedrock stand-in that checks signatures with botocore", .serialized, .enabled(if: Servers.stubTrait))
struct InterceptorTests {
    func client(_ server: LocalServer, _ interceptors: [any AWSInterceptor], transport: (any AWSHTTPTransport)? = nil) -> BedrockClient {
        BedrockClient(configuration: AWSClientConfiguration(
            region: "us-east-1",
            endpoint: server.endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: Servers.accessKey, secretAccessKey: Servers.secretKey),
            transport: transport ?? AsyncHTTPClientTransport(),
            retryStrategy: StandardRetryStrategy(maxAttempts: 3, baseDelay: 0.01),
            // Generous: these tests count attempts, and an attempt starved of CPU by the heavy suites
            // that run beside them (two cores) must not time out into an extra one.
            attemptTimeout: .seconds(60),
            interceptors: interceptors
        ))
    }

    @Test("every hook runs in order, per attempt, and onError once with the error the call throws")
    func hookOrder() async throws {
        let server = try Servers.stub()
        let recorder = HookRecorder()
        _ = try await client(server, [recorder]).getImportedModel(modelIdentifier: "throttle-once-\(UUID().uuidString)")
        #expect(recorder.events == [
            "beforeSerialization 0 GetImportedModelRequest",
            "beforeSigning 1 signed=false", "beforeTransmit 1 signed=true", "afterResponse 1 429",
            "beforeSigning 2 signed=false", "beforeTransmit 2 signed=true", "afterResponse 2 200",
        ])

        let failing = HookRecorder()
        await #expect(throws: ResourceNotFoundException.self) { try await client(server, [failing]).getImportedModel(modelIdentifier: "missing") }
        #expect(failing.events.suffix(2) == ["afterResponse 1 404", "onError Bedrock.GetImportedModel ResourceNotFoundException"])
    }

    @Test("a header added before signing is sent and signed: the server's botocore check accepts it")
    func headerBeforeSigning() async throws {
        let server = try Servers.stub()
        let transport = RecordingTransport(forwardingTo: AsyncHTTPClientTransport())
        let response = try await client(server, [TraceHeader(traceID: "trace-42")], transport: transport).getImportedModel(modelIdentifier: "full")
        #expect(response.customModelUnits?.customModelUnitsPerModelCopy == 2)
        let sent = try #require(transport.requests.first)
        #expect(sent.headers["X-Trace-Id"] == "trace-42")
        #expect(sent.headers["Authorization"]?.contains("x-trace-id") == true)
    }

    @Test("a signed header changed after signing breaks the signature; an unsigned one does not")
    func headerAfterSigning() async throws {
        let server = try Servers.stub()
        let error = await #expect(throws: AWSUnknownServiceError.self) {
            try await client(server, [LateHeader(name: "X-Amz-Date")]).getImportedModel(modelIdentifier: "full")
        }
        #expect(error?.metadata.statusCode == 403)
        let response = try await client(server, [LateHeader(name: "X-Not-Signed")]).getImportedModel(modelIdentifier: "full")
        #expect(response.modelArchitecture == "llama3")
    }

    @Test("a hook that throws ends the call with its error before anything is sent")
    func refusal() async throws {
        let server = try Servers.stub()
        let recorder = HookRecorder()
        let transport = RecordingTransport(forwardingTo: AsyncHTTPClientTransport())
        await #expect(throws: Refusal.self) {
            try await client(server, [Refuse(), recorder], transport: transport).getImportedModel(modelIdentifier: "full")
        }
        #expect(transport.requests.isEmpty)
        #expect(recorder.events.last == "onError Bedrock.GetImportedModel Refusal")
    }
}
