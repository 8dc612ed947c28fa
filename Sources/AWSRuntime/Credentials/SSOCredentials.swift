import Crypto
import Foundation

/// The IAM Identity Center (SSO) settings of a profile: an `sso_session` that names an
/// `[sso-session name]` section (`sso_start_url`, `sso_region`), or the legacy keys in the profile
/// itself; with `sso_account_id` and `sso_role_name`.
struct SSOProfile: Sendable, Equatable {
    var startURL: String
    var region: String
    var accountID: String
    var roleName: String
    /// The `sso-session` name; nil for a legacy profile (whose token cannot be refreshed).
    var sessionName: String?

    /// Whether the profile uses SSO at all (botocore's test: any of the keys).
    static func isSSO(_ profile: [String: String]) -> Bool {
        ["sso_session", "sso_start_url", "sso_region", "sso_account_id", "sso_role_name"].contains { profile[$0] != nil }
    }

    init(profile name: String, settings: [String: String], shared: AWSSharedConfig) throws {
        var startURL = settings["sso_start_url"]
        var region = settings["sso_region"]
        if let sessionName = settings["sso_session"] {
            guard let session = shared.ssoSessions[sessionName]?.values else {
                throw AWSCredentialSourceError("the profile '\(name)' names the sso-session '\(sessionName)', which the config file does not have")
            }
            for key in ["sso_start_url", "sso_region"] where settings[key] != nil && session[key] != nil && settings[key] != session[key] {
                throw AWSCredentialSourceError("the profile '\(name)' and its sso-session '\(sessionName)' give different values for \(key)")
            }
            startURL = session["sso_start_url"] ?? startURL
            region = session["sso_region"] ?? region
            self.sessionName = sessionName
        } else {
            sessionName = nil
        }
        let missing = [("sso_start_url", startURL), ("sso_region", region), ("sso_account_id", settings["sso_account_id"]), ("sso_role_name", settings["sso_role_name"])]
            .filter { $0.1 == nil }.map(\.0)
        guard missing.isEmpty, let startURL, let region, let accountID = settings["sso_account_id"], let roleName = settings["sso_role_name"] else {
            throw AWSCredentialSourceError("the profile '\(name)' is missing \(missing.joined(separator: ", ")) for IAM Identity Center")
        }
        self.startURL = startURL
        self.region = region
        self.accountID = accountID
        self.roleName = roleName
    }
}

/// The access token `aws sso login` caches in `~/.aws/sso/cache/<sha1 of the session name or
/// start URL>.json`, refreshed through the SSO OIDC service's `CreateToken` when it is within
/// 15 minutes of expiry and the cache holds a refresh token (sso-session profiles only); the
/// refreshed token is written back, as the AWS CLI does.
final class SSOTokenCache: Sendable {
    let path: String
    let profile: SSOProfile
    let oidcURL: URL
    let endpoint: CredentialEndpoint
    let now: @Sendable () -> Date
    static let refreshWindow: TimeInterval = 15 * 60
    private let lastRefreshAttempt = Locked<Date?>(nil)

    init(profile: SSOProfile, home: String, oidcURL: URL, transport: (any AWSHTTPTransport)?, now: @escaping @Sendable () -> Date) {
        let key = profile.sessionName ?? profile.startURL
        let digest = Insecure.SHA1.hash(data: Array(key.utf8)).map { String(format: "%02x", $0) }.joined()
        path = "\(home)/.aws/sso/cache/\(digest).json"
        self.profile = profile
        self.oidcURL = oidcURL
        endpoint = CredentialEndpoint(transport: transport, label: "SSO OIDC")
        self.now = now
    }

    func accessToken() async throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSCredentialSourceError("no IAM Identity Center token for \(profile.sessionName.map { "the sso-session '\($0)'" } ?? profile.startURL) at \(path): run `aws sso login`")
        }
        var cache = try CredentialEndpoint.object(Array(data), from: path)
        guard let token = cache["accessToken"]?.stringValue, let expiresText = cache["expiresAt"]?.stringValue,
            let expires = Timestamps.parseISO8601(expiresText)
        else {
            throw AWSCredentialSourceError("\(path) has no accessToken and expiresAt: run `aws sso login`")
        }
        let remaining = expires.timeIntervalSince(now())
        if remaining > Self.refreshWindow || profile.sessionName == nil {
            guard remaining > 0 else {
                throw AWSCredentialSourceError("the IAM Identity Center token in \(path) has expired: run `aws sso login`")
            }
            return token
        }
        // Refresh at most every 30 seconds, and keep a still-valid token when refreshing fails.
        let mayRefresh = lastRefreshAttempt.withLock { last in
            if let last, now().timeIntervalSince(last) < 30 { return false }
            last = now()
            return true
        }
        if mayRefresh, let refreshed = try? await refresh(&cache) {
            return refreshed
        }
        guard remaining > 0 else {
            throw AWSCredentialSourceError("the IAM Identity Center token in \(path) has expired and could not be refreshed: run `aws sso login`")
        }
        return token
    }

    /// Calls `CreateToken` with the cached refresh token and writes the new token to the cache.
    private func refresh(_ cache: inout [String: JSONValue]) async throws -> String? {
        guard let clientID = cache["clientId"]?.stringValue, let clientSecret = cache["clientSecret"]?.stringValue,
            let refreshToken = cache["refreshToken"]?.stringValue
        else { return nil }
        if let registration = cache["registrationExpiresAt"]?.stringValue.flatMap(Timestamps.parseISO8601), registration <= now() { return nil }
        let body = JSONSerializer.serialize(.object([
            "grantType": .string("refresh_token"), "clientId": .string(clientID), "clientSecret": .string(clientSecret),
            "refreshToken": .string(refreshToken),
        ]))
        let response = try await endpoint.send(
            "POST", oidcURL.appendingPathComponent("token"), headers: ["Content-Type": "application/json"], body: body, timeout: .seconds(30)
        )
        guard response.status == 200 else { return nil }
        let answer = try CredentialEndpoint.object(response.body, from: "SSO OIDC CreateToken")
        guard let accessToken = answer["accessToken"]?.stringValue, case .integer(let expiresIn)? = answer["expiresIn"] else { return nil }
        cache["accessToken"] = .string(accessToken)
        cache["expiresAt"] = .string(Timestamps.iso8601(now().addingTimeInterval(Double(expiresIn))))
        if let newRefresh = answer["refreshToken"]?.stringValue { cache["refreshToken"] = .string(newRefresh) }
        // Written whole to a temporary file and moved over the old, so a reader never sees half a cache.
        try? Data(JSONSerializer.serialize(.object(cache))).write(to: URL(fileURLWithPath: path), options: .atomic)
        return accessToken
    }
}

/// Credentials of an IAM Identity Center (SSO) profile: the cached access token (see
/// `aws sso login`) exchanged for the role's credentials with the SSO portal's `GetRoleCredentials`.
public struct SSOCredentialProvider: AWSCredentialProvider {
    let profile: SSOProfile
    let tokens: SSOTokenCache
    let portalURL: URL
    let endpoint: CredentialEndpoint

    init(profile: SSOProfile, home: String, resolver: SettingsResolver, transport: (any AWSHTTPTransport)?, now: @escaping @Sendable () -> Date) throws {
        let partition = AWSPartition.of(region: profile.region)
        let portal = try resolver.configuredEndpointURL(serviceId: "SSO", ignoresInCode: nil)
            ?? URL(string: "https://portal.sso.\(profile.region).\(partition.dnsSuffix)")
        let oidc = try resolver.configuredEndpointURL(serviceId: "SSO OIDC", ignoresInCode: nil)
            ?? URL(string: "https://oidc.\(profile.region).\(partition.dnsSuffix)")
        guard let portal, let oidc else { throw AWSCredentialSourceError("the sso_region '\(profile.region.prefix(60))' makes no SSO endpoint") }
        self.profile = profile
        portalURL = portal
        tokens = SSOTokenCache(profile: profile, home: home, oidcURL: oidc, transport: transport, now: now)
        endpoint = CredentialEndpoint(transport: transport, label: "SSO")
    }

    public var sourceName: String { "sso" }

    public func credentials() async throws -> AWSCredentials {
        let token = try await tokens.accessToken()
        var components = URLComponents(url: portalURL.appendingPathComponent("federation/credentials"), resolvingAgainstBaseURL: false)
        components?.queryItems = [URLQueryItem(name: "account_id", value: profile.accountID), URLQueryItem(name: "role_name", value: profile.roleName)]
        guard let url = components?.url else { throw AWSCredentialSourceError("the SSO portal URL \(portalURL) cannot take a query") }
        let response = try await endpoint.send("GET", url, headers: ["x-amz-sso_bearer_token": token, "Accept": "application/json"], timeout: .seconds(30))
        guard response.status == 200 else {
            let object = try? CredentialEndpoint.object(response.body, from: "SSO GetRoleCredentials")
            let message = object?["message"]?.stringValue ?? object?["Message"]?.stringValue ?? ""
            throw AWSCredentialSourceError(
                "SSO GetRoleCredentials for the role \(profile.roleName) in \(profile.accountID) answered \(response.status)\(message.isEmpty ? "" : ": \(message.prefix(200))")"
            )
        }
        let object = try CredentialEndpoint.object(response.body, from: "SSO GetRoleCredentials")
        guard let role = object["roleCredentials"]?.objectValue else {
            throw AWSCredentialSourceError("SSO GetRoleCredentials answered without roleCredentials")
        }
        return try CredentialEndpoint.credentials(
            from: role, source: "SSO GetRoleCredentials", keyID: "accessKeyId", secret: "secretAccessKey", token: ["sessionToken"], expiration: "expiration"
        )
    }
}
