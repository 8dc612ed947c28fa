/// The built-in functions' signatures: the number of arguments and each one's types, checked
/// before a function runs (a mismatch is an `invalid-arity` or `invalid-type` error), and by the
/// generator for expressions in models.
package enum JMESPathFunctionSignatures {
    /// An argument's allowed types: `any`, or a list of `number`, `string`, `array`, `object`,
    /// `boolean`, `null`, `expref`, `array-number`, `array-string`.
    package struct Signature: Sendable {
        package var parameters: [[String]]
        package var isVariadic = false
    }

    package static let table: [String: Signature] = [
        "abs": Signature(parameters: [["number"]]),
        "avg": Signature(parameters: [["array-number"]]),
        "ceil": Signature(parameters: [["number"]]),
        "contains": Signature(parameters: [["array", "string"], []]),
        "ends_with": Signature(parameters: [["string"], ["string"]]),
        "floor": Signature(parameters: [["number"]]),
        "join": Signature(parameters: [["string"], ["array-string"]]),
        "keys": Signature(parameters: [["object"]]),
        "length": Signature(parameters: [["string", "array", "object"]]),
        "map": Signature(parameters: [["expref"], ["array"]]),
        "max": Signature(parameters: [["array-number", "array-string"]]),
        "max_by": Signature(parameters: [["array"], ["expref"]]),
        "merge": Signature(parameters: [["object"]], isVariadic: true),
        "min": Signature(parameters: [["array-number", "array-string"]]),
        "min_by": Signature(parameters: [["array"], ["expref"]]),
        "not_null": Signature(parameters: [[]], isVariadic: true),
        "reverse": Signature(parameters: [["array", "string"]]),
        "sort": Signature(parameters: [["array-string", "array-number"]]),
        "sort_by": Signature(parameters: [["array"], ["expref"]]),
        "starts_with": Signature(parameters: [["string"], ["string"]]),
        "sum": Signature(parameters: [["array-number"]]),
        "to_array": Signature(parameters: [[]]),
        "to_number": Signature(parameters: [[]]),
        "to_string": Signature(parameters: [[]]),
        "type": Signature(parameters: [[]]),
        "values": Signature(parameters: [["object"]]),
    ]

    /// The names of the built-in functions.
    package static var names: Set<String> { Set(table.keys) }

    /// Checks a call's function name and argument count, as the generator does for model expressions.
    package static func checkCall(_ name: String, argumentCount: Int) throws(JMESPathError) {
        guard let signature = table[name] else { throw JMESPathError(.unknownFunction, "unknown function \(name)()") }
        try checkArity(name, signature, argumentCount)
    }

    package static func checkArity(_ name: String, _ signature: Signature, _ count: Int) throws(JMESPathError) {
        let expected = signature.parameters.count
        if signature.isVariadic ? count < expected : count != expected {
            throw JMESPathError(.invalidArity, "\(name)() takes \(signature.isVariadic ? "at least " : "")\(expected) argument\(expected == 1 ? "" : "s"), got \(count)")
        }
    }

}
