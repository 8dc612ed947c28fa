import AWSRuntime
import Foundation

/// One case of a botocore protocol suite, with the generated function that runs it.
struct ProtocolTestCase: Sendable {
    /// The suite file, relative to the suites folder (`input/rest-json.json`).
    let file: String
    let suite: Int
    let index: Int
    let run: @Sendable (ProtocolTestHarness) async throws -> ProtocolTestOutcome
}

/// What a generated case function observed.
enum ProtocolTestOutcome: Sendable {
    /// An input case sent its request (the harness has it); `error` is what parsing the canned
    /// response threw afterwards, which input cases do not judge.
    case sent(error: (any Error)?)
    /// An output case parsed a result: both in the shape's JSON form.
    case output(actual: JSONValue, expected: JSONValue)
    /// An error case threw; `expected` is the modelled error with the case's fields, when modelled.
    case error(any Error, expected: (any AWSServiceErrorShape)?)
    case unexpectedSuccess
    /// The generator could not turn the suite or case into Swift.
    case generationFailed(String)
}

/// The server side of a case: records the request the generated client sends and answers with
/// the case's response (output cases) or an empty success (input cases). Nothing leaves the process.
final class ProtocolTestHarness: AWSHTTPTransport, @unchecked Sendable {
    let endpoint: URL
    let response: AWSHTTPResponse
    private let lock = NSLock()
    private var recorded: [AWSHTTPRequest] = []

    init(endpoint: URL, response: AWSHTTPResponse) {
        self.endpoint = endpoint
        self.response = response
    }

    var requests: [AWSHTTPRequest] { lock.withLock { recorded } }

    /// A client for a generated service that sends through this harness, once, unvalidated patterns.
    func client(_ service: AWSServiceDescriptor) -> AWSClient {
        AWSClient(service: service, configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            transport: self, retryStrategy: StandardRetryStrategy(maxAttempts: 1),
            validatesPatterns: false, environment: [:]
        ))
    }

    /// An output's JSON form with the events of its stream added as a list under `key`.
    func json<Output: AWSShape, Event: AWSEventStreamUnion & AWSShape>(
        _ output: Output, events: AWSEventStream<Event>, key: String
    ) async throws -> JSONValue {
        var list: [JSONValue] = []
        for try await event in events { list.append(event.jsonValue()) }
        guard case .object(var object) = output.jsonValue() else { return output.jsonValue() }
        object[key] = .array(list)
        return .object(object)
    }

    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        lock.withLock { recorded.append(request) }
        return response
    }
}
