import Foundation
import Logging

/// Where a client finds credentials when none are given, in botocore's order
/// (`create_credential_resolver`); the first source that is configured answers:
/// 1. environment variables (`AWS_ACCESS_KEY_ID`, ...), skipped when the profile is named in code;
/// 2. an `assume_role` profile (`role_arn` with `source_profile` or `credential_source`);
/// 3. web identity (`AWS_WEB_IDENTITY_TOKEN_FILE` and `AWS_ROLE_ARN`, or the profile's
///    `web_identity_token_file` and `role_arn`);
/// 4. IAM Identity Center (the profile's `sso_session`, or its legacy `sso_*` keys);
/// 5. the shared credentials file's static keys for the profile;
/// 6. the profile's `credential_process`;
/// 7. the config file's static keys for the profile;
/// 8. the container credentials endpoint (ECS, EKS Pod Identity);
/// 9. the EC2 instance metadata service.
/// A source that is configured but broken (half a key pair, a failing process, a role whose
/// source has no credentials) stops the chain with an error naming it.
public struct DefaultCredentialChain: Sendable {
    public var profile: String?
    public var environment: [String: String]
    public var transport: (any AWSHTTPTransport)?
    /// The STS region for assumed roles and web identity (the client's region); `us-east-1` when nil.
    public var region: String?
    /// Asked for the current code of a profile's `mfa_serial` when a role needs one.
    public var mfaToken: (@Sendable (_ serial: String) async throws -> String)?
    public var logger: Logger
    var now: @Sendable () -> Date = { Date() }

    public init(
        profile: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any AWSHTTPTransport)? = nil,
        region: String? = nil, mfaToken: (@Sendable (_ serial: String) async throws -> String)? = nil,
        logger: Logger = Logger(label: "aws.credentials")
    ) {
        self.profile = profile
        self.environment = environment
        self.transport = transport
        self.region = region
        self.mfaToken = mfaToken
        self.logger = logger
    }

    /// The chain, cached and refreshed before its credentials expire.
    public func provider() -> any AWSCredentialProvider {
        CachingCredentialProvider(ResolvingLink(chain: self), now: now)
    }

    /// The sources for the profile in order (built when first asked, since building reads the shared files).
    func sources() throws -> [any AWSCredentialProvider] {
        let resolver = SettingsResolver(profile: profile, environment: environment)
        let shared = try resolver.shared.get()
        let name = resolver.profileName
        if resolver.profileIsNamed, shared.settings(forProfile: name) == nil {
            throw AWSCredentialSourceError("the profile '\(name)' is in neither \(shared.files.credentialsPath) nor \(shared.files.configPath)")
        }
        var sources: [any AWSCredentialProvider] = []
        let disablesEnvironment = profile != nil
        if !disablesEnvironment { sources.append(OptionalLink(EnvironmentCredentialProvider(environment: environment)) { environment["AWS_ACCESS_KEY_ID"].map { !$0.isEmpty } ?? false }) }
        let settings = shared.settings(forProfile: name) ?? [:]
        if Self.isAssumeRoleProfile(settings) {
            // Built when reached: a role profile's mistakes do not matter when the environment answers first (botocore).
            sources.append(LazySource(sourceName: "assume-role") { try assumeRole(profile: name, shared: shared, resolver: resolver, visited: []) })
        }
        sources += try profileSources(name, shared: shared, resolver: resolver, disablesEnvironment: disablesEnvironment)
        let container = ContainerCredentialProvider(environment: environment, transport: transport, attemptTimeout: containerTimeout(resolver))
        if container.isConfigured { sources.append(container) }
        sources.append(InstanceMetadataCredentialProvider(environment: environment, transport: transport, profile: profile, logger: logger, now: now))
        return sources
    }

    /// What the chain looked at and found nothing in, for the error when no source answers.
    func unconfiguredSources() -> [String] {
        var notes: [String] = []
        if profile == nil, SettingsResolver.nonEmpty(environment["AWS_ACCESS_KEY_ID"]) == nil { notes.append("AWS_ACCESS_KEY_ID is not set") }
        let resolver = SettingsResolver(profile: profile, environment: environment)
        let files = AWSSharedConfigFiles(environment: environment)
        notes.append("the profile '\(resolver.profileName)' configures no credentials in \(files.credentialsPath) or \(files.configPath)")
        if !ContainerCredentialProvider(environment: environment).isConfigured {
            notes.append("no container credentials endpoint is set (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, AWS_CONTAINER_CREDENTIALS_FULL_URI)")
        }
        return notes
    }

    /// Two seconds, as botocore waits for the container endpoint, or `AWS_METADATA_SERVICE_TIMEOUT` /
    /// `metadata_service_timeout` when it is longer (botocore applies that one to instance metadata only).
    func containerTimeout(_ resolver: SettingsResolver) -> Duration {
        let seconds = (try? resolver.value(variable: "AWS_METADATA_SERVICE_TIMEOUT", key: "metadata_service_timeout")).flatMap { Int($0) } ?? 2
        return .seconds(max(2, seconds))
    }

    /// A profile names a role to assume through another source (and is not a web identity profile).
    static func isAssumeRoleProfile(_ settings: [String: String]) -> Bool {
        settings["role_arn"] != nil && settings["web_identity_token_file"] == nil
            && (settings["source_profile"] != nil || settings["credential_source"] != nil)
    }

    /// botocore looks for the key id: a secret alone is no credentials, not half of them.
    static func hasStaticKeys(_ settings: [String: String]) -> Bool {
        settings["aws_access_key_id"] != nil
    }

    /// botocore's `ProfileProviderBuilder.providers`: web identity, SSO, the credentials file,
    /// `credential_process`, the config file; only those the profile configures.
    func profileSources(_ name: String, shared: AWSSharedConfig, resolver: SettingsResolver, disablesEnvironment: Bool) throws -> [any AWSCredentialProvider] {
        let settings = shared.settings(forProfile: name) ?? [:]
        let configSettings = shared.configProfiles[name]?.values ?? [:]
        var sources: [any AWSCredentialProvider] = []
        let sts: @Sendable () throws -> STSCredentialCall = { [environment, profile, transport, region] in
            try STSCredentialCall(region: region, environment: environment, profile: profile, transport: transport)
        }
        if !disablesEnvironment, let file = SettingsResolver.nonEmpty(environment["AWS_WEB_IDENTITY_TOKEN_FILE"]) {
            guard let role = SettingsResolver.nonEmpty(environment["AWS_ROLE_ARN"]) else {
                throw AWSCredentialSourceError("AWS_WEB_IDENTITY_TOKEN_FILE is set but AWS_ROLE_ARN is not")
            }
            sources.append(WebIdentityCredentialProvider(tokenFile: file, roleARN: role, sessionName: environment["AWS_ROLE_SESSION_NAME"], sts: sts))
        } else if let file = settings["web_identity_token_file"] {
            guard let role = settings["role_arn"] else {
                throw AWSCredentialSourceError("the profile '\(name)' has web_identity_token_file but no role_arn")
            }
            let home = shared.files.home
            sources.append(WebIdentityCredentialProvider(
                tokenFile: AWSSharedConfigFiles.expandTilde(home)(file), roleARN: role, sessionName: settings["role_session_name"], sts: sts
            ))
        }
        if SSOProfile.isSSO(settings) {
            sources.append(LazySource(sourceName: "sso") { [transport, now] in
                let sso = try SSOProfile(profile: name, settings: settings, shared: shared)
                return try SSOCredentialProvider(profile: sso, home: shared.files.home, resolver: resolver, transport: transport, now: now)
            })
        }
        if let keys = shared.credentialsProfiles[name]?.values, Self.hasStaticKeys(keys) {
            sources.append(StaticProfileKeys(settings: keys, profile: name, file: shared.files.credentialsPath, sourceName: "shared-credentials-file"))
        }
        if let command = settings["credential_process"] {
            sources.append(ProcessCredentialProvider(commandLine: command, timeout: .seconds(60), environment: environment, profile: name))
        }
        if Self.hasStaticKeys(configSettings) {
            sources.append(StaticProfileKeys(settings: configSettings, profile: name, file: shared.files.configPath, sourceName: "config-file"))
        }
        return sources
    }

    /// The role of `name`, assumed with credentials from its `source_profile` (any depth of roles)
    /// or `credential_source`.
    func assumeRole(profile name: String, shared: AWSSharedConfig, resolver: SettingsResolver, visited: [String]) throws -> any AWSCredentialProvider {
        let settings = shared.settings(forProfile: name) ?? [:]
        guard let role = settings["role_arn"] else {
            throw AWSCredentialSourceError("the profile '\(name)' has no role_arn")
        }
        let source: any AWSCredentialProvider
        switch (settings["source_profile"], settings["credential_source"]) {
        case (_?, _?):
            throw AWSConfigurationError("the profile '\(name)' has both source_profile and credential_source; it may have only one")
        case (let sourceProfile?, nil):
            guard let sourceSettings = shared.settings(forProfile: sourceProfile) else {
                throw AWSConfigurationError("the profile '\(name)' has the source_profile '\(sourceProfile)', which does not exist")
            }
            let chain = visited + [name]
            // A profile may name itself as its source when it also holds static keys (botocore allows it).
            if sourceProfile == name || Self.hasStaticKeys(sourceSettings) || !Self.isAssumeRoleProfile(sourceSettings) {
                if chain.contains(sourceProfile) && !(sourceProfile == name && Self.hasStaticKeys(sourceSettings)) {
                    throw AWSConfigurationError("the profiles \((chain + [sourceProfile]).joined(separator: " → ")) name each other as source_profile in a loop")
                }
                let links = try profileSources(sourceProfile, shared: shared, resolver: resolver, disablesEnvironment: true)
                guard !links.isEmpty else {
                    throw AWSConfigurationError("the source_profile '\(sourceProfile)' of the profile '\(name)' has no credentials")
                }
                source = ChainCredentialProvider(links)
            } else {
                if chain.contains(sourceProfile) {
                    throw AWSConfigurationError("the profiles \((chain + [sourceProfile]).joined(separator: " → ")) name each other as source_profile in a loop")
                }
                source = try assumeRole(profile: sourceProfile, shared: shared, resolver: resolver, visited: chain)
            }
        case (nil, let credentialSource?):
            switch credentialSource {
            case "Environment": source = EnvironmentCredentialProvider(environment: environment)
            case "Ec2InstanceMetadata":
                source = InstanceMetadataCredentialProvider(environment: environment, transport: transport, profile: profile, logger: logger, now: now)
            case "EcsContainer": source = ContainerCredentialProvider(environment: environment, transport: transport, attemptTimeout: containerTimeout(resolver))
            default:
                throw AWSConfigurationError("the profile '\(name)' has the credential_source '\(credentialSource)'; it must be Environment, Ec2InstanceMetadata or EcsContainer")
            }
        case (nil, nil):
            throw AWSConfigurationError("the profile '\(name)' has role_arn but neither source_profile nor credential_source")
        }
        var duration: Int?
        if let text = settings["duration_seconds"] {
            guard let seconds = Int(text) else { throw AWSCredentialSourceError("the profile '\(name)' has duration_seconds '\(text.prefix(20))', not a number") }
            duration = seconds
        }
        let call: @Sendable () throws -> STSCredentialCall = { [environment, profile, transport, region] in
            try STSCredentialCall(region: region, environment: environment, profile: profile, transport: transport)
        }
        return AssumeRoleCredentialProvider(
            roleARN: role, source: source, sessionName: settings["role_session_name"], externalID: settings["external_id"], duration: duration,
            mfaSerial: settings["mfa_serial"], mfaToken: mfaToken, sts: call
        )
    }
}

/// Static keys of one shared file's profile; half a pair is an error naming the file, when the
/// chain reaches this source (an earlier source may answer first, as in botocore).
struct StaticProfileKeys: AWSCredentialProvider {
    let settings: [String: String]
    let profile: String
    let file: String
    let sourceName: String

    func credentials() async throws -> AWSCredentials {
        guard let key = settings["aws_access_key_id"] else {
            throw AWSCredentialSourceError("partial credentials in the profile '\(profile)' of \(file): aws_secret_access_key without aws_access_key_id")
        }
        guard let secret = settings["aws_secret_access_key"] else {
            throw AWSCredentialSourceError("partial credentials in the profile '\(profile)' of \(file): aws_access_key_id without aws_secret_access_key")
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: settings["aws_session_token"] ?? settings["aws_security_token"])
    }
}

/// A source built when the chain reaches it, so that a mistake in its settings is reported only
/// when no earlier source answers.
final class LazySource: AWSCredentialProvider {
    let sourceName: String
    let build: @Sendable () throws -> any AWSCredentialProvider
    private let built = Locked<(any AWSCredentialProvider)?>(nil)

    init(sourceName: String, build: @escaping @Sendable () throws -> any AWSCredentialProvider) {
        self.sourceName = sourceName
        self.build = build
    }

    func credentials() async throws -> AWSCredentials {
        let provider = try built.withLock { built in
            if let built { return built }
            let provider = try build()
            built = provider
            return provider
        }
        return try await provider.credentials()
    }
}

/// A source asked only when `isConfigured` says it has something to say.
struct OptionalLink: AWSCredentialProvider {
    let base: any AWSCredentialProvider
    let isConfigured: @Sendable () -> Bool
    init(_ base: any AWSCredentialProvider, isConfigured: @escaping @Sendable () -> Bool) {
        self.base = base
        self.isConfigured = isConfigured
    }
    var sourceName: String { base.sourceName }
    func credentials() async throws -> AWSCredentials {
        guard isConfigured() else { throw PassToNextSource() }
        return try await base.credentials()
    }
}

/// Builds the chain's sources when first asked (reading the shared files then, not when the
/// client is created), remembers the one that answered, and asks it from then on.
final class ResolvingLink: AWSCredentialProvider {
    let chain: DefaultCredentialChain
    private let resolved = Locked<(any AWSCredentialProvider)?>(nil)

    init(chain: DefaultCredentialChain) { self.chain = chain }

    var sourceName: String { resolved.withLock { $0 }?.sourceName ?? "default-chain" }

    func credentials() async throws -> AWSCredentials {
        if let resolved = resolved.withLock({ $0 }) { return try await resolved.credentials() }
        let sources: [any AWSCredentialProvider]
        do {
            sources = try chain.sources()
        } catch let error as AWSCredentialSourceError {
            throw AWSClientError(.credentials, error.message, underlying: error)
        }
        var reasons = chain.unconfiguredSources()
        for source in sources {
            do {
                let credentials = try await source.credentials()
                resolved.withLock { $0 = source }
                chain.logger.debug("credentials from \(source.sourceName)", metadata: ["aws.access-key-id": "\(credentials.accessKeyID)"])
                return credentials
            } catch is PassToNextSource {
                continue
            } catch let error as AWSCredentialSourceError {
                throw AWSClientError(.credentials, "\(source.sourceName): \(error.message)", underlying: error)
            } catch let error as AWSClientError where source is InstanceMetadataCredentialProvider || source is OptionalLink {
                // The last resort, tried on any machine: its failure only means "not on EC2".
                reasons.append(error.message)
            } catch {
                // A source that the settings configured and that failed stops the chain: going on
                // would sign as someone else.
                throw AWSClientError(.credentials, "\(source.sourceName): \(error)", underlying: error)
            }
        }
        throw AWSClientError(.credentials, AWSClientError.noCredentialsPrefix + reasons.joined(separator: "; "))
    }
}
