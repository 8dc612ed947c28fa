import Foundation
import Logging

/// How a client finds its region, credentials and endpoint, and how it sends and retries.
/// Every part is replaceable; the defaults behave like the AWS CLI.
public struct AWSClientConfiguration: Sendable {
    /// The region; when nil, `AWS_REGION`, then `AWS_DEFAULT_REGION`, then the profile's `region`.
    public var region: String?
    /// Send every request here instead of the service's public endpoint (local servers, VPC endpoints).
    public var endpoint: URL?
    /// The shared-config profile for credentials and region; when nil, `AWS_PROFILE` or `default`.
    public var profile: String?
    /// Where credentials come from; when nil, the environment and then the profile.
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
    /// the authorities in `AWS_CA_BUNDLE` or the profile's `ca_bundle` when one is set.
    public var transport: any AWSHTTPTransport
    public var retryStrategy: any AWSRetryStrategy
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
    public var useFIPS: Bool
    public var useDualStack: Bool
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
        retryStrategy: any AWSRetryStrategy = StandardRetryStrategy(),
        endpointResolver: any AWSEndpointResolver = DefaultEndpointResolver(),
        endpointParameters: [String: AWSEndpointValue] = [:],
        attemptTimeout: Duration = .seconds(60),
        totalTimeout: Duration? = nil,
        maximumResponseBodySize: Int = 100 * 1024 * 1024,
        useFIPS: Bool = false,
        useDualStack: Bool = false,
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
            caBundlePath: Self.caBundlePath(environment: environment, profile: Self.profileName(profile, environment))
        ))
        self.retryStrategy = retryStrategy
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

    /// The region by the documented order, or nil when none is set anywhere.
    public func resolvedRegion() -> String? {
        if let region, !region.isEmpty { return region }
        for name in ["AWS_REGION", "AWS_DEFAULT_REGION"] {
            if let value = environment[name], !value.isEmpty { return value }
        }
        let files = AWSSharedConfigFiles(environment: environment)
        return (try? files.settings(forProfile: profileName))?["region"]
    }

    /// The profile in effect: `profile`, else `AWS_PROFILE`, else `default`.
    var profileName: String { Self.profileName(profile, environment) }

    static func profileName(_ profile: String?, _ environment: [String: String]) -> String {
        profile ?? environment["AWS_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "default"
    }

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
        credentialProvider ?? ChainCredentialProvider.default(profile: profile, environment: environment)
    }
}
