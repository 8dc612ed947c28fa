// The resolved, validated model: every shape reference points at a shape that exists,
// every collection is sorted, and values are immutable. Generators read only this.

/// A validated AWS service model, ready for code generation.
public struct ServiceModel: Sendable {
    /// The file the model was read from, for diagnostics and file headers.
    public var sourcePath: String
    public var metadata: ServiceMetadata
    public var documentation: String?
    /// Operations sorted by name.
    public var operations: [Operation]
    /// All shapes by name.
    public var shapes: [String: Shape]
    /// Paginators by operation name, empty when no `paginators-1` file was given.
    public var paginators: [String: Paginator]
    /// Names of the waiters in `waiters-2`, when given, sorted.
    public var waiterNames: [String]
    /// The waiters of `waiters-2` by name, empty when no such file was given.
    public var waiters: [String: Waiter] = [:]
    /// The `endpoint-rule-set-1` document, when given.
    public var endpointRuleSet: EndpointRuleSetDocument?

    /// Looks up a shape that the resolver has already proven to exist.
    public func shape(named name: String) -> Shape {
        guard let shape = shapes[name] else {
            preconditionFailure("ServiceModel invariant broken: unresolved shape \(name)")
        }
        return shape
    }

    /// Whether a value of the shape holds sensitive data where its own type cannot redact it: the
    /// shape is `sensitive`, or it is a list or map whose members, keys or values are (at any
    /// depth of lists and maps). A structure redacts its own sensitive members, so the search
    /// stops at structures that are not themselves sensitive.
    public func holdsSensitiveData(_ name: String) -> Bool {
        var visiting: Set<String> = []
        func holds(_ name: String) -> Bool {
            guard let shape = shapes[name], visiting.insert(name).inserted else { return false }
            if shape.sensitive { return true }
            switch shape.kind {
            case .list(let member): return holds(member.shapeName)
            case .map(let key, let value): return holds(key.shapeName) || holds(value.shapeName)
            default: return false
            }
        }
        return holds(name)
    }

    /// Shape names in a stable order.
    public var sortedShapeNames: [String] { shapes.keys.sorted() }
}

/// Service-wide metadata from `metadata`.
public struct ServiceMetadata: Sendable, Hashable {
    public var apiVersion: String
    public var auth: [String]
    public var awsQueryCompatible: Bool
    public var endpointPrefix: String
    public var globalEndpoint: String?
    public var jsonVersion: String?
    /// The protocol botocore uses: the first of `protocols` it supports, else `protocol`.
    public var protocolName: String
    public var protocols: [String]
    public var serviceAbbreviation: String?
    public var serviceFullName: String
    public var serviceId: String
    public var signatureVersion: String?
    /// `signingName`, falling back to `endpointPrefix` as botocore does.
    public var signingName: String
    public var targetPrefix: String?
    public var uid: String?
    public var xmlNamespace: String?
}

/// The HTTP binding of an operation.
public struct HTTPBinding: Sendable, Hashable {
    public var method: String
    /// The path and optional query template, e.g. `/imported-models/{modelIdentifier}`.
    public var requestUri: String
    public var responseCode: Int?
    /// The path part of `requestUri`, split from literal query parameters.
    public var pathTemplate: String
    /// Literal query parameters carried in `requestUri` (`/x?list-type=2`), in order.
    public var literalQuery: [(name: String, value: String?)]
    /// Labels in `pathTemplate`, in order; `greedy` for `{Key+}`.
    public var labels: [(name: String, greedy: Bool)]

    public static func == (lhs: HTTPBinding, rhs: HTTPBinding) -> Bool {
        lhs.method == rhs.method && lhs.requestUri == rhs.requestUri && lhs.responseCode == rhs.responseCode
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(method)
        hasher.combine(requestUri)
        hasher.combine(responseCode)
    }
}

/// A reference to a shape with the traits that a member, list member, map key/value
/// or operation input/output can carry.
public struct ShapeReference: Sendable, Hashable {
    public var shapeName: String
    public var location: MemberLocation?
    public var locationName: String?
    public var queryName: String?
    public var xmlNamespace: XMLNamespace?
    public var xmlAttribute: Bool
    public var flattened: Bool
    public var jsonValue: Bool
    public var idempotencyToken: Bool
    public var hostLabel: Bool
    public var contextParam: String?
    public var deprecated: Bool
    public var deprecatedMessage: String?
    public var documentation: String?
    public var box: Bool
    public var streaming: Bool
    public var eventPayload: Bool
    public var eventHeader: Bool
    public var timestampFormat: TimestampFormat?
    /// On a query operation's output: the element that wraps the result.
    public var resultWrapper: String?

    public init(shapeName: String) {
        self.shapeName = shapeName
        xmlAttribute = false; flattened = false; jsonValue = false; idempotencyToken = false
        hostLabel = false; deprecated = false; box = false; streaming = false
        eventPayload = false; eventHeader = false
    }
}

/// A structure member: a named reference plus whether the structure requires it.
public struct Member: Sendable, Hashable {
    /// The member's name as written in the model.
    public var name: String
    public var reference: ShapeReference
    public var isRequired: Bool

    public var shapeName: String { reference.shapeName }
    /// The name on the wire for the member's location (body key, header, query key, label).
    public var wireName: String { reference.locationName ?? name }
}

public enum MemberLocation: String, Sendable, Hashable {
    case uri, querystring, header, headers, statusCode
}

public struct XMLNamespace: Sendable, Hashable {
    public var uri: String?
    public var prefix: String?
}

public enum TimestampFormat: String, Sendable, Hashable {
    case iso8601
    case unixTimestamp
    case rfc822
}

/// What an exception shape says about its error.
public struct ExceptionInfo: Sendable, Hashable {
    /// The error code on the wire: `error.code`, else the shape name.
    public var code: String
    public var httpStatusCode: Int?
    public var senderFault: Bool
    /// `fault: true`: a server-side error.
    public var isFault: Bool
    public var retryableThrottling: Bool?
}

/// The kind of a shape, with what only that kind has.
public enum ShapeKind: Sendable, Hashable {
    case structure(StructureInfo)
    case list(member: ShapeReference)
    case map(key: ShapeReference, value: ShapeReference)
    case string(enumValues: [String]?)
    case integer
    case long
    case float
    case double
    case boolean
    case blob(streaming: Bool)
    case timestamp(format: TimestampFormat?)

    /// The botocore type name, e.g. `structure`.
    public var typeName: String {
        switch self {
        case .structure: "structure"
        case .list: "list"
        case .map: "map"
        case .string: "string"
        case .integer: "integer"
        case .long: "long"
        case .float: "float"
        case .double: "double"
        case .boolean: "boolean"
        case .blob: "blob"
        case .timestamp: "timestamp"
        }
    }
}

public struct StructureInfo: Sendable, Hashable {
    /// Members in the order the model lists them... sorted by name for determinism.
    public var members: [Member]
    public var isUnion: Bool
    public var isDocument: Bool
    public var isEvent: Bool
    public var isEventStream: Bool
    public var payload: String?
    public var exception: ExceptionInfo?

    public func member(named name: String) -> Member? { members.first { $0.name == name } }
}

/// A named shape of the model.
public struct Shape: Sendable, Hashable {
    public var name: String
    public var kind: ShapeKind
    public var documentation: String?
    public var deprecated: Bool
    public var deprecatedMessage: String?
    public var min: Double?
    public var max: Double?
    public var pattern: String?
    public var sensitive: Bool
    public var box: Bool
    public var flattened: Bool
    public var locationName: String?
    public var xmlNamespace: XMLNamespace?
    public var requiresLength: Bool
    public var sparse: Bool

    public var structure: StructureInfo? {
        if case .structure(let info) = kind { return info }
        return nil
    }

    public var enumValues: [String]? {
        if case .string(let values) = kind { return values }
        return nil
    }
}

/// An operation of the service.
public struct Operation: Sendable, Hashable {
    /// The operation's key in the model, which names it in the API.
    public var name: String
    /// The model's `name` field, which the wire uses (CloudFront's carry an API-version suffix).
    public var wireName: String
    public var http: HTTPBinding
    public var input: ShapeReference?
    public var output: ShapeReference?
    public var errors: [ShapeReference]
    public var hostPrefix: String?
    public var deprecated: Bool
    public var deprecatedMessage: String?
    public var idempotent: Bool
    public var readonly: Bool
    public var authType: String?
    public var auth: [String]
    public var documentation: String?
    public var documentationURL: String?
    /// The request must carry a checksum of its body (`httpChecksumRequired`, or
    /// `httpChecksum.requestChecksumRequired`).
    public var httpChecksumRequired: Bool
    /// The flexible-checksum trait (`httpChecksum`): the input members that choose the request's
    /// algorithm and ask for the response's checksum, and the response's algorithms.
    public var httpChecksum: HTTPChecksumTrait?
    public var unsignedPayload: Bool
    public var staticContextParams: [String: RawAnyJSON]
    public var operationContextParams: [String: String]
}

/// An operation's flexible-checksum trait.
public struct HTTPChecksumTrait: Sendable, Hashable {
    public var requestAlgorithmMember: String?
    public var requestValidationModeMember: String?
    public var responseAlgorithms: [String]

    public init(requestAlgorithmMember: String? = nil, requestValidationModeMember: String? = nil, responseAlgorithms: [String] = []) {
        self.requestAlgorithmMember = requestAlgorithmMember
        self.requestValidationModeMember = requestValidationModeMember
        self.responseAlgorithms = responseAlgorithms
    }
}

/// A paginator from `paginators-1.json`. Output tokens, result keys, `more_results` and the
/// non-aggregate keys are JMESPath expressions over the output (most are member names); input
/// tokens and the limit key are members of the input.
public struct Paginator: Sendable, Hashable {
    public var operationName: String
    public var inputTokens: [String]
    public var outputTokens: [String]
    public var limitKey: String?
    public var resultKeys: [String]
    public var moreResults: String?
    public var nonAggregateKeys: [String] = []
}

/// A waiter from `waiters-2.json`: an operation polled every `delay` seconds, at most
/// `maxAttempts` times, until an acceptor moves it to success or failure.
public struct Waiter: Sendable, Hashable {
    public var name: String
    public var operationName: String
    public var delay: Int
    public var maxAttempts: Int
    public var description: String?
    /// In the model's order: the first that matches a response decides.
    public var acceptors: [WaiterAcceptor]
}

public struct WaiterAcceptor: Sendable, Hashable {
    public enum State: String, Sendable, Hashable { case success, failure, retry }
    public enum Matcher: String, Sendable, Hashable { case path, pathAll, pathAny, status, error }

    public var state: State
    public var matcher: Matcher
    /// The JMESPath expression of `path`, `pathAll` and `pathAny`.
    public var argument: String?
    /// What the matcher compares with: any JSON value for the path matchers, an HTTP status for
    /// `status`, an error code (or `true`/`false`: any error, no error) for `error`.
    public var expected: RawAnyJSON
}
