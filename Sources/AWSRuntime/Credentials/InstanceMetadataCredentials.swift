import Foundation
import Logging

/// Credentials of an EC2 instance's role from the instance metadata service, IMDSv2 first:
/// `PUT /latest/api/token` (a session token for `tokenTTL`, reused until shortly before it
/// expires and fetched again when the service answers 401), then the role's name from
/// `/latest/meta-data/iam/security-credentials/` and its credentials from `…/<role>`.
///
/// Settings (botocore's): `AWS_EC2_METADATA_DISABLED=true` turns it off;
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT` / `ec2_metadata_service_endpoint` replace the address,
/// `AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE` / `ec2_metadata_service_endpoint_mode` (`IPv4`,
/// `IPv6`) choose `169.254.169.254` or `[fd00:ec2::254]`; `AWS_METADATA_SERVICE_TIMEOUT` and
/// `AWS_METADATA_SERVICE_NUM_ATTEMPTS` (1 second, 1 attempt); `AWS_EC2_METADATA_V1_DISABLED`
/// forbids the fallback to IMDSv1 when the token request is refused with 404 or 405 (on by default here).
///
/// Static stability: when the service cannot be reached or answers with credentials that have
/// already expired, and credentials were fetched before, those are kept for another 15 to 20
/// minutes with a warning, so that an instance keeps working through a metadata outage (what
/// botocore and the other SDKs do; AWS accepts such credentials for a while after their expiry).
public final class InstanceMetadataCredentialProvider: AWSCredentialProvider {
    let endpoint: CredentialEndpoint
    let baseURL: URL
    let timeout: Duration
    let attempts: Int
    let tokenTTL: Int
    let allowsV1: Bool
    let disabled: Bool
    let logger: Logger
    let now: @Sendable () -> Date
    private struct State {
        var token: (value: String, expires: Date)?
        var last: AWSCredentials?
    }
    private let state = Locked(State())

    static let defaultIPv4 = "http://169.254.169.254"
    static let defaultIPv6 = "http://[fd00:ec2::254]"

    /// - Parameters:
    ///   - settings: the profile's keys (`ec2_metadata_service_endpoint`, ...), under the environment's.
    public convenience init(
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any AWSHTTPTransport)? = nil,
        profile: String? = nil, tokenTTL: Int = 21600, logger: Logger = Logger(label: "aws.credentials"),
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        let resolver = SettingsResolver(profile: profile, environment: environment)
        func setting(_ variable: String, _ key: String) -> String? { try? resolver.value(variable: variable, key: key) }
        let mode = setting("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode")?.lowercased()
        let base = setting("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint")
            ?? (mode == "ipv6" ? Self.defaultIPv6 : Self.defaultIPv4)
        self.init(
            baseURL: URL(string: base) ?? URL(string: Self.defaultIPv4)!, transport: transport,
            timeout: .seconds(Int(setting("AWS_METADATA_SERVICE_TIMEOUT", "metadata_service_timeout") ?? "") ?? 1),
            attempts: Int(setting("AWS_METADATA_SERVICE_NUM_ATTEMPTS", "metadata_service_num_attempts") ?? "") ?? 1,
            tokenTTL: tokenTTL,
            allowsV1: setting("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")?.lowercased() != "true",
            disabled: environment["AWS_EC2_METADATA_DISABLED"]?.lowercased() == "true",
            logger: logger, now: now
        )
    }

    init(
        baseURL: URL, transport: (any AWSHTTPTransport)?, timeout: Duration, attempts: Int, tokenTTL: Int, allowsV1: Bool, disabled: Bool,
        logger: Logger, now: @escaping @Sendable () -> Date
    ) {
        endpoint = CredentialEndpoint(transport: transport, label: "instance metadata")
        let text = baseURL.absoluteString
        self.baseURL = URL(string: text.hasSuffix("/") ? String(text.dropLast()) : text) ?? baseURL
        self.timeout = timeout
        self.attempts = max(1, attempts)
        self.tokenTTL = tokenTTL
        self.allowsV1 = allowsV1
        self.disabled = disabled
        self.logger = logger
        self.now = now
    }

    public var sourceName: String { "iam-role" }

    public func credentials() async throws -> AWSCredentials {
        if disabled { throw AWSClientError(.credentials, "instance metadata is disabled (AWS_EC2_METADATA_DISABLED)") }
        do {
            var credentials = try await fetch()
            if let expiration = credentials.expiration, expiration <= now() {
                // The service handed out credentials that have expired: it is degraded. Use them a while longer.
                credentials.expiration = extendedExpiration()
                logger.warning("instance metadata returned expired credentials; using them until \(Timestamps.iso8601(credentials.expiration!))")
            }
            state.withLock { $0.last = credentials }
            return credentials
        } catch {
            guard var last = state.withLock({ $0.last }) else { throw error }
            last.expiration = extendedExpiration()
            state.withLock { $0.last = last }
            logger.warning("instance metadata cannot be reached (\(error)); keeping the last credentials until \(Timestamps.iso8601(last.expiration!))")
            return last
        }
    }

    /// 15 minutes and a random 0 to 5 minutes from now: past a refreshing cache's advisory window,
    /// so calls go on without waiting while the service is away, and instances do not all ask again at once.
    private func extendedExpiration() -> Date {
        now().addingTimeInterval(900 + Double.random(in: 0...300))
    }

    private func fetch() async throws -> AWSCredentials {
        let roleResponse = try await get("/latest/meta-data/iam/security-credentials/")
        guard let role = roleResponse.split(whereSeparator: \.isNewline).first.map({ String($0).trimmingCharacters(in: .whitespaces) }), !role.isEmpty else {
            throw AWSClientError(.credentials, "instance metadata: the instance has no IAM role")
        }
        let encoded = role.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? role
        let document = try await get("/latest/meta-data/iam/security-credentials/\(encoded)")
        let object = try CredentialEndpoint.object(Array(document.utf8), from: "instance metadata")
        if let code = object["Code"]?.stringValue, code != "Success" {
            throw AWSClientError(.credentials, "instance metadata: the role's credentials are not available (\(code.prefix(100)))")
        }
        return try CredentialEndpoint.credentials(from: object, source: "instance metadata")
    }

    /// The IMDSv2 session token, fetched when there is none or it is about to expire; nil when
    /// the service does not offer tokens (404, 405) and IMDSv1 is allowed.
    private func sessionToken(forceNew: Bool = false) async throws -> String? {
        if !forceNew, let token = state.withLock({ $0.token }), token.expires > now() { return token.value }
        var headers = AWSHTTPHeaders()
        headers.add(name: "x-aws-ec2-metadata-token-ttl-seconds", value: String(tokenTTL))
        let response = try await withAttempts { try await self.endpoint.send("PUT", self.url("/latest/api/token"), headers: headers, timeout: self.timeout) }
        switch response.status {
        case 200:
            let value = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            // Renew a minute before the service forgets it.
            state.withLock { $0.token = (value, now().addingTimeInterval(Double(max(tokenTTL - 60, 1)))) }
            return value
        case 404 where allowsV1, 405 where allowsV1:
            return nil
        case 403:
            throw AWSClientError(.credentials, "instance metadata refused a session token (403): IMDS is turned off for this instance, or the request crossed too many network hops")
        default:
            throw AWSClientError(.credentials, "instance metadata answered \(response.status) to the session token request")
        }
    }

    /// A metadata path's text, with the session token in effect; a new token is fetched once when
    /// the service refuses the old one (401).
    private func get(_ path: String) async throws -> String {
        for tokenAttempt in 1...2 {
            let token = try await sessionToken(forceNew: tokenAttempt == 2)
            var headers = AWSHTTPHeaders()
            if let token { headers.add(name: "x-aws-ec2-metadata-token", value: token) }
            let response = try await withAttempts { try await self.endpoint.send("GET", self.url(path), headers: headers, timeout: self.timeout) }
            if response.status == 200 { return response.text }
            if response.status == 401, tokenAttempt == 1 { continue }
            throw AWSClientError(.credentials, "instance metadata answered \(response.status) for \(path.hasPrefix("/latest/meta-data/iam/security-credentials/") ? "the role's credentials" : path)")
        }
        throw AWSClientError(.credentials, "instance metadata kept refusing its own session token")
    }

    /// Runs a request up to `attempts` times while it fails to connect or answers 5xx.
    private func withAttempts(_ send: () async throws -> CredentialEndpoint.Response) async throws -> CredentialEndpoint.Response {
        var attempt = 0
        while true {
            attempt += 1
            do {
                let response = try await send()
                if response.status >= 500, attempt < attempts { continue }
                return response
            } catch {
                if attempt >= attempts { throw error }
            }
        }
    }

    private func url(_ path: String) -> URL {
        URL(string: baseURL.absoluteString + path)!
    }
}
