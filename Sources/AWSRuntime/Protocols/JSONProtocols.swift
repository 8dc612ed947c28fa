import Foundation

/// Serializes requests and parses responses by the `rest-json` and `json` protocols.
enum JSONProtocols {
    /// A request before the endpoint and signing.
    struct PreparedRequest {
        var method: String
        /// Percent-encoded path and query, e.g. `/imported-models/my%20model?x=1`.
        var pathAndQuery: String
        var headers: AWSHTTPHeaders
        var body: [UInt8]
        var hostLabels: [String: String]
        /// The input's event stream, sent as the body once the request is signed (`body` is then empty).
        var inputEvents: InputEventStream? = nil
        /// The input's streaming payload when its bytes are not in memory (`body` is then empty).
        var bodyStream: AWSByteStream? = nil
    }

    static func prepare<Input: AWSShape>(
        _ input: Input, operation: AWSOperationDescriptor, service: AWSServiceDescriptor, protocol wireProtocol: WireProtocol
    ) throws -> PreparedRequest {
        let writer = ShapeWriter.request(encoding: input)
        let parts = writer.request!
        var headers = parts.headers
        var body: [UInt8] = []

        if wireProtocol == .json {
            // All members in the body; the operation in a header.
            body = JSONSerializer.serialize(.object(writer.object))
            headers.replaceOrAdd(name: "Content-Type", value: "application/x-amz-json-\(service.jsonVersion ?? "1.0")")
            if let target = service.targetPrefix {
                headers.replaceOrAdd(name: "X-Amz-Target", value: "\(target).\(operation.name)")
            }
            if service.awsQueryCompatible { headers.replaceOrAdd(name: "x-amzn-query-mode", value: "true") }
            return PreparedRequest(method: "POST", pathAndQuery: "/", headers: headers, body: body, hostLabels: parts.hostLabels)
        }

        if let events = parts.inputEventStream {
            headers.replaceOrAdd(name: "Content-Type", value: "application/vnd.amazon.eventstream")
            let pathAndQuery = try expand(operation.pathTemplate, literalQuery: operation.literalQuery, labels: parts.labels, query: parts.allQueryParameters, operation: operation.name)
            return PreparedRequest(
                method: operation.method, pathAndQuery: pathAndQuery, headers: headers, body: [], hostLabels: parts.hostLabels, inputEvents: events
            )
        }
        if parts.hasPayloadMember {
            if let payload = parts.payload {
                body = payload.bytes
                if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: payload.contentType) }
            } else if parts.payloadIsStructured {
                // An absent structure payload is an empty JSON object.
                body = Array("{}".utf8)
                if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
            }
        } else if !writer.object.isEmpty || parts.hasBodyMembers {
            body = JSONSerializer.serialize(.object(writer.object))
            headers.add(name: "Content-Type", value: "application/json")
        }
        let pathAndQuery = try expand(operation.pathTemplate, literalQuery: operation.literalQuery, labels: parts.labels, query: parts.allQueryParameters, operation: operation.name)
        return PreparedRequest(
            method: operation.method, pathAndQuery: pathAndQuery, headers: headers, body: body, hostLabels: parts.hostLabels, bodyStream: parts.payloadStream
        )
    }

    /// Fills `{Label}` (encoded, `/` too) and `{Key+}` (encoded, `/` kept) and appends the query.
    static func expand(_ template: String, labels: [String: String], query: [(name: String, value: String)], operation: String) throws -> String {
        let split = template.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return try expand(split[0], literalQuery: split.count == 2 ? split[1].split(separator: "&") : [], labels: labels, query: query, operation: operation)
    }

    static func expand(
        _ pathTemplate: Substring, literalQuery: [Substring], labels: [String: String], query: [(name: String, value: String)], operation: String
    ) throws -> String {
        var path = ""
        var rest = pathTemplate
        while let open = rest.firstIndex(of: "{") {
            path += rest[..<open]
            guard let close = rest[open...].firstIndex(of: "}") else { break }
            var name = String(rest[rest.index(after: open)..<close])
            let greedy = name.hasSuffix("+")
            if greedy { name.removeLast() }
            guard let value = labels[name] else {
                throw AWSValidationError(path: "\(operation).\(name)", message: "the URI label {\(name)} needs a value")
            }
            if value.isEmpty {
                throw AWSValidationError(path: "\(operation).\(name)", message: "the URI label {\(name)} cannot be empty")
            }
            path += SigV4Signer.uriEncode(value, keepSlash: greedy)
            rest = rest[rest.index(after: close)...]
        }
        path += rest
        var items: [String] = literalQuery.map(String.init)
        for (name, value) in query {
            items.append(SigV4Signer.uriEncode(name, keepSlash: false) + "=" + SigV4Signer.uriEncode(value, keepSlash: false))
        }
        return items.isEmpty ? path : path + "?" + items.joined(separator: "&")
    }

    static func decodeOutput<Output: AWSShape>(_ type: Output.Type, response: HTTPResponseParts) throws -> Output {
        try output(Output.self, body: readBody(response.body), response: response)
    }

    /// The output a body reader describes (JSON, CBOR).
    static func output<Output: AWSShape>(_ type: Output.Type, body: Body, response: HTTPResponseParts) throws -> Output {
        switch body {
        case .document(let document): return try ShapeReader.output(Output.self, document: document, response: response)
        case .failure(let bodyError): return try ShapeReader.output(Output.self, object: [:], response: response, bodyError: bodyError)
        case .empty: return try ShapeReader.output(Output.self, object: [:], response: response, bodyError: nil)
        }
    }

    /// A body as the reader takes it: read in place when it is a JSON object.
    enum Body {
        case empty
        case document(InPlaceDocument)
        case failure(AWSDecodingError)
    }

    static func readBody(_ body: [UInt8]) -> Body {
        if body.isEmpty { return .empty }
        do {
            let document = try JSONInPlaceDocument(validating: body)
            guard document.kind(at: document.rootOffset) == .object else {
                let found = (try? document.value(at: document.rootOffset).typeDescription) ?? "another value"
                return .failure(AWSDecodingError(path: .root, message: "expected a JSON object, found \(found)"))
            }
            return .document(document)
        } catch {
            return .failure(AWSDecodingError(path: .root, message: error.description))
        }
    }

    /// The error of a non-2xx response: a modelled error type when the code is known,
    /// else `AWSUnknownServiceError`.
    static func decodeError(response: HTTPResponseParts, service: AWSServiceDescriptor) -> (error: any Error, code: String?) {
        errorFromReader(body: readBody(response.body), response: response, service: service, typeHeader: "X-Amzn-ErrorType", typeKeys: ["__type", "code", "Code"])
    }

    /// The error a body reader describes (JSON, CBOR): the shape's name from the type header or
    /// the first of `typeKeys` in the body, a query-compatible code from its header, and the message.
    static func errorFromReader(
        body: Body, response: HTTPResponseParts, service: AWSServiceDescriptor, typeHeader: String?, typeKeys: [String]
    ) -> (error: any Error, code: String?) {
        let reader: ShapeReader
        if case .document(let document) = body, let bodyReader = try? ShapeReader(document: document, response: response) {
            reader = bodyReader
        } else {
            reader = ShapeReader(object: [:], response: response, bodyError: nil)
        }
        func text(_ key: String) -> String? { (try? reader.optional(key) as JSONValue?)??.stringValue }
        // A query-compatible service names the query error code in a header (`Code;Sender`) and the
        // error's shape in the body or `X-Amzn-ErrorType`: the type is whichever of the two the
        // model knows, and the code users see is the query code, as botocore reports it.
        let queryCode = JSONProtocols.queryCompatibleErrorCode(response, service: service)
        let typeCode = (typeHeader.flatMap { response.headers[$0] } ?? typeKeys.lazy.compactMap(text).first)
            .map(sanitizeErrorCode)
        let code = queryCode ?? typeCode
        let message = ["message", "Message", "errorMessage", "ErrorMessage"].lazy.compactMap(text).first
        let requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"] ?? response.headers["x-amz-id-2"]
        var metadata = AWSErrorMetadata(
            code: code ?? "", message: message, statusCode: response.statusCode, requestID: requestID
        )
        let type = queryCode.flatMap { service.errorTypes[$0] } ?? typeCode.flatMap { service.errorTypes[$0] }
        if let type, var error = try? type.init(reader: reader) {
            error.errorMetadata = metadata
            return (error, code)
        }
        if metadata.code.isEmpty { metadata.code = "HTTP\(response.statusCode)" }
        return (AWSUnknownServiceError(metadata: metadata), code)
    }

    /// A query-compatible service's query error code, from `x-amzn-query-error: Code;Sender`.
    static func queryCompatibleErrorCode(_ response: HTTPResponseParts, service: AWSServiceDescriptor) -> String? {
        guard service.awsQueryCompatible, let header = response.headers["x-amzn-query-error"] else { return nil }
        return header.split(separator: ";").first.map(String.init)
    }

    /// `aws.protocoltests#FooError:http://...` → `FooError`: drop what follows `:` and what precedes `#`.
    static func sanitizeErrorCode(_ raw: String) -> String {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        return code.trimmingCharacters(in: .whitespaces)
    }
}

/// Entry points for the benchmarks' side-by-side comparisons; not API.
@_spi(Benchmarks)
public enum AWSBenchmarkHooks {
    /// An output read from a JSON body as the client reads it (in place).
    public static func decodeJSONOutput<Output: AWSShape>(_ type: Output.Type, body: [UInt8]) throws -> Output {
        try JSONProtocols.decodeOutput(Output.self, response: HTTPResponseParts(statusCode: 200, headers: [:], body: body))
    }
}
