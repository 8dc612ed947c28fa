// A structured description of the Swift code the generator emits. Translators build these
// values; `SwiftRenderer` alone turns them into text, so indentation, literal escaping and
// comment safety live in one place and no model string can become code.

/// A Swift expression.
indirect enum SwiftExpr {
    /// An identifier or a dotted path of identifiers the generator made (`self.modelArn`,
    /// `AWSRuntime.Validation.length`). Never built from model text except through `Naming`.
    case identifier(String)
    /// A string literal; the renderer escapes the content.
    case string(String)
    /// A raw string literal (`#"..."#`); the renderer picks the delimiter.
    case rawString(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case `nil`
    case member(SwiftExpr, String)
    case call(SwiftExpr, [SwiftArgument])
    case `try`(SwiftExpr)
    case `await`(SwiftExpr)
    case inout_(SwiftExpr)
    case array([SwiftExpr])
    /// A dictionary literal; `[:]` when empty.
    case dictionary([(key: SwiftExpr, value: SwiftExpr)])
    case binary(SwiftExpr, String, SwiftExpr)
    /// `.name` (implicit member), e.g. `.iso8601`.
    case dot(String)
    /// A closure `{ params in statements }`.
    case closure(params: [String], body: [SwiftStatement])
}

struct SwiftArgument {
    var label: String?
    var value: SwiftExpr

    init(_ label: String?, _ value: SwiftExpr) {
        self.label = label
        self.value = value
    }
}

/// A Swift statement.
indirect enum SwiftStatement {
    case expression(SwiftExpr)
    case assign(SwiftExpr, SwiftExpr)
    case declare(isLet: Bool, name: String, type: String?, value: SwiftExpr?)
    case `return`(SwiftExpr?)
    case `throw`(SwiftExpr)
    case `if`(condition: String, then: [SwiftStatement], else: [SwiftStatement]?)
    /// `if let name = expr { ... }`
    case ifLet(name: String, value: SwiftExpr, then: [SwiftStatement])
    case `switch`(SwiftExpr, cases: [(pattern: SwiftSwitchPattern, body: [SwiftStatement])])
    case `for`(name: String, sequence: SwiftExpr, body: [SwiftStatement])
    case `while`(condition: SwiftExpr, body: [SwiftStatement])
    case `guard`(condition: SwiftExpr, else: [SwiftStatement])
}

enum SwiftSwitchPattern {
    /// `case "literal":`
    case stringLiteral(String)
    /// `case .name(let binding):`
    case enumCase(String, binding: String?)
    case `default`
}

/// Where a declaration is visible.
public enum AccessModifier: String, Sendable, CaseIterable, Codable {
    case `public`, `package`, `internal`
}

struct SwiftParameter {
    var label: String?
    var name: String
    var type: String
    var defaultValue: SwiftExpr?
}

/// A declaration inside a file or a type.
indirect enum SwiftDecl {
    case type(SwiftTypeDecl)
    case property(SwiftPropertyDecl)
    case function(SwiftFunctionDecl)
    case enumCase(SwiftEnumCaseDecl)
    case typeAlias(doc: SwiftDoc?, access: String, name: String, type: String)
    /// A `// MARK:` line, for readers of the generated code.
    case mark(String)
}

/// Documentation attached to a declaration; Markdown text, one entry per line.
struct SwiftDoc {
    var lines: [String]
    init(_ lines: [String]) { self.lines = lines }
    var isEmpty: Bool { lines.allSatisfy { $0.isEmpty } }
}

enum SwiftTypeKind: String {
    case `struct`, `enum`, `extension`, `protocol`
}

struct SwiftTypeDecl {
    var doc: SwiftDoc?
    var attributes: [SwiftAttribute] = []
    var access: String?
    var kind: SwiftTypeKind
    var isIndirect = false
    var name: String
    var conformances: [String] = []
    /// A generic `where` clause, for constrained extensions (`Values == X`).
    var whereClause: String? = nil
    var members: [SwiftDecl] = []
}

/// An attribute; `deprecated` carries a message that the renderer escapes.
enum SwiftAttribute {
    case deprecated(message: String?)
    case custom(String)
}

struct SwiftPropertyDecl {
    var doc: SwiftDoc?
    var attributes: [SwiftAttribute] = []
    var access: String?
    var isStatic = false
    var isLet = false
    var name: String
    var type: String?
    var value: SwiftExpr?
    /// A computed property's getter.
    var getter: [SwiftStatement]?
    /// A computed property's setter (`newValue` holds the value).
    var setter: [SwiftStatement]?
}

enum SwiftFunctionKind {
    case function(name: String)
    case initializer
}

struct SwiftFunctionDecl {
    var doc: SwiftDoc?
    var attributes: [SwiftAttribute] = []
    var access: String?
    var isStatic = false
    var isMutating = false
    var kind: SwiftFunctionKind
    var parameters: [SwiftParameter] = []
    var isAsync = false
    var isThrows = false
    var returnType: String?
    var body: [SwiftStatement]
}

struct SwiftEnumCaseDecl {
    var doc: SwiftDoc?
    var attributes: [SwiftAttribute] = []
    var name: String
    var associatedType: String?
}

/// A whole generated file.
struct SwiftFileDecl {
    var headerLines: [String]
    var imports: [String]
    var declarations: [SwiftDecl]
}
