import Foundation

/// A CBOR body read in place (see `InPlaceDocument`): one validating pass on arrival, as strict as
/// `CBOR.decode`, then values read where they are asked for, in their JSON form (byte strings as
/// base64, tags dropped) as `CBOR.jsonValue` gives them.
final class CBORInPlaceDocument: InPlaceDocument, @unchecked Sendable {
    /// Validates `bytes` as exactly one CBOR data item.
    init(validating bytes: [UInt8]) throws(CBORDecodingError) {
        guard bytes.count < InPlaceDocument.maximumSize else {
            throw CBORDecodingError(message: "a body of \(bytes.count) bytes is too large to read", offset: 0)
        }
        var reader = CBOR.Reader(bytes: bytes)
        var ends: [Int: Int] = [:]
        try reader.validateItem(depth: 0, containerEnds: &ends)
        guard reader.index == bytes.count else { throw CBORDecodingError(message: "bytes after the data item", offset: reader.index) }
        super.init(bytes: bytes, largeContainerEnds: ends)
    }

    override var rootOffset: Int { 0 }

    /// Past any tags: the item they wrap.
    private func untagged(_ offset: Int) -> Int {
        var index = offset
        while bytes[index] >> 5 == 6 { index = afterHead(index) }
        return index
    }

    /// The head's argument (nil: indefinite length) and where the content starts.
    private func head(_ offset: Int) -> (argument: UInt64?, contentStart: Int) {
        let additional = bytes[offset] & 0x1F
        switch additional {
        case ..<24: return (UInt64(additional), offset + 1)
        case 24, 25, 26, 27:
            let count = 1 << (additional - 24)
            var value: UInt64 = 0
            for index in (offset + 1)..<(offset + 1 + count) { value = value << 8 | UInt64(bytes[index]) }
            return (value, offset + 1 + count)
        default: return (nil, offset + 1)
        }
    }

    private func afterHead(_ offset: Int) -> Int { head(offset).contentStart }

    override func kind(at offset: Int) -> InPlaceValueKind {
        let index = untagged(offset)
        switch bytes[index] >> 5 {
        case 5: return .object
        case 4: return .array
        case 7 where bytes[index] == 0xF6 || bytes[index] == 0xF7: return .null
        default: return .scalar
        }
    }

    override func end(ofValueAt offset: Int) -> Int {
        if let end = recordedEnd(ofContainerAt: offset) { return end }
        let initial = bytes[offset]
        let major = initial >> 5
        if major == 7 {
            switch initial & 0x1F {
            case 24: return offset + 2
            case 25: return offset + 3
            case 26: return offset + 5
            case 27: return offset + 9
            default: return offset + 1
            }
        }
        let (argument, start) = head(offset)
        switch major {
        case 0, 1: return start
        case 2, 3:
            if let argument { return start + Int(argument) }
            var index = start
            while bytes[index] != 0xFF { index = end(ofValueAt: index) }
            return index + 1
        case 4, 5:
            var index = start
            if let argument {
                for _ in 0..<(major == 5 ? argument * 2 : argument) { index = end(ofValueAt: index) }
                return index
            }
            while bytes[index] != 0xFF { index = end(ofValueAt: index) }
            return index + 1
        default:  // a tag
            return end(ofValueAt: start)
        }
    }

    override func entries(ofObjectAt offset: Int, path: ValuePath) throws -> [InPlaceEntry] {
        let map = untagged(offset)
        let (count, start) = head(map)
        var entries: [InPlaceEntry] = []
        var index = start
        var remaining = count.map { Int($0) } ?? -1
        while remaining != 0 {
            if remaining < 0, bytes[index] == 0xFF { break }
            // A key is a text string, untagged (as `CBOR.jsonValue` requires).
            guard bytes[index] >> 5 == 3 else { throw AWSDecodingError(path: path, message: "a CBOR map key is not a text string") }
            let (length, keyStart) = head(index)
            let valueStart = end(ofValueAt: index)
            if let length {
                entries.append(InPlaceEntry(plainKeyAt: keyStart, length: Int(length), valueStart: valueStart))
            } else {
                entries.append(InPlaceEntry(encodedKeyAt: index, valueStart: valueStart))
            }
            index = end(ofValueAt: valueStart)
            if remaining > 0 { remaining -= 1 }
        }
        return entries
    }

    override func elements(ofArrayAt offset: Int) -> InPlaceCursor {
        let (count, start) = head(untagged(offset))
        return InPlaceCursor(offset: start, remaining: count.map { Int($0) } ?? -1)
    }

    override func nextElement(_ cursor: inout InPlaceCursor) -> Int? {
        if cursor.remaining == 0 { return nil }
        if cursor.remaining < 0, bytes[cursor.offset] == 0xFF { return nil }
        if cursor.remaining > 0 { cursor.remaining -= 1 }
        let element = cursor.offset
        cursor.offset = end(ofValueAt: element)
        return element
    }


    override func value(at offset: Int) throws(AWSDecodingError) -> JSONValue {
        var reader = CBOR.Reader(bytes: bytes, index: offset)
        let item: CBORValue
        do { item = try reader.item(depth: 0) } catch { throw AWSDecodingError(path: .root, message: error.description) }
        do { return try CBOR.jsonValue(item) } catch let error as AWSDecodingError { throw error } catch {
            throw AWSDecodingError(path: .root, message: "\(error)")
        }
    }
}

extension CBOR {
    /// A CBOR item as JSON form: byte strings as base64, timestamps (tag 1) as epoch seconds.
    static func jsonValue(_ value: CBORValue) throws -> JSONValue {
        switch value {
        case .unsigned(let number):
            guard let exact = Int64(exactly: number) else { return .double(Double(number)) }
            return .integer(exact)
        case .negative(let number):
            guard let exact = Int64(exactly: number) else { return .double(-1 - Double(number)) }
            return .integer(-1 - exact)
        case .bytes(let bytes): return .string(Data(bytes).base64EncodedString())
        case .text(let text): return .string(text)
        case .array(let items): return .array(try items.map(jsonValue))
        case .map(let entries):
            var object: [String: JSONValue] = [:]
            for entry in entries {
                guard case .text(let key) = entry.key else { throw AWSDecodingError(path: .root, message: "a CBOR map key is not a text string") }
                object[key] = try jsonValue(entry.value)
            }
            return .object(object)
        case .tagged(_, let inner): return try jsonValue(inner)
        case .bool(let flag): return .bool(flag)
        case .null, .undefined: return .null
        case .float(let number): return .double(number)
        }
    }
}

extension CBOR.Reader {
    /// Checks one data item exactly as `item(depth:)` does, without building it, and records where
    /// each large array or map ends.
    mutating func validateItem(depth: Int, containerEnds: inout [Int: Int]) throws(CBORDecodingError) {
        guard depth < CBOR.maximumDepth else { throw failure("items nest deeper than \(CBOR.maximumDepth)") }
        let start = index
        let initial = try byte()
        let major = initial >> 5
        let additional = initial & 0x1F
        if major == 7 { _ = try simple(additional); return }
        let length = try argument(additional)
        switch major {
        case 0, 1:
            guard length != nil else { throw failure("an integer cannot have indefinite length") }
        case 2, 3:
            if let length {
                let content = try take(length)
                if major == 3, !content.withUnsafeBufferPointer(WireScan.isValidUTF8) { throw failure("a text string is not valid UTF-8") }
            } else {
                // Each chunk is checked as an item of its own (UTF-8 too, as `item(depth:)` does).
                while true {
                    guard index < bytes.count else { throw failure("an indefinite-length string is never closed") }
                    if bytes[index] == 0xFF { index += 1; break }
                    guard bytes[index] >> 5 == major, bytes[index] & 0x1F != 31 else {
                        throw failure("a chunk of an indefinite-length string must be a definite-length string of the same type")
                    }
                    try validateItem(depth: depth + 1, containerEnds: &containerEnds)
                }
            }
        case 4, 5:
            let perEntry: UInt64 = major == 5 ? 2 : 1
            let what = major == 5 ? "map" : "array"
            if let length {
                guard length <= UInt64(bytes.count - index) else {
                    throw failure(major == 5 ? "a map of \(length) entries cannot fit in the data" : "an array of \(length) items cannot fit in the data")
                }
                for _ in 0..<(length * perEntry) { try validateItem(depth: depth + 1, containerEnds: &containerEnds) }
            } else {
                var items: UInt64 = 0
                while true {
                    guard index < bytes.count else { throw failure("an indefinite-length \(what) is never closed") }
                    if bytes[index] == 0xFF {
                        guard items % perEntry == 0 else { throw failure("a map's last key has no value") }
                        index += 1
                        break
                    }
                    try validateItem(depth: depth + 1, containerEnds: &containerEnds)
                    items += 1
                }
            }
            if index - start >= WireScan.largeContainerSize { containerEnds[start] = index }
        default:  // 6
            guard length != nil else { throw failure("a tag cannot have indefinite length") }
            try validateItem(depth: depth + 1, containerEnds: &containerEnds)
        }
    }
}
