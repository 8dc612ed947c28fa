import AWSBedrock
@_spi(Benchmarks) import AWSRuntime
import Foundation

// Measures the client path for GetImportedModel over an in-memory transport (validate, serialize,
// sign, send, decode) and SigV4 signing alone, on the current thread of one task.
// Run it from scripts/benchmark-client.sh, which runs botocore's equivalent beside it.

/// Answers every request with a canned GetImportedModel response, without any I/O.
struct InMemoryTransport: AWSHTTPTransport {
    let body: [UInt8]
    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        AWSHTTPResponse(statusCode: 200, headers: ["Content-Type": "application/json", "x-amzn-RequestId": "5f4f1b9e-0000-4000-8000-000000000000"], body: .bytes(body))
    }
}

let responseBody = Array(#"""
{"modelArn":"arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl","modelName":"my-imported-model","jobName":"import-job-1","jobArn":"arn:aws:bedrock:us-east-1:123456789012:model-import-job/abcdefghijkl","modelDataSource":{"s3DataSource":{"s3Uri":"s3://my-bucket/model/"}},"creationTime":"2025-03-21T10:15:30.123Z","modelArchitecture":"llama3","modelKmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab","instructSupported":true,"customModelUnits":{"customModelUnitsPerModelCopy":2,"customModelUnitsVersion":"1.0"}}
"""#.utf8)

func measure(_ label: String, iterations: Int, _ body: () async throws -> Void) async rethrows -> Double {
    for _ in 0..<min(1000, iterations / 10) { try await body() }  // warm-up
    let clock = ContinuousClock()
    let start = clock.now
    for _ in 0..<iterations { try await body() }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    let rate = Double(iterations) / seconds
    print("\(label): \(iterations) in \(String(format: "%.3f", seconds)) s = \(Int(rate)) per second")
    return rate
}

if CommandLine.arguments.dropFirst().first == "checksums" {
    ChecksumBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "eventstream" {
    try EventStreamBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "transfer" {
    try await TransferBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "jmespath" {
    try JMESPathBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

if CommandLine.arguments.dropFirst().first == "memory" {
    try await DecoderMemoryBenchmark.run(Array(CommandLine.arguments.dropFirst(2)))
    exit(0)
}

let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 20_000

/// Runs off the main actor, so no call hops between threads.
@Sendable func run() async throws {

    let bedrock = BedrockClient(configuration: AWSClientConfiguration(
    region: "us-east-1",
    credentialProvider: StaticCredentialProvider(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    transport: InMemoryTransport(body: responseBody)
))
nonisolated(unsafe) var units = 0
let clientRate = try await measure("swift client path (GetImportedModel: validate, serialize, sign, decode)", iterations: iterations) {
    let response = try await bedrock.getImportedModel(modelIdentifier: "my-imported-model")
    units += response.customModelUnits?.customModelUnitsPerModelCopy ?? 0
}

    // Side by side: the body read as the client reads it (in place), and parsed into a tree first.
    let inPlaceRate = try await measure("swift decode from bytes, in place (as the client does)", iterations: iterations * 5) {
        let response = try AWSBenchmarkHooks.decodeJSONOutput(GetImportedModelResponse.self, body: responseBody)
        units += response.customModelUnits?.customModelUnitsPerModelCopy ?? 0
    }
    let treeRate = try await measure("swift decode from bytes, through a parsed tree", iterations: iterations * 5) {
        let response = try GetImportedModelResponse(json: JSONParser.parse(responseBody), path: .root)
        units += response.customModelUnits?.customModelUnitsPerModelCopy ?? 0
    }
    print(String(format: "decode in place / through a tree: %.2fx", inPlaceRate / treeRate))

    // The response's members read from its already-parsed JSON form: the generated reader alone.
    let parsed = try JSONParser.parse(responseBody)
    _ = try await measure("swift decode only (GetImportedModelResponse from parsed JSON)", iterations: iterations * 5) {
        let response = try GetImportedModelResponse(json: parsed, path: .root)
        units += response.customModelUnits?.customModelUnitsPerModelCopy ?? 0
    }

    let signer = SigV4Signer(
    credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
    region: "us-east-1", service: "bedrock"
)
    let template = AWSHTTPRequest(method: "GET", url: URL(string: "https://bedrock.us-east-1.amazonaws.com/imported-models/my-imported-model")!)
    let emptyHash = SigV4Signer.payloadHash([])
    let signRate = await measure("swift SigV4 signing (cached key)", iterations: iterations * 5) {
    var request = template
    signer.sign(&request, payloadHash: emptyHash)
}
print("RESULT client_per_second=\(Int(clientRate)) sign_per_second=\(Int(signRate)) check=\(units > 0)")
}

try await Task.detached(operation: run).value
