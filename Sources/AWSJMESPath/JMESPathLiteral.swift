/// A JSON value written in an expression: a `` `literal` ``, a `'raw string'`, a quoted
/// identifier's text. Integers are kept apart from decimal numbers, as the reference keeps them.
package enum JMESPathLiteral: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JMESPathLiteral])
    case object([String: JMESPathLiteral])
}

/// Reads JSON text as RFC 8259 has it (and as Python's `json.loads` does, less its `NaN` and
/// `Infinity`): written here rather than taken from the runtime because the generator parses
/// expressions too and links nothing of the runtime; literals are a few bytes long.
struct JMESPathJSONReader {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    struct Invalid: Error {}

    static func parse(_ text: String) throws(Invalid) -> JMESPathLiteral {
        var reader = JMESPathJSONReader(scalars: Array(text.unicodeScalars))
        reader.skipWhitespace()
        let value = try reader.value(depth: 0)
        reader.skipWhitespace()
        guard reader.position == reader.scalars.count else { throw Invalid() }
        return value
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    private mutating func skipWhitespace() {
        while let c = current, c == " " || c == "\t" || c == "\n" || c == "\r" { position += 1 }
    }

    private mutating func expect(_ word: String) throws(Invalid) {
        for scalar in word.unicodeScalars {
            guard current == scalar else { throw Invalid() }
            position += 1
        }
    }

    private mutating func value(depth: Int) throws(Invalid) -> JMESPathLiteral {
        guard depth < 512, let c = current else { throw Invalid() }
        switch c {
        case "n": try expect("null"); return .null
        case "t": try expect("true"); return .bool(true)
        case "f": try expect("false"); return .bool(false)
        case "\"": return .string(try string())
        case "[":
            position += 1
            skipWhitespace()
            var items: [JMESPathLiteral] = []
            if current == "]" { position += 1; return .array(items) }
            while true {
                skipWhitespace()
                items.append(try value(depth: depth + 1))
                skipWhitespace()
                if current == "," { position += 1; continue }
                try expect("]")
                return .array(items)
            }
        case "{":
            position += 1
            skipWhitespace()
            var members: [String: JMESPathLiteral] = [:]
            if current == "}" { position += 1; return .object(members) }
            while true {
                skipWhitespace()
                guard current == "\"" else { throw Invalid() }
                let key = try string()
                skipWhitespace()
                try expect(":")
                skipWhitespace()
                members[key] = try value(depth: depth + 1)
                skipWhitespace()
                if current == "," { position += 1; continue }
                try expect("}")
                return .object(members)
            }
        default:
            return try number()
        }
    }

    private static func isDigit(_ c: Unicode.Scalar?) -> Bool { c.map { $0 >= "0" && $0 <= "9" } ?? false }

    private mutating func number() throws(Invalid) -> JMESPathLiteral {
        let start = position
        if current == "-" { position += 1 }
        guard Self.isDigit(current) else { throw Invalid() }
        if current == "0" { position += 1 } else { while Self.isDigit(current) { position += 1 } }
        var isInteger = true
        if current == ".", Self.isDigit(position + 1 < scalars.count ? scalars[position + 1] : nil) {
            isInteger = false
            position += 1
            while Self.isDigit(current) { position += 1 }
        }
        if current == "e" || current == "E" {
            let mark = position
            position += 1
            if current == "+" || current == "-" { position += 1 }
            if Self.isDigit(current) {
                isInteger = false
                while Self.isDigit(current) { position += 1 }
            } else {
                position = mark
            }
        }
        let text = String(String.UnicodeScalarView(scalars[start..<position]))
        if isInteger, let integer = Int64(text) { return .integer(integer) }
        guard let double = Double(text) else { throw Invalid() }
        return .double(double)
    }

    private mutating func string() throws(Invalid) -> String {
        position += 1
        var text = String.UnicodeScalarView()
        while true {
            guard let c = current else { throw Invalid() }
            position += 1
            switch c {
            case "\"": return String(text)
            case "\\":
                guard let escape = current else { throw Invalid() }
                position += 1
                switch escape {
                case "\"", "\\", "/": text.append(escape)
                case "b": text.append("\u{08}")
                case "f": text.append("\u{0C}")
                case "n": text.append("\n")
                case "r": text.append("\r")
                case "t": text.append("\t")
                case "u":
                    var unit = try hex4()
                    if (0xD800..<0xDC00).contains(unit), current == "\\", position + 1 < scalars.count, scalars[position + 1] == "u" {
                        position += 2
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Invalid() }
                        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00)
                    }
                    // A lone surrogate is no Unicode scalar, and no Swift string can hold it.
                    guard let scalar = Unicode.Scalar(unit) else { throw Invalid() }
                    text.append(scalar)
                default: throw Invalid()
                }
            default:
                guard c.value >= 0x20 else { throw Invalid() }
                text.append(c)
            }
        }
    }

    private mutating func hex4() throws(Invalid) -> UInt32 {
        var value: UInt32 = 0
        for _ in 0..<4 {
            guard let c = current, c.isASCII, let digit = UInt32(String(c), radix: 16) else { throw Invalid() }
            value = value * 16 + digit
            position += 1
        }
        return value
    }
}
