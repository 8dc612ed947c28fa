/// Turns the structured description into Swift source text. The only place that decides
/// indentation and that writes model text into code: string literals and comments are
/// escaped here, so no model string can end a literal or a comment.
struct SwiftRenderer {
    private var output = ""
    private var indentation = 0
    private static let indentUnit = "    "

    static func render(_ file: SwiftFileDecl) -> String {
        var renderer = SwiftRenderer()
        renderer.output.reserveCapacity(256 * 1024)
        for line in file.headerLines { renderer.line("// " + commentSafe(line)) }
        if !file.headerLines.isEmpty { renderer.line("") }
        for module in file.imports { renderer.line("import \(module)") }
        if !file.imports.isEmpty { renderer.line("") }
        for (index, declaration) in file.declarations.enumerated() {
            if index > 0 { renderer.line("") }
            renderer.render(declaration)
        }
        return renderer.output
    }

    private static let indents = (0..<16).map { String(repeating: indentUnit, count: $0) }

    private mutating func line(_ text: String) {
        if !text.isEmpty {
            output += indentation < Self.indents.count ? Self.indents[indentation] : String(repeating: Self.indentUnit, count: indentation)
            output += text
        }
        output += "\n"
    }

    // MARK: escaping

    /// Characters that end a line for Swift's lexer or an editor: a model string must never
    /// carry one into a `//` comment.
    static let lineBreaks: Set<Unicode.Scalar> = ["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]

    /// Bidirectional overrides could make a comment display as code (Trojan Source).
    static func isBidiControl(_ scalar: Unicode.Scalar) -> Bool {
        (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) || scalar.value == 0x200E || scalar.value == 0x200F
    }

    /// Text safe inside a `//` comment: one line, no control characters, no bidi overrides.
    static func commentSafe(_ text: String) -> String {
        // Fast path: printable ASCII needs nothing.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return text }
        var result = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if lineBreaks.contains(scalar) || scalar == "\t" {
                result.append(" ")
            } else if scalar.value < 0x20 || scalar.value == 0x7F || isBidiControl(scalar) {
                continue
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }

    /// A Swift string literal whose value is exactly `text`.
    static func stringLiteral(_ text: String) -> String {
        // Fast path: printable ASCII without quotes or backslashes is its own literal.
        if text.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F && $0 != 0x22 && $0 != 0x5C }) { return "\"" + text + "\"" }
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case "\0": result += "\\0"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || lineBreaks.contains(scalar) || isBidiControl(scalar) {
                    result += "\\u{\(String(scalar.value, radix: 16))}"
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    /// A raw string literal (`#"..."#`) for text full of quotes and backslashes, such as JSON;
    /// enough `#`s that nothing inside ends it or reads as an escape. Text that a one-line
    /// literal cannot hold as it is gets an escaped literal instead.
    static func rawStringLiteral(_ text: String) -> String {
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || lineBreaks.contains($0) || isBidiControl($0) }) {
            return stringLiteral(text)
        }
        var longest = 0
        var run: Int?
        for byte in text.utf8 {
            if byte == UInt8(ascii: "#"), let count = run {
                run = count + 1
                longest = max(longest, count + 1)
            } else {
                run = (byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")) ? 0 : nil
            }
        }
        let hashes = String(repeating: "#", count: longest + 1)
        return hashes + "\"" + text + "\"" + hashes
    }

    // MARK: declarations

    private mutating func renderDoc(_ doc: SwiftDoc?) {
        guard let doc, !doc.isEmpty else { return }
        var lines = doc.lines
        while lines.last?.isEmpty == true { lines.removeLast() }
        for text in lines {
            let safe = Self.commentSafe(text)
            line(safe.isEmpty ? "///" : "/// " + safe)
        }
    }

    private mutating func renderAttributes(_ attributes: [SwiftAttribute]) {
        for attribute in attributes {
            line(Self.attributeText(attribute))
        }
    }

    static func attributeText(_ attribute: SwiftAttribute) -> String {
        switch attribute {
        case .deprecated(let message):
            if let message, !message.isEmpty { return "@available(*, deprecated, message: \(stringLiteral(message)))" }
            return "@available(*, deprecated)"
        case .custom(let text):
            return text
        }
    }

    private static func prefix(_ access: String?, isStatic: Bool = false) -> String {
        var text = access.map { $0 + " " } ?? ""
        if isStatic { text += "static " }
        return text
    }

    private mutating func render(_ declaration: SwiftDecl) {
        switch declaration {
        case .mark(let text):
            line("// MARK: " + Self.commentSafe(text))
        case .typeAlias(let doc, let access, let name, let type):
            renderDoc(doc)
            line("\(access) typealias \(name) = \(type)")
        case .enumCase(let enumCase):
            renderDoc(enumCase.doc)
            renderAttributes(enumCase.attributes)
            line("case \(Naming.escaped(enumCase.name))" + (enumCase.associatedType.map { "(\($0))" } ?? ""))
        case .property(let property):
            renderDoc(property.doc)
            var head = ""
            for attribute in property.attributes {
                if case .custom(let text) = attribute, text.hasPrefix("@") && !text.hasPrefix("@available") {
                    head += text + " "
                } else {
                    line(Self.attributeText(attribute))
                }
            }
            head += Self.prefix(property.access, isStatic: property.isStatic)
            head += (property.isLet ? "let " : "var ") + Naming.escaped(property.name)
            if let type = property.type { head += ": " + type }
            if let getter = property.getter, let setter = property.setter {
                line(head + " {")
                indentation += 1
                line("get {")
                indentation += 1
                renderBlock(getter)
                indentation -= 1
                line("}")
                line("set {")
                indentation += 1
                renderBlock(setter)
                indentation -= 1
                line("}")
                indentation -= 1
                line("}")
            } else if let getter = property.getter, getter.count == 1, case .return(let value?) = getter[0],
                case let text = Self.expression(value), !text.contains("\n"), head.count + text.count < 200
            {
                // A constant as a computed property, on one line: `static var x: T { value }`.
                line(head + " { " + text + " }")
            } else if let getter = property.getter {
                line(head + " {")
                indentation += 1
                renderBlock(getter)
                indentation -= 1
                line("}")
            } else if let value = property.value {
                line(head + " = " + Self.expression(value))
            } else {
                line(head)
            }
        case .function(let function):
            renderDoc(function.doc)
            renderAttributes(function.attributes)
            var head = Self.prefix(function.access, isStatic: function.isStatic)
            if function.isMutating { head += "mutating " }
            switch function.kind {
            case .initializer: head += "init"
            case .function(let name): head += "func " + Naming.escaped(name)
            }
            let parameters = function.parameters.map { parameter -> String in
                var text = ""
                if let label = parameter.label {
                    text = label == parameter.name ? Naming.escaped(label) : "\(label == "_" ? "_" : Naming.escaped(label)) \(Naming.escaped(parameter.name))"
                } else {
                    text = "_ \(Naming.escaped(parameter.name))"
                }
                text += ": " + parameter.type
                if let value = parameter.defaultValue { text += " = " + Self.expression(value) }
                return text
            }
            if parameters.count > 3 {
                line(head + "(")
                indentation += 1
                for (index, parameter) in parameters.enumerated() {
                    line(parameter + (index < parameters.count - 1 ? "," : ""))
                }
                indentation -= 1
                head = ")"
            } else {
                head += "(" + parameters.joined(separator: ", ") + ")"
            }
            if function.isAsync { head += " async" }
            if function.isThrows { head += " throws" }
            if let returnType = function.returnType { head += " -> " + returnType }
            if function.body.isEmpty {
                line(head + " {}")
            } else {
                line(head + " {")
                indentation += 1
                renderBlock(function.body)
                indentation -= 1
                line("}")
            }
        case .type(let type):
            renderDoc(type.doc)
            renderAttributes(type.attributes)
            var head = Self.prefix(type.access)
            if type.isIndirect { head += "indirect " }
            head += type.kind.rawValue + " " + type.name
            if !type.conformances.isEmpty { head += ": " + type.conformances.joined(separator: ", ") }
            if let whereClause = type.whereClause { head += " where " + whereClause }
            if type.members.isEmpty {
                line(head + " {}")
                return
            }
            line(head + " {")
            indentation += 1
            var previousWasCase = false
            for (index, member) in type.members.enumerated() {
                let isCase: Bool
                if case .enumCase(let enumCase) = member { isCase = enumCase.doc == nil } else { isCase = false }
                if index > 0 && !(isCase && previousWasCase) { line("") }
                render(member)
                previousWasCase = isCase
            }
            indentation -= 1
            line("}")
        }
    }

    // MARK: statements

    private mutating func renderBlock(_ statements: [SwiftStatement]) {
        for statement in statements { render(statement) }
    }

    private mutating func render(_ statement: SwiftStatement) {
        switch statement {
        case .expression(let expression):
            line(Self.expression(expression))
        case .assign(let target, let value):
            line(Self.expression(target) + " = " + Self.expression(value))
        case .declare(let isLet, let name, let type, let value):
            var text = (isLet ? "let " : "var ") + Naming.escaped(name)
            if let type { text += ": " + type }
            if let value { text += " = " + Self.expression(value) }
            line(text)
        case .return(let value):
            line(value.map { "return " + Self.expression($0) } ?? "return")
        case .throw(let value):
            line("throw " + Self.expression(value))
        case .if(let condition, let then, let otherwise):
            line("if \(condition) {")
            indentation += 1
            renderBlock(then)
            indentation -= 1
            if let otherwise {
                line("} else {")
                indentation += 1
                renderBlock(otherwise)
                indentation -= 1
            }
            line("}")
        case .ifLet(let name, let value, let then):
            line("if let \(Naming.escaped(name)) = \(Self.expression(value)) {")
            indentation += 1
            renderBlock(then)
            indentation -= 1
            line("}")
        case .switch(let subject, let cases):
            line("switch \(Self.expression(subject)) {")
            for (pattern, body) in cases {
                switch pattern {
                case .stringLiteral(let text): line("case \(Self.stringLiteral(text)):")
                case .enumCase(let name, let binding):
                    line("case .\(Naming.escaped(name))" + (binding.map { "(let \($0))" } ?? "") + ":")
                case .default: line("default:")
                }
                indentation += 1
                renderBlock(body.isEmpty ? [.expression(.identifier("break"))] : body)
                indentation -= 1
            }
            line("}")
        case .for(let name, let sequence, let body):
            line("for \(Naming.escaped(name)) in \(Self.expression(sequence)) {")
            indentation += 1
            renderBlock(body)
            indentation -= 1
            line("}")
        case .while(let condition, let body):
            line("while \(Self.expression(condition)) {")
            indentation += 1
            renderBlock(body)
            indentation -= 1
            line("}")
        case .guard(let condition, let otherwise):
            line("guard \(Self.expression(condition)) else {")
            indentation += 1
            renderBlock(otherwise)
            indentation -= 1
            line("}")
        }
    }

    static func expression(_ expression: SwiftExpr) -> String {
        switch expression {
        case .identifier(let name): return name
        case .string(let text): return stringLiteral(text)
        case .rawString(let text): return rawStringLiteral(text)
        case .int(let value): return String(value)
        case .double(let value):
            if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) + ".0" }
            return "\(value)"
        case .bool(let value): return value ? "true" : "false"
        case .nil: return "nil"
        case .member(let base, let name): return self.expression(base) + "." + name
        case .call(let function, let arguments):
            let rendered = arguments.map { argument in
                (argument.label.map { "\($0): " } ?? "") + self.expression(argument.value)
            }
            return self.expression(function) + "(" + rendered.joined(separator: ", ") + ")"
        case .try(let inner): return "try " + self.expression(inner)
        case .await(let inner): return "await " + self.expression(inner)
        case .inout_(let inner): return "&" + self.expression(inner)
        case .array(let elements): return "[" + elements.map { self.expression($0) }.joined(separator: ", ") + "]"
        case .dictionary(let entries):
            if entries.isEmpty { return "[:]" }
            return "[" + entries.map { self.expression($0.key) + ": " + self.expression($0.value) }.joined(separator: ", ") + "]"
        case .binary(let lhs, let op, let rhs): return self.expression(lhs) + " \(op) " + self.expression(rhs)
        case .dot(let name): return "." + name
        case .closure(let params, let body):
            var renderer = SwiftRenderer()
            renderer.renderBlock(body)
            // One line: statements apart with `;`, but not right after an opening brace.
            var inner = ""
            for line in renderer.output.split(separator: "\n") {
                let statement = line.drop(while: { $0 == " " })
                if !inner.isEmpty { inner += inner.hasSuffix("{") || statement.hasPrefix("}") ? " " : "; " }
                inner += statement
            }
            return "{ " + (params.isEmpty ? "" : params.joined(separator: ", ") + " in ") + inner + " }"
        }
    }
}
