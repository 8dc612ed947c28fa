@testable import AWSRuntime
import Foundation
import Testing

/// The AWS SDKs' shared test suite for configured endpoint URLs, as botocore 1.43.11 ships it
/// (`tests/functional/configured_endpoint_urls/profile-tests.json`): profiles, `services`
/// sections, environment variables and client settings, and the endpoint URL each combination
/// must give. "No configured URL" is the service's own endpoint in the case's region.
@Suite("Configured endpoint URLs: the SDKs' shared suite")
struct ConfiguredEndpointSuiteTests {
    struct Suite: Decodable {
        var testSuites: [TestSuite]
    }

    struct TestSuite: Decodable {
        var profiles: [String: [String: String]]
        var services: [String: [String: [String: String]]]
        var client_configs: [String: ClientConfig]
        var environments: [String: [String: String]]
        var endpointUrlTests: [Case]
    }

    struct ClientConfig: Decodable {
        var endpoint_url: String?
        var ignore_configured_endpoint_urls: Bool?
    }

    struct Case: Decodable {
        var name: String
        var profile: String
        var client_config: String
        var environment: String
        var service: String
        var output: [String: String]
    }

    /// The suite's profiles and services sections as a config file.
    static func configFile(_ suite: TestSuite) -> String {
        var lines: [String] = []
        for (name, settings) in suite.profiles.sorted(by: { $0.key < $1.key }) {
            lines.append(name == "default" ? "[default]" : "[profile \(name)]")
            lines += settings.sorted(by: { $0.key < $1.key }).map { "\($0.key) = \($0.value)" }
        }
        for (name, services) in suite.services.sorted(by: { $0.key < $1.key }) {
            lines.append("[services \(name)]")
            for (service, settings) in services.sorted(by: { $0.key < $1.key }) {
                lines.append("\(service) =")
                lines += settings.sorted(by: { $0.key < $1.key }).map { "  \($0.key) = \($0.value)" }
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test("every case of profile-tests.json gives the endpoint URL it names")
    func sharedSuite() throws {
        guard let folder = botocoreTestsFolder,
            let data = FileManager.default.contents(atPath: folder + "/tests/functional/configured_endpoint_urls/profile-tests.json")
        else {
            #expect(!Servers.isCI, "AWS_CODEGEN_BOTOCORE_TESTS must hold the configured-endpoint suite (scripts/fetch-botocore-tests.sh)")
            return
        }
        let suites = try JSONDecoder().decode(Suite.self, from: data).testSuites
        let services = [
            "s3": AWSServiceDescriptor(serviceId: "S3", signingName: "s3", endpointPrefix: "s3", apiVersion: "2006-03-01", protocolName: "rest-xml"),
            "dynamodb": AWSServiceDescriptor(serviceId: "DynamoDB", signingName: "dynamodb", endpointPrefix: "dynamodb", apiVersion: "2012-08-10", protocolName: "json"),
        ]
        var checked = 0
        for suite in suites {
            let config = NSTemporaryDirectory() + "configured-endpoints-\(UUID().uuidString)"
            try Self.configFile(suite).write(toFile: config, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(atPath: config) }
            for test in suite.endpointUrlTests {
                let service = try #require(services[test.service], "\(test.service)")
                var environment = suite.environments[test.environment] ?? [:]
                environment["AWS_CONFIG_FILE"] = config
                environment["AWS_SHARED_CREDENTIALS_FILE"] = config + ".none"
                environment["HOME"] = "/nonexistent"
                let clientConfig = suite.client_configs[test.client_config]
                let configuration = AWSClientConfiguration(
                    endpoint: clientConfig?.endpoint_url.flatMap(URL.init(string:)), profile: test.profile,
                    ignoresConfiguredEndpointURLs: clientConfig?.ignore_configured_endpoint_urls, environment: environment
                )
                let settings = try SettingsResolver(profile: test.profile, environment: environment).resolve(configuration, service: service)
                let expected = try #require(test.output["endpointUrl"], "\(test.name)")
                let own = "https://\(service.endpointPrefix).\(settings.region ?? "").amazonaws.com"
                #expect((settings.endpointURL?.absoluteString ?? own) == expected, "\(test.name)")
                checked += 1
            }
        }
        #expect(checked == 39)
    }
}
