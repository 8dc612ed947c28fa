import Foundation
import Logging

/// The bytes of a streaming payload (S3's `GetObject` body, Polly's audio), as an `AsyncSequence`
/// of chunks read from the network only as the consumer asks for them: a 5 GiB object never sits in
/// memory, and a slow consumer slows the sender through TCP flow control.
///
/// The output's other members (headers, status) are there before the first byte is read. The
/// connection is released when the sequence ends or fails; dropping the sequence or cancelling the
/// task that reads it closes the connection. A response's stream can be read once.
///
/// ```swift
/// let object = try await s3.getObject(bucket: "b", key: "video.mp4")
/// try await object.body.write(to: URL(fileURLWithPath: "video.mp4"))   // or
/// let small = try await object.body.collect(upTo: 1 << 20)             // at most 1 MiB, as Data
/// ```
///
/// As an input (S3's `PutObject` and `UploadPart` body, Glacier's archives) it is what the request
/// sends: bytes in memory, a file read in chunks as the request goes out (its length known, and
/// read again from its start when the request is retried), or any `AsyncSequence` of chunks, sent
/// once and never retried:
///
/// ```swift
/// try await s3.putObject(bucket: "b", key: "video.mp4", body: try AWSByteStream(fileAt: URL(fileURLWithPath: "video.mp4")))
/// ```
public struct AWSByteStream: AsyncSequence, Sendable {
    public typealias Element = [UInt8]

    fileprivate enum Storage: Sendable {
        case bytes([UInt8])
        case chunks(AsyncThrowingStream<[UInt8], any Error>)
        case file(FileSlice)
    }
    private let storage: Storage
    /// The number of bytes the stream holds, when known (a response's `Content-Length`).
    public let length: Int?

    /// Bytes known in advance (tests, previews, inputs).
    public init(_ data: Data) {
        storage = .bytes(Array(data))
        length = data.count
    }

    /// Bytes known in advance.
    public init(bytes: [UInt8]) {
        storage = .bytes(bytes)
        length = bytes.count
    }

    /// The chunks of an asynchronous sequence, taken one at a time as the stream is read.
    public init<Chunks: AsyncSequence & Sendable>(_ chunks: Chunks, length: Int? = nil) where Chunks.Element == [UInt8] {
        let iterator = UncheckedIteratorBox(chunks.makeAsyncIterator())
        storage = .chunks(AsyncThrowingStream(unfolding: { try await iterator.next() }))
        self.length = length
    }

    /// The bytes of a file, or of `range` in it, read `chunkSize` bytes at a time as the stream is
    /// read; each iteration reads the file again from the start (a retried request resends it).
    /// Throws when the file cannot be opened or the range is not inside it. The file must not
    /// change while it is sent: a file that is shorter when read than it was here fails the read.
    public init(fileAt url: URL, range: Range<Int>? = nil, chunkSize: Int = 1 << 20) throws {
        let path = url.path
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: path)
            guard attributes[.type] as? FileAttributeType != .typeDirectory else {
                throw AWSByteStreamError.cannotRead(path: path, reason: "it is a directory")
            }
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch let error as AWSByteStreamError {
            throw error
        } catch {
            throw AWSByteStreamError.cannotRead(path: path, reason: "no such file, or it cannot be read")
        }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw AWSByteStreamError.cannotRead(path: path, reason: "permission denied")
        }
        let slice = range ?? 0..<size
        guard slice.lowerBound >= 0, slice.upperBound <= size else {
            throw AWSByteStreamError.cannotRead(path: path, reason: "the range \(slice) is not inside the file's \(size) bytes")
        }
        storage = .file(FileSlice(path: path, offset: slice.lowerBound, length: slice.count, chunkSize: Swift.max(1, chunkSize)))
        length = slice.count
    }

    /// A response body still on the network.
    init(response chunks: AsyncThrowingStream<[UInt8], any Error>, length: Int?) {
        storage = .chunks(chunks)
        self.length = length
    }

    /// The bytes, when they were given whole rather than as a stream.
    var bytesIfKnown: [UInt8]? {
        if case .bytes(let bytes) = storage { return bytes }
        return nil
    }

    /// Whether the bytes were given whole (then a request sends them as any other body).
    var isInMemory: Bool { bytesIfKnown != nil }

    /// Whether the stream can be read more than once (bytes in memory, a file), so that a request
    /// that sends it can be retried.
    public var isReplayable: Bool {
        if case .chunks = storage { return false }
        return true
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(storage: storage) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private var bytes: [UInt8]?
        private var chunks: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator?
        private var file: FileChunkReader?

        fileprivate init(storage: Storage) {
            switch storage {
            case .bytes(let bytes): self.bytes = bytes
            case .chunks(let stream): chunks = stream.makeAsyncIterator()
            case .file(let slice): file = FileChunkReader(slice)
            }
        }

        public mutating func next() async throws -> [UInt8]? {
            if let bytes {
                self.bytes = nil
                return bytes.isEmpty ? nil : bytes
            }
            if let file { return try file.next() }
            return try await chunks?.next()
        }
    }

    /// All the bytes, if there are at most `maximum`; a longer stream fails with an error that
    /// names the limit, without reading (or holding) more than `maximum` bytes.
    public func collect(upTo maximum: Int) async throws -> Data {
        if let length, length > maximum { throw AWSByteStreamError.tooLong(limit: maximum, length: length) }
        var data = Data()
        for try await chunk in self {
            guard data.count + chunk.count <= maximum else { throw AWSByteStreamError.tooLong(limit: maximum, length: length) }
            data.append(contentsOf: chunk)
        }
        return data
    }

    /// Writes the bytes to a file as they arrive and returns how many were written. The file appears
    /// only when the stream has ended well: the bytes go to a temporary file beside it, renamed over
    /// `url` at the end, so a failed or cancelled download never leaves half a file under the name.
    @discardableResult
    public func write(to url: URL) async throws -> Int {
        let folder = url.deletingLastPathComponent()
        let partial = folder.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).partial")
        guard FileManager.default.createFile(atPath: partial.path, contents: nil) else {
            throw AWSByteStreamError.cannotWrite(path: url.path, reason: "cannot create a file in \(folder.path)")
        }
        var written = 0
        do {
            let handle = try FileHandle(forWritingTo: partial)
            defer { try? handle.close() }
            for try await chunk in self {
                try handle.write(contentsOf: chunk)
                written += chunk.count
            }
            try handle.synchronize()
        } catch {
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        // rename(2) replaces an existing file atomically: readers see the old file or the new one.
        if rename(partial.path, url.path) != 0 {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: partial)
            throw AWSByteStreamError.cannotWrite(path: url.path, reason: reason)
        }
        return written
    }
}

/// Why a byte stream could not be collected or saved.
public enum AWSByteStreamError: Error, Sendable, CustomStringConvertible, Equatable {
    /// The stream holds more bytes than the limit given to `collect(upTo:)`.
    case tooLong(limit: Int, length: Int?)
    /// The file could not be written.
    case cannotWrite(path: String, reason: String)
    /// The file to send could not be opened or read, or was shorter than when the stream was made.
    case cannotRead(path: String, reason: String)

    public var description: String {
        switch self {
        case .tooLong(let limit, let length?): "the stream holds \(length) bytes, more than the limit of \(limit)"
        case .tooLong(let limit, nil): "the stream holds more than the limit of \(limit) bytes"
        case .cannotWrite(let path, let reason): "cannot write the stream to \(path): \(reason)"
        case .cannotRead(let path, let reason): "cannot send the file \(path): \(reason)"
        }
    }
}

/// Says what the stream is and how long, never its bytes (a payload may be sensitive: EBS blocks, audio).
extension AWSByteStream: CustomStringConvertible {
    public var description: String {
        let size = length.map { "\($0) bytes" } ?? "length unknown"
        switch storage {
        case .bytes: return "AWSByteStream(\(size) in memory)"
        case .file(let slice): return "AWSByteStream(file \(slice.path), \(size) from offset \(slice.offset))"
        case .chunks: return "AWSByteStream(stream, \(size))"
        }
    }
}

/// A part of a file to send.
struct FileSlice: Sendable {
    let path: String
    let offset: Int
    let length: Int
    let chunkSize: Int
}

/// Reads a file slice in chunks, opening the file at the first read and closing it at the end (or
/// when the iterator is dropped). Reads block the calling thread for one chunk from the page cache
/// or disk at a time, as `FileHandle` does; a chunk is small next to the time it takes to send.
private final class FileChunkReader: @unchecked Sendable {
    // Only the stream's one consumer calls `next()`, one call at a time.
    private let slice: FileSlice
    private var handle: FileHandle?
    private var remaining: Int

    init(_ slice: FileSlice) {
        self.slice = slice
        remaining = slice.length
    }

    deinit { try? handle?.close() }

    func next() throws -> [UInt8]? {
        guard remaining > 0 else {
            try? handle?.close()
            handle = nil
            return nil
        }
        do {
            if handle == nil {
                let opened = try FileHandle(forReadingFrom: URL(fileURLWithPath: slice.path))
                try opened.seek(toOffset: UInt64(slice.offset))
                handle = opened
            }
            let data = try handle!.read(upToCount: min(slice.chunkSize, remaining)) ?? Data()
            guard !data.isEmpty else {
                throw AWSByteStreamError.cannotRead(
                    path: slice.path, reason: "it ended \(remaining) bytes early (it changed after the stream was made)"
                )
            }
            remaining -= data.count
            return Array(data)
        } catch let error as AWSByteStreamError {
            throw error
        } catch {
            throw AWSByteStreamError.cannotRead(path: slice.path, reason: "\(error.localizedDescription)")
        }
    }
}

/// A byte stream in a shape's JSON form (logs, tests): bytes given whole are its base64 text, a
/// response's stream (which cannot be read twice) is left out.
extension AWSByteStream: AWSShape {
    public init(reader: ShapeReader) throws {
        self.init(try Data(reader: reader))
    }

    public func encode(to writer: inout ShapeWriter) {
        if let bytes = bytesIfKnown { Data(bytes).encode(to: &writer) }
    }
}

/// As an input's payload: its bytes when they are in memory. A file or a stream is not read here:
/// `ShapeWriter.payload` hands it to the request, which reads it as it is sent.
extension AWSByteStream: AWSPayloadValue {
    public init(awsPayload payload: [UInt8], path: @autoclosure () -> ValuePath) throws {
        self.init(bytes: payload)
    }

    public func awsPayload() -> (bytes: [UInt8], contentType: String) {
        (bytesIfKnown ?? [], "application/octet-stream")
    }
}

/// The byte stream of the response whose output is being read; `ShapeReader.byteStream(_:)` gives it
/// to the output's streaming payload member. (A task-local value for the same reason as
/// `PendingEventStream`: each protocol's own decoder reads the output and knows nothing of streams.)
enum PendingByteStream {
    @TaskLocal static var current: AWSByteStream?
}

extension ShapeReader {
    /// The output's streaming payload: the response's body as it arrives (or whole, when the call
    /// buffered it), or (read from a JSON form) the bytes given there.
    public func byteStream(_ member: String) throws -> AWSByteStream {
        if let stream = PendingByteStream.current { return stream }
        // A response read whole (a call made with `execute`): its body.
        if let response { return AWSByteStream(bytes: response.body) }
        return try optional(member) ?? AWSByteStream(bytes: [])
    }
}

extension ShapeWriter {
    /// An output's streaming payload in the JSON form: bytes given whole, else nothing.
    public mutating func byteStream(_ member: String, _ stream: AWSByteStream) {
        if let bytes = stream.bytesIfKnown { put(member, Data(bytes)) }
    }
}
