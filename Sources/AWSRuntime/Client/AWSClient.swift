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
    /// How the service's calls authenticate, chosen when the client is created from the service's
    /// schemes, the preference and the bearer token in reach (operations that take no auth are not
    /// signed); nil when the runtime supports none of the service's schemes.
    public let authScheme: AWSAuthScheme?
    /// The bearer token's source, for a service that uses bearer auth.
    let bearerTokenProvider: (any AWSBearerTokenProvider)?
    let userAgent: String
    /// The settings from the configuration, the environment and the shared files, resolved once;
    /// an error (a malformed config file, a named profile that is missing, a bad value) fails each call.
    let settings: ResolvedSettings
    /// Why the settings could not be resolved (`settings` then holds the defaults).
    let settingsError: (any Error)?
    /// Why the shared files cannot be read or a named profile is missing: botocore's first checks.
    let profileError: (any Error)?
    /// The retry strategy: the configuration's, or one of the resolved retry mode (one per client,
    /// since it holds the retry quota and the adaptive mode's rate).
    let retryStrategy: any AWSRetryStrategy
    /// The flexible-checksum policies, resolved once (a bad setting fails each call, naming it).
    let checksums: Result<FlexibleChecksums, any Error>
    /// The service's protocol, parsed once (nil: one this runtime does not speak).
    private let wire: WireProtocol?
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
        let resolver = SettingsResolver(profile: configuration.profile, environment: configuration.environment)
        var resolved = ResolvedSettings()
        var settingsError: (any Error)?
        do { resolved = try resolver.resolve(configuration, service: service) } catch { settingsError = error }
        var profileError: (any Error)?
        do { _ = try resolver.profile() } catch { profileError = error }
        self.settings = resolved
        self.settingsError = settingsError
        self.profileError = profileError
        // The region apart from the other settings, so that a bad retry setting does not hide a missing region.
        self.region = settingsError == nil ? resolved.region : configuration.resolvedRegion()
        self.retryStrategy = configuration.retryStrategy ?? resolved.retryMode.strategy(maxAttempts: resolved.maxAttempts)
        self.credentialProvider = configuration.resolvedCredentialProvider()
        self.userAgent = UserAgent.header(service: service, appID: resolved.appID)
        self.wire = WireProtocol(name: service.protocolName)
        self.checksums = Result { try FlexibleChecksums.resolve(configuration) }
        let tokenProvider = configuration.bearerTokenProvider ?? {
            let environment = EnvironmentBearerTokenProvider(signingName: service.signingName, environment: configuration.environment)
            return environment.hasToken ? environment : nil
        }()
        let preference = configuration.resolvedAuthSchemePreference()
        self.authScheme = AuthSchemeResolver(
            preference: preference.names, preferenceSetInCode: preference.setInCode, hasBearerToken: tokenProvider != nil
        ).scheme(for: service.authSchemes)
        self.bearerTokenProvider = tokenProvider
    }

    /// Calls an operation that has an output; checks the input against the model's constraints first.
    public func execute<Input: AWSValidatingShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> Output {
        var context = AWSCallContext(serviceId: service.serviceId, operationName: operation.name)
        return try await reportingErrors(context) {
            try validate(input)
            return try await call(operation, input: input, output: output, context: &context)
        }
    }

    /// Calls an operation that has an output (its input has no constraints).
    public func execute<Input: AWSShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> Output {
        var context = AWSCallContext(serviceId: service.serviceId, operationName: operation.name)
        return try await reportingErrors(context) { try await call(operation, input: input, output: output, context: &context) }
    }

    /// Calls an operation that has no output; checks the input against the model's constraints first.
    public func execute<Input: AWSValidatingShape>(_ operation: AWSOperationDescriptor, input: Input) async throws {
        var context = AWSCallContext(serviceId: service.serviceId, operationName: operation.name)
        try await reportingErrors(context) {
            try validate(input)
            _ = try await send(operation, input: input, context: &context)
        }
    }

    /// Calls an operation that has no output (its input has no constraints).
    public func execute<Input: AWSShape>(_ operation: AWSOperationDescriptor, input: Input) async throws {
        var context = AWSCallContext(serviceId: service.serviceId, operationName: operation.name)
        try await reportingErrors(context) { _ = try await send(operation, input: input, context: &context) }
    }

    /// Calls an operation for a waiter, which needs the response's HTTP status too; checks the
    /// input against the model's constraints first. (An operation without output asks for
    /// `AWSEmptyShape`.)
    public func executeReportingStatus<Input: AWSValidatingShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> (output: Output, statusCode: Int) {
        var context = AWSCallContext(serviceId: service.serviceId, operationName: operation.name)
        return try await reportingErrors(context) {
            try validate(input)
            return try await callReportingStatus(operation, input: input, output: output, context: &context)
        }
    }

    /// Calls an operation for a waiter (its input has no constraints).
    public func executeReportingStatus<Input: AWSShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> (output: Output, statusCode: Int) {
        var context = AWSCallContext(serviceId: service.serviceId, operationName: operation.name)
        return try await reportingErrors(context) { try await callReportingStatus(operation, input: input, output: output, context: &context) }
    }

    /// Runs a call, telling the interceptors about the error it ends with.
    func reportingErrors<Result>(_ context: AWSCallContext, _ body: () async throws -> Result) async throws -> Result {
        do {
            return try await body()
        } catch {
            for interceptor in configuration.interceptors { await interceptor.onError(error, context: context) }
            throw error
        }
    }

    // Validation is chosen by overload, statically, rather than by a cast on every call: a
    // conformance cast cost the client path about 2 µs a call (scripts/benchmark-client.sh).
    // The type's name roots the error's path; it is looked up only when there is an error, since
    // asking the runtime for a type's name costs about 1 µs.
    func validate<Input: AWSValidatingShape>(_ input: Input) throws {
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
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type, context: inout AWSCallContext
    ) async throws -> Output {
        try await callReportingStatus(operation, input: input, output: output, context: &context).output
    }

    private func callReportingStatus<Input: AWSShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type, context: inout AWSCallContext
    ) async throws -> (output: Output, statusCode: Int) {
        let response = try await send(operation, input: input, context: &context)
        do {
            let output = try wireProtocol().decodeOutput(Output.self, response: response, operation: operation, service: service)
            if S3Customizations.encodesListing(operation, service: service, input: input) {
                return (try S3Customizations.decodeListing(output, operation: operation), response.statusCode)
            }
            return (output, response.statusCode)
        } catch var error as AWSDecodingError {
            error.shapeName = Output.shapeName
            throw error
        }
    }

    /// The service's protocol; an error for one this runtime does not speak.
    func wireProtocol() throws -> WireProtocol {
        guard let wireProtocol = wire else {
            throw AWSClientError(.invalidEndpoint, "the \(service.protocolName) protocol is not supported by this runtime yet")
        }
        return wireProtocol
    }

    /// The input serialized by the service's protocol (with S3's additions), the region, and the
    /// operation's endpoint: what a call sends and a presigned URL signs.
    func serialize<Input: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, wire: WireProtocol
    ) throws -> (prepared: JSONProtocols.PreparedRequest, region: String, endpoint: ResolvedEndpoint) {
        var prepared = try wire.prepare(input, operation: operation, service: service)
        if S3Customizations.encodesListing(operation, service: service, input: input) { S3Customizations.addEncodingType(to: &prepared) }
        // In botocore's order: the shared files and the profile, the region, then the other settings.
        if let profileError { throw profileError }
        if region == nil, service.globalEndpoint == nil {
            throw AWSClientError(.missingRegion, "no region: pass one in AWSClientConfiguration, or set AWS_DEFAULT_REGION (or AWS_REGION), or a region in the profile")
        }
        if let settingsError { throw settingsError }
        // Without a region, a service with a global endpoint (STS, IAM, CloudFront) uses it, as
        // botocore does through the partition's `aws-global` region; any other call needs a region,
        // even with an endpoint URL (a global service's too), since SigV4 signs for one.
        guard let region = region ?? (service.globalEndpoint != nil && settings.endpointURL == nil ? "aws-global" : nil) else {
            throw AWSClientError(.missingRegion, "no region: pass one in AWSClientConfiguration, or set AWS_DEFAULT_REGION (or AWS_REGION), or a region in the profile")
        }
        return (prepared, region, try resolveEndpoint(operation, input: input, region: region))
    }

    /// Serializes, resolves the endpoint, builds the request, and then signs and sends it under
    /// the retry loop; returns the successful response (the steps are in `CallSteps.swift`).
    func send<Input: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, context: inout AWSCallContext, streamsResponse: Bool = false
    ) async throws -> HTTPResponseParts {
        let interceptors = configuration.interceptors
        for interceptor in interceptors { try await interceptor.beforeSerialization(input: input, context: context) }
        let wireProtocol = try wireProtocol()
        let serialized: (prepared: JSONProtocols.PreparedRequest, region: String, endpoint: ResolvedEndpoint)
        do {
            serialized = try serialize(operation, input: input, wire: wireProtocol)
        } catch where !operation.requiresNoAuth && ((error as? AWSClientError)?.kind == .missingRegion || error is AWSConfigurationError) {
            // botocore finds credentials when a client is made, before it asks for a region or reads
            // the other settings: a broken credential source (half a key pair, a failing process)
            // is the error to report.
            do {
                _ = try await credentialProvider.credentials()
            } catch let broken as AWSClientError where !broken.isNoCredentials {
                throw broken
            } catch {}
            throw error
        }
        let (prepared, region, resolved) = serialized
        let checksums = try self.checksums.get()
        var request = try HTTPRequestStep(userAgent: userAgent, checksums: checksums).request(prepared, endpoint: resolved, operation: operation)
        var streamedBody: StreamedRequestBody?
        if let stream = prepared.bodyStream {
            streamedBody = try await StreamedRequestBody.plan(
                stream, request: &request, operation: operation, signingName: SigningStep.name(endpoint: resolved.endpoint, service: service),
                checksums: checksums
            )
        }
        let signing = SigningStep(
            endpoint: resolved.endpoint, region: region, service: service, operation: operation,
            body: { if case .bytes(let bytes) = request.body { bytes } else { [] } }(),
            streamsEvents: prepared.inputEvents != nil, streamedPayloadHash: streamedBody?.payloadHash
        )
        let operationLabel = "\(service.serviceId).\(operation.name)"
        let transmit = TransmitStep(
            transport: configuration.transport, maximumResponseBodySize: configuration.maximumResponseBodySize, operationLabel: operationLabel,
            streamsResponseBody: streamsResponse, streamsRequestBody: streamedBody != nil
        )
        var logger = configuration.logger
        logger[metadataKey: "aws.operation"] = "\(operationLabel)"
        let retries = RetryLoop(
            strategy: retryStrategy, attemptTimeout: configuration.attemptTimeout, totalTimeout: configuration.totalTimeout,
            operationName: operation.name, isReplayable: streamedBody?.source.isReplayable ?? request.body.isReplayable
        )
        var attemptContext = context
        defer { context = attemptContext }
        var response = try await retries.run { number, timeout in
            attemptContext.attempt = number
            var attempt = request
            for interceptor in interceptors { try await interceptor.beforeSigning(request: &attempt, context: attemptContext) }
            let credentials = operation.requiresNoAuth ? nil : try await authenticate(&attempt, signing: signing)
            if let events = prepared.inputEvents {
                // Each event's signature chains to the request's (the seed); unsigned with other auth.
                let signer = credentials.flatMap { credentials in
                    Self.signature(in: attempt).map { seed in
                        AWSEventStreamSigner(credentials: credentials, region: signing.region, service: signing.name, seedSignature: seed)
                    }
                }
                attempt.body = .stream(events.body(encoder: AWSEventEncoder(wire: wireProtocol), signer: signer), length: nil)
            } else if let streamedBody {
                // Read afresh for each attempt; signed chunks chain to this attempt's signature.
                attempt.body = streamedBody.body(of: attempt, credentials: credentials, region: signing.region, service: signing.name)
            }
            for interceptor in interceptors { try await interceptor.beforeTransmit(request: &attempt, context: attemptContext) }
            let response: HTTPResponseParts
            do {
                response = try await transmit.send(attempt, timeout: timeout, attempt: number, logger: logger)
            } catch let error as AWSClientError where (error.kind == .transport && !error.isPermanent) || error.kind == .timeout {
                return .failure(.transport(isTimeout: error.kind == .timeout), error: error, retryAfter: nil)
            }
            for interceptor in interceptors { try await interceptor.afterResponse(response, context: attemptContext) }
            if (200..<300).contains(response.statusCode) { return .success(response) }
            let (error, code) = wireProtocol.decodeError(response: response, service: service)
            return .failure(.response(statusCode: response.statusCode, code: code), error: error, retryAfter: response.headers.retryAfter)
        }
        try FlexibleChecksums.validate(&response, request: request, operation: operation, operationLabel: operationLabel)
        return response
    }

    /// The hex signature of a SigV4-signed request (the seed of an input event stream's chain).
    static func signature(in request: AWSHTTPRequest) -> String? {
        guard let authorization = request.headers["Authorization"], let range = authorization.range(of: "Signature=") else { return nil }
        return String(authorization[range.upperBound...])
    }

    /// Signs the request with SigV4 or sets its bearer token, by the scheme chosen for the service;
    /// returns the credentials it signed with (SigV4).
    private func authenticate(_ request: inout AWSHTTPRequest, signing: SigningStep) async throws -> AWSCredentials? {
        switch authScheme {
        case .sigV4?:
            let credentials = try await credentialProvider.credentials()
            signing.sign(&request, with: credentials)
            return credentials
        case .bearer?:
            guard let bearerTokenProvider else {
                throw AWSClientError(.credentials, "\(service.serviceId) is set to use bearer auth, and there is no token: set "
                    + "\(EnvironmentBearerTokenProvider.variableName(signingName: service.signingName)) or AWSClientConfiguration.bearerTokenProvider")
            }
            try request.authorize(with: try await bearerTokenProvider.token())
            return nil
        case .none?:
            return nil
        case nil:
            throw AWSClientError(.credentials, "none of \(service.serviceId)'s auth schemes (\(service.authSchemes.joined(separator: ", "))) is supported by this runtime")
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
        var parameters = AWSEndpointParameters(
            region: region, useFIPS: settings.useFIPS, useDualStack: settings.useDualStack,
            endpoint: settings.endpointURL, operationName: operation.name, values: values
        )
        parameters.builtIns = settings.endpointBuiltIns
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
