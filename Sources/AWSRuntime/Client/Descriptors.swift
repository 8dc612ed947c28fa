/// What the runtime needs to know about a service; generated clients declare one.
public struct AWSServiceDescriptor: Sendable {
    public var serviceId: String
    public var signingName: String
    public var endpointPrefix: String
    public var apiVersion: String
    /// `rest-json`, `json`, ...
    public var protocolName: String
    public var targetPrefix: String?
    public var jsonVersion: String?
    public var globalEndpoint: String?
    /// The service moved from `query` to `json`, and still answers with query's error codes
    /// (`x-amzn-query-error`) when asked to (`x-amzn-query-mode`).
    public var awsQueryCompatible: Bool
    /// The auth schemes the service supports, in the model's order of preference
    /// (`aws.auth#sigv4`, `smithy.api#httpBearerAuth`, `smithy.api#noAuth`).
    public var authSchemes: [String]
    /// Modelled errors by error code.
    public var errorTypes: [String: any AWSServiceErrorShape.Type]
    /// The service's endpoint rule set, parsed once when the descriptor is made.
    private let ruleSet: Result<AWSEndpointRuleSet, any Error>?

    public init(
        serviceId: String, signingName: String, endpointPrefix: String, apiVersion: String, protocolName: String,
        targetPrefix: String? = nil, jsonVersion: String? = nil, globalEndpoint: String? = nil,
        errorTypes: [any AWSServiceErrorShape.Type] = [], endpointRuleSet: String? = nil, awsQueryCompatible: Bool = false,
        authSchemes: [String] = [AWSAuthScheme.sigV4.rawValue]
    ) {
        self.authSchemes = authSchemes
        self.serviceId = serviceId
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.apiVersion = apiVersion
        self.protocolName = protocolName
        self.targetPrefix = targetPrefix
        self.jsonVersion = jsonVersion
        self.globalEndpoint = globalEndpoint
        self.awsQueryCompatible = awsQueryCompatible
        var table: [String: any AWSServiceErrorShape.Type] = [:]
        // By shape name first, then by code, so that a code wins where the two could collide.
        for type in errorTypes { table[type.errorShapeName] = type }
        for type in errorTypes { table[type.errorCode] = type }
        self.errorTypes = table
        self.ruleSet = endpointRuleSet.map { text in Result { try AWSEndpointRuleSet(json: text) } }
    }

    /// The endpoint rule set the generated client carries; nil when it carries none.
    /// - Throws: `AWSEndpointRuleSetError` when the carried rule set is malformed.
    public func endpointRules() throws -> AWSEndpointRuleSet? {
        try ruleSet?.get()
    }
}

/// What the runtime needs to know about one operation; generated clients declare one each.
public struct AWSOperationDescriptor: Sendable {
    public var name: String
    public var method: String
    /// The path template with optional literal query, e.g. `/imported-models/{modelIdentifier}`.
    public var requestURI: String
    public var responseCode: Int?
    /// A host prefix with `{labels}`, e.g. `{AccountId}.`.
    public var hostPrefix: String?
    /// Sign with `UNSIGNED-PAYLOAD` instead of the body's hash.
    public var unsignedPayload: Bool
    /// The operation takes no authentication.
    public var requiresNoAuth: Bool
    /// The query protocol's element that wraps the output (`GetCallerIdentityResult`).
    public var resultWrapper: String?
    /// rest-xml: the root element of the input's body, and its namespace.
    public var inputXMLName: String?
    public var inputXMLNamespace: AWSXMLNamespace?
    /// Endpoint rule-set parameters the operation fixes (`staticContextParams`).
    public var staticContextParameters: [String: AWSEndpointValue]
    /// Endpoint rule-set parameters taken from the input by a path (`operationContextParams`),
    /// such as `TransactItems[*].Get.TableName` or `keys(RequestItems)`.
    public var operationContextParameters: [String: String]
    /// The request must carry a checksum of its body (S3's `DeleteObjects`, `PutBucketLifecycleConfiguration`...):
    /// the client adds a CRC-32 (`x-amz-checksum-crc32`, as botocore does) unless the caller set a checksum.
    public var requiresRequestChecksum: Bool
    /// The header of the input member that names the request's checksum algorithm
    /// (`httpChecksum.requestAlgorithmMember`: S3's `x-amz-sdk-checksum-algorithm`); the operation
    /// then supports flexible checksums.
    public var requestChecksumAlgorithmHeader: String?
    /// The header of the input member that asks for the response's checksum
    /// (`httpChecksum.requestValidationModeMember`: `x-amz-checksum-mode`).
    public var checksumValidationModeHeader: String?
    /// The algorithms the service may send a response checksum in (`responseAlgorithms`).
    public var responseChecksumAlgorithms: [String]
    /// The output's payload is a streaming blob (S3's `GetObject`): handed to the caller as an
    /// `AWSByteStream` read from the network as it is iterated, never buffered.
    public var streamsOutputPayload: Bool
    /// `requestURI` split once: the path template and the literal query items.
    let pathTemplate: Substring
    let literalQuery: [Substring]

    public init(
        name: String, method: String, requestURI: String, responseCode: Int? = nil, hostPrefix: String? = nil,
        unsignedPayload: Bool = false, requiresNoAuth: Bool = false,
        staticContextParameters: [String: AWSEndpointValue] = [:], operationContextParameters: [String: String] = [:],
        resultWrapper: String? = nil, inputXMLName: String? = nil, inputXMLNamespace: AWSXMLNamespace? = nil,
        requiresRequestChecksum: Bool = false, requestChecksumAlgorithmHeader: String? = nil,
        checksumValidationModeHeader: String? = nil, responseChecksumAlgorithms: [String] = [], streamsOutputPayload: Bool = false
    ) {
        self.requestChecksumAlgorithmHeader = requestChecksumAlgorithmHeader
        self.checksumValidationModeHeader = checksumValidationModeHeader
        self.responseChecksumAlgorithms = responseChecksumAlgorithms
        self.requiresRequestChecksum = requiresRequestChecksum
        self.streamsOutputPayload = streamsOutputPayload
        self.name = name
        self.method = method
        self.requestURI = requestURI
        self.responseCode = responseCode
        self.hostPrefix = hostPrefix
        self.unsignedPayload = unsignedPayload
        self.requiresNoAuth = requiresNoAuth
        self.staticContextParameters = staticContextParameters
        self.operationContextParameters = operationContextParameters
        self.resultWrapper = resultWrapper
        self.inputXMLName = inputXMLName
        self.inputXMLNamespace = inputXMLNamespace
        // Generated clients build their descriptors on each call (a computed property is cheaper
        // to compile than a lazily initialized global), so this allocates only for a literal query.
        // Searched as UTF-8 bytes: `firstIndex(of: Character)` walks grapheme clusters, which cost
        // more than the rest of building the descriptor.
        if let mark = requestURI.utf8.firstIndex(of: UInt8(ascii: "?")) {
            pathTemplate = requestURI[..<mark]
            literalQuery = requestURI[requestURI.index(after: mark)...].split(separator: "&")
        } else {
            pathTemplate = requestURI[...]
            literalQuery = []
        }
    }
}

/// Inputs whose members feed endpoint rule-set parameters (`contextParam`) conform to this;
/// generated code implements it.
public protocol AWSEndpointContextProviding {
    /// The rule-set parameters from this input's members that are set.
    var endpointContextParameters: [String: AWSEndpointValue] { get }
}
