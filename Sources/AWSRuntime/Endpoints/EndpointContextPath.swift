/// The JMESPath subset that `operationContextParams` use to pick endpoint parameters out of an
/// input: member chains (`A.B`), projections (`A[*].B`), flattening (`[]`), multi-select lists
/// (`[A.B, C.D]`) and `keys(A)`. Evaluated on the input's JSON form, member names as modelled.
public struct AWSEndpointContextPath: Sendable, Hashable {
    indirect enum Step: Sendable, Hashable {
        case field(String)
        case project
        case flatten
        case multiSelect([[Step]])
        case keys([Step])
    }

    let steps: [Step]
    public let text: String

    /// Parses a path; throws a message that quotes the path for anything outside the subset.
    public init(_ text: String) throws {
        var parser = Parser(text: Array(text.utf8))
        let steps = try parser.path()
        guard parser.index == parser.text.count else { throw parser.failure("unexpected text") }
        self.steps = steps
        self.text = text
    }

    /// The parameter value at this path: a string for a single string, a string array for a
    /// projection or list; nil when nothing is there.
    public func evaluate(on value: JSONValue) -> AWSEndpointValue? {
        switch Self.run(steps, on: .single(value)) {
        case .single(.string(let text)): return .string(text)
        case .single(.array(let items)): return .stringArray(items.compactMap(\.stringValue))
        case .projected(let items): return .stringArray(items.compactMap(\.stringValue))
        default: return nil
        }
    }

    enum State {
        case single(JSONValue?)
        case projected([JSONValue])
    }

    static func run(_ steps: [Step], on start: State) -> State {
        var state = start
        for step in steps {
            switch (step, state) {
            case (.field(let name), .single(let value)): state = .single(value?[name])
            case (.field(let name), .projected(let items)): state = .projected(items.compactMap { $0[name] }.filter { $0 != .null })
            case (.project, .single(.array(let items)?)): state = .projected(items)
            case (.project, .single): state = .single(nil)
            case (.project, .projected(let items)):
                state = .projected(items.flatMap { item -> [JSONValue] in if case .array(let inner) = item { inner } else { [] } })
            case (.flatten, .single(.array(let items)?)): state = .projected(flattened(items))
            case (.flatten, .single): state = .single(nil)
            case (.flatten, .projected(let items)): state = .projected(flattened(items))
            case (.multiSelect(let paths), .single(let value)):
                state = .single(value.map { value in .array(paths.map { result(of: $0, on: value) }) })
            case (.multiSelect(let paths), .projected(let items)):
                state = .projected(items.map { item in .array(paths.map { result(of: $0, on: item) }) })
            case (.keys(let inner), let current):
                guard case .single(let value) = current, case .object(let object) = result(of: inner, on: value) else {
                    state = .single(nil); continue
                }
                state = .single(.array(object.keys.sorted().map { .string($0) }))
            }
        }
        return state
    }

    private static func result(of steps: [Step], on value: JSONValue?) -> JSONValue {
        switch run(steps, on: .single(value)) {
        case .single(let result): result ?? .null
        case .projected(let items): .array(items)
        }
    }

    private static func flattened(_ items: [JSONValue]) -> [JSONValue] {
        items.flatMap { item -> [JSONValue] in if case .array(let inner) = item { inner } else { [item] } }.filter { $0 != .null }
    }

    struct Parser {
        let text: [UInt8]
        var index = 0

        func failure(_ message: String) -> AWSEndpointResolutionError {
            AWSEndpointResolutionError("operationContextParams path '\(String(decoding: text, as: UTF8.self))' at \(index): \(message)")
        }

        mutating func skipSpaces() {
            while index < text.count, text[index] == UInt8(ascii: " ") { index += 1 }
        }

        mutating func identifier() throws -> String {
            let start = index
            while index < text.count, text[index] == UInt8(ascii: "_") || (text[index] < 0x80 && (Character(Unicode.Scalar(text[index])).isLetter || Character(Unicode.Scalar(text[index])).isNumber)) {
                index += 1
            }
            guard index > start else { throw failure("expected a member name") }
            return String(decoding: text[start..<index], as: UTF8.self)
        }

        mutating func consume(_ literal: String) -> Bool {
            let bytes = Array(literal.utf8)
            guard text.count - index >= bytes.count, Array(text[index..<index + bytes.count]) == bytes else { return false }
            index += bytes.count
            return true
        }

        mutating func path() throws -> [Step] {
            skipSpaces()
            var steps: [Step] = []
            if consume("keys(") {
                let inner = try path()
                skipSpaces()
                guard consume(")") else { throw failure("expected ')'") }
                steps.append(.keys(inner))
            } else if index < text.count, text[index] == UInt8(ascii: "[") {
                steps.append(contentsOf: try brackets())
            } else {
                steps.append(.field(try identifier()))
            }
            while index < text.count {
                if consume(".") {
                    if index < text.count, text[index] == UInt8(ascii: "[") { steps.append(contentsOf: try brackets()) } else { steps.append(.field(try identifier())) }
                } else if index < text.count, text[index] == UInt8(ascii: "[") {
                    steps.append(contentsOf: try brackets())
                } else {
                    break
                }
            }
            return steps
        }

        mutating func brackets() throws -> [Step] {
            if consume("[*]") { return [.project] }
            if consume("[]") { return [.flatten] }
            guard consume("[") else { throw failure("expected '['") }
            var paths: [[Step]] = []
            repeat {
                paths.append(try path())
                skipSpaces()
            } while consume(",")
            guard consume("]") else { throw failure("expected ']'") }
            return [.multiSelect(paths)]
        }
    }
}
