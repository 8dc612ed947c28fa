import AWSModel

/// Translates `paginators-1` into, per paginated operation, `<operation>Paginator` (the pages)
/// and `<operation>Items` (the items of the first result list), each taking the input or its
/// members as arguments, with the limit key as `pageSize` and a `maxItems` cap.
///
/// A paginator whose token is one plain member of the same type on both sides reads and sets it
/// as a typed property; any other (several tokens, expressions such as `NextMarker ||
/// Contents[-1].Key`, a `more_results` expression) reads its tokens with JMESPath from the
/// output's JSON form (`AWSPaginationTokens`) and sets each on the input as its member's type.
struct PaginatorTranslator: Sendable {
    let context: GenerationContext

    private var model: ServiceModel { context.model }
    private var access: String { context.access }

    /// The list a paginator's items come from: the first result key that is a list member of the
    /// output, preferring members that are not deprecated. `maxItems` counts and truncates it.
    static func primaryResult(_ paginator: Paginator, output: StructureInfo, model: ServiceModel) -> Member? {
        let lists = paginator.resultKeys.compactMap { output.member(named: $0) }.filter { member in
            if case .list = model.shape(named: member.shapeName).kind { return true }
            return false
        }
        return lists.first { !$0.reference.deprecated } ?? lists.first
    }

    /// The output token as a plain member: the expression is the name of a member of the output.
    private func plainMember(_ expression: String?, of output: StructureInfo) -> Member? {
        guard let expression, expression.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return output.member(named: expression)
    }

    private func storage(_ member: Member) -> String {
        (member.reference.deprecated ? "_" : "") + Naming.escaped(Naming.memberName(member.name))
    }

    func paginators() throws -> [SwiftDecl] {
        var members: [SwiftDecl] = []
        for operation in context.operations {
            guard let paginator = model.paginators[operation.name],
                  let input = operation.input, let output = operation.output,
                  let inputInfo = model.shape(named: input.shapeName).structure,
                  let outputInfo = model.shape(named: output.shapeName).structure
            else { continue }
            let inputTokens = paginator.inputTokens.compactMap { inputInfo.member(named: $0) }
            guard inputTokens.count == paginator.inputTokens.count, inputTokens.count == paginator.outputTokens.count,
                  !inputTokens.contains(where: \.isRequired)
            else { continue }
            members.append(contentsOf: try methods(operation, paginator, inputInfo: inputInfo, outputInfo: outputInfo, inputTokens: inputTokens))
        }
        if members.isEmpty { return [] }
        return [.type(SwiftTypeDecl(kind: .extension, name: context.clientName, members: members))]
    }

    private func methods(
        _ operation: Operation, _ paginator: Paginator, inputInfo: StructureInfo, outputInfo: StructureInfo, inputTokens: [Member]
    ) throws -> [SwiftDecl] {
        let name = Naming.operationName(operation.name)
        let inputType = context.typeNames[operation.input!.shapeName]!
        let outputShape = operation.output!.shapeName
        let outputType = context.typeNames[outputShape]!
        var attributes: [SwiftAttribute] = []
        let deprecatedParts = inputTokens.filter(\.reference.deprecated).map(\.name)
            + paginator.outputTokens.compactMap { plainMember($0, of: outputInfo) }.filter(\.reference.deprecated).map(\.name)
        if operation.deprecated {
            attributes.append(.deprecated(message: operation.deprecatedMessage))
        } else if !deprecatedParts.isEmpty {
            // Using a deprecated token member outside a deprecated declaration would warn.
            attributes.append(.deprecated(message: "the pagination token of \(operation.name) is deprecated"))
        }

        // How tokens are read from a page and set on the next input.
        let tokenType: String
        let readToken: [SwiftStatement]
        var setTokens: [SwiftStatement] = [.declare(isLet: false, name: "next", type: nil, value: .identifier("input"))]
        let moreResultsMember = plainMember(paginator.moreResults, of: outputInfo)
        let isBoolFlag = moreResultsMember.map { if case .boolean = model.shape(named: $0.shapeName).kind { true } else { false } } ?? false
        if inputTokens.count == 1, let outputToken = plainMember(paginator.outputTokens[0], of: outputInfo),
           context.swiftType(outputToken.reference) == context.swiftType(inputTokens[0].reference),
           paginator.moreResults == nil || isBoolFlag {
            tokenType = context.swiftType(inputTokens[0].reference)
            var statements: [SwiftStatement] = []
            if let flag = moreResultsMember {
                statements.append(.if(condition: "output.\(storage(flag)) != true", then: [.return(.nil)], else: nil))
            }
            statements.append(.return(.identifier("output." + storage(outputToken))))
            readToken = statements
            setTokens.append(.assign(.identifier("next." + storage(inputTokens[0])), .identifier("token")))
        } else {
            tokenType = "AWSRuntime.AWSPaginationTokens"
            func path(_ expression: String) throws -> SwiftExpr {
                let fieldKeys: [String]?
                do {
                    fieldKeys = try JMESPathShapes(context: context).resolve(expression, over: outputShape).fieldKeys
                } catch {
                    throw CodegenError(file: model.sourcePath, path: "$.pagination.\(operation.name)", message: "\(error)")
                }
                var arguments = [SwiftArgument(nil, .string(expression))]
                if let fieldKeys { arguments.append(SwiftArgument("fieldKeys", .array(fieldKeys.map { .string($0) }))) }
                return .call(.identifier("AWSRuntime.AWSPaginationPath"), arguments)
            }
            var arguments = [SwiftArgument("from", .identifier("output")), SwiftArgument("tokens", .array(try paginator.outputTokens.map(path)))]
            if let moreResults = paginator.moreResults { arguments.append(SwiftArgument("moreResults", try path(moreResults))) }
            readToken = [.return(.try(.call(.identifier("AWSRuntime.AWSPaginationTokens.read"), arguments)))]
            for (index, token) in inputTokens.enumerated() {
                setTokens.append(.assign(.identifier("next." + storage(token)), .try(.call(.identifier("token.value"), [
                    SwiftArgument(nil, .int(Int64(index))), SwiftArgument("as", .identifier(context.swiftType(token.reference) + ".self")),
                ]))))
            }
        }
        setTokens.append(.return(.identifier("next")))

        let pagesType = "AWSRuntime.AWSPaginator<\(inputType), \(outputType), \(tokenType)>"
        let result = Self.primaryResult(paginator, output: outputInfo, model: model)
        var pagesArguments = [
            SwiftArgument("input", .identifier("input")),
            SwiftArgument("operationName", .string(operation.name)),
        ]
        if let result {
            let resultValue = "page." + storage(result)
            pagesArguments.append(SwiftArgument("maxItems", .identifier("maxItems")))
            pagesArguments.append(SwiftArgument("count", .closure(params: ["page"], body: [.expression(
                result.isRequired ? .identifier(resultValue + ".count") : .binary(.identifier(resultValue + "?.count"), "??", .int(0))
            )])))
            pagesArguments.append(SwiftArgument("truncate", .closure(params: ["page", "count"], body: [
                .declare(isLet: false, name: "page", type: nil, value: .identifier("page")),
                .assign(.identifier(resultValue), result.isRequired
                    ? .call(.identifier("Array"), [SwiftArgument(nil, .call(.identifier(resultValue + ".prefix"), [SwiftArgument(nil, .identifier("count"))]))])
                    : .call(.identifier(resultValue + ".map"), [SwiftArgument(nil, .closure(params: [], body: [.expression(
                        .call(.identifier("Array"), [SwiftArgument(nil, .call(.identifier("$0.prefix"), [SwiftArgument(nil, .identifier("count"))]))])
                    )]))])),
                .return(.identifier("page")),
            ])))
        }
        pagesArguments += [
            SwiftArgument("fetch", .closure(params: ["input"], body: [.expression(.try(.await(.call(.identifier("self.client.execute"), [
                SwiftArgument(nil, .identifier("Self." + name + "Operation")), SwiftArgument("input", .identifier("input")), SwiftArgument("output", .identifier(outputType + ".self")),
            ]))))])),
            SwiftArgument("token", .closure(params: ["output"], body: readToken)),
            // A deprecated member's getter is deprecated; its (internal) storage is not.
            SwiftArgument("next", .closure(params: ["input", "token"], body: setTokens)),
        ]
        let maxItemsParameter = SwiftParameter(label: "maxItems", name: "maxItems", type: "Swift.Int?", defaultValue: .nil)
        let tokenNames = paginator.outputTokens.map { "`\($0)`" }.joined(separator: ", ")
        var declarations: [SwiftDecl] = [.function(SwiftFunctionDecl(
            doc: SwiftDoc([
                "The pages of `\(operation.name)`, fetched one at a time as you iterate. Iteration ends when the",
                "response has no \(tokenNames)\(paginator.moreResults.map { " (or `\($0)` is false)" } ?? "")"
                    + (result == nil ? "." : ", or after `maxItems` items of `\(result!.name)` (the last page cut short)."),
                "A response that repeats the token just sent ends it with `AWSRuntime.AWSPaginationError`.",
            ]),
            attributes: attributes, access: access, kind: .function(name: name + "Paginator"),
            parameters: [SwiftParameter(label: nil, name: "input", type: inputType)] + (result == nil ? [] : [maxItemsParameter]),
            returnType: pagesType,
            body: [.return(.call(.identifier(pagesType), pagesArguments))]
        ))]

        // The items of the primary result list.
        var itemsType: String?
        if let result, case .list(let element) = model.shape(named: result.shapeName).kind {
            var itemAttributes = attributes
            if result.reference.deprecated && itemAttributes.isEmpty {
                itemAttributes.append(.deprecated(message: "\(result.name) is deprecated"))
            }
            // A sparse list holds nulls: its items are optional.
            let itemType = context.swiftType(element) + (model.shape(named: result.shapeName).sparse ? "?" : "")
            let resultValue = "page." + storage(result)
            let type = "AWSRuntime.AWSPaginatorItems<\(pagesType), \(itemType)>"
            itemsType = type
            declarations.append(.function(SwiftFunctionDecl(
                doc: SwiftDoc(["The `\(result.name)` of every page of `\(operation.name)`, one element at a time (at most `maxItems`)."]),
                attributes: itemAttributes, access: access, kind: .function(name: name + "Items"),
                parameters: [SwiftParameter(label: nil, name: "input", type: inputType), maxItemsParameter],
                returnType: type,
                body: [.return(.call(.identifier(type), [
                    SwiftArgument("pages", .call(.identifier(name + "Paginator"), [SwiftArgument(nil, .identifier("input")), SwiftArgument("maxItems", .identifier("maxItems"))])),
                    SwiftArgument("items", .closure(params: ["page"], body: [.expression(
                        result.isRequired ? .identifier(resultValue) : .binary(.identifier(resultValue), "??", .identifier("[]"))
                    )])),
                ]))]
            )))
        }

        // The same two with the input's members as arguments: no tokens (the paginator sets
        // them), the limit key as `pageSize`.
        guard let (members, names, parameters, initArguments) = try ClientTranslator(context: context).memberArguments(of: operation) else { return declarations }
        let tokenNamesSet = Set(inputTokens.map(\.name))
        let limit = paginator.limitKey.flatMap { key in members.first { $0.name == key && !tokenNamesSet.contains(key) } }
        var kept: [SwiftParameter] = []
        var arguments: [SwiftArgument] = []
        for (index, member) in members.enumerated() {
            if tokenNamesSet.contains(member.name) {
                arguments.append(SwiftArgument(names[member.name]!, .nil))
            } else if member.name == limit?.name {
                continue
            } else {
                kept.append(parameters[index])
                arguments.append(initArguments[index])
            }
        }
        let labels = Set(kept.compactMap(\.label))
        let pageSizeName = labels.contains("pageSize") ? "paginatorPageSize" : "pageSize"
        let maxItemsName = labels.contains("maxItems") ? "paginatorMaxItems" : "maxItems"
        if let limit, let index = members.firstIndex(where: { $0.name == limit.name }) {
            // A limit the model requires (Cognito's `MaxResults`) is a required argument.
            let required = context.isNonOptional(limit, in: operation.input!.shapeName)
            kept.append(SwiftParameter(
                label: pageSizeName, name: pageSizeName, type: context.memberType(limit, in: operation.input!.shapeName) + (required ? "" : "?"),
                defaultValue: required ? nil : .nil
            ))
            arguments.insert(SwiftArgument(names[limit.name]!, .identifier(pageSizeName)), at: index)
        }
        if result != nil { kept.append(SwiftParameter(label: maxItemsName, name: maxItemsName, type: "Swift.Int?", defaultValue: .nil)) }
        let limitDoc = limit.map { "`\(pageSizeName)` sets `\($0.name)`, the size of each page" } ?? ""
        for (kind, type) in [("Paginator", pagesType), ("Items", itemsType)] {
            guard let type else { continue }
            var callArguments = [SwiftArgument(nil, .identifier("input"))]
            if result != nil { callArguments.append(SwiftArgument("maxItems", .identifier(maxItemsName))) }
            declarations.append(.function(SwiftFunctionDecl(
                doc: SwiftDoc([
                    "``\(name + kind)(_:\(result == nil ? "" : "maxItems:"))`` with the members of ``\(inputType)`` as arguments"
                        + (limitDoc.isEmpty ? "." : "; " + limitDoc + "."),
                ]),
                attributes: attributes, access: access, kind: .function(name: name + kind),
                parameters: kept, returnType: type,
                body: [
                    .declare(isLet: true, name: "input", type: nil, value: .call(.identifier(inputType), arguments)),
                    .return(.call(.identifier("self." + name + kind), callArguments)),
                ]
            )))
        }
        return declarations
    }
}
