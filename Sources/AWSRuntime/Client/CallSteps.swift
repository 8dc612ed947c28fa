import Crypto
import Foundation
import Logging

// The steps of one call, in the order `AWSClient.send` runs them: validate (in `AWSClient`),
// serialize (`WireProtocol.prepare`), resolve the endpoint (`AWSClient.resolveEndpoint`), build the
// HTTP request (`HTTPRequestStep`), then per attempt sign (`SigningStep`) and transmit
// (`TransmitStep`), under the retry loop (`RetryLoop`), and finally deserialize or map the error
// (`WireProtocol.decodeOutput`, `decodeError`). Interceptors run between them (`AWSInterceptor`).

/// Builds the HTTP request from the serialized request and the endpoint: the URL, and the headers
/// every request carries (`User-Agent`, `Content-Length`, `Content-MD5` where the model requires a
/// checksum, the endpoint's own headers).
struct HTTPRequestStep {
    let userAgent: String
    let checksums: FlexibleChecksums

    /// The request's URL: the endpoint with the operation's path and query (and host prefix).
    static func url(_ prepared: JSONProtocols.PreparedRequest, endpoint resolved: AWSClient.ResolvedEndpoint, operation: AWSOperationDescriptor) throws -> URL {
        if operation.hostPrefix == nil, resolved.isAppendable, let joined = URL(string: resolved.baseText + prepared.pathAndQuery) {
            return joined
        }
        return try AWSClient.url(
            base: resolved.endpoint.url, pathAndQuery: prepared.pathAndQuery, hostPrefix: operation.hostPrefix, hostLabels: prepared.hostLabels,
            operation: operation.name
        )
    }

    func request(
        _ prepared: JSONProtocols.PreparedRequest, endpoint resolved: AWSClient.ResolvedEndpoint, operation: AWSOperationDescriptor
    ) throws -> AWSHTTPRequest {
        let endpoint = resolved.endpoint
        let url = try Self.url(prepared, endpoint: resolved, operation: operation)
        var request = AWSHTTPRequest(method: prepared.method, url: url, headers: prepared.headers, body: .bytes(prepared.body))
        request.headers.add(name: "User-Agent", value: userAgent)
        if prepared.inputEvents != nil {
            // An input event stream: its length is unknown, and it can be sent once (the body
            // itself is made when the request is signed, since it chains to the signature).
            request.body = .stream(AsyncThrowingStream { $0.finish() }, length: nil)
        } else if prepared.bodyStream != nil {
            // A streamed payload: its length, encoding and checksum are `StreamedRequestBody`'s to set.
        } else if !prepared.body.isEmpty || ["POST", "PUT", "PATCH"].contains(prepared.method), !request.headers.contains("Content-Length") {
            request.headers.add(name: "Content-Length", value: String(prepared.body.count))
        }
        if prepared.inputEvents == nil && prepared.bodyStream == nil {
            try checksums.addRequestChecksum(to: &request, body: prepared.body, operation: operation)
        }
        checksums.requestValidationMode(in: &request, operation: operation)
        if !endpoint.headers.isEmpty {
            for (name, values) in endpoint.headers.sorted(by: { $0.key < $1.key }) {
                for value in values { request.headers.add(name: name, value: value) }
            }
        }
        return request
    }
}

/// Signs one attempt with SigV4, as the endpoint and the operation say: the signing region and
/// name (the endpoint's, else the client's), S3's rules (payload hash header, the path as sent).
struct SigningStep {
    let region: String
    let name: String
    let payloadHash: String
    let unsignedPayload: Bool
    let disablesDoubleEncoding: Bool
    /// The payload hash that announces a signed input event stream.
    static let eventStreamPayload = "STREAMING-AWS4-HMAC-SHA256-EVENTS"

    /// - Parameter streamedPayloadHash: the hash a streamed payload announces (`StreamedRequestBody`),
    ///   sent in `x-amz-content-sha256`; nil when the body is `body`.
    init(
        endpoint: AWSEndpoint, region: String, service: AWSServiceDescriptor, operation: AWSOperationDescriptor, body: [UInt8],
        streamsEvents: Bool = false, streamedPayloadHash: String? = nil
    ) {
        // The partition-wide `aws-global` pseudo-region signs as us-east-1 when the rule set does not say.
        self.region = endpoint.signingRegion ?? (region == "aws-global" ? "us-east-1" : region)
        self.name = Self.name(endpoint: endpoint, service: service)
        // An event stream's hash is a fixed value, sent in x-amz-content-sha256 like an unsigned payload.
        self.unsignedPayload = operation.unsignedPayload || streamsEvents || streamedPayloadHash != nil
        self.payloadHash = streamedPayloadHash ?? (streamsEvents ? Self.eventStreamPayload
            : operation.unsignedPayload ? SigV4Signer.unsignedPayload : SigV4Signer.payloadHash(body))
        self.disablesDoubleEncoding = endpoint.disablesDoubleEncoding
    }

    /// The name a request is signed for: the endpoint's, else the service's.
    static func name(endpoint: AWSEndpoint, service: AWSServiceDescriptor) -> String {
        endpoint.signingName ?? service.signingName
    }

    func sign(_ request: inout AWSHTTPRequest, with credentials: AWSCredentials) {
        let isS3 = name == "s3" || name == "s3-outposts" || name == "s3express"
        let signer = SigV4Signer(
            credentials: credentials, region: region, service: name,
            includesContentSHA256Header: unsignedPayload || isS3,
            normalizesAndDoubleEncodesPath: !(isS3 || disablesDoubleEncoding)
        )
        signer.sign(&request, payloadHash: payloadHash)
    }
}

/// Sends one attempt and reads its whole body, within the attempt's time and the size limit; or,
/// for a call that streams its response (event streams), hands a successful response's body over
/// unread, to be read as the caller iterates.
struct TransmitStep {
    let transport: any AWSHTTPTransport
    let maximumResponseBodySize: Int
    let operationLabel: String
    var streamsResponseBody = false
    /// The body is a streamed payload: the time limit bounds silence, not the whole upload.
    var streamsRequestBody = false

    func send(_ request: AWSHTTPRequest, timeout: Duration, attempt: Int, logger: Logger) async throws -> HTTPResponseParts {
        let start = ContinuousClock.now
        let options = AWSHTTPRequestOptions(
            timeout: timeout, maximumResponseBodySize: maximumResponseBodySize, operationName: operationLabel,
            streamsResponseBody: streamsResponseBody, streamsRequestBody: streamsRequestBody
        )
        do {
            let response = try await transport.send(request, options: options)
            if streamsResponseBody, (200..<300).contains(response.statusCode), case .stream(let stream, _) = response.body {
                logger.debug("AWS call streams its response", metadata: [
                    "attempt": "\(attempt)", "status": "\(response.statusCode)",
                    "duration-ms": "\((ContinuousClock.now - start).milliseconds)",
                ])
                var parts = HTTPResponseParts(statusCode: response.statusCode, headers: response.headers, body: [])
                parts.bodyStream = stream
                return parts
            }
            let body = try await response.body.collect(upTo: maximumResponseBodySize)
            let requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
            logger.debug("AWS call", metadata: [
                "attempt": "\(attempt)", "status": "\(response.statusCode)",
                "request-id": "\(requestID ?? "-")", "duration-ms": "\((ContinuousClock.now - start).milliseconds)",
            ])
            return HTTPResponseParts(statusCode: response.statusCode, headers: response.headers, body: body)
        } catch let error as AWSClientError where error.kind == .transport || error.kind == .timeout {
            logger.debug("AWS call failed", metadata: ["attempt": "\(attempt)", "error": "\(error.message)"])
            throw error
        }
    }
}

/// Runs attempts until one succeeds, the strategy grants no more retries, or the total time is
/// spent: the standard retry mode's quota, backoff and `Retry-After`, and never a second send of
/// a one-shot body.
struct RetryLoop {
    let strategy: any AWSRetryStrategy
    let attemptTimeout: Duration
    let totalTimeout: Duration?
    let operationName: String
    let isReplayable: Bool

    /// What one attempt ended with.
    enum Outcome {
        case success(HTTPResponseParts)
        case failure(AWSRetryableFailure, error: any Error, retryAfter: Duration?)
    }

    /// Calls `attempt` with the attempt's number and time until it succeeds; throws the last failure.
    func run(_ attempt: (_ number: Int, _ timeout: Duration) async throws -> Outcome) async throws -> HTTPResponseParts {
        let start = ContinuousClock.now
        var number = 0
        var permit: AWSRetryPermit?
        while true {
            number += 1
            try Task.checkCancellation()
            var timeout = attemptTimeout
            if let total = totalTimeout {
                let remaining = total - (ContinuousClock.now - start)
                if remaining <= .zero {
                    throw AWSClientError(.timeout, "\(operationName) did not complete within \(total) over \(number - 1) attempt(s)")
                }
                timeout = min(timeout, remaining)
            }
            try await strategy.beforeAttempt()
            switch try await attempt(number, timeout) {
            case .success(let response):
                strategy.recordAttempt(nil)
                strategy.recordSuccess(after: permit)
                return response
            case .failure(let failure, let error, let retryAfter):
                strategy.recordAttempt(failure)
                guard isReplayable, let granted = strategy.retryPermit(afterAttempt: number, error: failure, retryAfter: retryAfter) else {
                    throw error
                }
                permit = granted
                if let total = totalTimeout, (ContinuousClock.now - start) + granted.delay >= total { throw error }
                try await Task.sleep(for: granted.delay)
            }
        }
    }
}
