import AWSModel

/// Translates the operations into the service client: one `async throws` method per
/// operation taking the input type, an overload taking the input's members, the service
/// descriptor, the error table and the paginators.
struct ClientTranslator: Sendable {
    let context: GenerationContext

    private var model: ServiceModel { context.model }
    private var access: String { context.access }
    var clientName: String { context.clientName }

    func client() throws -> [SwiftDecl] {
        let metadata = model.metadata
        var members: [SwiftDecl] = []
        func optionalString(_ value: String?) -> SwiftExpr { value.map { .string($0) } ?? .nil }
        members.append(.property(SwiftPropertyDecl(
            doc: SwiftDoc(["What the runtime needs to know about the service: names, protocol and errors."]),
            access: access, isStatic: true, isLet: true, name: "service", type: "AWSRuntime.AWSServiceDescriptor",
            value: .call(.identifier("AWSRuntime.AWSServiceDescriptor"), [
                SwiftArgument("serviceId", .string(metadata.serviceId)),
                SwiftArgument("signingName", .string(metadata.signingName)),
                SwiftArgument("endpointPrefix", .string(metadata.endpointPrefix)),
                SwiftArgument("apiVersion", .string(metadata.apiVersion)),
                SwiftArgument("protocolName", .string(metadata.protocolName)),
                SwiftArgument("targetPrefix", optionalString(metadata.targetPrefix)),
                SwiftArgument("jsonVersion", optionalString(metadata.jsonVersion)),
                SwiftArgument("globalEndpoint", optionalString(metadata.globalEndpoint)),
                SwiftArgument("errorTypes", .identifier("\(clientName).errorTypes")),
                SwiftArgument("endpointRuleSet", model.endpointRuleSet == nil ? .nil : .identifier("\(clientName).endpointRuleSet")),
            ] + (metadata.awsQueryCompatible ? [SwiftArgument("awsQueryCompatible", .bool(true))] : []) + authSchemesArgument())
        )))
        if let ruleSet = model.endpointRuleSet {
            members.append(.property(SwiftPropertyDecl(
                doc: SwiftDoc([
                    "The service's endpoint rule set (`endpoint-rule-set-1.json`), carried so that no file is",
                    "read at run time; the runtime parses it once and resolves every request's endpoint by it.",
                ]),
                access: access, isStatic: true, isLet: true, name: "endpointRuleSet", type: "Swift.String",
                value: .rawString(ruleSet.compactJSON)
            )))
        }
        members.append(.property(SwiftPropertyDecl(
            doc: SwiftDoc(["The runtime client that signs, sends and retries requests."]),
            access: access, isLet: true, name: "client", type: "AWSRuntime.AWSClient"
        )))
        members.append(.function(SwiftFunctionDecl(
            doc: SwiftDoc([
                "Creates a client. With the default configuration, region and credentials come from the",
                "environment and `~/.aws` files, and requests go to the service's public endpoint.",
            ]),
            access: access, kind: .initializer,
            parameters: [SwiftParameter(label: "configuration", name: "configuration", type: "AWSRuntime.AWSClientConfiguration", defaultValue: .call(.identifier("AWSRuntime.AWSClientConfiguration"), []))],
            body: [.assign(.identifier("self.client"), .call(.identifier("AWSRuntime.AWSClient"), [
                SwiftArgument("service", .identifier("Self.service")), SwiftArgument("configuration", .identifier("configuration")),
            ]))]
        )))
        members.append(.function(SwiftFunctionDecl(
            doc: SwiftDoc(["Creates a client on an existing runtime client (to share its configuration and connections)."]),
            access: access, kind: .initializer,
            parameters: [SwiftParameter(label: "client", name: "client", type: "AWSRuntime.AWSClient")],
            body: [.assign(.identifier("self.client"), .identifier("client"))]
        )))
        members.append(.function(SwiftFunctionDecl(
            doc: SwiftDoc([
                "Presigns an operation: its request signed in the URL for `expiresIn` (at most 7 days), for anyone",
                "to send without credentials: `presign(\(clientName).\(context.operations.first.map { descriptorName($0) } ?? "someOperation"), input: ...)`.",
            ]),
            access: access, kind: .function(name: "presign"),
            parameters: [
                SwiftParameter(label: "_", name: "operation", type: "AWSRuntime.AWSOperationDescriptor"),
                SwiftParameter(label: "input", name: "input", type: "some AWSRuntime.AWSShape"),
                SwiftParameter(label: "expiresIn", name: "expiresIn", type: "Swift.Duration", defaultValue: .call(.identifier(".seconds"), [SwiftArgument(nil, .int(3600))])),
            ],
            isAsync: true, isThrows: true, returnType: "AWSRuntime.AWSPresignedRequest",
            body: [.return(.try(.await(.call(.identifier("client.presign"), [
                SwiftArgument(nil, .identifier("operation")), SwiftArgument("input", .identifier("input")), SwiftArgument("expiresIn", .identifier("expiresIn")),
            ]))))]
        )))
        for operation in context.operations {
            members.append(.mark(operation.name))
            members.append(contentsOf: try methods(for: operation))
        }
        var doc = [ "\(metadata.serviceFullName) (service id `\(metadata.serviceId)`, API version \(metadata.apiVersion))." ]
        let serviceDoc = Documentation.markdown(model.documentation)
        if !serviceDoc.isEmpty { doc += [""] + serviceDoc }
        let client = SwiftTypeDecl(
            doc: SwiftDoc(doc), access: access, kind: .struct, name: clientName,
            conformances: ["Swift.Sendable"], members: members
        )
        let descriptors = SwiftTypeDecl(
            kind: .extension, name: clientName,
            members: context.operations.map { .property(operationDescriptor($0)) }
        )
        var declarations: [SwiftDecl] = [.type(client), .type(descriptors)]
        declarations.append(contentsOf: S3TransferTranslator(context: context).declarations())
        declarations.append(contentsOf: S3PresignedPostTranslator(context: context).declarations())
        if let legacy = context.legacyClientName {
            declarations.append(.typeAlias(
                doc: SwiftDoc(["The client's name before generated names kept AWS's acronyms; use ``\(clientName)``."]),
                access: "@available(*, deprecated, renamed: \(SwiftRenderer.stringLiteral(clientName))) \(access)",
                name: legacy, type: clientName
            ))
        }
        return declarations
    }

    func errorTable() -> [SwiftDecl] {
        let errors = context.generatedShapes.filter { model.shape(named: $0).structure?.exception != nil }
        return [.type(SwiftTypeDecl(
            kind: .extension, name: clientName,
            members: [.property(SwiftPropertyDecl(
                doc: SwiftDoc(["The modelled errors of the generated operations, matched by error code."]),
                access: access, isStatic: true, isLet: true, name: "errorTypes",
                type: "[any AWSRuntime.AWSServiceErrorShape.Type]",
                value: .array(errors.map { .identifier(context.typeNames[$0]! + ".self") })
            ))]
        ))]
    }

    private func descriptorName(_ operation: Operation) -> String {
        Naming.operationName(operation.name) + "Operation"
    }

    /// The service's auth schemes, where they are other than SigV4 alone (the runtime's default):
    /// `metadata.auth`, else `signatureVersion` (`bearer`: bearer auth only).
    private func authSchemesArgument() -> [SwiftArgument] {
        let schemes = model.metadata.auth.isEmpty
            ? (model.metadata.signatureVersion == "bearer" ? ["smithy.api#httpBearerAuth"] : [])
            : model.metadata.auth
        guard !schemes.isEmpty, schemes != ["aws.auth#sigv4"] else { return [] }
        return [SwiftArgument("authSchemes", .array(schemes.map { .string($0) }))]
    }

    /// A computed property rather than a `static let`: a lazily initialized global costs each
    /// operation an addressor, a one-time initializer and a token (about 0.2 MB of Bedrock's
    /// object code), and building the descriptor is a few stores.
    private func operationDescriptor(_ operation: Operation) -> SwiftPropertyDecl {
        SwiftPropertyDecl(
            doc: SwiftDoc(["How the runtime calls `\(operation.name)` (to presign it, or call it through `client`)."]),
            access: access, isStatic: true, name: descriptorName(operation), type: "AWSRuntime.AWSOperationDescriptor",
            getter: [.return(.call(.identifier("AWSRuntime.AWSOperationDescriptor"), [
                SwiftArgument("name", .string(operation.wireName)),
                SwiftArgument("method", .string(operation.http.method)),
                SwiftArgument("requestURI", .string(requestURI(operation))),
                SwiftArgument("responseCode", operation.http.responseCode.map { .int(Int64($0)) } ?? .nil),
                SwiftArgument("hostPrefix", operation.hostPrefix.map { .string($0) } ?? .nil),
                SwiftArgument("unsignedPayload", .bool(operation.unsignedPayload || operation.authType == "v4-unsigned-body")),
                SwiftArgument("requiresNoAuth", .bool(operation.authType == "none" || operation.auth == ["smithy.api#noAuth"])),
            ] + endpointContextArguments(operation) + checksumArguments(operation) + streamingArguments(operation)))]
        )
    }

    /// The request URI as sent. S3's endpoint rules place the bucket (in the host, or in the path
    /// for path-style and IP endpoints), so the `/{Bucket}` segment leaves the template, as every
    /// AWS SDK does.
    private func requestURI(_ operation: Operation) -> String {
        let uri = operation.http.requestUri
        guard model.metadata.serviceId == "S3", model.endpointRuleSet != nil, uri.hasPrefix("/{Bucket}") else { return uri }
        let rest = uri.dropFirst("/{Bucket}".count)
        return rest.hasPrefix("/") ? String(rest) : "/" + rest
    }

    /// The checksum settings, only for the operations that have them: `requiresRequestChecksum`,
    /// and from `httpChecksum` the headers of the members that choose the request's algorithm and
    /// ask for the response's checksum (their wire names: the runtime reads the serialized
    /// request), and the response's algorithms.
    private func checksumArguments(_ operation: Operation) -> [SwiftArgument] {
        var arguments: [SwiftArgument] = []
        if operation.httpChecksumRequired { arguments.append(SwiftArgument("requiresRequestChecksum", .bool(true))) }
        guard let trait = operation.httpChecksum else { return arguments }
        let input = operation.input.flatMap { model.shape(named: $0.shapeName).structure }
        func header(_ memberName: String?) -> String? {
            guard let memberName, let member = input?.members.first(where: { $0.name == memberName }),
                  member.reference.location == .header else { return nil }
            return member.wireName
        }
        if let name = header(trait.requestAlgorithmMember) { arguments.append(SwiftArgument("requestChecksumAlgorithmHeader", .string(name))) }
        if let name = header(trait.requestValidationModeMember) { arguments.append(SwiftArgument("checksumValidationModeHeader", .string(name))) }
        if !trait.responseAlgorithms.isEmpty {
            arguments.append(SwiftArgument("responseChecksumAlgorithms", .array(trait.responseAlgorithms.map { .string($0) })))
        }
        return arguments
    }

    /// `streamsOutputPayload`, only for the operations whose output payload is a streaming blob.
    private func streamingArguments(_ operation: Operation) -> [SwiftArgument] {
        guard let output = operation.output, context.streamingPayloadOutputs.contains(output.shapeName) else { return [] }
        return [SwiftArgument("streamsOutputPayload", .bool(true))]
    }

    /// `staticContextParams`, `operationContextParams` and the result wrapper, only when the operation has them.
    private func endpointContextArguments(_ operation: Operation) -> [SwiftArgument] {
        var arguments: [SwiftArgument] = []
        let statics = operation.staticContextParams.sorted { $0.key < $1.key }.compactMap { name, value -> (key: SwiftExpr, value: SwiftExpr)? in
            guard let expression = Self.endpointValue(value) else { return nil }
            return (key: .string(name), value: expression)
        }
        if !statics.isEmpty { arguments.append(SwiftArgument("staticContextParameters", .dictionary(statics))) }
        if !operation.operationContextParams.isEmpty {
            arguments.append(SwiftArgument("operationContextParameters", .dictionary(
                operation.operationContextParams.sorted { $0.key < $1.key }.map { (key: .string($0.key), value: .string($0.value)) }
            )))
        }
        if let wrapper = operation.output?.resultWrapper { arguments.append(SwiftArgument("resultWrapper", .string(wrapper))) }
        if model.metadata.protocolName == "rest-xml", let input = operation.input {
            // The body's root element: the input reference's name and namespace, else the shape's
            // (its `locationName`, else its name in the model).
            let shape = model.shape(named: input.shapeName)
            arguments.append(SwiftArgument("inputXMLName", .string(input.locationName ?? shape.locationName ?? input.shapeName)))
            if let namespace = (input.xmlNamespace ?? shape.xmlNamespace).flatMap(SchemaTranslator(context: context).namespace) {
                arguments.append(SwiftArgument("inputXMLNamespace", namespace))
            }
        }
        return arguments
    }

    /// An `AWSEndpointValue` literal for a static parameter value (strings, booleans, string lists).
    static func endpointValue(_ value: RawAnyJSON) -> SwiftExpr? {
        switch value {
        case .string(let text): return .call(.identifier("AWSRuntime.AWSEndpointValue.string"), [SwiftArgument(nil, .string(text))])
        case .bool(let flag): return .call(.identifier("AWSRuntime.AWSEndpointValue.bool"), [SwiftArgument(nil, .bool(flag))])
        case .array(let items):
            let strings = items.compactMap { item -> SwiftExpr? in if case .string(let text) = item { .string(text) } else { nil } }
            guard strings.count == items.count else { return nil }
            return .call(.identifier("AWSRuntime.AWSEndpointValue.stringArray"), [SwiftArgument(nil, .array(strings))])
        default: return nil
        }
    }

    /// Whether the operation's output streams events or bytes (and the call must not buffer the body).
    private func streamsOutput(_ operation: Operation) -> Bool {
        guard let output = operation.output, let info = model.shape(named: output.shapeName).structure else { return false }
        return context.streamingPayloadOutputs.contains(output.shapeName) || info.members.contains { context.outputEventStreams.contains($0.shapeName) }
    }

    private func methods(for operation: Operation) throws -> [SwiftDecl] {
        let name = Naming.operationName(operation.name)
        let inputType = operation.input.map { context.typeNames[$0.shapeName]! } ?? "AWSRuntime.AWSEmptyShape"
        let outputType = operation.output.map { context.typeNames[$0.shapeName]! }
        var doc = Documentation.markdown(operation.documentation)
        let errorNames = operation.errors.map { context.typeNames[$0.shapeName]! }
        if !doc.isEmpty { doc.append("") }
        doc.append(contentsOf: Documentation.wrap("- Throws: " + (errorNames.isEmpty ? "" : errorNames.map { "``\($0)``" }.joined(separator: ", ") + "; ")
            + "`AWSRuntime.AWSUnknownServiceError` for other error codes, `AWSRuntime.AWSValidationError` "
            + "when the input breaks the model's constraints (nothing is sent), `AWSRuntime.AWSClientError` when the call cannot complete."))
        var attributes: [SwiftAttribute] = []
        if operation.deprecated { attributes.append(.deprecated(message: operation.deprecatedMessage)) }

        var executeArguments = [
            SwiftArgument(nil, .identifier("Self." + descriptorName(operation))),
            SwiftArgument("input", .identifier("input")),
        ]
        if let outputType { executeArguments.append(SwiftArgument("output", .identifier(outputType + ".self"))) }
        let executeName = streamsOutput(operation) ? "client.executeStreaming" : "client.execute"
        let execute: SwiftExpr = .try(.await(.call(.identifier(executeName), executeArguments)))

        var declarations: [SwiftDecl] = []
        let hasInput = operation.input != nil
        declarations.append(.function(SwiftFunctionDecl(
            doc: SwiftDoc(doc), attributes: attributes, access: access, kind: .function(name: name),
            parameters: hasInput ? [SwiftParameter(label: nil, name: "input", type: inputType)] : [],
            isAsync: true, isThrows: true, returnType: outputType,
            body: (hasInput ? [] : [.declare(isLet: true, name: "input", type: nil, value: .call(.identifier("AWSRuntime.AWSEmptyShape"), []))])
                + [outputType == nil ? .expression(execute) : .return(execute)]
        )))
        // The overload with the input's members as arguments, required ones first.
        if let input = operation.input, let (ordered, names, parameters, initArguments) = try memberArguments(of: operation) {
            declarations.append(.function(SwiftFunctionDecl(
                doc: SwiftDoc(["Calls `\(operation.name)` with the members of ``\(inputType)`` as arguments; see ``\(name)(_:)``."]),
                attributes: attributes, access: access, kind: .function(name: name),
                parameters: parameters, isAsync: true, isThrows: true, returnType: outputType,
                body: [
                    .declare(isLet: true, name: "input", type: nil, value: .call(.identifier(inputType), initArguments)),
                    outputType == nil ? .expression(execute) : .return(execute),
                ]
            )))
            // A streaming payload also taken as `Data`, as it was before it became a stream.
            if let payload = ordered.first(where: { context.isStreamingPayload($0, in: input.shapeName) }) {
                let payloadName = names[payload.name]!
                let call: SwiftExpr = .try(.await(.call(.identifier("self." + name), ordered.map { member in
                    let argument = SwiftExpr.identifier(Naming.escaped(names[member.name]!))
                    return SwiftArgument(names[member.name]!, member.name == payload.name
                        ? .call(.identifier("AWSRuntime.AWSByteStream"), [SwiftArgument(nil, argument)]) : argument)
                })))
                declarations.append(.function(SwiftFunctionDecl(
                    doc: SwiftDoc(["Calls `\(operation.name)` with `\(payloadName)` in memory; see ``\(name)(_:)``."]),
                    attributes: attributes, access: access, kind: .function(name: name),
                    parameters: parameters.map { $0.name == payloadName ? SwiftParameter(label: $0.label, name: $0.name, type: "Foundation.Data") : $0 },
                    isAsync: true, isThrows: true, returnType: outputType,
                    body: [outputType == nil ? .expression(call) : .return(call)]
                )))
            }
        }
        return declarations
    }

    /// The input's members as arguments (required ones first, optional ones defaulting to nil),
    /// and the arguments of the input's initializer that take them; nil without input.
    func memberArguments(of operation: Operation) throws -> (
        members: [Member], names: [String: String], parameters: [SwiftParameter], initArguments: [SwiftArgument]
    )? {
        guard let input = operation.input, let info = model.shape(named: input.shapeName).structure else { return nil }
        let names = try context.memberNames(of: input.shapeName)
        let inputShape = input.shapeName
        let ordered = info.members.filter { context.isNonOptional($0, in: inputShape) } + info.members.filter { !context.isNonOptional($0, in: inputShape) }
        let parameters = ordered.map { member -> SwiftParameter in
            let type = context.memberType(member, in: inputShape)
            let optional = !context.isNonOptional(member, in: inputShape)
            return SwiftParameter(label: names[member.name]!, name: names[member.name]!, type: optional ? type + "?" : type, defaultValue: optional ? .nil : nil)
        }
        let initArguments = ordered.map { SwiftArgument(names[$0.name]!, .identifier(Naming.escaped(names[$0.name]!))) }
        return (ordered, names, parameters, initArguments)
    }

}
