import Foundation

/// Translates between a shape's JSON form and the XML and form encodings of the `query`, `ec2`
/// and `rest-xml` protocols, guided by the shape's schema. Generated `init(reader:)` and
/// `encode(to:)` stay protocol-neutral: they read and write the JSON form.
enum XMLValues {
    // MARK: XML → JSON form

    /// What `object(_:schema:)` will read of an element of `schema`, for the parser: every other
    /// element is checked and dropped unbuilt. (Mirrors `object` and `value` below; a union's first
    /// child is read even when the model does not know it.)
    static func keep(_ schema: AWSShapeSchema) -> AWSXMLKeep {
        .children(keepsFirstChild: schema.isUnion) { memberRules(schema) }
    }

    private static func memberRules(_ schema: AWSShapeSchema) -> [String: AWSXMLKeep] {
        var rules: [String: AWSXMLKeep] = [:]
        for member in schema.members where !member.isAttribute && (member.location == nil || member.location == .query || member.location == .uri) {
            switch member.value {
            case .list(let item, let memberName, _, true):
                rules[memberName ?? member.xmlName] = keep(item)
            case .map(let valueSchema, let keyName, let valueName, true, _, _):
                rules[member.xmlName] = mapEntry(valueSchema, keyName: keyName, valueName: valueName)
            default:
                rules[member.xmlName] = keep(member.value)
            }
        }
        return rules
    }

    static func keep(_ schema: AWSValueSchema) -> AWSXMLKeep {
        switch schema {
        case .structure(let nested):
            let shape = nested()
            return .children(keepsFirstChild: shape.isUnion) { memberRules(shape) }
        case .list(let item, let memberName, _, _):
            return .children { [memberName ?? "member": keep(item)] }
        case .map(let valueSchema, let keyName, let valueName, _, _, _):
            return .children { ["entry": mapEntry(valueSchema, keyName: keyName, valueName: valueName)] }
        case .scalar, .document:
            return .textOnly()
        }
    }

    private static func mapEntry(_ valueSchema: AWSValueSchema, keyName: String?, valueName: String?) -> AWSXMLKeep {
        .children { [keyName ?? "key": .textOnly(), valueName ?? "value": keep(valueSchema)] }
    }

    /// The members of a structure element, as the shape's JSON form.
    static func object(_ element: AWSXMLElement, schema: AWSShapeSchema) -> [String: JSONValue] {
        var object: [String: JSONValue] = [:]
        // Query and label bindings mean nothing in a response: such members are read from the body.
        for member in schema.members where member.location == nil || member.location == .query || member.location == .uri {
            if member.isAttribute {
                if let text = element.attribute(member.xmlName) { object[member.key] = scalar(text, member.value) }
                continue
            }
            switch member.value {
            case .list(let item, let memberName, _, let flattened):
                if flattened {
                    let items = values(element, named: memberName ?? member.xmlName, item)
                    if items.isEmpty { continue }
                    object[member.key] = .array(items)
                } else {
                    guard let container = element.child(member.xmlName) else { continue }
                    object[member.key] = .array(values(container, named: memberName ?? "member", item))
                }
            case .map(let valueSchema, let keyName, let valueName, let flattened, _, _):
                let entries: [AWSXMLElement]
                if flattened {
                    entries = element.children(named: member.xmlName)
                    if entries.isEmpty { continue }
                } else {
                    guard let container = element.child(member.xmlName) else { continue }
                    entries = container.children(named: "entry")
                }
                var map: [String: JSONValue] = [:]
                for entry in entries {
                    guard let key = entry.child(keyName ?? "key")?.text else { continue }
                    map[key] = entry.child(valueName ?? "value").map { value($0, valueSchema) } ?? .null
                }
                object[member.key] = .object(map)
            default:
                if let child = element.child(member.xmlName) { object[member.key] = value(child, member.value) }
            }
        }
        return object
    }

    /// The values of the children named `name`, in order, in an array of exactly their number
    /// (no filtered copy of the children: a list of a million elements is held once less).
    private static func values(_ element: AWSXMLElement, named name: String, _ schema: AWSValueSchema) -> [JSONValue] {
        var count = 0
        for child in element.children where child.name == name || child.localName == name { count += 1 }
        var values: [JSONValue] = []
        values.reserveCapacity(count)
        for child in element.children where child.name == name || child.localName == name { values.append(value(child, schema)) }
        return values
    }

    static func value(_ element: AWSXMLElement, _ schema: AWSValueSchema) -> JSONValue {
        switch schema {
        case .structure(let nested):
            let shape = nested()
            if shape.isUnion, let first = element.children.first,
                !shape.members.contains(where: { $0.xmlName == first.name || $0.xmlName == first.localName })
            {
                // A member this version of the model does not know: keep its name.
                return .object([String(first.localName): .string(first.text)])
            }
            return .object(object(element, schema: shape))
        case .list(let item, let memberName, _, _):
            return .array(values(element, named: memberName ?? "member", item))
        case .map(let valueSchema, let keyName, let valueName, _, _, _):
            var map: [String: JSONValue] = [:]
            for entry in element.children(named: "entry") {
                guard let key = entry.child(keyName ?? "key")?.text else { continue }
                map[key] = entry.child(valueName ?? "value").map { value($0, valueSchema) } ?? .null
            }
            return .object(map)
        case .scalar, .document:
            return scalar(element.text, schema)
        }
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
