import AWSModel
import Foundation

/// A JSON-like value as botocore writes operation parameters and results: member names as
/// keys, timestamps as epoch seconds, blobs as text, special floats as `"NaN"`/`"Infinity"`.
package indirect enum LiteralValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([LiteralValue])
    case object([String: LiteralValue])
}

/// Writes Swift expressions that build values of generated types: `Type(member: ...)` for
/// structures, `.case(...)` for unions, literals for the rest, each with explicit types so the
/// compiler infers nothing large. Used to generate test cases from botocore's protocol suites.
package struct ValueLiteralTranslator {
    let context: GenerationContext

    package init(model: ServiceModel, options: GeneratorOptions) throws {
        context = try GenerationContext(model: model, options: options)
    }

    package var clientName: String { ClientTranslator(context: context).clientName }

    /// The Swift type of a shape, as the generated code declares it.
    package func swiftType(ofShape name: String) -> String { context.swiftType(shapeNamed: name) }

    /// The name of the static operation descriptor the client declares.
    package func descriptorName(ofOperation name: String) -> String { Naming.operationName(name) + "Operation" }

    /// A Swift expression for `value` as the shape `shapeName`; `path` names the value in errors.
    package func literal(_ value: LiteralValue, shape shapeName: String, path: String) throws -> String {
        SwiftRenderer.expression(try expression(value, shapeName: shapeName, jsonValue: false, path: path))
    }

    /// A Swift string literal holding exactly `text`.
    package static func stringLiteral(_ text: String) -> String { SwiftRenderer.stringLiteral(text) }

    /// The output's event-stream member, if it streams events: its property and its key in the
    /// output's JSON form.
    package func eventStreamMember(ofOutput shapeName: String) throws -> (property: String, key: String)? {
        guard let member = context.model.shape(named: shapeName).structure?.members.first(where: {
            context.outputEventStreams.contains($0.shapeName)
        }) else { return nil }
        return (Naming.escaped(try context.memberNames(of: shapeName)[member.name]!), member.wireName)
    }

    /// The wire error code of an error shape.
    /// Whether the output's payload is a streaming blob (its call streams the body).
    package func streamsPayload(ofOutput shapeName: String) -> Bool { context.streamingPayloadOutputs.contains(shapeName) }

    package func errorCode(ofShape name: String) -> String? { context.model.shapes[name]?.structure?.exception?.code }

    /// A value of the shape with every required member at its zero value.
    package func zeroLiteral(shape shapeName: String) throws -> String {
        SwiftRenderer.expression(try zero(shapeName, depth: 0, path: "$"))
    }

    private func fail(_ path: String, _ message: String) -> CodegenError {
        CodegenError(file: context.model.sourcePath, path: path, message: message)
    }

    private func call(_ function: String, _ arguments: [SwiftArgument]) -> SwiftExpr { .call(.identifier(function), arguments) }

    private func expression(_ value: LiteralValue, shapeName: String, jsonValue: Bool, path: String) throws -> SwiftExpr {
        if jsonValue { return json(value) }
        if value == .null { return .nil }
        let shape = context.model.shape(named: shapeName)
        switch shape.kind {
        case .structure(let info) where info.isDocument:
            return json(value)
        case .structure(let info) where context.isEventStream(shapeName):
            // An output's event stream: the list of its events, each as a union value.
            guard case .array(let items) = value else { throw fail(path, "an event stream's value must be a list of events") }
            var asUnion = info
            asUnion.isUnion = true
            let events = try items.enumerated().map { index, item in try unionValue(item, shapeName: shapeName, info: asUnion, path: "\(path)[\(index)]") }
            return call("AWSRuntime.AWSEventStream", [SwiftArgument("events", .array(events))])
        case .structure(let info) where info.isUnion:
            return try unionValue(value, shapeName: shapeName, info: info, path: path)
        case .structure(let info):
            guard case .object(let fields) = value else { throw fail(path, "expected an object for \(shapeName)") }
            for key in fields.keys where info.member(named: key) == nil {
                throw fail("\(path).\(key)", "\(shapeName) has no member '\(key)'")
            }
            return try structure(shapeName, info: info, depth: 0, path: path) { member in
                try fields[member.name].map { field in
                    let value = try expression(field, shapeName: member.shapeName, jsonValue: member.reference.jsonValue, path: "\(path).\(member.name)")
                    // A streaming payload: the bytes given whole.
                    return context.isStreamingPayload(member, in: shapeName) ? call("AWSRuntime.AWSByteStream", [SwiftArgument(nil, value)]) : value
                }
            }
        case .list(let element):
            guard case .array(let items) = value else { throw fail(path, "expected an array") }
            return .array(try items.enumerated().map { index, item in
                try expression(item, shapeName: element.shapeName, jsonValue: element.jsonValue, path: "\(path)[\(index)]")
            })
        case .map(_, let element):
            guard case .object(let fields) = value else { throw fail(path, "expected an object") }
            return .dictionary(try fields.keys.sorted().map { key in
                (key: .string(key), value: try expression(fields[key]!, shapeName: element.shapeName, jsonValue: element.jsonValue, path: "\(path).\(key)"))
            })
        case .string(let values):
            guard case .string(let text) = value else { throw fail(path, "expected a string") }
            if let values, !values.isEmpty { return call(context.typeNames[shapeName]!, [SwiftArgument("rawValue", .string(text))]) }
            return .string(text)
        case .integer, .long:
            guard case .integer(let number) = value else { throw fail(path, "expected an integer") }
            return .int(number)
        case .float, .double:
            let type = shape.kind == .float ? "Swift.Float" : "Swift.Double"
            switch value {
            case .integer(let number): return .double(Double(number))
            case .double(let number): return .double(number)
            case .string("NaN"): return .identifier("\(type).nan")
            case .string("Infinity"): return .identifier("\(type).infinity")
            case .string("-Infinity"): return .identifier("-\(type).infinity")
            default: throw fail(path, "expected a number")
            }
        case .boolean:
            guard case .bool(let flag) = value else { throw fail(path, "expected a boolean") }
            return .bool(flag)
        case .blob:
            guard case .string(let text) = value else { throw fail(path, "expected the blob's text") }
            return call("Foundation.Data", [SwiftArgument(nil, .member(.string(text), "utf8"))])
        case .timestamp:
            let seconds: Double
            switch value {
            case .integer(let number): seconds = Double(number)
            case .double(let number): seconds = number
            default: throw fail(path, "expected epoch seconds")
            }
            return call("Foundation.Date", [SwiftArgument("timeIntervalSince1970", .double(seconds))])
        }
    }

    /// A union's case with its value.
    private func unionValue(_ value: LiteralValue, shapeName: String, info: StructureInfo, path: String) throws -> SwiftExpr {
        // botocore's way of writing a member it does not know.
        if case .object(let fields) = value, fields.count == 1, case .object(let unknown)? = fields["SDK_UNKNOWN_MEMBER"],
            case .string(let name)? = unknown["name"]
        {
            return call(context.typeNames[shapeName]! + ".sdkUnknown", [SwiftArgument(nil, .string(name))])
        }
        guard case .object(let fields) = value, fields.count == 1, let (name, inner) = fields.first,
            let member = info.member(named: name)
        else { throw fail(path, "a union value must be an object with exactly one known member") }
        let names = try context.memberNames(of: shapeName)
        let caseValue = try expression(inner, shapeName: member.shapeName, jsonValue: member.reference.jsonValue, path: "\(path).\(name)")
        return call(context.typeNames[shapeName]! + "." + Naming.escaped(names[name]!), [SwiftArgument(nil, caseValue)])
    }

    /// `Type(required..., optional...)` in the generated initializer's order; `value` gives a
    /// member's expression or nil when the value leaves it out.
    private func structure(_ shapeName: String, info: StructureInfo, depth: Int, path: String, value: (Member) throws -> SwiftExpr?) throws -> SwiftExpr {
        let names = try context.memberNames(of: shapeName)
        let isRequired = { (member: Member) in context.isNonOptional(member, in: shapeName) }
        var arguments: [SwiftArgument] = []
        for member in info.members.filter(isRequired) {
            let expression = try value(member)
                ?? (context.isStreamingOutputPayload(member, in: shapeName)
                    ? call("AWSRuntime.AWSByteStream", [SwiftArgument("bytes", .array([]))])
                    : zero(member.shapeName, depth: depth + 1, path: "\(path).\(member.name)"))
            arguments.append(SwiftArgument(names[member.name]!, expression))
        }
        for member in info.members where !isRequired(member) {
            if let expression = try value(member) { arguments.append(SwiftArgument(names[member.name]!, expression)) }
        }
        return call(context.typeNames[shapeName]!, arguments)
    }

    private func zero(_ shapeName: String, depth: Int, path: String) throws -> SwiftExpr {
        guard depth < 16 else { throw fail(path, "required members recurse without end") }
        let shape = context.model.shape(named: shapeName)
        switch shape.kind {
        case .structure(let info) where info.isDocument: return .identifier("AWSRuntime.JSONValue.null")
        case .structure where context.isEventStream(shapeName):
            return call("AWSRuntime.AWSEventStream", [SwiftArgument("events", .array([]))])
        case .structure(let info) where info.isUnion:
            guard let first = info.members.first else { throw fail(path, "an empty union has no value") }
            let names = try context.memberNames(of: shapeName)
            return call(context.typeNames[shapeName]! + "." + Naming.escaped(names[first.name]!), [SwiftArgument(nil, try zero(first.shapeName, depth: depth + 1, path: path))])
        case .structure(let info): return try structure(shapeName, info: info, depth: depth, path: path) { _ in nil }
        case .list: return .array([])
        case .map: return .dictionary([])
        case .string(let values):
            if let values, !values.isEmpty { return call(context.typeNames[shapeName]!, [SwiftArgument("rawValue", .string(values[0]))]) }
            return .string("")
        case .integer, .long: return .int(0)
        case .float, .double: return .double(0)
        case .boolean: return .bool(false)
        case .blob: return call("Foundation.Data", [])
        case .timestamp: return call("Foundation.Date", [SwiftArgument("timeIntervalSince1970", .double(0))])
        }
    }

    private func json(_ value: LiteralValue) -> SwiftExpr {
        switch value {
        case .null: return .identifier("AWSRuntime.JSONValue.null")
        case .bool(let flag): return call("AWSRuntime.JSONValue.bool", [SwiftArgument(nil, .bool(flag))])
        case .integer(let number): return call("AWSRuntime.JSONValue.integer", [SwiftArgument(nil, .int(number))])
        case .double(let number): return call("AWSRuntime.JSONValue.double", [SwiftArgument(nil, .double(number))])
        case .string(let text): return call("AWSRuntime.JSONValue.string", [SwiftArgument(nil, .string(text))])
        case .array(let items): return call("AWSRuntime.JSONValue.array", [SwiftArgument(nil, .array(items.map(json)))])
        case .object(let fields):
            return call("AWSRuntime.JSONValue.object", [SwiftArgument(nil, .dictionary(fields.keys.sorted().map { (key: .string($0), value: json(fields[$0]!)) }))])
        }
    }
}
