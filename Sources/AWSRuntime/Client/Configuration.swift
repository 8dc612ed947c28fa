import Foundation
import Logging

/// How a client finds its region, credentials and endpoint, and how it sends and retries.
/// Every part is replaceable; the defaults behave like the AWS CLI.
public struct AWSClientConfiguration: Sendable {
    /// The region; when nil, `AWS_DEFAULT_REGION`, then the profile's `region` (botocore's order),
    /// then `AWS_REGION` (which the other AWS SDKs and Lambda set).
    public var region: String?
    /// Send every request here instead of the service's public endpoint (local servers, VPC
    /// endpoints); when nil, the configured endpoint: `AWS_ENDPOINT_URL_<SERVICE>`,
    /// `AWS_ENDPOINT_URL`, the service's `endpoint_url` in the profile's `services` section, the
    /// profile's `endpoint_url` (unless `ignoresConfiguredEndpointURLs`).
    public var endpoint: URL?
    /// Ignore endpoint URLs from the environment and the shared config; when nil,
    /// `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`, then the profile's `ignore_configured_endpoint_urls`.
    public var ignoresConfiguredEndpointURLs: Bool?
    /// The shared-config profile for credentials and settings; when nil, `AWS_DEFAULT_PROFILE`,
    /// then `AWS_PROFILE`, then `default`. A profile named here or in the environment must exist.
    public var profile: String?
    /// Where credentials come from; when nil, `DefaultCredentialChain` (botocore's order: the
    /// environment, the profile's role, web identity, IAM Identity Center, static keys and
    /// `credential_process`, then container credentials and instance metadata).
    public var credentialProvider: (any AWSCredentialProvider)?
    /// A bearer token (a Bedrock API key) for services that accept one; when nil,
    /// `AWS_BEARER_TOKEN_<SIGNING NAME>` (`AWS_BEARER_TOKEN_BEDROCK`). Where the service supports
    /// bearer auth, a token makes it the client's choice over SigV4 (as botocore chooses), unless
    /// `authSchemePreference` says otherwise.
    public var bearerTokenProvider: (any AWSBearerTokenProvider)?
    /// Auth schemes in the order you prefer them (`["httpBearerAuth", "sigv4"]`); when nil,
    /// `AWS_AUTH_SCHEME_PREFERENCE`, then the profile's `auth_scheme_preference`, then the model's order.
    public var authSchemePreference: [String]?
    /// How requests travel; by default AsyncHTTPClient (HTTP/2 where the server offers it), trusting
    /// the authorities in `AWS_CA_BUNDLE` or the profile's `ca_bundle` when one is set, through the
    /// proxies `HTTPS_PROXY` and `HTTP_PROXY` name except for the hosts in `NO_PROXY`.
    public var transport: any AWSHTTPTransport
    /// How failed attempts are retried; when nil, a strategy of `retryMode` with `maxAttempts`.
    public var retryStrategy: (any AWSRetryStrategy)?
    /// The retry mode when `retryStrategy` is nil; when nil, `AWS_RETRY_MODE`, then the profile's
    /// `retry_mode`, then `.standard`.
    public var retryMode: AWSRetryMode?
    /// Attempts in all, the first included, when `retryStrategy` is nil; when nil, `AWS_MAX_ATTEMPTS`,
    /// then the profile's `max_attempts`, then 3 (5 in legacy mode).
    public var maxAttempts: Int?
    /// Your application's id in the `User-Agent` (`app/<id>`, at most 50 characters); when nil,
    /// `AWS_SDK_UA_APP_ID`, then the profile's `sdk_ua_app_id`.
    public var appID: String?
    public var endpointResolver: any AWSEndpointResolver
    /// Steps of your own in every call (logging, headers, metrics), run in this order at each hook.
    public var interceptors: [any AWSInterceptor]
    /// Values of the service's endpoint rule-set parameters by name, for those no built-in
    /// setting covers (S3's `ForcePathStyle` or `Accelerate`, for example).
    public var endpointParameters: [String: AWSEndpointValue]
    /// How long one attempt may take until the response is complete.
    public var attemptTimeout: Duration
    /// How long a call may take over all attempts and backoff; nil for no limit.
    public var totalTimeout: Duration?
    /// The largest response body a call buffers (non-streaming operations); a larger one fails
    /// the call with an error naming the operation, before it is read whole. No AWS response of
    /// a non-streaming operation comes near the default, 100 MiB.
    public var maximumResponseBodySize: Int
    /// Use the service's FIPS endpoint; when nil, `AWS_USE_FIPS_ENDPOINT`, then the profile's
    /// `use_fips_endpoint`, then false. A configured endpoint URL takes its place.
    public var useFIPS: Bool?
    /// Use the service's dual-stack (IPv4 and IPv6) endpoint; when nil, `AWS_USE_DUALSTACK_ENDPOINT`,
    /// then the profile's `use_dualstack_endpoint`, then false.
    public var useDualStack: Bool?
    /// Check inputs against the model's `pattern`s before sending (lengths, ranges and required
    /// members are always checked). Turn off for servers whose identifiers do not follow AWS's
    /// formats, such as some emulators.
    public var validatesPatterns: Bool
    /// When requests carry a checksum of their body (S3's flexible checksums); when nil,
    /// `AWS_REQUEST_CHECKSUM_CALCULATION`, then the profile's `request_checksum_calculation`,
    /// then `.whenSupported`.
    public var requestChecksumCalculation: AWSChecksumPolicy?
    /// When responses are checked against the checksum the service sends; when nil,
    /// `AWS_RESPONSE_CHECKSUM_VALIDATION`, then the profile's `response_checksum_validation`,
    /// then `.whenSupported`.
    public var responseChecksumValidation: AWSChecksumPolicy?
    /// Logs operation, attempt, status, request id and duration at `.debug`; never bodies or secrets.
    public var logger: Logger
    /// The environment the defaults read (injectable for tests).
    public var environment: [String: String]

    public init(
        region: String? = nil,
        endpoint: URL? = nil,
        profile: String? = nil,
        credentialProvider: (any AWSCredentialProvider)? = nil,
        bearerTokenProvider: (any AWSBearerTokenProvider)? = nil,
        authSchemePreference: [String]? = nil,
        transport: (any AWSHTTPTransport)? = nil,
        retryStrategy: (any AWSRetryStrategy)? = nil,
        retryMode: AWSRetryMode? = nil,
        maxAttempts: Int? = nil,
        endpointResolver: any AWSEndpointResolver = DefaultEndpointResolver(),
        endpointParameters: [String: AWSEndpointValue] = [:],
        attemptTimeout: Duration = .seconds(60),
        totalTimeout: Duration? = nil,
        maximumResponseBodySize: Int = 100 * 1024 * 1024,
        useFIPS: Bool? = nil,
        useDualStack: Bool? = nil,
        ignoresConfiguredEndpointURLs: Bool? = nil,
        appID: String? = nil,
        validatesPatterns: Bool = true,
        requestChecksumCalculation: AWSChecksumPolicy? = nil,
        responseChecksumValidation: AWSChecksumPolicy? = nil,
        interceptors: [any AWSInterceptor] = [],
        logger: Logger = Logger(label: "aws.client"),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.region = region
        self.endpoint = endpoint
        self.profile = profile
        self.credentialProvider = credentialProvider
        self.bearerTokenProvider = bearerTokenProvider
        self.authSchemePreference = authSchemePreference
        self.transport = transport ?? AsyncHTTPClientTransport(settings: .init(
            caBundlePath: Self.caBundlePath(environment: environment, profile: Self.profileName(profile, environment)),
            // A malformed proxy variable fails each call (SettingsResolver), rather than being ignored.
            proxies: (try? AWSProxySettings.fromEnvironment(environment)) ?? AWSProxySettings()
        ))
        self.retryStrategy = retryStrategy
        self.retryMode = retryMode
        self.maxAttempts = maxAttempts
        self.ignoresConfiguredEndpointURLs = ignoresConfiguredEndpointURLs
        self.appID = appID
        self.endpointResolver = endpointResolver
        self.endpointParameters = endpointParameters
        self.attemptTimeout = attemptTimeout
        self.totalTimeout = totalTimeout
        self.maximumResponseBodySize = maximumResponseBodySize
        self.useFIPS = useFIPS
        self.useDualStack = useDualStack
        self.interceptors = interceptors
        self.validatesPatterns = validatesPatterns
        self.requestChecksumCalculation = requestChecksumCalculation
        self.responseChecksumValidation = responseChecksumValidation
        self.logger = logger
        self.environment = environment
    }

    /// The region by the documented order, or nil when none is set anywhere (or the shared files
    /// cannot be read: a client reports that error on its first call).
    public func resolvedRegion() -> String? {
        let settings = SettingsResolver(profile: profile, environment: environment)
        return Self.nonEmpty(region) ?? (try? settings.value(variable: "AWS_DEFAULT_REGION", key: "region")) ?? Self.nonEmpty(environment["AWS_REGION"])
    }

    /// The profile in effect: `profile`, else `AWS_DEFAULT_PROFILE`, else `AWS_PROFILE`, else `default`.
    var profileName: String { Self.profileName(profile, environment) }

    static func profileName(_ profile: String?, _ environment: [String: String]) -> String {
        SettingsResolver.namedProfile(profile, environment) ?? "default"
    }

    static func nonEmpty(_ text: String?) -> String? { SettingsResolver.nonEmpty(text) }

    /// The CA bundle the default transport trusts: `AWS_CA_BUNDLE`, else the profile's `ca_bundle`
    /// (botocore's order), with `~` expanded as botocore does.
    static func caBundlePath(environment: [String: String], profile: String) -> String? {
        var path = environment["AWS_CA_BUNDLE"].flatMap { $0.isEmpty ? nil : $0 }
        if path == nil {
            path = (try? AWSSharedConfigFiles(environment: environment).settings(forProfile: profile))?["ca_bundle"]
        }
        guard let path, !path.isEmpty else { return nil }
        return path.hasPrefix("~/") ? (environment["HOME"] ?? NSHomeDirectory()) + path.dropFirst() : path
    }

    /// The auth-scheme preference in effect, and whether it was set in code.
    func resolvedAuthSchemePreference() -> (names: [String], setInCode: Bool) {
        if let authSchemePreference { return (authSchemePreference, true) }
        if let text = environment["AWS_AUTH_SCHEME_PREFERENCE"], !text.isEmpty { return (AuthSchemeResolver.parsePreference(text), false) }
        let files = AWSSharedConfigFiles(environment: environment)
        let text = (try? files.settings(forProfile: profileName))?["auth_scheme_preference"] ?? ""
        return (AuthSchemeResolver.parsePreference(text), false)
    }

    /// The credential provider in effect.
    public func resolvedCredentialProvider() -> any AWSCredentialProvider {
        credentialProvider ?? DefaultCredentialChain(
            profile: profile, environment: environment, transport: transport, region: resolvedRegion(), logger: logger
        ).provider()
    }
}
