/// What every AWS error response carries besides its modelled fields.
public struct AWSErrorMetadata: Sendable, Hashable {
    /// The error code as the protocol reads it (`ResourceNotFoundException`).
    public var code: String
    public var message: String?
    public var statusCode: Int
    /// `x-amzn-RequestId` (or the protocol's equivalent): quote it to AWS support.
    public var requestID: String?

    public init(code: String = "", message: String? = nil, statusCode: Int = 0, requestID: String? = nil) {
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestID = requestID
    }
}

/// A modelled exception shape of a service. Generated error types conform.
public protocol AWSServiceErrorShape: AWSShape, Error {
    /// The error code that selects this type.
    static var errorCode: String { get }
    /// The error's shape name in the model, where it differs from `errorCode` (query-compatible
    /// services: `QueueDoesNotExist` for the code `AWS.SimpleQueueService.NonExistentQueue`).
    static var errorShapeName: String { get }
    /// Filled from the response after the modelled fields are decoded.
    var errorMetadata: AWSErrorMetadata { get set }
}

extension AWSServiceErrorShape {
    public static var errorShapeName: String { errorCode }
}

extension AWSServiceErrorShape {
    /// The service's message, from the modelled `message`/`Message` field or the body.
    public var message: String? { errorMetadata.message }
    public var statusCode: Int { errorMetadata.statusCode }
    public var requestID: String? { errorMetadata.requestID }
}

/// An error response whose code the model does not list for the operation.
public struct AWSUnknownServiceError: Error, Sendable, Hashable, CustomStringConvertible {
    public var metadata: AWSErrorMetadata
    public var code: String { metadata.code }
    public var message: String? { metadata.message }
    public var statusCode: Int { metadata.statusCode }
    public var requestID: String? { metadata.requestID }

    public init(metadata: AWSErrorMetadata) { self.metadata = metadata }

    public var description: String {
        var text = "\(metadata.code.isEmpty ? "unknown error" : metadata.code) (HTTP \(metadata.statusCode))"
        if let message = metadata.message { text += ": \(message)" }
        if let requestID = metadata.requestID { text += " [request id \(requestID)]" }
        return text
    }
}

/// Failures of the client itself, before or after the service answered.
public struct AWSClientError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// No credentials could be found, or a provider failed.
        case credentials
        /// No region was configured and none could be found.
        case missingRegion
        /// The endpoint could not be built.
        case invalidEndpoint
        /// The connection failed or was closed before a full response arrived.
        case transport
        /// An attempt or the whole call ran out of time.
        case timeout
        /// The response did not fit the model.
        case invalidResponse
    }

    public var kind: Kind
    public var message: String
    public var underlying: (any Error)?
    /// Set for transport failures that another attempt cannot mend (a certificate that is not
    /// trusted), so the call fails at once instead of after every retry.
    var isPermanent = false

    public init(_ kind: Kind, _ message: String, underlying: (any Error)? = nil) {
        self.kind = kind
        self.message = message
        self.underlying = underlying
    }

    public var description: String {
        if let underlying { return "\(message): \(underlying)" }
        return message
    }
}

/// A setting the client was given (in code, the environment or the shared config files) that it
/// cannot use; names the setting and the value.
public struct AWSConfigurationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
