/// A parsed JMESPath expression.
package indirect enum JMESPathNode: Sendable, Hashable {
    package enum Comparator: String, Sendable, Hashable { case eq = "==", ne = "!=", lt = "<", lte = "<=", gt = ">", gte = ">=" }

    /// `@`, and the implied right side of a projection.
    case identity
    case field(String)
    /// `a.b.c`: each child applied to the result of the one before.
    case subexpression([JMESPathNode])
    /// `a[0]`, `a[0][1]`: each child applied to the result of the one before.
    case indexExpression([JMESPathNode])
    case index(Int)
    case slice(start: Int?, stop: Int?, step: Int?)
    /// `left[*].right`, `left[].right`, `left[1:2].right`: `right` over each element of a list.
    case projection(JMESPathNode, JMESPathNode)
    /// `left.*.right`: `right` over each value of an object.
    case valueProjection(JMESPathNode, JMESPathNode)
    /// `left[?condition].right`
    case filterProjection(JMESPathNode, JMESPathNode, condition: JMESPathNode)
    case flatten(JMESPathNode)
    case literal(JMESPathLiteral)
    case multiSelectList([JMESPathNode])
    case multiSelectHash([KeyValue])
    case or(JMESPathNode, JMESPathNode)
    case and(JMESPathNode, JMESPathNode)
    case not(JMESPathNode)
    case comparator(Comparator, JMESPathNode, JMESPathNode)
    case pipe(JMESPathNode, JMESPathNode)
    case function(String, [JMESPathNode])
    case expref(JMESPathNode)

    package struct KeyValue: Sendable, Hashable {
        package var key: String
        package var value: JMESPathNode
    }
}

/// A top-down operator precedence (Pratt) parser for the JMESPath grammar, with the binding
/// powers of the specification's reference implementation, so that the same text parses to the
/// same tree (including the places where that implementation is more lenient than the grammar:
/// function arguments and multi-select hash pairs need no comma between them).
package struct JMESPathParser {
    typealias Kind = JMESPathLexer.TokenKind
    private let tokens: [JMESPathLexer.Token]
    private var index = 0

    private static let projectionStop = 10

    static func bindingPower(_ kind: Kind) -> Int {
        switch kind {
        case .pipe: 1
        case .or: 2
        case .and: 3
        case .eq, .ne, .lt, .lte, .gt, .gte: 5
        case .flatten: 9
        case .star: 20
        case .filter: 21
        case .dot: 40
        case .not: 45
        case .lbrace: 50
        case .lbracket: 55
        case .lparen: 60
        default: 0
        }
    }

    package static func parse(_ expression: String) throws(JMESPathError) -> JMESPathNode {
        do throws(JMESPathError) {
            var lexer = JMESPathLexer(expression)
            var parser = JMESPathParser(tokens: try lexer.tokenize())
            let node = try parser.expression(0)
            guard parser.currentKind == .eof else {
                throw parser.error(parser.tokens[parser.index], "unexpected token '\(parser.tokens[parser.index].text)'")
            }
            return node
        } catch {
            var error = error
            error.expression = expression
            throw error
        }
    }

    private init(tokens: [JMESPathLexer.Token]) { self.tokens = tokens }

    private var currentKind: Kind { tokens[index].kind }
    private func lookahead(_ offset: Int) -> Kind { tokens[min(index + offset, tokens.count - 1)].kind }

    private func error(_ token: JMESPathLexer.Token, _ reason: String) -> JMESPathError {
        if token.kind == .eof { return JMESPathError(.syntax, "incomplete expression", position: token.start) }
        return JMESPathError(.syntax, reason, position: token.start)
    }

    private mutating func match(_ kind: Kind) throws(JMESPathError) {
        guard currentKind == kind else { throw error(tokens[index], "expected \(kind.rawValue), found \(currentKind.rawValue)") }
        index += 1
    }

    /// A tree deeper than this is refused (as a syntax error) rather than risk the stack when it is
    /// parsed, checked or evaluated; no real expression comes near it.
    static let maximumDepth = 200
    /// How deep the tree being built can be: one per active `expression` call, and one per
    /// operator each has applied (`a | b | c` nests to the left without nesting calls).
    private var depth = 0

    private mutating func deepen(_ levels: Int) throws(JMESPathError) {
        depth += levels
        guard depth <= Self.maximumDepth else {
            throw JMESPathError(.syntax, "the expression nests deeper than \(Self.maximumDepth) levels", position: tokens[index].start)
        }
    }

    private mutating func expression(_ bindingPower: Int) throws(JMESPathError) -> JMESPathNode {
        try deepen(1)
        var levels = 1
        defer { depth -= levels }
        let token = tokens[index]
        index += 1
        var left = try nud(token)
        while bindingPower < Self.bindingPower(currentKind) {
            let kind = currentKind
            index += 1
            try deepen(1)
            levels += 1
            left = try led(kind, left)
        }
        return left
    }

    private mutating func nud(_ token: JMESPathLexer.Token) throws(JMESPathError) -> JMESPathNode {
        switch token.kind {
        case .literal: return .literal(token.literal)
        case .unquotedIdentifier: return .field(token.text)
        case .quotedIdentifier:
            if currentKind == .lparen { throw error(tokens[index], "a quoted identifier cannot name a function") }
            return .field(token.text)
        case .star:
            let right: JMESPathNode = currentKind == .rbracket ? .identity : try projectionRHS(Self.bindingPower(.star))
            return .valueProjection(.identity, right)
        case .filter: return try filter(.identity)
        case .lbrace: return try multiSelectHash()
        case .lparen:
            let inner = try expression(0)
            try match(.rparen)
            return inner
        case .flatten:
            return .projection(.flatten(.identity), try projectionRHS(Self.bindingPower(.flatten)))
        case .not: return .not(try expression(Self.bindingPower(.not)))
        case .lbracket:
            if currentKind == .number || currentKind == .colon {
                return try projectIfSlice(.identity, try indexExpression())
            }
            if currentKind == .star && lookahead(1) == .rbracket {
                index += 2
                return .projection(.identity, try projectionRHS(Self.bindingPower(.star)))
            }
            return try multiSelectList()
        case .current: return .identity
        case .expref: return .expref(try expression(Self.bindingPower(.expref)))
        default:
            throw error(token, "unexpected token '\(token.text)'")
        }
    }

    private mutating func led(_ kind: Kind, _ left: JMESPathNode) throws(JMESPathError) -> JMESPathNode {
        switch kind {
        case .dot:
            if currentKind == .star {
                index += 1
                return .valueProjection(left, try projectionRHS(Self.bindingPower(.dot)))
            }
            let right = try dotRHS(Self.bindingPower(.dot))
            if case .subexpression(let children) = left { return .subexpression(children + [right]) }
            return .subexpression([left, right])
        case .pipe: return .pipe(left, try expression(Self.bindingPower(.pipe)))
        case .or: return .or(left, try expression(Self.bindingPower(.or)))
        case .and: return .and(left, try expression(Self.bindingPower(.and)))
        case .lparen:
            guard case .field(let name) = left else {
                throw error(tokens[max(index - 2, 0)], "invalid function name '\(tokens[max(index - 2, 0)].text)'")
            }
            var arguments: [JMESPathNode] = []
            while currentKind != .rparen {
                let argument = try expression(0)
                if currentKind == .comma { try match(.comma) }
                arguments.append(argument)
            }
            try match(.rparen)
            return .function(name, arguments)
        case .filter: return try filter(left)
        case .eq, .ne, .lt, .lte, .gt, .gte:
            let comparator: JMESPathNode.Comparator = switch kind {
            case .eq: .eq
            case .ne: .ne
            case .lt: .lt
            case .lte: .lte
            case .gt: .gt
            default: .gte
            }
            return .comparator(comparator, left, try expression(Self.bindingPower(kind)))
        case .flatten:
            return .projection(.flatten(left), try projectionRHS(Self.bindingPower(.flatten)))
        case .lbracket:
            if currentKind == .number || currentKind == .colon {
                let right = try indexExpression()
                // As the reference implementation does, a further index or slice extends the
                // index expression (a slice there does not start a projection).
                if case .indexExpression(let children) = left { return .indexExpression(children + [right]) }
                return try projectIfSlice(left, right)
            }
            try match(.star)
            try match(.rbracket)
            return .projection(left, try projectionRHS(Self.bindingPower(.star)))
        default:
            throw error(tokens[index - 1], "unexpected token '\(tokens[index - 1].text)'")
        }
    }

    private mutating func filter(_ left: JMESPathNode) throws(JMESPathError) -> JMESPathNode {
        let condition = try expression(0)
        try match(.rbracket)
        let right: JMESPathNode = currentKind == .flatten ? .identity : try projectionRHS(Self.bindingPower(.filter))
        return .filterProjection(left, right, condition: condition)
    }

    private mutating func indexExpression() throws(JMESPathError) -> JMESPathNode {
        if lookahead(0) == .colon || lookahead(1) == .colon { return try sliceExpression() }
        let number = tokens[index].number
        index += 1
        try match(.rbracket)
        return .index(number)
    }

    private mutating func sliceExpression() throws(JMESPathError) -> JMESPathNode {
        var parts: [Int?] = [nil, nil, nil]
        var part = 0
        while currentKind != .rbracket && part < 3 {
            if currentKind == .colon {
                part += 1
                if part == 3 { throw error(tokens[index], "a slice has at most three parts") }
                index += 1
            } else if currentKind == .number {
                parts[part] = tokens[index].number
                index += 1
            } else {
                throw error(tokens[index], "unexpected token '\(tokens[index].text)' in a slice")
            }
        }
        try match(.rbracket)
        return .slice(start: parts[0], stop: parts[1], step: parts[2])
    }

    private mutating func projectIfSlice(_ left: JMESPathNode, _ right: JMESPathNode) throws(JMESPathError) -> JMESPathNode {
        let indexed = JMESPathNode.indexExpression([left, right])
        if case .slice = right { return .projection(indexed, try projectionRHS(Self.bindingPower(.star))) }
        return indexed
    }

    private mutating func multiSelectList() throws(JMESPathError) -> JMESPathNode {
        var elements: [JMESPathNode] = []
        while true {
            elements.append(try expression(0))
            if currentKind == .rbracket { break }
            try match(.comma)
        }
        try match(.rbracket)
        return .multiSelectList(elements)
    }

    private mutating func multiSelectHash() throws(JMESPathError) -> JMESPathNode {
        var pairs: [JMESPathNode.KeyValue] = []
        while true {
            let key = tokens[index]
            guard key.kind == .quotedIdentifier || key.kind == .unquotedIdentifier else {
                throw error(key, "expected a key in a multi-select hash, found \(key.kind.rawValue)")
            }
            index += 1
            try match(.colon)
            pairs.append(JMESPathNode.KeyValue(key: key.text, value: try expression(0)))
            if currentKind == .comma { try match(.comma) }
            else if currentKind == .rbrace { try match(.rbrace); break }
        }
        return .multiSelectHash(pairs)
    }

    private mutating func projectionRHS(_ bindingPower: Int) throws(JMESPathError) -> JMESPathNode {
        if Self.bindingPower(currentKind) < Self.projectionStop { return .identity }
        switch currentKind {
        case .lbracket, .filter: return try expression(bindingPower)
        case .dot:
            try match(.dot)
            return try dotRHS(bindingPower)
        default:
            throw error(tokens[index], "unexpected token '\(tokens[index].text)' after a projection")
        }
    }

    private mutating func dotRHS(_ bindingPower: Int) throws(JMESPathError) -> JMESPathNode {
        switch currentKind {
        case .quotedIdentifier, .unquotedIdentifier, .star: return try expression(bindingPower)
        case .lbracket:
            try match(.lbracket)
            return try multiSelectList()
        case .lbrace:
            try match(.lbrace)
            return try multiSelectHash()
        default:
            throw error(tokens[index], "expected an identifier, '[' or '{' after '.', found \(currentKind.rawValue)")
        }
    }
}

extension JMESPathNode {
    /// Checks that every function the expression calls exists and gets the right number of arguments.
    package func checkFunctions() throws(JMESPathError) {
        switch self {
        case .identity, .field, .index, .slice, .literal: return
        case .subexpression(let children), .indexExpression(let children), .multiSelectList(let children):
            for child in children { try child.checkFunctions() }
        case .projection(let a, let b), .valueProjection(let a, let b), .or(let a, let b), .and(let a, let b),
             .comparator(_, let a, let b), .pipe(let a, let b):
            try a.checkFunctions()
            try b.checkFunctions()
        case .filterProjection(let a, let b, let condition):
            try a.checkFunctions()
            try b.checkFunctions()
            try condition.checkFunctions()
        case .flatten(let inner), .not(let inner), .expref(let inner):
            try inner.checkFunctions()
        case .multiSelectHash(let pairs):
            for pair in pairs { try pair.value.checkFunctions() }
        case .function(let name, let arguments):
            try JMESPathFunctionSignatures.checkCall(name, argumentCount: arguments.count)
            for argument in arguments { try argument.checkFunctions() }
        }
    }
}
