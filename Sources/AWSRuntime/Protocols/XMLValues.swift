import Foundation

/// Translates between a shape's JSON form and the XML and form encodings of the `query`, `ec2`
/// and `rest-xml` protocols, guided by the shape's schema. Generated `init(reader:)` and
/// `encode(to:)` stay protocol-neutral: they read and write the JSON form.
enum XMLValues {
    // MARK: XML → JSON form

    /// Reads an XML body whose root element is a structure of `schema`, into the structure's JSON form.
    static func object(_ body: [UInt8], schema: AWSShapeSchema) throws(AWSXMLParseError) -> [String: JSONValue] {
        let form = SchemaXMLForm.structure(schema)
        guard case .object(let object) = try AWSXMLParser.read(body, root: { _ in form }) else { return [:] }
        return object
    }

    /// Typed JSON for a scalar's text; text that does not fit stays a string, so the shape's
    /// reader reports the member and the type it expected.
    static func scalar(_ text: String, _ schema: AWSValueSchema) -> JSONValue {
        guard case .scalar(let kind) = schema else { return .string(text) }
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch kind {
        case .string, .blob: return .string(text)
        case .integer: return Int64(trimmed).map(JSONValue.integer) ?? .string(text)
        case .float, .double:
            if ["NaN", "Infinity", "-Infinity"].contains(trimmed) { return .string(trimmed) }
            return Double(trimmed).map(JSONValue.double) ?? .string(text)
        case .boolean:
            switch trimmed {
            case "true": return .bool(true)
            case "false": return .bool(false)
            default: return .string(text)
            }
        case .timestamp:
            if let seconds = Double(trimmed) { return .double(seconds) }
            return .string(trimmed)
        }
    }

    // MARK: JSON form → form parameters (query, ec2)

    /// Appends `name=value` pairs for a value, as botocore's query (or EC2) serializer names them.
    static func formParameters(_ value: JSONValue, _ schema: AWSValueSchema, prefix: String, ec2: Bool, into pairs: inout [(String, String)]) {
        switch schema {
        case .structure(let nested):
            guard case .object(let object) = value else { return }
            for member in nested().members {
                guard let memberValue = object[member.key], memberValue != .null else { continue }
                let name: String
                if ec2 {
                    name = member.queryName ?? capitalized(member.xmlName)
                } else {
                    name = member.xmlName
                }
                formParameters(memberValue, member.value, prefix: prefix.isEmpty ? name : "\(prefix).\(name)", ec2: ec2, into: &pairs)
            }
        case .list(let item, let memberName, _, let flattened):
            guard case .array(let items) = value else { return }
            if items.isEmpty {
                if !ec2 { pairs.append((prefix, "")) }
                return
            }
            let listPrefix: String
            if ec2 {
                listPrefix = prefix
            } else if flattened {
                if let memberName {
                    var parts = prefix.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
                    parts[parts.count - 1] = memberName
                    listPrefix = parts.joined(separator: ".")
                } else {
                    listPrefix = prefix
                }
            } else {
                listPrefix = "\(prefix).\(memberName ?? "member")"
            }
            for (index, element) in items.enumerated() {
                formParameters(element, item, prefix: "\(listPrefix).\(index + 1)", ec2: ec2, into: &pairs)
            }
        case .map(let valueSchema, let keyName, let valueName, let flattened, _, _):
            guard case .object(let map) = value else { return }
            let entryPrefix = flattened ? prefix : "\(prefix).entry"
            for (index, key) in map.keys.sorted().enumerated() {
                pairs.append(("\(entryPrefix).\(index + 1).\(keyName ?? "key")", key))
                formParameters(map[key]!, valueSchema, prefix: "\(entryPrefix).\(index + 1).\(valueName ?? "value")", ec2: ec2, into: &pairs)
            }
        case .scalar(let kind):
            pairs.append((prefix, text(value, kind)))
        case .document:
            pairs.append((prefix, String(decoding: JSONSerializer.serialize(value), as: UTF8.self)))
        }
    }

    /// The text of a scalar in its JSON form, in the form and XML encodings.
    static func text(_ value: JSONValue, _ kind: AWSValueSchema.Scalar) -> String {
        switch (kind, value) {
        case (.timestamp(nil), .integer(let seconds)): return Timestamps.format(Date(timeIntervalSince1970: Double(seconds)), as: .iso8601)
        case (.timestamp(nil), .double(let seconds)): return Timestamps.format(Date(timeIntervalSince1970: seconds), as: .iso8601)
        case (_, .string(let text)): return text
        case (_, .bool(let flag)): return flag ? "true" : "false"
        case (_, .integer(let number)): return String(number)
        case (_, .double(let number)):
            if let special = nonFiniteText(number) { return special }
            if case .timestamp = kind, number == number.rounded(), abs(number) < 9.2e18 { return String(Int64(number)) }
            return "\(number)"
        default: return String(decoding: JSONSerializer.serialize(value), as: UTF8.self)
        }
    }

    static func capitalized(_ name: String) -> String {
        guard let first = name.first else { return name }
        return first.uppercased() + name.dropFirst()
    }
}

// MARK: JSON form → XML

extension XMLValues {
    /// Writes `<name>` for a value in its JSON form, as botocore's rest-xml serializer does.
    static func writeElement(_ name: String, _ value: JSONValue, _ schema: AWSValueSchema, namespace: AWSXMLNamespace?, into output: inout String) {
        switch schema {
        case .structure(let nested):
            let shape = nested()
            guard case .object(let object) = value else { return }
            output += "<" + name
            if let namespace = namespace ?? shape.xmlNamespace { output += namespaceAttribute(namespace) }
            for member in shape.members where member.isAttribute && member.location == nil {
                guard let attribute = object[member.key], attribute != .null, case .scalar(let kind) = member.value else { continue }
                output += " \(member.xmlName)=\"\(escape(text(attribute, kind), attribute: true))\""
            }
            output += ">"
            for member in shape.members where !member.isAttribute && member.location == nil {
                guard let memberValue = object[member.key], memberValue != .null else { continue }
                writeMember(member.xmlName, memberValue, member.value, namespace: member.xmlNamespace, into: &output)
            }
            output += "</\(name)>"
        case .list, .map:
            writeMember(name, value, schema, namespace: namespace, into: &output)
        case .scalar(let kind):
            output += "<\(name)\(namespace.map(namespaceAttribute) ?? "")>\(escape(text(value, kind), attribute: false))</\(name)>"
        case .document:
            output += "<\(name)>\(escape(String(decoding: JSONSerializer.serialize(value), as: UTF8.self), attribute: false))</\(name)>"
        }
    }

    /// A member of a structure: lists and maps, flattened or wrapped, or a single element.
    private static func writeMember(_ name: String, _ value: JSONValue, _ schema: AWSValueSchema, namespace: AWSXMLNamespace?, into output: inout String) {
        switch schema {
        case .list(let item, let memberName, let memberNamespace, let flattened):
            guard case .array(let items) = value else { return }
            if flattened {
                for element in items { writeElement(name, element, item, namespace: memberNamespace, into: &output) }
            } else {
                output += "<\(name)\(namespace.map(namespaceAttribute) ?? "")>"
                for element in items { writeElement(memberName ?? "member", element, item, namespace: memberNamespace, into: &output) }
                output += "</\(name)>"
            }
        case .map(let valueSchema, let keyName, let valueName, let flattened, let keyNamespace, let valueNamespace):
            guard case .object(let map) = value else { return }
            if !flattened { output += "<\(name)\(namespace.map(namespaceAttribute) ?? "")>" }
            for key in map.keys.sorted() {
                let entry = flattened ? name : "entry"
                output += "<\(entry)>"
                writeElement(keyName ?? "key", .string(key), .scalar(.string), namespace: keyNamespace, into: &output)
                writeElement(valueName ?? "value", map[key]!, valueSchema, namespace: valueNamespace, into: &output)
                output += "</\(entry)>"
            }
            if !flattened { output += "</\(name)>" }
        default:
            writeElement(name, value, schema, namespace: namespace, into: &output)
        }
    }

    static func namespaceAttribute(_ namespace: AWSXMLNamespace) -> String {
        " xmlns\(namespace.prefix.map { ":\($0)" } ?? "")=\"\(escape(namespace.uri, attribute: true))\""
    }

    static func escape(_ text: String, attribute: Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"" where attribute: result += "&quot;"
            case "\r": result += "&#13;"
            case "\n" where attribute: result += "&#10;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}
