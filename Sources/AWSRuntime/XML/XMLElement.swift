/// An element of an XML document as AWS responses use them: a name (with any namespace
/// prefix), attributes, child elements and the text directly inside it. Comments, processing
/// instructions and the declaration are dropped; CDATA is text.
public final class AWSXMLElement: Sendable {
    /// The qualified name, e.g. `Code` or `xsi:type`.
    public let name: String
    public let attributes: [(name: String, value: String)]
    public let children: [AWSXMLElement]
    /// The element's own text (its text nodes joined), entities decoded.
    public let text: String

    public init(name: String, attributes: [(name: String, value: String)] = [], children: [AWSXMLElement] = [], text: String = "") {
        self.name = name
        self.attributes = attributes
        self.children = children
        self.text = text
    }

    /// The name without its namespace prefix.
    public var localName: Substring {
        guard let colon = name.firstIndex(of: ":") else { return Substring(name) }
        return name[name.index(after: colon)...]
    }

    /// The first child with this (local) name.
    public func child(_ name: String) -> AWSXMLElement? {
        children.first { $0.name == name || $0.localName == name }
    }

    /// Every child with this (local) name, in document order.
    public func children(named name: String) -> [AWSXMLElement] {
        children.filter { $0.name == name || $0.localName == name }
    }

    public func attribute(_ name: String) -> String? {
        attributes.first { $0.name == name }?.value
    }
}

/// A document that is not well-formed XML, with the byte offset where that was found.
public struct AWSXMLParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var offset: Int
    public var description: String { "invalid XML at byte \(offset): \(message)" }
}

/// How `AWSXMLParser.read` turns an element into a value, without building the element: the XML
/// protocols answer from the output's schema (`SchemaXMLForm`). The parser asks which children to
/// read (the others are checked and dropped), collects their values into the state the form
/// started, and hands the form the element's text and attributes at its end.
protocol XMLForm: AnyObject {
    /// Whether the element's own text is read (else it is only checked).
    var readsText: Bool { get }
    /// Whether the element's attributes are read.
    var readsAttributes: Bool { get }
    /// How to read the child named `name` (qualified), the `position`-th child element: the slot its
    /// value goes to and the form to read it with; nil skips it.
    func child(_ name: String, position: Int) -> (slot: Int, form: any XMLForm)?
    /// The state for one element's children's values.
    func start() -> XMLFormState
    func add(_ value: JSONValue, slot: Int, to state: inout XMLFormState)
    /// The element's value, from its children's values, its attributes and its text.
    func finish(_ state: XMLFormState, attributes: [(name: String, value: String)], text: String) -> JSONValue
}

/// What a form collects while the parser reads an element's children.
enum XMLFormState {
    case none
    case values([JSONValue])
    case slots([(slot: Int, value: JSONValue)])
}
