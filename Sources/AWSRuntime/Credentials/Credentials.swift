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
}

/// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and optionally `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: AWSCredentialProvider {
    let environment: [String: String]
    public init(environment: [String: String] = ProcessInfo.processInfo.environment) { self.environment = environment }

    public func credentials() async throws -> AWSCredentials {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else {
            throw AWSClientError(.credentials, "AWS_ACCESS_KEY_ID is not set")
        }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else {
            throw AWSCredentialSourceError("partial credentials in the environment: AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        }
        let token = environment["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: token)
    }
}

/// Static keys of a profile in the shared files: `~/.aws/credentials` (`[name]`) and then
/// `~/.aws/config` (`[profile name]`, or `[default]`). The profile is `AWS_PROFILE`, else `default`;
/// the files are `AWS_SHARED_CREDENTIALS_FILE` and `AWS_CONFIG_FILE` when set.
public struct ProfileCredentialProvider: AWSCredentialProvider {
    public let profile: String
    let files: AWSSharedConfigFiles

    public init(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.profile = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
        files = AWSSharedConfigFiles(environment: environment)
    }

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
public struct ChainCredentialProvider: AWSCredentialProvider {
    let providers: [any AWSCredentialProvider]
    public init(_ providers: [any AWSCredentialProvider]) { self.providers = providers }

    public func credentials() async throws -> AWSCredentials {
        var reasons: [String] = []
        for provider in providers {
            do { return try await provider.credentials() } catch is PassToNextSource {
                continue
            } catch let error as AWSCredentialSourceError {
                throw AWSClientError(.credentials, error.message, underlying: error)
            } catch let error as AWSClientError {
                reasons.append(error.message)
            } catch {
                reasons.append("\(error)")
            }
        }
        throw AWSClientError(.credentials, "no credentials found: " + reasons.joined(separator: "; "))
    }

    /// Environment, then the shared files' profile: what the AWS CLI does for static keys. A
    /// profile named explicitly (`profile`, or `AWS_PROFILE`) must exist in one of the shared files,
    /// even when the environment has keys: botocore stops with `ProfileNotFound` rather than sign as
    /// someone other than the profile the user asked for.
    public static func `default`(profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) -> any AWSCredentialProvider {
        CachingCredentialProvider(ChainCredentialProvider([
            NamedProfileMustExist(profile: profile, environment: environment),
            EnvironmentCredentialProvider(environment: environment),
            ProfileCredentialProvider(profile: profile, environment: environment),
        ]))
    }
}

/// The first link of the default chain: stops it when the profile the user named is in neither
/// shared file, and otherwise passes to the next source.
struct NamedProfileMustExist: AWSCredentialProvider {
    let profile: String?
    let files: AWSSharedConfigFiles

    init(profile: String?, environment: [String: String]) {
        self.profile = profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 }
        files = AWSSharedConfigFiles(environment: environment)
    }

    func credentials() async throws -> AWSCredentials {
        if let profile, try !files.hasProfile(profile) {
            throw AWSCredentialSourceError("the profile '\(profile)' is in neither \(files.credentialsPath) nor \(files.configPath)")
        }
        throw PassToNextSource()
    }
}

/// Thrown by a link of a chain that has nothing to say: the chain goes on without a reason.
struct PassToNextSource: Error {
}

/// Caches another provider's credentials until shortly before they expire. Concurrent callers
/// that find the cache stale share one fetch instead of each starting their own.
public final class CachingCredentialProvider: AWSCredentialProvider {
    let base: any AWSCredentialProvider
    /// Refresh this long before `expiration`.
    let refreshMargin: TimeInterval
    private let state = Locked<(cached: AWSCredentials?, inFlight: Task<AWSCredentials, any Error>?)>((nil, nil))

    public init(_ base: any AWSCredentialProvider, refreshMargin: TimeInterval = 300) {
        self.base = base
        self.refreshMargin = refreshMargin
    }

    public func credentials() async throws -> AWSCredentials {
        let task: Task<AWSCredentials, any Error> = state.withLock { state in
            if let cached = state.cached, !isStale(cached) {
                return Task { cached }
            }
            if let inFlight = state.inFlight { return inFlight }
            let base = self.base
            let task = Task { try await base.credentials() }
            state.inFlight = task
            return task
        }
        do {
            let credentials = try await task.value
            state.withLock { state in
                if state.inFlight == task { state.inFlight = nil }
                state.cached = credentials
            }
            return credentials
        } catch {
            state.withLock { state in if state.inFlight == task { state.inFlight = nil } }
            throw error
        }
    }

    private func isStale(_ credentials: AWSCredentials) -> Bool {
        guard let expiration = credentials.expiration else { return false }
        return expiration.timeIntervalSinceNow < refreshMargin
    }
}

/// The shared `credentials` and `config` files (INI format).
struct AWSSharedConfigFiles: Sendable {
    let credentialsPath: String
    let configPath: String

    init(environment: [String: String]) {
        let home = environment["HOME"] ?? NSHomeDirectory()
        credentialsPath = environment["AWS_SHARED_CREDENTIALS_FILE"].map(Self.expandTilde(home)) ?? "\(home)/.aws/credentials"
        configPath = environment["AWS_CONFIG_FILE"].map(Self.expandTilde(home)) ?? "\(home)/.aws/config"
    }

    static func expandTilde(_ home: String) -> (String) -> String {
        { path in path.hasPrefix("~/") ? home + path.dropFirst() : path }
    }

    /// The profile's keys: the credentials file wins over the config file. A file that botocore
    /// would refuse is an error here too, naming the file and line.
    func settings(forProfile profile: String) throws -> [String: String] {
        var result: [String: String] = [:]
        if let config = try Self.parse(path: configPath) {
            // `[default]` or `[profile default]`; other profiles only as `[profile name]` (any quoting shlex
            // accepts). Two sections for one profile: the later in the file, whole (botocore's profile map).
            var section: SharedConfigSection?
            for (name, candidate) in config {
                let named = name == "default" ? "default" : SharedConfigParser.profileName(ofConfigSection: name)
                if named == profile, candidate.position >= section?.position ?? 0 { section = candidate }
            }
            result.merge(section?.values ?? [:]) { _, new in new }
        }
        if let credentials = try Self.parse(path: credentialsPath) {
            result.merge(credentials[profile]?.values ?? [:]) { _, new in new }
        }
        return result
    }

    /// Whether either file has a section for the profile (`[name]` in credentials; `[profile name]`,
    /// or `[default]` for the default, in config).
    func hasProfile(_ profile: String) throws -> Bool {
        if let credentials = try Self.parse(path: credentialsPath), credentials[profile] != nil { return true }
        guard let config = try Self.parse(path: configPath) else { return false }
        return config.keys.contains { name in
            (profile == "default" && name == "default") || SharedConfigParser.profileName(ofConfigSection: name) == profile
        }
    }

    /// Sections of a shared file; nil when the file does not exist.
    static func parse(path: String) throws -> [String: SharedConfigSection]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw AWSClientError(.credentials, "cannot read \(path)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw AWSCredentialSourceError("\(path) is not valid UTF-8")
        }
        do {
            return try SharedConfigParser.parse(text, path: path)
        } catch {
            throw AWSCredentialSourceError("\(error)")
        }
    }
}
