import AWSModel

/// Translates one shape into Swift declarations: a struct for a structure, an indirect enum
/// for a union, a struct of named constants for a string enum, an error struct for an exception.
struct ShapeTranslator: Sendable {
    let context: GenerationContext

    private var model: ServiceModel { context.model }
    private var access: String { context.access }

    private var schemas: SchemaTranslator { SchemaTranslator(context: context) }

    func translate(shapeNamed name: String) throws -> [SwiftDecl] {
        let shape = model.shape(named: name)
        let typeName = context.typeNames[name]!
        var declarations: [SwiftDecl]
        switch shape.kind {
        case .string(let values?):
            declarations = stringEnum(shape, typeName: typeName, values: values)
        case .structure(let info) where info.isEventStream && context.isEventStream(name):
            declarations = [.type(try eventStreamUnion(shape, info: info, typeName: typeName))]
        case .structure(let info) where info.isUnion:
            declarations = [.type(try union(shape, info: info, typeName: typeName))]
            if schemas.isNeeded { declarations.append(.type(schemas.schemaExtension(shape, info: info, typeName: typeName))) }
        case .structure(let info):
            declarations = [.type(try structure(shape, info: info, typeName: typeName))]
            if let extensionDecl = try endpointContext(shape, info: info, typeName: typeName) { declarations.append(.type(extensionDecl)) }
            if schemas.isNeeded { declarations.append(.type(schemas.schemaExtension(shape, info: info, typeName: typeName))) }
        default:
            return []
        }
        if shape.deprecated {
            // The type itself is `_Name`, so generated code can use it without warnings;
            // users see the deprecated alias.
            declarations.append(.typeAlias(
                doc: SwiftDoc(["Deprecated: see ``\(typeName)``."]), access: "@available(*, deprecated\(shape.deprecatedMessage.map { ", message: \(SwiftRenderer.stringLiteral($0))" } ?? "")) \(access)",
                name: String(typeName.dropFirst()), type: typeName
            ))
        }
        if let legacy = context.legacyTypeNames[name] {
            declarations.append(.typeAlias(
                doc: SwiftDoc(["The type's name before it was renamed so as not to shadow the standard type; use ``\(typeName)``."]),
                access: "@available(*, deprecated, renamed: \(SwiftRenderer.stringLiteral(typeName))) \(access)",
                name: legacy, type: typeName
            ))
        }
        return declarations
    }

    // MARK: string enums

    /// The namespace of the string enums' tag types, declared once (in the first shapes file) when
    /// the service has string enums.
    func enumValuesNamespace() -> SwiftDecl? {
        let hasEnums = context.generatedShapes.contains { model.shape(named: $0).enumValues?.isEmpty == false }
        guard hasEnums else { return nil }
        return .type(SwiftTypeDecl(
            doc: SwiftDoc(["The tag types that tell this service's string enums apart: see `AWSRuntime.AWSStringEnum`."]),
            access: access, kind: .enum, name: context.enumValuesNamespace
        ))
    }

    /// A string enum is the runtime's generic `AWSStringEnum`, told apart by a caseless tag type in
    /// the service's enum-values namespace, with a constant per value in a constrained extension.
    /// Its conformances live once in the runtime instead of once per enum (see BENCHMARKS.md).
    private func stringEnum(_ shape: Shape, typeName: String, values: [String]) -> [SwiftDecl] {
        let names = Naming.enumCaseNames(values)
        let tag = context.enumValuesNamespace + "." + typeName
        let tagDecl = SwiftTypeDecl(
            // Plain code voice: inside this namespace, a symbol link would find the tag itself.
            doc: SwiftDoc(["The values the model knows for the enum `\(typeName)`."]),
            access: access, kind: .enum, name: typeName, conformances: ["AWSRuntime.AWSStringEnumValues"],
            members: [.property(SwiftPropertyDecl(
                access: access, isStatic: true, name: "knownRawValues", type: "[Swift.String]",
                getter: [.return(.array(values.map { .string($0) }))]
            ))]
        )
        var constants: [SwiftDecl] = zip(values, names).map { value, name in
            .property(SwiftPropertyDecl(
                doc: SwiftDoc(["`\(value)`"]), access: access, isStatic: true, name: name, type: "Self",
                getter: [.return(.call(.identifier("Self"), [SwiftArgument("rawValue", .string(value))]))]
            ))
        }
        // Constants this release's naming renamed (`hashValue` → `hash`) keep their earlier names, deprecated.
        let taken = Set(names)
        for (legacy, name) in zip(Naming.legacyEnumCaseNames(values), names) where legacy != name && !taken.contains(legacy) {
            constants.append(.property(SwiftPropertyDecl(
                doc: SwiftDoc(["The constant's name before this release; use ``\(name)``."]),
                attributes: [.custom("@available(*, deprecated, renamed: \(SwiftRenderer.stringLiteral(name)))")],
                access: access, isStatic: true, name: legacy, type: "Self", getter: [.return(.identifier("Self." + name))]
            )))
        }
        return [
            .typeAlias(
                doc: context.doc(shape.documentation, extra: shape.documentation == nil ? [] : [""]
                    + ["Unknown values decode as they are: compare with the constants, and keep a default case."]),
                access: access, name: typeName, type: "AWSRuntime.AWSStringEnum<\(tag)>"
            ),
            .type(SwiftTypeDecl(kind: .extension, name: context.enumValuesNamespace, members: [.type(tagDecl)])),
            .type(SwiftTypeDecl(kind: .extension, name: "AWSRuntime.AWSStringEnum", whereClause: "Values == \(tag)", members: constants)),
        ]
    }

    // MARK: structures

    /// How one member is declared and read/written.
    private struct MemberPlan {
        var member: Member
        var propertyName: String
        var storageName: String
        var type: String
        var isOptional: Bool
        var wrappers: [String]
        var isDeprecated: Bool
        var isPayload: Bool
        /// An event stream: read from the response's stream, or sent as the request's body; never validated.
        var isEventStream: Bool
        /// An output's streaming payload (`AWSByteStream`): the response body as it arrives; never validated.
        var isByteStream: Bool
    }

    private func plans(for shape: Shape, info: StructureInfo) throws -> [MemberPlan] {
        let names = try context.memberNames(of: shape.name)
        return info.members.map { member in
            let target = model.shape(named: member.shapeName)
            let isEventStream = context.isEventStream(member.shapeName)
            let isByteStream = context.isStreamingOutputPayload(member, in: shape.name)
            let type = context.memberType(member, in: shape.name)
            let isOptional = !context.isNonOptional(member, in: shape.name)
            var wrappers: [String] = []
            // Lists and maps of sensitive values too: their own description would print every element.
            if target.sensitive || model.holdsSensitiveData(target.name) { wrappers.append("@AWSRuntime.Redacted") }
            if context.boxedMembers.contains(shape.name + "." + member.name) { wrappers.append("@AWSRuntime.Boxed") }
            let propertyName = names[member.name]!
            let isDeprecated = member.reference.deprecated
            return MemberPlan(
                member: member, propertyName: propertyName,
                storageName: isDeprecated ? "_" + propertyName : propertyName,
                // A stream's description never shows its bytes, so a sensitive one needs no `Redacted`.
                type: type, isOptional: isOptional, wrappers: isEventStream || context.isStreamingPayload(member, in: shape.name) ? [] : wrappers,
                isDeprecated: isDeprecated,
                isPayload: info.payload == member.name, isEventStream: isEventStream, isByteStream: isByteStream
            )
        }
    }

    private func structure(_ shape: Shape, info: StructureInfo, typeName: String) throws -> SwiftTypeDecl {
        let plans = try plans(for: shape, info: info)
        let isError = info.exception != nil
        var members: [SwiftDecl] = []
        if let exception = info.exception {
            members.append(.property(SwiftPropertyDecl(
                doc: SwiftDoc(["The error code that identifies this error in a response."]),
                access: access, isStatic: true, name: "errorCode", type: "Swift.String", getter: [.return(.string(exception.code))]
            )))
            // Query-compatible services name an error by its shape in `__type` and by its query
            // code in `x-amzn-query-error`: the runtime must recognize both.
            if exception.code != shape.name {
                members.append(.property(SwiftPropertyDecl(
                    doc: SwiftDoc(["The model's name for this error, which JSON error bodies carry in `__type`."]),
                    access: access, isStatic: true, name: "errorShapeName", type: "Swift.String", getter: [.return(.string(shape.name))]
                )))
            }
        }
        // Stored properties: immutable, set through the initializers. A public `var` costs each
        // member a setter and a `modify` coroutine (with debug info and symbols): in a large
        // service that is a large share of compile time and object size (see BENCHMARKS.md).
        // Property wrappers need `var`, as does a paginator's input token; those get an
        // internal setter, so users see every member as read-only alike.
        for plan in plans {
            let fullType = plan.isOptional ? plan.type + "?" : plan.type
            let doc = context.doc(plan.member.reference.documentation)
            let needsVar = !plan.wrappers.isEmpty || context.paginatorTokenMembers.contains(shape.name + "." + plan.member.name)
            let readOnlyVarAccess = access == "internal" ? "internal" : access + " internal(set)"
            if plan.isDeprecated {
                members.append(.property(SwiftPropertyDecl(
                    attributes: plan.wrappers.map { .custom($0) }, access: needsVar ? "internal" : "private", isLet: !needsVar,
                    name: plan.storageName, type: fullType
                )))
                members.append(.property(SwiftPropertyDecl(
                    doc: doc, attributes: [.deprecated(message: plan.member.reference.deprecatedMessage)],
                    access: access, name: plan.propertyName, type: fullType,
                    getter: [.return(.identifier("self." + plan.storageName))]
                )))
            } else {
                members.append(.property(SwiftPropertyDecl(
                    doc: doc, attributes: plan.wrappers.map { .custom($0) }, access: needsVar ? readOnlyVarAccess : access,
                    isLet: !needsVar, name: plan.propertyName, type: fullType
                )))
            }
        }
        if isError {
            members.append(.property(SwiftPropertyDecl(
                doc: SwiftDoc(["The code, message, HTTP status and request id of the response."]),
                access: access, name: "errorMetadata", type: "AWSRuntime.AWSErrorMetadata",
                value: .call(.identifier("AWSRuntime.AWSErrorMetadata"), [])
            )))
        }
        // Memberwise initializer.
        let initOrder = plans.filter { !$0.isOptional } + plans.filter(\.isOptional)
        let parameters = initOrder.map { plan in
            SwiftParameter(
                label: plan.propertyName, name: plan.propertyName,
                type: plan.isOptional ? plan.type + "?" : plan.type,
                defaultValue: plan.isOptional ? .nil : nil
            )
        }
        members.append(.function(SwiftFunctionDecl(
            doc: SwiftDoc(["Creates the value; optional members default to `nil`."]),
            access: access, kind: .initializer, parameters: parameters,
            body: initOrder.map { .assign(.identifier("self." + Naming.escaped($0.storageName)), .identifier(Naming.escaped($0.propertyName))) }
        )))
        // An input's streaming payload also takes `Data`, as it did before it became a stream.
        if context.streamingPayloadInputs.contains(shape.name), let payload = initOrder.first(where: { $0.isPayload && $0.type == "AWSRuntime.AWSByteStream" }) {
            members.append(.function(SwiftFunctionDecl(
                doc: SwiftDoc(["Creates the value with the bytes of `\(payload.propertyName)` in memory; optional members default to `nil`."]),
                access: access, kind: .initializer,
                parameters: parameters.map { parameter in
                    parameter.name == payload.propertyName ? SwiftParameter(label: parameter.label, name: parameter.name, type: "Foundation.Data") : parameter
                },
                body: [.expression(.call(.identifier("self.init"), initOrder.map { plan in
                    let argument = SwiftExpr.identifier(Naming.escaped(plan.propertyName))
                    return SwiftArgument(plan.propertyName, plan.propertyName == payload.propertyName
                        ? .call(.identifier("AWSRuntime.AWSByteStream"), [SwiftArgument(nil, argument)]) : argument)
                }))]
            )))
        }
        // Reading.
        // An event is read from its message as an output is from its response (header and payload members).
        let isOutput = (context.isRESTProtocol && (context.outputShapes.contains(shape.name) || isError)) || info.isEvent
        let isInput = (context.isRESTProtocol && context.inputShapes.contains(shape.name)) || info.isEvent
        var readBody: [SwiftStatement] = plans.map { plan in
            .assign(.identifier("self." + Naming.escaped(plan.storageName)), readExpression(plan, httpBound: isOutput))
        }
        if isError { readBody.append(.assign(.identifier("self.errorMetadata"), .call(.identifier("AWSRuntime.AWSErrorMetadata"), []))) }
        members.append(.function(SwiftFunctionDecl(
            access: access, kind: .initializer,
            parameters: [SwiftParameter(label: "reader", name: "r", type: "AWSRuntime.ShapeReader")],
            isThrows: true, body: readBody
        )))
        // Writing.
        members.append(.function(SwiftFunctionDecl(
            access: access, kind: .function(name: "encode"),
            parameters: [SwiftParameter(label: "to", name: "w", type: "inout AWSRuntime.ShapeWriter")],
            body: plans.filter { !$0.isEventStream || context.inputEventStreams.contains($0.member.shapeName) }.flatMap { plan -> [SwiftStatement] in
                var statements = [writeStatement(plan, httpBound: isInput, keysLocatedMembersByName: isOutput && !isInput)]
                if plan.member.reference.hostLabel, context.inputShapes.contains(shape.name) {
                    statements.append(.expression(.call(.identifier("w.hostLabel"), [
                        SwiftArgument(nil, .string(plan.member.name)),
                        SwiftArgument(nil, .identifier("self." + Naming.escaped(plan.storageName))),
                    ])))
                }
                return statements
            }
        )))
        // Validation.
        if context.validatedShapes.contains(shape.name) {
            members.append(.function(SwiftFunctionDecl(
                access: access, kind: .function(name: "validate"),
                parameters: [SwiftParameter(label: "path", name: "path", type: "Swift.String")],
                isThrows: true, body: plans.filter { !$0.isEventStream && !$0.isByteStream }.flatMap(validation)
            )))
        }
        var doc = Documentation.markdown(shape.documentation)
        if let exception = info.exception {
            if !doc.isEmpty { doc.append("") }
            doc.append("Error code `\(exception.code)`" + (exception.httpStatusCode.map { ", HTTP status \($0)" } ?? "") + ".")
        }
        return SwiftTypeDecl(
            doc: doc.isEmpty ? nil : SwiftDoc(doc),
            access: access, kind: .struct, name: typeName,
            conformances: (isError ? ["AWSRuntime.AWSServiceErrorShape"] : [])
                + (context.validatedShapes.contains(shape.name) ? ["AWSRuntime.AWSValidatingShape"] : isError ? [] : ["AWSRuntime.AWSShape"])
                + Self.userConformances,
            members: members
        )
    }

    /// `AWSEndpointContextProviding` for an operation input with `contextParam` members: the
    /// members that feed endpoint rule-set parameters (strings, enums, booleans, string lists).
    private func endpointContext(_ shape: Shape, info: StructureInfo, typeName: String) throws -> SwiftTypeDecl? {
        guard context.options.generateClient, model.endpointRuleSet != nil, context.inputShapes.contains(shape.name),
            info.members.contains(where: { $0.reference.contextParam != nil })
        else { return nil }
        let valuesType = "[Swift.String: AWSRuntime.AWSEndpointValue]"
        var body: [SwiftStatement] = [.declare(isLet: false, name: "values", type: valuesType, value: .dictionary([]))]
        for plan in try plans(for: shape, info: info).sorted(by: { ($0.member.reference.contextParam ?? "") < ($1.member.reference.contextParam ?? "") }) {
            guard let parameter = plan.member.reference.contextParam else { continue }
            let target = model.shape(named: plan.member.shapeName)
            let value: (SwiftExpr) -> SwiftExpr
            switch target.kind {
            case .string(let values?) where !values.isEmpty:
                value = { .call(.identifier("AWSRuntime.AWSEndpointValue.string"), [SwiftArgument(nil, .member($0, "rawValue"))]) }
            case .string:
                value = { .call(.identifier("AWSRuntime.AWSEndpointValue.string"), [SwiftArgument(nil, $0)]) }
            case .boolean:
                value = { .call(.identifier("AWSRuntime.AWSEndpointValue.bool"), [SwiftArgument(nil, $0)]) }
            case .list(let element) where { if case .string(nil) = model.shape(named: element.shapeName).kind { true } else { false } }():
                value = { .call(.identifier("AWSRuntime.AWSEndpointValue.stringArray"), [SwiftArgument(nil, $0)]) }
            default:
                continue
            }
            let slot = SwiftExpr.identifier("values[" + SwiftRenderer.stringLiteral(parameter) + "]")
            let member = SwiftExpr.identifier("self." + plan.storageName)
            if plan.isOptional {
                body.append(.ifLet(name: "value", value: member, then: [.assign(slot, value(.identifier("value")))]))
            } else {
                body.append(.assign(slot, value(member)))
            }
        }
        body.append(.return(.identifier("values")))
        return SwiftTypeDecl(
            kind: .extension, name: typeName, conformances: ["AWSRuntime.AWSEndpointContextProviding"],
            members: [.property(SwiftPropertyDecl(
                doc: SwiftDoc(["The endpoint rule-set parameters this input's members set (`contextParam`)."]),
                access: access, name: "endpointContextParameters", type: valuesType, getter: body
            ))]
        )
    }

    private func formatArgument(_ plan: MemberPlan) -> SwiftArgument? {
        guard let format = context.timestampFormat(plan.member.reference) else { return nil }
        return SwiftArgument("format", .dot(format.rawValue))
    }

    private func readExpression(_ plan: MemberPlan, httpBound: Bool) -> SwiftExpr {
        let reference = plan.member.reference
        let required = !plan.isOptional
        let name = SwiftExpr.string(plan.member.name)
        let wire = SwiftExpr.string(plan.member.wireName)
        if plan.isEventStream {
            return .try(.call(.identifier(context.outputEventStreams.contains(plan.member.shapeName) ? "r.eventStream" : "r.inputEventStream"), []))
        }
        if plan.isByteStream { return .try(.call(.identifier("r.byteStream"), [SwiftArgument(nil, name)])) }
        if httpBound {
            switch reference.location {
            case .header:
                if reference.jsonValue {
                    return .try(.call(.identifier("r.jsonHeader"), [SwiftArgument(nil, name), SwiftArgument(nil, wire)]))
                }
                if isLenientExpiresHeader(plan) {
                    return .try(.call(.identifier("r.lenientHeader"), [SwiftArgument(nil, name), SwiftArgument(nil, wire)]))
                }
                return .try(.call(.identifier(required ? "r.requiredHeader" : "r.optionalHeader"), [SwiftArgument(nil, name), SwiftArgument(nil, wire)]))
            case .headers:
                // Without a locationName the map holds every header.
                let prefix = SwiftExpr.string(reference.locationName ?? "")
                let call = SwiftExpr.try(.call(.identifier("r.headerMap"), [SwiftArgument(nil, name), SwiftArgument("prefix", prefix)]))
                return required ? .binary(call, "??", .identifier("[:]")) : call
            case .statusCode:
                let call = SwiftExpr.try(.call(.identifier("r.statusCode"), [SwiftArgument(nil, name)]))
                return required ? .binary(call, "??", .int(0)) : call
            case .uri, .querystring:
                break
            case nil:
                if plan.isPayload {
                    let method = isStructurePayload(plan) ? (required ? "r.requiredStructurePayload" : "r.optionalStructurePayload")
                        : (required ? "r.requiredPayload" : "r.optionalPayload")
                    return .try(.call(.identifier(method), [SwiftArgument(nil, name)]))
                }
            }
        }
        let key = httpBound && reference.location != nil ? name : wire
        return .try(.call(.identifier(required ? "r.required" : "r.optional"), [SwiftArgument(nil, key)]))
    }

    /// S3's `Expires` header holds whatever the uploader set, often not a date: read it as botocore
    /// does (1.36 and later), nil when it does not parse, rather than failing the whole response.
    private func isLenientExpiresHeader(_ plan: MemberPlan) -> Bool {
        guard model.metadata.serviceId == "S3", plan.member.name == "Expires", plan.isOptional,
              case .timestamp = model.shape(named: plan.member.shapeName).kind else { return false }
        return true
    }

    /// A payload member of structure or union type (written as the protocol's body document),
    /// rather than a blob, string, enum or document.
    private func isStructurePayload(_ plan: MemberPlan) -> Bool {
        guard let info = model.shape(named: plan.member.shapeName).structure else { return false }
        return !info.isDocument
    }

    /// - Parameter keysLocatedMembersByName: the shape's JSON form keys its header, label, query and
    ///   status members by member name, as `init(reader:)` reads an output's JSON form (rather than
    ///   by wire name, which would lose `Content-Type` and the like on a round trip).
    private func writeStatement(_ plan: MemberPlan, httpBound: Bool, keysLocatedMembersByName: Bool = false) -> SwiftStatement {
        let reference = plan.member.reference
        let value: SwiftExpr = .identifier("self." + Naming.escaped(plan.storageName))
        let name = SwiftExpr.string(plan.member.name)
        let wire = SwiftExpr.string(plan.member.wireName)
        if plan.isEventStream {
            return .expression(.call(.identifier("w.eventStream"), [SwiftArgument(nil, name), SwiftArgument(nil, value)]))
        }
        if plan.isByteStream { return .expression(.call(.identifier("w.byteStream"), [SwiftArgument(nil, name), SwiftArgument(nil, value)])) }
        var valueExpression = value
        if reference.idempotencyToken {
            valueExpression = .binary(value, "??", .call(.identifier("w.idempotencyToken"), []))
        }
        if httpBound, let location = reference.location {
            var arguments = [SwiftArgument(nil, name), SwiftArgument(nil, wire), SwiftArgument(nil, valueExpression)]
            let method: String
            switch location {
            case .header:
                if reference.jsonValue { return .expression(.call(.identifier("w.jsonHeader"), arguments)) }
                method = "w.header"
            case .headers:
                return .expression(.call(.identifier("w.headerMap"), [SwiftArgument(nil, name), SwiftArgument("prefix", .string(reference.locationName ?? "")), SwiftArgument(nil, valueExpression)]))
            case .querystring:
                if case .map = model.shape(named: plan.member.shapeName).kind {
                    return .expression(.call(.identifier("w.queryMap"), [SwiftArgument(nil, name), SwiftArgument(nil, valueExpression)]))
                }
                method = "w.query"
            case .uri:
                method = "w.label"
            case .statusCode:
                return .expression(.call(.identifier("w.put"), [SwiftArgument(nil, name), SwiftArgument(nil, valueExpression)]))
            }
            if let format = formatArgument(plan) { arguments.append(format) }
            return .expression(.call(.identifier(method), arguments))
        }
        if httpBound, plan.isPayload {
            let method = isStructurePayload(plan) ? "w.structurePayload" : "w.payload"
            return .expression(.call(.identifier(method), [SwiftArgument(nil, name), SwiftArgument(nil, valueExpression)]))
        }
        let key = keysLocatedMembersByName && reference.location != nil ? name : wire
        var arguments = [SwiftArgument(nil, key), SwiftArgument(nil, valueExpression)]
        if case .timestamp = model.shape(named: plan.member.shapeName).kind, let format = formatArgument(plan) {
            arguments.append(format)
        }
        return .expression(.call(.identifier("w.put"), arguments))
    }

    private func validation(_ plan: MemberPlan) -> [SwiftStatement] {
        // A `jsonvalue` member is a JSON value in Swift; its model constraints are on the JSON text.
        if plan.member.reference.jsonValue { return [] }
        let target = model.shape(named: plan.member.shapeName)
        let value: SwiftExpr = .identifier("self." + Naming.escaped(plan.storageName))
        let path = SwiftArgument(nil, .identifier("path"))
        let member = SwiftArgument(nil, .string(plan.member.name))
        var statements: [SwiftStatement] = []
        // Bounds beyond Int64 (some models say max 1e20 for a long) constrain nothing.
        func int(_ value: Double?) -> SwiftExpr {
            guard let value, value.isFinite, abs(value) < 9.2e18 else { return .nil }
            return .int(Int64(value.rounded(.towardZero)))
        }
        func double(_ value: Double?) -> SwiftExpr { value.map { .double($0) } ?? .nil }
        if target.min != nil || target.max != nil {
            switch target.kind {
            case .string, .list, .map, .blob:
                statements.append(.expression(.try(.call(.identifier("AWSRuntime.Validation.length"), [
                    SwiftArgument(nil, value), SwiftArgument("min", int(target.min)), SwiftArgument("max", int(target.max)), path, member,
                ]))))
            case .integer, .long:
                statements.append(.expression(.try(.call(.identifier("AWSRuntime.Validation.range"), [
                    SwiftArgument(nil, value), SwiftArgument("min", int(target.min)), SwiftArgument("max", int(target.max)), path, member,
                ]))))
            case .float, .double:
                statements.append(.expression(.try(.call(.identifier("AWSRuntime.Validation.range"), [
                    SwiftArgument(nil, value), SwiftArgument("min", double(target.min)), SwiftArgument("max", double(target.max)), path, member,
                ]))))
            default: break
            }
        }
        if let pattern = target.pattern, case .string = target.kind, !plan.member.reference.jsonValue {
            statements.append(.expression(.try(.call(.identifier("AWSRuntime.Validation.pattern"), [
                SwiftArgument(nil, value), SwiftArgument(nil, .string(pattern)), path, member,
            ]))))
        }
        var elementStructure: String?
        switch target.kind {
        case .structure(let info) where !info.isDocument: elementStructure = plan.member.shapeName
        case .list(let member) where !target.sparse: elementStructure = member.shapeName
        case .map(_, let valueRef) where !target.sparse: elementStructure = valueRef.shapeName
        default: break
        }
        if let elementStructure, context.validatedShapes.contains(elementStructure), model.shape(named: elementStructure).structure?.isUnion == false {
            statements.append(.expression(.try(.call(.identifier("AWSRuntime.Validation.nested"), [
                SwiftArgument(nil, value), path, member,
            ]))))
        }
        return statements
    }

    // MARK: unions

    private func union(_ shape: Shape, info: StructureInfo, typeName: String) throws -> SwiftTypeDecl {
        let names = try context.memberNames(of: shape.name)
        var members: [SwiftDecl] = []
        for member in info.members {
            members.append(.enumCase(SwiftEnumCaseDecl(
                doc: context.doc(member.reference.documentation),
                name: names[member.name]!, associatedType: context.swiftType(member.reference)
            )))
        }
        members.append(.enumCase(SwiftEnumCaseDecl(
            doc: SwiftDoc(["A member this version of the model does not know, by its name on the wire."]),
            name: "sdkUnknown", associatedType: "Swift.String"
        )))
        members.append(contentsOf: unionReadingAndWriting(info.members, names: names))
        return SwiftTypeDecl(
            doc: context.doc(shape.documentation), access: access, kind: .enum, isIndirect: true, name: typeName,
            conformances: ["AWSRuntime.AWSShape"] + Self.userConformances, members: members
        )
    }

    /// A union's `init(reader:)` (the one member present, by its wire name) and `encode(to:)`.
    private func unionReadingAndWriting(_ unionMembers: [Member], names: [String: String]) -> [SwiftDecl] {
        var members: [SwiftDecl] = []
        var readCases: [(pattern: SwiftSwitchPattern, body: [SwiftStatement])] = unionMembers.map { member in
            (.stringLiteral(member.wireName), [.assign(.identifier("self"), .call(.identifier("." + Naming.escaped(names[member.name]!)), [
                SwiftArgument(nil, .try(.call(.identifier("r.required"), [SwiftArgument(nil, .identifier("member"))]))),
            ]))])
        }
        readCases.append((.default, [.assign(.identifier("self"), .call(.identifier(".sdkUnknown"), [SwiftArgument(nil, .identifier("member"))]))]))
        members.append(.function(SwiftFunctionDecl(
            access: access, kind: .initializer,
            parameters: [SwiftParameter(label: "reader", name: "r", type: "AWSRuntime.ShapeReader")],
            isThrows: true,
            body: [
                .declare(isLet: true, name: "member", type: nil, value: .try(.call(.identifier("r.unionMember"), []))),
                .switch(.identifier("member"), cases: readCases),
            ]
        )))
        var writeCases: [(pattern: SwiftSwitchPattern, body: [SwiftStatement])] = unionMembers.map { member in
            (.enumCase(names[member.name]!, binding: "value"), [.expression(.call(.identifier("w.put"), [
                SwiftArgument(nil, .string(member.wireName)), SwiftArgument(nil, .identifier("value")),
            ]))])
        }
        writeCases.append((.enumCase("sdkUnknown", binding: nil), []))
        members.append(.function(SwiftFunctionDecl(
            access: access, kind: .function(name: "encode"),
            parameters: [SwiftParameter(label: "to", name: "w", type: "inout AWSRuntime.ShapeWriter")],
            body: [.switch(.identifier("self"), cases: writeCases)]
        )))
        return members
    }

    /// An event-stream union: an enum with a case per event type. An output's is read from messages
    /// by their `:event-type`, with a map from the union's exception members to their error types;
    /// an input's writes each event as a message.
    private func eventStreamUnion(_ shape: Shape, info: StructureInfo, typeName: String) throws -> SwiftTypeDecl {
        let names = try context.memberNames(of: shape.name)
        let isOutput = context.outputEventStreams.contains(shape.name)
        let isInput = context.inputEventStreams.contains(shape.name)
        let events = info.members.filter { model.shape(named: $0.shapeName).structure?.exception == nil }
        let exceptions = info.members.filter { model.shape(named: $0.shapeName).structure?.exception != nil }
        var members: [SwiftDecl] = events.map { member in
            .enumCase(SwiftEnumCaseDecl(
                doc: context.doc(member.reference.documentation),
                name: names[member.name]!, associatedType: context.swiftType(member.reference)
            ))
        }
        members.append(.enumCase(SwiftEnumCaseDecl(
            doc: SwiftDoc(["An event this version of the model does not know, by its type: only read from a JSON form, as a",
                           "stream skips such events (and cannot send one)."]),
            name: "sdkUnknown", associatedType: "Swift.String"
        )))
        // Also a union shape of its events, so that an event has a JSON form (for logs, tests, `Codable`).
        members.append(contentsOf: unionReadingAndWriting(events, names: names))
        let message = SwiftArgument(nil, .identifier("message"))
        var eventCases: [(pattern: SwiftSwitchPattern, body: [SwiftStatement])] = events.map { member in
            (.stringLiteral(member.name), [.return(.call(.identifier("." + Naming.escaped(names[member.name]!)), [
                SwiftArgument(nil, .try(.call(.identifier("d.decode"), [message]))),
            ]))])
        }
        eventCases.append((.default, [.return(.nil)]))
        var exceptionCases: [(pattern: SwiftSwitchPattern, body: [SwiftStatement])] = exceptions.map { member in
            (.stringLiteral(member.name), [.return(.try(.call(.identifier("d.error"), [
                SwiftArgument(nil, .identifier(context.swiftType(member.reference) + ".self")), message,
            ])))])
        }
        exceptionCases.append((.default, [.return(.nil)]))
        let parameters = { (label: String) in [
            SwiftParameter(label: nil, name: label, type: "Swift.String"),
            SwiftParameter(label: "from", name: "message", type: "AWSRuntime.AWSEventStreamMessage"),
            SwiftParameter(label: "decoder", name: "d", type: "AWSRuntime.AWSEventDecoder"),
        ] }
        if isInput {
            var writeCases: [(pattern: SwiftSwitchPattern, body: [SwiftStatement])] = events.map { member in
                (.enumCase(names[member.name]!, binding: "value"), [.return(.try(.call(.identifier("e.message"), [
                    SwiftArgument(nil, .string(member.name)), SwiftArgument(nil, .identifier("value")),
                ])))])
            }
            writeCases.append((.enumCase("sdkUnknown", binding: "type"), [.throw(.call(.identifier("AWSRuntime.AWSEventEncoder.unknownEvent"), [
                SwiftArgument(nil, .identifier("type")),
            ]))]))
            members.append(.function(SwiftFunctionDecl(
                doc: SwiftDoc(["The event as the message an input stream sends."]),
                access: access, kind: .function(name: "eventMessage"),
                parameters: [SwiftParameter(label: "encoder", name: "e", type: "AWSRuntime.AWSEventEncoder")],
                isThrows: true, returnType: "AWSRuntime.AWSEventStreamMessage", body: [.switch(.identifier("self"), cases: writeCases)]
            )))
        }
        if isOutput {
            members.append(.function(SwiftFunctionDecl(
                doc: SwiftDoc(["The event a message of this type carries; nil for a type this model does not know."]),
                access: access, isStatic: true, kind: .function(name: "event"), parameters: parameters("eventType"),
                isThrows: true, returnType: "Self?", body: [.switch(.identifier("eventType"), cases: eventCases)]
            )))
            members.append(.function(SwiftFunctionDecl(
                doc: SwiftDoc(["The modelled error an exception message of this type carries; nil for one the model does not list."]),
                access: access, isStatic: true, kind: .function(name: "exception"), parameters: parameters("exceptionType"),
                isThrows: true, returnType: "(any Swift.Error)?", body: [.switch(.identifier("exceptionType"), cases: exceptionCases)]
            )))
        }
        var doc = Documentation.markdown(shape.documentation)
        if isOutput, !exceptions.isEmpty {
            if !doc.isEmpty { doc.append("") }
            doc.append(contentsOf: Documentation.wrap("Iterating throws " + exceptions.map { "``\(context.swiftType($0.reference))``" }.joined(separator: ", ")
                + " when the service sends that error as an event."))
        }
        return SwiftTypeDecl(
            doc: doc.isEmpty ? nil : SwiftDoc(doc), access: access, kind: .enum, isIndirect: true, name: typeName,
            conformances: ["AWSRuntime.AWSShape"] + (isOutput ? ["AWSRuntime.AWSEventStreamUnion"] : [])
                + (isInput ? ["AWSRuntime.AWSEventStreamInputUnion"] : []) + Self.userConformances,
            members: members
        )
    }

    /// Stated by every structure, union and error, and implemented by `AWSShape`'s extension
    /// (`AWSShape` does not refine them: see its documentation for why).
    static let userConformances = ["Swift.Codable", "Swift.Equatable"]
}
