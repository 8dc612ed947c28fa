import Foundation
import IntegrationBedrockSmithy
import Testing

/// Bedrock generated from its Smithy JSON AST (`IntegrationBedrockSmithy`, types prefixed `Smithy`)
/// runs the GetImportedModel end-to-end cases the botocore form runs, against the same stand-in.
@Suite("Bedrock from its Smithy model, against the local Bedrock stand-in", .serialized, .enabled(if: Servers.stubTrait))
struct SmithyBedrockEndToEndTests {
    func client(_ server: LocalServer) -> SmithyBedrockClient {
        SmithyBedrockClient(configuration: AWSClientConfiguration(
            region: "us-east-1",
            endpoint: server.endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: Servers.accessKey, secretAccessKey: Servers.secretKey),
            retryStrategy: StandardRetryStrategy(maxAttempts: 3, baseDelay: 0.01),
            attemptTimeout: .seconds(10)
        ))
    }

    @Test("a full response, with customModelUnits, decodes as from the botocore form")
    func full() async throws {
        let response = try await client(try Servers.stub()).getImportedModel(modelIdentifier: "full")
        #expect(response.customModelUnits?.customModelUnitsPerModelCopy == 2)
        #expect(response.customModelUnits?.customModelUnitsVersion == "1.0")
        #expect(response.modelArchitecture == "llama3")
        #expect(response.creationTime != nil)
        let viaWire = try SmithyGetImportedModelResponse(jsonBytes: Array(fullResponseJSON.utf8))
        #expect(viaWire.customModelUnits?.customModelUnitsPerModelCopy == 2)
        if case .s3DataSource(let source)? = viaWire.modelDataSource {
            #expect(source.s3Uri == "s3://my-bucket/model/")
        } else {
            Issue.record("modelDataSource is not the s3DataSource case")
        }
    }

    @Test("a response without customModelUnits")
    func noUnits() async throws {
        let response = try await client(try Servers.stub()).getImportedModel(SmithyGetImportedModelRequest(modelIdentifier: "no-cmu"))
        #expect(response.customModelUnits == nil)
        #expect(response.modelName == "my-imported-model")
    }

    @Test("404 is a typed ResourceNotFoundException; 500 is retried, then thrown")
    func errors() async throws {
        do {
            _ = try await client(try Servers.stub()).getImportedModel(modelIdentifier: "missing")
            Issue.record("expected ResourceNotFoundException")
        } catch let error as SmithyResourceNotFoundException {
            #expect(error.message == "Model missing not found.")
            #expect(error.statusCode == 404)
        }
        await #expect(throws: SmithyInternalServerException.self) {
            try await client(try Servers.stub()).getImportedModel(modelIdentifier: "always-500-\(UUID().uuidString.prefix(8))")
        }
    }
}
