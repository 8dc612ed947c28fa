import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The default transport, on AsyncHTTPClient. Uses the process-wide `HTTPClient.shared`
/// (which needs no shutdown) unless given a client of your own, which you then shut down.
public struct AsyncHTTPClientTransport: AWSHTTPTransport {
    public let client: HTTPClient
    /// Response bodies larger than this are refused rather than buffered.
    public var maximumResponseBodySize: Int

    public init(client: HTTPClient = .shared, maximumResponseBodySize: Int = 256 * 1024 * 1024) {
        self.client = client
        self.maximumResponseBodySize = maximumResponseBodySize
    }

    public func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        switch request.body {
        case .bytes(let bytes):
            if !bytes.isEmpty || request.method == "POST" || request.method == "PUT" {
                outgoing.body = .bytes(ByteBuffer(bytes: bytes))
            }
        case .stream(let stream, let length):
            let buffers = stream.map { ByteBuffer(bytes: $0) }
            outgoing.body = .stream(buffers, length: length.map { .known(Int64($0)) } ?? .unknown)
        }
        let seconds = Int64(timeout.components.seconds)
        let attoseconds = timeout.components.attoseconds
        let deadline = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        do {
            let response = try await client.execute(outgoing, timeout: deadline)
            var headers = AWSHTTPHeaders()
            for field in response.headers { headers.add(name: field.name, value: field.value) }
            let body = try await response.body.collect(upTo: maximumResponseBodySize)
            return AWSHTTPResponse(statusCode: Int(response.status.code), headers: headers, body: .bytes(Array(buffer: body)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw AWSClientError(.timeout, "no response from \(request.url.host ?? "the endpoint") within \(timeout)", underlying: error)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as AWSClientError {
            throw error
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw AWSClientError(.transport, "the request to \(request.url.host ?? "the endpoint") failed", underlying: error)
        }
    }
}
