/// A response body that `ShapeReader` reads in place: validated once, whole, when it arrives, and
/// then each value parsed only where a generated `init(reader:)` asks for it.
///
/// Why: building a tree of the whole body first cost up to 12 (JSON) and 40 (CBOR) times the body's
/// size when most of it was a member the model does not know (a newer API version, or a hostile
/// server). Read in place, such members are scanned and never stored; what a decode holds is the
/// body, the values the output keeps, and an index of the keys of each object being read.
/// (BENCHMARKS.md, "Decoder memory on large responses".) One subclass per encoding: JSON and CBOR.
class InPlaceDocument: @unchecked Sendable {
    // @unchecked: immutable after `init`; subclasses add no stored state that changes.

    /// The body, validated by the subclass's initializer.
    final let bytes: [UInt8]
    /// Where each container of `WireScan.largeContainerSize` bytes or more ends, by where it
    /// starts: skipping one is a lookup, so reading nested structures never rescans what it has passed.
    final let largeContainerEnds: [Int: Int]

    init(bytes: [UInt8], largeContainerEnds: [Int: Int]) {
        self.bytes = bytes
        self.largeContainerEnds = largeContainerEnds
    }

    /// Offsets are kept in 32 bits in the object index; bodies beyond that are not read in place.
    static let maximumSize = Int(UInt32.max)

    /// The offset of the root value.
    var rootOffset: Int { fatalError("subclass") }

    /// What kind of value starts at `offset`.
    func kind(at offset: Int) -> InPlaceValueKind { fatalError("subclass") }

    /// The offset just past the value at `offset`.
    func end(ofValueAt offset: Int) -> Int { fatalError("subclass") }

    /// The keys of the object at `offset`, in document order, with where each value starts.
    func entries(ofObjectAt offset: Int, path: ValuePath) throws -> [InPlaceEntry] { fatalError("subclass") }

    /// A cursor before the first element of the array at `offset`.
    func elements(ofArrayAt offset: Int) -> InPlaceCursor { fatalError("subclass") }

    /// The offset of the cursor's next element, moving the cursor past it; nil after the last.
    func nextElement(_ cursor: inout InPlaceCursor) -> Int? { fatalError("subclass") }

    /// The key of an entry that is not plain UTF-8 bytes in the body (escaped, or in chunks): the
    /// string value that starts there.
    final func decodeKey(at offset: Int) throws -> String {
        guard case .string(let key) = try value(at: offset) else { return "" }
        return key
    }

    /// The value at `offset` in its JSON form (scalars, and whole documents). An error's path is the
    /// root: the reader, which knows where the value is, puts its own (building a path only then).
    func value(at offset: Int) throws(AWSDecodingError) -> JSONValue { fatalError("subclass") }

    // MARK: shared

    /// The key of `entry`.
    final func key(_ entry: InPlaceEntry) throws -> String {
        if entry.isPlain {
            let start = Int(entry.keyStart)
            return bytes.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<(start + entry.keyLength)]), as: UTF8.self) }
        }
        return try decodeKey(at: Int(entry.keyStart))
    }

    /// Whether `entry`'s key is `key`: plain keys compared as bytes, in place.
    final func entry(_ entry: InPlaceEntry, hasKey key: String) -> Bool {
        guard entry.isPlain else { return (try? decodeKey(at: Int(entry.keyStart))) == key }
        let start = Int(entry.keyStart)
        let length = entry.keyLength
        guard key.utf8.count == length else { return false }
        var key = key
        return key.withUTF8 { utf8 in
            bytes.withUnsafeBufferPointer { body in
                for index in 0..<length where body[start + index] != utf8[index] { return false }
                return true
            }
        }
    }

    /// The end of a large container from the table, when it is one.
    final func recordedEnd(ofContainerAt offset: Int) -> Int? {
        largeContainerEnds.isEmpty ? nil : largeContainerEnds[offset]
    }
}

/// The kinds of value the reader tells apart without parsing the value.
enum InPlaceValueKind {
    case object, array, null, scalar
}

/// One key of an object read in place: 12 bytes, so that the index of an object with many small
/// members stays well below the size of the members themselves.
struct InPlaceEntry {
    /// For a plain key, where its UTF-8 bytes start; otherwise where the subclass decodes it from.
    let keyStart: UInt32
    private let keyLengthAndFlag: UInt32
    let valueStart: UInt32

    init(plainKeyAt start: Int, length: Int, valueStart: Int) {
        self.keyStart = UInt32(start)
        self.keyLengthAndFlag = UInt32(length)
        self.valueStart = UInt32(valueStart)
    }

    init(encodedKeyAt start: Int, valueStart: Int) {
        self.keyStart = UInt32(start)
        self.keyLengthAndFlag = 1 << 31
        self.valueStart = UInt32(valueStart)
    }

    var isPlain: Bool { keyLengthAndFlag & (1 << 31) == 0 }
    var keyLength: Int { Int(keyLengthAndFlag & ~(1 << 31)) }
}

/// A position in an array read in place: the next byte to look at, and for a definite-length CBOR
/// array the number of elements left (-1: read until the array's end marker).
struct InPlaceCursor {
    var offset: Int
    var remaining: Int
}

extension InPlaceDocument {
    /// The value at `offset`, built through the paths `ShapeReader` takes (the object index, the
    /// array cursor, `value(at:)` for scalars), so that tests and the fuzzer can check them against
    /// the whole-tree parsers. Repeated keys: the last wins, as in a parsed object.
    func walk(at offset: Int) throws -> JSONValue {
        switch kind(at: offset) {
        case .object:
            var object: [String: JSONValue] = [:]
            for entry in try entries(ofObjectAt: offset, path: .root) { object[try key(entry)] = try walk(at: Int(entry.valueStart)) }
            return .object(object)
        case .array:
            var array: [JSONValue] = []
            var cursor = elements(ofArrayAt: offset)
            while let element = nextElement(&cursor) { array.append(try walk(at: element)) }
            return .array(array)
        case .null:
            return .null
        case .scalar:
            return try value(at: offset)
        }
    }
}
