import Foundation

/// Serializes requests and parses responses by Smithy's `smithy-rpc-v2-cbor` protocol: every
/// operation a POST to `/service/{service}/operation/{operation}`, bodies in CBOR.
enum RPCv2CBORProtocol {
    static func prepare<Input: AWSShape>(
        _ input: Input, operation: AWSOperationDescriptor, service: AWSServiceDescriptor
    ) throws -> JSONProtocols.PreparedRequest {
        let writer = ShapeWriter.request(encoding: input)
        var headers = writer.request!.headers
        headers.replaceOrAdd(name: "smithy-protocol", value: "rpc-v2-cbor")
        headers.replaceOrAdd(name: "Accept", value: "application/cbor")
        if service.awsQueryCompatible { headers.replaceOrAdd(name: "x-amzn-query-mode", value: "true") }
        var body: [UInt8] = []
        // An operation without input sends no body at all.
        if Input.self != AWSEmptyShape.self {
            let schema = QueryProtocols.schema(of: Input.self)
            encode(.object(writer.object), .structure({ schema }), into: &body)
            headers.replaceOrAdd(name: "Content-Type", value: "application/cbor")
        }
        let serviceName = service.targetPrefix ?? service.serviceId.replacingOccurrences(of: " ", with: "")
        return JSONProtocols.PreparedRequest(
            method: "POST", pathAndQuery: "/service/\(serviceName)/operation/\(operation.name)", headers: headers, body: body,
            hostLabels: writer.request!.hostLabels
        )
    }

    /// A value in its JSON form as CBOR, by its schema: blobs as byte strings, timestamps as tag 1,
    /// `float` members as 32-bit floats.
    static func encode(_ value: JSONValue, _ schema: AWSValueSchema, into output: inout [UInt8]) {
        switch (schema, value) {
        case (_, .null): output.append(0xF6)
        case (.structure(let nested), .object(let object)):
            let members = nested().members.filter { object[$0.key].map { $0 != .null } ?? false }
            CBOR.head(5, UInt64(members.count), into: &output)
            for member in members {
                CBOR.encode(.text(member.key), into: &output)
                encode(object[member.key]!, member.value, into: &output)
            }
        case (.list(let item, _, _, _), .array(let items)):
            CBOR.head(4, UInt64(items.count), into: &output)
            for element in items { encode(element, item, into: &output) }
        case (.map(let valueSchema, _, _, _, _, _), .object(let map)):
            CBOR.head(5, UInt64(map.count), into: &output)
            for key in map.keys.sorted() {
                CBOR.encode(.text(key), into: &output)
                encode(map[key]!, valueSchema, into: &output)
            }
        case (.scalar(.blob), .string(let base64)):
            CBOR.encode(.bytes(Array(Data(base64Encoded: base64) ?? Data(base64.utf8))), into: &output)
        case (.scalar(.timestamp), .integer(let seconds)):
            CBOR.head(6, 1, into: &output)
            CBOR.encode(.float(Double(seconds)), into: &output)
        case (.scalar(.timestamp), .double(let seconds)):
            CBOR.head(6, 1, into: &output)
            output.append(0xFB)
            for shift in stride(from: 56, through: 0, by: -8) { output.append(UInt8(truncatingIfNeeded: seconds.bitPattern >> UInt64(shift))) }
        case (.scalar(.timestamp), .string(let text)):
            CBOR.head(6, 1, into: &output)
            CBOR.encode(.float(Timestamps.parse(text)?.timeIntervalSince1970 ?? 0), into: &output)
        case (.scalar(.float), _):
            if let number = number(value) { CBOR.encodeFloat32(Float(number), into: &output) } else { encodeGeneric(value, into: &output) }
        case (.scalar(.double), _):
            if let number = number(value) { CBOR.encode(.float(number), into: &output) } else { encodeGeneric(value, into: &output) }
        default:
            encodeGeneric(value, into: &output)
        }
    }

    private static func number(_ value: JSONValue) -> Double? {
        switch value {
        case .double(let number): number
        case .integer(let number): Double(number)
        case .string("NaN"): .nan
        case .string("Infinity"): .infinity
        case .string("-Infinity"): -.infinity
        default: nil
        }
    }

    /// Documents and anything without a schema: JSON types as the matching CBOR types.
    static func encodeGeneric(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(0xF6)
        case .bool(let flag): output.append(flag ? 0xF5 : 0xF4)
        case .integer(let number): CBOR.encode(number >= 0 ? .unsigned(UInt64(number)) : .negative(UInt64(-1 - number)), into: &output)
        case .double(let number): CBOR.encode(.float(number), into: &output)
        case .string(let text): CBOR.encode(.text(text), into: &output)
        case .array(let items):
            CBOR.head(4, UInt64(items.count), into: &output)
            for item in items { encodeGeneric(item, into: &output) }
        case .object(let object):
            CBOR.head(5, UInt64(object.count), into: &output)
            for key in object.keys.sorted() { CBOR.encode(.text(key), into: &output); encodeGeneric(object[key]!, into: &output) }
        }
    }

    /// A body as the reader takes it: read in place when it is a CBOR map.
    static func readBody(_ body: [UInt8]) -> JSONProtocols.Body {
        if body.isEmpty { return .empty }
        do {
            let document = try CBORInPlaceDocument(validating: body)
            guard document.kind(at: document.rootOffset) == .object else {
                return .failure(AWSDecodingError(path: .root, message: "the CBOR body is not a map"))
            }
            return .document(document)
        } catch {
            return .failure(AWSDecodingError(path: .root, message: error.description))
        }
    }

    static func decodeOutput<Output: AWSShape>(_ type: Output.Type, response: HTTPResponseParts) throws -> Output {
        try JSONProtocols.output(Output.self, body: readBody(response.body), response: response)
    }

    static func decodeError(response: HTTPResponseParts, service: AWSServiceDescriptor) -> (error: any Error, code: String?) {
        JSONProtocols.errorFromReader(body: readBody(response.body), response: response, service: service, typeHeader: nil, typeKeys: ["__type"])
    }
}
