import Foundation

/// Serializes requests and parses responses by the `query` and `ec2` protocols: the input as
/// form parameters with `Action` and `Version`, the output and errors as XML.
enum QueryProtocols {
    static func schema<Shape: AWSShape>(of type: Shape.Type) -> AWSShapeSchema {
        (type as? any AWSSchemaShape.Type)?.schema ?? AWSShapeSchema(members: [])
    }

    static func prepare<Input: AWSShape>(
        _ input: Input, operation: AWSOperationDescriptor, service: AWSServiceDescriptor, protocol wireProtocol: WireProtocol
    ) throws -> JSONProtocols.PreparedRequest {
        let writer = ShapeWriter.request(encoding: input)
        let schema = schema(of: Input.self)
        var pairs: [(String, String)] = [("Action", operation.name), ("Version", service.apiVersion)]
        XMLValues.formParameters(.object(writer.object), .structure({ schema }), prefix: "", ec2: wireProtocol == .ec2, into: &pairs)
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
        _ type: Output.Type, response: HTTPResponseParts, operation: AWSOperationDescriptor, protocol wireProtocol: WireProtocol
    ) throws -> Output {
        var object: [String: JSONValue] = [:]
        var bodyError: AWSDecodingError?
        if !response.body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            do {
                let schema = schema(of: Output.self)
                if wireProtocol == .query, let wrapper = operation.resultWrapper {
                    // `<OperationResponse><OperationResult>…`: the output is the wrapper element.
                    let document = AWSShapeSchema(members: [AWSMemberSchema(key: wrapper, name: wrapper, value: .structure({ schema }))])
                    object = try XMLValues.object(response.body, schema: document)[wrapper]?.objectValue ?? [:]
                } else {
                    object = try XMLValues.object(response.body, schema: schema)
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
        // Two reads of a small body, each keeping only what it uses: the code, message and request
        // id first, then the members of the error type the code names.
        let fields = AWSShapeSchema(members: [
            AWSMemberSchema(key: "Code", name: "Code", value: .scalar(.string)),
            AWSMemberSchema(key: "Message", name: "Message", value: .scalar(.string)),
        ])
        let summary = errorObject(response.body, schema: fields)
        let code = summary?.error["Code"]?.stringValue?.trimmingCharacters(in: .whitespacesAndNewlines)
        let requestID = summary?.requestID ?? response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
        var metadata = AWSErrorMetadata(
            code: code ?? "", message: summary?.error["Message"]?.stringValue, statusCode: response.statusCode, requestID: requestID
        )
        if let code, let type = service.errorTypes[code] {
            let schema = (type as? any AWSSchemaShape.Type)?.schema ?? AWSShapeSchema(members: [])
            let object = errorObject(response.body, schema: schema)?.error ?? [:]
            if var error = try? type.init(reader: ShapeReader(object: object, response: response, bodyError: nil)) {
                error.errorMetadata = metadata
                return (error, code)
            }
        }
        if metadata.code.isEmpty { metadata.code = "HTTP\(response.statusCode)" }
        return (AWSUnknownServiceError(metadata: metadata), code)
    }

    /// The error element of an error document read as `schema`, and the document's request id:
    /// `<ErrorResponse><Error>…</Error><RequestId>` (query, rest-xml), `<Response><Errors><Error>`
    /// (ec2) or a bare `<Error>` (S3, whose request id is a child of it). Nil when the body is not XML.
    private static func errorObject(_ body: [UInt8], schema: AWSShapeSchema) -> (error: [String: JSONValue], requestID: String?)? {
        let error = AWSValueSchema.structure({ schema })
        let requestIDs = ["RequestId", "RequestID"].map { AWSMemberSchema(key: $0, name: $0, value: .scalar(.string)) }
        let document = AWSShapeSchema(members: requestIDs + [
            AWSMemberSchema(key: "Error", name: "Error", value: error),
            AWSMemberSchema(key: "Errors", name: "Errors", value: .structure({ AWSShapeSchema(members: [AWSMemberSchema(key: "Error", name: "Error", value: error)]) })),
        ])
        let bare = AWSShapeSchema(members: requestIDs + schema.members)
        let value = try? AWSXMLParser.read(body) { root in
            SchemaXMLForm.structure(root == "Error" || root.hasSuffix(":Error") ? bare : document)
        }
        guard case .object(let root)? = value else { return nil }
        let requestID = root["RequestId"]?.stringValue ?? root["RequestID"]?.stringValue
        if let error = root["Error"]?.objectValue ?? root["Errors"]?.objectValue?["Error"]?.objectValue {
            return (error, requestID)
        }
        // A bare <Error>: the root is the error.
        return (root, requestID)
    }
}
