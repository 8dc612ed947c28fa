/// Checks shared by the parsers of response bodies (JSON, XML, CBOR), which also check input that
/// they do not build (members the model does not know).
enum WireScan {
    /// Strict UTF-8 (no overlong forms, no surrogates, nothing truncated), without making a `String`.
    static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }

    /// Containers (JSON objects and arrays, CBOR arrays and maps) of this many bytes or more have
    /// their end recorded when a body is validated, so reading it in place never rescans them; the
    /// table holds at most one entry per this many bytes of body. (See `InPlaceDocument`.)
    static let largeContainerSize = 256
}
