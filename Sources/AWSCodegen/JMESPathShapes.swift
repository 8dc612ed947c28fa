import AWSJMESPath
import AWSModel

/// The model's shapes as JMESPath sees a generated value's JSON form (`jsonValue()`): which key
/// each member has there, and what lists and maps hold. Waiter and paginator expressions name
/// members; this says which keys to read instead (EC2's `Reservations` is `reservationSet`).
struct JMESPathShapes: JMESPathTypeOracle {
    let context: GenerationContext

    func member(_ name: String, of shapeName: String) -> (key: String, type: String)? {
        guard let info = context.model.shapes[shapeName]?.structure, let member = info.member(named: name) else { return nil }
        return (jsonFormKey(member, info: info, in: shapeName), member.shapeName)
    }

    func element(of shapeName: String) -> String? {
        if case .list(let element)? = context.model.shapes[shapeName]?.kind { return element.shapeName }
        return nil
    }

    func mapValue(of shapeName: String) -> String? {
        if case .map(_, let value)? = context.model.shapes[shapeName]?.kind { return value.shapeName }
        return nil
    }

    /// The key `ShapeTranslator`'s `encode(to:)` writes the member under outside a request: an
    /// HTTP-bound member of a REST operation's input or output by its member name, as is an
    /// input's payload; every other member by its wire name.
    func jsonFormKey(_ member: Member, info: StructureInfo, in shapeName: String) -> String {
        let isInput = context.isRESTProtocol && context.inputShapes.contains(shapeName)
        let isOutput = context.isRESTProtocol && (context.outputShapes.contains(shapeName) || info.exception != nil)
        if member.reference.location != nil && (isInput || isOutput) { return member.name }
        if isInput && info.payload == member.name { return member.name }
        return member.wireName
    }

    /// An expression of the model, checked and pointed at the JSON form of `shapeName`: the
    /// keys to pass as `fieldKeys` (nil when they are the member names), and the result's shape
    /// where known.
    func resolve(_ expression: String, over shapeName: String) throws(JMESPathError) -> (fieldKeys: [String]?, resultShape: String?) {
        let parsed = try JMESPathParser.parse(expression)
        try parsed.checkFunctions()
        let (resolved, resultShape) = parsed.resolvingFields(shapeName, self)
        let keys = resolved.fieldNames()
        return (keys == parsed.fieldNames() ? nil : keys, resultShape)
    }
}
