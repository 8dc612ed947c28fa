import Foundation

/// A request body: bytes in memory (can be sent again on retry), or a one-shot stream.
public enum AWSHTTPBody: Sendable {
    case bytes([UInt8])
    /// A stream of chunks; `length` when known. A stream can be sent only once, so a request
    /// with a stream body is never retried.
    case stream(AsyncThrowingStream<[UInt8], any Error>, length: Int?)

    public static let empty = AWSHTTPBody.bytes([])

    public var isReplayable: Bool {
        if case .bytes = self { return true }
        return false
    }

    /// Collects the whole body, refusing more than `limit` bytes.
    public func collect(upTo limit: Int = 256 * 1024 * 1024) async throws -> [UInt8] {
        switch self {
        case .bytes(let bytes):
            return bytes
        case .stream(let stream, _):
            var result: [UInt8] = []
            for try await chunk in stream {
                result.append(contentsOf: chunk)
                if result.count > limit {
                    throw AWSClientError(.invalidResponse, "the response body is larger than \(limit) bytes")
                }
            }
            return result
        }
    }
}

/// An HTTP request as the runtime sends it.
public struct AWSHTTPRequest: Sendable {
    public var method: String
    /// The absolute URL, path and query already percent-encoded.
    public var url: URL
    public var headers: AWSHTTPHeaders
    public var body: AWSHTTPBody

    public init(method: String, url: URL, headers: AWSHTTPHeaders = AWSHTTPHeaders(), body: AWSHTTPBody = .empty) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }
}

/// An HTTP response as a transport returns it.
public struct AWSHTTPResponse: Sendable {
    public var statusCode: Int
    public var headers: AWSHTTPHeaders
    public var body: AWSHTTPBody

    public init(statusCode: Int, headers: AWSHTTPHeaders = AWSHTTPHeaders(), body: AWSHTTPBody = .empty) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
    }
}

/// What the client asks of a transport for one attempt besides the request itself.
public struct AWSHTTPRequestOptions: Sendable {
    /// The whole attempt, until the last byte of the response, must fit in this.
    public var timeout: Duration
    /// Refuse a response body larger than this, before buffering it.
    public var maximumResponseBodySize: Int
    /// `Service.Operation`, for error messages.
    public var operationName: String?
    /// Hand a successful (2xx) response's body over as a `.stream` read from the network as the
    /// caller iterates, instead of buffering it (event streams). `timeout` then ends when the
    /// response head arrives, and `maximumResponseBodySize` does not apply to that body. A
    /// transport that cannot stream may ignore this and return the body whole.
    public var streamsResponseBody: Bool
    /// The request's body is a streamed payload (a file, a stream of bytes) that may take longer to
    /// send than `timeout`: `timeout` then bounds the silence since the last chunk went out (and
    /// from the last chunk to the response head) rather than the whole exchange.
    public var streamsRequestBody: Bool

    public init(
        timeout: Duration, maximumResponseBodySize: Int = Int.max, operationName: String? = nil, streamsResponseBody: Bool = false,
        streamsRequestBody: Bool = false
    ) {
        self.timeout = timeout
        self.maximumResponseBodySize = maximumResponseBodySize
        self.operationName = operationName
        self.streamsResponseBody = streamsResponseBody
        self.streamsRequestBody = streamsRequestBody
    }
}

/// Sends HTTP requests. The default is `AsyncHTTPClientTransport`; inject another for tests,
/// mocks, or `URLSession`.
///
/// A transport must not follow redirects: AWS answers a 3xx only where the caller must act on it
/// (S3's region redirects), and following one would send a signed request to another host.
public protocol AWSHTTPTransport: Sendable {
    /// Sends one request. Throws when no response arrives within `timeout`, or when the
    /// connection fails; an HTTP error status is a response, not an error.
    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse

    /// Sends one request under `options`; what the client calls. The default calls
    /// `send(_:timeout:)` and then applies the size limit (after the fact: a transport that
    /// buffers should implement this itself and stop reading at the limit). A transport that wraps
    /// another (to record, retry or rewrite requests) should implement this and pass `options` on:
    /// through `send(_:timeout:)` a streamed response (S3 downloads, event streams) is buffered.
    func send(_ request: AWSHTTPRequest, options: AWSHTTPRequestOptions) async throws -> AWSHTTPResponse
}

extension AWSHTTPTransport {
    public func send(_ request: AWSHTTPRequest, options: AWSHTTPRequestOptions) async throws -> AWSHTTPResponse {
        let response = try await send(request, timeout: options.timeout)
        if case .bytes(let bytes) = response.body, bytes.count > options.maximumResponseBodySize {
            throw AWSClientError.responseTooLarge(options, limit: options.maximumResponseBodySize)
        }
        return response
    }
}

extension AWSClientError {
    /// A response body over the limit, naming the operation and the limit.
    static func responseTooLarge(_ options: AWSHTTPRequestOptions, limit: Int) -> AWSClientError {
        let what = options.operationName.map { "the response to \($0)" } ?? "the response"
        return AWSClientError(
            .invalidResponse, "\(what) is larger than \(limit) bytes, the limit set by AWSClientConfiguration.maximumResponseBodySize"
        )
    }
}
