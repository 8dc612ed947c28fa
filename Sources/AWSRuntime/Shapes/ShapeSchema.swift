/// How a shape's members are named and nested on the wire, for the protocols that are not
/// plain JSON (`query`, `ec2`, `rest-xml`): XML element names, attributes, namespaces, flattened
/// lists and maps, query names. Generated code gives it to shapes of services that need it;
/// values themselves travel in the shape's JSON form, which these protocols translate.
public final class AWSShapeSchema: Sendable {
    public let members: [AWSMemberSchema]
    /// The element name of the shape itself (its `locationName`), for a payload's root element.
    public let xmlName: String?
    public let xmlNamespace: AWSXMLNamespace?
    /// The shape is a union (exactly one member set).
    public let isUnion: Bool
    /// The member (by name) that is the whole HTTP body, for an operation's input or output.
    public let payload: String?

    public init(
        members: [AWSMemberSchema], xmlName: String? = nil, xmlNamespace: AWSXMLNamespace? = nil, isUnion: Bool = false,
        payload: String? = nil
    ) {
        self.members = members
        self.xmlName = xmlName
        self.xmlNamespace = xmlNamespace
        self.isUnion = isUnion
        self.payload = payload
    }
}

public struct AWSXMLNamespace: Sendable, Hashable {
    public var uri: String
    public var prefix: String?
    public init(uri: String, prefix: String? = nil) {
        self.uri = uri
        self.prefix = prefix
    }
}

/// Where a member is bound, when not in the body.
public enum AWSMemberLocation: Sendable, Hashable {
    case header, headers, query, uri, statusCode
}

public struct AWSMemberSchema: Sendable {
    /// The key of the member in the shape's JSON form (`locationName`, else the member name).
    public let key: String
    /// The member name in the model (the query protocol's default name).
    public let name: String
    /// `locationName` of the member (or of a flattened list's member), else the member name.
    public let xmlName: String
    /// EC2's `queryName`.
    public let queryName: String?
    public let location: AWSMemberLocation?
    public let isAttribute: Bool
    public let xmlNamespace: AWSXMLNamespace?
    public let value: AWSValueSchema

    public init(
        key: String, name: String, xmlName: String? = nil, queryName: String? = nil, location: AWSMemberLocation? = nil,
        isAttribute: Bool = false, xmlNamespace: AWSXMLNamespace? = nil, value: AWSValueSchema
    ) {
        self.key = key
        self.name = name
        self.xmlName = xmlName ?? key
        self.queryName = queryName
        self.location = location
        self.isAttribute = isAttribute
        self.xmlNamespace = xmlNamespace
        self.value = value
    }
}

/// The wire form of a value.
public indirect enum AWSValueSchema: Sendable {
    public enum Scalar: Sendable, Hashable {
        /// `float` is 32-bit, `double` 64-bit (CBOR keeps the difference; text does not).
        case string, integer, float, double, boolean, blob
        /// A timestamp; nil format means the protocol's default (ISO 8601 for query and XML).
        case timestamp(TimestampFormat?)
    }

    case scalar(Scalar)
    /// A structure or union, resolved when needed so recursive shapes can refer to themselves.
    case structure(@Sendable () -> AWSShapeSchema)
    /// `memberName` is the element name of each item (`member` when the model gives none).
    case list(AWSValueSchema, memberName: String?, memberNamespace: AWSXMLNamespace?, flattened: Bool)
    case map(AWSValueSchema, keyName: String?, valueName: String?, flattened: Bool, keyNamespace: AWSXMLNamespace? = nil, valueNamespace: AWSXMLNamespace? = nil)
    case document
}

/// A shape that carries its schema (shapes of `query`, `ec2`, `rest-xml` and `smithy-rpc-v2-cbor` services).
public protocol AWSSchemaShape: AWSShape {
    static var schema: AWSShapeSchema { get }
}
