import Foundation

/// A CBOR data item (RFC 8949), as the `smithy-rpc-v2-cbor` protocol uses them.
///
/// Written here because no maintained Swift CBOR library is available to this package; the
/// protocol needs only the core data model, which is small. Maps keep their entries in order.
public indirect enum CBORValue: Sendable, Hashable {
    case unsigned(UInt64)
    /// The negative integer `-1 - n`.
    case negative(UInt64)
    case bytes([UInt8])
    case text(String)
    case array([CBORValue])
    case map([CBOREntry])
    case tagged(UInt64, CBORValue)
    case bool(Bool)
    case null
    case undefined
    case float(Double)
}

public struct CBOREntry: Sendable, Hashable {
    public var key: CBORValue
    public var value: CBORValue
    public init(_ key: CBORValue, _ value: CBORValue) {
        self.key = key
        self.value = value
    }
}

/// Input that is not well-formed CBOR, with the byte offset where that was found.
public struct CBORDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "invalid CBOR at byte \(offset): \(message)" }
}

public enum CBOR {
    public static let maximumDepth = 256

    // MARK: encoding

    public static func encode(_ value: CBORValue) -> [UInt8] {
        var output: [UInt8] = []
        encode(value, into: &output)
        return output
    }

    static func head(_ major: UInt8, _ argument: UInt64, into output: inout [UInt8]) {
        let type = major << 5
        switch argument {
        case ..<24: output.append(type | UInt8(argument))
        case ..<0x100: output.append(contentsOf: [type | 24, UInt8(argument)])
        case ..<0x10000: output.append(type | 25); append(argument, bytes: 2, into: &output)
        case ..<0x1_0000_0000: output.append(type | 26); append(argument, bytes: 4, into: &output)
        default: output.append(type | 27); append(argument, bytes: 8, into: &output)
        }
    }

    private static func append(_ value: UInt64, bytes: Int, into output: inout [UInt8]) {
        for shift in stride(from: (bytes - 1) * 8, through: 0, by: -8) { output.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }

    static func encode(_ value: CBORValue, into output: inout [UInt8]) {
        switch value {
        case .unsigned(let number): head(0, number, into: &output)
        case .negative(let number): head(1, number, into: &output)
        case .bytes(let bytes): head(2, UInt64(bytes.count), into: &output); output.append(contentsOf: bytes)
        case .text(let text): head(3, UInt64(text.utf8.count), into: &output); output.append(contentsOf: text.utf8)
        case .array(let items):
            head(4, UInt64(items.count), into: &output)
            for item in items { encode(item, into: &output) }
        case .map(let entries):
            head(5, UInt64(entries.count), into: &output)
            for entry in entries { encode(entry.key, into: &output); encode(entry.value, into: &output) }
        case .tagged(let tag, let inner): head(6, tag, into: &output); encode(inner, into: &output)
        case .bool(let flag): output.append(flag ? 0xF5 : 0xF4)
        case .null: output.append(0xF6)
        case .undefined: output.append(0xF7)
        case .float(let number):
            // The shortest of float32 and float64 that holds the value exactly.
            if let single = Float(exactly: number) ?? (number.isNaN ? Float.nan : nil) {
                output.append(0xFA); append(UInt64(single.bitPattern), bytes: 4, into: &output)
            } else {
                output.append(0xFB); append(number.bitPattern, bytes: 8, into: &output)
            }
        }
    }

    /// A 32-bit float, as Smithy's `float` shapes are sent.
    static func encodeFloat32(_ number: Float, into output: inout [UInt8]) {
        output.append(0xFA); append(UInt64(number.bitPattern), bytes: 4, into: &output)
    }

    // MARK: decoding

    /// Decodes exactly one data item; trailing bytes are an error.
    public static func decode(_ bytes: some Collection<UInt8>) throws(CBORDecodingError) -> CBORValue {
        var reader = Reader(bytes: Array(bytes))
        let value = try reader.item(depth: 0)
        guard reader.index == reader.bytes.count else { throw CBORDecodingError(message: "bytes after the data item", offset: reader.index) }
        return value
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0

        func failure(_ message: String) -> CBORDecodingError { CBORDecodingError(message: message, offset: index) }

        mutating func byte() throws(CBORDecodingError) -> UInt8 {
            guard index < bytes.count else { throw failure("the data ends in the middle of an item") }
            defer { index += 1 }
            return bytes[index]
        }

        mutating func take(_ count: UInt64) throws(CBORDecodingError) -> ArraySlice<UInt8> {
            guard count <= UInt64(bytes.count - index) else { throw failure("a length of \(count) runs past the end of the data") }
            defer { index += Int(count) }
            return bytes[index..<(index + Int(count))]
        }

        mutating func argument(_ additional: UInt8) throws(CBORDecodingError) -> UInt64? {
            switch additional {
            case ..<24: return UInt64(additional)
            case 24: return UInt64(try byte())
            case 25, 26, 27:
                let count = 1 << (additional - 24)
                var value: UInt64 = 0
                for byte in try take(UInt64(count)) { value = value << 8 | UInt64(byte) }
                return value
            case 31: return nil  // indefinite length
            default: throw failure("reserved additional information \(additional)")
            }
        }

        mutating func item(depth: Int) throws(CBORDecodingError) -> CBORValue {
            guard depth < CBOR.maximumDepth else { throw failure("items nest deeper than \(CBOR.maximumDepth)") }
            let initial = try byte()
            let major = initial >> 5
            let additional = initial & 0x1F
            if major == 7 { return try simple(additional) }
            let length = try argument(additional)
            switch major {
            case 0:
                guard let length else { throw failure("an integer cannot have indefinite length") }
                return .unsigned(length)
            case 1:
                guard let length else { throw failure("an integer cannot have indefinite length") }
                return .negative(length)
            case 2, 3:
                var content: [UInt8] = []
                if let length {
                    content = Array(try take(length))
                } else {
                    while true {
                        guard index < bytes.count else { throw failure("an indefinite-length string is never closed") }
                        if bytes[index] == 0xFF { index += 1; break }
                        // RFC 8949 3.2.3: each chunk is a definite-length string of the same type.
                        guard bytes[index] >> 5 == major, bytes[index] & 0x1F != 31 else {
                            throw failure("a chunk of an indefinite-length string must be a definite-length string of the same type")
                        }
                        let chunk = try item(depth: depth + 1)
                        switch (major, chunk) {
                        case (2, .bytes(let part)): content += part
                        case (3, .text(let part)): content += Array(part.utf8)
                        default: throw failure("a chunk of an indefinite-length string has another type")
                        }
                    }
                }
                if major == 2 { return .bytes(content) }
                guard let text = String(validating: content, as: UTF8.self) else { throw failure("a text string is not valid UTF-8") }
                return .text(text)
            case 4:
                var items: [CBORValue] = []
                if let length {
                    guard length <= UInt64(bytes.count - index) else { throw failure("an array of \(length) items cannot fit in the data") }
                    for _ in 0..<length { items.append(try item(depth: depth + 1)) }
                } else {
                    while true {
                        guard index < bytes.count else { throw failure("an indefinite-length array is never closed") }
                        if bytes[index] == 0xFF { index += 1; break }
                        items.append(try item(depth: depth + 1))
                    }
                }
                return .array(items)
            case 5:
                var entries: [CBOREntry] = []
                if let length {
                    guard length <= UInt64(bytes.count - index) else { throw failure("a map of \(length) entries cannot fit in the data") }
                    for _ in 0..<length { entries.append(CBOREntry(try item(depth: depth + 1), try item(depth: depth + 1))) }
                } else {
                    while true {
                        guard index < bytes.count else { throw failure("an indefinite-length map is never closed") }
                        if bytes[index] == 0xFF { index += 1; break }
                        entries.append(CBOREntry(try item(depth: depth + 1), try item(depth: depth + 1)))
                    }
                }
                return .map(entries)
            default:  // 6
                guard let length else { throw failure("a tag cannot have indefinite length") }
                return .tagged(length, try item(depth: depth + 1))
            }
        }

        mutating func simple(_ additional: UInt8) throws(CBORDecodingError) -> CBORValue {
            switch additional {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 23: return .undefined
            case 25:
                var bits: UInt16 = 0
                for byte in try take(2) { bits = bits << 8 | UInt16(byte) }
                return .float(Double(Float16Bits(bits).value))
            case 26:
                var bits: UInt32 = 0
                for byte in try take(4) { bits = bits << 8 | UInt32(byte) }
                return .float(Double(Float(bitPattern: bits)))
            case 27:
                var bits: UInt64 = 0
                for byte in try take(8) { bits = bits << 8 | UInt64(byte) }
                return .float(Double(bitPattern: bits))
            case 31: throw failure("a break where no indefinite-length item is open")
            case 24:
                // RFC 8949 3.3: simple values below 32 must use the one-byte form; the two-byte form is not well-formed.
                let value = try byte()
                if value < 32 { throw failure("simple value \(value) in the two-byte form is not well-formed") }
                throw failure("simple value \(value) is unassigned")
            case 28, 29, 30: throw failure("reserved additional information \(additional) in a simple value")
            default: throw failure("simple value \(additional) is unassigned")
            }
        }
    }

    /// IEEE 754 half precision, decoded by hand (Float16 is unavailable on some platforms).
    struct Float16Bits {
        let bits: UInt16
        init(_ bits: UInt16) { self.bits = bits }
        var value: Float {
            let sign: Float = bits & 0x8000 != 0 ? -1 : 1
            let exponent = Int((bits >> 10) & 0x1F)
            let fraction = Float(bits & 0x3FF)
            switch exponent {
            case 0: return sign * fraction * Float(pow(2.0, -24.0))
            case 31: return fraction == 0 ? sign * .infinity : .nan
            default: return sign * (1 + fraction / 1024) * Float(pow(2.0, Double(exponent - 15)))
            }
        }
    }
}
