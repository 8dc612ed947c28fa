import Foundation

/// Converts the HTML that botocore models use for documentation into Markdown lines for
/// Swift doc comments. Unknown tags are dropped, their text kept; entities are decoded.
/// The result is plain text: the renderer still makes every line comment-safe.
enum Documentation {
    static let maximumWidth = 100

    static func markdown(_ html: String?) -> [String] {
        guard let html, !html.isEmpty else { return [] }
        var paragraphs: [String] = []
        var current = ""
        var listDepth = 0
        var linkTarget: String?
        var linkText = ""
        var inLink = false

        func flush() {
            let text = current.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" || $0 == "\r" }).joined(separator: " ")
            if !text.isEmpty { paragraphs.append(text) }
            current = ""
        }
        func append(_ text: String) {
            if inLink { linkText += text } else { current += text }
        }

        var index = html.startIndex
        while index < html.endIndex {
            let character = html[index]
            if character == "<", let close = html[index...].firstIndex(of: ">") {
                let tagText = html[html.index(after: index)..<close]
                index = html.index(after: close)
                let isClosing = tagText.hasPrefix("/")
                let nameAndAttributes = isClosing ? tagText.dropFirst() : tagText[...]
                let name = nameAndAttributes.prefix { $0.isLetter || $0.isNumber }.lowercased()
                switch name {
                case "p", "div", "br":
                    flush()
                case "ul", "ol":
                    flush()
                    listDepth += isClosing ? -1 : 1
                    listDepth = max(0, listDepth)
                case "li":
                    flush()
                    if !isClosing { current = String(repeating: "  ", count: max(0, listDepth - 1)) + "- " }
                case "code":
                    append("`")
                case "b", "strong":
                    append("**")
                case "i", "em":
                    append("*")
                case "note", "important":
                    flush()
                    if !isClosing { current = name == "note" ? "> Note: " : "> Important: " }
                case "a":
                    if isClosing {
                        if inLink {
                            inLink = false
                            let text = linkText.trimmingCharacters(in: .whitespaces)
                            if let target = linkTarget, target.hasPrefix("http") {
                                current += "[\(text.isEmpty ? target : text)](\(target))"
                            } else {
                                current += text
                            }
                        }
                    } else {
                        inLink = true
                        linkText = ""
                        linkTarget = attribute("href", in: String(nameAndAttributes))
                    }
                case "h1", "h2", "h3", "h4", "h5", "h6", "dl", "dt", "dd":
                    flush()
                default:
                    break
                }
                continue
            }
            if character == "&", let semicolon = html[index...].prefix(10).firstIndex(of: ";") {
                let entity = String(html[html.index(after: index)..<semicolon])
                if let decoded = decodeEntity(entity) {
                    append(decoded)
                    index = html.index(after: semicolon)
                    continue
                }
            }
            append(String(character))
            index = html.index(after: index)
        }
        if inLink { current += linkText }
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
