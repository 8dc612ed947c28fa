import Foundation
import IntegrationBedrockRuntime
import Testing

/// A generated Bedrock Runtime client against `Tests/Servers/bedrock_runtime_stub_server.py`, whose
/// event streams are read back with botocore's `EventStreamBuffer` before they are sent.
@Suite("ConverseStream and InvokeModelWithResponseStream against a Bedrock Runtime stand-in", .enabled(if: Servers.stubTrait))
struct ConverseStreamTests {
    func client(_ server: LocalServer, credentials: (any AWSCredentialProvider)? = nil) -> BedrockRuntimeClient {
        BedrockRuntimeClient(configuration: AWSClientConfiguration(
            region: "us-east-1",
            endpoint: server.endpoint,
            credentialProvider: credentials ?? StaticCredentialProvider(accessKeyID: Servers.accessKey, secretAccessKey: Servers.secretKey),
            attemptTimeout: .seconds(10)
        ))
    }

    static let hello = [Message(content: [.text("Say hello")], role: .user)]

    /// The name of an event's case, for comparing sequences.
    static func name(_ event: ConverseStreamOutput) -> String {
        switch event {
        case .messageStart: "messageStart"
        case .contentBlockStart: "contentBlockStart"
        case .contentBlockDelta: "contentBlockDelta"
        case .contentBlockStop: "contentBlockStop"
        case .messageStop: "messageStop"
        case .metadata: "metadata"
        case .sdkUnknown(let type): "unknown \(type)"
        }
    }

    /// The text of a delta event, if it is one.
    static func text(_ event: ConverseStreamOutput) -> String? {
        if case .contentBlockDelta(let delta) = event, case .text(let text) = delta.delta { return text }
        return nil
    }

    @Test("a conversation streams typed events in order, and the text adds up")
    func chat() async throws {
        let server = try Servers.runtimeStub()
        let response = try await client(server).converseStream(modelId: "chat", messages: Self.hello)
        var names: [String] = []
        var text = ""
        var usage: TokenUsage?
        for try await event in response.stream {
            names.append(Self.name(event))
            text += Self.text(event) ?? ""
            if case .metadata(let metadata) = event { usage = metadata.usage }
            if case .messageStop(let stop) = event { #expect(stop.stopReason == .endTurn) }
        }
        #expect(names == ["messageStart"] + Array(repeating: "contentBlockDelta", count: 4) + ["contentBlockStop", "messageStop", "metadata"])
        #expect(text == "Hello, world!")
        #expect(usage?.outputTokens == 4)
        #expect(usage?.totalTokens == 11)
    }

    @Test("the request reaches the model: the stand-in echoes the user's text")
    func echo() async throws {
        let server = try Servers.runtimeStub()
        let response = try await client(server).converseStream(modelId: "echo", messages: [Message(content: [.text("ünïcode ✓")], role: .user)])
        var text = ""
        for try await event in response.stream { text += Self.text(event) ?? "" }
        #expect(text == "ünïcode ✓")
    }

    @Test("a modelled exception event mid-stream is thrown as its typed error, after the events before it")
    func throttlingEvent() async throws {
        let server = try Servers.runtimeStub()
        let response = try await client(server).converseStream(modelId: "throttled", messages: Self.hello)
        var names: [String] = []
        let error = await #expect(throws: ThrottlingException.self) {
            for try await event in response.stream { names.append(Self.name(event)) }
        }
        #expect(names == ["messageStart", "contentBlockDelta"])
        #expect(error?.message == "Too many tokens, please wait before trying again.")
        #expect(error?.errorMetadata.code == "ThrottlingException")
        #expect(error?.requestID != nil)
        // The stream ends at the error.
        var iterator = response.stream.makeAsyncIterator()
        #expect(try await iterator.next() == nil)
    }

    @Test("an error message (:message-type error) is thrown as a service error with its code and message")
    func errorMessage() async throws {
        let server = try Servers.runtimeStub()
        let response = try await client(server).converseStream(modelId: "error-message", messages: Self.hello)
        let error = await #expect(throws: AWSUnknownServiceError.self) {
            for try await _ in response.stream {}
        }
        #expect(error?.code == "InternalFailure")
        #expect(error?.message == "The model failed.")
    }

    @Test("an event of a type the model does not know is skipped")
    func unknownEvent() async throws {
        let server = try Servers.runtimeStub()
        let response = try await client(server).converseStream(modelId: "unknown-event", messages: Self.hello)
        var names: [String] = []
        for try await event in response.stream { names.append(Self.name(event)) }
        #expect(names == ["messageStart"] + Array(repeating: "contentBlockDelta", count: 4) + ["contentBlockStop", "messageStop", "metadata"])
    }

    @Test("a connection dropped in the middle of a message ends the stream with an error, after the whole events")
    func droppedMidFrame() async throws {
        let server = try Servers.runtimeStub()
        let response = try await client(server).converseStream(modelId: "drop-mid-frame", messages: Self.hello)
        var names: [String] = []
        await #expect(throws: (any Error).self) {
            for try await event in response.stream { names.append(Self.name(event)) }
        }
        #expect(names == ["messageStart"])
    }

    @Test("a message with a wrong CRC ends the stream with a checksum error")
    func corruptMessage() async throws {
        let server = try Servers.runtimeStub()
        let response = try await client(server).converseStream(modelId: "corrupt", messages: Self.hello)
        var names: [String] = []
        let error = await #expect(throws: AWSEventStreamError.self) {
            for try await event in response.stream { names.append(Self.name(event)) }
        }
        #expect(error?.kind == .checksumMismatch)
        #expect(names == ["messageStart"])
    }

    @Test("an error response before the stream is thrown by the call itself")
    func rejected() async throws {
        let server = try Servers.runtimeStub()
        await #expect(throws: AccessDeniedException.self) {
            _ = try await client(server).converseStream(modelId: "rejected", messages: Self.hello)
        }
    }

    /// The stand-in's record of an endless stream. (Through a client of its own, so that its
    /// connections never wait behind the streams under test, with room for a loaded machine.)
    func streamState(_ server: LocalServer, _ id: String) async throws -> (written: Int, finished: Bool, aborted: Bool) {
        let transport = AsyncHTTPClientTransport(settings: .init(connectTimeout: .seconds(20), readIdleTimeout: .seconds(29)))
        let response = try await transport.send(
            AWSHTTPRequest(method: "GET", url: server.endpoint.appendingPathComponent("__stream/\(id)")), timeout: .seconds(30)
        )
        let json = try JSONParser.parse(try await response.body.collect())
        return (
            Int(try Int64(json: json["written"] ?? .integer(0), path: .root)),
            json["finished"] == .bool(true), json["aborted"] == .bool(true)
        )
    }

    /// Polls the stand-in until `condition` holds, for up to 90 seconds (a poll that fails counts as "not yet").
    func eventually(_ server: LocalServer, _ id: String, _ condition: ((written: Int, finished: Bool, aborted: Bool)) -> Bool) async throws -> Bool {
        // Generous: under the full suite's load (two cores, every model generating) the stand-in has
        // been seen to answer its first request of a test only after 30 s; a pass returns at once.
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline {
            if let state = try? await streamState(server, id), condition(state) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("a consumer that stops after three events holds the sender back, and dropping the stream closes the connection")
    func backPressureAndDrop() async throws {
        let server = try Servers.runtimeStub()
        let id = "endless-drop-\(UInt32.random(in: 0...UInt32.max))"
        var response: ConverseStreamResponse? = try await client(server).converseStream(modelId: id, messages: Self.hello)
        var taken = 0
        for try await _ in response!.stream {
            taken += 1
            if taken == 3 { break }
        }
        // Not reading: the sender stalls on full buffers, far from its 100,000 events.
        try await Task.sleep(for: .milliseconds(500))
        let stalled = try await streamState(server, id)
        try await Task.sleep(for: .milliseconds(500))
        let later = try await streamState(server, id)
        #expect(!stalled.finished && stalled.written < 50_000, "written \(stalled.written) of 100,000 while the consumer waits")
        #expect(later.written == stalled.written)
        response = nil
        #expect(try await eventually(server, id) { $0.aborted }, "the connection stays open after the stream was dropped")
        #expect(!(try await streamState(server, id)).finished)
    }

    @Test("cancelling the task that iterates ends the iteration and closes the connection")
    func cancellation() async throws {
        let server = try Servers.runtimeStub()
        let id = "endless-cancel-\(UInt32.random(in: 0...UInt32.max))"
        let client = client(server)
        let task = Task {
            let response = try await client.converseStream(modelId: id, messages: Self.hello)
            var count = 0
            for try await _ in response.stream {
                count += 1
                if count == 2 { try await Task.sleep(for: .seconds(60)) }
            }
            return count
        }
        #expect(try await eventually(server, id) { $0.written > 0 })
        task.cancel()
        let result = await task.result
        #expect(throws: CancellationError.self) { try result.get() }
        #expect(try await eventually(server, id) { $0.aborted }, "the connection stays open after the task was cancelled")
    }

    /// Sends `texts` one at a time over a bidirectional stream, each after the answer to the one
    /// before arrived, and returns the answers' texts (the last is the stand-in's closing chunk).
    static func converseBothWays(_ client: BedrockRuntimeClient, _ texts: [String]) async throws -> [String] {
        let (inputs, continuation) = AsyncStream<InvokeModelWithBidirectionalStreamInput>.makeStream()
        let response = try await client.invokeModelWithBidirectionalStream(body: AWSEventStream(inputs), modelId: "amazon.nova-sonic-v1:0")
        var answers = response.body.makeAsyncIterator()
        var received: [String] = []
        func next() async throws -> String? {
            guard let event = try await answers.next() else { return nil }
            guard case .chunk(let part) = event, let bytes = part.bytes else { return "unexpected \(event)" }
            return String(decoding: bytes, as: UTF8.self)
        }
        for text in texts {
            continuation.yield(.chunk(BidirectionalInputPayloadPart(bytes: Data(text.utf8))))
            // The answer arrives while the input stream is still open.
            received.append(try await next() ?? "nothing")
        }
        continuation.finish()
        while let answer = try await next() { received.append(answer) }
        return received
    }

    @Test("a bidirectional call: each chunk is answered while the input is open; the stand-in checks every message's chained signature")
    func bidirectional() async throws {
        let server = try Servers.runtimeStub()
        let answers = try await Self.converseBothWays(client(server), ["one", "two", "three ✓"])
        #expect(answers == ["echo: one", "echo: two", "echo: three ✓", "end after 3 chunks"])
        #expect(try await Self.converseBothWays(client(server), []) == ["end after 0 chunks"])
    }

    @Test("a bidirectional call with a Bedrock API key sends its messages unsigned")
    func bidirectionalWithBearer() async throws {
        let server = try Servers.runtimeStub()
        let client = BedrockRuntimeClient(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: server.endpoint, bearerTokenProvider: StaticBearerTokenProvider(token: Servers.bearerToken),
            environment: ["AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        ))
        #expect(try await Self.converseBothWays(client, ["hi"]) == ["echo: hi", "end after 1 chunks"])
    }

    @Test("InvokeModelWithResponseStream yields the model's chunks, and a modelled error event")
    func invokeModelWithResponseStream() async throws {
        let server = try Servers.runtimeStub()
        let body = Data(#"{"prompt":"hi"}"#.utf8)
        let response = try await client(server).invokeModelWithResponseStream(modelId: "chat", body: body)
        var texts: [String] = []
        for try await event in response.body {
            guard case .chunk(let part) = event, let bytes = part.bytes else { Issue.record("unexpected event \(event)"); continue }
            let json: JSONValue = try JSONParser.parse(Array(bytes))
            texts.append(json["delta"]?["text"]?.stringValue ?? "?")
        }
        #expect(texts == ["Hello", " world"])
        #expect(response.contentType == "application/json")

        let failing = try await client(server).invokeModelWithResponseStream(modelId: "throttled", body: body)
        await #expect(throws: ModelStreamErrorException.self) {
            for try await _ in failing.body {}
        }
    }
}
