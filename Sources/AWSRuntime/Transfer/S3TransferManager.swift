import Foundation

/// How the transfer manager splits and runs a transfer. The defaults are boto3's (s3transfer's).
public struct AWSS3TransferOptions: Sendable {
    /// Bytes per part of a multipart upload and per ranged GET of a download; raised for large
    /// files so that an upload stays within S3's 10,000 parts, and never below S3's 5 MiB minimum.
    public var partSize: Int
    /// How many parts (or ranges) are in flight at once.
    public var concurrency: Int
    /// From this size on, an upload is multipart and a download ranged; below it, one request.
    public var multipartThreshold: Int
    /// The checksum sent with every part (S3 then keeps a composite checksum for the object).
    public var checksumAlgorithm: AWSChecksumAlgorithm

    public init(partSize: Int = 8 << 20, concurrency: Int = 10, multipartThreshold: Int = 8 << 20, checksumAlgorithm: AWSChecksumAlgorithm = .crc32) {
        self.partSize = partSize
        self.concurrency = concurrency
        self.multipartThreshold = multipartThreshold
        self.checksumAlgorithm = checksumAlgorithm
    }
}

/// Where a transfer stands, as the progress callback receives it.
public struct AWSTransferProgress: Sendable {
    /// Bytes sent or received so far (an upload counts a part when S3 has accepted it).
    public var bytesTransferred: Int
    /// The transfer's size, when known.
    public var totalBytes: Int?
    /// Time since the transfer started.
    public var elapsed: Duration

    /// The average rate since the start.
    public var bytesPerSecond: Double {
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return seconds > 0 ? Double(bytesTransferred) / seconds : 0
    }
}

/// A transfer that could not complete: which object, which part, what went wrong, and (for an
/// upload) whether the multipart upload was aborted, so that no parts are left to pay for.
public struct AWSS3TransferError: Error, Sendable, CustomStringConvertible {
    public var bucket: String
    public var key: String
    public var message: String
    public var underlying: (any Error)?

    public var description: String {
        "s3://\(bucket)/\(key): \(message)" + (underlying.map { ": \($0)" } ?? "")
    }
}

/// Uploads and downloads of files and streams of any size through S3 (`S3Client.transfer()`):
/// multipart uploads in parallel parts, each with its checksum, aborted on failure or
/// cancellation; downloads in parallel ranged GETs written in place into a temporary file that
/// becomes the destination only when every byte has arrived.
///
/// ```swift
/// let transfer = s3.transfer(options: AWSS3TransferOptions(partSize: 16 << 20, concurrency: 8))
/// try await transfer.upload(file: URL(fileURLWithPath: "backup.tar"), bucket: "b", key: "backup.tar") { progress in
///     print(progress.bytesTransferred, "of", progress.totalBytes ?? 0)
/// }
/// try await transfer.download(bucket: "b", key: "backup.tar", to: URL(fileURLWithPath: "restored.tar"))
/// ```
public struct AWSS3TransferManager: Sendable {
    public let operations: any AWSS3TransferOperations
    public let options: AWSS3TransferOptions
    /// S3's limits on a multipart upload.
    static let maximumParts = 10_000
    static let minimumPartSize = 5 << 20

    public init(operations: any AWSS3TransferOperations, options: AWSS3TransferOptions = AWSS3TransferOptions()) {
        self.operations = operations
        self.options = options
    }

    /// The part size for an object of `size` bytes: the preferred size, raised (to a whole MiB)
    /// when that would take more than 10,000 parts, and at least 5 MiB.
    static func partSize(for size: Int, preferred: Int) -> Int {
        let needed = (size + maximumParts - 1) / maximumParts
        let rounded = (needed + (1 << 20) - 1) / (1 << 20) * (1 << 20)
        return max(preferred, rounded, minimumPartSize)
    }

    // MARK: uploads

    /// Uploads a file: one `PutObject` below the threshold, else a multipart upload whose parts are
    /// read from the file as they are sent (each retried from its start on its own).
    @discardableResult
    public func upload(
        file url: URL, bucket: String, key: String, contentType: String? = nil, progress: (@Sendable (AWSTransferProgress) -> Void)? = nil
    ) async throws -> AWSS3UploadResult {
        let whole = try AWSByteStream(fileAt: url)
        let size = whole.length ?? 0
        let object = AWSS3TransferObject(bucket: bucket, key: key, contentType: contentType, checksumAlgorithm: options.checksumAlgorithm)
        let tracker = ProgressTracker(total: size, callback: progress)
        if size < options.multipartThreshold {
            let result = try await wrapped(object, "the upload failed") { try await operations.putObject(object, body: whole) }
            tracker.add(size)
            return result
        }
        let partSize = Self.partSize(for: size, preferred: options.partSize)
        let partCount = (size + partSize - 1) / partSize
        var next = 0
        let parts = PartSource {
            guard next < partCount else { return nil }
            let start = next * partSize
            next += 1
            return try AWSByteStream(fileAt: url, range: start..<min(size, start + partSize))
        }
        return try await multipartUpload(object, tracker: tracker, expectedParts: partCount, parts: parts)
    }

    /// Uploads a stream of any length, the length unknown: read a part at a time into memory (at
    /// most `concurrency + 1` parts at once), one `PutObject` when it ends before the threshold.
    @discardableResult
    public func upload(
        _ stream: AWSByteStream, bucket: String, key: String, contentType: String? = nil, progress: (@Sendable (AWSTransferProgress) -> Void)? = nil
    ) async throws -> AWSS3UploadResult {
        let object = AWSS3TransferObject(bucket: bucket, key: key, contentType: contentType, checksumAlgorithm: options.checksumAlgorithm)
        let tracker = ProgressTracker(total: stream.length, callback: progress)
        let partSize = max(options.partSize, Self.minimumPartSize, stream.length.map { Self.partSize(for: $0, preferred: 0) } ?? 0)
        let reader = PartReader(stream, partSize: partSize)
        let first = try await reader.next() ?? []
        if first.count < max(options.multipartThreshold, 1), reader.ended {
            let result = try await wrapped(object, "the upload failed") { try await operations.putObject(object, body: AWSByteStream(bytes: first)) }
            tracker.add(first.count)
            return result
        }
        var pending: [UInt8]? = first
        let parts = PartSource {
            if let part = pending {
                pending = nil
                return AWSByteStream(bytes: part)
            }
            return try await reader.next().map { AWSByteStream(bytes: $0) }
        }
        return try await multipartUpload(object, tracker: tracker, expectedParts: nil, parts: parts)
    }

    /// Runs a multipart upload over the parts `parts` gives (asked from this task only, in order),
    /// `concurrency` at a time; aborts the upload if anything fails or the task is cancelled.
    private func multipartUpload(
        _ object: AWSS3TransferObject, tracker: ProgressTracker, expectedParts: Int?, parts source: PartSource
    ) async throws -> AWSS3UploadResult {
        let operations = self.operations
        let uploadID = try await wrapped(object, "CreateMultipartUpload failed") { try await operations.createMultipartUpload(object) }
        let concurrency = max(1, options.concurrency)
        do {
            let parts = try await withThrowingTaskGroup(of: AWSS3UploadedPart.self) { group in
                var parts: [AWSS3UploadedPart] = []
                var running = 0
                var number = 0
                while let body = try await source.next() {
                    number += 1
                    guard number <= Self.maximumParts else {
                        throw PartFailure(number: number, message: "S3 takes at most \(Self.maximumParts) parts: raise AWSS3TransferOptions.partSize", underlying: nil)
                    }
                    if running == concurrency, let done = try await group.next() {
                        parts.append(done)
                        running -= 1
                    }
                    let partNumber = number
                    group.addTask {
                        do {
                            let part = try await operations.uploadPart(object, uploadID: uploadID, partNumber: partNumber, body: body)
                            tracker.add(body.length ?? 0)
                            return part
                        } catch {
                            throw PartFailure(number: partNumber, message: "UploadPart failed", underlying: error)
                        }
                    }
                    running += 1
                }
                for try await part in group { parts.append(part) }
                return parts.sorted { $0.partNumber < $1.partNumber }
            }
            try Task.checkCancellation()
            var result = try await operations.completeMultipartUpload(object, uploadID: uploadID, parts: parts)
            result.parts = parts.count
            return result
        } catch {
            // Not cancelled with this task: the upload's parts must not be left behind.
            let aborted = await Task.detached { (try? await operations.abortMultipartUpload(object, uploadID: uploadID)) != nil }.value
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            let outcome = aborted ? "the multipart upload \(uploadID) was aborted" : "aborting the multipart upload \(uploadID) failed too: abort it yourself"
            if let failure = error as? PartFailure {
                let of = expectedParts.map { " of \($0)" } ?? ""
                throw AWSS3TransferError(
                    bucket: object.bucket, key: object.key, message: "part \(failure.number)\(of): \(failure.message); \(outcome)", underlying: failure.underlying
                )
            }
            throw AWSS3TransferError(bucket: object.bucket, key: object.key, message: "CompleteMultipartUpload failed; \(outcome)", underlying: error)
        }
    }

    // MARK: downloads

    /// Downloads an object to a file: one GET below the threshold, else ranged GETs of `partSize`,
    /// `concurrency` at a time, each written at its place in a temporary file beside `url`, which is
    /// renamed to `url` when every byte has arrived (nothing is left behind on failure). Every
    /// range must come from the same version of the object (`If-Match` its ETag). Returns the size.
    @discardableResult
    public func download(bucket: String, key: String, to url: URL, progress: (@Sendable (AWSTransferProgress) -> Void)? = nil) async throws -> Int {
        let object = AWSS3TransferObject(bucket: bucket, key: key)
        let info = try await wrapped(object, "HeadObject failed") { try await operations.headObject(bucket: bucket, key: key) }
        let tracker = ProgressTracker(total: info.size, callback: progress)
        if info.size < max(options.multipartThreshold, 1) {
            let body = try await wrapped(object, "GetObject failed") { try await operations.getObject(bucket: bucket, key: key, range: nil, ifMatch: info.eTag) }
            let written = try await body.write(to: url)
            tracker.add(written)
            return written
        }
        let partial = url.deletingLastPathComponent().appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw AWSByteStreamError.cannotWrite(path: url.path, reason: "cannot create a file in \(url.deletingLastPathComponent().path)")
        }
        do {
            try await RangedDownload(info: info, object: object, partial: partial, operations: operations, options: options, tracker: tracker).run()
            if rename(partial.path, url.path) != 0 {
                throw AWSByteStreamError.cannotWrite(path: url.path, reason: String(cString: strerror(errno)))
            }
        } catch {
            try? FileManager.default.removeItem(at: partial)
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            throw error
        }
        return info.size
    }

    /// Runs `body`, turning an error into an `AWSS3TransferError` that names the object and the step.
    private func wrapped<T>(_ object: AWSS3TransferObject, _ step: String, _ body: () async throws -> T) async throws -> T {
        do { return try await body() } catch let error as CancellationError { throw error } catch {
            throw AWSS3TransferError(bucket: object.bucket, key: object.key, message: step, underlying: error)
        }
    }
}

/// The ranged GETs of one download, `concurrency` at a time.
private struct RangedDownload {
    let info: AWSS3ObjectInfo
    let object: AWSS3TransferObject
    let partial: URL
    let operations: any AWSS3TransferOperations
    let options: AWSS3TransferOptions
    let tracker: ProgressTracker

    func run() async throws {
        let partSize = max(options.partSize, 1)
        let ranges = stride(from: 0, to: info.size, by: partSize).map { $0..<min(info.size, $0 + partSize) }
        let handle = try FileHandle(forWritingTo: partial)
        try handle.truncate(atOffset: UInt64(info.size))
        try handle.close()
        let concurrency = max(1, options.concurrency)
        try await withThrowingTaskGroup(of: Void.self) { group in
            var running = 0
            for range in ranges {
                if running == concurrency {
                    try await group.next()
                    running -= 1
                }
                group.addTask { try await fetch(range) }
                running += 1
            }
            try await group.waitForAll()
        }
    }

    /// How many times a range whose body broke off is asked for again, from the byte where it stopped.
    static let resumptions = 3

    /// One range, written at its offset as it arrives. A body that breaks off mid-way (a dropped
    /// connection, a timeout) is resumed: the rest of the range is asked for again, up to
    /// `resumptions` times, so a long download does not start over for one bad connection.
    private func fetch(_ range: Range<Int>) async throws {
        let handle = try FileHandle(forWritingTo: partial)
        defer { try? handle.close() }
        var received = 0
        var resumed = 0
        while true {
            let header = "bytes=\(range.lowerBound + received)-\(range.upperBound - 1)"
            do {
                let body = try await operations.getObject(bucket: object.bucket, key: object.key, range: header, ifMatch: info.eTag)
                try handle.seek(toOffset: UInt64(range.lowerBound + received))
                for try await chunk in body {
                    guard received + chunk.count <= range.count else { break }
                    try handle.write(contentsOf: chunk)
                    received += chunk.count
                    tracker.add(chunk.count)
                }
                guard received == range.count else {
                    throw AWSS3TransferError(
                        bucket: object.bucket, key: object.key, message: "GetObject of \(header) ended after \(received) of \(range.count) bytes", underlying: nil
                    )
                }
                return
            } catch let error as CancellationError {
                throw error
            } catch let error as AWSClientError where (error.kind == .transport || error.kind == .timeout) && resumed < Self.resumptions {
                resumed += 1
                continue
            } catch let error as AWSS3TransferError {
                throw error
            } catch {
                throw AWSS3TransferError(bucket: object.bucket, key: object.key, message: "GetObject of \(header) failed", underlying: error)
            }
        }
    }
}

/// A part's failure inside the upload's task group, before it becomes an `AWSS3TransferError`.
private struct PartFailure: Error {
    let number: Int
    let message: String
    let underlying: (any Error)?
}

/// The parts of an upload, one after the other (asked from one task).
private final class PartSource {
    let next: () async throws -> AWSByteStream?
    init(_ next: @escaping () async throws -> AWSByteStream?) { self.next = next }
}

/// Reads a stream a part at a time (from one task).
private final class PartReader {
    private var iterator: AWSByteStream.AsyncIterator
    private let partSize: Int
    private var carry: [UInt8] = []
    private(set) var ended = false

    init(_ stream: AWSByteStream, partSize: Int) {
        iterator = stream.makeAsyncIterator()
        self.partSize = partSize
    }

    /// The next part: `partSize` bytes, fewer at the end, nil when nothing is left.
    func next() async throws -> [UInt8]? {
        var part = carry
        carry = []
        while part.count < partSize, !ended {
            guard let chunk = try await iterator.next() else {
                ended = true
                break
            }
            part.append(contentsOf: chunk)
        }
        if part.count > partSize {
            carry = Array(part[partSize...])
            part.removeLast(part.count - partSize)
        }
        if ended && carry.isEmpty && part.isEmpty { return nil }
        return part
    }
}

/// Counts the bytes of a transfer and reports them.
private final class ProgressTracker: @unchecked Sendable {
    private let lock = NSLock()
    private var done = 0
    private let total: Int?
    private let start = ContinuousClock.now
    private let callback: (@Sendable (AWSTransferProgress) -> Void)?

    init(total: Int?, callback: (@Sendable (AWSTransferProgress) -> Void)?) {
        self.total = total
        self.callback = callback
    }

    func add(_ count: Int) {
        let now = lock.withLock { () -> Int in
            done += count
            return done
        }
        callback?(AWSTransferProgress(bytesTransferred: now, totalBytes: total, elapsed: ContinuousClock.now - start))
    }
}
