/// Tells a Smithy JSON AST document from a botocore one by its content, not its name: both are
/// `.json`, and users name files as they like. A Smithy AST has a top-level `"smithy"` key.
public enum SmithyFormat {
    /// Whether the JSON document has a `"smithy"` key at its top level. Scans the bytes once,
    /// skipping strings and nested values, without building the document (about 1 ms per MB).
    public static func isSmithyAST(_ data: some Collection<UInt8>) -> Bool {
        if let answer = data.withContiguousStorageIfAvailable(scan) { return answer }
        return scan(Array(data).withUnsafeBufferPointer { $0 })
    }

    private static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")
        let key = Array("smithy".utf8)
        var depth = 0
        var expectingKey = false
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            switch byte {
            case quote:
                // Skip the string; at depth 1 in key position, compare it with "smithy".
                let start = index + 1
                var end = start
                while end < count, bytes[end] != quote {
                    end += bytes[end] == backslash ? 2 : 1
                }
                if depth == 1, expectingKey, end - start == key.count, end <= count,
                   (0..<key.count).allSatisfy({ bytes[start + $0] == key[$0] }) {
                    return true
                }
                index = end + 1
                continue
            case UInt8(ascii: "{"):
                depth += 1
                expectingKey = depth == 1
            case UInt8(ascii: "["):
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
            case UInt8(ascii: ","):
                if depth == 1 { expectingKey = true }
            case UInt8(ascii: ":"):
                if depth == 1 { expectingKey = false }
            default:
                break
            }
            index += 1
        }
        return false
    }
}
