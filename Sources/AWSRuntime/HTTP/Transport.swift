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

/// Sends HTTP requests. The default is `AsyncHTTPClientTransport`; inject another for tests,
/// mocks, or `URLSession`.
public protocol AWSHTTPTransport: Sendable {
    /// Sends one request. Throws when no response arrives within `timeout`, or when the
    /// connection fails; an HTTP error status is a response, not an error.
    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse
}
