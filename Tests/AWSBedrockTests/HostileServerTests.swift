import AWSBedrock
import AWSRuntime
import Foundation
import IntegrationS3
import Testing

/// Generated clients against `Tests/Servers/hostile_server.py`: an endpoint that redirects to
/// another host, trickles or bloats its answers, or sends dates no parser should trust. Each case
/// reproduces a defect found in review; none may crash, hang past its deadline or trust another host.
@Suite("Generated clients against a hostile server", .serialized, .enabled(if: Servers.pythonTrait))
struct HostileServerTests {
    func configuration(attemptTimeout: Duration = .seconds(20), maximumResponseBodySize: Int = 100 * 1024 * 1024) throws -> AWSClientConfiguration {
        AWSClientConfiguration(
            region: "us-east-1", endpoint: try Servers.hostile().endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "AKIDHOSTILE", secretAccessKey: "hostile-secret"),
            retryStrategy: StandardRetryStrategy(maxAttempts: 1),
            attemptTimeout: attemptTimeout, maximumResponseBodySize: maximumResponseBodySize,
            validatesPatterns: false
        )
    }

    func control(_ path: String) async throws -> String {
        let url = URL(string: "\(try Servers.hostile().endpoint.absoluteString)/\(path)")!
        let response = try await AsyncHTTPClientTransport().send(AWSHTTPRequest(method: "GET", url: url), timeout: .seconds(60))
        return String(decoding: try await response.body.collect(), as: UTF8.self)
    }

    @Test("a 307 to another host is an error; the other host never sees the request or its signature")
    func redirectIsNotFollowed() async throws {
        let bedrock = BedrockClient(configuration: try configuration())
        _ = try await control("__hits?id=redirect-307")
        do {
            let answer = try await bedrock.getImportedModel(modelIdentifier: "redirect-307")
            Issue.record("the redirect was followed and decoded: \(answer)")
        } catch let error as AWSUnknownServiceError {
            #expect(error.statusCode == 307)
        }
        // The service port counted one hit; a followed redirect would have counted a second.
        #expect(try await control("__hits?id=redirect-307") == "1")
        #expect(try await control("__auth") == "no")
    }

    @Test("a body that trickles in one byte every 0.5 s fails at the attempt deadline")
    func trickledBodyHitsTheDeadline() async throws {
        let bedrock = BedrockClient(configuration: try configuration(attemptTimeout: .seconds(2)))
        let start = ContinuousClock.now
        do {
            _ = try await bedrock.getImportedModel(modelIdentifier: "trickle")
            Issue.record("a trickled body was accepted")
        } catch let error as AWSClientError {
            #expect(error.kind == .timeout)
        }
        // Generous for a loaded machine: the server would trickle for 500 s.
        #expect(ContinuousClock.now - start < .seconds(30), "the deadline did not hold")
    }

    @Test("a gzip body the client never asked for is not inflated (64 MiB of spaces in 64 KiB)")
    func gzipBombIsNotInflated() async throws {
        let bedrock = BedrockClient(configuration: try configuration(maximumResponseBodySize: 1024 * 1024))
        do {
            _ = try await bedrock.getImportedModel(modelIdentifier: "gzip-bomb")
            Issue.record("a gzip body decoded as JSON")
        } catch let error as AWSDecodingError {
            // The compressed bytes reached the decoder as they were: not JSON, and well under the limit.
            _ = error
        }
    }

    @Test("a response over maximumResponseBodySize fails with the operation and the limit in the error")
    func responseOverTheLimit() async throws {
        let bedrock = BedrockClient(configuration: try configuration(maximumResponseBodySize: 64 * 1024))
        do {
            _ = try await bedrock.getImportedModel(modelIdentifier: "big-body-200000")
            Issue.record("a 200 KB body was accepted under a 64 KiB limit")
        } catch let error as AWSClientError {
            #expect(error.kind == .invalidResponse)
            #expect(error.message.contains("GetImportedModel") && error.message.contains("65536"))
        }
        // Just under the limit is fine.
        let fits = try await bedrock.getImportedModel(modelIdentifier: "big-body-60000")
        #expect(fits.modelName?.count == 60000 - 16)
    }

    @Test("an Expires header that is not a date does not fail the answer (this model types it as text; older ones as a timestamp, read leniently)")
    func lenientExpires() async throws {
        let head = try await S3Client(configuration: try configuration()).headObject(bucket: "bad-expires", key: "object")
        #expect(head.expires == "when the cows come home")
        #expect(head.lastModified == Date(timeIntervalSince1970: 1_420_070_400))
        #expect(head.eTag == "\"x\"")
    }

    @Test("hostile Last-Modified headers are decoding errors, never a trap", arguments: [
        "huge-year", "huge-day", "huge-hour", "epoch-1e300", "epoch-inf", "epoch-nan", "iso-year-zero",
    ])
    func hostileDates(name: String) async throws {
        let s3 = S3Client(configuration: try configuration())
        do {
            let head = try await s3.headObject(bucket: "bad-date-\(name)", key: "object")
            Issue.record("a hostile date was accepted: \(String(describing: head.lastModified))")
        } catch let error as AWSDecodingError {
            #expect("\(error)".contains("LastModified") || "\(error)".contains("Last-Modified"))
        }
    }
}

/// The standard retry mode against a server that scripts its answers.
@Suite("Retries against a scripted server", .serialized, .enabled(if: Servers.pythonTrait))
struct ScriptedRetryTests {
    func client(_ strategy: StandardRetryStrategy, attemptTimeout: Duration = .seconds(20)) throws -> BedrockClient {
        BedrockClient(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: try Servers.hostile().endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "AKIDHOSTILE", secretAccessKey: "hostile-secret"),
            retryStrategy: strategy, attemptTimeout: attemptTimeout, validatesPatterns: false
        ))
    }

    func script(_ id: String, _ steps: String) async throws {
        let url = URL(string: "\(try Servers.hostile().endpoint.absoluteString)/__script?id=\(id)&steps=\(steps)")!
        _ = try await AsyncHTTPClientTransport().send(AWSHTTPRequest(method: "GET", url: url), timeout: .seconds(60))
    }

    func hits(_ id: String) async throws -> Int {
        let url = URL(string: "\(try Servers.hostile().endpoint.absoluteString)/__hits?id=\(id)")!
        let response = try await AsyncHTTPClientTransport().send(AWSHTTPRequest(method: "GET", url: url), timeout: .seconds(60))
        return Int(String(decoding: try await response.body.collect(), as: UTF8.self)) ?? -1
    }

    @Test("503, a reset connection, then 200: three attempts, and the quota gets the last retry's cost back")
    func transientThenSuccess() async throws {
        let strategy = StandardRetryStrategy(maxAttempts: 3, baseDelay: 0.01)
        try await script("script-transient", "503,reset,200")
        let answer = try await client(strategy).getImportedModel(modelIdentifier: "script-transient")
        #expect(answer.modelName == "ok")
        #expect(try await hits("script-transient") == 3)
        #expect(strategy.availableQuota == 500 - 5 - 5 + 5)
    }

    @Test("a timed-out attempt costs 10 and its successful retry gives the 10 back")
    func timeoutRetryCost() async throws {
        let strategy = StandardRetryStrategy(maxAttempts: 2, baseDelay: 0.01)
        try await script("script-timeout", "stall,200")
        let answer = try await client(strategy, attemptTimeout: .seconds(4)).getImportedModel(modelIdentifier: "script-timeout")
        #expect(answer.modelName == "ok")
        #expect(strategy.availableQuota == 500)
    }

    @Test("a 400 is not retried; attempts stop at maxAttempts with the last error")
    func notRetried() async throws {
        let strategy = StandardRetryStrategy(maxAttempts: 3, baseDelay: 0.01)
        try await script("script-client-error", "400")
        await #expect(throws: ValidationException.self) { try await client(strategy).getImportedModel(modelIdentifier: "script-client-error") }
        #expect(try await hits("script-client-error") == 1)
        try await script("script-always-503", "503")
        await #expect(throws: (any Error).self) { try await client(strategy).getImportedModel(modelIdentifier: "script-always-503") }
        #expect(try await hits("script-always-503") == 3)
    }

    @Test("x-amz-retry-after is honored within [backoff, backoff + 5 s]")
    func retryAfterHint() async throws {
        let strategy = StandardRetryStrategy(maxAttempts: 2, baseDelay: 0.01)
        try await script("script-retry-after", "503:x-amz-retry-after=1200,200")
        let start = ContinuousClock.now
        _ = try await client(strategy).getImportedModel(modelIdentifier: "script-retry-after")
        #expect(ContinuousClock.now - start >= .milliseconds(1200))
    }
}

@Suite("Client error correction against a server that omits required members", .enabled(if: Servers.pythonTrait))
struct ErrorCorrectionTests {
    @Test("GetCustomModel answered with {}: required members get zero values instead of failing the call")
    func missingRequiredMembers() async throws {
        let bedrock = BedrockClient(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: try Servers.hostile().endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "AKIDHOSTILE", secretAccessKey: "hostile-secret"),
            retryStrategy: StandardRetryStrategy(maxAttempts: 1), validatesPatterns: false
        ))
        let model = try await bedrock.getCustomModel(modelIdentifier: "required-missing")
        #expect(model.modelArn == "" && model.modelName == "")
        #expect(model.creationTime == Date(timeIntervalSince1970: 0))
        #expect(model.baseModelArn == nil, "optional members stay absent")
    }
}
