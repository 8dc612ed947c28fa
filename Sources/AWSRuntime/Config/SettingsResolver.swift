import Foundation

/// A client's settings after resolution: every value in botocore's precedence, the value set in
/// code first, then the environment variable, then the profile's key, then the default.
struct ResolvedSettings: Sendable {
    var region: String?
    /// The endpoint URL set in code, or configured (`AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`,
    /// the profile's `services` section, the profile's `endpoint_url`).
    var endpointURL: URL?
    var useFIPS = false
    var useDualStack = false
    var retryMode = AWSRetryMode.standard
    var maxAttempts = 3
    var appID: String?
    /// Values of endpoint rule-set built-ins (`AWS::S3::ForcePathStyle`, `AWS::STS::UseGlobalEndpoint`, ...).
    var endpointBuiltIns: [String: AWSEndpointValue] = [:]
}

/// Reads every setting a client needs from the configuration, the environment and the shared
/// files, once, in botocore's precedence (`botocore/configprovider.py`). The one place that knows
/// which environment variable and which profile key feed a setting.
struct SettingsResolver: Sendable {
    let environment: [String: String]
    /// The profile in effect: `AWSClientConfiguration.profile`, `AWS_DEFAULT_PROFILE`, `AWS_PROFILE`, `default`.
    let profileName: String
    /// Whether the profile was named (in code or the environment): a named profile must exist.
    let profileIsNamed: Bool
    /// The shared files, or why they cannot be read.
    let shared: Result<AWSSharedConfig, any Error>

    init(profile: String?, environment: [String: String]) {
        self.environment = environment
        let named = Self.namedProfile(profile, environment)
        profileName = named ?? "default"
        profileIsNamed = named != nil
        shared = Result { try AWSSharedConfigFiles(environment: environment).load() }
    }

    /// The profile named in code, else by `AWS_DEFAULT_PROFILE`, else by `AWS_PROFILE`; nil when none is.
    static func namedProfile(_ profile: String?, _ environment: [String: String]) -> String? {
        profile ?? nonEmpty(environment["AWS_DEFAULT_PROFILE"]) ?? nonEmpty(environment["AWS_PROFILE"])
    }

    static func nonEmpty(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }

    /// The profile's settings; an error when a file is malformed or a named profile is missing
    /// (botocore: `ConfigParseError`, `ProfileNotFound`).
    func profile() throws -> [String: String] {
        let shared = try self.shared.get()
        if let settings = shared.settings(forProfile: profileName) { return settings }
        if profileIsNamed {
            throw AWSConfigurationError("the profile '\(profileName)' is in neither \(shared.files.credentialsPath) nor \(shared.files.configPath)")
        }
        return [:]
    }

    /// The environment variable when set and not empty, else the profile's key.
    func value(variable: String?, key: String?) throws -> String? {
        if let variable, let value = Self.nonEmpty(environment[variable]) { return value }
        guard let key else { return nil }
        return try profile()[key]
    }

    /// A boolean as botocore reads one (`ensure_boolean`): `true` in any case is true, anything else false.
    func bool(variable: String?, key: String?) throws -> Bool? {
        try value(variable: variable, key: key).map { $0.lowercased() == "true" }
    }

    /// Everything a client of `service` needs, with `configuration`'s own values first.
    func resolve(_ configuration: AWSClientConfiguration, service: AWSServiceDescriptor) throws -> ResolvedSettings {
        var settings = ResolvedSettings()
        // botocore reads only AWS_DEFAULT_REGION; AWS_REGION (which the other AWS SDKs and Lambda
        // set) is read where botocore would have no region at all.
        settings.region = try Self.nonEmpty(configuration.region) ?? value(variable: "AWS_DEFAULT_REGION", key: "region")
            ?? Self.nonEmpty(environment["AWS_REGION"])
        settings.endpointURL = try configuration.endpoint
            ?? configuredEndpointURL(serviceId: service.serviceId, ignoresInCode: configuration.ignoresConfiguredEndpointURLs)
        // A configured endpoint takes the place of FIPS and dual-stack variants (botocore's built-ins).
        let variantsApply = settings.endpointURL == nil
        let fips = try configuration.useFIPS ?? bool(variable: "AWS_USE_FIPS_ENDPOINT", key: "use_fips_endpoint") ?? false
        let dualStack = try configuration.useDualStack ?? bool(variable: "AWS_USE_DUALSTACK_ENDPOINT", key: "use_dualstack_endpoint") ?? false
        // Except when code sets both an endpoint and a variant: that contradiction goes to the rule
        // set, which refuses it (botocore drops the variant silently, which could send a request
        // meant for a FIPS endpoint elsewhere).
        let inCode = configuration.endpoint != nil
        settings.useFIPS = (variantsApply && fips) || (inCode && configuration.useFIPS == true)
        settings.useDualStack = (variantsApply && dualStack) || (inCode && configuration.useDualStack == true)
        try resolveRetries(configuration, into: &settings)
        settings.appID = try Self.nonEmpty(configuration.appID) ?? value(variable: "AWS_SDK_UA_APP_ID", key: "sdk_ua_app_id")
        if let appID = settings.appID, appID.utf8.count > 50 {
            throw AWSConfigurationError("the application id '\(appID.prefix(60))…' is longer than 50 characters")
        }
        settings.endpointBuiltIns = try endpointBuiltIns(region: settings.region, endpointURL: configuration.endpoint)
        if configuration.transport is AsyncHTTPClientTransport { _ = try AWSProxySettings.fromEnvironment(environment) }
        return settings
    }

    /// The retry mode and attempts: the configuration's, else `AWS_RETRY_MODE`/`retry_mode` and
    /// `AWS_MAX_ATTEMPTS`/`max_attempts`; standard mode and 3 attempts by default.
    private func resolveRetries(_ configuration: AWSClientConfiguration, into settings: inout ResolvedSettings) throws {
        if let mode = configuration.retryMode {
            settings.retryMode = mode
        } else if let text = try value(variable: "AWS_RETRY_MODE", key: "retry_mode") {
            guard let mode = AWSRetryMode(rawValue: text) else {
                throw AWSConfigurationError("the retry mode '\(text)' is none of legacy, standard, adaptive (AWS_RETRY_MODE or the profile's retry_mode)")
            }
            settings.retryMode = mode
        }
        if let attempts = configuration.maxAttempts {
            settings.maxAttempts = attempts
        } else if let text = try value(variable: "AWS_MAX_ATTEMPTS", key: "max_attempts") {
            guard let attempts = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw AWSConfigurationError("max attempts '\(text)' is not a whole number (AWS_MAX_ATTEMPTS or the profile's max_attempts)")
            }
            settings.maxAttempts = attempts
        } else {
            settings.maxAttempts = settings.retryMode == .legacy ? 5 : 3
        }
        if settings.maxAttempts < 1 {
            throw AWSConfigurationError("max attempts is \(settings.maxAttempts); it must be at least 1")
        }
    }

    /// The configured endpoint URL, in botocore's order: `AWS_ENDPOINT_URL_<SERVICE>`,
    /// `AWS_ENDPOINT_URL`, the service's `endpoint_url` in the profile's `services` section, the
    /// profile's `endpoint_url`; none when `ignore_configured_endpoint_urls` is true.
    func configuredEndpointURL(serviceId: String, ignoresInCode: Bool?) throws -> URL? {
        let ignores = try ignoresInCode ?? bool(variable: "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", key: "ignore_configured_endpoint_urls") ?? false
        if ignores { return nil }
        let serviceKey = Self.endpointKey(serviceId: serviceId)
        let variable = "AWS_ENDPOINT_URL_" + serviceKey.uppercased()
        var text = Self.nonEmpty(environment[variable]) ?? Self.nonEmpty(environment["AWS_ENDPOINT_URL"])
        var source = environment[variable] != nil ? variable : "AWS_ENDPOINT_URL"
        if text == nil {
            let profile = try profile()
            if let sectionName = profile["services"] {
                guard let section = try shared.get().services[sectionName] else {
                    throw AWSConfigurationError("the profile '\(profileName)' uses the services section '\(sectionName)', which the config file does not have")
                }
                text = section.subsections[serviceKey]?["endpoint_url"]
                source = "[services \(sectionName)] \(serviceKey).endpoint_url"
            }
            if text == nil {
                text = profile["endpoint_url"]
                source = "the profile's endpoint_url"
            }
        }
        guard let text else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host?.isEmpty == false else {
            throw AWSConfigurationError("the endpoint URL '\(text.prefix(200))' (\(source)) is not an http or https URL with a host")
        }
        return url
    }

    /// A service's key in `AWS_ENDPOINT_URL_<KEY>` and in `services` sections: its service id
    /// lowercased with spaces as underscores (`Bedrock Runtime` → `bedrock_runtime`), as the AWS
    /// SDKs' shared configuration reference defines it.
    static func endpointKey(serviceId: String) -> String {
        serviceId.lowercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
    }

    /// Settings that reach the endpoint rule set as built-ins: S3's addressing style, ARN region and
    /// us-east-1 endpoint, STS's regional endpoints (botocore's `compute_endpoint_resolver_builtin_defaults`).
    private func endpointBuiltIns(region: String?, endpointURL: URL?) throws -> [String: AWSEndpointValue] {
        let s3 = try shared.get().subsections(forProfile: profileName)["s3"] ?? [:]
        var builtIns: [String: AWSEndpointValue] = [:]
        let accelerate = s3["use_accelerate_endpoint"]?.lowercased() == "true"
        builtIns["AWS::S3::Accelerate"] = .bool(accelerate)
        let style = s3["addressing_style"]
        if accelerate {
            builtIns["AWS::S3::ForcePathStyle"] = .bool(false)
        } else if endpointURL != nil {
            // A custom endpoint (a local S3, MinIO) is addressed by path unless told otherwise.
            builtIns["AWS::S3::ForcePathStyle"] = .bool(style != "virtual")
        } else {
            builtIns["AWS::S3::ForcePathStyle"] = .bool(style == "path")
        }
        let arnRegion = try value(variable: "AWS_S3_USE_ARN_REGION", key: "s3_use_arn_region") ?? s3["use_arn_region"]
        builtIns["AWS::S3::UseArnRegion"] = .bool(arnRegion.map { $0.lowercased() == "true" } ?? true)
        builtIns["AWS::S3Control::UseArnRegion"] = .bool(arnRegion.map { $0.lowercased() == "true" } ?? false)
        let s3Regional = try value(variable: "AWS_S3_US_EAST_1_REGIONAL_ENDPOINT", key: "s3_us_east_1_regional_endpoint")
            ?? s3["us_east_1_regional_endpoint"] ?? "legacy"
        guard s3Regional == "legacy" || s3Regional == "regional" else {
            throw AWSConfigurationError("s3 us_east_1_regional_endpoint is '\(s3Regional)'; it must be legacy or regional")
        }
        builtIns["AWS::S3::UseGlobalEndpoint"] = .bool(s3Regional == "legacy" && (region == nil || region == "us-east-1"))
        let sts = try value(variable: "AWS_STS_REGIONAL_ENDPOINTS", key: "sts_regional_endpoints") ?? "regional"
        guard sts == "legacy" || sts == "regional" else {
            throw AWSConfigurationError("sts_regional_endpoints is '\(sts)'; it must be legacy or regional")
        }
        builtIns["AWS::STS::UseGlobalEndpoint"] = .bool(sts == "legacy" && Self.legacyGlobalSTSRegions.contains(region ?? ""))
        return builtIns
    }

    /// Regions whose STS calls went to `sts.amazonaws.com` before regional endpoints (botocore's `LEGACY_GLOBAL_STS_REGIONS`).
    static let legacyGlobalSTSRegions: Set<String> = [
        "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
        "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]
}
