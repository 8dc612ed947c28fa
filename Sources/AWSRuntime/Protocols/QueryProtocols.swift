import Foundation

/// Serializes requests and parses responses by the `query` and `ec2` protocols: the input as
/// form parameters with `Action` and `Version`, the output and errors as XML.
enum QueryProtocols {
    static func schema<Shape: AWSShape>(of type: Shape.Type) -> AWSShapeSchema {
        (type as? any AWSSchemaShape.Type)?.schema ?? AWSShapeSchema(members: [])
    }

    static func prepare<Input: AWSShape>(
        _ input: Input, operation: AWSOperationDescriptor, service: AWSServiceDescriptor
    ) throws -> JSONProtocols.PreparedRequest {
        let writer = ShapeWriter.request(encoding: input)
        let schema = schema(of: Input.self)
        var pairs: [(String, String)] = [("Action", operation.name), ("Version", service.apiVersion)]
        XMLValues.formParameters(.object(writer.object), .structure({ schema }), prefix: "", ec2: service.protocolName == "ec2", into: &pairs)
        let body = pairs.map { SigV4Signer.uriEncode($0.0, keepSlash: false) + "=" + SigV4Signer.uriEncode($0.1, keepSlash: false) }
            .joined(separator: "&")
        var headers = writer.request!.headers
        headers.replaceOrAdd(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
        return JSONProtocols.PreparedRequest(
            method: "POST", pathAndQuery: String(operation.pathTemplate), headers: headers, body: Array(body.utf8),
            hostLabels: writer.request!.hostLabels
        )
    }

    static func decodeOutput<Output: AWSShape>(
        _ type: Output.Type, response: HTTPResponseParts, operation: AWSOperationDescriptor, service: AWSServiceDescriptor
    ) throws -> Output {
        var object: [String: JSONValue] = [:]
        var bodyError: AWSDecodingError?
        if !response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            do {
                let schema = schema(of: Output.self)
                if service.protocolName == "query", let wrapper = operation.resultWrapper {
                    let root = try AWSXMLParser.parse(response.body, keeping: .children { [wrapper: XMLValues.keep(schema)] })
                    object = XMLValues.object(root.child(wrapper) ?? AWSXMLElement(name: wrapper), schema: schema)
                } else {
                    object = XMLValues.object(try AWSXMLParser.parse(response.body, keeping: XMLValues.keep(schema)), schema: schema)
                }
            } catch {
                bodyError = AWSDecodingError(path: .root, message: "\(error)")
            }
        }
        return try ShapeReader.output(Output.self, object: object, response: response, bodyError: bodyError)
    }

    /// `<ErrorResponse><Error><Code>…` (query, rest-xml), `<Response><Errors><Error>…` (ec2) or a
    /// bare `<Error>` (S3): the modelled error type when the code is known.
    static func decodeError(response: HTTPResponseParts, service: AWSServiceDescriptor) -> (error: any Error, code: String?) {
        // Two passes over a small body, each keeping only what it reads: the code, message and
        // request id first, then the members of the error type the code names.
        let errorFields = AWSXMLKeep.children { ["Code": .textOnly(), "Message": .textOnly()] }
        let root = try? AWSXMLParser.parse(response.body, keeping: errorDocument(errorFields))
        let errorElement = root.flatMap(findErrorElement)
        let code = errorElement?.child("Code")?.text.trimmingCharacters(in: .whitespacesAndNewlines)
        let requestID = root?.child("RequestId")?.text ?? root?.child("RequestID")?.text
            ?? response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
        var metadata = AWSErrorMetadata(
            code: code ?? "", message: errorElement?.child("Message")?.text, statusCode: response.statusCode, requestID: requestID
        )
        if let code, let type = service.errorTypes[code] {
            let schema = (type as? any AWSSchemaShape.Type)?.schema ?? AWSShapeSchema(members: [])
            let typed = try? AWSXMLParser.parse(response.body, keeping: errorDocument(XMLValues.keep(schema)))
            let object = typed.flatMap(findErrorElement).map { XMLValues.object($0, schema: schema) } ?? [:]
            if var error = try? type.init(reader: ShapeReader(object: object, response: response, bodyError: nil)) {
                error.errorMetadata = metadata
                return (error, code)
            }
        }
        if metadata.code.isEmpty { metadata.code = "HTTP\(response.statusCode)" }
        return (AWSUnknownServiceError(metadata: metadata), code)
    }

    /// The error element of an error document: `<ErrorResponse><Error>` (query, rest-xml),
    /// `<Response><Errors><Error>` (ec2) or a bare `<Error>` (S3).
    private static func findErrorElement(_ root: AWSXMLElement) -> AWSXMLElement? {
        if root.localName == "Error" { return root }
        return root.child("Error") ?? root.child("Errors")?.child("Error")
    }

    /// What the parser keeps of an error document: the request id, and of the error element what
    /// `fields` says. (The root's other children too, for a bare `<Error>` root.)
    private static func errorDocument(_ fields: AWSXMLKeep) -> AWSXMLKeep {
        .children(fallback: fields) {
            ["Error": fields, "Errors": .children { ["Error": fields] }, "RequestId": .textOnly(), "RequestID": .textOnly()]
        }
    }
}
