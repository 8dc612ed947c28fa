import Foundation
import IntegrationBedrockRuntime
import Testing

/// Records how the stand-in says each request authenticated (its `x-stub-auth` header), and what was sent.
final class AuthRecorder: AWSInterceptor, @unchecked Sendable {
    private let lock = NSLock()
    private var schemes: [String] = []
    private var authorizations: [String] = []
    var used: [String] { lock.withLock { schemes } }
    var sentAuthorizations: [String] { lock.withLock { authorizations } }

    func beforeTransmit(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {
        let value = request.headers["Authorization"] ?? ""
        lock.withLock { authorizations.append(value) }
    }

    func afterResponse(_ response: HTTPResponseParts, context: AWSCallContext) async throws {
        let scheme = response.headers["x-stub-auth"] ?? "?"
        lock.withLock { schemes.append(scheme) }
    }
}

@Suite("Bedrock API keys: bearer auth chosen as botocore chooses it, against the Bedrock Runtime stand-in", .enabled(if: Servers.stubTrait))
struct BearerAuthTests {
    /// An environment with nothing in it but `variables`: no credentials, no shared files.
    static func environment(_ variables: [String: String]) -> [String: String] {
        ["AWS_CONFIG_FILE": "/nonexistent/config", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials"].merging(variables) { $1 }
    }

    func client(
        _ server: LocalServer, environment: [String: String], credentials: (any AWSCredentialProvider)? = nil,
        bearer: (any AWSBearerTokenProvider)? = nil, preference: [String]? = nil, recorder: AuthRecorder
    ) -> BedrockRuntimeClient {
        BedrockRuntimeClient(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: server.endpoint, credentialProvider: credentials,
            bearerTokenProvider: bearer, authSchemePreference: preference,
            retryStrategy: StandardRetryStrategy(maxAttempts: 1), interceptors: [recorder],
            environment: Self.environment(environment)
        ))
    }

    static let hello = [Message(content: [.text("Say hello")], role: .user)]

    @Test("with only AWS_BEARER_TOKEN_BEDROCK set, ConverseStream and Converse authenticate with the key and not with SigV4")
    func environmentToken() async throws {
        let server = try Servers.runtimeStub()
        let recorder = AuthRecorder()
        let client = client(server, environment: ["AWS_BEARER_TOKEN_BEDROCK": Servers.bearerToken], recorder: recorder)
        let response = try await client.converseStream(modelId: "chat", messages: Self.hello)
        var count = 0
        for try await _ in response.stream { count += 1 }
        #expect(count == 8)
        let whole = try await client.converse(modelId: "chat", messages: Self.hello)
        #expect(whole.usage.totalTokens == 11)
        #expect(recorder.used == ["bearer", "bearer"])
        #expect(recorder.sentAuthorizations == ["Bearer \(Servers.bearerToken)", "Bearer \(Servers.bearerToken)"])
    }

    @Test("a token wins over SigV4 credentials, as in botocore, unless a preference set in code says sigv4")
    func preferenceOrder() async throws {
        let server = try Servers.runtimeStub()
        let keys = StaticCredentialProvider(accessKeyID: Servers.accessKey, secretAccessKey: Servers.secretKey)
        let token = ["AWS_BEARER_TOKEN_BEDROCK": Servers.bearerToken]
        let cases: [(environment: [String: String], preference: [String]?, expected: String)] = [
            (token, nil, "bearer"),
            (token, ["sigv4"], "sigv4"),
            (token, ["httpBearerAuth", "sigv4"], "bearer"),
            // Set outside code (environment, profile), a preference does not override the token: botocore's rule.
            (token.merging(["AWS_AUTH_SCHEME_PREFERENCE": "sigv4"]) { $1 }, nil, "bearer"),
            ([:], nil, "sigv4"),
        ]
        for (environment, preference, expected) in cases {
            let recorder = AuthRecorder()
            let client = client(server, environment: environment, credentials: keys, preference: preference, recorder: recorder)
            _ = try await client.converse(modelId: "chat", messages: Self.hello)
            #expect(recorder.used == [expected], "environment \(environment.keys.sorted()), preference \(preference ?? [])")
        }
        // Bearer preferred in code and no token anywhere: a clear error naming the variable, nothing sent.
        let recorder = AuthRecorder()
        let client = client(server, environment: [:], credentials: keys, preference: ["httpBearerAuth"], recorder: recorder)
        let error = await #expect(throws: AWSClientError.self) { _ = try await client.converse(modelId: "chat", messages: Self.hello) }
        #expect(error?.kind == .credentials)
        #expect(error?.message.contains("AWS_BEARER_TOKEN_BEDROCK") == true)
        #expect(recorder.used.isEmpty)
    }

    @Test("a token passed in code is used; a wrong key is the service's AccessDeniedException")
    func tokenInCode() async throws {
        let server = try Servers.runtimeStub()
        let recorder = AuthRecorder()
        let good = client(server, environment: [:], bearer: StaticBearerTokenProvider(token: Servers.bearerToken), recorder: recorder)
        _ = try await good.converse(modelId: "chat", messages: Self.hello)
        #expect(recorder.used == ["bearer"])
        let bad = client(server, environment: [:], bearer: StaticBearerTokenProvider(token: "not-the-key"), recorder: AuthRecorder())
        await #expect(throws: AccessDeniedException.self) { _ = try await bad.converse(modelId: "chat", messages: Self.hello) }
    }

    @Test("a bearer token is never sent over plain http to another host, and never shows in a description")
    func neverInClearText() async throws {
        let recorder = AuthRecorder()
        let client = BedrockRuntimeClient(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: URL(string: "http://bedrock.example.com")!,
            bearerTokenProvider: StaticBearerTokenProvider(token: "secret-key-123"),
            retryStrategy: StandardRetryStrategy(maxAttempts: 1), interceptors: [recorder], environment: Self.environment([:])
        ))
        let error = await #expect(throws: AWSClientError.self) { _ = try await client.converse(modelId: "chat", messages: Self.hello) }
        #expect(error?.message.contains("plain http") == true)
        #expect(error?.message.contains("secret-key-123") == false)
        #expect(recorder.sentAuthorizations.isEmpty)
        #expect(!"\(AWSBearerToken(token: "secret-key-123"))".contains("secret-key-123"))
    }
}

@Suite("Auth-scheme resolution")
struct AuthSchemeResolutionTests {
    @Test("AWS_BEARER_TOKEN_<SIGNING NAME> is spelled as botocore spells it")
    func variableName() {
        #expect(EnvironmentBearerTokenProvider.variableName(signingName: "bedrock") == "AWS_BEARER_TOKEN_BEDROCK")
        #expect(EnvironmentBearerTokenProvider.variableName(signingName: "bedrock-agent runtime") == "AWS_BEARER_TOKEN_BEDROCK_AGENT_RUNTIME")
        #expect(!EnvironmentBearerTokenProvider(signingName: "bedrock", environment: ["AWS_BEARER_TOKEN_BEDROCK": ""]).hasToken)
    }

    @Test("a SigV4-only service ignores a token; a bearer-only service needs one")
    func serviceSchemes() async throws {
        let sigv4Only = AWSServiceDescriptor(serviceId: "S", signingName: "bedrock", endpointPrefix: "s", apiVersion: "1", protocolName: "rest-json")
        let environment = BearerAuthTests.environment(["AWS_BEARER_TOKEN_BEDROCK": "t"])
        #expect(AWSClient(service: sigv4Only, configuration: AWSClientConfiguration(region: "us-east-1", environment: environment)).authScheme == .sigV4)
        let bearerOnly = AWSServiceDescriptor(
            serviceId: "CodeCatalyst", signingName: "codecatalyst", endpointPrefix: "codecatalyst", apiVersion: "1", protocolName: "rest-json",
            authSchemes: ["smithy.api#httpBearerAuth"]
        )
        #expect(AWSClient(service: bearerOnly, configuration: AWSClientConfiguration(region: "us-east-1", environment: environment)).authScheme == .bearer)
        #expect(AWSClient(service: bearerOnly, configuration: AWSClientConfiguration(
            region: "us-east-1", authSchemePreference: ["sigv4"], environment: environment
        )).authScheme == .bearer)
    }

    @Test("the profile's auth_scheme_preference reorders the choice when no token is set")
    func profilePreference() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("auth-pref-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        try "[default]\nauth_scheme_preference = httpBearerAuth, sigv4\n".write(to: config, atomically: true, encoding: .utf8)
        let service = AWSServiceDescriptor(
            serviceId: "Bedrock Runtime", signingName: "bedrock", endpointPrefix: "bedrock-runtime", apiVersion: "1", protocolName: "rest-json",
            authSchemes: ["aws.auth#sigv4", "smithy.api#httpBearerAuth"]
        )
        let environment = ["AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        #expect(AWSClient(service: service, configuration: AWSClientConfiguration(region: "us-east-1", environment: environment)).authScheme == .bearer)
        #expect(AWSClient(service: service, configuration: AWSClientConfiguration(
            region: "us-east-1", environment: environment.merging(["AWS_AUTH_SCHEME_PREFERENCE": "sigv4"]) { $1 }
        )).authScheme == .sigV4)
    }
}
