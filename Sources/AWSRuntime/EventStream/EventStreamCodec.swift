import Foundation

/// Reads event-stream messages from chunks as they arrive: a message may be split over any number
/// of chunks, and one chunk may hold many messages. Checks what botocore checks (both CRCs, headers
/// of at most 128 KiB, payloads of at most 24 MiB, unique header names) and more (lengths that do
/// not add up, unknown header types, headers that overrun): any of them is an error that ends the
/// stream, never a crash.
///
/// A message wholly inside one chunk is read from the chunk itself; only the bytes of a message
/// split between chunks are buffered. A payload is copied once, into the message.
public struct AWSEventStreamDecoder: Sendable {
    public static let maximumHeadersLength = 128 * 1024
    public static let maximumPayloadLength = 24 * 1024 * 1024
    static let preludeLength = 12
    /// Prelude and message CRC.
    static let envelopeLength = 16

    /// Bytes of a message that is not complete yet.
    private var pending: [UInt8] = []
    /// Messages read from the chunks so far, not yet taken by `next()`.
    private var ready: [AWSEventStreamMessage] = []
    private var readyIndex = 0
    /// Stream offset of the first byte of `pending`.
    private var offset = 0
    /// Set by the first error: the stream ends there.
    private var failure: AWSEventStreamError?

    public init() {}

    /// Adds the next chunk of the stream; `next()` then returns the messages it completes. After an
    /// error, further chunks are ignored: `next()` returns the messages before the error, then throws it.
    public mutating func append(_ chunk: [UInt8]) {
        // The transports' chunk type, without the generic path's run-time metadata lookups.
        chunk.withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    /// Adds the next chunk of the stream (any collection of bytes); see `append(_:)`.
    public mutating func append(_ chunk: some Collection<UInt8>) {
        if let done: Void = chunk.withContiguousStorageIfAvailable({ append(contentsOf: $0) }) { return done }
        Array(chunk).withUnsafeBufferPointer { append(contentsOf: $0) }
    }

    private mutating func append(contentsOf chunk: UnsafeBufferPointer<UInt8>) {
        if failure != nil { return }
        if readyIndex == ready.count { ready.removeAll(keepingCapacity: true); readyIndex = 0 }
        var thrown: AWSEventStreamError?
        let read = { (decoder: inout AWSEventStreamDecoder, buffer: UnsafeBufferPointer<UInt8>) -> Int in
            do throws(AWSEventStreamError) { return try decoder.readMessages(from: buffer) } catch { thrown = error; return 0 }
        }
        if pending.isEmpty {
            // Read messages straight from the chunk; keep only an incomplete tail.
            let consumed = read(&self, chunk)
            if thrown == nil { pending.append(contentsOf: chunk[consumed...]) }
        } else {
            pending.append(contentsOf: chunk)
            let buffered = pending  // read through a second reference: `read` changes `self`
            let consumed = buffered.withUnsafeBufferPointer { read(&self, $0) }
            pending.removeFirst(consumed)
        }
        failure = thrown
    }

    /// The next complete message, or nil until more bytes arrive; once the messages before an error
    /// are taken, the error (the stream ends there).
    public mutating func next() throws(AWSEventStreamError) -> AWSEventStreamMessage? {
        guard readyIndex < ready.count else {
            if let failure { throw failure }
            return nil
        }
        defer { readyIndex += 1 }
        return ready[readyIndex]
    }

    /// Says the stream has ended: an error if it ended inside a message.
    public func finish() throws(AWSEventStreamError) {
        if let failure { throw failure }
        if !pending.isEmpty {
            throw AWSEventStreamError(.truncated, "the stream ended \(pending.count) bytes into a message", offset: offset)
        }
    }

    /// Reads every complete message at the start of `bytes`; returns how many bytes they took.
    private mutating func readMessages(from bytes: UnsafeBufferPointer<UInt8>) throws(AWSEventStreamError) -> Int {
        var start = 0
        while bytes.count - start >= Self.preludeLength {
            let total = try Self.checkPrelude(bytes, at: start, offset: offset)
            guard bytes.count - start >= total else { break }
            ready.append(try Self.message(bytes, at: start, length: total, offset: offset))
            start += total
            offset += total
        }
        return start
    }

    /// Checks a prelude as botocore does (its CRC first, then the limits) and the lengths' sum;
    /// returns the message's total length.
    static func checkPrelude(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, offset: Int) throws(AWSEventStreamError) -> Int {
        let total = Int(readUInt32(bytes, start))
        let headersLength = Int(readUInt32(bytes, start + 4))
        let crc = readUInt32(bytes, start + 8)
        let computed = CRC32.checksum(UnsafeBufferPointer(rebasing: bytes[start..<(start + 8)]))
        guard crc == computed else {
            throw AWSEventStreamError(.checksumMismatch, "the prelude's CRC is \(hex(crc)), its bytes give \(hex(computed))", offset: offset)
        }
        guard headersLength <= maximumHeadersLength else {
            throw AWSEventStreamError(.headersTooLong, "headers of \(headersLength) bytes exceed the maximum of \(maximumHeadersLength)", offset: offset)
        }
        let payloadLength = total - headersLength - envelopeLength
        guard payloadLength <= maximumPayloadLength else {
            throw AWSEventStreamError(.payloadTooLong, "a payload of \(payloadLength) bytes exceeds the maximum of \(maximumPayloadLength)", offset: offset)
        }
        guard payloadLength >= 0 else {
            throw AWSEventStreamError(.invalidLength, "a total length of \(total) cannot hold \(headersLength) bytes of headers", offset: offset)
        }
        return total
    }

    /// The message of `length` bytes at `start`, its prelude already checked.
    static func message(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, length: Int, offset: Int) throws(AWSEventStreamError) -> AWSEventStreamMessage {
        let crcStart = start + length - 4
        let crc = readUInt32(bytes, crcStart)
        let computed = CRC32.checksum(UnsafeBufferPointer(rebasing: bytes[start..<crcStart]))
        guard crc == computed else {
            throw AWSEventStreamError(.checksumMismatch, "the message's CRC is \(hex(crc)), its bytes give \(hex(computed))", offset: offset)
        }
        let headersEnd = start + preludeLength + Int(readUInt32(bytes, start + 4))
        let headers = try self.headers(bytes, from: start + preludeLength, to: headersEnd, offset: offset)
        return AWSEventStreamMessage(headers: headers, payload: Array(bytes[headersEnd..<crcStart]))
    }

    static func headers(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int, offset: Int) throws(AWSEventStreamError) -> [AWSEventStreamHeader] {
        var headers: [AWSEventStreamHeader] = []
        var names: Set<String> = []
        var index = start
        func fail(_ message: String) -> AWSEventStreamError { AWSEventStreamError(.malformedHeader, message, offset: offset) }
        func take(_ count: Int) throws(AWSEventStreamError) -> Range<Int> {
            guard count <= end - index else { throw fail("a header runs past the end of the headers") }
            defer { index += count }
            return index..<(index + count)
        }
        // `what` is built only for the error: an interpolation per header cost a tenth of decoding.
        func text(_ range: Range<Int>, _ what: @autoclosure () -> String) throws(AWSEventStreamError) -> String {
            let slice = UnsafeBufferPointer(rebasing: bytes[range])
            // Header names and values are almost always ASCII, which needs no validation: the
            // generic validating initializer looked up type metadata on every call.
            if slice.allSatisfy({ $0 < 0x80 }) { return String(decoding: slice, as: UTF8.self) }
            guard let text = String(validating: slice, as: UTF8.self) else { throw fail("\(what()) is not UTF-8") }
            return text
        }
        while index < end {
            let nameLength = Int(bytes[try take(1).lowerBound])
            let name = try text(try take(nameLength), "a header name")
            let type = bytes[try take(1).lowerBound]
            let value: AWSEventStreamHeaderValue
            switch type {
            case 0: value = .bool(true)
            case 1: value = .bool(false)
            case 2: value = .byte(Int8(bitPattern: bytes[try take(1).lowerBound]))
            case 3: value = .short(Int16(bitPattern: UInt16(readUInt(bytes, try take(2)))))
            case 4: value = .integer(Int32(bitPattern: UInt32(readUInt(bytes, try take(4)))))
            case 5: value = .long(Int64(bitPattern: readUInt(bytes, try take(8))))
            case 6, 7:
                let length = Int(readUInt(bytes, try take(2)))
                let range = try take(length)
                value = type == 6 ? .byteArray(Array(bytes[range])) : .string(try text(range, "the string header '\(name)'"))
            case 8: value = .timestamp(milliseconds: Int64(bitPattern: readUInt(bytes, try take(8))))
            case 9:
                let range = try take(16)
                value = .uuid(UUID(uuid: (
                    bytes[range.lowerBound], bytes[range.lowerBound + 1], bytes[range.lowerBound + 2], bytes[range.lowerBound + 3],
                    bytes[range.lowerBound + 4], bytes[range.lowerBound + 5], bytes[range.lowerBound + 6], bytes[range.lowerBound + 7],
                    bytes[range.lowerBound + 8], bytes[range.lowerBound + 9], bytes[range.lowerBound + 10], bytes[range.lowerBound + 11],
                    bytes[range.lowerBound + 12], bytes[range.lowerBound + 13], bytes[range.lowerBound + 14], bytes[range.lowerBound + 15]
                )))
            default:
                throw AWSEventStreamError(.unknownHeaderType, "the header '\(name)' has the unknown type \(type)", offset: offset)
            }
            // Messages carry a handful of headers: compare with those read so far, and switch to a
            // set only for many (128 KiB of headers could hold tens of thousands).
            let isDuplicate: Bool
            if headers.count < 16 {
                isDuplicate = headers.contains { $0.name == name }
            } else {
                if names.isEmpty { names = Set(headers.map(\.name)) }
                isDuplicate = !names.insert(name).inserted
            }
            guard !isDuplicate else {
                throw AWSEventStreamError(.duplicateHeader, "the header '\(name)' appears twice", offset: offset)
            }
            headers.append(AWSEventStreamHeader(name, value))
        }
        return headers
    }

    static func readUInt32(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt32 {
        UInt32(readUInt(bytes, start..<(start + 4)))
    }

    /// A big-endian unsigned number of up to 8 bytes.
    static func readUInt(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt64 {
        var value: UInt64 = 0
        for index in range { value = value << 8 | UInt64(bytes[index]) }
        return value
    }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
}

extension AWSEventStreamMessage {
    /// The message on the wire; an error for a header name over 255 bytes, a string or byte array
    /// over 65,535, or a message over the decoder's limits.
    public func encoded() throws(AWSEventStreamError) -> [UInt8] {
        let headerBytes = try encodedHeaders()
        guard payload.count <= AWSEventStreamDecoder.maximumPayloadLength else {
            throw AWSEventStreamError(.payloadTooLong, "a payload of \(payload.count) bytes exceeds the maximum of \(AWSEventStreamDecoder.maximumPayloadLength)", offset: 0)
        }
        let total = AWSEventStreamDecoder.envelopeLength + headerBytes.count + payload.count
        var output: [UInt8] = []
        output.reserveCapacity(total)
        Self.append(UInt64(total), bytes: 4, to: &output)
        Self.append(UInt64(headerBytes.count), bytes: 4, to: &output)
        Self.append(UInt64(CRC32.checksum(output)), bytes: 4, to: &output)
        output += headerBytes
        output += payload
        Self.append(UInt64(CRC32.checksum(output)), bytes: 4, to: &output)
        return output
    }

    /// The headers as the wire carries them (what an event signature hashes).
    func encodedHeaders() throws(AWSEventStreamError) -> [UInt8] {
        var headerBytes: [UInt8] = []
        var names: Set<String> = []
        for header in headers {
            let name = Array(header.name.utf8)
            guard name.count <= 255 else { throw AWSEventStreamError(.unencodable, "the header name '\(header.name.prefix(40))...' is over 255 bytes", offset: 0) }
            guard names.insert(header.name).inserted else { throw AWSEventStreamError(.duplicateHeader, "the header '\(header.name)' appears twice", offset: 0) }
            headerBytes.append(UInt8(name.count))
            headerBytes += name
            switch header.value {
            case .bool(let flag): headerBytes.append(flag ? 0 : 1)
            case .byte(let number): headerBytes += [2, UInt8(bitPattern: number)]
            case .short(let number): headerBytes.append(3); Self.append(UInt64(UInt16(bitPattern: number)), bytes: 2, to: &headerBytes)
            case .integer(let number): headerBytes.append(4); Self.append(UInt64(UInt32(bitPattern: number)), bytes: 4, to: &headerBytes)
            case .long(let number): headerBytes.append(5); Self.append(UInt64(bitPattern: number), bytes: 8, to: &headerBytes)
            case .byteArray(let bytes):
                guard bytes.count <= 0xFFFF else { throw AWSEventStreamError(.unencodable, "the header '\(header.name)' holds over 65,535 bytes", offset: 0) }
                headerBytes.append(6); Self.append(UInt64(bytes.count), bytes: 2, to: &headerBytes); headerBytes += bytes
            case .string(let text):
                let bytes = Array(text.utf8)
                guard bytes.count <= 0xFFFF else { throw AWSEventStreamError(.unencodable, "the header '\(header.name)' holds over 65,535 bytes", offset: 0) }
                headerBytes.append(7); Self.append(UInt64(bytes.count), bytes: 2, to: &headerBytes); headerBytes += bytes
            case .timestamp(let milliseconds): headerBytes.append(8); Self.append(UInt64(bitPattern: milliseconds), bytes: 8, to: &headerBytes)
            case .uuid(let uuid):
                headerBytes.append(9)
                withUnsafeBytes(of: uuid.uuid) { headerBytes += $0 }
            }
        }
        guard headerBytes.count <= AWSEventStreamDecoder.maximumHeadersLength else {
            throw AWSEventStreamError(.headersTooLong, "headers of \(headerBytes.count) bytes exceed the maximum of \(AWSEventStreamDecoder.maximumHeadersLength)", offset: 0)
        }
        return headerBytes
    }

    private static func append(_ value: UInt64, bytes: Int, to output: inout [UInt8]) {
        for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) { output.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
