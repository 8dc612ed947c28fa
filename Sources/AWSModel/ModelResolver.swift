import AWSJMESPath
/// Turns a raw botocore document into a `ServiceModel`, collecting every problem it finds
/// (with file and JSON path) instead of stopping at the first.
struct ModelResolver {
    let file: String
    let document: RawServiceDocument
    private var issues: [ModelIssue] = []

    init(file: String, document: RawServiceDocument) {
        self.file = file
        self.document = document
    }

    /// The protocols botocore can speak, in the order it prefers them.
    static let protocolPriority = ["json", "rest-json", "rest-xml", "smithy-rpc-v2-cbor", "query", "ec2"]
    static let knownTypes: Set<String> = [
        "structure", "list", "map", "string", "integer", "long", "float", "double", "boolean", "blob", "timestamp",
    ]

    mutating func resolve() throws -> ServiceModel {
        let metadata = resolveMetadata()
        var rawShapes = document.shapes ?? [:]
        // Old models name an input's payload on the operation's reference to it.
        for (_, operation) in (document.operations ?? [:]).sorted(by: { $0.key < $1.key }) {
            if let payload = operation.input?.payload, let name = operation.input?.shape, rawShapes[name]?.payload == nil {
                rawShapes[name]?.payload = payload
            }
        }
        if document.shapes == nil { issue("$", "the model has no 'shapes' object") }
        if document.operations == nil { issue("$", "the model has no 'operations' object") }

        var shapes: [String: Shape] = [:]
        shapes.reserveCapacity(rawShapes.count)
        for name in rawShapes.keys.sorted() {
            if let shape = resolveShape(name: name, raw: rawShapes[name]!, all: rawShapes) {
                shapes[name] = shape
            }
        }
        var operations: [Operation] = []
        let rawOperations = document.operations ?? [:]
        for name in rawOperations.keys.sorted() {
            if let operation = resolveOperation(key: name, raw: rawOperations[name]!, shapes: rawShapes) {
                operations.append(operation)
            }
        }
        if !issues.isEmpty { throw ModelError(issues) }
        guard let metadata else { throw ModelError(issues) }
        return ServiceModel(
            sourcePath: file, metadata: metadata, documentation: document.documentation,
            operations: operations, shapes: shapes, paginators: [:], waiterNames: []
        )
    }

    private mutating func issue(_ path: String, _ message: String) {
        issues.append(ModelIssue(file: file, path: path, message: message))
    }

    // MARK: metadata

    private mutating func resolveMetadata() -> ServiceMetadata? {
        guard let raw = document.metadata else {
            issue("$", "the model has no 'metadata' object")
            return nil
        }
        let path = "$.metadata"
        func required(_ value: String?, _ key: String) -> String {
            if let value, !value.isEmpty { return value }
            issue(JSONPath.join(path, key), "missing required metadata '\(key)'")
            return ""
        }
        let protocols = raw.protocols ?? []
        var protocolName = raw.protocol
        if !protocols.isEmpty {
            protocolName = Self.protocolPriority.first { protocols.contains($0) }
            if protocolName == nil {
                issue(JSONPath.join(path, "protocols"), "none of the protocols \(protocols) is supported (supported: \(Self.protocolPriority.joined(separator: ", ")))")
            }
        } else if let name = protocolName, !Self.protocolPriority.contains(name) {
            issue(JSONPath.join(path, "protocol"), "unsupported protocol '\(name)' (supported: \(Self.protocolPriority.joined(separator: ", ")))")
        }
        let endpointPrefix = required(raw.endpointPrefix, "endpointPrefix")
        let serviceId = raw.serviceId ?? raw.serviceAbbreviation ?? raw.serviceFullName
        if serviceId == nil || serviceId!.isEmpty {
            issue(JSONPath.join(path, "serviceId"), "missing required metadata 'serviceId'")
        }
        return ServiceMetadata(
            apiVersion: required(raw.apiVersion, "apiVersion"),
            auth: raw.auth ?? [],
            awsQueryCompatible: raw.awsQueryCompatible != nil,
            endpointPrefix: endpointPrefix,
            globalEndpoint: raw.globalEndpoint,
            jsonVersion: raw.jsonVersion,
            protocolName: protocolName ?? required(nil, "protocol"),
            protocols: protocols.isEmpty ? (raw.protocol.map { [$0] } ?? []) : protocols,
            serviceAbbreviation: raw.serviceAbbreviation,
            serviceFullName: raw.serviceFullName ?? serviceId ?? "",
            serviceId: serviceId ?? "",
            signatureVersion: raw.signatureVersion,
            signingName: raw.signingName ?? endpointPrefix,
            targetPrefix: raw.targetPrefix,
            uid: raw.uid,
            xmlNamespace: raw.xmlNamespace
        )
    }

    // MARK: shapes

    private mutating func reference(
        _ raw: RawShapeRef?, at path: String, shapes: [String: RawShape], what: String
    ) -> ShapeReference? {
        guard let raw else {
            issue(path, "missing \(what)")
            return nil
        }
        guard let target = raw.shape, !target.isEmpty else {
            issue(JSONPath.join(path, "shape"), "missing the 'shape' that \(what) refers to")
            return nil
        }
        guard shapes[target] != nil else {
            issue(JSONPath.join(path, "shape"), "refers to a shape named '\(target)' that does not exist")
            return nil
        }
        var ref = ShapeReference(shapeName: target)
        // A location on the target shape (old models) applies where the member names none.
        let shapeLocation = raw.location == nil ? shapes[target]?.location : nil
        if let location = raw.location ?? shapeLocation {
            if let parsed = MemberLocation(rawValue: location) {
                ref.location = parsed
            } else {
                issue(JSONPath.join(path, "location"), "unknown location '\(location)' (expected uri, querystring, header, headers or statusCode)")
            }
        }
        ref.locationName = raw.locationName ?? (shapeLocation != nil ? shapes[target]?.locationName : nil)
        ref.queryName = raw.queryName
        ref.resultWrapper = raw.resultWrapper
        ref.xmlNamespace = raw.xmlNamespace.map { XMLNamespace(uri: $0.uri, prefix: $0.prefix) }
        ref.xmlAttribute = raw.xmlAttribute ?? false
        ref.flattened = raw.flattened ?? false
        ref.jsonValue = raw.jsonvalue ?? false
        ref.idempotencyToken = raw.idempotencyToken ?? false
        ref.hostLabel = raw.hostLabel ?? false
        ref.contextParam = raw.contextParam?.name
        ref.deprecated = raw.deprecated ?? false
        ref.deprecatedMessage = raw.deprecatedMessage
        ref.documentation = raw.documentation
        ref.box = raw.box ?? false
        ref.streaming = raw.streaming ?? false
        ref.eventPayload = raw.eventpayload ?? false
        ref.eventHeader = raw.eventheader ?? false
        if let format = raw.timestampFormat {
            ref.timestampFormat = timestampFormat(format, at: JSONPath.join(path, "timestampFormat"))
        }
        return ref
    }

    private mutating func timestampFormat(_ value: String, at path: String) -> TimestampFormat? {
        if let format = TimestampFormat(rawValue: value) { return format }
        issue(path, "unknown timestampFormat '\(value)' (expected iso8601, unixTimestamp or rfc822)")
        return nil
    }

    private mutating func resolveShape(name: String, raw: RawShape, all: [String: RawShape]) -> Shape? {
        let path = JSONPath.join("$.shapes", name)
        guard let type = raw.type else {
            issue(path, "the shape has no 'type'")
            return nil
        }
        let kind: ShapeKind
        switch type {
        case "structure":
            let rawMembers = raw.members ?? [:]
            let required = Set(raw.required ?? [])
            for (index, requiredName) in (raw.required ?? []).enumerated() where rawMembers[requiredName] == nil {
                issue(JSONPath.join(JSONPath.join(path, "required"), index: index), "names a member '\(requiredName)' that the structure does not have")
            }
            var members: [Member] = []
            for memberName in rawMembers.keys.sorted() {
                let memberPath = JSONPath.join(JSONPath.join(path, "members"), memberName)
                if memberName.isEmpty { issue(memberPath, "a member name is empty") }
                if var ref = reference(rawMembers[memberName], at: memberPath, shapes: all, what: "the member") {
                    // An event's header members are bound to the message's headers by their
                    // names, as an output's are to HTTP headers: one reading path for both.
                    if raw.event == true, ref.eventHeader {
                        ref.location = .header
                        ref.locationName = memberName
                    }
                    members.append(Member(name: memberName, reference: ref, isRequired: required.contains(memberName)))
                }
            }
            if let payload = raw.payload, rawMembers[payload] == nil {
                issue(JSONPath.join(path, "payload"), "names a payload member '\(payload)' that the structure does not have")
            }
            var exception: ExceptionInfo?
            if raw.exception == true || raw.error != nil {
                if let status = raw.error?.httpStatusCode, !(100...599).contains(status) {
                    issue(JSONPath.join(JSONPath.join(path, "error"), "httpStatusCode"), "\(status) is not an HTTP status code")
                }
                exception = ExceptionInfo(
                    code: raw.error?.code ?? name,
                    httpStatusCode: raw.error?.httpStatusCode,
                    senderFault: raw.error?.senderFault ?? false,
                    isFault: raw.fault ?? false,
                    retryableThrottling: raw.retryable?.throttling
                )
            }
            kind = .structure(StructureInfo(
                members: members,
                isUnion: raw.union ?? false,
                isDocument: raw.document ?? false,
                isEvent: raw.event ?? false,
                isEventStream: raw.eventstream ?? false,
                // An event's `eventpayload` member is its message's whole payload, as an output's
                // `payload` member is the HTTP body.
                payload: raw.payload ?? (raw.event == true ? rawMembers.keys.sorted().first { rawMembers[$0]?.eventpayload == true } : nil),
                exception: exception
            ))
        case "list":
            guard let member = reference(raw.member, at: JSONPath.join(path, "member"), shapes: all, what: "the list's 'member'") else { return nil }
            kind = .list(member: member)
        case "map":
            let key = reference(raw.key, at: JSONPath.join(path, "key"), shapes: all, what: "the map's 'key'")
            let value = reference(raw.value, at: JSONPath.join(path, "value"), shapes: all, what: "the map's 'value'")
            guard let key, let value else { return nil }
            if let keyType = all[key.shapeName]?.type, keyType != "string" {
                issue(JSONPath.join(JSONPath.join(path, "key"), "shape"), "a map key must be a string shape, not \(keyType)")
            }
            kind = .map(key: key, value: value)
        case "string", "character":
            // `character` (a one-character string) appears in old models; botocore reads it as a string.
            if let values = raw.enum {
                var seen = Set<String>()
                for (index, value) in values.enumerated() where !seen.insert(value).inserted {
                    issue(JSONPath.join(JSONPath.join(path, "enum"), index: index), "the enum value '\(value)' appears twice")
                }
            }
            kind = .string(enumValues: raw.enum)
        case "integer": kind = .integer
        case "long": kind = .long
        case "float": kind = .float
        case "double": kind = .double
        case "boolean": kind = .boolean
        case "blob": kind = .blob(streaming: raw.streaming ?? false)
        case "timestamp":
            kind = .timestamp(format: raw.timestampFormat.flatMap { timestampFormat($0, at: JSONPath.join(path, "timestampFormat")) })
        default:
            issue(JSONPath.join(path, "type"), "unknown shape type '\(type)' (expected one of \(Self.knownTypes.sorted().joined(separator: ", ")))")
            return nil
        }
        if let min = raw.min, let max = raw.max, min > max {
            issue(path, "min (\(min)) is greater than max (\(max))")
        }
        return Shape(
            name: name, kind: kind, documentation: raw.documentation,
            deprecated: raw.deprecated ?? false, deprecatedMessage: raw.deprecatedMessage,
            min: raw.min, max: raw.max, pattern: raw.pattern,
            sensitive: raw.sensitive ?? false, box: raw.box ?? false,
            flattened: raw.flattened ?? false, locationName: raw.locationName,
            xmlNamespace: raw.xmlNamespace.map { XMLNamespace(uri: $0.uri, prefix: $0.prefix) },
            requiresLength: raw.requiresLength ?? false, sparse: raw.sparse ?? false
        )
    }

    // MARK: operations

    static let httpMethods: Set<String> = ["GET", "PUT", "POST", "DELETE", "HEAD", "PATCH", "OPTIONS"]

    private mutating func resolveOperation(key: String, raw: RawOperation, shapes: [String: RawShape]) -> Operation? {
        let path = JSONPath.join("$.operations", key)
        // botocore's default when a model leaves the binding out (RPC protocols need none).
        let http = raw.http ?? RawHTTP(method: "POST", requestUri: "/", responseCode: nil)
        let method = (http.method ?? "POST").uppercased()
        if !Self.httpMethods.contains(method) {
            issue(JSONPath.join(JSONPath.join(path, "http"), "method"), "'\(http.method ?? "")' is not an HTTP method")
        }
        let input = raw.input.flatMap { reference($0, at: JSONPath.join(path, "input"), shapes: shapes, what: "the input") }
        let output = raw.output.flatMap { reference($0, at: JSONPath.join(path, "output"), shapes: shapes, what: "the output") }
        var errors: [ShapeReference] = []
        for (index, error) in (raw.errors ?? []).enumerated() {
            if let ref = reference(error, at: JSONPath.join(JSONPath.join(path, "errors"), index: index), shapes: shapes, what: "the error") {
                errors.append(ref)
            }
        }
        for ref in [input, output].compactMap({ $0 }) + errors where shapes[ref.shapeName]?.type != "structure" {
            issue(path, "the operation's input, output and errors must be structures; '\(ref.shapeName)' is a \(shapes[ref.shapeName]?.type ?? "shape of unknown type")")
        }
        let uriPath = JSONPath.join(JSONPath.join(path, "http"), "requestUri")
        guard let binding = parseRequestURI(http.requestUri ?? "/", method: method, responseCode: http.responseCode, at: uriPath) else {
            return nil
        }
        // Each label must be bound by an input member with location 'uri'.
        if !binding.labels.isEmpty {
            let inputShape = input.flatMap { shapes[$0.shapeName] }
            let uriNames = Set((inputShape?.members ?? [:]).compactMap { name, member in
                member.location == "uri" ? (member.locationName ?? name) : nil
            })
            for label in binding.labels where !uriNames.contains(label.name) {
                issue(uriPath, "the label {\(label.name)} is not bound by any input member with location 'uri'")
            }
        }
        return Operation(
            name: key, wireName: raw.name ?? key, http: binding, input: input, output: output, errors: errors,
            hostPrefix: raw.endpoint?.hostPrefix,
            deprecated: raw.deprecated ?? false, deprecatedMessage: raw.deprecatedMessage,
            idempotent: raw.idempotent ?? false, readonly: raw.readonly ?? false,
            authType: raw.authtype, auth: raw.auth ?? [],
            documentation: raw.documentation, documentationURL: raw.documentationUrl,
            // The older trait and the flexible-checksum trait's flag mean the same to a client:
            // the request must carry a checksum of its body.
            httpChecksumRequired: raw.httpChecksumRequired == true || raw.httpChecksum?.requestChecksumRequired == true,
            httpChecksum: raw.httpChecksum.map {
                HTTPChecksumTrait(
                    requestAlgorithmMember: $0.requestAlgorithmMember, requestValidationModeMember: $0.requestValidationModeMember,
                    responseAlgorithms: $0.responseAlgorithms ?? []
                )
            },
            unsignedPayload: raw.unsignedPayload ?? false,
            staticContextParams: (raw.staticContextParams ?? [:]).compactMapValues { $0.value },
            operationContextParams: (raw.operationContextParams ?? [:]).compactMapValues { $0.path }
        )
    }

    /// Parses `/path/{Label}/{Key+}?literal=1&flag` and reports what is malformed.
    mutating func parseRequestURI(_ uri: String, method: String, responseCode: Int?, at path: String) -> HTTPBinding? {
        guard uri.hasPrefix("/") else {
            issue(path, "the requestUri '\(uri)' must start with '/'")
            return nil
        }
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        let pathTemplate = String(parts[0])
        var literalQuery: [(name: String, value: String?)] = []
        if parts.count == 2 {
            for pair in parts[1].split(separator: "&") {
                let keyValue = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                literalQuery.append((String(keyValue[0]), keyValue.count == 2 ? String(keyValue[1]) : nil))
            }
            if parts[1].contains("{") || parts[1].contains("}") {
                issue(path, "the requestUri '\(uri)' has a label in its query part")
                return nil
            }
        }
        var labels: [(name: String, greedy: Bool)] = []
        var index = pathTemplate.startIndex
        while index < pathTemplate.endIndex {
            let character = pathTemplate[index]
            if character == "}" {
                issue(path, "the requestUri '\(uri)' has a '}' without a matching '{'")
                return nil
            }
            if character == "{" {
                guard let close = pathTemplate[index...].firstIndex(of: "}") else {
                    issue(path, "the requestUri '\(uri)' has a '{' that is never closed")
                    return nil
                }
                var name = String(pathTemplate[pathTemplate.index(after: index)..<close])
                let greedy = name.hasSuffix("+")
                if greedy { name.removeLast() }
                let valid = !name.isEmpty && name.unicodeScalars.allSatisfy {
                    $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" || $0 == ".")
                }
                if !valid {
                    issue(path, "the requestUri '\(uri)' has an invalid label '{\(name)\(greedy ? "+" : "")}'")
                    return nil
                }
                if labels.contains(where: { $0.name == name }) {
                    issue(path, "the requestUri '\(uri)' uses the label {\(name)} twice")
                    return nil
                }
                labels.append((name, greedy))
                index = pathTemplate.index(after: close)
                continue
            }
            index = pathTemplate.index(after: index)
        }
        if let responseCode, !(100...599).contains(responseCode) {
            issue(path, "responseCode \(responseCode) is not an HTTP status code")
        }
        return HTTPBinding(
            method: method, requestUri: uri, responseCode: responseCode,
            pathTemplate: pathTemplate, literalQuery: literalQuery, labels: labels
        )
    }

    // MARK: paginators

    static func resolvePaginators(_ document: RawPaginatorsDocument, file: String, model: ServiceModel) throws -> [String: Paginator] {
        var issues: [ModelIssue] = []
        var result: [String: Paginator] = [:]
        let operations = Dictionary(uniqueKeysWithValues: model.operations.map { ($0.name, $0) })
        for name in (document.pagination ?? [:]).keys.sorted() {
            let raw = document.pagination![name]!
            let path = JSONPath.join("$.pagination", name)
            guard operations[name] != nil else {
                issues.append(ModelIssue(file: file, path: path, message: "a paginator for an operation '\(name)' that the service does not have"))
                continue
            }
            let inputTokens = raw.input_token?.values ?? []
            let outputTokens = raw.output_token?.values ?? []
            if inputTokens.isEmpty || outputTokens.isEmpty {
                issues.append(ModelIssue(file: file, path: path, message: "a paginator needs input_token and output_token"))
                continue
            }
            let input = operations[name]!.input.flatMap { model.shapes[$0.shapeName]?.structure }
            for token in inputTokens where input?.member(named: token) == nil {
                issues.append(ModelIssue(file: file, path: path, message: "the paginator sets '\(token)', which \(name)'s input does not have"))
            }
            let expressions = outputTokens + (raw.result_key?.values ?? []) + [raw.more_results].compactMap { $0 } + (raw.non_aggregate_keys ?? [])
            for expression in expressions {
                if let problem = expressionProblem(expression) {
                    issues.append(ModelIssue(file: file, path: path, message: "the paginator of \(name): \(problem)"))
                }
            }
            result[name] = Paginator(
                operationName: name, inputTokens: inputTokens, outputTokens: outputTokens,
                // A limit key the input lacks sets nothing (a page size is a hint, not a token).
                limitKey: raw.limit_key.flatMap { input?.member(named: $0) == nil ? nil : $0 },
                resultKeys: raw.result_key?.values ?? [], moreResults: raw.more_results,
                nonAggregateKeys: raw.non_aggregate_keys ?? []
            )
        }
        if !issues.isEmpty { throw ModelError(issues) }
        return result
    }

    /// Why a JMESPath expression of a paginator or waiter cannot be used: a syntax error, an
    /// unknown function or a wrong argument count (found here, so that no generated client meets
    /// it at run time).
    static func expressionProblem(_ expression: String) -> String? {
        do {
            try JMESPathParser.parse(expression).checkFunctions()
            return nil
        } catch {
            var error = error
            error.expression = expression
            return error.description
        }
    }

    static func resolveWaiters(_ document: RawWaitersDocument, file: String, model: ServiceModel) throws -> [String: Waiter] {
        var issues: [ModelIssue] = []
        var result: [String: Waiter] = [:]
        let operations = Set(model.operations.map(\.name))
        for name in (document.waiters ?? [:]).keys.sorted() {
            let raw = document.waiters![name]!
            let path = JSONPath.join("$.waiters", name)
            func issue(_ message: String, at subpath: String = "") {
                issues.append(ModelIssue(file: file, path: path + subpath, message: "waiter \(name): " + message))
            }
            guard let operation = raw.operation else { issue("no operation"); continue }
            guard operations.contains(operation) else { issue("polls '\(operation)', an operation the service does not have"); continue }
            func positive(_ value: RawAnyJSON?, _ key: String) -> Int? {
                guard case .number(let number)? = value, number >= 1, number <= 86_400, number == number.rounded() else {
                    issue("\(key) must be a whole number from 1 to 86400", at: "." + key)
                    return nil
                }
                return Int(number)
            }
            let delay = positive(raw.delay, "delay")
            let maxAttempts = positive(raw.maxAttempts, "maxAttempts")
            var acceptors: [WaiterAcceptor] = []
            for (index, acceptor) in (raw.acceptors ?? []).enumerated() {
                let at = ".acceptors[\(index)]"
                guard let state = acceptor.state.flatMap(WaiterAcceptor.State.init(rawValue:)) else {
                    issue("state '\(acceptor.state ?? "")' is none of success, failure, retry", at: at); continue
                }
                guard let matcher = acceptor.matcher.flatMap(WaiterAcceptor.Matcher.init(rawValue:)) else {
                    issue("matcher '\(acceptor.matcher ?? "")' is none of path, pathAll, pathAny, status, error", at: at); continue
                }
                guard let expected = acceptor.expected else { issue("an acceptor without 'expected'", at: at); continue }
                switch matcher {
                case .path, .pathAll, .pathAny:
                    guard let argument = acceptor.argument else { issue("a \(matcher.rawValue) matcher without an argument", at: at); continue }
                    if let problem = expressionProblem(argument) { issue(problem, at: at + ".argument"); continue }
                case .status:
                    guard case .number(let status) = expected, (100...599).contains(status), status == status.rounded() else {
                        issue("a status matcher expects an HTTP status", at: at + ".expected"); continue
                    }
                case .error:
                    switch expected {
                    case .string, .bool: break
                    default: issue("an error matcher expects an error code, true or false", at: at + ".expected"); continue
                    }
                }
                acceptors.append(WaiterAcceptor(state: state, matcher: matcher, argument: acceptor.argument, expected: expected))
            }
            if acceptors.isEmpty && issues.isEmpty { issue("no acceptors") }
            guard let delay, let maxAttempts else { continue }
            result[name] = Waiter(
                name: name, operationName: operation, delay: delay, maxAttempts: maxAttempts,
                description: raw.description, acceptors: acceptors
            )
        }
        if !issues.isEmpty { throw ModelError(issues) }
        return result
    }
}
