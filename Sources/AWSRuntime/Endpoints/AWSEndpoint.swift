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
    /// Values of other built-ins by their name (`AWS::S3::ForcePathStyle`, `AWS::STS::UseGlobalEndpoint`):
    /// settings from the shared config that reach the rule set. `values` wins over them.
    public var builtIns: [String: AWSEndpointValue] = [:]

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
            case let builtIn?: if let value = builtIns[builtIn] { result[name] = value }
            default: break
            }
        }
        result.merge(values) { _, value in value }
        return result
    }
}
