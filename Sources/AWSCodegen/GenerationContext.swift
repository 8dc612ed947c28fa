import AWSModel

/// What every translator needs to know about the model being generated: which operations and
/// shapes are in scope, the Swift name of each shape, and which members need boxing.
struct GenerationContext: Sendable {
    let model: ServiceModel
    let options: GeneratorOptions
    /// Selected operations, sorted by name.
    let operations: [Operation]
    /// Shapes that become Swift types (structures, unions, errors, string enums), sorted.
    let generatedShapes: [String]
    /// Swift type name by shape name, for generated shapes.
    let typeNames: [String: String]
    /// Earlier Swift names of shapes that this release's naming rules renamed, by shape name: each is
    /// declared as a deprecated alias.
    let legacyTypeNames: [String: String]
    /// The client type (`SQSClient`).
    let clientName: String
    /// The client's earlier name (`SqsClient`), generated as a deprecated alias; nil when it is the
    /// same, or when a shape has taken it.
    let legacyClientName: String?
    /// The namespace enum that holds each string enum's tag type (`BedrockEnumValues.Status` in
    /// `typealias Status = AWSStringEnum<BedrockEnumValues.Status>`); one name for the service,
    /// so the tags cannot collide with shape names.
    let enumValuesNamespace: String
    /// Shapes used as an operation's input, and as an output.
    let inputShapes: Set<String>
    /// `Shape.member` of the input members a paginator sets (its input token): the one kind of
    /// member the generated code changes after creating a value, so it keeps an internal setter.
    let paginatorTokenMembers: Set<String>
    let outputShapes: Set<String>
    /// Event-stream unions that operations' outputs stream, and that inputs send: each becomes an
    /// enum of its events, and the member that holds it an `AWSEventStream` of it.
    let outputEventStreams: Set<String>
    let inputEventStreams: Set<String>
    /// Outputs whose payload is a streaming blob (S3's `GetObjectOutput`): that member is an
    /// `AWSByteStream`, read as the caller iterates.
    let streamingPayloadOutputs: Set<String>
    /// Inputs whose payload is a streaming blob (S3's `PutObjectRequest`): that member is an
    /// `AWSByteStream` too, given as bytes, a file or a stream.
    let streamingPayloadInputs: Set<String>
    /// Whether `member` of `structure` is an output's streaming payload.
    func isStreamingOutputPayload(_ member: Member, in structure: String?) -> Bool {
        guard let structure, streamingPayloadOutputs.contains(structure) else { return false }
        return model.shape(named: structure).structure?.payload == member.name
    }
    /// Whether `member` of `structure` is an input's or an output's streaming payload (`AWSByteStream`).
    func isStreamingPayload(_ member: Member, in structure: String?) -> Bool {
        guard let structure, streamingPayloadOutputs.contains(structure) || streamingPayloadInputs.contains(structure) else { return false }
        return model.shape(named: structure).structure?.payload == member.name
    }
    /// Whether a shape is an event-stream union of an input or an output.
    func isEventStream(_ shapeName: String) -> Bool {
        outputEventStreams.contains(shapeName) || inputEventStreams.contains(shapeName)
    }
    /// Structures in a recursive cycle of direct (non-collection) structure members:
    /// `(structure, member)` pairs whose member must be boxed.
    let boxedMembers: Set<String>
    /// Structures whose `validate(path:)` has something to check.
    let validatedShapes: Set<String>
    let access: String
    let isRESTProtocol: Bool

    init(model: ServiceModel, options: GeneratorOptions) throws {
        self.model = model
        self.options = options
        access = options.accessModifier.rawValue
        isRESTProtocol = model.metadata.protocolName.hasPrefix("rest-")

        // 1. Operations in scope.
        if let wanted = options.operations {
            let known = Set(model.operations.map(\.name))
            let unknown = wanted.filter { !known.contains($0) }
            if !unknown.isEmpty {
                throw CodegenError(file: model.sourcePath, path: "$.operations", message: "the operations filter names operations the model does not have: \(unknown.sorted().joined(separator: ", "))")
            }
            let set = Set(wanted)
            operations = model.operations.filter { set.contains($0.name) }
        } else {
            operations = model.operations
        }

        // 2. The closure of shapes they reach.
        var reached: Set<String> = []
        var stack: [String] = []
        var inputs: Set<String> = []
        var outputs: Set<String> = []
        for operation in operations {
            if let input = operation.input { stack.append(input.shapeName); inputs.insert(input.shapeName) }
            if let output = operation.output { stack.append(output.shapeName); outputs.insert(output.shapeName) }
            stack.append(contentsOf: operation.errors.map(\.shapeName))
        }
        while let name = stack.popLast() {
            guard reached.insert(name).inserted else { continue }
            let shape = model.shape(named: name)
            switch shape.kind {
            case .structure(let info): stack.append(contentsOf: info.members.map(\.shapeName))
            case .list(let member): stack.append(member.shapeName)
            case .map(let key, let value): stack.append(contentsOf: [key.shapeName, value.shapeName])
            default: break
            }
        }
        inputShapes = inputs
        outputShapes = outputs
        func eventStreams(_ structures: Set<String>) -> Set<String> {
            Set(structures.flatMap { name in
                (model.shape(named: name).structure?.members ?? []).map(\.shapeName).filter {
                    model.shape(named: $0).structure?.isEventStream == true
                }
            })
        }
        outputEventStreams = eventStreams(outputs)
        inputEventStreams = eventStreams(inputs)
        func hasStreamingPayload(_ name: String) -> Bool {
            guard let info = model.shape(named: name).structure, let payload = info.payload,
                  let member = info.members.first(where: { $0.name == payload }) else { return false }
            // botocore marks the stream on the member (S3) or on the blob shape (Polly).
            guard case .blob(let streaming) = model.shape(named: member.shapeName).kind else { return false }
            return streaming || member.reference.streaming
        }
        streamingPayloadOutputs = outputs.filter(hasStreamingPayload)
        streamingPayloadInputs = Set(operations.compactMap(\.input?.shapeName)).filter(hasStreamingPayload)
        paginatorTokenMembers = Set(operations.flatMap { operation -> [String] in
            guard let input = operation.input, let paginator = model.paginators[operation.name] else { return [] }
            var members = paginator.inputTokens.map { input.shapeName + "." + $0 }
            if let output = operation.output, let info = model.shapes[output.shapeName]?.structure,
               let result = PaginatorTranslator.primaryResult(paginator, output: info, model: model) {
                members.append(output.shapeName + "." + result.name)
            }
            return members
        })

        // 3. Which reached shapes become types, and their names (checked for collisions).
        var generated: [String] = []
        for name in reached.sorted() {
            let shape = model.shape(named: name)
            switch shape.kind {
            case .structure(let info) where !info.isDocument: generated.append(name)
            case .string(let values?) where !values.isEmpty: generated.append(name)
            default: break
            }
        }
        generatedShapes = generated
        var names: [String: String] = [:]
        var owners: [String: String] = [:]
        guard GeneratorOptions.isValidTypeNamePrefix(options.typeNamePrefix) else {
            throw CodegenError(file: model.sourcePath, path: "$", message: "the type name prefix '\(options.typeNamePrefix)' is not an identifier")
        }
        let clientName = options.typeNamePrefix + Naming.clientName(serviceId: model.metadata.serviceId)
        owners[clientName] = "the client type"
        self.clientName = clientName
        for name in generated {
            let shape = model.shape(named: name)
            var swiftName = options.typeNamePrefix.isEmpty ? Naming.typeName(name) : options.typeNamePrefix + Naming.typeName(name).drop(while: { $0 == "_" })
            if shape.deprecated { swiftName = "_" + swiftName }
            if let owner = owners[swiftName] {
                throw CodegenError(file: model.sourcePath, path: "$.shapes.\(name)", message: "the shape's Swift name '\(swiftName)' collides with \(owner.hasPrefix("the") ? owner : "the shape '\(owner)'")")
            }
            owners[swiftName] = name
            names[name] = swiftName
        }
        typeNames = names
        // A shape renamed by this release's rules (`ObjectIdentifier` → `ObjectIdentifierShape`) keeps
        // its earlier name as a deprecated alias, unless that name is taken.
        var legacyNames: [String: String] = [:]
        for name in generated {
            let shape = model.shape(named: name)
            guard options.typeNamePrefix.isEmpty, !shape.deprecated else { continue }
            let legacy = Naming.legacyTypeName(name)
            if legacy != names[name], owners[legacy] == nil {
                legacyNames[name] = legacy
                owners[legacy] = "the deprecated alias of '\(name)'"
            }
        }
        legacyTypeNames = legacyNames
        let legacyClientName = options.typeNamePrefix + Naming.legacyClientName(serviceId: model.metadata.serviceId)
        self.legacyClientName = legacyClientName == clientName || owners[legacyClientName] != nil ? nil : legacyClientName
        if let alias = self.legacyClientName { owners[alias] = "the client's deprecated alias" }
        // Chosen after the shapes' names, so a shape that happens to have this name keeps it.
        var namespace = options.typeNamePrefix + Naming.typeName(model.metadata.serviceId) + "EnumValues"
        while owners[namespace] != nil { namespace += "_" }
        enumValuesNamespace = namespace

        // 4. Recursion: strongly connected components of direct structure → structure members.
        var edges: [String: [String]] = [:]
        for name in generated {
            guard let info = model.shape(named: name).structure, !info.isUnion else { continue }
            edges[name] = info.members.compactMap { member in
                let target = model.shape(named: member.shapeName)
                guard let targetInfo = target.structure, !targetInfo.isUnion, !targetInfo.isDocument else { return nil }
                return member.shapeName
            }
        }
        let components = Self.stronglyConnectedComponents(nodes: generated, edges: edges)
        var component: [String: Int] = [:]
        for (index, members) in components.enumerated() { for node in members { component[node] = index } }
        var boxed: Set<String> = []
        for (name, targets) in edges {
            for target in targets where component[target] == component[name] {
                if components[component[name]!].count > 1 || target == name {
                    for member in model.shape(named: name).structure!.members where member.shapeName == target {
                        boxed.insert(name + "." + member.name)
                    }
                }
            }
        }
        boxedMembers = boxed

        // 5. Validation: shapes with constraints on their members, or that contain such shapes.
        var validated: Set<String> = []
        var changed = true
        func hasConstraint(_ shape: Shape) -> Bool {
            switch shape.kind {
            case .string, .list, .map, .blob, .integer, .long, .float, .double:
                return shape.min != nil || shape.max != nil || shape.pattern != nil
            default: return false
            }
        }
        func elementStructure(_ name: String) -> String? {
            let shape = model.shape(named: name)
            switch shape.kind {
            case .structure(let info) where !info.isDocument: return name
            case .list(let member): return model.shape(named: member.shapeName).structure.map { _ in member.shapeName }
            case .map(_, let value): return model.shape(named: value.shapeName).structure.map { _ in value.shapeName }
            default: return nil
            }
        }
        // Only what is sent is checked: shapes reachable from an operation's input.
        var inputReachable: Set<String> = []
        var pending = Array(inputs)
        while let name = pending.popLast() {
            guard inputReachable.insert(name).inserted else { continue }
            switch model.shape(named: name).kind {
            case .structure(let info): pending.append(contentsOf: info.members.map(\.shapeName))
            case .list(let member): pending.append(member.shapeName)
            case .map(_, let value): pending.append(value.shapeName)
            default: break
            }
        }
        let structures = generated.filter { model.shape(named: $0).structure != nil && inputReachable.contains($0) }
        for name in structures {
            let info = model.shape(named: name).structure!
            if info.members.contains(where: { hasConstraint(model.shape(named: $0.shapeName)) }) { validated.insert(name) }
        }
        while changed {
            changed = false
            for name in structures where !validated.contains(name) {
                let info = model.shape(named: name).structure!
                if info.members.contains(where: { member in elementStructure(member.shapeName).map(validated.contains) ?? false }) {
                    validated.insert(name)
                    changed = true
                }
            }
        }
        validatedShapes = validated
    }

    /// Tarjan's algorithm, iterative so deep models cannot overflow the stack; components
    /// come out in a deterministic order for sorted input.
    static func stronglyConnectedComponents(nodes: [String], edges: [String: [String]]) -> [[String]] {
        var index = 0
        var indices: [String: Int] = [:]
        var lowlinks: [String: Int] = [:]
        var onStack: Set<String> = []
        var stack: [String] = []
        var result: [[String]] = []
        for root in nodes where indices[root] == nil {
            var work: [(node: String, edgeIndex: Int)] = [(root, 0)]
            indices[root] = index; lowlinks[root] = index; index += 1
            stack.append(root); onStack.insert(root)
            while !work.isEmpty {
                let (node, edgeIndex) = work[work.count - 1]
                let targets = edges[node] ?? []
                if edgeIndex < targets.count {
                    work[work.count - 1].edgeIndex += 1
                    let target = targets[edgeIndex]
                    if indices[target] == nil {
                        indices[target] = index; lowlinks[target] = index; index += 1
                        stack.append(target); onStack.insert(target)
                        work.append((target, 0))
                    } else if onStack.contains(target) {
                        lowlinks[node] = min(lowlinks[node]!, indices[target]!)
                    }
                } else {
                    work.removeLast()
                    if let parent = work.last {
                        lowlinks[parent.node] = min(lowlinks[parent.node]!, lowlinks[node]!)
                    }
                    if lowlinks[node] == indices[node] {
                        var component: [String] = []
                        while let top = stack.popLast() {
                            onStack.remove(top)
                            component.append(top)
                            if top == node { break }
                        }
                        result.append(component.sorted())
                    }
                }
            }
        }
        return result
    }

    // MARK: types

    /// The Swift type of a reference, e.g. `[Swift.String: Tag]`.
    /// A member's type as a property or parameter: an event stream's union inside `AWSEventStream`.
    func memberType(_ member: Member, in structure: String? = nil) -> String {
        if isStreamingPayload(member, in: structure) { return "AWSRuntime.AWSByteStream" }
        let type = swiftType(member.reference)
        return isEventStream(member.shapeName) ? "AWSRuntime.AWSEventStream<\(type)>" : type
    }

    /// Whether a member is non-optional in the memberwise initializer and the argument-style
    /// methods: required and not an idempotency token (which is filled in), or a stream of
    /// events or bytes (always there, perhaps empty).
    func isNonOptional(_ member: Member, in structure: String? = nil) -> Bool {
        (member.isRequired && !member.reference.idempotencyToken) || isEventStream(member.shapeName)
            || isStreamingOutputPayload(member, in: structure)
    }

    func swiftType(_ reference: ShapeReference) -> String {
        if reference.jsonValue { return "AWSRuntime.JSONValue" }
        return swiftType(shapeNamed: reference.shapeName)
    }

    func swiftType(shapeNamed name: String) -> String {
        let shape = model.shape(named: name)
        switch shape.kind {
        case .structure(let info):
            return info.isDocument ? "AWSRuntime.JSONValue" : typeNames[name]!
        case .list(let member):
            let element = swiftType(member)
            return shape.sparse ? "[\(element)?]" : "[\(element)]"
        case .map(_, let value):
            let element = swiftType(value)
            return shape.sparse ? "[Swift.String: \(element)?]" : "[Swift.String: \(element)]"
        case .string(let values):
            if let values, !values.isEmpty { return typeNames[name]! }
            return "Swift.String"
        case .integer: return "Swift.Int"
        case .long: return "Swift.Int64"
        case .float: return "Swift.Float"
        case .double: return "Swift.Double"
        case .boolean: return "Swift.Bool"
        case .blob: return "Foundation.Data"
        case .timestamp: return "Foundation.Date"
        }
    }

    /// The Swift property names of a structure's members, checked for collisions.
    func memberNames(of shapeName: String) throws -> [String: String] {
        guard let info = model.shape(named: shapeName).structure else { return [:] }
        var result: [String: String] = [:]
        var owners: [String: String] = [:]
        for member in info.members {
            let name = Naming.memberName(member.name)
            if let other = owners[name] {
                throw CodegenError(
                    file: model.sourcePath, path: "$.shapes.\(shapeName).members.\(member.name)",
                    message: "the members '\(other)' and '\(member.name)' both become the Swift property '\(name)'"
                )
            }
            owners[name] = member.name
            result[member.name] = name
        }
        return result
    }

    /// The file a shape goes to: FNV-1a of its name, so the assignment never changes when
    /// other shapes come or go.
    static func fileIndex(for shapeName: String) -> Int {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in shapeName.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return Int(hash % UInt64(GeneratorOptions.shapeFileCount))
    }

    func doc(_ html: String?, extra: [String] = []) -> SwiftDoc? {
        let lines = Documentation.markdown(html) + extra
        return lines.isEmpty ? nil : SwiftDoc(lines)
    }

    /// The timestamp format a member uses, when the model sets one.
    func timestampFormat(_ reference: ShapeReference) -> AWSModel.TimestampFormat? {
        if let format = reference.timestampFormat { return format }
        if case .timestamp(let format) = model.shape(named: reference.shapeName).kind { return format }
        return nil
    }
}
