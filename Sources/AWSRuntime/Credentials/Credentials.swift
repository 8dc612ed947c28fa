import Foundation

/// AWS credentials. `description` never shows the secret or the session token.
public struct AWSCredentials: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var accessKeyID: String
    public var secretAccessKey: String
    public var sessionToken: String?
    /// When temporary credentials stop working; nil for long-term keys.
    public var expiration: Date?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
        self.expiration = expiration
    }

    public var description: String {
        "AWSCredentials(accessKeyID: \(accessKeyID), secretAccessKey: <redacted>\(sessionToken == nil ? "" : ", sessionToken: <redacted>")\(expiration.map { ", expiration: \(Timestamps.iso8601($0))" } ?? ""))"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror {
        Mirror(self, children: ["accessKeyID": accessKeyID, "secretAccessKey": "<redacted>", "sessionToken": sessionToken == nil ? "nil" : "<redacted>"])
    }
}

/// Supplies credentials. Providers are asked on every request; cache in the provider
/// (see `CachingCredentialProvider`) when fetching is expensive.
public protocol AWSCredentialProvider: Sendable {
    func credentials() async throws -> AWSCredentials
    /// A short name of where the credentials come from, as botocore names its sources (`env`,
    /// `shared-credentials-file`, `assume-role`, `container-role`, `iam-role`, ...), for logs.
    var sourceName: String { get }
}

extension AWSCredentialProvider {
    public var sourceName: String { String(describing: type(of: self)) }
}

/// A credential source that is present but broken: half of a key pair, an unreadable or malformed
/// shared file. `ChainCredentialProvider` stops at it instead of trying the next source, as
/// botocore does (`PartialCredentialsError`, `ConfigParseError`): signing as whoever the next
/// source names would hide the broken setup and act as someone else.
public struct AWSCredentialSourceError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Always the same credentials.
public struct StaticCredentialProvider: AWSCredentialProvider {
    let value: AWSCredentials
    public init(_ credentials: AWSCredentials) { value = credentials }
    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        value = AWSCredentials(accessKeyID: accessKeyID, secretAccessKey: secretAccessKey, sessionToken: sessionToken)
    }
    public func credentials() async throws -> AWSCredentials { value }
    public var sourceName: String { "explicit" }
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN` (and
/// `AWS_CREDENTIAL_EXPIRATION`, an ISO 8601 time, when the keys are temporary).
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
    let environment: [String: String]
    public var sourceName: String { "env" }
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) { self.environment = environment }

    public func credentials() async throws -> AWSCredentials {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else {
            throw AWSClientError(.credentials, "AWS_ACCESS_KEY_ID is not set")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw AWSCredentialSourceError("partial credentials in the environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["AWS_SECURITY_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        var expiration: Date?
        if let text = environment["AWS_CREDENTIAL_EXPIRATION"], !text.isEmpty {
            guard let date = Timestamps.parseISO8601(text) else {
                throw AWSCredentialSourceError("AWS_CREDENTIAL_EXPIRATION is '\(text.prefix(40))', not an ISO 8601 time")
            }
            expiration = date
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token, expiration: expiration)
    }
}

/// Static keys of a profile in the shared files: `~/.aws/credentials` (`[name]`) and then
/// `~/.aws/config` (`[profile name]`, or `[default]`). The profile is `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`;
/// the files are `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` when set.
public struct ProfileCredentialProvider: AWSCredentialProvider {
    public let profile: String
    let files: AWSSharedConfigFiles

    public init(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.profile = SettingsResolver.namedProfile(profile, environment) ?? "default"
        files = AWSSharedConfigFiles(environment: environment)
    }

    public var sourceName: String { "shared-credentials-file" }

    public func credentials() async throws -> AWSCredentials {
        let settings = try files.settings(forProfile: profile)
        switch (settings["aws_access_key_id"], settings["aws_secret_access_key"]) {
        case (.some, nil):
            throw AWSCredentialSourceError("partial credentials in the profile '\(profile)': aws_access_key_id without aws_secret_access_key")
        case (nil, .some):
            throw AWSCredentialSourceError("partial credentials in the profile '\(profile)': aws_secret_access_key without aws_access_key_id")
        default: break
        }
        guard let key = settings["aws_access_key_id"], let secret = settings["aws_secret_access_key"] else {
            throw AWSClientError(.credentials, "the profile '\(profile)' has no aws_access_key_id and aws_secret_access_key in \(files.credentialsPath) or \(files.configPath)")
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: settings["aws_session_token"])
    }
}

/// Tries providers in order and uses the first that succeeds; the error lists why each failed.
/// Once one has answered, the chain keeps asking that one (as botocore keeps the credentials its
/// chain found), so a refresh never switches identity to another source.
public final class ChainCredentialProvider: AWSCredentialProvider {
    let providers: [any AWSCredentialProvider]
    private let answering = Locked<Int?>(nil)

    public init(_ providers: [any AWSCredentialProvider]) { self.providers = providers }

    /// The provider that answered, once one has.
    public var answeringProvider: (any AWSCredentialProvider)? { answering.withLock { $0 }.map { providers[$0] } }
    public var sourceName: String { answeringProvider?.sourceName ?? "chain" }

    public func credentials() async throws -> AWSCredentials {
        if let index = answering.withLock({ $0 }) { return try await providers[index].credentials() }
        var reasons: [String] = []
        for (index, provider) in providers.enumerated() {
            do {
                let credentials = try await provider.credentials()
                answering.withLock { $0 = index }
                return credentials
            } catch is PassToNextSource {
                continue
            } catch let error as AWSCredentialSourceError {
                throw AWSClientError(.credentials, error.message, underlying: error)
            } catch let error as AWSClientError {
                reasons.append(error.message)
            } catch {
                reasons.append("\(error)")
            }
        }
        throw AWSClientError(.credentials, AWSClientError.noCredentialsPrefix + reasons.joined(separator: "; "))
    }

    /// botocore's default chain (`DefaultCredentialChain`), cached and refreshed before expiry.
    public static func `default`(
        profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any AWSHTTPTransport)? = nil,
        region: String? = nil
    ) -> any AWSCredentialProvider {
        DefaultCredentialChain(profile: profile, environment: environment, transport: transport, region: region).provider()
    }
}

/// Thrown by a link of a chain that has nothing to say: the chain goes on without a reason.
struct PassToNextSource: Error {
}

/// Caches another provider's credentials and refreshes them before they expire, as botocore's
/// `RefreshableCredentials` does:
/// - inside the advisory window (15 minutes before expiry by default) one caller starts a refresh
///   in the background and every caller goes on with the cached credentials; when that refresh
///   fails, the cached credentials stay in use;
/// - inside the mandatory window (10 minutes) callers wait for the refresh, and its error is theirs;
/// - however many tasks sign at once, one refresh runs at a time.
public final class CachingCredentialProvider: AWSCredentialProvider {
    let base: any AWSCredentialProvider
    let advisoryWindow: TimeInterval
    let mandatoryWindow: TimeInterval
    let now: @Sendable () -> Date
    private struct State {
        var cached: AWSCredentials?
        var inFlight: Task<AWSCredentials, any Error>?
    }
    private let state = Locked<State>(State())

    /// - Parameters:
    ///   - advisoryWindow: refresh in the background this long before `expiration`.
    ///   - mandatoryWindow: wait for a refresh this long before `expiration`.
    public init(
        _ base: any AWSCredentialProvider, advisoryWindow: TimeInterval = 15 * 60, mandatoryWindow: TimeInterval = 10 * 60,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.base = base
        self.advisoryWindow = max(advisoryWindow, mandatoryWindow)
        self.mandatoryWindow = mandatoryWindow
        self.now = now
    }

    /// Refreshes `refreshMargin` before expiry, waiting for it (the mandatory window); the advisory
    /// window starts five minutes earlier.
    public convenience init(_ base: any AWSCredentialProvider, refreshMargin: TimeInterval) {
        self.init(base, advisoryWindow: refreshMargin + 300, mandatoryWindow: refreshMargin)
    }

    public var sourceName: String { base.sourceName }

    public func credentials() async throws -> AWSCredentials {
        let time = now()
        let (cached, task): (AWSCredentials?, Task<AWSCredentials, any Error>?) = state.withLock { state in
            if let cached = state.cached {
                guard let expiration = cached.expiration else { return (cached, nil) }
                let remaining = expiration.timeIntervalSince(time)
                if remaining > advisoryWindow { return (cached, nil) }
                if remaining > mandatoryWindow {
                    // Advisory: refresh in the background, answer with what we have.
                    if state.inFlight == nil { state.inFlight = startRefresh() }
                    return (cached, nil)
                }
            }
            if state.inFlight == nil { state.inFlight = startRefresh() }
            return (nil, state.inFlight)
        }
        if let cached { return cached }
        return try await task!.value
    }

    /// Starts the one refresh; it stores its result and clears itself when done.
    private func startRefresh() -> Task<AWSCredentials, any Error> {
        let base = self.base
        return Task { [weak self] in
            do {
                let credentials = try await base.credentials()
                self?.state.withLock { state in
                    state.cached = credentials
                    state.inFlight = nil
                }
                return credentials
            } catch {
                self?.state.withLock { state in state.inFlight = nil }
                throw error
            }
        }
    }
}

extension AWSClientError {
    static let noCredentialsPrefix = "no credentials found: "

    /// A chain found no source at all (as opposed to a source that is configured and broken).
    var isNoCredentials: Bool { kind == .credentials && message.hasPrefix(Self.noCredentialsPrefix) }
}
