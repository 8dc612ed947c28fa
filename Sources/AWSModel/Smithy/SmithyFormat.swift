/// Tells a Smithy JSON AST document from a botocore one by its content, not its name: both are
/// `.json`, and users name files as they like. A Smithy AST has a top-level `"smithy"` key.
public enum SmithyFormat {
    /// Whether the JSON document has a `"smithy"` key at its top level. Scans the bytes once,
    /// skipping strings and nested values, without building the document.
    public static func isSmithyAST(_ data: some Collection<UInt8>) -> Bool {
        var depth = 0
        var inString = false
        var escaped = false
        var stringStart: Int?
        var expectingKey = false
        var offset = 0
        var key: [UInt8] = []
        for byte in data {
            defer { offset += 1 }
            if inString {
                if escaped { escaped = false; continue }
                if byte == UInt8(ascii: "\\") { escaped = true; continue }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                    if stringStart != nil, key == Array("smithy".utf8) { return true }
                    stringStart = nil
                    continue
                }
                if stringStart != nil, key.count <= 6 { key.append(byte) }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                inString = true
                if depth == 1 && expectingKey { stringStart = offset; key.removeAll(keepingCapacity: true) }
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
        }
        return false
    }
}
