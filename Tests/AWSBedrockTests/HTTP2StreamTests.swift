@testable import AWSRuntime
import Foundation
import IntegrationBedrockRuntime
import Testing

/// Bedrock Runtime's streams over HTTP/2 and TLS, as the real service serves them: the stand-in's
/// second endpoint (hypercorn) offers only `h2` by ALPN and answers anything else with 505, and its
/// certificate comes from a throwaway authority the client trusts through `AWS_CA_BUNDLE`.
@Suite("Bedrock Runtime streams over HTTP/2 and TLS", .enabled(if: Servers.stubTrait))
struct HTTP2StreamTests {
    func client(_ server: LocalServer, caBundle: String? = Servers.runtimeStubCAFile, bearer: Bool = false) throws -> BedrockRuntimeClient {
        let endpoint = try #require(server.secureEndpoint, "the stand-in announced no HTTP/2 port")
        var environment = ["AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        environment["AWS_CA_BUNDLE"] = caBundle
        return BedrockRuntimeClient(configuration: AWSClientConfiguration(
            region: "us-east-1",
            endpoint: endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: Servers.accessKey, secretAccessKey: Servers.secretKey),
            bearerTokenProvider: bearer ? StaticBearerTokenProvider(token: Servers.bearerToken) : nil,
            attemptTimeout: .seconds(20),
            environment: environment
        ))
    }

    @Test("a bidirectional call completes over HTTP/2: each answer arrives while the input is open, every message's signature checks")
    func bidirectional() async throws {
        let server = try Servers.runtimeStub()
        let answers = try await ConverseStreamTests.converseBothWays(client(server), ["one", "two", "three ✓"])
        #expect(answers == ["echo: one", "echo: two", "echo: three ✓", "end after 3 chunks"])
        #expect(try await ConverseStreamTests.converseBothWays(client(server), []) == ["end after 0 chunks"])
    }

    @Test("a bidirectional call over HTTP/2 with a Bedrock API key")
    func bidirectionalWithBearer() async throws {
        let server = try Servers.runtimeStub()
        #expect(try await ConverseStreamTests.converseBothWays(client(server, bearer: true), ["hi"]) == ["echo: hi", "end after 1 chunks"])
    }

    @Test("several bidirectional calls at once share the HTTP/2 connection's streams and keep their answers apart")
    func concurrentStreams() async throws {
        let server = try Servers.runtimeStub()
        let client = try client(server)
        try await withThrowingTaskGroup(of: (Int, [String]).self) { group in
            for index in 0..<4 {
                group.addTask { (index, try await ConverseStreamTests.converseBothWays(client, ["call \(index)", "again \(index)"])) }
            }
            for try await (index, answers) in group {
                #expect(answers == ["echo: call \(index)", "echo: again \(index)", "end after 2 chunks"])
            }
        }
    }

    @Test("ConverseStream streams typed events over HTTP/2")
    func converseStream() async throws {
        let server = try Servers.runtimeStub()
        let response = try await client(server).converseStream(modelId: "chat", messages: ConverseStreamTests.hello)
        var text = ""
        for try await event in response.stream { text += ConverseStreamTests.text(event) ?? "" }
        #expect(text == "Hello, world!")
    }

    @Test("trusting another authority, the certificate is not trusted: the call fails at once and says how to trust it")
    func untrustedCertificate() async throws {
        let server = try Servers.runtimeStub()
        // Another authority rather than the system's: checking a chain against the system's whole
        // store in a debug build of BoringSSL takes seconds on an event loop that every test shares.
        let error = await #expect(throws: AWSClientError.self) {
            _ = try await client(server, caBundle: Servers.runtimeStubCAFile + ".other.pem").converseStream(modelId: "chat", messages: ConverseStreamTests.hello)
        }
        #expect(error?.kind == .transport)
        #expect(error?.description.contains("TLS handshake with 127.0.0.1 failed") == true)
        #expect(error?.description.contains("AWS_CA_BUNDLE") == true)
        #expect(error?.isPermanent == true, "another attempt meets the same certificate: not retried")
    }

    @Test("an AWS_CA_BUNDLE that does not exist is named in the error")
    func missingCABundle() async throws {
        let server = try Servers.runtimeStub()
        let error = await #expect(throws: AWSClientError.self) {
            _ = try await client(server, caBundle: "/nonexistent/ca.pem").converseStream(modelId: "chat", messages: ConverseStreamTests.hello)
        }
        #expect(error?.description.contains("/nonexistent/ca.pem") == true)
    }

    @Test("the profile's ca_bundle is read when AWS_CA_BUNDLE is not set, with ~ expanded")
    func profileCABundle() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ca-bundle-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        try "[default]\nca_bundle = ~/corporate.pem\n[profile other]\nca_bundle = /etc/other.pem\n".write(to: config, atomically: true, encoding: .utf8)
        let environment = ["AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent", "HOME": "/home/someone"]
        #expect(AWSClientConfiguration.caBundlePath(environment: environment, profile: "default") == "/home/someone/corporate.pem")
        #expect(AWSClientConfiguration.caBundlePath(environment: environment, profile: "other") == "/etc/other.pem")
        var withVariable = environment
        withVariable["AWS_CA_BUNDLE"] = "/from/env.pem"
        #expect(AWSClientConfiguration.caBundlePath(environment: withVariable, profile: "other") == "/from/env.pem")
    }
}
