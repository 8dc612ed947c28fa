import AWSJMESPath
import Foundation

/// JMESPath's built-in functions, with the specification's signatures: the number of arguments
/// and each one's types are checked before a function runs, and a mismatch is an error of kind
/// `invalid-arity` or `invalid-type`.
enum JMESPathFunctions {
    enum Argument {
        case value(JSONValue)
        case expref(JMESPathNode)

        var typeName: String {
            switch self {
            case .value(let value): JMESPathValues.typeName(value)
            case .expref: "expref"
            }
        }
    }

    static func call(_ name: String, _ arguments: [Argument], interpreter: JMESPathInterpreter) throws(JMESPathError) -> JSONValue {
        guard let signature = JMESPathFunctionSignatures.table[name] else { throw JMESPathError(.unknownFunction, "unknown function \(name)()") }
        try JMESPathFunctionSignatures.checkArity(name, signature, arguments.count)
        // The declared parameters are checked; a variadic function's further arguments are checked
        // where it uses them (as the reference implementation does).
        for (offset, argument) in arguments.prefix(signature.parameters.count).enumerated() {
            try checkType(name, argument, signature.parameters[offset])
        }
        func value(_ offset: Int) -> JSONValue {
            if case .value(let value) = arguments[offset] { return value }
            return .null
        }
        func expref(_ offset: Int) -> JMESPathNode {
            if case .expref(let node) = arguments[offset] { return node }
            return .identity
        }
        switch name {
        case "abs":
            switch value(0) {
            case .integer(let n): return n == .min ? .double(-Double(n)) : .integer(abs(n))
            case .double(let d): return .double(abs(d))
            default: return .null
            }
        case "avg":
            guard case .array(let items) = value(0), !items.isEmpty else { return .null }
            switch sum(items) {
            case .integer(let total): return .double(Double(total) / Double(items.count))
            case .double(let total): return .double(total / Double(items.count))
            default: return .null
            }
        case "ceil", "floor":
            switch value(0) {
            case .integer: return value(0)
            case .double(let d):
                let rounded = name == "ceil" ? d.rounded(.up) : d.rounded(.down)
                return Int64(exactly: rounded).map { .integer($0) } ?? .double(rounded)
            default: return .null
            }
        case "contains":
            switch value(0) {
            case .array(let items): return .bool(items.contains { JMESPathValues.looselyEquals($0, value(1)) })
            case .string(let text):
                guard case .string(let search) = value(1) else { return .bool(false) }
                return .bool(containsScalars(text, search))
            default: return .null
            }
        case "ends_with":
            guard case .string(let text) = value(0), case .string(let suffix) = value(1) else { return .null }
            return .bool(Array(text.unicodeScalars).reversed().starts(with: Array(suffix.unicodeScalars).reversed()))
        case "starts_with":
            guard case .string(let text) = value(0), case .string(let prefix) = value(1) else { return .null }
            return .bool(text.unicodeScalars.starts(with: prefix.unicodeScalars))
        case "join":
            guard case .string(let separator) = value(0), case .array(let items) = value(1) else { return .null }
            return .string(items.compactMap(\.stringValue).joined(separator: separator))
        case "keys":
            guard case .object(let members) = value(0) else { return .null }
            return .array(JMESPathValues.orderedKeys(members).map { .string($0) })
        case "values":
            guard case .object(let members) = value(0) else { return .null }
            return .array(JMESPathValues.orderedKeys(members).map { members[$0]! })
        case "length":
            switch value(0) {
            case .string(let text): return .integer(Int64(text.unicodeScalars.count))
            case .array(let items): return .integer(Int64(items.count))
            case .object(let members): return .integer(Int64(members.count))
            default: return .null
            }
        case "map":
            guard case .array(let items) = value(1) else { return .null }
            let node = expref(0)
            var mapped: [JSONValue] = []
            mapped.reserveCapacity(items.count)
            for item in items { mapped.append(try interpreter.evaluate(node, item)) }
            return .array(mapped)
        case "max", "min":
            guard case .array(let items) = value(0), var best = items.first else { return .null }
            for item in items.dropFirst() {
                let order = JMESPathValues.order(item, best)
                if order == (name == "max" ? .orderedDescending : .orderedAscending) { best = item }
            }
            return best
        case "max_by", "min_by":
            guard case .array(let items) = value(0), !items.isEmpty else { return .null }
            let keys = try sortKeys(items, expref(1), function: name, allowed: ["number", "string"])
            var best = 0
            for offset in keys.indices.dropFirst() {
                guard let order = JMESPathValues.order(keys[offset], keys[best]) else {
                    throw JMESPathError(.invalidType, "\(name)() keys must all be numbers or all be strings")
                }
                if order == (name == "max_by" ? .orderedDescending : .orderedAscending) { best = offset }
            }
            return items[best]
        case "merge":
            var merged: [String: JSONValue] = [:]
            for offset in arguments.indices {
                switch value(offset) {
                case .object(let members): merged.merge(members) { $1 }
                // Nothing to merge (the reference takes an empty list or string as no pairs).
                case .array(let items) where items.isEmpty: continue
                case .string(let text) where text.isEmpty: continue
                default: throw JMESPathError(.invalidType, "merge() takes objects, not \(arguments[offset].typeName)")
                }
            }
            return .object(merged)
        case "not_null":
            for offset in arguments.indices where value(offset) != .null { return value(offset) }
            return .null
        case "reverse":
            switch value(0) {
            case .string(let text): return .string(String(String.UnicodeScalarView(text.unicodeScalars.reversed())))
            case .array(let items): return .array(items.reversed())
            default: return .null
            }
        case "sort":
            guard case .array(let items) = value(0) else { return .null }
            return .array(stableSorted(items, by: { $0 }))
        case "sort_by":
            guard case .array(let items) = value(0), let first = items.first else { return value(0) }
            let firstKey = try interpreter.evaluate(expref(1), first)
            let type = JMESPathValues.typeName(firstKey)
            guard type == "number" || type == "string" else {
                throw JMESPathError(.invalidType, "sort_by() keys must be numbers or strings, not \(type)")
            }
            let keys = try sortKeys(items, expref(1), function: name, allowed: [type])
            let order = stableSorted(Array(keys.indices), by: { keys[$0] })
            return .array(order.map { items[$0] })
        case "sum":
            guard case .array(let items) = value(0) else { return .null }
            return sum(items)
        case "to_array":
            if case .array = value(0) { return value(0) }
            return .array([value(0)])
        case "to_number":
            switch value(0) {
            case .integer, .double: return value(0)
            case .string(let text): return number(parsing: text)
            default: return .null
            }
        case "to_string":
            if case .string = value(0) { return value(0) }
            return .string(JMESPathValues.jsonText(value(0)))
        case "type":
            // An expression reference has no JSON type (the reference answers null).
            if case .expref = arguments[0] { return .null }
            return .string(arguments[0].typeName)
        default:
            throw JMESPathError(.unknownFunction, "unknown function \(name)()")
        }
    }

    private static func checkType(_ name: String, _ argument: Argument, _ allowed: [String]) throws(JMESPathError) {
        guard !allowed.isEmpty else { return }
        let actual = argument.typeName
        let topLevel = allowed.map { $0.hasPrefix("array-") ? "array" : $0 }
        guard topLevel.contains(actual) else {
            throw JMESPathError(.invalidType, "\(name)() takes \(allowed.joined(separator: " or ")), not \(actual)")
        }
        // Typed arrays: every element of the one element type that the first element chooses.
        let elementTypes = allowed.compactMap { $0.hasPrefix("array-") ? String($0.dropFirst(6)) : nil }
        guard !elementTypes.isEmpty, case .value(.array(let items)) = argument, let first = items.first else { return }
        let elementType = JMESPathValues.typeName(first)
        guard elementTypes.contains(elementType), items.allSatisfy({ JMESPathValues.typeName($0) == elementType }) else {
            throw JMESPathError(.invalidType, "\(name)() takes \(allowed.joined(separator: " or ")), and the array holds other values")
        }
    }

    private static func sortKeys(_ items: [JSONValue], _ node: JMESPathNode, function: String, allowed: Set<String>) throws(JMESPathError) -> [JSONValue] {
        var keys: [JSONValue] = []
        keys.reserveCapacity(items.count)
        for item in items {
            let key = try JMESPathInterpreter().evaluate(node, item)
            let type = JMESPathValues.typeName(key)
            guard allowed.contains(type) else {
                throw JMESPathError(.invalidType, "\(function)() keys must be \(allowed.sorted().joined(separator: " or ")), not \(type)")
            }
            keys.append(key)
        }
        return keys
    }

    /// A stable merge sort (the order of equal keys is kept, as the reference's sort keeps it).
    private static func stableSorted<T>(_ items: [T], by key: (T) -> JSONValue) -> [T] {
        items.enumerated().sorted { a, b in
            switch JMESPathValues.order(key(a.element), key(b.element)) {
            case .orderedAscending?: true
            case .orderedDescending?: false
            default: a.offset < b.offset
            }
        }.map(\.element)
    }

    /// The sum: an integer while every addend is one (and it fits), else a double, added in order.
    private static func sum(_ items: [JSONValue]) -> JSONValue {
        var integer: Int64 = 0
        var double: Double?
        for item in items {
            switch item {
            case .integer(let n):
                if let current = double { double = current + Double(n); continue }
                let (next, overflow) = integer.addingReportingOverflow(n)
                if overflow { double = Double(integer) + Double(n) } else { integer = next }
            case .double(let d):
                double = (double ?? Double(integer)) + d
            default: continue
            }
        }
        return double.map { .double($0) } ?? .integer(integer)
    }

    private static func containsScalars(_ text: String, _ search: String) -> Bool {
        let haystack = Array(text.unicodeScalars), needle = Array(search.unicodeScalars)
        if needle.isEmpty { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }

    /// `to_number` of a string: an integer, else a decimal number, else null. Surrounding
    /// whitespace and `_` between digits are accepted, as the reference implementation accepts them.
    static func number(parsing raw: String) -> JSONValue {
        let text = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.hasPrefix("_"), !text.hasSuffix("_"), !text.contains("__") else { return .null }
        let digitsOnly = text.replacingOccurrences(of: "_", with: "")
        if text.contains("_") {
            // `_` only between two digits.
            let scalars = Array(text.unicodeScalars)
            for (offset, scalar) in scalars.enumerated() where scalar == "_" {
                guard offset > 0, offset < scalars.count - 1,
                      scalars[offset - 1].properties.numericType != nil, scalars[offset + 1].properties.numericType != nil
                else { return .null }
            }
        }
        var integerBody = Substring(digitsOnly)
        if integerBody.hasPrefix("+") || integerBody.hasPrefix("-") { integerBody = integerBody.dropFirst() }
        if !integerBody.isEmpty, integerBody.allSatisfy({ $0.isASCII && $0.isNumber }) {
            if let n = Int64(digitsOnly) { return .integer(n) }
            return Double(digitsOnly).map { .double($0) } ?? .null
        }
        let lowered = digitsOnly.lowercased()
        let body = lowered.hasPrefix("+") || lowered.hasPrefix("-") ? String(lowered.dropFirst()) : lowered
        if ["inf", "infinity"].contains(body) { return .double(lowered.hasPrefix("-") ? -.infinity : .infinity) }
        if body == "nan" { return .double(.nan) }
        // Decimal digits, one point, an exponent: nothing else (Swift's parser also takes hex).
        guard body.allSatisfy({ "0123456789.e+-".contains($0) }), body.first != "e",
              body.contains(where: \.isNumber), let d = Double(digitsOnly) else { return .null }
        return .double(d)
    }
}
