import AWSJMESPath
import Foundation

/// JMESPath's view of JSON values: truth, equality, ordering, type names and `to_string`'s text.
///
/// Strings compare, order and count by Unicode scalars (not by Swift's canonical equivalence), and
/// an object's members are visited in the order of their keys' scalars, so that results are the
/// same on every run and on every platform.
enum JMESPathValues {
    static func isTrue(_ value: JSONValue) -> Bool {
        switch value {
        case .null: false
        case .bool(let flag): flag
        case .string(let text): !text.isEmpty
        case .array(let items): !items.isEmpty
        case .object(let members): !members.isEmpty
        case .integer, .double: true
        }
    }

    /// `==`: equal JSON values, a number never equal to a boolean.
    static func equals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.bool, .integer), (.bool, .double), (.integer, .bool), (.double, .bool): return false
        default: return looselyEquals(a, b)
        }
    }

    /// Equality as the reference implementation's host language has it inside arrays and objects
    /// (and in `contains`): numbers by value, and `true`/`false` equal to 1/0.
    static func looselyEquals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)): return x.unicodeScalars.elementsEqual(y.unicodeScalars)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { looselyEquals($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let other = y[key], looselyEquals(value, other) else { return false }
            }
            return true
        default:
            guard let x = numeric(a), let y = numeric(b) else { return false }
            return compare(x, y) == .orderedSame
        }
    }

    enum Number { case integer(Int64), double(Double) }

    /// A number, or a boolean as 1 or 0 (for loose equality only).
    private static func numeric(_ value: JSONValue) -> Number? {
        switch value {
        case .integer(let n): .integer(n)
        case .double(let d): .double(d)
        case .bool(let flag): .integer(flag ? 1 : 0)
        default: nil
        }
    }

    static func number(_ value: JSONValue) -> Number? {
        switch value {
        case .integer(let n): .integer(n)
        case .double(let d): .double(d)
        default: nil
        }
    }

    /// Exact comparison of two numbers (an integer against a double without rounding the integer).
    static func compare(_ a: Number, _ b: Number) -> ComparisonResult {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame)
        case (.double(let x), .double(let y)): return x < y ? .orderedAscending : (x > y ? .orderedDescending : .orderedSame)
        case (.integer, .double): return invert(compare(b, a))
        case (.double(let x), .integer(let y)):
            if x.isNaN { return .orderedDescending }
            if x < -9.3e18 { return .orderedAscending }
            if x > 9.3e18 { return .orderedDescending }
            let whole = x.rounded(.down)
            let wholeInteger = Int64(whole)
            if wholeInteger != y { return wholeInteger < y ? .orderedAscending : .orderedDescending }
            return x > whole ? .orderedDescending : .orderedSame
        }
    }

    private static func invert(_ result: ComparisonResult) -> ComparisonResult {
        switch result {
        case .orderedAscending: .orderedDescending
        case .orderedDescending: .orderedAscending
        case .orderedSame: .orderedSame
        }
    }

    static func compareStrings(_ a: String, _ b: String) -> ComparisonResult {
        if a.unicodeScalars.elementsEqual(b.unicodeScalars) { return .orderedSame }
        return a.unicodeScalars.lexicographicallyPrecedes(b.unicodeScalars) ? .orderedAscending : .orderedDescending
    }

    /// Orders two numbers or two strings; nil for anything else (mixed kinds included).
    static func order(_ a: JSONValue, _ b: JSONValue) -> ComparisonResult? {
        if case .string(let x) = a, case .string(let y) = b { return compareStrings(x, y) }
        guard let x = number(a), let y = number(b) else { return nil }
        return compare(x, y)
    }

    /// An object's keys in the order JMESPath visits them.
    static func orderedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .integer, .double: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    // MARK: to_string

    /// Compact JSON text, ASCII only (`\uXXXX` escapes), numbers in their shortest round-trip form.
    static func jsonText(_ value: JSONValue) -> String {
        var text = ""
        write(value, to: &text)
        return text
    }

    private static func write(_ value: JSONValue, to text: inout String) {
        switch value {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .integer(let n): text += String(n)
        case .double(let d): text += doubleText(d)
        case .string(let s): writeString(s, to: &text)
        case .array(let items):
            text += "["
            for (offset, item) in items.enumerated() {
                if offset > 0 { text += "," }
                write(item, to: &text)
            }
            text += "]"
        case .object(let members):
            text += "{"
            for (offset, key) in orderedKeys(members).enumerated() {
                if offset > 0 { text += "," }
                writeString(key, to: &text)
                text += ":"
                write(members[key]!, to: &text)
            }
            text += "}"
        }
    }

    static func doubleText(_ d: Double) -> String {
        if d.isNaN { return "NaN" }
        if d.isInfinite { return d < 0 ? "-Infinity" : "Infinity" }
        return "\(d)"
    }

    private static func writeString(_ s: String, to text: inout String) {
        text += "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            case "\u{08}": text += "\\b"
            case "\u{0C}": text += "\\f"
            default:
                if scalar.value < 0x20 || scalar.value > 0x7E {
                    for unit in String(scalar).utf16 { text += "\\u" + hex4(unit) }
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        text += "\""
    }

    private static func hex4(_ unit: UInt16) -> String {
        let digits = String(unit, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }
}

extension JSONValue {
    /// A literal of an expression as a value.
    init(_ literal: JMESPathLiteral) {
        switch literal {
        case .null: self = .null
        case .bool(let flag): self = .bool(flag)
        case .integer(let n): self = .integer(n)
        case .double(let d): self = .double(d)
        case .string(let text): self = .string(text)
        case .array(let items): self = .array(items.map(JSONValue.init))
        case .object(let members): self = .object(members.mapValues(JSONValue.init))
        }
    }
}
