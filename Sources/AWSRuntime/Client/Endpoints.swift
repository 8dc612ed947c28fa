import Foundation

/// What an endpoint resolver is asked.
public struct AWSEndpointParameters: Sendable, Hashable {
    public var region: String
    public var useFIPS: Bool
    public var useDualStack: Bool
    /// The endpoint URL the user configured, if any.
    public var endpoint: URL?
    public var operationName: String
}

/// Chooses the URL a request goes to. The default follows the model's endpoint prefix and
/// the region's partition; full endpoint rule sets can plug in here.
public protocol AWSEndpointResolver: Sendable {
    func resolve(service: AWSServiceDescriptor, parameters: AWSEndpointParameters) throws -> URL
}

/// An AWS partition: the regions it holds and the DNS suffix of its endpoints.
public struct AWSPartition: Sendable, Hashable {
    public var name: String
    public var dnsSuffix: String
    public var dualStackDNSSuffix: String
    public var regionPrefixes: [String]

    public static let all: [AWSPartition] = [
        AWSPartition(name: "aws-cn", dnsSuffix: "amazonaws.com.cn", dualStackDNSSuffix: "api.amazonwebservices.com.cn", regionPrefixes: ["cn-"]),
        AWSPartition(name: "aws-us-gov", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws", regionPrefixes: ["us-gov-"]),
        AWSPartition(name: "aws-iso-b", dnsSuffix: "sc2s.sgov.gov", dualStackDNSSuffix: "sc2s.sgov.gov", regionPrefixes: ["us-isob-"]),
        AWSPartition(name: "aws-iso-e", dnsSuffix: "cloud.adc-e.uk", dualStackDNSSuffix: "cloud.adc-e.uk", regionPrefixes: ["eu-isoe-"]),
        AWSPartition(name: "aws-iso-f", dnsSuffix: "csp.hci.ic.gov", dualStackDNSSuffix: "csp.hci.ic.gov", regionPrefixes: ["us-isof-"]),
        AWSPartition(name: "aws-iso", dnsSuffix: "c2s.ic.gov", dualStackDNSSuffix: "c2s.ic.gov", regionPrefixes: ["us-iso-"]),
        AWSPartition(name: "aws-eusc", dnsSuffix: "amazonaws.eu", dualStackDNSSuffix: "amazonaws.eu", regionPrefixes: ["eusc-"]),
    ]
    public static let aws = AWSPartition(name: "aws", dnsSuffix: "amazonaws.com", dualStackDNSSuffix: "api.aws", regionPrefixes: [])

    /// The partition of a region; `aws` for anything not in another partition.
    public static func of(region: String) -> AWSPartition {
        all.first { partition in partition.regionPrefixes.contains { region.hasPrefix($0) } } ?? aws
    }
}

/// `https://{endpointPrefix}[-fips].{region}.{dnsSuffix}`, or the configured endpoint URL.
public struct DefaultEndpointResolver: AWSEndpointResolver {
    public init() {}

    public func resolve(service: AWSServiceDescriptor, parameters: AWSEndpointParameters) throws -> URL {
        if let endpoint = parameters.endpoint { return endpoint }
        let region = parameters.region
        guard !region.isEmpty, region.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" }) else {
            throw AWSClientError(.invalidEndpoint, "'\(region)' is not a valid region name")
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
        return url
    }
}
