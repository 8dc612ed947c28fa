/// A small, strict XML parser for response bodies: builds an `AWSXMLElement` tree.
///
/// Written here rather than using FoundationXML because that needs libxml2 at run time (absent from
/// slim server images) and goes through a delegate per event; AWS bodies use a plain subset of XML
/// (no DTDs), which this reads in one pass over the bytes. Depth is limited so hostile input
/// cannot exhaust the stack; anything malformed is an `AWSXMLParseError`, never a crash.
public struct AWSXMLParser: ~Copyable {
    public static let maximumDepth = 256

    private let bytes: [UInt8]
    private var index = 0

    private init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// Parses a document and returns its root element.
    public static func parse(_ data: some Collection<UInt8>) throws(AWSXMLParseError) -> AWSXMLElement {
        var parser = AWSXMLParser(Array(data))
        try parser.prolog()
        guard let root = try parser.element(depth: 0, build: true) else { throw parser.failure("expected the root element") }
        try parser.epilog()
        return root
    }

    /// Reads a document straight into a value, as `form` (chosen by the root's name) says: no
    /// element tree is built, and elements no form asks for are checked as strictly and dropped.
    /// (The XML protocols read responses this way, so a response's size, not its element count,
    /// bounds the memory a decode takes.)
    static func read(_ data: [UInt8], root: (_ name: String) -> any XMLForm) throws(AWSXMLParseError) -> JSONValue {
        var parser = AWSXMLParser(data)
        try parser.prolog()
        var end = parser.index + 1
        while end < data.count, isNameByte(data[end]) { end += 1 }
        let form = root(String(decoding: data[(parser.index + 1)..<end], as: UTF8.self))
        let value = try parser.read(depth: 0, form: form)
        try parser.epilog()
        return value
    }

    private mutating func prolog() throws(AWSXMLParseError) {
        skipBOM()
        try skipMisc()
        guard peek() == UInt8(ascii: "<") else { throw failure("expected the root element") }
    }

    private mutating func epilog() throws(AWSXMLParseError) {
        try skipMisc()
        guard index == bytes.count else { throw failure("content after the root element") }
    }

    private func failure(_ message: String) -> AWSXMLParseError { AWSXMLParseError(message: message, offset: index) }
    private func peek(_ offset: Int = 0) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }

    private func starts(with literal: String) -> Bool {
        var position = index
        for byte in literal.utf8 {
            guard position < bytes.count, bytes[position] == byte else { return false }
            position += 1
        }
        return true
    }

    private mutating func skipBOM() {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
    }

    private mutating func skipSpaces() {
        while let byte = peek(), byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D { index += 1 }
    }

    /// Whitespace, comments, processing instructions (the declaration too) and a DOCTYPE.
    private mutating func skipMisc() throws(AWSXMLParseError) {
        while true {
            skipSpaces()
            if starts(with: "<?") {
                try skip(past: "?>")
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<!DOCTYPE") {
                throw failure("DOCTYPE declarations are not accepted")
            } else {
                return
            }
        }
    }

    private mutating func skip(past terminator: String) throws(AWSXMLParseError) {
        while index < bytes.count {
            if starts(with: terminator) { index += terminator.utf8.count; return }
            index += 1
        }
        throw failure("unterminated construct, expected '\(terminator)'")
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return true
        default:
            return byte >= 0x80
        }
    }

    private mutating func name() throws(AWSXMLParseError) -> String {
        let start = index
        while let byte = peek(), Self.isNameByte(byte) { index += 1 }
        guard index > start else { throw failure("expected a name") }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// A start tag: the element's name, where it is in the bytes (end tags are compared to it as
    /// bytes), its attributes when they are read, and whether it closes itself (`<a/>`).
    private struct StartTag {
        var name: String
        var nameRange: Range<Int>
        var attributes: [(name: String, value: String)]
        var isEmpty: Bool
    }

    /// What comes next inside an element: text (text nodes and CDATA, when read), a child element
    /// (left at its `<` for the caller to read), or the end tag (consumed). Comments and processing
    /// instructions are skipped.
    private enum Content {
        case text(String)
        case child(name: String)
        case end
    }

    /// The start tag at `<`, with its attributes checked and, when `readsAttributes`, kept.
    private mutating func startTag(depth: Int, readsAttributes: Bool) throws(AWSXMLParseError) -> StartTag {
        guard depth < Self.maximumDepth else { throw failure("elements nest deeper than \(Self.maximumDepth)") }
        index += 1  // <
        let nameStart = index
        var tag = StartTag(name: try name(), nameRange: nameStart..<nameStart, attributes: [], isEmpty: false)
        tag.nameRange = nameStart..<index
        while true {
            skipSpaces()
            guard let byte = peek() else { throw failure("unterminated start tag <\(tag.name)") }
            if byte == UInt8(ascii: "/") {
                guard peek(1) == UInt8(ascii: ">") else { throw failure("expected '>' after '/'") }
                index += 2
                tag.isEmpty = true
                return tag
            }
            if byte == UInt8(ascii: ">") { index += 1; return tag }
            let attributeName = try name()
            skipSpaces()
            guard peek() == UInt8(ascii: "=") else { throw failure("expected '=' after attribute \(attributeName)") }
            index += 1
            skipSpaces()
            guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw failure("expected a quoted value for attribute \(attributeName)")
            }
            index += 1
            let value = try text(until: quote, keep: readsAttributes)
            index += 1
            if readsAttributes { tag.attributes.append((attributeName, value)) }
        }
    }

    /// The next content of the element `tag` opened (see `Content`); text is checked either way.
    private mutating func nextContent(of tag: StartTag, readsText: Bool) throws(AWSXMLParseError) -> Content {
        while true {
            guard let byte = peek() else { throw failure("<\(tag.name)> is never closed") }
            guard byte == UInt8(ascii: "<") else {
                let text = try text(until: UInt8(ascii: "<"), keep: readsText)
                if readsText { return .text(text) }
                continue
            }
            if starts(with: "</") {
                index += 2
                let closingStart = index
                let closing = try name()
                guard bytes[closingStart..<index].elementsEqual(bytes[tag.nameRange]) else {
                    throw failure("</\(closing)> closes <\(tag.name)>")
                }
                skipSpaces()
                guard peek() == UInt8(ascii: ">") else { throw failure("expected '>' to end </\(closing)") }
                index += 1
                return .end
            } else if starts(with: "<!--") {
                try skip(past: "-->")
            } else if starts(with: "<![CDATA[") {
                index += 9
                let start = index
                try skip(past: "]]>")
                if readsText { return .text(String(decoding: bytes[start..<(index - 3)], as: UTF8.self)) }
            } else if starts(with: "<?") {
                try skip(past: "?>")
            } else {
                var end = index + 1
                while end < bytes.count, Self.isNameByte(bytes[end]) { end += 1 }
                return .child(name: String(decoding: bytes[(index + 1)..<end], as: UTF8.self))
            }
        }
    }

    /// The element at `<`: built when `build` is true, else only checked (and nil).
    private mutating func element(depth: Int, build: Bool) throws(AWSXMLParseError) -> AWSXMLElement? {
        let tag = try startTag(depth: depth, readsAttributes: build)
        var children: [AWSXMLElement] = []
        var content = ""
        if !tag.isEmpty {
            contents: while true {
                switch try nextContent(of: tag, readsText: build) {
                case .text(let text): content += text
                case .child: if let child = try element(depth: depth + 1, build: build) { children.append(child) }
                case .end: break contents
                }
            }
        }
        return build ? AWSXMLElement(name: tag.name, attributes: tag.attributes, children: children, text: content) : nil
    }

    /// The element at `<`, read into a value as `form` says (see `read(_:root:)`).
    private mutating func read(depth: Int, form: any XMLForm) throws(AWSXMLParseError) -> JSONValue {
        let tag = try startTag(depth: depth, readsAttributes: form.readsAttributes)
        var state = form.start()
        var content = ""
        if !tag.isEmpty {
            var position = 0
            contents: while true {
                switch try nextContent(of: tag, readsText: form.readsText) {
                case .text(let text): content += text
                case .child(let name):
                    if let (slot, childForm) = form.child(name, position: position) {
                        form.add(try read(depth: depth + 1, form: childForm), slot: slot, to: &state)
                    } else {
                        _ = try element(depth: depth + 1, build: false)
                    }
                    position += 1
                case .end: break contents
                }
            }
        }
        return form.finish(state, attributes: tag.attributes, text: content)
    }

    /// Character data up to (not including) `terminator`, with entities decoded; when it is not
    /// kept, only checked (entities, UTF-8) and "" returned.
    private mutating func text(until terminator: UInt8, keep: Bool) throws(AWSXMLParseError) -> String {
        var output: [UInt8] = []
        let start = index
        while let byte = peek(), byte != terminator {
            if byte == UInt8(ascii: "&") {
                try entity(into: &output)
                if !keep { output.removeAll(keepingCapacity: true) }
            } else {
                if terminator != UInt8(ascii: "<"), byte == UInt8(ascii: "<") { throw failure("'<' in an attribute value") }
                if keep { output.append(byte) }
                index += 1
            }
        }
        guard peek() == terminator else { throw failure("unexpected end of the document") }
        guard keep else {
            // Entities are ASCII and decode to whole characters, so the raw bytes are valid UTF-8
            // exactly when the decoded text is.
            let valid = bytes.withUnsafeBufferPointer { WireScan.isValidUTF8(UnsafeBufferPointer(rebasing: $0[start..<index])) }
            guard valid else { throw failure("text is not valid UTF-8") }
            return ""
        }
        guard let text = String(validating: output, as: UTF8.self) else { throw failure("text is not valid UTF-8") }
        return text
    }

    private mutating func entity(into output: inout [UInt8]) throws(AWSXMLParseError) {
        let start = index
        index += 1
        while let byte = peek(), byte != UInt8(ascii: ";") {
            guard index - start < 12 else { throw failure("unterminated entity") }
            index += 1
        }
        guard peek() == UInt8(ascii: ";") else { throw failure("unterminated entity") }
        let body = String(decoding: bytes[(start + 1)..<index], as: UTF8.self)
        index += 1
        switch body {
        case "lt": output.append(UInt8(ascii: "<"))
        case "gt": output.append(UInt8(ascii: ">"))
        case "amp": output.append(UInt8(ascii: "&"))
        case "quot": output.append(UInt8(ascii: "\""))
        case "apos": output.append(UInt8(ascii: "'"))
        default:
            let scalarValue: UInt32?
            if body.hasPrefix("#x") || body.hasPrefix("#X") {
                scalarValue = UInt32(body.dropFirst(2), radix: 16)
            } else if body.hasPrefix("#") {
                scalarValue = UInt32(body.dropFirst(), radix: 10)
            } else {
                throw failure("unknown entity &\(body);")
            }
            guard let value = scalarValue, let scalar = Unicode.Scalar(value) else { throw failure("invalid character reference &\(body);") }
            output.append(contentsOf: Array(String(scalar).utf8))
        }
    }
}
