/// Splits a JMESPath expression into tokens. Positions are offsets in Unicode scalars, as the
/// reference implementations count characters.
struct JMESPathLexer {
    enum TokenKind: String, Sendable {
        case dot, star, rbracket, comma, colon, current, lparen, rparen, lbrace, rbrace
        case flatten, filter, lbracket
        case unquotedIdentifier = "unquoted_identifier", quotedIdentifier = "quoted_identifier"
        case literal, number
        case pipe, or, and, expref
        case lt, lte, gt, gte, eq, ne, not
        case eof
    }

    struct Token {
        var kind: TokenKind
        var text: String = ""
        var number: Int = 0
        var literal: JMESPathLiteral = .null
        var start: Int
    }

    private let scalars: [Unicode.Scalar]
    private var position = 0

    init(_ expression: String) {
        scalars = Array(expression.unicodeScalars)
    }

    private var current: Unicode.Scalar? { position < scalars.count ? scalars[position] : nil }

    /// The scalars from `start` to the current position, as a string (built once, not scalar by scalar).
    private func text(from start: Int) -> String {
        var text = ""
        text.unicodeScalars.append(contentsOf: scalars[start..<position])
        return text
    }

    private static func simpleToken(_ c: Unicode.Scalar) -> TokenKind? {
        switch c {
        case ".": .dot
        case "*": .star
        case "]": .rbracket
        case ",": .comma
        case ":": .colon
        case "@": .current
        case "(": .lparen
        case ")": .rparen
        case "{": .lbrace
        case "}": .rbrace
        default: nil
        }
    }

    private static func isIdentifierStart(_ c: Unicode.Scalar) -> Bool {
        (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || c == "_"
    }
    private static func isIdentifierPart(_ c: Unicode.Scalar) -> Bool { isIdentifierStart(c) || isDigit(c) }
    private static func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }

    mutating func tokenize() throws(JMESPathError) -> [Token] {
        guard !scalars.isEmpty else { throw JMESPathError(.syntax, "empty expression", position: 0) }
        var tokens: [Token] = []
        while let c = current {
            let start = position
            if let kind = Self.simpleToken(c) {
                tokens.append(Token(kind: kind, text: String(c), start: start))
                position += 1
            } else if Self.isIdentifierStart(c) {
                while let next = current, Self.isIdentifierPart(next) { position += 1 }
                tokens.append(Token(kind: .unquotedIdentifier, text: text(from: start), start: start))
            } else if c == " " || c == "\t" || c == "\n" || c == "\r" {
                position += 1
            } else if c == "[" {
                position += 1
                if current == "]" { position += 1; tokens.append(Token(kind: .flatten, text: "[]", start: start)) }
                else if current == "?" { position += 1; tokens.append(Token(kind: .filter, text: "[?", start: start)) }
                else { tokens.append(Token(kind: .lbracket, text: "[", start: start)) }
            } else if c == "'" {
                let text = Self.unescaping("'", in: try consume(until: "'"))
                tokens.append(Token(kind: .literal, literal: .string(text), start: start))
            } else if c == "|" {
                tokens.append(pair("|", .or, else: .pipe, start: start))
            } else if c == "&" {
                tokens.append(pair("&", .and, else: .expref, start: start))
            } else if c == "`" {
                tokens.append(Token(kind: .literal, literal: try jsonLiteral(start: start), start: start))
            } else if Self.isDigit(c) || c == "-" {
                position += 1
                while let next = current, Self.isDigit(next) { position += 1 }
                let text = text(from: start)
                guard text != "-" else { throw JMESPathError(.syntax, "unknown token '-'", position: start) }
                // Out of range is as good as absent: no list is that long.
                let number = Int(text) ?? (text.hasPrefix("-") ? Int.min : Int.max)
                tokens.append(Token(kind: .number, text: text, number: number, start: start))
            } else if c == "\"" {
                let body = try consume(until: "\"")
                guard case .string(let name)? = try? JMESPathJSONReader.parse("\"" + body + "\"") else {
                    throw JMESPathError(.syntax, "invalid quoted identifier \"\(body)\"", position: start)
                }
                tokens.append(Token(kind: .quotedIdentifier, text: name, start: start))
            } else if c == "<" {
                tokens.append(pair("=", .lte, else: .lt, start: start))
            } else if c == ">" {
                tokens.append(pair("=", .gte, else: .gt, start: start))
            } else if c == "!" {
                tokens.append(pair("=", .ne, else: .not, start: start))
            } else if c == "=" {
                position += 1
                guard current == "=" else { throw JMESPathError(.syntax, "unknown token '=' (did you mean '=='?)", position: start) }
                position += 1
                tokens.append(Token(kind: .eq, text: "==", start: start))
            } else {
                throw JMESPathError(.syntax, "unknown token '\(c)'", position: start)
            }
        }
        tokens.append(Token(kind: .eof, start: scalars.count))
        return tokens
    }

    private mutating func pair(_ second: Unicode.Scalar, _ kind: TokenKind, else single: TokenKind, start: Int) -> Token {
        let first = scalars[position]
        position += 1
        if current == second {
            position += 1
            return Token(kind: kind, text: String(first) + String(second), start: start)
        }
        return Token(kind: single, text: String(first), start: start)
    }

    /// The text up to the closing delimiter; a backslash keeps itself and the character after it.
    private mutating func consume(until delimiter: Unicode.Scalar) throws(JMESPathError) -> String {
        let start = position
        var text = String.UnicodeScalarView()
        position += 1
        while current != delimiter {
            if current == "\\" {
                text.append("\\")
                position += 1
            }
            guard let c = current else {
                throw JMESPathError(.syntax, "unclosed \(delimiter) delimiter", position: start)
            }
            text.append(c)
            position += 1
        }
        position += 1
        return String(text)
    }

    /// The text with each backslash-`delimiter` pair made the delimiter alone (scalar by scalar).
    private static func unescaping(_ delimiter: Unicode.Scalar, in text: String) -> String {
        var result = String.UnicodeScalarView()
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        while let scalar = pending {
            pending = scalars.next()
            if scalar == "\\", pending == delimiter {
                result.append(delimiter)
                pending = scalars.next()
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// A `` `literal` ``: JSON text, or (the specification's deprecated form) the text of a string.
    private mutating func jsonLiteral(start: Int) throws(JMESPathError) -> JMESPathLiteral {
        let text = Self.unescaping("`", in: try consume(until: "`"))
        if let value = try? JMESPathJSONReader.parse(text) { return value }
        let trimmed = String(String.UnicodeScalarView(text.unicodeScalars.drop(while: { $0.properties.isWhitespace })))
        if let value = try? JMESPathJSONReader.parse("\"" + trimmed + "\"") { return value }
        throw JMESPathError(.syntax, "bad literal `\(text)`", position: start)
    }
}
