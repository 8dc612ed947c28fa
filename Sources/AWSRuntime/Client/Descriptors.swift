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
    /// Modelled errors by error code.
    public var errorTypes: [String: any AWSServiceErrorShape.Type]

    public init(
        serviceId: String, signingName: String, endpointPrefix: String, apiVersion: String, protocolName: String,
        targetPrefix: String? = nil, jsonVersion: String? = nil, globalEndpoint: String? = nil,
        errorTypes: [any AWSServiceErrorShape.Type] = []
    ) {
        self.serviceId = serviceId
        self.signingName = signingName
        self.endpointPrefix = endpointPrefix
        self.apiVersion = apiVersion
        self.protocolName = protocolName
        self.targetPrefix = targetPrefix
        self.jsonVersion = jsonVersion
        self.globalEndpoint = globalEndpoint
        var table: [String: any AWSServiceErrorShape.Type] = [:]
        for type in errorTypes { table[type.errorCode] = type }
        self.errorTypes = table
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
    /// `requestURI` split once: the path template and the literal query items.
    let pathTemplate: Substring
    let literalQuery: [Substring]

    public init(
        name: String, method: String, requestURI: String, responseCode: Int? = nil, hostPrefix: String? = nil,
        unsignedPayload: Bool = false, requiresNoAuth: Bool = false
    ) {
        self.name = name
        self.method = method
        self.requestURI = requestURI
        self.responseCode = responseCode
        self.hostPrefix = hostPrefix
        self.unsignedPayload = unsignedPayload
        self.requiresNoAuth = requiresNoAuth
        let split = requestURI.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        pathTemplate = split[0]
        literalQuery = split.count == 2 ? split[1].split(separator: "&") : []
    }
}
