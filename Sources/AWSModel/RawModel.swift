// A faithful Decodable mirror of botocore's `service-2` document format.
// Everything is optional here: presence and meaning are checked by `ModelResolver`,
// which can then report a precise JSON path instead of a generic decoding failure.

/// The root of a botocore `service-2.json` document.
struct RawServiceDocument: Decodable {
    var version: String?
    var metadata: RawMetadata?
    var operations: [String: RawOperation]?
    var shapes: [String: RawShape]?
    var documentation: String?
}

struct RawMetadata: Decodable {
    var apiVersion: String?
    var auth: [String]?
    var awsQueryCompatible: RawAnyJSON?
    var checksumFormat: String?
    var endpointPrefix: String?
    var globalEndpoint: String?
    var jsonVersion: String?
    var `protocol`: String?
    var protocols: [String]?
    var serviceAbbreviation: String?
    var serviceFullName: String?
    var serviceId: String?
    var signatureVersion: String?
    var signingName: String?
    var targetPrefix: String?
    var uid: String?
    var xmlNamespace: String?
}

struct RawHTTP: Decodable {
    var method: String?
    var requestUri: String?
    var responseCode: Int?
}

struct RawEndpointTrait: Decodable {
    var hostPrefix: String?
}

struct RawContextParam: Decodable {
    var name: String?
}

struct RawStaticContextParam: Decodable {
    var value: RawAnyJSON?
}

struct RawOperationContextParam: Decodable {
    var path: String?
}

struct RawOperation: Decodable {
    var name: String?
    var http: RawHTTP?
    var input: RawShapeRef?
    var output: RawShapeRef?
    var errors: [RawShapeRef]?
    var endpoint: RawEndpointTrait?
    var deprecated: Bool?
    var deprecatedMessage: String?
    var idempotent: Bool?
    var readonly: Bool?
    var authtype: String?
    var auth: [String]?
    var documentation: String?
    var documentationUrl: String?
    var httpChecksumRequired: Bool?
    var httpChecksum: RawHTTPChecksum?
    var unsignedPayload: Bool?
    var staticContextParams: [String: RawStaticContextParam]?
    var operationContextParams: [String: RawOperationContextParam]?
}

/// The flexible-checksum trait of an operation.
struct RawHTTPChecksum: Decodable {
    var requestChecksumRequired: Bool?
    var requestAlgorithmMember: String?
    var requestValidationModeMember: String?
    var responseAlgorithms: [String]?
}

/// botocore writes `xmlNamespace` either as a plain URI string or as `{uri, prefix}`.
struct RawXMLNamespace: Decodable {
    var uri: String?
    var prefix: String?

    init(from decoder: any Decoder) throws {
        if let single = try? decoder.singleValueContainer(), let uri = try? single.decode(String.self) {
            self.uri = uri
            self.prefix = nil
            return
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        uri = try container.decodeIfPresent(String.self, forKey: .uri)
        prefix = try container.decodeIfPresent(String.self, forKey: .prefix)
    }

    enum CodingKeys: String, CodingKey { case uri, prefix }

    init(uri: String?, prefix: String?) {
        self.uri = uri
        self.prefix = prefix
    }
}

/// A reference to a shape plus the traits botocore allows on members, list members,
/// map keys and values, and operation inputs, outputs and errors.
struct RawShapeRef: Decodable {
    var shape: String?
    /// On an operation's input in old models: the payload member (newer models put it on the shape).
    var payload: String?
    var resultWrapper: String?
    var location: String?
    var locationName: String?
    var queryName: String?
    var xmlNamespace: RawXMLNamespace?
    var xmlAttribute: Bool?
    var flattened: Bool?
    var jsonvalue: Bool?
    var idempotencyToken: Bool?
    var hostLabel: Bool?
    var contextParam: RawContextParam?
    var deprecated: Bool?
    var deprecatedMessage: String?
    var documentation: String?
    var box: Bool?
    var streaming: Bool?
    var eventpayload: Bool?
    var eventheader: Bool?
    var timestampFormat: String?
}

struct RawErrorTrait: Decodable {
    var code: String?
    var httpStatusCode: Int?
    var senderFault: Bool?
}

struct RawShape: Decodable {
    var type: String?
    var members: [String: RawShapeRef]?
    var member: RawShapeRef?
    var key: RawShapeRef?
    var value: RawShapeRef?
    var required: [String]?
    var `enum`: [String]?
    var min: Double?
    var max: Double?
    var pattern: String?
    var sensitive: Bool?
    var box: Bool?
    var documentation: String?
    var deprecated: Bool?
    var deprecatedMessage: String?
    var exception: Bool?
    var fault: Bool?
    var error: RawErrorTrait?
    var union: Bool?
    var document: Bool?
    var event: Bool?
    var eventstream: Bool?
    var streaming: Bool?
    var requiresLength: Bool?
    var payload: String?
    var timestampFormat: String?
    var flattened: Bool?
    var locationName: String?
    /// Old models put a member's location on the shape it targets.
    var location: String?
    var xmlNamespace: RawXMLNamespace?
    var xmlOrder: [String]?
    var wrapper: Bool?
    var sparse: Bool?
    var retryable: RawRetryable?
}

struct RawRetryable: Decodable {
    var throttling: Bool?
}

/// Any JSON value, kept for the few traits whose values are free-form.
public enum RawAnyJSON: Codable, Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([RawAnyJSON])
    case object([String: RawAnyJSON])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null }
        else if let value = try? container.decode(Bool.self) { self = .bool(value) }
        else if let value = try? container.decode(Double.self) { self = .number(value) }
        else if let value = try? container.decode(String.self) { self = .string(value) }
        else if let value = try? container.decode([RawAnyJSON].self) { self = .array(value) }
        else { self = .object(try container.decode([String: RawAnyJSON].self)) }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .bool(let value): try container.encode(value)
        case .number(let value):
            // Whole numbers as integers, as they were written (`1`, not `1.0`).
            if value == value.rounded(), abs(value) < 1e15 { try container.encode(Int64(value)) } else { try container.encode(value) }
        case .string(let value): try container.encode(value)
        case .array(let value): try container.encode(value)
        case .object(let value): try container.encode(value)
        }
    }
}

// MARK: paginators-1 and waiters-2

struct RawPaginatorsDocument: Decodable {
    var pagination: [String: RawPaginator]?
}

/// `input_token`, `output_token` and `result_key` may each be one string or a list.
struct RawStringOrList: Decodable {
    var values: [String]
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let single = try? container.decode(String.self) { values = [single] }
        else { values = try container.decode([String].self) }
    }

    init(values: [String]) { self.values = values }
}

struct RawPaginator: Decodable {
    var input_token: RawStringOrList?
    var output_token: RawStringOrList?
    var limit_key: String?
    var result_key: RawStringOrList?
    var more_results: String?
    var non_aggregate_keys: [String]?
}

struct RawWaitersDocument: Decodable {
    var version: Int?
    var waiters: [String: RawWaiter]?
}

struct RawWaiter: Decodable {
    var operation: String?
    var delay: RawAnyJSON?
    var maxAttempts: RawAnyJSON?
    var description: String?
    var acceptors: [RawWaiterAcceptor]?
}

struct RawWaiterAcceptor: Decodable {
    var state: String?
    var matcher: String?
    var argument: String?
    /// `null` when the model says `"expected": null`; nil when it has no `expected`.
    var expected: RawAnyJSON?

    enum CodingKeys: String, CodingKey { case state, matcher, argument, expected }

    init(state: String?, matcher: String? = nil, argument: String? = nil, expected: RawAnyJSON? = nil) {
        self.state = state
        self.matcher = matcher
        self.argument = argument
        self.expected = expected
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        state = try container.decodeIfPresent(String.self, forKey: .state)
        matcher = try container.decodeIfPresent(String.self, forKey: .matcher)
        argument = try container.decodeIfPresent(String.self, forKey: .argument)
        if container.contains(.expected) {
            expected = try container.decodeNil(forKey: .expected) ? .null : try container.decode(RawAnyJSON.self, forKey: .expected)
        }
    }
}
