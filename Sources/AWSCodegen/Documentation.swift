import Foundation

/// Converts the HTML that botocore models use for documentation into Markdown lines for
/// Swift doc comments. Unknown tags are dropped, their text kept; entities are decoded.
/// The result is plain text: the renderer still makes every line comment-safe.
enum Documentation {
    static let maximumWidth = 100

    /// Works on UTF-8 bytes: tags and entities are ASCII, and every other byte is copied as it
    /// is, which keeps this (run for every documented member of every model) a byte loop.
    static func markdown(_ html: String?) -> [String] {
        guard let html, !html.isEmpty else { return [] }
        var source = html
        return source.withUTF8 { markdown(bytes: $0) }
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\n") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\r")
    }

    private static func isTagNameByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func markdown(bytes: UnsafeBufferPointer<UInt8>) -> [String] {
        var paragraphs: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(bytes.count)
        var listDepth = 0
        var linkTarget: String?
        var linkText: [UInt8] = []
        var inLink = false

        /// Collapses whitespace runs and trims, as HTML rendering does.
        func flush() {
            var text: [UInt8] = []
            text.reserveCapacity(current.count)
            var pendingSpace = false
            for byte in current {
                if isSpace(byte) {
                    pendingSpace = !text.isEmpty
                } else {
                    if pendingSpace { text.append(UInt8(ascii: " ")) }
                    pendingSpace = false
                    text.append(byte)
                }
            }
            if !text.isEmpty { paragraphs.append(String(decoding: text, as: UTF8.self)) }
            current.removeAll(keepingCapacity: true)
        }
        func append(_ text: StaticString) {
            text.withUTF8Buffer { if inLink { linkText.append(contentsOf: $0) } else { current.append(contentsOf: $0) } }
        }
        func append(_ text: String) {
            if inLink { linkText.append(contentsOf: text.utf8) } else { current.append(contentsOf: text.utf8) }
        }

        let count = bytes.count
        var index = 0
        while index < count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "<"), let close = (index..<count).first(where: { bytes[$0] == UInt8(ascii: ">") }) {
                let isClosing = index + 1 < close && bytes[index + 1] == UInt8(ascii: "/")
                let nameStart = index + 1 + (isClosing ? 1 : 0)
                var nameEnd = nameStart
                while nameEnd < close, isTagNameByte(bytes[nameEnd]) { nameEnd += 1 }
                let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<nameEnd]), as: UTF8.self).lowercased()
                let tagEnd = close
                index = close + 1
                switch name {
                case "p", "div", "br":
                    flush()
                case "ul", "ol":
                    flush()
                    listDepth += isClosing ? -1 : 1
                    listDepth = max(0, listDepth)
                case "li":
                    flush()
                    if !isClosing { current = Array((String(repeating: "  ", count: max(0, listDepth - 1)) + "- ").utf8) }
                case "code":
                    append("`")
                case "b", "strong":
                    append("**")
                case "i", "em":
                    append("*")
                case "note", "important":
                    flush()
                    if !isClosing { current = Array((name == "note" ? "> Note: " : "> Important: ").utf8) }
                case "a":
                    if isClosing {
                        if inLink {
                            inLink = false
                            let text = String(decoding: linkText, as: UTF8.self).trimmingCharacters(in: .whitespaces)
                            if let target = linkTarget, target.hasPrefix("http") {
                                current.append(contentsOf: "[\(text.isEmpty ? target : text)](\(target))".utf8)
                            } else {
                                current.append(contentsOf: text.utf8)
                            }
                        }
                    } else {
                        inLink = true
                        linkText.removeAll(keepingCapacity: true)
                        let tag = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<tagEnd]), as: UTF8.self)
                        linkTarget = attribute("href", in: tag)
                    }
                case "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd":
                    flush()
                default:
                    break
                }
                continue
            }
            if byte == UInt8(ascii: "&"), let semicolon = (index..<min(count, index + 10)).first(where: { bytes[$0] == UInt8(ascii: ";") }) {
                let entity = String(decoding: UnsafeBufferPointer(rebasing: bytes[(index + 1)..<semicolon]), as: UTF8.self)
                if let decoded = decodeEntity(entity) {
                    append(decoded)
                    index = semicolon + 1
                    continue
                }
            }
            if inLink { linkText.append(byte) } else { current.append(byte) }
            index += 1
        }
        if inLink { current.append(contentsOf: linkText) }
        flush()
        var lines: [String] = []
        for (number, paragraph) in paragraphs.enumerated() {
            if number > 0 && !(paragraph.hasPrefix("- ") && paragraphs[number - 1].hasPrefix("- ")) { lines.append("") }
            lines.append(contentsOf: wrap(paragraph))
        }
        return lines
    }

    static func attribute(_ name: String, in tag: String) -> String? {
        guard let range = tag.range(of: name + "=\"") else { return nil }
        let rest = tag[range.upperBound...]
        guard let end = rest.firstIndex(of: "\"") else { return nil }
        return String(rest[..<end])
    }

    static func decodeEntity(_ entity: String) -> String? {
        switch entity {
        case "lt": return "<"
        case "gt": return ">"
        case "amp": return "&"
        case "quot": return "\""
        case "apos": return "'"
        case "nbsp": return " "
        default:
            if entity.hasPrefix("#x") || entity.hasPrefix("#X"), let value = UInt32(entity.dropFirst(2), radix: 16), let scalar = Unicode.Scalar(value) {
                return String(Character(scalar))
            }
            if entity.hasPrefix("#"), let value = UInt32(entity.dropFirst()), let scalar = Unicode.Scalar(value) {
                return String(Character(scalar))
            }
            return nil
        }
    }

    /// Wraps at word boundaries; a continuation of a list item is indented under its text.
    static func wrap(_ paragraph: String) -> [String] {
        // Widths are in Characters; for ASCII text (nearly all of it) that is the byte count.
        if paragraph.utf8.count <= maximumWidth { return [paragraph] }
        if paragraph.utf8.allSatisfy({ $0 < 0x80 }) { return wrapASCII(paragraph) }
        guard paragraph.count > maximumWidth else { return [paragraph] }
        let indent = paragraph.prefix { $0 == " " }.count + (paragraph.drop { $0 == " " }.hasPrefix("- ") ? 2 : 0)
        var lines: [String] = []
        var current = ""
        for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > maximumWidth {
                lines.append(current)
                current = String(repeating: " ", count: indent) + word
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    /// `wrap` for ASCII text, where a word's width is its byte count.
    private static func wrapASCII(_ paragraph: String) -> [String] {
        let utf8 = paragraph.utf8
        let leading = utf8.prefix { $0 == UInt8(ascii: " ") }.count
        let afterIndent = utf8.dropFirst(leading)
        let indent = leading + (afterIndent.starts(with: "- ".utf8) ? 2 : 0)
        var lines: [String] = []
        var current: [UInt8] = []
        for word in utf8.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > maximumWidth {
                lines.append(String(decoding: current, as: UTF8.self))
                current = Array(repeating: UInt8(ascii: " "), count: indent) + word
            } else {
                if !current.isEmpty { current.append(UInt8(ascii: " ")) }
                current.append(contentsOf: word)
            }
        }
        if !current.isEmpty { lines.append(String(decoding: current, as: UTF8.self)) }
        return lines
    }
}
