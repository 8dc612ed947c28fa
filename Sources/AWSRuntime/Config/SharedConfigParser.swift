/// One section of a shared config or credentials file.
struct SharedConfigSection: Sendable, Equatable {
    /// `key = value` settings; keys lowercased, values trimmed.
    var values: [String: String] = [:]
    /// Settings whose value is an indented block (`s3 =` followed by `  addressing_style = path`):
    /// the block's own settings, keys as written.
    var subsections: [String: [String: String]] = [:]
    /// Where the section is among the file's sections (0 for the first): when two sections name the
    /// same profile (`[default]` and `[profile default]`), botocore takes the later one, whole.
    var position = 0
}

/// A shared config or credentials file that botocore would refuse (`ConfigParseError`).
public struct AWSConfigFileError: Error, Sendable, CustomStringConvertible {
    /// The file, when it was read from one.
    public var path: String?
    /// 1-based line number of the offending line.
    public var line: Int
    public var message: String

    public var description: String { "\(path ?? "config text"), line \(line): \(message)" }
}

/// Reads `~/.aws/config` and `~/.aws/credentials` exactly as botocore does, which reads them with
/// Python's `configparser.RawConfigParser` (strict, no inline comments) and then splits indented
/// blocks into subsections. Written here rather than with a general INI library because the
/// credentials a client signs with depend on every detail matching botocore's:
/// - a section header is everything between the first `[` and the last `]` of a line, so
///   `[prod] # production` is the section `prod`;
/// - `#` and `;` start a comment only at the start of a line; after a value they are part of it;
/// - `=` or `:`, whichever comes first, separates a key from its value;
/// - a line indented deeper than the key before it continues that key's value;
/// - a repeated section or a repeated key in one section, a line that is neither a section, a
///   setting nor a comment, or a setting before any section, is an error;
/// - `[DEFAULT]` settings apply to every section that does not set them itself.
/// Tested differentially against botocore on generated files (`SharedConfigParserTests`).
enum SharedConfigParser {
    static func parse(_ text: String, path: String? = nil) throws(AWSConfigFileError) -> [String: SharedConfigSection] {
        var sections: [String: [String: [String]]] = [:]
        var order: [String] = []
        var defaults: [String: [String]] = [:]
        var currentSection: String?
        var optionName: String?
        var indentLevel = 0
        var seenSections: Set<String> = []
        var seenOptions: Set<[String]> = []
        var firstError: AWSConfigFileError?

        func fail(_ line: Int, _ message: String) -> AWSConfigFileError {
            AWSConfigFileError(path: path, line: line, message: message)
        }
        func append(_ value: String, to option: String) {
            if currentSection == "DEFAULT" { defaults[option, default: []].append(value) } else {
                sections[currentSection!]![option, default: []].append(value)
            }
        }

        for (index, line) in universalLines(text).enumerated() {
            let number = index + 1
            let stripped = pythonStrip(Substring(line))
            let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
            if stripped.isEmpty || isComment {
                // An empty line inside a value is kept (and trimmed away at its end); a comment is not.
                if !isComment, currentSection != nil, let optionName { append("", to: optionName) }
                continue
            }
            let indent = line.prefix(while: isPythonSpace).count
            if currentSection != nil, let optionName, indent > indentLevel {
                append(String(stripped), to: optionName)
                continue
            }
            indentLevel = indent
            if stripped.first == "[", let close = stripped.lastIndex(of: "]"), stripped.index(after: stripped.startIndex) < close {
                let name = String(stripped[stripped.index(after: stripped.startIndex)..<close])
                if name == "DEFAULT" {
                    currentSection = name
                } else {
                    if seenSections.contains(name) { throw fail(number, "the section [\(name)] appears twice") }
                    seenSections.insert(name)
                    if sections[name] == nil { sections[name] = [:]; order.append(name) }
                    currentSection = name
                }
                optionName = nil
                continue
            }
            guard let section = currentSection else {
                throw fail(number, "a setting before any [section] header")
            }
            guard let delimiter = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                if firstError == nil { firstError = fail(number, "'\(stripped.prefix(40))' is neither a [section], a key = value setting nor a comment") }
                continue
            }
            let key = pythonStrip(stripped[..<delimiter]).lowercased()
            if key.isEmpty, firstError == nil { firstError = fail(number, "a setting without a key") }
            if seenOptions.contains([section, key]) { throw fail(number, "the key '\(key)' appears twice in [\(section)]") }
            seenOptions.insert([section, key])
            let value = String(pythonStrip(stripped[stripped.index(after: delimiter)...]))
            if section == "DEFAULT" { defaults[key] = [value] } else { sections[section]![key] = [value] }
            optionName = key
        }
        if let firstError { throw firstError }

        var result: [String: SharedConfigSection] = [:]
        for (position, name) in order.enumerated() {
            var merged = defaults
            merged.merge(sections[name]!) { _, own in own }
            var section = SharedConfigSection(position: position)
            for (key, lines) in merged {
                let value = pythonRStrip(lines.joined(separator: "\n"))
                if value.hasPrefix("\n") {
                    section.subsections[key] = try nested(value, path: path)
                } else {
                    section.values[key] = value
                }
            }
            result[name] = section
        }
        return result
    }

    /// An indented block's `key = value` lines (botocore's `_parse_nested`).
    private static func nested(_ value: String, path: String?) throws(AWSConfigFileError) -> [String: String] {
        var result: [String: String] = [:]
        for line in value.split(whereSeparator: \.isNewline) {
            let stripped = pythonStrip(line)
            if stripped.isEmpty { continue }
            guard let equals = stripped.firstIndex(of: "=") else {
                throw AWSConfigFileError(path: path, line: 0, message: "'\(stripped.prefix(40))' in an indented block has no '='")
            }
            result[String(pythonStrip(stripped[..<equals]))] = String(pythonStrip(stripped[stripped.index(after: equals)...]))
        }
        return result
    }

    /// Lines as Python's universal-newline reading splits them: at `\r\n`, `\r` or `\n`.
    static func universalLines(_ text: String) -> [Substring] {
        // Swift treats "\r\n" as one Character, so splitting on newline characters handles all three.
        text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" })
    }

    /// Python's `str.isspace` for one character.
    static func isPythonSpace(_ character: Character) -> Bool {
        if character.isASCII {
            guard let ascii = character.asciiValue else { return false }
            return ascii == 0x20 || (0x09...0x0D).contains(ascii) || (0x1C...0x1F).contains(ascii)
        }
        return character.isWhitespace
    }

    static func pythonStrip(_ text: Substring) -> Substring {
        var text = text
        while let first = text.first, isPythonSpace(first) { text = text.dropFirst() }
        while let last = text.last, isPythonSpace(last) { text = text.dropLast() }
        return text
    }

    static func pythonRStrip(_ text: String) -> String {
        var text = Substring(text)
        while let last = text.last, isPythonSpace(last) { text = text.dropLast() }
        return String(text)
    }

    /// The name a config-file section gives its profile, `sso-session` or `services` section, as
    /// botocore reads it with `shlex.split`: `profile prod` and `profile "my prod"` name `prod`
    /// and `my prod`; a header that is not exactly two words names nothing.
    static func secondWord(ofSection section: String) -> String? {
        guard let parts = shellWords(section), parts.count == 2 else { return nil }
        return parts[1]
    }

    /// A small `shlex.split` (POSIX mode): whitespace-separated words, single and double quotes,
    /// backslash escapes; nil for an unterminated quote.
    static func shellWords(_ text: String) -> [String]? {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var escaped = false
        for character in text {
            if escaped {
                current.append(character); escaped = false; inWord = true; continue
            }
            if let open = quote {
                if character == open { quote = nil } else if character == "\\" && open == "\"" { escaped = true } else { current.append(character) }
                continue
            }
            switch character {
            case "\\": escaped = true; inWord = true
            case "\"", "'": quote = character; inWord = true
            case _ where character.isWhitespace:
                if inWord { words.append(current); current = ""; inWord = false }
            default: current.append(character); inWord = true
            }
        }
        if quote != nil || escaped { return nil }
        if inWord { words.append(current) }
        return words
    }
}
