import Foundation

/// One message of an AWS event stream (`application/vnd.amazon.eventstream`): typed headers and a
/// payload. On the wire: total length, headers length and a CRC-32 of those eight bytes (the
/// prelude), the headers, the payload, and a CRC-32 of everything before it.
public struct AWSEventStreamMessage: Sendable, Hashable {
    /// The headers in wire order; names are unique within a message.
    public var headers: [AWSEventStreamHeader]
    public var payload: [UInt8]

    public init(headers: [AWSEventStreamHeader] = [], payload: [UInt8] = []) {
        self.headers = headers
        self.payload = payload
    }

    /// The value of the header `name`, if the message has it.
    public subscript(header name: String) -> AWSEventStreamHeaderValue? {
        headers.first { $0.name == name }?.value
    }

    /// The text of a string header (`:message-type`, `:event-type`, `:content-type`...).
    public func string(_ name: String) -> String? {
        if case .string(let text)? = self[header: name] { return text }
        return nil
    }
}

public struct AWSEventStreamHeader: Sendable, Hashable {
    public var name: String
    public var value: AWSEventStreamHeaderValue

    public init(_ name: String, _ value: AWSEventStreamHeaderValue) {
        self.name = name
        self.value = value
    }
}

/// The ten types a header value can have, by their wire type numbers 0 to 9.
public enum AWSEventStreamHeaderValue: Sendable, Hashable {
    /// Types 0 (true) and 1 (false).
    case bool(Bool)
    case byte(Int8)
    case short(Int16)
    case integer(Int32)
    case long(Int64)
    case byteArray([UInt8])
    case string(String)
    /// Milliseconds since 1970 (kept exact; `date` converts).
    case timestamp(milliseconds: Int64)
    case uuid(UUID)

    /// A timestamp's date.
    public var date: Date? {
        if case .timestamp(let milliseconds) = self { return Date(timeIntervalSince1970: Double(milliseconds) / 1000) }
        return nil
    }
}

/// An event stream that cannot be read or a message that cannot be written: what and where. The
/// stream ends at such an error.
public struct AWSEventStreamError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A prelude's or a message's CRC-32 does not match (botocore: `ChecksumMismatch`).
        case checksumMismatch
        /// Headers longer than 128 KiB (botocore: `InvalidHeadersLength`).
        case headersTooLong
        /// A payload longer than 24 MiB (botocore: `InvalidPayloadLength`).
        case payloadTooLong
        /// A total length too small for the prelude, headers and checksum.
        case invalidLength
        /// Two headers with one name (botocore: `DuplicateHeader`).
        case duplicateHeader
        /// A header value of a type other than 0 to 9.
        case unknownHeaderType
        /// A header that runs past the headers, or a name or string that is not UTF-8.
        case malformedHeader
        /// The stream ended inside a message.
        case truncated
        /// A message that cannot be written (a name over 255 bytes, a value over 65,535).
        case unencodable
    }

    public var kind: Kind
    public var message: String
    /// Where the message starts, counted in bytes from the start of the stream.
    public var offset: Int

    public init(_ kind: Kind, _ message: String, offset: Int) {
        self.kind = kind
        self.message = message
        self.offset = offset
    }

    public var description: String { "event stream error in the message at byte \(offset): \(message)" }
}
