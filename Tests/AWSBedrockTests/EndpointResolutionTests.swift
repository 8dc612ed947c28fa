import AWSBedrock
import AWSRuntime
import Foundation
import Testing

/// Records the requests a client sends, so a test can see what went on the wire. It forwards each
/// to `forwardingTo` (a real server), or, without one, answers with GetImportedModel's response
/// (no AWS endpoint is reachable here).
final class RecordingTransport: AWSHTTPTransport, @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [AWSHTTPRequest] = []
    private let forwardingTo: (any AWSHTTPTransport)?
    var requests: [AWSHTTPRequest] { lock.withLock { recorded } }

    init(forwardingTo: (any AWSHTTPTransport)? = nil) { self.forwardingTo = forwardingTo }

    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        try await send(request, options: AWSHTTPRequestOptions(timeout: timeout))
    }

    /// Forwards the options too, so that a streamed response stays streamed.
    func send(_ request: AWSHTTPRequest, options: AWSHTTPRequestOptions) async throws -> AWSHTTPResponse {
        lock.withLock { recorded.append(request) }
        if let forwardingTo { return try await forwardingTo.send(request, options: options) }
        return AWSHTTPResponse(statusCode: 200, body: .bytes(Array(fullResponseJSON.utf8)))
    }
}

@Suite("Bedrock endpoints by the rule set the generated client carries")
struct BedrockEndpointResolutionTests {
    func call(region: String, fips: Bool = false, dualStack: Bool = false, endpoint: URL? = nil) async throws -> AWSHTTPRequest {
        let transport = RecordingTransport()
        let client = BedrockClient(configuration: AWSClientConfiguration(
            region: region, endpoint: endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "secret"),
            transport: transport, useFIPS: fips, useDualStack: dualStack
        ))
        let response = try await client.getImportedModel(modelIdentifier: "my-model")
        #expect(response.customModelUnits?.customModelUnitsPerModelCopy == 2)
        return try #require(transport.requests.first)
    }

    @Test("regions, FIPS and dual-stack resolve as the rule set says, and the request is signed for the region")
    func publicEndpoints() async throws {
        let east = try await call(region: "us-east-1")
        #expect(east.url.absoluteString == "https://bedrock.us-east-1.amazonaws.com/imported-models/my-model")
        #expect(east.headers["Authorization"]?.contains("/us-east-1/bedrock/aws4_request") == true)
        #expect(try await call(region: "us-gov-west-1", fips: true).url.host == "bedrock-fips.us-gov-west-1.amazonaws.com")
        #expect(try await call(region: "eu-west-1", dualStack: true).url.host == "bedrock.eu-west-1.api.aws")
        #expect(try await call(region: "cn-north-1").url.host == "bedrock.cn-north-1.amazonaws.com.cn")
        #expect(try await call(region: "eusc-de-east-1").url.host == "bedrock.eusc-de-east-1.amazonaws.eu")
    }

    @Test("a configured endpoint is used as it is; with FIPS it is refused with the rule set's message, nothing sent")
    func customEndpoint() async throws {
        let local = try await call(region: "us-east-1", endpoint: URL(string: "http://127.0.0.1:9/base")!)
        #expect(local.url.absoluteString == "http://127.0.0.1:9/base/imported-models/my-model")
        do {
            _ = try await call(region: "us-east-1", fips: true, endpoint: URL(string: "http://127.0.0.1:9")!)
            Issue.record("FIPS with a custom endpoint must fail")
        } catch let error as AWSClientError {
            #expect(error.kind == .invalidEndpoint)
            #expect(error.message == "Bedrock GetImportedModel: Invalid Configuration: FIPS and custom endpoint are not supported")
        }
    }
}
