import AWSJMESPath
import AWSModel

/// Translates `waiters-2` into one `waitUntil<Name>` method per waiter on the client (taking the
/// operation's input, and an overload taking its members), each building its acceptors and
/// handing them to the runtime's `AWSWaiter`. Expressions were checked when the model was
/// loaded; here they are pointed at the output's JSON form.
struct WaiterTranslator: Sendable {
    let context: GenerationContext

    private var model: ServiceModel { context.model }
    private var access: String { context.access }

    func waiters() throws -> [SwiftDecl] {
        let operations = Dictionary(uniqueKeysWithValues: context.operations.map { ($0.name, $0) })
        var members: [SwiftDecl] = []
        var methodNames: [String: String] = [:]
        for name in model.waiters.keys.sorted() {
            let waiter = model.waiters[name]!
            guard let operation = operations[waiter.operationName] else { continue }
            // Two names that differ only in what Swift names cannot hold would give one method twice.
            if let other = methodNames.updateValue(name, forKey: Self.methodName(name)) {
                throw CodegenError(file: model.sourcePath, path: "$.waiters.\(name)",
                                   message: "waiters '\(other)' and '\(name)' would both be \(Self.methodName(name))(...); rename one")
            }
            members.append(contentsOf: try methods(for: waiter, operation: operation))
        }
        if members.isEmpty { return [] }
        return [.type(SwiftTypeDecl(kind: .extension, name: context.clientName, members: members))]
    }

    static func methodName(_ waiterName: String) -> String {
        "waitUntil" + Naming.typeName(waiterName)
    }

    private func methods(for waiter: Waiter, operation: Operation) throws -> [SwiftDecl] {
        let methodName = Self.methodName(waiter.name)
        let inputType = operation.input.map { context.typeNames[$0.shapeName]! } ?? "AWSRuntime.AWSEmptyShape"
        let outputType = operation.output.map { context.typeNames[$0.shapeName]! } ?? "AWSRuntime.AWSEmptyShape"
        let resultType = "AWSRuntime.AWSWaiterResult<\(outputType)>"
        var attributes: [SwiftAttribute] = [.custom("@discardableResult")]
        if operation.deprecated { attributes.append(.deprecated(message: operation.deprecatedMessage)) }
        let acceptors = try waiter.acceptors.enumerated().map { index, acceptor in
            try self.acceptor(acceptor, index: index, waiter: waiter, outputShape: operation.output?.shapeName)
        }
        var doc = [
            "Waits until `\(waiter.name)`: calls `\(operation.name)` every \(waiter.delay) s, at most \(waiter.maxAttempts) times (the",
            "model's schedule; `options` changes it, or sets a deadline), until an acceptor ends the wait.",
        ]
        if let description = waiter.description, !description.isEmpty { doc += [""] + Documentation.wrap(description) }
        doc += [""] + waiter.acceptors.map { "- \(describe($0))" }
        doc += [""] + Documentation.wrap("- Returns: the last attempt's output (or, for a waiter whose success is an error, that error).")
        doc += Documentation.wrap("- Throws: `AWSRuntime.AWSWaiterError` when a failure acceptor matches, the attempts or the deadline run out, "
            + "or the service answers with an error no acceptor expects; a client error (no connection, no credentials, an invalid input) as it is.")
        let hasInput = operation.input != nil
        let call: SwiftExpr = .try(.await(.call(.identifier("self.client.executeReportingStatus"), [
            SwiftArgument(nil, .identifier("Self." + Naming.operationName(operation.name) + "Operation")),
            SwiftArgument("input", .identifier("input")),
            SwiftArgument("output", .identifier(outputType + ".self")),
        ])))
        var declarations: [SwiftDecl] = [.function(SwiftFunctionDecl(
            doc: SwiftDoc(doc), attributes: attributes, access: access, kind: .function(name: methodName),
            parameters: (hasInput ? [SwiftParameter(label: nil, name: "input", type: inputType)] : [])
                + [SwiftParameter(label: "options", name: "options", type: "AWSRuntime.AWSWaiterOptions", defaultValue: .call(.identifier("AWSRuntime.AWSWaiterOptions"), []))],
            isAsync: true, isThrows: true, returnType: resultType,
            body: (hasInput ? [] : [.declare(isLet: true, name: "input", type: nil, value: .call(.identifier("AWSRuntime.AWSEmptyShape"), []))]) + [
                .declare(isLet: true, name: "waiter", type: nil, value: .call(.identifier("AWSRuntime.AWSWaiter<\(inputType), \(outputType)>"), [
                    SwiftArgument("name", .string(waiter.name)),
                    SwiftArgument("delay", .call(.identifier(".seconds"), [SwiftArgument(nil, .int(Int64(waiter.delay)))])),
                    SwiftArgument("maxAttempts", .int(Int64(waiter.maxAttempts))),
                    SwiftArgument("acceptors", .array(acceptors)),
                ])),
                .return(.try(.await(.call(.identifier("waiter.wait"), [
                    SwiftArgument(nil, .identifier("input")),
                    SwiftArgument("options", .identifier("options")),
                    SwiftArgument("call", .closure(params: ["input"], body: [.expression(call)])),
                ])))),
            ]
        ))]
        // The overload with the input's members as arguments, and a deadline.
        if let (_, _, parameters, initArguments) = try ClientTranslator(context: context).memberArguments(of: operation) {
            let labels = Set(parameters.compactMap(\.label))
            let maxWaitName = labels.contains("maxWait") ? "waiterMaxWait" : "maxWait"
            let optionsName = labels.contains("options") ? "waiterOptions" : "options"
            declarations.append(.function(SwiftFunctionDecl(
                doc: SwiftDoc([
                    "Waits until `\(waiter.name)`, calling `\(operation.name)` with the members of ``\(inputType)`` as arguments;",
                    "`\(maxWaitName)` bounds the whole wait. See ``\(methodName)(_:options:)``.",
                ]),
                attributes: attributes, access: access, kind: .function(name: methodName),
                parameters: parameters + [
                    SwiftParameter(label: maxWaitName, name: maxWaitName, type: "Swift.Duration?", defaultValue: .nil),
                    SwiftParameter(label: optionsName, name: optionsName, type: "AWSRuntime.AWSWaiterOptions", defaultValue: .call(.identifier("AWSRuntime.AWSWaiterOptions"), [])),
                ],
                isAsync: true, isThrows: true, returnType: resultType,
                body: [
                    .declare(isLet: true, name: "input", type: nil, value: .call(.identifier(inputType), initArguments)),
                    .return(.try(.await(.call(.identifier("self." + methodName), [
                        SwiftArgument(nil, .identifier("input")),
                        SwiftArgument("options", .call(.identifier(optionsName + ".bounded"), [SwiftArgument("by", .identifier(maxWaitName))])),
                    ])))),
                ]
            )))
        }
        return declarations
    }

    private func acceptor(_ acceptor: WaiterAcceptor, index: Int, waiter: Waiter, outputShape: String?) throws -> SwiftExpr {
        let state = SwiftArgument(nil, .dot(acceptor.state.rawValue))
        switch acceptor.matcher {
        case .status:
            guard case .number(let status) = acceptor.expected else { return .nil }
            return .call(.identifier("AWSRuntime.AWSWaiterAcceptor"), [state, SwiftArgument(nil, .call(.dot("status"), [SwiftArgument(nil, .int(Int64(status)))]))])
        case .error:
            let matcher: SwiftExpr = switch acceptor.expected {
            case .bool(let flag): .call(.dot("error"), [SwiftArgument(nil, .bool(flag))])
            case .string(let code): .call(.dot("errorCode"), [SwiftArgument(nil, .string(code))])
            default: .nil
            }
            return .call(.identifier("AWSRuntime.AWSWaiterAcceptor"), [state, SwiftArgument(nil, matcher)])
        case .path, .pathAll, .pathAny:
            let expression = acceptor.argument ?? ""
            let fieldKeys: [String]?
            do {
                fieldKeys = try outputShape.map { try JMESPathShapes(context: context).resolve(expression, over: $0).fieldKeys } ?? nil
            } catch {
                throw CodegenError(file: model.sourcePath, path: "$.waiters.\(waiter.name).acceptors[\(index)]", message: "\(error)")
            }
            var arguments = [state, SwiftArgument(nil, .dot(acceptor.matcher.rawValue)), SwiftArgument(nil, .string(expression))]
            if let fieldKeys { arguments.append(SwiftArgument("fieldKeys", .array(fieldKeys.map { .string($0) }))) }
            arguments.append(SwiftArgument("expected", Self.jsonValue(acceptor.expected)))
            return .try(.call(.identifier("AWSRuntime.AWSWaiterAcceptor.path"), arguments))
        }
    }

    private func describe(_ acceptor: WaiterAcceptor) -> String {
        let expected: String = switch acceptor.expected {
        case .string(let text): "`\"\(text)\"`"
        case .number(let number): number == number.rounded() ? "`\(Int64(number))`" : "`\(number)`"
        case .bool(let flag): "`\(flag)`"
        default: "a value"
        }
        let what: String = switch acceptor.matcher {
        case .path: "`\(acceptor.argument ?? "")` is \(expected)"
        case .pathAll: "every `\(acceptor.argument ?? "")` is \(expected)"
        case .pathAny: "any `\(acceptor.argument ?? "")` is \(expected)"
        case .status: "the HTTP status is \(expected)"
        case .error:
            switch acceptor.expected {
            case .bool(true): "any error"
            case .bool(false): "no error"
            default: "the error is \(expected)"
            }
        }
        return "\(acceptor.state.rawValue) when \(what)"
    }

    /// A `JSONValue` literal for an expected value.
    static func jsonValue(_ value: RawAnyJSON) -> SwiftExpr {
        switch value {
        case .null: return .identifier("AWSRuntime.JSONValue.null")
        case .bool(let flag): return .call(.dot("bool"), [SwiftArgument(nil, .bool(flag))])
        case .string(let text): return .call(.dot("string"), [SwiftArgument(nil, .string(text))])
        case .number(let number):
            if number == number.rounded(), abs(number) < 9e15 { return .call(.dot("integer"), [SwiftArgument(nil, .int(Int64(number)))]) }
            return .call(.dot("double"), [SwiftArgument(nil, .double(number))])
        case .array(let items): return .call(.dot("array"), [SwiftArgument(nil, .array(items.map(jsonValue)))])
        case .object(let members):
            return .call(.dot("object"), [SwiftArgument(nil, .dictionary(members.keys.sorted().map { (key: .string($0), value: jsonValue(members[$0]!)) }))])
        }
    }
}
