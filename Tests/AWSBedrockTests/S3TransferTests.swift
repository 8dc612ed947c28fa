@testable import AWSRuntime
import Crypto
import Foundation
import IntegrationS3
import TestSupport
import Testing

/// The S3 transfer manager (`S3Client.transfer()`) against moto: multipart uploads of files and of
/// streams in parallel parts, ranged parallel downloads, and what is left after a failure or a
/// cancellation (no multipart upload, no partial file).
extension LargeData {
    @Suite("S3 transfers: multipart uploads and ranged downloads against moto", .serialized, .enabled(if: Servers.motoTrait))
    struct S3TransferTests {
        static let mebibyte = 1 << 20

        func s3(transport: (any AWSHTTPTransport)? = nil) throws -> S3Client {
            S3Client(configuration: AWSClientConfiguration(
                region: "us-east-1", endpoint: try Servers.moto().endpoint,
                credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
                transport: transport, retryStrategy: StandardRetryStrategy(maxAttempts: 1), validatesPatterns: false
            ))
        }

        func newBucket(_ s3: S3Client) async throws -> String {
            let bucket = "transfer-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await s3.createBucket(bucket: bucket)
            return bucket
        }

        /// A transfer manager with 5 MiB parts (S3's smallest) from 5 MiB on, so that tens of MiB make several parts.
        func fiveMiBParts(_ s3: S3Client, concurrency: Int) -> AWSS3TransferManager {
            s3.transfer(options: AWSS3TransferOptions(partSize: 5 * Self.mebibyte, concurrency: concurrency, multipartThreshold: 5 * Self.mebibyte))
        }

        func openUploads(_ s3: S3Client, bucket: String) async throws -> Int {
            try await s3.listMultipartUploads(bucket: bucket).uploads?.count ?? 0
        }

        @Test("part sizes stay within S3's 10,000 parts and 5 MiB minimum")
        func partSizes() {
            #expect(AWSS3TransferManager.partSize(for: 100 * Self.mebibyte, preferred: 8 * Self.mebibyte) == 8 * Self.mebibyte)
            #expect(AWSS3TransferManager.partSize(for: 100 * Self.mebibyte, preferred: Self.mebibyte) == 5 * Self.mebibyte)
            let huge = 5 * 1024 * 1024 * Self.mebibyte  // 5 TiB, S3's largest object
            let size = AWSS3TransferManager.partSize(for: huge, preferred: 8 * Self.mebibyte)
            #expect((huge + size - 1) / size <= 10_000)
            #expect(size % Self.mebibyte == 0)
        }

        @Test("a 40 MiB file goes up in 8 parts of 5 MiB, 4 at a time, and comes down in parallel ranges: same bytes, progress reaches the size")
        func fileRoundTrip() async throws {
            let s3 = try s3()
            let bucket = try await newBucket(s3)
            let file = try await StreamedUploadTests.patternFile(40 * Self.mebibyte)
            let copy = file.appendingPathExtension("copy")
            defer {
                try? FileManager.default.removeItem(at: file)
                try? FileManager.default.removeItem(at: copy)
            }
            let transfer = fiveMiBParts(s3, concurrency: 4)
            let reports = Locked<[AWSTransferProgress]>([])
            let result = try await transfer.upload(file: file, bucket: bucket, key: "big.bin") { progress in reports.withLock { $0.append(progress) } }
            #expect(result.parts == 8)
            #expect(result.eTag?.hasSuffix("-8\"") == true || result.eTag?.hasSuffix("-8") == true, "a multipart ETag: \(result.eTag ?? "none")")
            let uploaded = reports.withLock { $0 }
            #expect(uploaded.last?.bytesTransferred == 40 * Self.mebibyte)
            #expect(uploaded.map(\.bytesTransferred) == uploaded.map(\.bytesTransferred).sorted())
            #expect(uploaded.allSatisfy { $0.totalBytes == 40 * Self.mebibyte })
            #expect(try await openUploads(s3, bucket: bucket) == 0)

            let downloaded = Locked(0)
            let size = try await transfer.download(bucket: bucket, key: "big.bin", to: copy) { progress in downloaded.withLock { $0 = progress.bytesTransferred } }
            #expect(size == 40 * Self.mebibyte)
            #expect(downloaded.withLock { $0 } == size)
            #expect(try await StreamedUploadTests.sha256(ofFile: copy) == StreamedUploadTests.sha256(ofFile: file))
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: copy.deletingLastPathComponent().path).filter { $0.contains(copy.lastPathComponent) && $0.hasSuffix(".partial") }
            #expect(leftovers.isEmpty)
        }

        @Test("a stream of unknown length goes up in parts read into memory; a short one in a single PutObject")
        func streams() async throws {
            let s3 = try s3()
            let bucket = try await newBucket(s3)
            let transfer = fiveMiBParts(s3, concurrency: 2)
            let chunks = (0..<12).map { index in [UInt8](repeating: UInt8(index), count: Self.mebibyte + index) }
            let result = try await transfer.upload(AWSByteStream(chunks.async), bucket: bucket, key: "stream.bin")
            #expect(result.parts == 3)
            let object = try await s3.getObject(bucket: bucket, key: "stream.bin")
            #expect(try await Array(object.body.collect(upTo: 16 * Self.mebibyte)) == Array(chunks.joined()))

            let small = try await transfer.upload(AWSByteStream([[UInt8](repeating: 7, count: 1000)].async), bucket: bucket, key: "small.bin")
            #expect(small.parts == 1)
            #expect(small.checksum == AWSChecksum.base64Digest(of: [UInt8](repeating: 7, count: 1000), algorithm: .crc32))
        }

        @Test("a part that keeps failing ends the upload with an error that names the part, and the multipart upload is aborted")
        func failedPartAborts() async throws {
            let faults = PartFaults(forwardingTo: AsyncHTTPClientTransport())
            faults.failPart = 3
            let s3 = try s3(transport: faults)
            let bucket = try await newBucket(s3)
            let file = try await StreamedUploadTests.patternFile(20 * Self.mebibyte)
            defer { try? FileManager.default.removeItem(at: file) }
            let transfer = fiveMiBParts(s3, concurrency: 2)
            let error = await #expect(throws: AWSS3TransferError.self) {
                try await transfer.upload(file: file, bucket: bucket, key: "failing.bin")
            }
            #expect(error?.message.contains("part 3 of 4") == true, "\(error?.description ?? "")")
            #expect(error?.message.contains("was aborted") == true)
            #expect(try await openUploads(s3, bucket: bucket) == 0, "nothing left to pay for")
            await #expect(throws: (any Error).self) { _ = try await s3.headObject(bucket: bucket, key: "failing.bin") }
        }

        @Test("cancelling an upload mid-way aborts the multipart upload: ListMultipartUploads is empty afterwards")
        func cancellationAborts() async throws {
            let faults = PartFaults(forwardingTo: AsyncHTTPClientTransport())
            faults.delay = .milliseconds(300)
            let s3 = try s3(transport: faults)
            let bucket = try await newBucket(s3)
            let file = try await StreamedUploadTests.patternFile(30 * Self.mebibyte)
            defer { try? FileManager.default.removeItem(at: file) }
            let transfer = fiveMiBParts(s3, concurrency: 1)
            let started = AsyncStream<Void>.makeStream()
            let upload = Task {
                try await transfer.upload(file: file, bucket: bucket, key: "cancelled.bin") { _ in started.continuation.yield() }
            }
            for await _ in started.stream { break }  // the first part is in
            #expect(try await openUploads(s3, bucket: bucket) == 1)
            upload.cancel()
            await #expect(throws: CancellationError.self) { _ = try await upload.value }
            #expect(try await openUploads(s3, bucket: bucket) == 0)
        }

        @Test("a range whose body breaks off mid-way is resumed from the byte where it stopped; the file is whole")
        func brokenRangeResumes() async throws {
            let faults = PartFaults(forwardingTo: AsyncHTTPClientTransport())
            let s3 = try s3(transport: faults)
            let bucket = try await newBucket(s3)
            let file = try await StreamedUploadTests.patternFile(12 * Self.mebibyte)
            let copy = file.appendingPathExtension("copy")
            defer {
                try? FileManager.default.removeItem(at: file)
                try? FileManager.default.removeItem(at: copy)
            }
            let transfer = fiveMiBParts(s3, concurrency: 2)
            try await transfer.upload(file: file, bucket: bucket, key: "object.bin")
            faults.cutRange = "bytes=5242880-10485759"
            #expect(try await transfer.download(bucket: bucket, key: "object.bin", to: copy) == 12 * Self.mebibyte)
            #expect(try await StreamedUploadTests.sha256(ofFile: copy) == StreamedUploadTests.sha256(ofFile: file))
            let resumed = faults.ranges.filter { $0.hasSuffix("-10485759") && $0 != "bytes=5242880-10485759" }
            #expect(resumed.count == 1, "the rest of the range was asked for once: \(faults.ranges)")
            #expect(resumed.first.flatMap { Int($0.dropFirst(6).prefix { $0 != "-" }) }.map { $0 > 5_242_880 + (1 << 20) - 1 } == true)
        }

        @Test("a download whose range fails leaves neither the file nor its temporary file")
        func failedDownloadLeavesNothing() async throws {
            let faults = PartFaults(forwardingTo: AsyncHTTPClientTransport())
            let s3 = try s3(transport: faults)
            let bucket = try await newBucket(s3)
            let file = try await StreamedUploadTests.patternFile(12 * Self.mebibyte)
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("download-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer {
                try? FileManager.default.removeItem(at: file)
                try? FileManager.default.removeItem(at: folder)
            }
            let transfer = fiveMiBParts(s3, concurrency: 2)
            try await transfer.upload(file: file, bucket: bucket, key: "object.bin")
            faults.failRange = "bytes=5242880-10485759"
            let error = await #expect(throws: AWSS3TransferError.self) {
                try await transfer.download(bucket: bucket, key: "object.bin", to: folder.appendingPathComponent("object.bin"))
            }
            #expect(error?.message.contains("bytes=5242880-10485759") == true)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
        }
    }
}

/// A response body's chunks passed on until `limit` bytes have gone by, then a transport error, as
/// a connection that drops mid-body gives (one consumer, one call at a time).
final class BreakingChunks: @unchecked Sendable {
    private var iterator: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
    private let limit: Int
    private var passed = 0

    init(_ iterator: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator, after limit: Int) {
        self.iterator = iterator
        self.limit = limit
    }

    func next() async throws -> [UInt8]? {
        guard passed < limit else { throw AWSClientError(.transport, "the stream broke off (injected)") }
        let chunk = try await iterator.next()
        passed += chunk?.count ?? 0
        return chunk
    }
}

/// Injects faults into the S3 calls of a transfer: a part that always fails, a range that always
/// fails, or a delay before each part (time to cancel in).
final class PartFaults: AWSHTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private let forwardingTo: any AWSHTTPTransport
    private var _failPart: Int?
    private var _failRange: String?
    private var _delay: Duration?
    private var _cutRange: String?
    private var _ranges: [String] = []
    /// The range whose response body breaks off after about 1 MiB, once.
    var cutRange: String? { get { lock.withLock { _cutRange } } set { lock.withLock { _cutRange = newValue } } }
    /// Every Range header sent.
    var ranges: [String] { lock.withLock { _ranges } }
    var failPart: Int? { get { lock.withLock { _failPart } } set { lock.withLock { _failPart = newValue } } }
    var failRange: String? { get { lock.withLock { _failRange } } set { lock.withLock { _failRange = newValue } } }
    var delay: Duration? { get { lock.withLock { _delay } } set { lock.withLock { _delay = newValue } } }

    init(forwardingTo: any AWSHTTPTransport) { self.forwardingTo = forwardingTo }

    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        try await send(request, options: AWSHTTPRequestOptions(timeout: timeout))
    }

    func send(_ request: AWSHTTPRequest, options: AWSHTTPRequestOptions) async throws -> AWSHTTPResponse {
        let query = request.url.query ?? ""
        if query.contains("partNumber=") {
            if let delay { try await Task.sleep(for: delay) }
            if let failPart, query.contains("partNumber=\(failPart)&") || query.hasSuffix("partNumber=\(failPart)") {
                throw AWSClientError(.transport, "connection reset (injected) for part \(failPart)")
            }
        }
        if let failRange, request.headers["Range"] == failRange {
            throw AWSClientError(.transport, "connection reset (injected) for \(failRange)")
        }
        let range = request.headers["Range"]
        let cut = lock.withLock { () -> Bool in
            if let range { _ranges.append(range) }
            guard range != nil, range == _cutRange else { return false }
            _cutRange = nil
            return true
        }
        let response = try await forwardingTo.send(request, options: options)
        guard cut, case .stream(let stream, let length) = response.body else { return response }
        let chunks = BreakingChunks(stream.makeAsyncIterator(), after: 1 << 20)
        let broken = AsyncThrowingStream<[UInt8], any Error>(unfolding: { try await chunks.next() })
        return AWSHTTPResponse(statusCode: response.statusCode, headers: response.headers, body: .stream(broken, length: length))
    }
}
