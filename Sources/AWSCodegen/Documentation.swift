import Foundation

/// Converts the HTML that botocore models use for documentation into Markdown lines for
/// Swift doc comments. Unknown tags are dropped, their text kept; entities are decoded.
/// The result is plain text: the renderer still makes every line comment-safe.
enum Documentation {
    static let maximumWidth = 100

    static func markdown(_ html: String?) -> [String] {
        guard let html, !html.isEmpty else { return [] }
        let scalars = Array(html.unicodeScalars)
        var paragraphs: [String] = []
        var current = String.UnicodeScalarView()
        var listDepth = 0
        var linkTarget: String?
        var linkText = String.UnicodeScalarView()
        var inLink = false

        func isSpace(_ scalar: Unicode.Scalar) -> Bool {
            scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r"
        }
        /// Collapses whitespace runs and trims, as HTML rendering does.
        func flush() {
            var text = String.UnicodeScalarView()
            var pendingSpace = false
            for scalar in current {
                if isSpace(scalar) {
                    pendingSpace = !text.isEmpty
                } else {
                    if pendingSpace { text.append(" ") }
                    pendingSpace = false
                    text.append(scalar)
                }
            }
            if !text.isEmpty { paragraphs.append(String(text)) }
            current = String.UnicodeScalarView()
        }
        func append(_ text: String) {
            if inLink { linkText.append(contentsOf: text.unicodeScalars) } else { current.append(contentsOf: text.unicodeScalars) }
        }
        func append(_ scalar: Unicode.Scalar) {
            if inLink { linkText.append(scalar) } else { current.append(scalar) }
        }

        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "<", let close = scalars[index...].firstIndex(of: ">") {
                var tag = String.UnicodeScalarView()
                tag.append(contentsOf: scalars[(index + 1)..<close])
                let tagText = String(tag)
                index = close + 1
                let isClosing = tagText.hasPrefix("/")
                let nameAndAttributes = isClosing ? String(tagText.dropFirst()) : tagText
                let name = String(nameAndAttributes.unicodeScalars.prefix { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) }).lowercased()
                switch name {
                case "p", "div", "br":
                    flush()
                case "ul", "ol":
                    flush()
                    listDepth += isClosing ? -1 : 1
                    listDepth = max(0, listDepth)
                case "li":
                    flush()
                    if !isClosing { current = (String(repeating: "  ", count: max(0, listDepth - 1)) + "- ").unicodeScalars }
                case "code":
                    append("`")
                case "b", "strong":
                    append("**")
                case "i", "em":
                    append("*")
                case "note", "important":
                    flush()
                    if !isClosing { current = (name == "note" ? "> Note: " : "> Important: ").unicodeScalars }
                case "a":
                    if isClosing {
                        if inLink {
                            inLink = false
                            let text = String(linkText).trimmingCharacters(in: .whitespaces)
                            if let target = linkTarget, target.hasPrefix("http") {
                                current.append(contentsOf: "[\(text.isEmpty ? target : text)](\(target))".unicodeScalars)
                            } else {
                                current.append(contentsOf: text.unicodeScalars)
                            }
                        }
                    } else {
                        inLink = true
                        linkText = String.UnicodeScalarView()
                        linkTarget = attribute("href", in: nameAndAttributes)
                    }
                case "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd":
                    flush()
                default:
                    break
                }
                continue
            }
            if scalar == "&", let semicolon = scalars[index..<min(scalars.count, index + 10)].firstIndex(of: ";") {
                var entity = String.UnicodeScalarView()
                entity.append(contentsOf: scalars[(index + 1)..<semicolon])
                if let decoded = decodeEntity(String(entity)) {
                    append(decoded)
                    index = semicolon + 1
                    continue
                }
            }
            append(scalar)
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
}
