@testable import AWSRuntime
import Foundation
import IntegrationSQS
import IntegrationSTS
import Testing
import TestSupport

/// Settings and credentials against botocore's `Session` on generated configurations: environment
/// variables × credentials file × config file × client options, hostile ones included
/// (`Tests/Differential/config_resolution_reference.py`). For each, a generated SQS or STS client
/// with no credentials of its own makes one call through a transport that records it; the URL,
/// the signing region and key, the credential source, the retry mode and attempts and the
/// user-agent app id must equal botocore's, and where botocore refuses the configuration, the
/// client must refuse it for the same reason.
@Suite("Configuration and credentials: differential against botocore", .enabled(if: Servers.stubTrait && Servers.motoTrait))
struct ConfigResolutionDifferentialTests {
    struct Case: Decodable {
        var environment: [String: String]
        var options: Options
        var service: String
        var result: Outcome
    }

    struct Options: Decodable {
        var region: String?
        var endpoint: String?
        var profile: String?
        var useFIPS: Bool?
        var retryMode: String?
        var maxAttempts: Int?
    }

    struct Outcome: Decodable, Equatable, CustomStringConvertible {
        var url: String?
        var signingRegion: String?
        var accessKey: String?
        var source: String?
        var retryMode: String?
        var maxAttempts: Int?
        var userAgentApp: String?
        var error: String?

        var description: String {
            if let error { return "error \(error)" }
            return "\(url ?? "-") region \(signingRegion ?? "-") key \(accessKey ?? "-") from \(source ?? "-") retry \(retryMode ?? "-")×\(maxAttempts ?? 0) app \(userAgentApp ?? "-")"
        }
    }

    /// botocore's exception classes by the reason they stand for.
    static let errorKinds: [String: String] = [
        "ProfileNotFound": "profile", "NoCredentialsError": "no-credentials", "NoRegionError": "no-region",
        "PartialCredentialsError": "partial", "ConfigParseError": "parse", "ValueError": "configuration",
        "InvalidConfigError": "configuration", "InvalidRetryModeError": "configuration", "InvalidMaxRetryAttemptsError": "configuration",
        "InvalidRetryConfigurationError": "configuration", "InfiniteLoopConfigError": "configuration",
        "CredentialRetrievalError": "retrieval",
    ]

    /// The reason one of our errors stands for, in the same words.
    static func kind(of error: any Error) -> String {
        let text = "\(error)"
        if text.contains("is in neither") { return "profile" }
        if let error = error as? AWSClientError, error.kind == .missingRegion { return "no-region" }
        if text.contains("partial credentials") { return "partial" }
        if text.contains(", line ") { return "parse" }
        if text.contains("no credentials found") { return "no-credentials" }
        if error is AWSConfigurationError || (error as? AWSClientError)?.underlying is AWSConfigurationError { return "configuration" }
        // A configured source that could not produce credentials (a role whose source has none, a failing process).
        if let error = error as? AWSClientError, error.kind == .credentials { return "retrieval" }
        return "other: \(text)"
    }

    /// Records every request and answers each as the service would, briefly; a role's
    /// `AssumeRole` goes on to moto's STS.
    final class RecordingTransport: AWSHTTPTransport, @unchecked Sendable {
        let lock = NSLock()
        var requests: [AWSHTTPRequest] = []
        func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
            if case .bytes(let body) = request.body, String(decoding: body, as: UTF8.self).hasPrefix("Action=AssumeRole") {
                return try await AsyncHTTPClientTransport().send(request, timeout: timeout)
            }
            lock.withLock { requests.append(request) }
            if request.headers["X-Amz-Target"] != nil {
                return AWSHTTPResponse(statusCode: 200, headers: ["Content-Type": "application/x-amz-json-1.0"], body: .bytes(Array(#"{"QueueUrl":"q"}"#.utf8)))
            }
            let xml = "<GetCallerIdentityResponse><GetCallerIdentityResult><Account>1</Account></GetCallerIdentityResult></GetCallerIdentityResponse>"
            return AWSHTTPResponse(statusCode: 200, headers: ["Content-Type": "text/xml"], body: .bytes(Array(xml.utf8)))
        }
    }

    func ours(_ reference: Case) async -> Outcome {
        let transport = RecordingTransport()
        let options = reference.options
        let configuration = AWSClientConfiguration(
            region: options.region, endpoint: options.endpoint.flatMap(URL.init(string:)), profile: options.profile, transport: transport,
            retryMode: options.retryMode.flatMap(AWSRetryMode.init(rawValue:)), maxAttempts: options.maxAttempts, useFIPS: options.useFIPS,
            validatesPatterns: false, environment: reference.environment
        )
        let client: AWSClient
        do {
            if reference.service == "sqs" {
                let sqs = SQSClient(configuration: configuration)
                client = sqs.client
                _ = try await sqs.getQueueUrl(queueName: "q")
            } else {
                let sts = STSClient(configuration: configuration)
                client = sts.client
                _ = try await sts.getCallerIdentity()
            }
        } catch {
            return Outcome(error: Self.kind(of: error))
        }
        guard let request = transport.lock.withLock({ transport.requests.first }),
            let authorization = request.headers["Authorization"],
            let credential = authorization.components(separatedBy: "Credential=").last?.split(separator: ",").first
        else { return Outcome(error: "other: no signed request") }
        let scope = credential.split(separator: "/").map(String.init)
        let agent = request.headers["User-Agent"] ?? ""
        let app = agent.split(separator: " ").first { $0.hasPrefix("app/") }.map { String($0.dropFirst(4)) }
        let mode: String = switch client.retryStrategy {
        case is LegacyRetryStrategy: "legacy"
        case is AdaptiveRetryStrategy: "adaptive"
        default: "standard"
        }
        var url = request.url.absoluteString.components(separatedBy: "?")[0]
        if !url.hasSuffix("/") && request.url.path.isEmpty { url += "/" }
        return Outcome(
            url: url, signingRegion: scope[2], accessKey: scope[0].hasPrefix("ASIA") ? "ASIA…" : scope[0],
            source: client.credentialProvider.sourceName, retryMode: mode,
            maxAttempts: client.retryStrategy.maxAttempts, userAgentApp: app
        )
    }

    @Test("500 generated configurations resolve as botocore resolves them")
    func matchesBotocore() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-resolution-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let sts = try Servers.moto().endpoint.absoluteString
        let data = try await offCooperativePool { try Servers.runPython("Tests/Differential/config_resolution_reference.py", ["7", "500", folder, sts]) }
        let cases = try JSONDecoder().decode([Case].self, from: data)
        var agreed = 0
        var succeeded = 0
        var sources: [String: Int] = [:]
        for (index, reference) in cases.enumerated() {
            var expected = reference.result
            if let error = expected.error { expected = Outcome(error: Self.errorKinds[error] ?? "botocore: \(error)") } else { succeeded += 1 }
            sources[expected.source ?? expected.error ?? "-", default: 0] += 1
            if expected.url?.hasSuffix("/") == false { expected.url! += "/" }
            var actual = await ours(reference)
            if actual.url?.hasSuffix("/") == false { actual.url! += "/" }
            if actual == expected {
                agreed += 1
            } else {
                let config = (try? String(contentsOfFile: reference.environment["AWS_CONFIG_FILE"] ?? "", encoding: .utf8)) ?? ""
                let credentials = (try? String(contentsOfFile: reference.environment["AWS_SHARED_CREDENTIALS_FILE"] ?? "", encoding: .utf8)) ?? ""
                Issue.record("""
                    case \(index): botocore \(expected), ours \(actual)
                    environment \(reference.environment)
                    options \(reference.options)
                    config:
                    \(config)
                    credentials:
                    \(credentials)
                    """)
            }
        }
        #expect(agreed == cases.count)
        // Both outcomes in quantity, or the comparison proves little.
        #expect(succeeded >= 200 && cases.count - succeeded >= 60, "\(succeeded) of \(cases.count) configurations resolved")
        for source in ["env", "assume-role", "shared-credentials-file", "config-file", "custom-process", "configuration", "retrieval"] {
            #expect(sources[source, default: 0] >= 5, "every outcome in quantity: \(sources)")
        }
    }
}
