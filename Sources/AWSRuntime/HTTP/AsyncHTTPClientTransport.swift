import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// The default transport, on AsyncHTTPClient, configured for an AWS client rather than a browser:
/// it never follows redirects (a 3xx is a response, so a signed request cannot be re-sent to
/// another host and another host's answer is never taken for the service's), never decompresses
/// on its own (no compression bomb), and bounds how long connecting, each read and the whole
/// response may take.
///
/// By default it uses one process-wide `HTTPClient` per distinct `Settings` (created on first use,
/// never shut down, like `HTTPClient.shared`). Pass a client of your own to control its lifetime;
/// you then shut it down, and its own redirect and decompression settings apply.
public struct AsyncHTTPClientTransport: AWSHTTPTransport {
    /// How the default `HTTPClient` connects and reads.
    public struct Settings: Sendable, Hashable {
        /// The longest a new connection (TCP and TLS) may take.
        public var connectTimeout: Duration
        /// The longest the server may send nothing while a response is due or arriving, per read.
        public var readIdleTimeout: Duration
        /// How long an unused pooled connection is kept open.
        public var connectionIdleTimeout: Duration
        /// A PEM file of the certificate authorities to trust instead of the system's, as botocore's
        /// `AWS_CA_BUNDLE` and `ca_bundle` (a proxy that inspects TLS, a private endpoint, a test
        /// server). Nil trusts the system's authorities.
        public var caBundlePath: String?
        /// The proxies requests go through, and the hosts that bypass them.
        public var proxies: AWSProxySettings

        public init(
            connectTimeout: Duration = .seconds(10), readIdleTimeout: Duration = .seconds(30), connectionIdleTimeout: Duration = .seconds(60),
            caBundlePath: String? = nil, proxies: AWSProxySettings = AWSProxySettings()
        ) {
            self.connectTimeout = connectTimeout
            self.readIdleTimeout = readIdleTimeout
            self.connectionIdleTimeout = connectionIdleTimeout
            self.caBundlePath = caBundlePath
            self.proxies = proxies
        }

        /// These settings with one proxy (or none) for the client that serves a request.
        func withProxy(_ proxy: AWSProxySettings.Proxy?) -> Settings {
            var settings = self
            settings.proxies = AWSProxySettings(https: proxy, http: nil, noProxy: [])
            return settings
        }

        /// The AsyncHTTPClient configuration these settings stand for.
        public var httpClientConfiguration: HTTPClient.Configuration {
            var tls = TLSConfiguration.makeClientConfiguration()
            tls.certificateVerification = .fullVerification
            if let caBundlePath { tls.trustRoots = .file(caBundlePath) }
            // A failed connection fails the attempt at once, for the client's retry strategy to judge
            // (as botocore's does), instead of AsyncHTTPClient retrying it until the connect timeout:
            // its retries of a refused TLS certificate kept the shared event loops busy for those
            // 10 seconds, stalling every other call in the process.
            var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: connectionIdleTimeout.timeAmount)
            pool.retryConnectionEstablishment = false
            // HTTP/2 where the server offers it by ALPN (AsyncHTTPClient's `.automatic`), as the
            // bidirectional streams need; HTTP/1.1 otherwise.
            return HTTPClient.Configuration(
                tlsConfiguration: tls,
                redirectConfiguration: .disallow,
                timeout: .init(connect: connectTimeout.timeAmount, read: readIdleTimeout.timeAmount),
                connectionPool: pool,
                proxy: proxies.https.map { proxy in
                    .server(host: proxy.host, port: proxy.port, authorization: proxy.username.map { .basic(username: $0, password: proxy.password ?? "") })
                },
                ignoreUncleanSSLShutdown: false,
                decompression: .disabled
            )
        }
    }

    public let client: HTTPClient
    /// With proxies: the clients for https through its proxy, http through its proxy, and direct.
    private let routes: ProxyRoutes?
    /// The CA bundle the default client trusts, checked before each request so that a missing
    /// file is named rather than reported as a failed TLS handshake.
    private let caBundlePath: String?
    /// Response bodies larger than this are refused rather than buffered, whatever the request's
    /// own limit (`AWSHTTPRequestOptions.maximumResponseBodySize`) says.
    public var maximumResponseBodySize: Int

    /// A transport on the process-wide client for `settings`.
    public init(settings: Settings = Settings(), maximumResponseBodySize: Int = Int.max) {
        if settings.proxies.isEmpty {
            self.client = SharedHTTPClients.client(for: settings)
            routes = nil
        } else {
            let direct = SharedHTTPClients.client(for: settings.withProxy(nil))
            self.client = direct
            routes = ProxyRoutes(
                settings: settings.proxies, direct: direct,
                https: settings.proxies.https.map { SharedHTTPClients.client(for: settings.withProxy($0)) },
                http: settings.proxies.http.map { SharedHTTPClients.client(for: settings.withProxy($0)) }
            )
        }
        self.caBundlePath = settings.caBundlePath
        self.maximumResponseBodySize = maximumResponseBodySize
    }

    /// A transport on a client you own (and shut down).
    public init(client: HTTPClient, maximumResponseBodySize: Int = Int.max) {
        self.client = client
        routes = nil
        self.caBundlePath = nil
        self.maximumResponseBodySize = maximumResponseBodySize
    }

    public func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        try await send(request, options: AWSHTTPRequestOptions(timeout: timeout))
    }

    public func send(_ request: AWSHTTPRequest, options: AWSHTTPRequestOptions) async throws -> AWSHTTPResponse {
        if let caBundlePath, request.url.scheme == "https", !FileManager.default.isReadableFile(atPath: caBundlePath) {
            var error = AWSClientError(.transport, "the CA bundle \(caBundlePath) (caBundlePath, AWS_CA_BUNDLE or ca_bundle) cannot be read")
            error.isPermanent = true
            throw error
        }
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        var uploadProgress: UploadProgress?
        outgoing.method = HTTPMethod(rawValue: request.method)
        for field in request.headers { outgoing.headers.add(name: field.name, value: field.value) }
        switch request.body {
        case .bytes(let bytes):
            if !bytes.isEmpty || request.method == "POST" || request.method == "PUT" {
                outgoing.body = .bytes(ByteBuffer(bytes: bytes))
            }
        case .stream(let stream, let length) where options.streamsRequestBody:
            let progress = UploadProgress()
            let buffers = stream.map { chunk in
                progress.advance()
                return ByteBuffer(bytes: chunk)
            }
            outgoing.body = .stream(buffers, length: length.map { .known(Int64($0)) } ?? .unknown)
            uploadProgress = progress
        case .stream(let stream, let length):
            let buffers = stream.map { ByteBuffer(bytes: $0) }
            outgoing.body = .stream(buffers, length: length.map { .known(Int64($0)) } ?? .unknown)
        }
        let limit = min(maximumResponseBodySize, options.maximumResponseBodySize)
        let host = request.url.host ?? "the endpoint"
        let client = routes?.client(for: request.url) ?? self.client
        do {
            // AsyncHTTPClient's deadline ends when the response head arrives; the body is held to the
            // same deadline here, checked as each chunk arrives (the read idle timeout bounds the gaps).
            // After a streamed upload, the deadline counts from the response head.
            var deadline = ContinuousClock.now + options.timeout
            let response: HTTPClientResponse
            if let uploadProgress {
                response = try await Self.execute(outgoing, on: client, whileProgressing: uploadProgress, timeout: options.timeout, host: host)
                deadline = ContinuousClock.now + options.timeout
            } else {
                response = try await client.execute(outgoing, timeout: options.timeout.timeAmount)
            }
            var headers = AWSHTTPHeaders()
            for field in response.headers { headers.add(name: field.name, value: field.value) }
            // A streamed body is the consumer's to bound (it reads as much as it wants), not ours.
            if options.streamsResponseBody, (200..<300).contains(Int(response.status.code)) {
                return AWSHTTPResponse(
                    statusCode: Int(response.status.code), headers: headers,
                    body: .stream(Self.pulledChunks(of: response.body, host: host), length: nil)
                )
            }
            // A HEAD response's Content-Length is the size of the resource, not of a body (there is none).
            if request.method != "HEAD", let declared = response.headers.first(name: "Content-Length").flatMap(Int.init), declared > limit {
                throw AWSClientError.responseTooLarge(options, limit: limit)
            }
            var body = ByteBuffer()
            for try await chunk in response.body {
                guard body.readableBytes + chunk.readableBytes <= limit else { throw AWSClientError.responseTooLarge(options, limit: limit) }
                if ContinuousClock.now > deadline {
                    throw AWSClientError(.timeout, "the response body from \(host) did not arrive within \(options.timeout)")
                }
                if body.readableBytes == 0 { body = chunk } else { body.writeImmutableBuffer(chunk) }
            }
            return AWSHTTPResponse(statusCode: Int(response.status.code), headers: headers, body: .bytes(Array(buffer: body)))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw AWSClientError(.timeout, "no response from \(host) within \(options.timeout)", underlying: error)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as AWSClientError {
            throw error
        } catch let error as NIOSSLError {
            throw Self.tlsFailure(error, host: host)
        } catch let error as NIOSSLExtraError {
            throw Self.tlsFailure(error, host: host)
        } catch {
            if Task.isCancelled { throw CancellationError() }
            throw AWSClientError(.transport, "the request to \(host) failed", underlying: error)
        }
    }

    /// A failed TLS handshake: the server's certificate is not one we trust (or not for this
    /// host). Not retried, since another attempt meets the same certificate.
    static func tlsFailure(_ error: any Error, host: String) -> AWSClientError {
        var failure = AWSClientError(
            .transport,
            "the TLS handshake with \(host) failed; if it presents a certificate of a private authority (a TLS-inspecting proxy, a private endpoint), trust that authority with AWS_CA_BUNDLE, the profile's ca_bundle or AsyncHTTPClientTransport.Settings.caBundlePath",
            underlying: error
        )
        failure.isPermanent = true
        return failure
    }
}

extension AsyncHTTPClientTransport {
    /// Sends a request whose body is a streamed payload (a file, a stream of bytes): the attempt's time limit
    /// applies to the silence since the last chunk went out rather than to the whole upload, so a
    /// 5 GiB upload is not cut off after 60 s while a stalled one still is. The response head must
    /// come within the limit after the last chunk.
    static func execute(
        _ request: HTTPClientRequest, on client: HTTPClient, whileProgressing progress: UploadProgress, timeout: Duration, host: String
    ) async throws -> HTTPClientResponse {
        try await withThrowingTaskGroup(of: HTTPClientResponse?.self) { group in
            group.addTask { try await client.execute(request, deadline: .distantFuture) }
            group.addTask {
                while true {
                    let quiet = progress.quietTime()
                    if quiet >= timeout {
                        throw AWSClientError(.timeout, "the request to \(host) made no progress for \(timeout) (no body sent, no response)")
                    }
                    try await Task.sleep(for: timeout - quiet)
                }
            }
            defer { group.cancelAll() }
            guard let response = try await group.next() ?? nil else { throw CancellationError() }
            return response
        }
    }

    /// When a streamed request body last handed a chunk to the connection.
    final class UploadProgress: @unchecked Sendable {
        private let lock = NSLock()
        private var last = ContinuousClock.now

        func advance() { lock.withLock { last = ContinuousClock.now } }
        func quietTime() -> Duration { lock.withLock { ContinuousClock.now - last } }
    }

    /// The body's chunks, read from the connection only when the consumer asks for the next one
    /// (`AsyncThrowingStream(unfolding:)` pulls on demand), so a slow consumer slows the sender
    /// through TCP flow control instead of filling memory. Dropping the stream drops AsyncHTTPClient's
    /// body iterator, which cancels the request and closes the connection; the consumer's
    /// cancellation reaches the read in progress.
    static func pulledChunks(of body: HTTPClientResponse.Body, host: String) -> AsyncThrowingStream<[UInt8], any Error> {
        let iterator = BodyIterator(body.makeAsyncIterator())
        return AsyncThrowingStream(unfolding: {
            do {
                return try await iterator.next().map { Array(buffer: $0) }
            } catch is CancellationError {
                throw CancellationError()
            } catch let error as HTTPClientError where error == .readTimeout {
                throw AWSClientError(.timeout, "\(host) sent nothing for longer than the read timeout while streaming", underlying: error)
            } catch {
                if Task.isCancelled { throw CancellationError() }
                throw AWSClientError(.transport, "the stream from \(host) broke off", underlying: error)
            }
        })
    }

    /// Holds AsyncHTTPClient's body iterator for the stream's unfolding closure. Only the stream's
    /// one consumer calls `next()`, one call at a time, which is what makes the unchecked
    /// `Sendable` sound.
    private final class BodyIterator: @unchecked Sendable {
        private var iterator: HTTPClientResponse.Body.AsyncIterator
        init(_ iterator: HTTPClientResponse.Body.AsyncIterator) { self.iterator = iterator }
        func next() async throws -> ByteBuffer? { try await iterator.next() }
    }
}

/// One `HTTPClient` per distinct settings, for the life of the process: a client owns threads and
/// a connection pool, so transports with the same settings share one.
enum SharedHTTPClients {
    private static let clients = Locked<[AsyncHTTPClientTransport.Settings: HTTPClient]>([:])

    static func client(for settings: AsyncHTTPClientTransport.Settings) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[settings] { return client }
            // Never shut down: like HTTPClient.shared, it lives as long as the process.
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: settings.httpClientConfiguration)
            clients[settings] = client
            return client
        }
    }
}

extension Duration {
    /// The same span as NIO's `TimeAmount` (nanosecond precision).
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }
}

/// The three clients of a transport with proxies, and which one serves a URL.
private struct ProxyRoutes: Sendable {
    let settings: AWSProxySettings
    let direct: HTTPClient
    let https: HTTPClient?
    let http: HTTPClient?

    func client(for url: URL) -> HTTPClient {
        if settings.bypasses(url) { return direct }
        return (url.scheme?.lowercased() == "https" ? https : http) ?? direct
    }
}
