import AWSModel

/// Gives every structure of a `query`, `ec2` or `rest-xml` service its wire schema
/// (`AWSSchemaShape`): element names, attributes, namespaces, flattened lists and maps. JSON
/// services need none, so they pay nothing for it at compile time.
struct SchemaTranslator: Sendable {
    let context: GenerationContext

    static let protocols: Set<String> = ["query", "ec2", "rest-xml", "smithy-rpc-v2-cbor"]

    var isNeeded: Bool { Self.protocols.contains(context.model.metadata.protocolName) }

    func schemaExtension(_ shape: Shape, info: StructureInfo, typeName: String) -> SwiftTypeDecl {
        var arguments = [SwiftArgument("members", .array(info.members.map(member)))]
        if let name = shape.locationName { arguments.append(SwiftArgument("xmlName", .string(name))) }
        if let namespace = shape.xmlNamespace.flatMap(namespace) { arguments.append(SwiftArgument("xmlNamespace", namespace)) }
        if info.isUnion { arguments.append(SwiftArgument("isUnion", .bool(true))) }
        if let payload = info.payload { arguments.append(SwiftArgument("payload", .string(payload))) }
        return SwiftTypeDecl(
            kind: .extension, name: typeName, conformances: ["AWSRuntime.AWSSchemaShape"],
            members: [.property(SwiftPropertyDecl(
                doc: SwiftDoc(["How the members are named and nested on the wire."]),
                access: context.access, isStatic: true, isLet: true, name: "schema", type: "AWSRuntime.AWSShapeSchema",
                value: .call(.identifier("AWSRuntime.AWSShapeSchema"), arguments)
            ))]
        )
    }

    private func member(_ member: Member) -> SwiftExpr {
        let reference = member.reference
        var arguments = [SwiftArgument("key", .string(member.wireName)), SwiftArgument("name", .string(member.name))]
        if let queryName = reference.queryName { arguments.append(SwiftArgument("queryName", .string(queryName))) }
        if let location = reference.location {
            let name: String = switch location {
            case .header: "header"
            case .headers: "headers"
            case .querystring: "query"
            case .uri: "uri"
            case .statusCode: "statusCode"
            }
            arguments.append(SwiftArgument("location", .dot(name)))
        }
        if reference.xmlAttribute { arguments.append(SwiftArgument("isAttribute", .bool(true))) }
        if let namespace = reference.xmlNamespace.flatMap(namespace) { arguments.append(SwiftArgument("xmlNamespace", namespace)) }
        arguments.append(SwiftArgument("value", value(reference)))
        return .call(.identifier("AWSRuntime.AWSMemberSchema"), arguments)
    }

    func namespace(_ namespace: XMLNamespace) -> SwiftExpr? {
        guard let uri = namespace.uri else { return nil }
        return .call(.identifier("AWSRuntime.AWSXMLNamespace"), [SwiftArgument("uri", .string(uri)), SwiftArgument("prefix", namespace.prefix.map { .string($0) } ?? .nil)])
    }

    private func value(_ reference: ShapeReference) -> SwiftExpr {
        func scalar(_ name: String) -> SwiftExpr { .call(.identifier("AWSRuntime.AWSValueSchema.scalar"), [SwiftArgument(nil, .dot(name))]) }
        func optionalString(_ text: String?) -> SwiftExpr { text.map { .string($0) } ?? .nil }
        if reference.jsonValue { return scalar("string") }
        let shape = context.model.shape(named: reference.shapeName)
        switch shape.kind {
        case .structure(let info) where info.isDocument:
            return .identifier("AWSRuntime.AWSValueSchema.document")
        case .structure where context.isEventStream(reference.shapeName):
            // Sent or read as an event stream, not as the body: no members on the wire here.
            return .call(.identifier("AWSRuntime.AWSValueSchema.structure"), [SwiftArgument(nil, .closure(params: [], body: [
                .expression(.call(.identifier("AWSRuntime.AWSShapeSchema"), [SwiftArgument("members", .array([]))])),
            ]))])
        case .structure:
            let typeName = context.typeNames[reference.shapeName]!
            return .call(.identifier("AWSRuntime.AWSValueSchema.structure"), [SwiftArgument(nil, .closure(params: [], body: [.expression(.identifier(typeName + ".schema"))]))])
        case .list(let item):
            return .call(.identifier("AWSRuntime.AWSValueSchema.list"), [
                SwiftArgument(nil, value(item)),
                SwiftArgument("memberName", optionalString(item.locationName)),
                SwiftArgument("memberNamespace", item.xmlNamespace.flatMap(namespace) ?? .nil),
                SwiftArgument("flattened", .bool(reference.flattened || shape.flattened)),
            ])
        case .map(let key, let valueReference):
            return .call(.identifier("AWSRuntime.AWSValueSchema.map"), [
                SwiftArgument(nil, value(valueReference)),
                SwiftArgument("keyName", optionalString(key.locationName)),
                SwiftArgument("valueName", optionalString(valueReference.locationName)),
                SwiftArgument("flattened", .bool(reference.flattened || shape.flattened)),
                SwiftArgument("keyNamespace", key.xmlNamespace.flatMap(namespace) ?? .nil),
                SwiftArgument("valueNamespace", valueReference.xmlNamespace.flatMap(namespace) ?? .nil),
            ])
        case .string: return scalar("string")
        case .integer, .long: return scalar("integer")
        case .float: return scalar("float")
        case .double: return scalar("double")
        case .boolean: return scalar("boolean")
        case .blob: return scalar("blob")
        case .timestamp:
            let format = context.timestampFormat(reference).map { SwiftExpr.dot($0.rawValue) } ?? .nil
            return .call(.identifier("AWSRuntime.AWSValueSchema.scalar"), [SwiftArgument(nil, .call(.dot("timestamp"), [SwiftArgument(nil, format)]))])
        }
    }
}
