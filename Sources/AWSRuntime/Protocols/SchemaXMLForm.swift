/// How an element of a shape's schema reads into the shape's JSON form, for `AWSXMLParser.read`:
/// the XML protocols' rules for structures (members by element name, attributes, flattened and
/// wrapped lists and maps, the first of repeated elements), unions (a member the model does not
/// know keeps its name), lists, maps and scalars. One instance per schema node and parse: a
/// structure builds its name table once, at its first element, and shares it with its siblings.
final class SchemaXMLForm: XMLForm {
    private enum Kind {
        case structure(AWSShapeSchema)
        case list(item: AWSValueSchema, itemName: String)
        case map(value: AWSValueSchema, keyName: String, valueName: String)
        /// One `<entry>` of a map (or one flattened map element): its key and value.
        case entry(value: AWSValueSchema, keyName: String, valueName: String)
        case scalar(AWSValueSchema)
        /// A union member the model does not know: its text, under its name.
        case unknownMember(String)
    }

    /// What a structure does with a child's value.
    private enum MemberAction {
        case set(String)
        case append(String)
        case mapEntry(String)
    }

    private let kind: Kind
    private var table: [String: (slot: Int, form: SchemaXMLForm)]?
    private var actions: [MemberAction] = []
    /// The slot of an unknown union member's value.
    private static let unknownMemberSlot = -1
    /// Slots of an entry's key and value.
    private static let keySlot = 0, valueSlot = 1

    let readsAttributes: Bool

    private init(_ kind: Kind) {
        self.kind = kind
        if case .structure(let schema) = kind { readsAttributes = schema.members.contains { $0.isAttribute } } else { readsAttributes = false }
    }

    static func structure(_ schema: AWSShapeSchema) -> SchemaXMLForm { SchemaXMLForm(.structure(schema)) }

    static func form(_ schema: AWSValueSchema) -> SchemaXMLForm {
        switch schema {
        case .structure(let nested): SchemaXMLForm(.structure(nested()))
        case .list(let item, let memberName, _, _): SchemaXMLForm(.list(item: item, itemName: memberName ?? "member"))
        case .map(let value, let keyName, let valueName, _, _, _):
            SchemaXMLForm(.map(value: value, keyName: keyName ?? "key", valueName: valueName ?? "value"))
        case .scalar, .document: SchemaXMLForm(.scalar(schema))
        }
    }

    var readsText: Bool {
        switch kind {
        case .scalar, .unknownMember: true
        default: false
        }
    }

    /// Members read from a response body: query and label bindings mean nothing there.
    private static func isBodyMember(_ member: AWSMemberSchema) -> Bool {
        member.location == nil || member.location == .query || member.location == .uri
    }

    /// The name table: element names (qualified as the model writes them) to slots and forms.
    private func buildTable() -> [String: (slot: Int, form: SchemaXMLForm)] {
        var table: [String: (slot: Int, form: SchemaXMLForm)] = [:]
        switch kind {
        case .structure(let schema):
            for member in schema.members where !member.isAttribute && Self.isBodyMember(member) {
                let slot = actions.count
                switch member.value {
                case .list(let item, let memberName, _, true):
                    actions.append(.append(member.key))
                    table[memberName ?? member.xmlName] = (slot, Self.form(item))
                case .map(let value, let keyName, let valueName, true, _, _):
                    actions.append(.mapEntry(member.key))
                    table[member.xmlName] = (slot, SchemaXMLForm(.entry(value: value, keyName: keyName ?? "key", valueName: valueName ?? "value")))
                default:
                    actions.append(.set(member.key))
                    table[member.xmlName] = (slot, Self.form(member.value))
                }
            }
        case .list(let item, let itemName):
            table[itemName] = (0, Self.form(item))
        case .map(let value, let keyName, let valueName):
            table["entry"] = (0, SchemaXMLForm(.entry(value: value, keyName: keyName, valueName: valueName)))
        case .entry(let value, let keyName, let valueName):
            table[keyName] = (Self.keySlot, SchemaXMLForm(.scalar(.scalar(.string))))
            table[valueName] = (Self.valueSlot, Self.form(value))
        case .scalar, .unknownMember:
            break
        }
        return table
    }

    func child(_ name: String, position: Int) -> (slot: Int, form: any XMLForm)? {
        let table = self.table ?? buildTable()
        self.table = table
        // A child matches by its qualified name or, without its prefix, by its local name.
        if let entry = table[name] { return (entry.slot, entry.form) }
        let local = name.firstIndex(of: ":").map { String(name[name.index(after: $0)...]) }
        if let local, let entry = table[local] { return (entry.slot, entry.form) }
        if case .structure(let schema) = kind, schema.isUnion, position == 0,
           !schema.members.contains(where: { $0.xmlName == name || $0.xmlName == local })
        {
            return (Self.unknownMemberSlot, SchemaXMLForm(.unknownMember(local ?? name)))
        }
        return nil
    }

    func start() -> XMLFormState {
        switch kind {
        case .list: .values([])
        case .scalar, .unknownMember: .none
        default: .slots([])
        }
    }

    func add(_ value: JSONValue, slot: Int, to state: inout XMLFormState) {
        // The payload is taken out and put back, so the array stays uniquely held and grows in place.
        switch state {
        case .values(var values):
            state = .none
            values.append(value)
            state = .values(values)
        case .slots(var slots):
            state = .none
            slots.append((slot, value))
            state = .slots(slots)
        case .none:
            break
        }
    }

    func finish(_ state: XMLFormState, attributes: [(name: String, value: String)], text: String) -> JSONValue {
        let slots: [(slot: Int, value: JSONValue)]
        switch state {
        case .values(let values): return .array(values)
        case .slots(let collected): slots = collected
        case .none: slots = []
        }
        switch kind {
        case .structure(let schema):
            return structure(schema, slots: slots, attributes: attributes)
        case .list:
            return .array(slots.map(\.value))  // (a list collects `.values`; kept for completeness)
        case .map:
            var map: [String: JSONValue] = [:]
            for (_, entry) in slots {
                if case .array(let pair) = entry, pair.count == 2, case .string(let key) = pair[0] { map[key] = pair[1] }
            }
            return .object(map)
        case .entry:
            // The first key and the first value; an entry without a key is dropped (by `map`).
            guard case .string(let key)? = slots.first(where: { $0.slot == Self.keySlot })?.value else { return .null }
            return .array([.string(key), slots.first(where: { $0.slot == Self.valueSlot })?.value ?? .null])
        case .scalar(let schema):
            return XMLValues.scalar(text, schema)
        case .unknownMember(let name):
            return .object([name: .string(text)])
        }
    }

    private func structure(_ schema: AWSShapeSchema, slots: [(slot: Int, value: JSONValue)], attributes: [(name: String, value: String)]) -> JSONValue {
        var object: [String: JSONValue] = [:]
        for member in schema.members where member.isAttribute && Self.isBodyMember(member) {
            if let text = attributes.first(where: { $0.name == member.xmlName })?.value { object[member.key] = XMLValues.scalar(text, member.value) }
        }
        var lists: [String: [JSONValue]] = [:]
        var maps: [String: [String: JSONValue]] = [:]
        for (slot, value) in slots {
            // A union member this version of the model does not know, first among the children:
            // the union is that member (`{name: text}`).
            if slot == Self.unknownMemberSlot { return value }
            switch actions[slot] {
            case .set(let key): if object[key] == nil { object[key] = value }
            case .append(let key): lists[key, default: []].append(value)
            case .mapEntry(let key):
                if case .array(let pair) = value, pair.count == 2, case .string(let entryKey) = pair[0] {
                    maps[key, default: [:]][entryKey] = pair[1]
                } else if maps[key] == nil {
                    maps[key] = [:]  // present, as the element was, though its entry has no key
                }
            }
        }
        for (key, items) in lists { object[key] = .array(items) }
        for (key, map) in maps { object[key] = .object(map) }
        return .object(object)
    }
}
