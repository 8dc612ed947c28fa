import Foundation

/// Where one request goes and how it is signed there: the result of endpoint resolution.
public struct AWSEndpoint: Sendable, Hashable {
    public var url: URL
    /// Headers the endpoint requires on every request.
    public var headers: [String: [String]]
    /// The endpoint's properties from the rule set (`authSchemes` and others), as JSON.
    public var properties: [String: JSONValue]
    /// The SigV4 signing name when the endpoint overrides the service's.
    public var signingName: String?
    /// The SigV4 signing region when the endpoint overrides the client's region.
    public var signingRegion: String?
    /// Sign the path as sent, without normalizing and encoding it again (S3).
    public var disablesDoubleEncoding: Bool = false

    public init(
        url: URL, headers: [String: [String]] = [:], properties: [String: JSONValue] = [:],
        signingName: String? = nil, signingRegion: String? = nil
    ) {
        self.url = url
        self.headers = headers
        self.properties = properties
        self.signingName = signingName
        self.signingRegion = signingRegion
    }
}

/// A value of an endpoint rule-set parameter.
public enum AWSEndpointValue: Sendable, Hashable {
    case string(String)
    case bool(Bool)
    case stringArray([String])
}

/// What an endpoint resolver is asked: the client's settings and the operation's context.
public struct AWSEndpointParameters: Sendable, Hashable {
    /// The client's region; nil when none is configured.
    public var region: String?
    public var useFIPS: Bool
    public var useDualStack: Bool
    /// The endpoint URL the user configured, if any.
    public var endpoint: URL?
    public var operationName: String
    /// Rule-set parameters by name that come from the configuration (`endpointParameters`),
    /// the operation (`staticContextParams`) and the input (`contextParam`, `operationContextParams`).
    public var values: [String: AWSEndpointValue]

    public init(
        region: String?, useFIPS: Bool = false, useDualStack: Bool = false, endpoint: URL? = nil,
        operationName: String, values: [String: AWSEndpointValue] = [:]
    ) {
        self.region = region
        self.useFIPS = useFIPS
        self.useDualStack = useDualStack
        self.endpoint = endpoint
        self.operationName = operationName
        self.values = values
    }

    /// The rule-set parameters: built-ins (`AWS::Region`, `AWS::UseFIPS`, `AWS::UseDualStack`,
    /// `SDK::Endpoint`) by the rule set's declarations, overlaid with `values`.
    func ruleSetParameters(for ruleSet: AWSEndpointRuleSet) -> [String: AWSEndpointValue] {
        var result: [String: AWSEndpointValue] = [:]
        for (name, declaration) in ruleSet.parameters {
            switch declaration.builtIn {
            case "AWS::Region": if let region { result[name] = .string(region) }
            case "AWS::UseFIPS": result[name] = .bool(useFIPS)
            case "AWS::UseDualStack": result[name] = .bool(useDualStack)
            case "SDK::Endpoint": if let endpoint { result[name] = .string(endpoint.absoluteString) }
            default: break
            }
        }
        result.merge(values) { _, value in value }
        return result
    }
}

/// Chooses the endpoint a request goes to.
public protocol AWSEndpointResolver: Sendable {
    func resolve(service: AWSServiceDescriptor, parameters: AWSEndpointParameters) throws -> AWSEndpoint
}

/// Resolves by the service's endpoint rule set (carried by the generated client), as every
/// AWS SDK does; services generated without one get `https://{endpointPrefix}[-fips].{region}.{dnsSuffix}`
/// of the region's partition, or the configured endpoint URL.
public struct DefaultEndpointResolver: AWSEndpointResolver {
    public init() {}

    public func resolve(service: AWSServiceDescriptor, parameters: AWSEndpointParameters) throws -> AWSEndpoint {
        if let ruleSet = try service.endpointRules() {
            return try ruleSet.resolve(parameters.ruleSetParameters(for: ruleSet))
        }
        if let endpoint = parameters.endpoint { return AWSEndpoint(url: endpoint) }
        guard let region = parameters.region, !region.isEmpty,
            region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
        else {
            throw AWSClientError(.invalidEndpoint, "'\(parameters.region ?? "")' is not a valid region name")
        }
        let partition = AWSPartition.of(region: region)
        let prefix = service.endpointPrefix + (parameters.useFIPS ? "-fips" : "")
        let host: String
        if let global = service.globalEndpoint, partition.name == "aws", !parameters.useFIPS, !parameters.useDualStack {
            host = global
        } else if parameters.useDualStack {
            host = "\(prefix).\(region).\(partition.dualStackDNSSuffix)"
        } else {
            host = "\(prefix).\(region).\(partition.dnsSuffix)"
        }
        guard let url = URL(string: "https://\(host)") else {
            throw AWSClientError(.invalidEndpoint, "cannot build an endpoint URL from '\(host)'")
        }
        return AWSEndpoint(url: url)
    }
}
