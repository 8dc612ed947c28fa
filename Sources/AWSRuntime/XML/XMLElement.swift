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

/// Which children of an element the parser builds: given a child's (qualified) name and its
/// position among the element's children, how to keep it, or nil to check it and drop it.
/// The XML protocols derive one from the output's schema (`XMLValues.keep`), so elements the model
/// does not know are never built. Made for one parse (not `Sendable`): each rule resolves its
/// children once, when the first element it applies to is met, and shares them with its siblings.
final class AWSXMLKeep {
    private enum Rule {
        case everything
        case textOnly
        /// Children by name (qualified or local); others as `fallback` says; with `keepsFirstChild`,
        /// an unnamed first child as text.
        case children(() -> [String: AWSXMLKeep], fallback: AWSXMLKeep?, keepsFirstChild: Bool)
    }

    private let rule: Rule
    private var resolved: [String: AWSXMLKeep]?

    private init(_ rule: Rule) { self.rule = rule }

    /// Every descendant.
    static func everything() -> AWSXMLKeep { AWSXMLKeep(.everything) }
    /// The element's own text and attributes, no child.
    static func textOnly() -> AWSXMLKeep { AWSXMLKeep(.textOnly) }
    /// The children that `rules` names, each kept as its rule says, and the others as `fallback`
    /// says; `rules` is called once, when needed, so recursive shapes stay finite.
    static func children(
        keepsFirstChild: Bool = false, fallback: AWSXMLKeep? = nil, _ rules: @escaping () -> [String: AWSXMLKeep]
    ) -> AWSXMLKeep {
        AWSXMLKeep(.children(rules, fallback: fallback, keepsFirstChild: keepsFirstChild))
    }

    func child(_ name: String, _ position: Int) -> AWSXMLKeep? {
        switch rule {
        case .everything: return self
        case .textOnly: return nil
        case .children(let make, let fallback, let keepsFirstChild):
            let rules = resolved ?? make()
            resolved = rules
            if let rule = rules[name] { return rule }
            if let colon = name.firstIndex(of: ":"), let rule = rules[String(name[name.index(after: colon)...])] { return rule }
            if let rule = fallback?.child(name, position) { return rule }
            return keepsFirstChild && position == 0 ? .textOnly() : nil
        }
    }
}
