/// Why a JMESPath expression could not be compiled or evaluated. The kinds are those of the
/// JMESPath specification's error categories (and of the Python `jmespath` package's exceptions).
public struct JMESPathError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        /// The expression is not valid JMESPath (a lexer or parser error, or an empty expression).
        case syntax
        /// A call to a function that JMESPath does not define.
        case unknownFunction = "unknown-function"
        /// A function called with the wrong number of arguments.
        case invalidArity = "invalid-arity"
        /// A function argument of a type the function does not take.
        case invalidType = "invalid-type"
        /// A value no expression can produce: a slice step of 0.
        case invalidValue = "invalid-value"
    }

    public var kind: Kind
    public var message: String
    /// The offset (in Unicode scalars) in the expression where a syntax error was found.
    public var position: Int?
    /// The expression, once known.
    public var expression: String?

    public init(_ kind: Kind, _ message: String, position: Int? = nil, expression: String? = nil) {
        self.kind = kind
        self.message = message
        self.position = position
        self.expression = expression
    }

    public var description: String {
        var text = "JMESPath \(kind.rawValue) error: \(message)"
        if let expression {
            text += " in '\(expression)'"
            if let position { text += " at offset \(position)" }
        }
        return text
    }
}
