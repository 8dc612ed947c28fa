import Foundation

/// Turns a `SmithyModel` into botocore's raw documents (`service-2`, `paginators-1`, `waiters-2`,
/// `endpoint-rule-set-1`), the way AWS derives botocore's JSON from its Smithy models, so that one
/// resolver checks and builds the `ServiceModel` for both forms and the generator never knows which
/// it was. Each Smithy trait maps to the botocore key that means the same; unknown traits are ignored.
struct SmithyConverter {
    let model: SmithyModel
    var file: String { model.file }
    /// Botocore shape names by Smithy shape id (the service's `rename` applied).
    private var names: [String: String] = [:]
    private var rawShapes: [String: RawShape] = [:]
    /// The protocol botocore will use, which decides whether `jsonName` or `xmlName` names members.
    private var protocolName = ""

    /// Smithy protocol traits and the botocore protocol each is.
    static let protocols: [(trait: String, name: String, jsonVersion: String?)] = [
        ("aws.protocols#awsJson1_0", "json", "1.0"), ("aws.protocols#awsJson1_1", "json", "1.1"),
        ("aws.protocols#restJson1", "rest-json", nil), ("aws.protocols#restXml", "rest-xml", nil),
        ("smithy.protocols#rpcv2Cbor", "smithy-rpc-v2-cbor", nil), ("aws.protocols#awsQuery", "query", nil),
        ("aws.protocols#ec2Query", "ec2", nil),
    ]
    /// Auth scheme traits in the order botocore lists them when the service has no `auth` trait.
    static let authSchemes = [
        "aws.auth#sigv4", "aws.auth#sigv4a", "smithy.api#httpBearerAuth", "smithy.api#httpApiKeyAuth",
        "smithy.api#httpBasicAuth", "smithy.api#httpDigestAuth",
    ]

    init(model: SmithyModel) {
        self.model = model
    }

    struct Output {
        var service: RawServiceDocument
        var paginators: RawPaginatorsDocument?
        var waiters: RawWaitersDocument?
        var endpointRuleSet: Data?
    }

    mutating func convert() throws -> Output {
        try assignNames()
        let metadata = try convertMetadata()
        var operations: [String: RawOperation] = [:]
        for id in model.operationIDs {
            operations[names[id]!] = try convertOperation(id, serviceAuth: metadata.auth ?? [])
        }
        for id in model.reachable.sorted() {
            try convertShape(id)
        }
        markEvents()
        let serviceTraits = traits(of: model.serviceID)
        var document = RawServiceDocument()
        document.version = "2.0"
        document.metadata = metadata
        document.operations = operations
        document.shapes = rawShapes
        document.documentation = try serviceTraits.string("smithy.api#documentation")
        var ruleSet: Data?
        if let rules = serviceTraits.values["smithy.rules#endpointRuleSet"] {
            guard case .object = rules else {
                throw ModelError(file: file, path: JSONPath.join(serviceTraits.path, "smithy.rules#endpointRuleSet"), message: "the trait smithy.rules#endpointRuleSet must be an object")
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            ruleSet = try encoder.encode(rules)
        }
        return Output(service: document, paginators: try convertPaginators(), waiters: try convertWaiters(), endpointRuleSet: ruleSet)
    }

    private func traits(of id: String) -> SmithyTraits {
        SmithyTraits(model.shapes[id]?.traits, path: JSONPath.join(SmithyModel.shapePath(id), "traits"), file: file)
    }

    private func memberTraits(_ member: SmithyMember, path: String) -> SmithyTraits {
        SmithyTraits(member.traits, path: JSONPath.join(path, "traits"), file: file)
    }

    // MARK: names

    /// The service's shapes first; then the prelude's, each under its own name unless the service has a
    /// shape of that name (Lambda's `String`, a `Unit` enum), when it becomes `Smithy<Name>`.
    private mutating func assignNames() throws {
        let rename = model.service.rename ?? [:]
        var owners: [String: String] = [:]
        let ids = model.reachable.sorted()
        let prelude = ids.filter { SmithyModel.prelude[$0] != nil }
        for id in ids.filter({ SmithyModel.prelude[$0] == nil }) + model.operationIDs {
            let name = rename[id] ?? SmithyModel.localName(id)
            if let other = owners[name], other != id {
                throw ModelError(file: file, path: JSONPath.join(SmithyModel.shapePath(model.serviceID), "rename"), message: "'\(other)' and '\(id)' are both named '\(name)' in the service; rename one with the service's 'rename'")
            }
            owners[name] = id
            names[id] = name
        }
        for id in prelude {
            var name = SmithyModel.localName(id)
            if owners[name] != nil { name = "Smithy" + name }
            owners[name] = id
            names[id] = name
        }
    }

    // MARK: metadata

    private mutating func convertMetadata() throws -> RawMetadata {
        let service = traits(of: model.serviceID)
        var metadata = RawMetadata()
        metadata.apiVersion = model.service.version
        let present = Self.protocols.filter { service.has($0.trait) }
        let ordered = ModelResolver.protocolPriority.compactMap { name in present.first { $0.name == name } }
        protocolName = ordered.first?.name ?? ""
        metadata.protocol = ordered.first?.name
        metadata.protocols = ordered.map(\.name).reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        metadata.jsonVersion = ordered.first { $0.name == protocolName }?.jsonVersion
        if protocolName == "json" { metadata.targetPrefix = SmithyModel.localName(model.serviceID) }
        let sdkID = try service.stringField("aws.api#service", "sdkId")
        metadata.serviceId = sdkID
        metadata.endpointPrefix = try service.stringField("aws.api#service", "endpointPrefix")
            ?? service.stringField("aws.api#service", "arnNamespace") ?? sdkID?.lowercased().replacingOccurrences(of: " ", with: "")
        metadata.serviceFullName = try service.string("smithy.api#title")
        metadata.signingName = try service.stringField("aws.auth#sigv4", "name")
        if service.has("aws.auth#sigv4") { metadata.signatureVersion = "v4" }
        else if service.has("smithy.api#httpBearerAuth") { metadata.signatureVersion = "bearer" }
        if let order = try service.array("smithy.api#auth") {
            metadata.auth = order.compactMap(\.stringValue)
        } else {
            let schemes = Self.authSchemes.filter { service.has($0) }
            metadata.auth = schemes.isEmpty ? nil : schemes
        }
        if service.has("aws.protocols#awsQueryCompatible") { metadata.awsQueryCompatible = .object([:]) }
        // JSON services carry the trait too, and S3 (restXml) puts it on its shapes: botocore keeps
        // it in the metadata for the query protocols only.
        if ["query", "ec2"].contains(protocolName) {
            metadata.xmlNamespace = try service.stringField("smithy.api#xmlNamespace", "uri")
        }
        if let prefix = metadata.endpointPrefix, let version = model.service.version { metadata.uid = "\(prefix)-\(version)" }
        return metadata
    }

    // MARK: operations

    private func convertOperation(_ id: String, serviceAuth: [String]) throws -> RawOperation {
        let shape = model.shapes[id]!
        let traits = traits(of: id)
        var operation = RawOperation()
        operation.name = names[id]
        if traits.has("smithy.api#http"), ["rest-json", "rest-xml"].contains(protocolName) {
            operation.http = RawHTTP(
                method: try traits.stringField("smithy.api#http", "method"),
                requestUri: try traits.stringField("smithy.api#http", "uri"),
                responseCode: try traits.numberField("smithy.api#http", "code").map { Int($0) }
            )
        } else {
            operation.http = RawHTTP(method: "POST", requestUri: "/", responseCode: nil)
        }
        if let input = shape.input?.target, input != "smithy.api#Unit" { operation.input = RawShapeRef(shape: names[input]) }
        if let output = shape.output?.target, output != "smithy.api#Unit" { operation.output = RawShapeRef(shape: names[output]) }
        // Errors the service declares can come from every operation. The endpoint-discovery error
        // (DynamoDB's InvalidEndpointException) is left out, as botocore does: this client does not
        // discover endpoints, so it never sees that error.
        let discoveryError = try self.traits(of: model.serviceID).stringField("aws.api#clientEndpointDiscovery", "error")
        let errors = ((shape.errors ?? []) + (model.service.errors ?? [])).filter { $0.target != discoveryError }
        operation.errors = errors.isEmpty ? nil : errors.compactMap { $0.target.map { RawShapeRef(shape: names[$0]) } }
        operation.endpoint = try traits.stringField("smithy.api#endpoint", "hostPrefix").map { RawEndpointTrait(hostPrefix: $0) }
        if traits.has("smithy.api#deprecated") {
            operation.deprecated = true
            operation.deprecatedMessage = try traits.stringField("smithy.api#deprecated", "message")
        }
        operation.idempotent = try traits.annotation("smithy.api#idempotent") ? true : nil
        operation.readonly = try traits.annotation("smithy.api#readonly") ? true : nil
        operation.documentation = try traits.string("smithy.api#documentation")
        if let auth = try traits.array("smithy.api#auth") {
            let schemes = auth.compactMap(\.stringValue)
            // botocore lists an operation's schemes only where they differ from the service's.
            if schemes != serviceAuth {
                operation.auth = schemes.isEmpty ? ["smithy.api#noAuth"] : schemes
            }
            if schemes.isEmpty { operation.authtype = "none" }
        }
        if try traits.annotation("smithy.api#optionalAuth") { operation.authtype = "none" }
        if try traits.annotation("smithy.api#httpChecksumRequired") { operation.httpChecksumRequired = true }
        if traits.has("aws.protocols#httpChecksum") {
            operation.httpChecksum = RawHTTPChecksum(
                requestChecksumRequired: try traits.boolField("aws.protocols#httpChecksum", "requestChecksumRequired"),
                requestAlgorithmMember: try traits.stringField("aws.protocols#httpChecksum", "requestAlgorithmMember"),
                requestValidationModeMember: try traits.stringField("aws.protocols#httpChecksum", "requestValidationModeMember"),
                responseAlgorithms: try traits.stringsField("aws.protocols#httpChecksum", "responseAlgorithms")
            )
        }
        if try traits.annotation("aws.auth#unsignedPayload") {
            operation.unsignedPayload = true
            operation.authtype = "v4-unsigned-body"  // botocore's name for it
        }
        if let statics = try traits.object("smithy.rules#staticContextParams") {
            operation.staticContextParams = statics.mapValues { RawStaticContextParam(value: $0.objectValue?["value"]) }
        }
        if let contexts = try traits.object("smithy.rules#operationContextParams") {
            operation.operationContextParams = contexts.mapValues { RawOperationContextParam(path: $0.objectValue?["path"]?.stringValue) }
        }
        return operation
    }

    // MARK: shapes

    private mutating func convertShape(_ id: String) throws {
        guard let name = names[id] else { return }
        if let preludeType = SmithyModel.prelude[id] {
            rawShapes[name] = preludeShape(preludeType)
            return
        }
        let shape = model.shapes[id]!
        let type = shape.type!
        let path = SmithyModel.shapePath(id)
        let traits = traits(of: id)
        var raw = RawShape()
        switch SmithyModel.shapeTypes[type]! {
        case "document":
            raw.type = "structure"
            raw.document = true
        case "structure":
            raw.type = "structure"
            var members: [String: RawShapeRef] = [:]
            var required: [String] = []
            for (memberName, member) in shape.members ?? [:] {
                let memberPath = JSONPath.join(JSONPath.join(path, "members"), memberName)
                let memberTraits = memberTraits(member, path: memberPath)
                members[memberName] = try reference(member, traits: memberTraits, owner: name, memberName: memberName)
                if try memberTraits.annotation("smithy.api#required") { required.append(memberName) }
                if ["rest-json", "rest-xml"].contains(protocolName), try memberTraits.annotation("smithy.api#httpPayload") { raw.payload = memberName }
            }
            raw.members = members
            raw.required = required.isEmpty ? nil : required.sorted()
            if type == "union" {
                // botocore marks an event stream as such, not as a union (its members are events).
                if try traits.annotation("smithy.api#streaming") { raw.eventstream = true } else { raw.union = true }
            }
            if let kind = try traits.string("smithy.api#error") {
                guard kind == "client" || kind == "server" else {
                    throw ModelError(file: file, path: JSONPath.join(traits.path, "smithy.api#error"), message: "the trait smithy.api#error must be \"client\" or \"server\", not '\(kind)'")
                }
                raw.exception = true
                raw.fault = kind == "server" ? true : nil
                var error = RawErrorTrait()
                error.code = try traits.stringField("aws.protocols#awsQueryError", "code")
                error.httpStatusCode = try traits.numberField("aws.protocols#awsQueryError", "httpResponseCode").map { Int($0) }
                    ?? traits.integer("smithy.api#httpError")
                error.senderFault = kind == "client" ? true : nil
                raw.error = error
            }
            if traits.has("smithy.api#retryable") {
                raw.retryable = RawRetryable(throttling: try traits.boolField("smithy.api#retryable", "throttling") ?? false)
            }
        case "list":
            raw.type = "list"
            let member = shape.member!
            raw.member = try reference(member, traits: memberTraits(member, path: JSONPath.join(path, "member")), owner: name, memberName: "member")
            if try traits.annotation("smithy.api#sparse") { raw.sparse = true }
        case "map":
            raw.type = "map"
            raw.key = try reference(shape.key!, traits: memberTraits(shape.key!, path: JSONPath.join(path, "key")), owner: name, memberName: "key")
            raw.value = try reference(shape.value!, traits: memberTraits(shape.value!, path: JSONPath.join(path, "value")), owner: name, memberName: "value")
            if try traits.annotation("smithy.api#sparse") { raw.sparse = true }
        case "string":
            raw.type = "string"
            if type == "enum" {
                raw.enum = try enumValues(shape, path: path)
            } else if let values = try traits.array("smithy.api#enum") {
                raw.enum = try values.enumerated().map { index, definition in
                    guard let value = definition.objectValue?["value"]?.stringValue else {
                        throw ModelError(file: file, path: JSONPath.join(JSONPath.join(traits.path, "smithy.api#enum"), index: index), message: "an enum definition needs a string 'value'")
                    }
                    return value
                }
            }
        case let botocoreType?:
            raw.type = botocoreType
        case nil:
            return
        }
        try applyCommonTraits(traits, to: &raw)
        // An operation's input and output structures are never elements of their own (the body's
        // root is named by the protocol), so botocore drops their xmlName.
        if traits.has("smithy.api#input") || traits.has("smithy.api#output") { raw.locationName = nil }
        rawShapes[name] = raw
    }

    /// The values of an `enum` shape: each member's `enumValue`, else its name. Sorted: the JSON AST
    /// keeps members in an object, whose order a decoder does not keep, and output must be deterministic.
    private func enumValues(_ shape: SmithyShape, path: String) throws -> [String] {
        var values: [String] = []
        for (name, member) in shape.members ?? [:] {
            let traits = memberTraits(member, path: JSONPath.join(JSONPath.join(path, "members"), name))
            values.append(try traits.string("smithy.api#enumValue") ?? name)
        }
        return values.sorted()
    }

    /// Traits any shape can carry: documentation, deprecation, constraints, XML names, formats.
    private func applyCommonTraits(_ traits: SmithyTraits, to raw: inout RawShape) throws {
        raw.documentation = try traits.string("smithy.api#documentation")
        if traits.has("smithy.api#deprecated") {
            raw.deprecated = true
            raw.deprecatedMessage = try traits.stringField("smithy.api#deprecated", "message")
        }
        raw.min = try traits.numberField("smithy.api#length", "min") ?? traits.numberField("smithy.api#range", "min")
        raw.max = try traits.numberField("smithy.api#length", "max") ?? traits.numberField("smithy.api#range", "max")
        raw.pattern = try traits.string("smithy.api#pattern")
        if try traits.annotation("smithy.api#sensitive") { raw.sensitive = true }
        if try traits.annotation("smithy.api#streaming") {
            if raw.type == "blob" { raw.streaming = true }
        }
        if try traits.annotation("smithy.api#requiresLength") { raw.requiresLength = true }
        if let format = try traits.string("smithy.api#timestampFormat") { raw.timestampFormat = try timestampFormat(format, traits: traits) }
        raw.locationName = try traits.string("smithy.api#xmlName")
        if traits.has("smithy.api#xmlNamespace") {
            raw.xmlNamespace = RawXMLNamespace(
                uri: try traits.stringField("smithy.api#xmlNamespace", "uri"),
                prefix: try traits.stringField("smithy.api#xmlNamespace", "prefix")
            )
        }
    }

    private func timestampFormat(_ format: String, traits: SmithyTraits) throws -> String {
        switch format {
        case "date-time": return "iso8601"
        case "epoch-seconds": return "unixTimestamp"
        case "http-date": return "rfc822"
        default:
            throw ModelError(file: file, path: JSONPath.join(traits.path, "smithy.api#timestampFormat"), message: "the trait smithy.api#timestampFormat must be date-time, epoch-seconds or http-date, not '\(format)'")
        }
    }

    private func preludeShape(_ type: String) -> RawShape {
        var raw = RawShape()
        switch type {
        case "document": raw.type = "structure"; raw.document = true
        case "unit": raw.type = "structure"; raw.members = [:]
        default: raw.type = type
        }
        return raw
    }

    /// A member as botocore writes it. A member with its own constraints (`length`, `range`,
    /// `pattern`) gets a shape of its own, named as botocore names it: structure, member and target
    /// (`GuardrailRegex` + `Name` + `String`).
    private mutating func reference(_ member: SmithyMember, traits: SmithyTraits, owner: String, memberName: String) throws -> RawShapeRef {
        let target = member.target!
        var ref = RawShapeRef(shape: names[target] ?? SmithyModel.localName(target))
        let constrained = ["smithy.api#length", "smithy.api#range", "smithy.api#pattern"].filter { traits.has($0) }
        if !constrained.isEmpty {
            let name = owner + memberName.prefix(1).uppercased() + memberName.dropFirst() + (names[target] ?? SmithyModel.localName(target))
            var raw = SmithyModel.prelude[target].map(preludeShape) ?? RawShape()
            if SmithyModel.prelude[target] == nil {
                // A constrained member of a model shape: that shape, with the member's constraints.
                try convertShape(target)
                raw = rawShapes[names[target]!] ?? raw
            }
            raw.min = try traits.numberField("smithy.api#length", "min") ?? traits.numberField("smithy.api#range", "min") ?? raw.min
            raw.max = try traits.numberField("smithy.api#length", "max") ?? traits.numberField("smithy.api#range", "max") ?? raw.max
            raw.pattern = try traits.string("smithy.api#pattern") ?? raw.pattern
            rawShapes[name] = raw
            ref.shape = name
        }
        // HTTP binding traits mean something to the REST protocols only; the XML traits to the
        // XML protocols only (SQS's JSON model keeps the xmlName and xmlFlattened of its query days).
        let bindsHTTP = ["rest-json", "rest-xml"].contains(protocolName)
        let usesXML = ["rest-xml", "query", "ec2"].contains(protocolName)
        if !bindsHTTP {
            let jsonName = try traits.string("smithy.api#jsonName")
            let xmlName = try traits.string("smithy.api#xmlName")
            ref.locationName = usesXML ? xmlName : jsonName
        } else if let header = try traits.string("smithy.api#httpHeader") {
            ref.location = "header"
            ref.locationName = header
            if model.shapes[target]?.traits?["smithy.api#mediaType"]?.stringValue == "application/json" { ref.jsonvalue = true }
        } else if let query = try traits.string("smithy.api#httpQuery") {
            ref.location = "querystring"
            ref.locationName = query
        } else if try traits.annotation("smithy.api#httpLabel") {
            ref.location = "uri"
            ref.locationName = memberName
        } else if let prefix = try traits.string("smithy.api#httpPrefixHeaders") {
            ref.location = "headers"
            ref.locationName = prefix
        } else if try traits.annotation("smithy.api#httpQueryParams") {
            ref.location = "querystring"
        } else if try traits.annotation("smithy.api#httpResponseCode") {
            ref.location = "statusCode"
        } else {
            ref.locationName = usesXML ? try traits.string("smithy.api#xmlName") : try traits.string("smithy.api#jsonName")
        }
        ref.queryName = try traits.string("aws.protocols#ec2QueryName")
        if usesXML, try traits.annotation("smithy.api#xmlAttribute") { ref.xmlAttribute = true }
        if usesXML, try traits.annotation("smithy.api#xmlFlattened") { ref.flattened = true }
        if usesXML, traits.has("smithy.api#xmlNamespace") {
            ref.xmlNamespace = RawXMLNamespace(
                uri: try traits.stringField("smithy.api#xmlNamespace", "uri"),
                prefix: try traits.stringField("smithy.api#xmlNamespace", "prefix")
            )
        }
        if let format = try traits.string("smithy.api#timestampFormat") { ref.timestampFormat = try timestampFormat(format, traits: traits) }
        if try traits.annotation("smithy.api#idempotencyToken") { ref.idempotencyToken = true }
        if try traits.annotation("smithy.api#hostLabel") { ref.hostLabel = true }
        if let context = try traits.stringField("smithy.rules#contextParam", "name") { ref.contextParam = RawContextParam(name: context) }
        if traits.has("smithy.api#deprecated") {
            ref.deprecated = true
            ref.deprecatedMessage = try traits.stringField("smithy.api#deprecated", "message")
        }
        ref.documentation = try traits.string("smithy.api#documentation")
        if try traits.annotation("smithy.api#eventPayload") { ref.eventpayload = true }
        if try traits.annotation("smithy.api#eventHeader") { ref.eventheader = true }
        // botocore marks a streaming member on the reference as well as on the blob.
        if model.shapes[target]?.traits?["smithy.api#streaming"] != nil, model.shapes[target]?.type == "blob" { ref.streaming = true }
        return ref
    }

    /// The structures an event stream carries are events (botocore's `event: true`).
    private mutating func markEvents() {
        for name in rawShapes.keys.sorted() where rawShapes[name]?.eventstream == true {
            for member in (rawShapes[name]?.members ?? [:]).values {
                if let target = member.shape, rawShapes[target]?.type == "structure", rawShapes[target]?.exception != true {
                    rawShapes[target]?.event = true
                }
            }
        }
    }

    // MARK: paginators and waiters

    private func convertPaginators() throws -> RawPaginatorsDocument? {
        let service = traits(of: model.serviceID)
        var pagination: [String: RawPaginator] = [:]
        for id in model.operationIDs {
            let traits = traits(of: id)
            guard traits.has("smithy.api#paginated") else { continue }
            func value(_ key: String) throws -> String? {
                try traits.stringField("smithy.api#paginated", key) ?? service.stringField("smithy.api#paginated", key)
            }
            var paginator = RawPaginator()
            paginator.input_token = try value("inputToken").map { RawStringOrList(values: [$0]) }
            paginator.output_token = try value("outputToken").map { RawStringOrList(values: [$0]) }
            paginator.limit_key = try value("pageSize")
            paginator.result_key = try value("items").map { RawStringOrList(values: [$0]) }
            // An operation marked paginated only to carry a page size is not one a client can page through.
            guard paginator.input_token != nil, paginator.output_token != nil else { continue }
            pagination[names[id]!] = paginator
        }
        return pagination.isEmpty ? nil : RawPaginatorsDocument(pagination: pagination)
    }

    /// Smithy waiters poll with exponential backoff between `minDelay` and `maxDelay` for as long as
    /// the caller allows; botocore's form has a fixed delay and an attempt count. The delay is
    /// `minDelay`; the attempts, botocore's usual 25 (callers bound the wait with `maxWait` anyway).
    /// A waiter with an `inputOutput` matcher, which botocore's form cannot express, is left out.
    private func convertWaiters() throws -> RawWaitersDocument? {
        var waiters: [String: RawWaiter] = [:]
        for id in model.operationIDs {
            let traits = traits(of: id)
            guard let waitable = try traits.object("smithy.waiters#waitable") else { continue }
            for (waiterName, definition) in waitable.sorted(by: { $0.key < $1.key }) {
                let path = JSONPath.join(JSONPath.join(traits.path, "smithy.waiters#waitable"), waiterName)
                guard let object = definition.objectValue, let acceptors = object["acceptors"]?.arrayValue else {
                    throw ModelError(file: file, path: path, message: "a waiter must be an object with a list of 'acceptors'")
                }
                var raw = RawWaiter()
                raw.operation = names[id]
                raw.delay = object["minDelay"] ?? .number(2)
                raw.maxAttempts = .number(25)
                raw.description = object["documentation"]?.stringValue
                var converted: [RawWaiterAcceptor] = []
                var expressible = true
                for (index, acceptor) in acceptors.enumerated() {
                    let acceptorPath = JSONPath.join(JSONPath.join(path, "acceptors"), index: index)
                    guard let state = acceptor.objectValue?["state"]?.stringValue, let matcher = acceptor.objectValue?["matcher"]?.objectValue else {
                        throw ModelError(file: file, path: acceptorPath, message: "an acceptor needs a 'state' string and a 'matcher' object")
                    }
                    var rawAcceptor = RawWaiterAcceptor(state: state)
                    if let output = matcher["output"]?.objectValue {
                        let expected = output["expected"]?.stringValue ?? ""
                        rawAcceptor.argument = output["path"]?.stringValue
                        switch output["comparator"]?.stringValue {
                        case "stringEquals": rawAcceptor.matcher = "path"; rawAcceptor.expected = .string(expected)
                        case "booleanEquals": rawAcceptor.matcher = "path"; rawAcceptor.expected = .bool(expected == "true")
                        case "allStringEquals": rawAcceptor.matcher = "pathAll"; rawAcceptor.expected = .string(expected)
                        case "anyStringEquals": rawAcceptor.matcher = "pathAny"; rawAcceptor.expected = .string(expected)
                        case let other:
                            throw ModelError(file: file, path: JSONPath.join(acceptorPath, "matcher"), message: "unknown comparator '\(other ?? "")' (expected stringEquals, booleanEquals, allStringEquals or anyStringEquals)")
                        }
                    } else if let errorType = matcher["errorType"]?.stringValue {
                        rawAcceptor.matcher = "error"
                        rawAcceptor.expected = .string(SmithyModel.localName(errorType))
                    } else if case .bool(let success)? = matcher["success"] {
                        // botocore's error matcher with `false` means "no error": the call succeeded.
                        rawAcceptor.matcher = "error"
                        rawAcceptor.expected = .bool(!success)
                    } else if matcher["inputOutput"] != nil {
                        expressible = false
                    } else {
                        throw ModelError(file: file, path: JSONPath.join(acceptorPath, "matcher"), message: "the matcher must be output, inputOutput, success or errorType")
                    }
                    converted.append(rawAcceptor)
                }
                guard expressible else { continue }
                raw.acceptors = converted
                waiters[waiterName] = raw
            }
        }
        return waiters.isEmpty ? nil : RawWaitersDocument(version: 2, waiters: waiters)
    }
}
