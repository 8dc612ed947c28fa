/// A JSON body read in place (see `InPlaceDocument`): one validating scan on arrival, as strict as
/// `JSONParser.parse` (but numbers out of `Double`'s range fail only where they are read), then
/// values parsed where they are read.
final class JSONInPlaceDocument: InPlaceDocument, @unchecked Sendable {
    private let root: Int

    /// Validates `bytes` as one JSON document; an error says what is wrong and where.
    init(validating bytes: [UInt8]) throws(JSONParseError) {
        guard bytes.count < InPlaceDocument.maximumSize else {
            throw JSONParseError(message: "a body of \(bytes.count) bytes is too large to read", offset: 0)
        }
        let (root, ends) = try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in try JSONParser.validate(buffer) }
        self.root = root
        super.init(bytes: bytes, largeContainerEnds: ends)
    }

    override var rootOffset: Int { root }

    override func kind(at offset: Int) -> InPlaceValueKind {
        switch bytes[offset] {
        case UInt8(ascii: "{"): .object
        case UInt8(ascii: "["): .array
        case UInt8(ascii: "n"): .null
        default: .scalar
        }
    }

    override func end(ofValueAt offset: Int) -> Int {
        let first = bytes[offset]
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "["), let end = recordedEnd(ofContainerAt: offset) { return end }
        return bytes.withUnsafeBufferPointer { Self.skip($0, at: offset) }
    }

    /// The end of the (validated) value at `offset`, by scanning it.
    private static func skip(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        var index = offset
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return skipString(bytes, at: index)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""): index = skipString(bytes, at: index); continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { return index + 1 }
                default: break
                }
                index += 1
            }
            return index
        default:
            // A number or a literal: up to the next delimiter.
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09: return index
                default: index += 1
                }
            }
            return index
        }
    }

    /// Past the closing quote of the string whose opening quote is at `offset`.
    private static func skipString(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> Int {
        var index = offset + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""): return index + 1
            default: index += 1
            }
        }
        return index
    }

    private func skipWhitespace(_ offset: Int) -> Int {
        var index = offset
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return index
            }
        }
        return index
    }

    override func entries(ofObjectAt offset: Int, path: ValuePath) throws -> [InPlaceEntry] {
        var entries: [InPlaceEntry] = []
        entries.reserveCapacity(16)
        var index = skipWhitespace(offset + 1)
        guard bytes[index] != UInt8(ascii: "}") else { return entries }
        while true {
            index = skipWhitespace(index)
            // A key: plain when it holds no escape.
            let quote = index
            var plain = true
            index += 1
            while bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") { plain = false; index += 2 } else { index += 1 }
            }
            let keyEnd = index
            index = skipWhitespace(index + 1) + 1  // past ':'
            let valueStart = skipWhitespace(index)
            entries.append(plain
                ? InPlaceEntry(plainKeyAt: quote + 1, length: keyEnd - quote - 1, valueStart: valueStart)
                : InPlaceEntry(encodedKeyAt: quote, valueStart: valueStart))
            index = skipWhitespace(end(ofValueAt: valueStart))
            if bytes[index] == UInt8(ascii: "}") { return entries }
            index += 1  // ','
        }
    }

    override func elements(ofArrayAt offset: Int) -> InPlaceCursor {
        InPlaceCursor(offset: offset + 1, remaining: -1)
    }

    override func nextElement(_ cursor: inout InPlaceCursor) -> Int? {
        var index = skipWhitespace(cursor.offset)
        if bytes[index] == UInt8(ascii: "]") { return nil }
        if bytes[index] == UInt8(ascii: ",") { index = skipWhitespace(index + 1) }
        cursor.offset = end(ofValueAt: index)
        return index
    }


    override func value(at offset: Int) throws(AWSDecodingError) -> JSONValue {
        do {
            return try bytes.withUnsafeBufferPointer { buffer throws(JSONParseError) in try JSONParser.value(in: buffer, at: offset) }
        } catch {
            throw AWSDecodingError(path: .root, message: error.message)
        }
    }
}
