import AWSJMESPath

/// A compiled JMESPath expression (https://jmespath.org/specification.html), evaluated over
/// `JSONValue`s: a shape's `jsonValue()`, a document, a decoded response.
///
/// ```swift
/// let running = try JMESPathExpression("Reservations[].Instances[].State.Name")
/// let states = try running.search(output.jsonValue())
/// ```
///
/// Waiters and paginators use it; it is public for anyone filtering AWS responses the way the
/// AWS CLI's `--query` does. Object members are visited in the order of their keys.
public struct JMESPathExpression: Sendable, Hashable, CustomStringConvertible {
    /// The expression's text.
    public let text: String
    let root: JMESPathNode

    /// Parses an expression; a syntax error is a `JMESPathError` of kind `.syntax`, saying where.
    public init(_ text: String) throws(JMESPathError) {
        self.text = text
        self.root = try JMESPathParser.parse(text)
    }

    /// Parses an expression whose fields stand for other keys: `fieldKeys` holds, for each field
    /// in order, the key to read instead. Generated waiters and paginators use it: models name
    /// members, and a generated output's JSON form keys some of them by their wire names.
    public init(_ text: String, fieldKeys: [String]?) throws(JMESPathError) {
        self.text = text
        let parsed = try JMESPathParser.parse(text)
        guard let fieldKeys else {
            self.root = parsed
            return
        }
        guard let renamed = parsed.replacingFields(fieldKeys) else {
            throw JMESPathError(.invalidValue, "\(fieldKeys.count) field keys for an expression with \(parsed.fieldNames().count) fields", expression: text)
        }
        self.root = renamed
    }

    /// Parses an expression and checks that every function it calls exists and gets the right
    /// number of arguments (which plain parsing leaves to evaluation, as the specification does):
    /// what the generator asks of expressions in models.
    public static func strict(_ text: String) throws(JMESPathError) -> JMESPathExpression {
        let expression = try JMESPathExpression(text)
        do throws(JMESPathError) {
            try expression.root.checkFunctions()
        } catch {
            var error = error
            error.expression = text
            throw error
        }
        return expression
    }

    /// The expression's result for `value`; `.null` where it selects nothing.
    public func search(_ value: JSONValue) throws(JMESPathError) -> JSONValue {
        do throws(JMESPathError) {
            return try JMESPathInterpreter().evaluate(root, value)
        } catch {
            var error = error
            error.expression = text
            throw error
        }
    }

    public var description: String { text }

    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.text == rhs.text }
    public func hash(into hasher: inout Hasher) { hasher.combine(text) }
}

