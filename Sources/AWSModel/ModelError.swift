/// A problem with a model file, located by file and JSON path (`$.shapes.Foo.members.bar`).
public struct ModelIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var message: String

    public init(file: String, path: String, message: String) {
        self.file = file
        self.path = path
        self.message = message
    }

    public var description: String { "\(file): \(path): \(message)" }
}

/// Thrown when a model cannot be read or does not validate. Lists every problem found.
public struct ModelError: Error, Sendable, CustomStringConvertible {
    public var issues: [ModelIssue]

    public init(_ issues: [ModelIssue]) { self.issues = issues }

    public init(file: String, path: String, message: String) {
        self.issues = [ModelIssue(file: file, path: path, message: message)]
    }

    public var description: String {
        let shown = issues.prefix(50).map { "error: \($0)" }
        let more = issues.count > 50 ? ["error: ... and \(issues.count - 50) more problems"] : []
        return (shown + more).joined(separator: "\n")
    }
}

/// Builds JSON paths that read like jq selectors, quoting keys that are not plain words.
enum JSONPath {
    static func join(_ base: String, _ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy { scalar in
            scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_" || scalar == "-")
        }
        if plain { return base + "." + key }
        var escaped = ""
        for character in key.unicodeScalars {
            switch character {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            default:
                if character.value < 0x20 { escaped += "\\u{\(String(character.value, radix: 16))}" } else { escaped.unicodeScalars.append(character) }
            }
        }
        return base + "[\"" + escaped + "\"]"
    }

    static func join(_ base: String, index: Int) -> String { base + "[\(index)]" }

    /// The JSON path of a `DecodingError`'s coding path.
    static func from(codingPath: [any CodingKey]) -> String {
        codingPath.reduce("$") { path, key in
            if let index = key.intValue { return join(path, index: index) }
            return join(path, key.stringValue)
        }
    }
}
