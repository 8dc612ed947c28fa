/// The wire protocols the runtime speaks, parsed once from the service descriptor's
/// `protocolName`: the one place that maps a protocol to how requests are written and responses
/// and errors are read. (Each protocol's rules live in its own file: `JSONProtocols`,
/// `QueryProtocols`, `RestXMLProtocol`, `RPCv2CBORProtocol`.)
enum WireProtocol: Sendable {
    case restJSON, json, restXML, query, ec2, rpcV2CBOR

    /// The protocol a model names (`metadata.protocol`, or the first of `protocols` it supports).
    init?(name: String) {
        switch name {
        case "rest-json": self = .restJSON
        case "json": self = .json
        case "rest-xml": self = .restXML
        case "query": self = .query
        case "ec2": self = .ec2
        case "smithy-rpc-v2-cbor": self = .rpcV2CBOR
        default: return nil
        }
    }

    /// The request for an input, before the endpoint and signing.
    func prepare<Input: AWSShape>(
        _ input: Input, operation: AWSOperationDescriptor, service: AWSServiceDescriptor
    ) throws -> JSONProtocols.PreparedRequest {
        switch self {
        case .restJSON, .json: try JSONProtocols.prepare(input, operation: operation, service: service, protocol: self)
        case .query, .ec2: try QueryProtocols.prepare(input, operation: operation, service: service, protocol: self)
        case .restXML: try RestXMLProtocol.prepare(input, operation: operation, service: service)
        case .rpcV2CBOR: try RPCv2CBORProtocol.prepare(input, operation: operation, service: service)
        }
    }

    /// The output of a successful response. (S3 can answer 200 with an error document, such as
    /// CompleteMultipartUpload or CopyObject: that is thrown as the error it names.)
    func decodeOutput<Output: AWSShape>(
        _ type: Output.Type, response: HTTPResponseParts, operation: AWSOperationDescriptor, service: AWSServiceDescriptor
    ) throws -> Output {
        switch self {
        case .restXML:
            if RestXMLProtocol.isErrorDocument(response.body, output: Output.self) {
                throw QueryProtocols.decodeError(response: response, service: service).error
            }
            return try RestXMLProtocol.decodeOutput(Output.self, response: response)
        case .query, .ec2: return try QueryProtocols.decodeOutput(Output.self, response: response, operation: operation, protocol: self)
        case .rpcV2CBOR: return try RPCv2CBORProtocol.decodeOutput(Output.self, response: response)
        case .restJSON, .json: return try JSONProtocols.decodeOutput(Output.self, response: response)
        }
    }

    /// The error of a non-2xx response, and the code it carried (for the retry strategy).
    func decodeError(response: HTTPResponseParts, service: AWSServiceDescriptor) -> (error: any Error, code: String?) {
        switch self {
        case .query, .ec2, .restXML: QueryProtocols.decodeError(response: response, service: service)
        case .rpcV2CBOR: RPCv2CBORProtocol.decodeError(response: response, service: service)
        case .restJSON, .json: JSONProtocols.decodeError(response: response, service: service)
        }
    }
}
