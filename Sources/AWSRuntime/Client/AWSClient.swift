import Crypto
import Foundation
import Logging

/// Sends the operations of one service: validates the input, serializes it by the service's
/// protocol, resolves the endpoint, signs, sends, retries what is worth retrying, and parses
/// the response into the output type or a typed error. Generated clients wrap one.
public final class AWSClient: Sendable {
    public let service: AWSServiceDescriptor
    public let configuration: AWSClientConfiguration
    /// The region, resolved once when the client is created.
    public let region: String?
    let credentialProvider: any AWSCredentialProvider
    let userAgent: String
    /// Resolved endpoints by operation and context parameters (the rest of the parameters is the
    /// client's fixed configuration): resolvers are pure functions of the service and the parameters.
    private let endpoints = Locked<[EndpointCacheKey: ResolvedEndpoint]>([:])

    struct EndpointCacheKey: Hashable {
        var operationName: String
        var values: [String: AWSEndpointValue]
    }

    /// An endpoint with its URL as text without a trailing `/`, to which a path and query are appended.
    struct ResolvedEndpoint {
        var endpoint: AWSEndpoint
        var baseText: String
        /// The URL has no query, so a path and query can be appended to `baseText`.
        var isAppendable: Bool
    }
    private static let endpointCacheLimit = 256

    public init(service: AWSServiceDescriptor, configuration: AWSClientConfiguration = AWSClientConfiguration()) {
        self.service = service
        self.configuration = configuration
        self.region = configuration.resolvedRegion()
        self.credentialProvider = configuration.resolvedCredentialProvider()
        self.userAgent = "swift-aws-codegen/0.1 \(service.serviceId.replacingOccurrences(of: " ", with: "-"))"
    }

    /// Calls an operation that has an output; checks the input against the model's constraints first.
    public func execute<Input: AWSValidatingShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> Output {
        try validate(input)
        return try await call(operation, input: input, output: output)
    }

    /// Calls an operation that has an output (its input has no constraints).
    public func execute<Input: AWSShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> Output {
        try await call(operation, input: input, output: output)
    }

    /// Calls an operation that has no output; checks the input against the model's constraints first.
    public func execute<Input: AWSValidatingShape>(_ operation: AWSOperationDescriptor, input: Input) async throws {
        try validate(input)
        _ = try await send(operation, input: input)
    }

    /// Calls an operation that has no output (its input has no constraints).
    public func execute<Input: AWSShape>(_ operation: AWSOperationDescriptor, input: Input) async throws {
        _ = try await send(operation, input: input)
    }

    // Validation is chosen by overload, statically, rather than by a cast on every call: a
    // conformance cast cost the client path about 2 µs a call (scripts/benchmark-client.sh).
    // The type's name roots the error's path; it is looked up only when there is an error, since
    // asking the runtime for a type's name costs about 1 µs.
    private func validate<Input: AWSValidatingShape>(_ input: Input) throws {
        do {
            try Validation.$checksPatterns.withValue(configuration.validatesPatterns) {
                try input.validate(path: "")
            }
        } catch var error as AWSValidationError {
            error.path = Input.shapeName + error.path
            throw error
        }
    }

    private func call<Input: AWSShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> Output {
        let response = try await send(operation, input: input)
        // S3 can answer 200 with an error document (CompleteMultipartUpload, CopyObject): that is an error.
        if service.protocolName == "rest-xml", RestXMLProtocol.isErrorDocument(response.body, output: Output.self) {
            throw QueryProtocols.decodeError(response: response, service: service).error
        }
        do {
            switch service.protocolName {
            case "query", "ec2": return try QueryProtocols.decodeOutput(Output.self, response: response, operation: operation, service: service)
            case "rest-xml": return try RestXMLProtocol.decodeOutput(Output.self, response: response)
            case "smithy-rpc-v2-cbor": return try RPCv2CBORProtocol.decodeOutput(Output.self, response: response)
            default: return try JSONProtocols.decodeOutput(Output.self, response: response)
            }
        } catch var error as AWSDecodingError {
            error.shapeName = Output.shapeName
            throw error
        }
    }

    /// Serializes, signs and sends, with retries; returns the successful response.
    func send<Input: AWSShape>(_ operation: AWSOperationDescriptor, input: Input) async throws -> HTTPResponseParts {
        let prepared: JSONProtocols.PreparedRequest
        switch service.protocolName {
        case "rest-json", "json": prepared = try JSONProtocols.prepare(input, operation: operation, service: service)
        case "query", "ec2": prepared = try QueryProtocols.prepare(input, operation: operation, service: service)
        case "rest-xml": prepared = try RestXMLProtocol.prepare(input, operation: operation, service: service)
        case "smithy-rpc-v2-cbor": prepared = try RPCv2CBORProtocol.prepare(input, operation: operation, service: service)
        default: throw AWSClientError(.invalidEndpoint, "the \(service.protocolName) protocol is not supported by this runtime yet")
        }
        guard let region = region ?? (configuration.endpoint != nil ? "us-east-1" : nil) else {
            throw AWSClientError(.missingRegion, "no region: pass one in AWSClientConfiguration, or set AWS_REGION, or a region in the profile")
        }
        let resolved = try resolveEndpoint(operation, input: input, region: region)
        let endpoint = resolved.endpoint
        let url: URL
        if operation.hostPrefix == nil, resolved.isAppendable, let joined = URL(string: resolved.baseText + prepared.pathAndQuery) {
            url = joined
        } else {
            url = try Self.url(base: endpoint.url, pathAndQuery: prepared.pathAndQuery, hostPrefix: operation.hostPrefix, hostLabels: prepared.hostLabels, operation: operation.name)
        }
        var request = AWSHTTPRequest(method: prepared.method, url: url, headers: prepared.headers, body: .bytes(prepared.body))
        request.headers.add(name: "User-Agent", value: userAgent)
        // Bodies are in memory: say their length (and that there is none, for methods that carry one).
        if !prepared.body.isEmpty || ["POST", "PUT", "PATCH"].contains(prepared.method), !request.headers.contains("Content-Length") {
            request.headers.add(name: "Content-Length", value: String(prepared.body.count))
        }
        if operation.requiresRequestChecksum, !request.headers.contains("Content-MD5"),
           !request.headers.contains(where: { $0.name.lowercased().hasPrefix("x-amz-checksum-") }) {
            request.headers.add(name: "Content-MD5", value: Data(Insecure.MD5.hash(data: prepared.body)).base64EncodedString())
        }
        if !endpoint.headers.isEmpty {
            for (name, values) in endpoint.headers.sorted(by: { $0.key < $1.key }) {
                for value in values { request.headers.add(name: name, value: value) }
            }
        }
        let signingRegion = endpoint.signingRegion ?? region
        let signingName = endpoint.signingName ?? service.signingName
        let payloadHash = operation.unsignedPayload ? SigV4Signer.unsignedPayload : SigV4Signer.payloadHash(prepared.body)

        let start = ContinuousClock.now
        let strategy = configuration.retryStrategy
        var attempt = 0
        var permit: AWSRetryPermit?
        var logger = configuration.logger
        let operationLabel = "\(service.serviceId).\(operation.name)"
        logger[metadataKey: "aws.operation"] = "\(operationLabel)"
        while true {
            attempt += 1
            try Task.checkCancellation()
            var timeout = configuration.attemptTimeout
            if let total = configuration.totalTimeout {
                let remaining = total - (ContinuousClock.now - start)
                if remaining <= .zero {
                    throw AWSClientError(.timeout, "\(operation.name) did not complete within \(total) over \(attempt - 1) attempt(s)")
                }
                timeout = min(timeout, remaining)
            }
            var signed = request
            if !operation.requiresNoAuth {
                let credentials = try await credentialProvider.credentials()
                // S3 wants the payload hash as a header and the path signed as sent.
                let isS3 = signingName == "s3" || signingName == "s3-outposts" || signingName == "s3express"
                let signer = SigV4Signer(
                    credentials: credentials, region: signingRegion, service: signingName,
                    includesContentSHA256Header: operation.unsignedPayload || isS3,
                    normalizesAndDoubleEncodesPath: !(isS3 || endpoint.disablesDoubleEncoding)
                )
                signer.sign(&signed, payloadHash: payloadHash)
            }
            let attemptStart = ContinuousClock.now
            let failure: AWSRetryableFailure
            let failureError: any Error
            var retryAfter: Duration?
            do {
                let options = AWSHTTPRequestOptions(
                    timeout: timeout, maximumResponseBodySize: configuration.maximumResponseBodySize, operationName: operationLabel
                )
                let response = try await configuration.transport.send(signed, options: options)
                let body = try await response.body.collect(upTo: configuration.maximumResponseBodySize)
                let parts = HTTPResponseParts(statusCode: response.statusCode, headers: response.headers, body: body)
                let requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
                logger.debug("AWS call", metadata: [
                    "attempt": "\(attempt)", "status": "\(response.statusCode)",
                    "request-id": "\(requestID ?? "-")", "duration-ms": "\((ContinuousClock.now - attemptStart).milliseconds)",
                ])
                if (200..<300).contains(response.statusCode) {
                    strategy.recordSuccess(after: permit)
                    return parts
                }
                let (error, code) = switch service.protocolName {
                case "query", "ec2", "rest-xml": QueryProtocols.decodeError(response: parts, service: service)
                case "smithy-rpc-v2-cbor": RPCv2CBORProtocol.decodeError(response: parts, service: service)
                default: JSONProtocols.decodeError(response: parts, service: service)
                }
                failure = .response(statusCode: response.statusCode, code: code)
                failureError = error
                retryAfter = response.headers.retryAfter
            } catch let error as AWSClientError where error.kind == .transport || error.kind == .timeout {
                logger.debug("AWS call failed", metadata: ["attempt": "\(attempt)", "error": "\(error.message)"])
                failure = .transport(isTimeout: error.kind == .timeout)
                failureError = error
            }
            // A one-shot stream cannot be sent again, so a request that carried one is never retried.
            guard request.body.isReplayable,
                  let granted = strategy.retryPermit(afterAttempt: attempt, error: failure, retryAfter: retryAfter)
            else {
                throw failureError
            }
            permit = granted
            if let total = configuration.totalTimeout, (ContinuousClock.now - start) + granted.delay >= total {
                throw failureError
            }
            try await Task.sleep(for: granted.delay)
        }
    }

    /// The endpoint for this call: the resolver's answer for the configuration, the operation's
    /// static parameters and the input's context parameters, cached by those parameters.
    func resolveEndpoint<Input: AWSShape>(_ operation: AWSOperationDescriptor, input: Input, region: String) throws -> ResolvedEndpoint {
        var values = configuration.endpointParameters
        if !operation.staticContextParameters.isEmpty { values.merge(operation.staticContextParameters) { _, value in value } }
        if let provider = input as? any AWSEndpointContextProviding {
            values.merge(provider.endpointContextParameters) { _, value in value }
        }
        if !operation.operationContextParameters.isEmpty {
            let json = input.jsonValue()
            for (name, path) in operation.operationContextParameters {
                guard let parsed = try? AWSEndpointContextPath(path) else {
                    throw AWSClientError(.invalidEndpoint, "\(operation.name): the endpoint parameter \(name) has an unsupported path '\(path)'")
                }
                if let value = parsed.evaluate(on: json) { values[name] = value }
            }
        }
        let key = EndpointCacheKey(operationName: operation.name, values: values)
        if let cached = endpoints.withLock({ $0[key] }) { return cached }
        let parameters = AWSEndpointParameters(
            region: region, useFIPS: configuration.useFIPS, useDualStack: configuration.useDualStack,
            endpoint: configuration.endpoint, operationName: operation.name, values: values
        )
        let endpoint: AWSEndpoint
        do {
            endpoint = try configuration.endpointResolver.resolve(service: service, parameters: parameters)
        } catch let error as AWSEndpointResolutionError {
            throw AWSClientError(.invalidEndpoint, "\(service.serviceId) \(operation.name): \(error.message)")
        } catch let error as AWSEndpointRuleSetError {
            throw AWSClientError(.invalidEndpoint, "\(service.serviceId): \(error)")
        }
        let text = endpoint.url.absoluteString
        let resolved = ResolvedEndpoint(
            endpoint: endpoint, baseText: text.hasSuffix("/") ? String(text.dropLast()) : text, isAppendable: endpoint.url.query == nil
        )
        endpoints.withLock { cache in
            if cache.count >= Self.endpointCacheLimit { cache.removeAll(keepingCapacity: true) }
            cache[key] = resolved
        }
        return resolved
    }

    /// Joins the endpoint, the host prefix and the path.
    static func url(base: URL, pathAndQuery: String, hostPrefix: String?, hostLabels: [String: String], operation: String) throws -> URL {
        guard var components = URLComponents(url: base, resolvingAgainstBaseURL: false), let host = components.host else {
            throw AWSClientError(.invalidEndpoint, "the endpoint '\(base)' has no host")
        }
        if let hostPrefix {
            var prefix = hostPrefix
            for (label, value) in hostLabels {
                guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) else {
                    throw AWSValidationError(path: "\(operation).\(label)", message: "'\(value)' cannot be part of a host name")
                }
                prefix = prefix.replacingOccurrences(of: "{\(label)}", with: value)
            }
            if prefix.contains("{") {
                throw AWSValidationError(path: operation, message: "the host prefix '\(hostPrefix)' needs a value for each label")
            }
            components.host = prefix + host
        }
        let basePath = components.percentEncodedPath.hasSuffix("/") ? String(components.percentEncodedPath.dropLast()) : components.percentEncodedPath
        let split = pathAndQuery.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        components.percentEncodedPath = basePath + split[0]
        components.percentEncodedQuery = split.count == 2 ? String(split[1]) : nil
        guard let url = components.url else {
            throw AWSClientError(.invalidEndpoint, "cannot build a URL from '\(base)' and '\(pathAndQuery)'")
        }
        return url
    }
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
