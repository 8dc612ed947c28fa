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
        try parse(data, keeping: .everything())
    }

    /// Parses a document, keeping of the root's descendants only those `keep` asks for: the others
    /// are checked as strictly and dropped unbuilt, so a response's unknown elements cost no memory.
    static func parse(_ data: some Collection<UInt8>, keeping keep: AWSXMLKeep) throws(AWSXMLParseError) -> AWSXMLElement {
        var parser = AWSXMLParser(Array(data))
        parser.skipBOM()
        try parser.skipMisc()
        guard parser.peek() == UInt8(ascii: "<") else { throw parser.failure("expected the root element") }
        guard let root = try parser.element(depth: 0, keep: keep) else { throw parser.failure("expected the root element") }
        try parser.skipMisc()
        guard parser.index == parser.bytes.count else { throw parser.failure("content after the root element") }
        return root
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

    /// The element at `<`: built when `keep` is given, else only checked (and nil).
    private mutating func element(depth: Int, keep: AWSXMLKeep?) throws(AWSXMLParseError) -> AWSXMLElement? {
        guard depth < Self.maximumDepth else { throw failure("elements nest deeper than \(Self.maximumDepth)") }
        index += 1  // <
        let nameStart = index
        let elementName = try name()
        let nameEnd = index
        var attributes: [(name: String, value: String)] = []
        while true {
            skipSpaces()
            guard let byte = peek() else { throw failure("unterminated start tag <\(elementName)") }
            if byte == UInt8(ascii: "/") {
                guard peek(1) == UInt8(ascii: ">") else { throw failure("expected '>' after '/'") }
                index += 2
                return keep == nil ? nil : AWSXMLElement(name: elementName, attributes: attributes)
            }
            if byte == UInt8(ascii: ">") { index += 1; break }
            let attributeName = try name()
            skipSpaces()
            guard peek() == UInt8(ascii: "=") else { throw failure("expected '=' after attribute \(attributeName)") }
            index += 1
            skipSpaces()
            guard let quote = peek(), quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") else {
                throw failure("expected a quoted value for attribute \(attributeName)")
            }
            index += 1
            let value = try text(until: quote, keep: keep != nil)
            index += 1
            if keep != nil { attributes.append((attributeName, value)) }
        }
        var children: [AWSXMLElement] = []
        var content = ""
        var childCount = 0
        while true {
            guard let byte = peek() else { throw failure("<\(elementName)> is never closed") }
            if byte == UInt8(ascii: "<") {
                if starts(with: "</") {
                    index += 2
                    let closingStart = index
                    let closing = try name()
                    guard bytes[closingStart..<index].elementsEqual(bytes[nameStart..<nameEnd]) else {
                        throw failure("</\(closing)> closes <\(elementName)>")
                    }
                    skipSpaces()
                    guard peek() == UInt8(ascii: ">") else { throw failure("expected '>' to end </\(closing)") }
                    index += 1
                    return keep == nil ? nil : AWSXMLElement(name: elementName, attributes: attributes, children: children, text: content)
                } else if starts(with: "<!--") {
                    try skip(past: "-->")
                } else if starts(with: "<![CDATA[") {
                    index += 9
                    let start = index
                    try skip(past: "]]>")
                    if keep != nil { content += String(decoding: bytes[start..<(index - 3)], as: UTF8.self) }
                } else if starts(with: "<?") {
                    try skip(past: "?>")
                } else {
                    // A child: kept when this element is and `keep` asks for it, else checked only.
                    let childKeep = keep.flatMap { keep in
                        var end = index + 1
                        while end < bytes.count, Self.isNameByte(bytes[end]) { end += 1 }
                        return keep.child(String(decoding: bytes[(index + 1)..<end], as: UTF8.self), childCount)
                    }
                    childCount += 1
                    if let child = try element(depth: depth + 1, keep: childKeep) { children.append(child) }
                }
            } else {
                let text = try text(until: UInt8(ascii: "<"), keep: keep != nil)
                if keep != nil { content += text }
            }
        }
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
