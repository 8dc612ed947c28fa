/// A step of your own in every call a client makes: log requests, add a header, record metrics.
/// The hooks are the points Smithy's interceptors name; each has a default that does nothing, so
/// an interceptor implements only the hooks it needs. Add interceptors in
/// `AWSClientConfiguration(interceptors:)`; they run in the order given.
///
/// ```swift
/// /// Adds a header to every request, before signing (so the header is signed too).
/// struct TraceHeader: AWSInterceptor {
///     let traceID: String
///     func beforeSigning(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {
///         request.headers.replaceOrAdd(name: "X-Trace-Id", value: traceID)
///     }
/// }
///
/// /// Prints one line per attempt: operation, attempt, status.
/// struct RequestLogger: AWSInterceptor {
///     func afterResponse(_ response: HTTPResponseParts, context: AWSCallContext) async throws {
///         print("\(context.serviceId).\(context.operationName) attempt \(context.attempt): \(response.statusCode)")
///     }
/// }
/// ```
///
/// A hook that throws ends the call with its error (and `onError` runs).
public protocol AWSInterceptor: Sendable {
    /// Before the input is serialized, once per call.
    func beforeSerialization(input: any AWSShape, context: AWSCallContext) async throws
    /// Before each attempt is signed: the request as serialized, with the endpoint, `User-Agent`
    /// and length; what is changed here is signed.
    func beforeSigning(request: inout AWSHTTPRequest, context: AWSCallContext) async throws
    /// Before each attempt is sent, after signing: changes here are not signed (and may break the
    /// signature, for a header the signer covered).
    func beforeTransmit(request: inout AWSHTTPRequest, context: AWSCallContext) async throws
    /// After each attempt's response arrived, whatever its status, before it is read.
    func afterResponse(_ response: HTTPResponseParts, context: AWSCallContext) async throws
    /// When the call fails, with the error it is about to throw; once per call.
    func onError(_ error: any Error, context: AWSCallContext) async
}

extension AWSInterceptor {
    public func beforeSerialization(input: any AWSShape, context: AWSCallContext) async throws {}
    public func beforeSigning(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {}
    public func beforeTransmit(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {}
    public func afterResponse(_ response: HTTPResponseParts, context: AWSCallContext) async throws {}
    public func onError(_ error: any Error, context: AWSCallContext) async {}
}

/// What an interceptor is told about the call it sees.
public struct AWSCallContext: Sendable {
    /// The service's id, e.g. `Bedrock`.
    public let serviceId: String
    /// The operation's name, e.g. `GetImportedModel`.
    public let operationName: String
    /// The attempt, from 1; 0 before the first is made.
    public internal(set) var attempt: Int

    init(serviceId: String, operationName: String) {
        self.serviceId = serviceId
        self.operationName = operationName
        self.attempt = 0
    }
}
