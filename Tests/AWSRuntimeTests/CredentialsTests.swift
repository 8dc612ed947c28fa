@testable import AWSRuntime
import Foundation
import Testing

@Suite("Credentials and region")
struct CredentialsTests {
    func temporaryFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "aws-\(UUID().uuidString)"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("environment variables")
    func environment() async throws {
        let provider = EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKID", "AWS_SECRET_ACCESS_KEY": "SECRET", "AWS_SESSION_TOKEN": "TOKEN"])
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID == "AKID" && credentials.secretAccessKey == "SECRET" && credentials.sessionToken == "TOKEN")
        await #expect(throws: AWSCredentialSourceError.self) { try await EnvironmentCredentialProvider(environment: ["AWS_ACCESS_KEY_ID": "AKID"]).credentials() }
        await #expect(throws: AWSClientError.self) { try await EnvironmentCredentialProvider(environment: ["AWS_SECRET_ACCESS_KEY": "S"]).credentials() }
    }

    @Test("profiles from the shared credentials and config files")
    func profiles() async throws {
        let credentialsFile = try temporaryFile("""
            [default]
            aws_access_key_id = DEFAULTKEY
            aws_secret_access_key = DEFAULTSECRET

            [work]
            aws_access_key_id=WORKKEY
            aws_secret_access_key=WORKSECRET
            aws_session_token = WORKTOKEN
            """)
        let configFile = try temporaryFile("""
            [default]
            region = eu-west-1

            [profile work]
            region = ap-southeast-2
            s3 =
              max_concurrent_requests = 20

            [profile config-only]
            aws_access_key_id = CONFIGKEY
            aws_secret_access_key = CONFIGSECRET
            """)
        let environment = ["AWS_SHARED_CREDENTIALS_FILE": credentialsFile, "AWS_CONFIG_FILE": configFile, "HOME": "/nonexistent"]
        let work = try await ProfileCredentialProvider(profile: "work", environment: environment).credentials()
        #expect(work.accessKeyID == "WORKKEY" && work.secretAccessKey == "WORKSECRET" && work.sessionToken == "WORKTOKEN")
        #expect(try await ProfileCredentialProvider(environment: environment).credentials().accessKeyID == "DEFAULTKEY")
        var withProfile = environment
        withProfile["AWS_PROFILE"] = "config-only"
        #expect(try await ProfileCredentialProvider(environment: withProfile).credentials().accessKeyID == "CONFIGKEY")
        await #expect(throws: AWSClientError.self) { try await ProfileCredentialProvider(profile: "missing", environment: environment).credentials() }

        #expect(AWSClientConfiguration(environment: environment).resolvedRegion() == "eu-west-1")
        #expect(AWSClientConfiguration(profile: "work", environment: environment).resolvedRegion() == "ap-southeast-2")
        var withRegion = environment
        withRegion["AWS_DEFAULT_REGION"] = "us-west-1"
        #expect(AWSClientConfiguration(environment: withRegion).resolvedRegion() == "us-west-1")
        // botocore reads AWS_DEFAULT_REGION and the profile; AWS_REGION only where neither has a region.
        withRegion["AWS_REGION"] = "us-west-2"
        #expect(AWSClientConfiguration(environment: withRegion).resolvedRegion() == "us-west-1")
        #expect(AWSClientConfiguration(environment: ["AWS_REGION": "us-west-2", "AWS_CONFIG_FILE": "/nonexistent", "HOME": "/nonexistent"]).resolvedRegion() == "us-west-2")
        #expect(AWSClientConfiguration(region: "cn-north-1", environment: withRegion).resolvedRegion() == "cn-north-1")
    }

    @Test("the default chain prefers the environment, then the profile, and says why it failed")
    func chain() async throws {
        let credentialsFile = try temporaryFile("[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\n")
        let fileOnly = ["AWS_SHARED_CREDENTIALS_FILE": credentialsFile, "AWS_CONFIG_FILE": "/nonexistent", "HOME": "/nonexistent"]
        #expect(try await ChainCredentialProvider.default(environment: fileOnly).credentials().accessKeyID == "FILEKEY")
        var both = fileOnly
        both["AWS_ACCESS_KEY_ID"] = "ENVKEY"
        both["AWS_SECRET_ACCESS_KEY"] = "ENVSECRET"
        #expect(try await ChainCredentialProvider.default(environment: both).credentials().accessKeyID == "ENVKEY")
        do {
            _ = try await ChainCredentialProvider.default(environment: ["HOME": "/nonexistent", "AWS_EC2_METADATA_DISABLED": "true"]).credentials()
            Issue.record("expected no credentials")
        } catch let error as AWSClientError {
            #expect(error.kind == .credentials)
            #expect(error.message.contains("AWS_ACCESS_KEY_ID is not set"))
            #expect(error.message.contains("profile 'default'"))
        }
    }

    @Test("instance metadata: the IPv4 address by default, IPv6 by mode, a configured endpoint over both; settings from the profile")
    func instanceMetadataEndpoints() throws {
        #expect(InstanceMetadataCredentialProvider(environment: ["HOME": "/nonexistent"]).baseURL.absoluteString == "http://169.254.169.254")
        let ipv6 = InstanceMetadataCredentialProvider(environment: ["HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6"])
        #expect(ipv6.baseURL.absoluteString == "http://[fd00:ec2::254]")
        let configured = InstanceMetadataCredentialProvider(environment: [
            "HOME": "/nonexistent", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE": "IPv6", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "http://10.0.0.1:8080/",
        ])
        #expect(configured.baseURL.absoluteString == "http://10.0.0.1:8080")
        let config = try temporaryFile("[default]\nec2_metadata_service_endpoint_mode = ipv6\nmetadata_service_timeout = 5\nmetadata_service_num_attempts = 3\n")
        let fromProfile = InstanceMetadataCredentialProvider(environment: ["HOME": "/nonexistent", "AWS_CONFIG_FILE": config])
        #expect(fromProfile.baseURL.absoluteString == "http://[fd00:ec2::254]" && fromProfile.timeout == .seconds(5) && fromProfile.attempts == 3)
    }

    /// Counts fetches and hands out credentials that expire soon after.
    final class CountingProvider: AWSCredentialProvider, @unchecked Sendable {
        let lock = NSLock()
        var fetches = 0
        let lifetime: TimeInterval
        init(lifetime: TimeInterval) { self.lifetime = lifetime }
        func credentials() async throws -> AWSCredentials {
            lock.withLock { fetches += 1 }
            try await Task.sleep(for: .milliseconds(50))
            return AWSCredentials(accessKeyID: "TEMP\(lock.withLock { fetches })", secretAccessKey: "s", sessionToken: "t", expiration: Date().addingTimeInterval(lifetime))
        }
    }

    @Test("temporary credentials are cached, refreshed before expiry, and fetched once by concurrent callers")
    func caching() async throws {
        let longLived = CountingProvider(lifetime: 3600)
        let cache = CachingCredentialProvider(longLived, refreshMargin: 300)
        try await withThrowingTaskGroup(of: AWSCredentials.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.credentials() } }
            for try await credentials in group { #expect(credentials.accessKeyID == "TEMP1") }
        }
        #expect(longLived.fetches == 1)
        _ = try await cache.credentials()
        #expect(longLived.fetches == 1)

        // Expiring within the refresh margin: every call refreshes (once per wave).
        let shortLived = CountingProvider(lifetime: 60)
        let shortCache = CachingCredentialProvider(shortLived, refreshMargin: 300)
        _ = try await shortCache.credentials()
        _ = try await shortCache.credentials()
        #expect(shortLived.fetches == 2)
    }
}

@Suite("Endpoints and retries")
struct EndpointRetryTests {
    let service = AWSServiceDescriptor(serviceId: "Bedrock", signingName: "bedrock", endpointPrefix: "bedrock", apiVersion: "2023-04-20", protocolName: "rest-json")

    func endpoint(_ region: String, fips: Bool = false, dualStack: Bool = false) throws -> String {
        try DefaultEndpointResolver().resolve(service: service, parameters: AWSEndpointParameters(
            region: region, useFIPS: fips, useDualStack: dualStack, endpoint: nil, operationName: "X"
        )).url.absoluteString
    }

    @Test("the endpoint follows the region's partition")
    func partitions() throws {
        #expect(try endpoint("us-east-1") == "https://bedrock.us-east-1.amazonaws.com")
        #expect(try endpoint("cn-north-1") == "https://bedrock.cn-north-1.amazonaws.com.cn")
        #expect(try endpoint("us-gov-west-1") == "https://bedrock.us-gov-west-1.amazonaws.com")
        #expect(try endpoint("us-iso-east-1") == "https://bedrock.us-iso-east-1.c2s.ic.gov")
        #expect(try endpoint("us-east-1", fips: true) == "https://bedrock-fips.us-east-1.amazonaws.com")
        #expect(try endpoint("us-east-1", dualStack: true) == "https://bedrock.us-east-1.api.aws")
        #expect(throws: AWSClientError.self) { try endpoint("us-east-1/../evil") }
        let local = try DefaultEndpointResolver().resolve(service: service, parameters: AWSEndpointParameters(
            region: "us-east-1", useFIPS: false, useDualStack: false, endpoint: URL(string: "http://127.0.0.1:4566")!, operationName: "X"
        ))
        #expect(local.url.absoluteString == "http://127.0.0.1:4566")
    }

    @Test("standard retry mode: what is retried, how often, and the quota")
    func standardRetries() {
        let strategy = StandardRetryStrategy(maxAttempts: 3, baseDelay: 0.01)
        #expect(strategy.retryDelay(afterAttempt: 1, error: .response(statusCode: 429, code: "ThrottlingException")) != nil)
        #expect(strategy.retryDelay(afterAttempt: 1, error: .response(statusCode: 500, code: "InternalServerException")) != nil)
        #expect(strategy.retryDelay(afterAttempt: 1, error: .response(statusCode: 503, code: nil)) != nil)
        #expect(strategy.retryDelay(afterAttempt: 1, error: .response(statusCode: 400, code: "ThrottlingException")) != nil)
        #expect(strategy.retryDelay(afterAttempt: 1, error: .transport(isTimeout: false)) != nil)
        #expect(strategy.retryDelay(afterAttempt: 1, error: .response(statusCode: 404, code: "ResourceNotFoundException")) == nil)
        #expect(strategy.retryDelay(afterAttempt: 1, error: .response(statusCode: 400, code: "ValidationException")) == nil)
        #expect(strategy.retryDelay(afterAttempt: 3, error: .response(statusCode: 500, code: nil)) == nil)
        // Full jitter stays under the exponential ceiling.
        for attempt in 1...2 {
            let delay = strategy.retryDelay(afterAttempt: attempt, error: .response(statusCode: 500, code: nil))!
            #expect(delay <= .milliseconds(Int64(10 * (1 << (attempt - 1)))))
        }
        // The quota runs out during an outage and refills on success.
        let outage = StandardRetryStrategy(maxAttempts: 1000, baseDelay: 0)
        var granted = 0
        while outage.retryDelay(afterAttempt: 1, error: .response(statusCode: 503, code: nil)) != nil { granted += 1 }
        #expect(granted == 100)
        outage.recordSuccess(retried: true)
        #expect(outage.retryDelay(afterAttempt: 1, error: .response(statusCode: 503, code: nil)) != nil)
    }

    @Test("error codes are cleaned as the rest-json protocol says")
    func errorCodes() {
        #expect(JSONProtocols.sanitizeErrorCode("FooError") == "FooError")
        #expect(JSONProtocols.sanitizeErrorCode("aws.protocoltests.restjson#FooError") == "FooError")
        #expect(JSONProtocols.sanitizeErrorCode("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/") == "FooError")
        #expect(JSONProtocols.sanitizeErrorCode("aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/") == "FooError")
    }

    @Test("URI labels are percent-encoded; greedy labels keep slashes")
    func uriExpansion() throws {
        let path = try JSONProtocols.expand(
            "/things/{Id}/{Key+}?list-type=2", labels: ["Id": "a b/c", "Key": "dir/sub dir/ü.txt"],
            query: [("q", "x&y=z"), ("q", "2")], operation: "Op"
        )
        #expect(path == "/things/a%20b%2Fc/dir/sub%20dir/%C3%BC.txt?list-type=2&q=x%26y%3Dz&q=2")
        #expect(throws: AWSValidationError.self) { try JSONProtocols.expand("/x/{Id}", labels: [:], query: [], operation: "Op") }
        #expect(throws: AWSValidationError.self) { try JSONProtocols.expand("/x/{Id}", labels: ["Id": ""], query: [], operation: "Op") }
    }
}
