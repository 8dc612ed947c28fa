@testable import AWSRuntime
import Crypto
import Foundation
import IntegrationS3
import TestSupport
import Testing

/// Streamed request bodies (S3's `PutObject` from a file or a stream): `aws-chunked` against
/// botocore's own encoder, and uploads to moto signed chunk by chunk over plain HTTP and unsigned
/// with a trailing checksum behind TLS, with retries that resend a file and never a one-shot stream.
extension LargeData {
    @Suite("Streamed uploads: aws-chunked against botocore, PutObject from files and streams to moto", .serialized, .enabled(if: Servers.motoTrait))
    struct StreamedUploadTests {
        func s3(_ endpoint: URL, transport: (any AWSHTTPTransport)? = nil, attempts: Int = 1) -> S3Client {
            S3Client(configuration: AWSClientConfiguration(
                region: "us-east-1", endpoint: endpoint,
                credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
                transport: transport, retryStrategy: StandardRetryStrategy(maxAttempts: attempts, baseDelay: 0.01),
                maximumResponseBodySize: 1024 * 1024, validatesPatterns: false
            ))
        }

        func newBucket(_ s3: S3Client) async throws -> String {
            let bucket = "upload-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await s3.createBucket(bucket: bucket)
            return bucket
        }

        /// A file of `size` bytes of `StreamingBodyTests.pattern`, written off the cooperative pool.
        static func patternFile(_ size: Int) async throws -> URL {
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("upload-\(UUID().uuidString).bin")
            try await offCooperativePool {
                _ = FileManager.default.createFile(atPath: url.path, contents: nil)
                let handle = try FileHandle(forWritingTo: url)
                defer { try? handle.close() }
                var written = 0
                while written < size {
                    let piece = StreamingBodyTests.pattern(min(16 << 20, size - written))
                    try handle.write(contentsOf: piece)
                    written += piece.count
                }
            }
            return url
        }

        static func sha256(ofFile url: URL) async throws -> String {
            try await offCooperativePool {
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                var hash = SHA256()
                while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty { hash.update(data: data) }
                return hash.finalize().map { String(format: "%02x", $0) }.joined()
            }
        }

        @Test("the unsigned encoding equals botocore's AwsChunkedWrapper byte for byte on 80 generated bodies, chunk sizes and trailers")
        func unsignedAgainstBotocore() async throws {
            guard FlexibleChecksumEndToEndTests.awscrtAvailable || Servers.isCI else {
                print("⚠️ SKIPPED: awscrt is not installed for python3 (pip install awscrt); the aws-chunked differential test did not run")
                return
            }
            var generator = SystemRandomNumberGenerator()
            let algorithms: [AWSChecksumAlgorithm?] = [nil] + AWSChecksumAlgorithm.allCases
            var cases: [(size: Int, chunkSize: Int, trailer: AWSChecksumAlgorithm?, seed: Int)] = [(0, 8192, nil, 0), (0, 8192, .crc32, 1), (8192, 8192, .sha256, 2)]
            for index in 3..<80 {
                let chunkSize = [8192, 16384, 65536, Int.random(in: 8192...70_000, using: &generator)].randomElement(using: &generator)!
                let size = index < 60 ? Int.random(in: 0...(3 * chunkSize), using: &generator) : Int.random(in: 0...300_000, using: &generator)
                cases.append((size, chunkSize, algorithms.randomElement(using: &generator)!, index))
            }
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("aws-chunked-cases-\(UUID().uuidString).txt")
            defer { try? FileManager.default.removeItem(at: file) }
            try cases.map { "\($0.size) \($0.chunkSize) \($0.trailer?.rawValue ?? "none") \($0.seed)\n" }.joined().write(to: file, atomically: true, encoding: .utf8)
            let output = try await offCooperativePool { try Servers.runPython("Tests/Differential/aws_chunked_reference.py", [file.path]) }
            let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
            #expect(lines.count == cases.count)
            for (item, line) in zip(cases, lines) {
                let bytes = (0..<item.size).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ item.seed &* 13) }
                let encoding = AWSChunkedEncoding(chunkSize: item.chunkSize, trailer: item.trailer, signer: nil)
                var body: [UInt8] = []
                for try await piece in encoding.encode(AWSByteStream(bytes: bytes)) { body += piece }
                let ours = "\(body.count)\t\(SHA256.hash(data: body).map { String(format: "%02x", $0) }.joined())"
                #expect(ours == String(line), "\(item.size) bytes in chunks of \(item.chunkSize), trailer \(item.trailer?.rawValue ?? "none")")
                #expect(body.count == AWSChunkedEncoding.encodedLength(decodedLength: item.size, chunkSize: item.chunkSize, signed: false, trailer: item.trailer))
            }
        }

        /// The file's bytes as a one-shot stream of known length (what a pipe or a socket gives).
        static func oneShot(_ file: URL) throws -> AWSByteStream {
            let source = try AWSByteStream(fileAt: file)
            let iterator = UncheckedIteratorBox(source.makeAsyncIterator())
            return AWSByteStream(AsyncThrowingStream(unfolding: { try await iterator.next() }), length: source.length)
        }

        @Test("PutObject from a one-shot stream over plain HTTP: signed aws-chunked with the checksum in a signed trailer; moto stores the bytes and the checksum, GetObject validates it", arguments: [
            ChecksumAlgorithm?.none, .crc32, .crc32c, .crc64nvme, .sha1, .sha256,
        ])
        func streamOverHTTP(algorithm: ChecksumAlgorithm?) async throws {
            let recorder = RecordingTransport(forwardingTo: AsyncHTTPClientTransport())
            let s3 = s3(try Servers.moto().endpoint, transport: recorder)
            let bucket = try await newBucket(s3)
            let size = 3 * (1 << 20) + 12345
            let file = try await Self.patternFile(size)
            defer { try? FileManager.default.removeItem(at: file) }
            let put = try await s3.putObject(bucket: bucket, key: "file.bin", body: try Self.oneShot(file), checksumAlgorithm: algorithm)

            let request = try #require(recorder.requests.last { $0.method == "PUT" && $0.url.path.hasSuffix("/file.bin") })
            let ours = try #require(AWSChecksumAlgorithm(name: algorithm?.rawValue ?? "CRC32"))
            #expect(request.headers["x-amz-content-sha256"] == "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER")
            #expect(request.headers["Content-Encoding"] == "aws-chunked")
            #expect(request.headers["x-amz-decoded-content-length"] == String(size))
            #expect(request.headers["x-amz-trailer"] == ours.headerName)
            #expect(request.headers["Content-Length"] == String(AWSChunkedEncoding.encodedLength(decodedLength: size, chunkSize: AWSChunkedEncoding.defaultChunkSize, signed: true, trailer: ours)))
            #expect(request.headers[ours.headerName] == nil, "the checksum travels in the trailer, not a header")

            let data = try Data(contentsOf: file)
            let expected = AWSChecksum.base64Digest(of: data, algorithm: ours)
            let stored: String? = switch ours {
            case .crc32: put.checksumCRC32
            case .crc32c: put.checksumCRC32C
            case .crc64nvme: put.checksumCRC64NVME
            case .sha1: put.checksumSHA1
            case .sha256: put.checksumSHA256
            }
            #expect(stored == expected, "moto read the trailer's checksum")
            let object = try await s3.getObject(bucket: bucket, key: "file.bin")
            #expect(object.contentLength == Int64(size))
            var hash = SHA256()
            for try await chunk in object.body { hash.update(data: chunk) }
            #expect(hash.finalize() == SHA256.hash(data: data), "the decoded bytes are the file's (and their checksum validated)")
        }

        @Test("PutObject from a file over plain HTTP, as botocore sends it: read once for its SHA-256 and checksum header, then sent as plain bytes")
        func fileOverHTTP() async throws {
            let recorder = RecordingTransport(forwardingTo: AsyncHTTPClientTransport())
            let s3 = s3(try Servers.moto().endpoint, transport: recorder)
            let bucket = try await newBucket(s3)
            let file = try await Self.patternFile(2 * (1 << 20) + 99)
            defer { try? FileManager.default.removeItem(at: file) }
            let data = try Data(contentsOf: file)
            let put = try await s3.putObject(bucket: bucket, key: "file.bin", body: try AWSByteStream(fileAt: file), checksumAlgorithm: .sha256)
            let request = try #require(recorder.requests.last { $0.method == "PUT" && $0.url.path.hasSuffix("/file.bin") })
            #expect(request.headers["x-amz-content-sha256"] == SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined())
            #expect(request.headers["x-amz-checksum-sha256"] == AWSChecksum.base64Digest(of: data, algorithm: .sha256))
            #expect(request.headers["Content-Encoding"] == nil)
            #expect(request.headers["Content-Length"] == String(data.count))
            #expect(put.checksumSHA256 == AWSChecksum.base64Digest(of: data, algorithm: .sha256))
            #expect(try await s3.getObject(bucket: bucket, key: "file.bin").body.collect(upTo: 4 << 20) == data)
        }

        @Test("PutObject from a stream of known length is sent as it is read; one of unknown length is refused before anything is sent")
        func streams() async throws {
            let recorder = RecordingTransport(forwardingTo: AsyncHTTPClientTransport())
            let s3 = s3(try Servers.moto().endpoint, transport: recorder)
            let bucket = try await newBucket(s3)
            let pieces = (0..<40).map { index in [UInt8](repeating: UInt8(index), count: 10_000 + index) }
            let total = pieces.map(\.count).reduce(0, +)
            _ = try await s3.putObject(bucket: bucket, key: "stream.bin", body: AWSByteStream(pieces.async, length: total))
            let object = try await s3.getObject(bucket: bucket, key: "stream.bin")
            #expect(try await Array(object.body.collect(upTo: 1 << 20)) == Array(pieces.joined()))

            let sent = recorder.requests.count
            let error = await #expect(throws: AWSValidationError.self) {
                try await s3.putObject(bucket: bucket, key: "unknown.bin", body: AWSByteStream(pieces.async))
            }
            #expect(error?.message.contains("length") == true)
            #expect(recorder.requests.count == sent, "nothing was sent")
        }

        @Test("behind TLS (a terminating proxy in front of moto): unsigned aws-chunked with the checksum in the trailer, as botocore sends it; with the caller's own checksum header, UNSIGNED-PAYLOAD and the bytes as they are")
        func unsignedOverTLS() async throws {
            let proxy = TLSTerminatingProxy(plain: try Servers.moto().endpoint)
            let s3 = s3(proxy.httpsEndpoint, transport: proxy)
            let bucket = try await newBucket(s3)
            let file = try await Self.patternFile(2 * (1 << 20) + 7)
            defer { try? FileManager.default.removeItem(at: file) }
            let data = try Data(contentsOf: file)
            let put = try await s3.putObject(bucket: bucket, key: "tls.bin", body: try AWSByteStream(fileAt: file), checksumAlgorithm: .crc32c)
            let request = try #require(proxy.recorder.requests.last { $0.method == "PUT" })
            #expect(request.headers["x-amz-content-sha256"] == "STREAMING-UNSIGNED-PAYLOAD-TRAILER")
            #expect(request.headers["x-amz-trailer"] == "x-amz-checksum-crc32c")
            #expect(put.checksumCRC32C == AWSChecksum.base64Digest(of: data, algorithm: .crc32c))
            #expect(try await s3.getObject(bucket: bucket, key: "tls.bin").body.collect(upTo: 4 << 20) == data)

            let crc = AWSChecksum.base64Digest(of: data, algorithm: .crc32)
            _ = try await s3.putObject(bucket: bucket, key: "raw.bin", body: try AWSByteStream(fileAt: file), checksumCRC32: crc)
            let raw = try #require(proxy.recorder.requests.last { $0.method == "PUT" })
            #expect(raw.headers["x-amz-content-sha256"] == "UNSIGNED-PAYLOAD")
            #expect(raw.headers["Content-Encoding"] == nil)
            #expect(raw.headers["Content-Length"] == String(data.count))
            #expect(try await s3.getObject(bucket: bucket, key: "raw.bin").body.collect(upTo: 4 << 20) == data)
        }

        @Test("a file body is sent again from its start when the first attempt fails mid-body; a one-shot stream is never sent twice")
        func retries() async throws {
            let flaky = FailingFirstAttempt(forwardingTo: AsyncHTTPClientTransport())
            let s3 = s3(try Servers.moto().endpoint, transport: flaky, attempts: 3)
            let bucket = try await newBucket(s3)
            let file = try await Self.patternFile(1 << 20)
            defer { try? FileManager.default.removeItem(at: file) }
            let before = flaky.putAttempts
            flaky.failNextPut()
            _ = try await s3.putObject(bucket: bucket, key: "retried.bin", body: try AWSByteStream(fileAt: file))
            #expect(flaky.putAttempts == before + 2)
            #expect(try await s3.getObject(bucket: bucket, key: "retried.bin").body.collect(upTo: 2 << 20) == Data(contentsOf: file))

            flaky.failNextPut()
            let pieces = [[UInt8](repeating: 1, count: 50_000)]
            await #expect(throws: AWSClientError.self) {
                try await s3.putObject(bucket: bucket, key: "once.bin", body: AWSByteStream(pieces.async, length: 50_000))
            }
            #expect(flaky.putAttempts == before + 3, "the one-shot stream went out once")
        }

        @Test("the attempt's time limit bounds silence, not the length of an upload: a body that keeps coming for three times the limit goes through, one that stalls times out at the limit")
        func uploadTimeouts() async throws {
            let s3 = S3Client(configuration: AWSClientConfiguration(
                region: "us-east-1", endpoint: try Servers.moto().endpoint,
                credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
                retryStrategy: StandardRetryStrategy(maxAttempts: 1), attemptTimeout: .seconds(1), validatesPatterns: false
            ))
            let bucket = try await newBucket(s3)
            // 32 KiB every 100 ms for 3 s: a 64 KiB chunk leaves every 200 ms.
            let slow = AsyncThrowingStream<[UInt8], any Error> { continuation in
                Task {
                    for _ in 0..<30 {
                        continuation.yield([UInt8](repeating: 1, count: 32 << 10))
                        try? await Task.sleep(for: .milliseconds(100))
                    }
                    continuation.finish()
                }
            }
            _ = try await s3.putObject(bucket: bucket, key: "slow.bin", body: AWSByteStream(slow, length: 30 << 15))
            #expect(try await s3.headObject(bucket: bucket, key: "slow.bin").contentLength == 30 << 15)

            let stalled = AsyncThrowingStream<[UInt8], any Error> { continuation in
                Task {
                    continuation.yield([UInt8](repeating: 1, count: 32 << 10))
                    try? await Task.sleep(for: .seconds(5))
                    continuation.finish()
                }
            }
            let start = ContinuousClock.now
            let error = await #expect(throws: AWSClientError.self) {
                try await s3.putObject(bucket: bucket, key: "stalled.bin", body: AWSByteStream(stalled, length: 64 << 10))
            }
            #expect(error?.kind == .timeout)
            #expect(ContinuousClock.now - start < .seconds(4), "the stall was noticed, not waited out")
        }

        @Test("a 256 MiB file goes up and comes back down through streamed bodies: bytes intact, the test process's memory grows by far less than the object (under 64 MiB)")
        func largeRoundTrip() async throws {
            try await Self.roundTrip(size: 256 << 20, s3: s3(try Servers.moto().endpoint))
        }

        /// PutObject of a file of `size` bytes and GetObject of it into another file, through streamed
        /// bodies; the bytes must match and resident memory must grow by less than 64 MiB.
        static func roundTrip(size: Int, s3: S3Client) async throws {
            let bucket = "large-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await s3.createBucket(bucket: bucket)
            let file = try await patternFile(size)
            let copy = file.appendingPathExtension("copy")
            defer {
                try? FileManager.default.removeItem(at: file)
                try? FileManager.default.removeItem(at: copy)
            }
            let expected = try await sha256(ofFile: file)
            let sampler = MemorySampler()
            let baseline = StreamingBodyTests.residentBytes() ?? 0
            _ = try await s3.putObject(bucket: bucket, key: "large.bin", body: try AWSByteStream(fileAt: file))
            let object = try await s3.getObject(bucket: bucket, key: "large.bin")
            #expect(try await object.body.write(to: copy) == size)
            let peak = await sampler.stop()
            #expect(try await sha256(ofFile: copy) == expected)
            if baseline > 0 {
                #expect(peak - baseline < 64 << 20, "resident memory grew by \((peak - baseline) >> 20) MiB for a \(size >> 20) MiB object")
            }
            _ = try await s3.deleteObject(bucket: bucket, key: "large.bin")
        }
    }
}

/// Samples the process's resident memory every few milliseconds until stopped; gives the peak.
final class MemorySampler: @unchecked Sendable {
    private let lock = NSLock()
    private var peak = 0
    private var task: Task<Void, Never>?

    init() {
        task = Task.detached { [weak self] in
            while !Task.isCancelled {
                if let now = LargeData.StreamingBodyTests.residentBytes() { self?.record(now) }
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
    }

    private func record(_ value: Int) { lock.withLock { peak = max(peak, value) } }

    func stop() async -> Int {
        task?.cancel()
        await task?.value
        if let now = LargeData.StreamingBodyTests.residentBytes() { record(now) }
        return lock.withLock { peak }
    }
}

/// What a TLS-terminating proxy in front of moto does: the client talks to an `https` endpoint
/// (so it chooses what it sends over TLS), the request reaches moto over plain HTTP unchanged.
final class TLSTerminatingProxy: AWSHTTPTransport, @unchecked Sendable {
    let recorder: RecordingTransport
    let plain: URL
    var httpsEndpoint: URL { URL(string: plain.absoluteString.replacingOccurrences(of: "http://", with: "https://"))! }

    init(plain: URL) {
        self.plain = plain
        recorder = RecordingTransport(forwardingTo: AsyncHTTPClientTransport())
    }

    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        try await send(request, options: AWSHTTPRequestOptions(timeout: timeout))
    }

    func send(_ request: AWSHTTPRequest, options: AWSHTTPRequestOptions) async throws -> AWSHTTPResponse {
        var forwarded = request
        forwarded.url = URL(string: request.url.absoluteString.replacingOccurrences(of: "https://", with: "http://"))!
        return try await recorder.send(forwarded, options: options)
    }
}

/// Fails the next PUT after reading part of its body, as a connection reset mid-upload would;
/// counts the PUT attempts.
final class FailingFirstAttempt: AWSHTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var failing = false
    private var attempts = 0
    private let forwardingTo: any AWSHTTPTransport
    var putAttempts: Int { lock.withLock { attempts } }

    init(forwardingTo: any AWSHTTPTransport) { self.forwardingTo = forwardingTo }

    func failNextPut() { lock.withLock { failing = true } }

    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        try await send(request, options: AWSHTTPRequestOptions(timeout: timeout))
    }

    func send(_ request: AWSHTTPRequest, options: AWSHTTPRequestOptions) async throws -> AWSHTTPResponse {
        guard request.method == "PUT" else { return try await forwardingTo.send(request, options: options) }
        let fail = lock.withLock {
            attempts += 1
            defer { failing = false }
            return failing
        }
        if fail {
            if case .stream(let stream, _) = request.body {
                var iterator = stream.makeAsyncIterator()
                _ = try await iterator.next()
            }
            throw AWSClientError(.transport, "the connection was reset mid-body (injected)")
        }
        return try await forwardingTo.send(request, options: options)
    }
}
