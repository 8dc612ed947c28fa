import Foundation

/// Serializes requests and parses responses by the `rest-xml` protocol (S3, Route 53,
/// CloudFront): HTTP bindings as in rest-json, bodies as XML.
enum RestXMLProtocol {
    static func prepare<Input: AWSShape>(
        _ input: Input, operation: AWSOperationDescriptor, service: AWSServiceDescriptor
    ) throws -> JSONProtocols.PreparedRequest {
        let writer = ShapeWriter.request(encoding: input)
        let parts = writer.request!
        var headers = parts.headers
        var body: [UInt8] = []
        let schema = QueryProtocols.schema(of: Input.self)
        if parts.hasPayloadMember {
            if let structured = parts.structuredPayload, let payloadSchema = structured.schema {
                let member = schema.members.first { $0.name == schema.payload }
                let name = member.map { $0.xmlName } ?? payloadSchema.xmlName ?? "Payload"
                var text = ""
                XMLValues.writeElement(name, structured.json, .structure({ payloadSchema }), namespace: member?.xmlNamespace ?? payloadSchema.xmlNamespace, into: &text)
                body = Array(text.utf8)
                if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: "application/xml") }
            } else if let payload = parts.payload {
                body = payload.bytes
                if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: payload.contentType) }
            }
        } else if !writer.object.isEmpty {
            var text = ""
            let name = operation.inputXMLName ?? schema.xmlName ?? Input.shapeName
            XMLValues.writeElement(name, .object(writer.object), .structure({ schema }), namespace: operation.inputXMLNamespace ?? schema.xmlNamespace, into: &text)
            body = Array(text.utf8)
            if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: "application/xml") }
        }
        let pathAndQuery = try JSONProtocols.expand(
            operation.pathTemplate, literalQuery: operation.literalQuery, labels: parts.labels, query: parts.allQueryParameters, operation: operation.name
        )
        return JSONProtocols.PreparedRequest(
            method: operation.method, pathAndQuery: pathAndQuery, headers: headers, body: body, hostLabels: parts.hostLabels, bodyStream: parts.payloadStream
        )
    }

    /// Whether a successful response's body is an `<Error>` document rather than the output:
    /// only for outputs read from an XML body (a blob payload may be any document).
    static func isErrorDocument<Output: AWSShape>(_ body: [UInt8], output: Output.Type) -> Bool {
        let schema = QueryProtocols.schema(of: Output.self)
        if let payload = schema.payload, let member = schema.members.first(where: { $0.name == payload }), case .scalar = member.value { return false }
        // The first element's name, past the declaration, comments and whitespace.
        var index = 0
        while index < body.count {
            guard body[index] == UInt8(ascii: "<") else { index += 1; continue }
            let next = index + 1 < body.count ? body[index + 1] : 0
            if next == UInt8(ascii: "?") || next == UInt8(ascii: "!") { index += 2; continue }
            let name = body[(index + 1)...].prefix { $0 != UInt8(ascii: ">") && $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "/") }
            return Array(name) == Array("Error".utf8)
        }
        return false
    }

    static func decodeOutput<Output: AWSShape>(_ type: Output.Type, response: HTTPResponseParts) throws -> Output {
        let schema = QueryProtocols.schema(of: Output.self)
        var object: [String: JSONValue] = [:]
        var payloadJSON: JSONValue?
        var bodyError: AWSDecodingError?
        let payloadMember = schema.payload.flatMap { name in schema.members.first { $0.name == name } }
        let payloadIsStructure: Bool = if case .structure? = payloadMember?.value { true } else { false }
        let hasXMLBody = payloadMember == nil || payloadIsStructure
        if hasXMLBody, !response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            do {
                if let payloadMember, case .structure(let nested) = payloadMember.value {
                    payloadJSON = .object(try XMLValues.object(response.body, schema: nested()))
                } else {
                    object = try XMLValues.object(response.body, schema: schema)
                }
            } catch {
                bodyError = AWSDecodingError(path: .root, message: "\(error)")
            }
        }
        return try ShapeReader.output(Output.self, object: object, response: response, bodyError: bodyError, payloadJSON: payloadJSON)
    }
}
