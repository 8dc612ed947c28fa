/// The rules that turn model names into Swift names. Every rule is written down in the
/// README; change both together.
public enum Naming {
    /// Swift keywords that need backticks when used as an identifier.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init",
        "inout", "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public",
        "rethrows", "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue",
        "default", "defer", "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return",
        "throw", "switch", "where", "while", "Any", "as", "await", "false", "is", "nil", "self", "Self",
        "super", "throws", "true", "try", "async", "some", "any", "consume", "copy", "borrowing", "consuming",
        "package", "nonisolated", "isolated", "_", "Protocol", "Type",
    ]

    /// Identifiers that cannot be used as members even with backticks, because `value.x`
    /// means something else for them.
    static let unusableMemberNames: Set<String> = ["self", "Self", "init", "Type", "Protocol", "deinit", "subscript", "_"]

    /// Names of the members and methods every generated shape has; a model member with one of
    /// these names gets a `Value` suffix.
    static let reservedMemberNames: Set<String> = [
        "shapeName", "validate", "encode", "jsonValue", "jsonBytes", "awsPayload", "errorMetadata", "errorCode", "errorShapeName",
        "hashValue", "hash", "knownValues", "isKnown", "rawValue", "sdkUnknown", "statusCode", "requestID",
    ]

    /// Type names a shape may not take: they would shadow, for users, the standard type of
    /// the same name, or the modules generated code names explicitly. Such shapes get a `Shape` suffix.
    /// (Any module's type silently shadows the standard library's in files that import it; Foundation's
    /// value types that generated code itself uses are here too. Other Foundation names, such as
    /// `Host` or `Locale`, are not: a clash with them is an ambiguity the compiler reports, not a
    /// silent change of meaning, and a qualified name settles it.)
    static let reservedTypeNames: Set<String> = legacyReservedTypeNames.union([
        "ObjectIdentifier", "Range", "ClosedRange", "Substring", "Duration", "Actor", "Unicode", "Mirror", "Slice",
        "AnyHashable", "StaticString", "KeyPath", "Comparable", "CaseIterable", "RawRepresentable", "CustomStringConvertible",
        "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "Int8", "Int16", "Int32", "AsyncSequence", "AsyncStream", "Clock",
        "Float16", "IteratorProtocol", "Numeric",
    ])

    /// The reserved type names before this release: a shape named by one of the added names keeps
    /// its earlier name as a deprecated alias.
    static let legacyReservedTypeNames: Set<String> = [
        "Any", "AnyObject", "Array", "Bool", "Character", "Codable", "Data", "Date", "Decimal", "Decodable", "Decoder",
        "Dictionary", "Double", "Encodable", "Encoder", "Equatable", "Error", "Float", "Foundation", "Hashable",
        "Hasher", "Int", "Int64", "Never", "Optional", "Protocol", "Result", "Self", "Sendable", "Sequence", "Set",
        "String", "Swift", "Type", "URL", "UUID", "Void", "AWSRuntime", "Task", "Collection", "Identifiable",
    ]

    /// Names an enum constant may not take: the properties every enum value has (`rawValue`,
    /// `description`, `hashValue`...) and the enum type's own static members (`knownValues`); such
    /// constants get a `Value` suffix (`DESCRIPTION` → `descriptionValue`). The shapes' member names
    /// (`validate`, `encode`, `hash`...) do not clash with a constant: `KeyType.hash` stays `hash`.
    static let reservedEnumConstantNames: Set<String> = [
        "rawValue", "description", "debugDescription", "hashValue", "customMirror", "isKnown", "knownValues",
    ]

    /// Splits a model name into words: at `_`, `-`, `.`, spaces and any other character that
    /// cannot be in an identifier, and at case changes (`KMSKeyId` → `KMS`, `Key`, `Id`).
    /// A name with no lowercase letter is lowercased first (`BEDROCK_MODEL` → `bedrock`, `model`).
    static func words(_ name: String) -> [String] {
        // A name written entirely in capitals (`IN_PROGRESS`) is words, not acronyms.
        if !name.contains(where: \.isLowercase) {
            return splitWords(name.lowercased())
        }
        return splitWords(name)
    }

    private static func splitWords(_ name: String) -> [String] {
        // On ASCII bytes: model names are ASCII, and anything else is a separator anyway.
        let bytes = Array(name.utf8)
        var words: [String] = []
        var start = -1
        func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
        func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        for index in 0...bytes.count {
            let byte: UInt8 = index < bytes.count ? bytes[index] : 0
            let isWordByte = isUpper(byte) || isLower(byte) || isDigit(byte)
            if !isWordByte {
                if start >= 0 { words.append(String(decoding: bytes[start..<index], as: UTF8.self)); start = -1 }
                continue
            }
            if start >= 0 {
                let last = bytes[index - 1]
                let next: UInt8 = index + 1 < bytes.count ? bytes[index + 1] : 0
                let lowerToUpper = (isLower(last) || isDigit(last)) && isUpper(byte)
                // "KMSKey": the K of Key starts a word because a lowercase letter follows it.
                let acronymEnd = isUpper(last) && isUpper(byte) && isLower(next)
                if lowerToUpper || acronymEnd {
                    words.append(String(decoding: bytes[start..<index], as: UTF8.self))
                    start = index
                }
            } else {
                start = index
            }
        }
        return words
    }

    /// `UpperCamelCase`, keeping the model's capitals inside words: `GetImportedModelResponse`
    /// stays, `bedrock-runtime` gives `BedrockRuntime`, `2xlarge` gives `_2xlarge`.
    public static func typeName(_ name: String) -> String {
        typeName(name, reserved: reservedTypeNames)
    }

    /// The type name the rules before this release gave (for the deprecated alias of a renamed type).
    public static func legacyTypeName(_ name: String) -> String {
        typeName(name, reserved: legacyReservedTypeNames)
    }

    private static func typeName(_ name: String, reserved: Set<String>) -> String {
        let joined = words(name).map { word -> String in
            guard let first = word.first else { return word }
            return first.uppercased() + word.dropFirst()
        }.joined()
        var result = joined.isEmpty ? "Shape" : joined
        if result.first!.isNumber { result = "_" + result }
        if reserved.contains(result) { result += "Shape" }
        return result
    }

    /// `lowerCamelCase`: the first word lowercased whole (`KMSKeyId` → `kmsKeyId`,
    /// `S3Uri` → `s3Uri`), later words start with a capital.
    public static func memberName(_ name: String) -> String {
        lowerCamelName(name, reserved: reservedMemberNames)
    }

    private static func lowerCamelName(_ name: String, reserved: Set<String>) -> String {
        let parts = words(name)
        guard !parts.isEmpty else { return "value" }
        var result = parts[0].lowercased()
        for word in parts.dropFirst() {
            result += word.first!.uppercased() + word.dropFirst()
        }
        if result.first!.isNumber { result = "_" + result }
        if unusableMemberNames.contains(result) { result += "_" }
        if reserved.contains(result) { result += "Value" }
        return result
    }

    /// An enum value's constant name: the value in `lowerCamelCase` (`ml.p4d.24xlarge` →
    /// `mlP4d24xlarge`, `x-amz-*` → `xAmz`, `HASH` → `hash`), with `value` for values that have no
    /// letters or digits, and a `Value` suffix for the reserved enum constant names. Collisions are
    /// settled by `enumCaseNames`.
    public static func enumCaseName(_ value: String) -> String {
        lowerCamelName(value, reserved: reservedEnumConstantNames)
    }

    /// Names for all values of one enum, distinct: when two values give the same name
    /// (`ACTIVE`, `Active`), each of them keeps its own spelling (`ACTIVE`, `Active`) instead;
    /// if that still collides, a numeric suffix in the model's order.
    public static func enumCaseNames(_ values: [String]) -> [String] {
        distinctNames(values, values.map(enumCaseName))
    }

    /// The constant names the rules before this release gave (the shapes' member-name rule), for the
    /// deprecated aliases of renamed constants (`hashValue` for `HASH`, now `hash`).
    public static func legacyEnumCaseNames(_ values: [String]) -> [String] {
        distinctNames(values, values.map(memberName))
    }

    private static func distinctNames(_ values: [String], _ candidates: [String]) -> [String] {
        var names = candidates
        var counts: [String: Int] = [:]
        for name in names { counts[name, default: 0] += 1 }
        for index in names.indices where counts[names[index]]! > 1 {
            names[index] = literalName(values[index])
        }
        var used: Set<String> = []
        for index in names.indices {
            var name = names[index]
            var suffix = 2
            while used.contains(name) {
                name = names[index] + "_\(suffix)"
                suffix += 1
            }
            used.insert(name)
            names[index] = name
        }
        return names
    }

    /// The value's own characters where they are allowed in an identifier, `_` elsewhere.
    static func literalName(_ value: String) -> String {
        var result = String(value.map { ($0.isASCII && ($0.isLetter || $0.isNumber)) ? $0 : "_" })
        if result.isEmpty { result = "value" }
        if result.first!.isNumber { result = "_" + result }
        if unusableMemberNames.contains(result) || keywords.contains(result) { result += "_" }
        return result
    }

    /// The operation's method name: `GetImportedModel` → `getImportedModel`.
    public static func operationName(_ name: String) -> String { memberName(name) }

    /// The client's type name from the service id: `Bedrock` → `BedrockClient`,
    /// `Bedrock Runtime` → `BedrockRuntimeClient`.
    /// The client type: the service id's words (split at spaces and other separators only), each
    /// starting with a capital, acronyms kept as AWS writes them: `SQS` → `SQSClient`, `EC2` →
    /// `EC2Client`, `DynamoDB` → `DynamoDBClient`, `Bedrock Runtime` → `BedrockRuntimeClient`,
    /// `ACM PCA` → `ACMPCAClient`.
    public static func clientName(serviceId: String) -> String {
        var joined = ""
        for word in serviceId.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) {
            joined += word.first!.uppercased() + word.dropFirst()
        }
        if joined.isEmpty { joined = "Service" }
        if joined.first!.isNumber { joined = "_" + joined }
        return joined + "Client"
    }

    /// The client's name before acronyms were kept (`SqsClient`, `Ec2Client`): generated as a
    /// deprecated alias where it differs, so code written against it still builds.
    public static func legacyClientName(serviceId: String) -> String { typeName(serviceId) + "Client" }

    /// An identifier as it must be written in source: keywords in backticks.
    public static func escaped(_ identifier: String) -> String {
        keywords.contains(identifier) ? "`\(identifier)`" : identifier
    }
}
