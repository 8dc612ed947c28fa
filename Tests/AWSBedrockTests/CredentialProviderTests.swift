@testable import AWSRuntime
import Crypto
import Foundation
import IntegrationS3
import IntegrationSTS
import Testing

/// Every credential source against a stand-in that behaves like the real endpoint
/// (`Tests/Servers/credentials_server.py` for IMDSv2, container credentials and IAM Identity
/// Center; moto for STS), and the default chain of a generated client finding each of them with
/// no configuration but the environment a real host would give it.
@Suite("Credential sources against their stand-ins", .serialized, .enabled(if: Servers.motoTrait))
struct CredentialProviderTests {
    /// The stand-in, with its state reset to the defaults.
    func standIn(_ settings: [String: any Sendable] = [:]) async throws -> URL {
        let server = try Servers.credentials()
        var configuration: [String: any Sendable] = [
            "lifetime": 3600, "containerToken": "container-secret-token", "ssoToken": "sso-access-token",
            "refreshToken": "sso-refresh-token", "imdsStatus": NSNull(), "outageUntil": 0,
        ]
        configuration.merge(settings) { _, new in new }
        try await control(server.endpoint, "configure", configuration)
        try await control(server.endpoint, "reset-stats", [:])
        return server.endpoint
    }

    func control(_ base: URL, _ path: String, _ body: [String: any Sendable]) async throws {
        let data = try JSONSerialization.data(withJSONObject: body)
        let request = AWSHTTPRequest(method: "POST", url: base.appendingPathComponent("control/\(path)"), headers: ["Content-Length": "\(data.count)"], body: .bytes(Array(data)))
        let response = try await AsyncHTTPClientTransport().send(request, timeout: .seconds(60))
        #expect(response.statusCode == 200)
    }

    func stats(_ base: URL) async throws -> [String: Int] {
        let response = try await AsyncHTTPClientTransport().send(AWSHTTPRequest(method: "GET", url: base.appendingPathComponent("control/stats")), timeout: .seconds(60))
        return try JSONDecoder().decode([String: Int].self, from: Data(try await response.body.collect()))
    }

    /// Instance metadata at the stand-in. The tests share two cores with CPU-bound suites that can
    /// hold Swift's cooperative threads for seconds, so requests get far more than the 1-second default.
    func imdsEnvironment(_ base: URL) -> [String: String] {
        ["AWS_EC2_METADATA_SERVICE_ENDPOINT": base.absoluteString, "HOME": "/nonexistent", "AWS_METADATA_SERVICE_TIMEOUT": "30"]
    }

    /// A folder with shared files, for a HOME of its own.
    func home(config: String = "", credentials: String = "") throws -> String {
        let folder = NSTemporaryDirectory() + "aws-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder + "/.aws/sso/cache", withIntermediateDirectories: true)
        try config.write(toFile: folder + "/.aws/config", atomically: true, encoding: .utf8)
        try credentials.write(toFile: folder + "/.aws/credentials", atomically: true, encoding: .utf8)
        return folder
    }

    /// An environment with nothing but HOME and what is given: no keys, no instance metadata.
    func environment(home: String, _ extra: [String: String] = [:]) -> [String: String] {
        ["HOME": home, "PATH": "/usr/bin:/bin", "AWS_EC2_METADATA_DISABLED": "true"].merging(extra) { _, new in new }
    }

    // MARK: Instance metadata

    @Test("IMDSv2: a session token, the role, its credentials; the token is reused, and fetched again when it expires")
    func instanceMetadata() async throws {
        let base = try await standIn()
        let imds = InstanceMetadataCredentialProvider(environment: imdsEnvironment(base))
        let first = try await imds.credentials()
        #expect(first.accessKeyID.hasPrefix("KEYIMDS") && first.secretAccessKey == "imds-secret" && first.sessionToken == "imds-session-token")
        #expect(first.expiration.map { $0.timeIntervalSinceNow > 3000 } == true)
        _ = try await imds.credentials()
        #expect(try await stats(base)["imds-token"] == 1, "the session token is reused")

        try await control(base, "expire-tokens", [:])
        let afterExpiry = try await imds.credentials()
        #expect(afterExpiry.accessKeyID != first.accessKeyID)
        let counts = try await stats(base)
        #expect(counts["imds-401"] == 1 && counts["imds-token"] == 2, "a refused token is replaced once: \(counts)")
    }

    @Test("IMDSv2: through a 1-second outage the last credentials stay in use (static stability), then fresh ones come")
    func instanceMetadataOutage() async throws {
        let base = try await standIn()
        let imds = InstanceMetadataCredentialProvider(environment: imdsEnvironment(base))
        let before = try await imds.credentials()
        try await control(base, "outage", ["seconds": 1])
        let during = try await imds.credentials()
        #expect(during.accessKeyID == before.accessKeyID)
        #expect(during.expiration.map { $0.timeIntervalSinceNow >= 890 && $0.timeIntervalSinceNow <= 1210 } == true, "extended 15 to 20 minutes")
        #expect(try await stats(base)["imds-refused"] ?? 0 >= 1)
        try await Task.sleep(for: .milliseconds(1200))
        #expect(try await imds.credentials().accessKeyID != before.accessKeyID)

        // With nothing fetched before, an outage is an error, and so are a turned-off service and the variable that disables it.
        try await control(base, "outage", ["seconds": 1])
        let fresh = InstanceMetadataCredentialProvider(environment: imdsEnvironment(base))
        await #expect(throws: AWSClientError.self) { try await fresh.credentials() }
        try await Task.sleep(for: .milliseconds(1100))
        _ = try await standIn(["imdsStatus": 403])
        await #expect { try await fresh.credentials() } throws: { "\($0)".contains("403") }
        let disabled = InstanceMetadataCredentialProvider(environment: ["AWS_EC2_METADATA_SERVICE_ENDPOINT": base.absoluteString, "AWS_EC2_METADATA_DISABLED": "true"])
        await #expect { try await disabled.credentials() } throws: { "\($0)".contains("AWS_EC2_METADATA_DISABLED") }
        #expect(try await stats(base)["imds-token"] == 1, "a disabled provider sends nothing")
    }

    @Test("IMDSv1: where the service offers no session token (405), credentials come without one, unless IMDSv1 is disabled")
    func instanceMetadataV1() async throws {
        let base = try await standIn(["imdsStatus": 405])
        let v1 = InstanceMetadataCredentialProvider(environment: imdsEnvironment(base))
        #expect(try await v1.credentials().accessKeyID.hasPrefix("KEYIMDS"))
        var strict = imdsEnvironment(base)
        strict["AWS_EC2_METADATA_V1_DISABLED"] = "true"
        await #expect { try await InstanceMetadataCredentialProvider(environment: strict).credentials() } throws: { "\($0)".contains("405") }
    }

    // MARK: Container credentials

    @Test("container credentials: the token from its file on every fetch; a wrong token and a disallowed host are errors")
    func container() async throws {
        let base = try await standIn()
        let folder = try home()
        let tokenFile = folder + "/token"
        try "container-secret-token\n".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        let environment = ["AWS_CONTAINER_CREDENTIALS_FULL_URI": base.appendingPathComponent("ecs/credentials").absoluteString,
                           "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE": tokenFile]
        let provider = ContainerCredentialProvider(environment: environment, attemptTimeout: .seconds(30), pause: .milliseconds(10))
        let credentials = try await provider.credentials()
        #expect(credentials.accessKeyID.hasPrefix("KEYECS") && credentials.sessionToken == "ecs-session-token" && credentials.expiration != nil)

        // The file rotates (EKS Pod Identity): the next fetch sends the new token, which the stand-in refuses here.
        try "rotated-token".write(toFile: tokenFile, atomically: true, encoding: .utf8)
        await #expect { try await provider.credentials() } throws: { "\($0)".contains("401") }
        #expect(try await stats(base)["container"] == 2, "a refused token is not retried")

        for url in ["http://example.com/creds", "http://169.254.169.254/creds", "ftp://127.0.0.1/creds"] {
            let refused = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": url])
            await #expect(throws: AWSCredentialSourceError.self) { try await refused.credentials() }
        }
        #expect(ContainerCredentialProvider.isAllowedHTTPHost("127.0.0.2") && ContainerCredentialProvider.isAllowedHTTPHost("[::1]"))
        #expect(!ContainerCredentialProvider.isAllowedHTTPHost("127.0.0.1.example.com"))
        let injected = ContainerCredentialProvider(environment: ["AWS_CONTAINER_CREDENTIALS_FULL_URI": base.absoluteString,
                                                                 "AWS_CONTAINER_AUTHORIZATION_TOKEN": "a\r\nX-Injected: 1"])
        await #expect { try await injected.credentials() } throws: { "\($0)".contains("line break") }
    }

    // MARK: credential_process

    func script(_ body: String) throws -> String {
        let path = NSTemporaryDirectory() + "credential-process-\(UUID().uuidString)"
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: path)
        return path
    }

    @Test("credential_process: success with expiration, failure with its message, a hang stopped, garbage and a wrong version refused")
    func process() async throws {
        let good = try script(#"echo '{"Version": 1, "AccessKeyId": "PROCKEY", "SecretAccessKey": "s", "SessionToken": "t", "Expiration": "2030-01-02T03:04:05Z"}'"#)
        let credentials = try await ProcessCredentialProvider(commandLine: "\(good) --profile 'my profile'").credentials()
        #expect(credentials.accessKeyID == "PROCKEY" && credentials.sessionToken == "t")
        #expect(credentials.expiration == Date(timeIntervalSince1970: 1_893_553_445))

        let failing = try script("echo 'token expired, run login' >&2; exit 3")
        await #expect { try await ProcessCredentialProvider(commandLine: failing).credentials() } throws: {
            "\($0)".contains("status 3") && "\($0)".contains("token expired, run login")
        }
        let hanging = try script("exec sleep 30")
        let start = ContinuousClock.now
        await #expect { try await ProcessCredentialProvider(commandLine: hanging, timeout: .milliseconds(300)).credentials() } throws: {
            "\($0)".contains("did not finish")
        }
        #expect(ContinuousClock.now - start < .seconds(5))
        let garbage = try script("echo 'AccessKeyId=AKID'")
        await #expect(throws: AWSCredentialSourceError.self) { try await ProcessCredentialProvider(commandLine: garbage).credentials() }
        let version2 = try script(#"echo '{"Version": 2, "AccessKeyId": "A", "SecretAccessKey": "s"}'"#)
        await #expect { try await ProcessCredentialProvider(commandLine: version2).credentials() } throws: { "\($0)".contains("Version") }
        let half = try script(#"echo '{"Version": 1, "AccessKeyId": "A"}'"#)
        await #expect { try await ProcessCredentialProvider(commandLine: half).credentials() } throws: { "\($0)".contains("SecretAccessKey") }
        await #expect(throws: AWSCredentialSourceError.self) { try await ProcessCredentialProvider(commandLine: "'unterminated").credentials() }
    }

    // MARK: STS: assumed roles and web identity

    @Test("assume_role profiles against moto's STS: source_profile chains, credential_source, external id, duration, MFA")
    func assumeRole() async throws {
        let moto = try Servers.moto()
        let folder = try home(config: """
            [profile base]
            aws_access_key_id = BASEKEY
            aws_secret_access_key = base-secret

            [profile admin]
            role_arn = arn:aws:iam::123456789012:role/admin
            source_profile = base
            external_id = ext-1
            duration_seconds = 1800

            [profile deep]
            role_arn = arn:aws:iam::123456789012:role/deep
            source_profile = admin
            role_session_name = deep-session

            [profile from-env]
            role_arn = arn:aws:iam::123456789012:role/env
            credential_source = Environment

            [profile mfa]
            role_arn = arn:aws:iam::123456789012:role/mfa
            source_profile = base
            mfa_serial = arn:aws:iam::123456789012:mfa/me

            [profile loop-a]
            role_arn = arn:aws:iam::123456789012:role/a
            source_profile = loop-b

            [profile loop-b]
            role_arn = arn:aws:iam::123456789012:role/b
            source_profile = loop-a

            [profile both]
            role_arn = arn:aws:iam::123456789012:role/x
            source_profile = base
            credential_source = Environment
            """)
        let environment = environment(home: folder, ["AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString])
        for profile in ["admin", "deep"] {
            let chain = DefaultCredentialChain(profile: profile, environment: environment, region: "us-east-1").provider()
            let credentials = try await chain.credentials()
            #expect(credentials.accessKeyID.hasPrefix("ASIA") && credentials.sessionToken != nil, "\(profile)")
            #expect(credentials.expiration.map { $0.timeIntervalSinceNow > 60 } == true)
            #expect(chain.sourceName == "assume-role")
        }
        var withKeys = environment
        withKeys["AWS_ACCESS_KEY_ID"] = "ENVKEY"
        withKeys["AWS_SECRET_ACCESS_KEY"] = "env-secret"
        #expect(try await DefaultCredentialChain(profile: "from-env", environment: withKeys).provider().credentials().accessKeyID.hasPrefix("ASIA"))

        let asked = Locked<[String]>([])
        let mfa = DefaultCredentialChain(profile: "mfa", environment: environment, mfaToken: { serial in
            asked.withLock { $0.append(serial) }
            return "123456"
        })
        #expect(try await mfa.provider().credentials().accessKeyID.hasPrefix("ASIA"))
        #expect(asked.withLock { $0 } == ["arn:aws:iam::123456789012:mfa/me"])
        await #expect { try await DefaultCredentialChain(profile: "mfa", environment: environment).provider().credentials() } throws: {
            "\($0)".contains("MFA")
        }
        await #expect { try await DefaultCredentialChain(profile: "loop-a", environment: environment).provider().credentials() } throws: {
            "\($0)".contains("loop")
        }
        await #expect { try await DefaultCredentialChain(profile: "both", environment: environment).provider().credentials() } throws: {
            "\($0)".contains("only one")
        }
    }

    @Test("web identity from the environment (EKS, CI OIDC) and from a profile, against moto's STS; the token file is required")
    func webIdentity() async throws {
        let moto = try Servers.moto()
        let folder = try home(config: """
            [profile oidc]
            role_arn = arn:aws:iam::123456789012:role/ci
            web_identity_token_file = ~/token
            role_session_name = ci-run
            """)
        try "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJjaSJ9.c2lnbmF0dXJl".write(toFile: folder + "/token", atomically: true, encoding: .utf8)
        let sts = ["AWS_ENDPOINT_URL_STS": moto.endpoint.absoluteString]
        let fromEnvironment = DefaultCredentialChain(environment: environment(home: folder, sts.merging([
            "AWS_WEB_IDENTITY_TOKEN_FILE": folder + "/token", "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/eks", "AWS_ROLE_SESSION_NAME": "pod",
        ]) { $1 })).provider()
        #expect(try await fromEnvironment.credentials().accessKeyID.hasPrefix("ASIA"))
        #expect(fromEnvironment.sourceName == "assume-role-with-web-identity")
        let fromProfile = DefaultCredentialChain(profile: "oidc", environment: environment(home: folder, sts)).provider()
        #expect(try await fromProfile.credentials().accessKeyID.hasPrefix("ASIA"))
        let missing = WebIdentityCredentialProvider(tokenFile: folder + "/none", roleARN: "arn:aws:iam::123456789012:role/ci", environment: sts)
        await #expect(throws: AWSCredentialSourceError.self) { try await missing.credentials() }
    }

    // MARK: IAM Identity Center

    func writeToken(home: String, key: String, expiresIn: TimeInterval, refresh: Bool) throws {
        let digest = Insecure.SHA1.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined()
        var cache: [String: String] = [
            "startUrl": "https://corp.awsapps.com/start", "region": "us-east-1", "accessToken": "sso-access-token",
            "expiresAt": Timestamps.iso8601(Date().addingTimeInterval(expiresIn)),
        ]
        if refresh {
            cache["clientId"] = "client-id"
            cache["clientSecret"] = "client-secret"
            cache["refreshToken"] = "sso-refresh-token"
            cache["registrationExpiresAt"] = Timestamps.iso8601(Date().addingTimeInterval(86400 * 30))
        }
        try JSONSerialization.data(withJSONObject: cache).write(to: URL(fileURLWithPath: "\(home)/.aws/sso/cache/\(digest).json"))
    }

    /// A profile of the `corp` IAM Identity Center session, and that session.
    static func ssoProfile(_ section: String) -> String {
        """
        [\(section)]
        sso_session = corp
        sso_account_id = 123456789012
        sso_role_name = Developer

        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = us-east-1
        sso_registration_scopes = sso:account:access
        """
    }

    @Test("SSO: the cached token for role credentials; a token near expiry is refreshed through SSO OIDC and written back; a legacy profile's expired token is an error")
    func sso() async throws {
        let base = try await standIn()
        let folder = try home(config: Self.ssoProfile("profile dev") + """

            [profile legacy]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            sso_account_id = 123456789012
            sso_role_name = ReadOnly

            [profile broken]
            sso_session = nowhere
            sso_account_id = 123456789012
            sso_role_name = Developer
            """)
        let environment = environment(home: folder, [
            "AWS_ENDPOINT_URL_SSO": base.appendingPathComponent("sso").absoluteString,
            "AWS_ENDPOINT_URL_SSO_OIDC": base.appendingPathComponent("oidc").absoluteString,
        ])
        try writeToken(home: folder, key: "corp", expiresIn: 3600, refresh: true)
        let dev = DefaultCredentialChain(profile: "dev", environment: environment).provider()
        #expect(try await dev.credentials().accessKeyID.hasPrefix("KEYSSO"))
        #expect(dev.sourceName == "sso")
        #expect(try await stats(base)["oidc"] == nil, "a token far from expiry is not refreshed")

        // Ten minutes left: refreshed, and the new token is what the cache file holds afterwards.
        try writeToken(home: folder, key: "corp", expiresIn: 600, refresh: true)
        #expect(try await DefaultCredentialChain(profile: "dev", environment: environment).provider().credentials().accessKeyID.hasPrefix("KEYSSO"))
        #expect(try await stats(base)["oidc"] == 1)
        let digest = Insecure.SHA1.hash(data: Array("corp".utf8)).map { String(format: "%02x", $0) }.joined()
        let cache = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: "\(folder)/.aws/sso/cache/\(digest).json"))) as? [String: Any]
        #expect((cache?["accessToken"] as? String)?.hasPrefix("sso-access-token-") == true)
        #expect((cache?["refreshToken"] as? String)?.hasPrefix("sso-refresh-token-") == true)

        try writeToken(home: folder, key: "https://corp.awsapps.com/start", expiresIn: -60, refresh: false)
        await #expect { try await DefaultCredentialChain(profile: "legacy", environment: environment).provider().credentials() } throws: {
            "\($0)".contains("expired") && "\($0)".contains("aws sso login")
        }
        await #expect { try await DefaultCredentialChain(profile: "broken", environment: environment).provider().credentials() } throws: {
            "\($0)".contains("nowhere")
        }
    }

    // MARK: The default chain in a generated client

    /// Records the key id each request is signed with.
    final class KeyRecorder: AWSInterceptor, @unchecked Sendable {
        let keys = Locked<[String]>([])
        func beforeTransmit(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {
            let key = request.headers["Authorization"]?.components(separatedBy: "Credential=").last?.split(separator: "/").first.map(String.init)
            keys.withLock { $0.append(key ?? "unsigned") }
        }
    }

    @Test("a generated client with no configuration finds credentials in an ECS task, on an EC2 instance, with web identity and with an SSO profile")
    func defaultChainInPlace() async throws {
        let base = try await standIn()
        let moto = try Servers.moto()
        let folder = try home(config: Self.ssoProfile("default"))
        try writeToken(home: folder, key: "corp", expiresIn: 3600, refresh: false)
        try "eyJhbGciOiJSUzI1NiJ9.e30.c2ln".write(toFile: folder + "/token", atomically: true, encoding: .utf8)
        let empty = try home()
        let common = ["AWS_DEFAULT_REGION": "us-east-1", "AWS_ENDPOINT_URL": moto.endpoint.absoluteString, "PATH": "/usr/bin:/bin",
                      "AWS_METADATA_SERVICE_TIMEOUT": "30"]
        let places: [(String, [String: String], String)] = [
            ("ECS", ["HOME": empty, "AWS_EC2_METADATA_DISABLED": "true",
                     "AWS_CONTAINER_CREDENTIALS_FULL_URI": base.appendingPathComponent("ecs/credentials").absoluteString,
                     "AWS_CONTAINER_AUTHORIZATION_TOKEN": "container-secret-token"], "KEYECS"),
            ("EC2", ["HOME": empty, "AWS_EC2_METADATA_SERVICE_ENDPOINT": base.absoluteString], "KEYIMDS"),
            ("web identity", ["HOME": empty, "AWS_EC2_METADATA_DISABLED": "true", "AWS_WEB_IDENTITY_TOKEN_FILE": folder + "/token",
                              "AWS_ROLE_ARN": "arn:aws:iam::123456789012:role/eks"], "ASIA"),
            ("SSO", ["HOME": folder, "AWS_EC2_METADATA_DISABLED": "true",
                     "AWS_ENDPOINT_URL_SSO": base.appendingPathComponent("sso").absoluteString], "KEYSSO"),
        ]
        for (place, variables, prefix) in places {
            let recorder = KeyRecorder()
            let sts = STSClient(configuration: AWSClientConfiguration(interceptors: [recorder], environment: common.merging(variables) { $1 }))
            let identity = try await sts.getCallerIdentity()
            #expect(identity.account != nil, "\(place)")
            let keys = recorder.keys.withLock { $0 }
            #expect(keys.count == 1 && keys[0].hasPrefix(prefix), "\(place): signed with \(keys)")
        }
    }

    @Test("credentials that expire during a paginated listing are refreshed between pages, and no request fails")
    func refreshDuringPagination() async throws {
        let base = try await standIn(["lifetime": 3])
        let moto = try Servers.moto()
        let imds = InstanceMetadataCredentialProvider(environment: imdsEnvironment(base))
        // Windows in seconds so the test takes seconds: refresh in the background after 1 s, wait for it after 2 s.
        let credentials = CachingCredentialProvider(imds, advisoryWindow: 2, mandatoryWindow: 1)
        let recorder = KeyRecorder()
        let s3 = S3Client(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: moto.endpoint, credentialProvider: credentials, validatesPatterns: false, interceptors: [recorder]
        ))
        let bucket = "refresh-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await s3.createBucket(bucket: bucket)
        for index in 0..<24 { _ = try await s3.putObject(bucket: bucket, key: "object-\(index)", body: Data("x".utf8)) }
        var pages = 0
        var keys = 0
        for try await page in s3.listObjectsV2Paginator(ListObjectsV2Request(bucket: bucket, maxKeys: 2)) {
            pages += 1
            keys += page.contents?.count ?? 0
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(pages == 12 && keys == 24)
        let used = Set(recorder.keys.withLock { $0 })
        #expect(used.count >= 2, "the listing outlived its first credentials and went on with new ones: \(used)")
        #expect(try await stats(base)["imds-credentials"] ?? 0 >= 2)
    }

    @Test("100 tasks signing at once in the mandatory window cause one refresh; in the advisory window none of them waits")
    func concurrentRefresh() async throws {
        /// Hands out credentials for an hour of the test's clock, slowly.
        final class SlowSource: AWSCredentialProvider, @unchecked Sendable {
            let fetches = Locked(0)
            let failing = Locked(false)
            let clock: Locked<Date>
            init(clock: Locked<Date>) { self.clock = clock }
            func credentials() async throws -> AWSCredentials {
                let number = fetches.withLock { $0 += 1; return $0 }
                try await Task.sleep(for: .milliseconds(200))
                if failing.withLock({ $0 }) { throw AWSClientError(.credentials, "the source is down") }
                return AWSCredentials(accessKeyID: "KEY\(number)", secretAccessKey: "s", expiration: clock.withLock { $0 }.addingTimeInterval(3600))
            }
        }
        let clock = Locked(Date())
        let source = SlowSource(clock: clock)
        let cache = CachingCredentialProvider(source, now: { clock.withLock { $0 } })
        _ = try await cache.credentials()
        // 55 minutes later: 5 minutes left, inside the mandatory window (10 minutes).
        clock.withLock { $0 = $0.addingTimeInterval(55 * 60) }
        let keys = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 { group.addTask { try await cache.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(keys == ["KEY2"] && source.fetches.withLock { $0 } == 2)

        // 48 minutes after that refresh: 12 minutes left, inside the advisory window only. Callers
        // get the cached key at once, one refresh runs behind them, and when it fails the cached
        // credentials stay in use.
        clock.withLock { $0 = $0.addingTimeInterval(48 * 60) }
        source.failing.withLock { $0 = true }
        let start = ContinuousClock.now
        let advisory = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<100 { group.addTask { try await cache.credentials().accessKeyID } }
            return try await group.reduce(into: Set<String>()) { $0.insert($1) }
        }
        #expect(advisory == ["KEY2"])
        #expect(ContinuousClock.now - start < .milliseconds(150), "nobody waited for the refresh")
        try await Task.sleep(for: .milliseconds(300))
        #expect(source.fetches.withLock { $0 } == 3)
        #expect(try await cache.credentials().accessKeyID == "KEY2")
    }
}
