import Foundation

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
