import AWSBedrock
import AWSRuntime
import Foundation
import Testing

/// GetImportedModel's response in Bedrock's wire form, as in the API reference.
let fullResponseJSON = #"""
{"modelArn":"arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl","modelName":"my-imported-model",
 "jobName":"import-job-1","jobArn":"arn:aws:bedrock:us-east-1:123456789012:model-import-job/abcdefghijkl",
 "modelDataSource":{"s3DataSource":{"s3Uri":"s3://my-bucket/model/"}},"creationTime":"2025-03-21T10:15:30.123Z",
 "modelArchitecture":"llama3","modelKmsKeyArn":"arn:aws:kms:us-east-1:123456789012:key/k","instructSupported":true,
 "customModelUnits":{"customModelUnitsPerModelCopy":2,"customModelUnitsVersion":"1.0"},"addedNextYear":{"x":1}}
"""#

@Suite("GetImportedModel response decoding")
struct GetImportedModelDecodingTests {
    @Test("a response with customModelUnits decodes, through Codable and the wire reader")
    func withUnits() throws {
        let viaCodable = try JSONDecoder().decode(GetImportedModelResponse.self, from: Data(fullResponseJSON.utf8))
        let viaWire = try GetImportedModelResponse(jsonBytes: Array(fullResponseJSON.utf8))
        for response in [viaCodable, viaWire] {
            #expect(response.customModelUnits?.customModelUnitsPerModelCopy == 2)
            #expect(response.customModelUnits?.customModelUnitsVersion == "1.0")
            #expect(response.modelName == "my-imported-model")
            #expect(response.instructSupported == true)
            #expect(response.creationTime == Date(timeIntervalSince1970: 1_742_552_130.123))
            if case .s3DataSource(let source)? = response.modelDataSource {
                #expect(source.s3Uri == "s3://my-bucket/model/")
            } else {
                Issue.record("modelDataSource is not the s3DataSource case")
            }
        }
        #expect(viaCodable == viaWire)
    }

    @Test("a response without customModelUnits decodes it as nil")
    func withoutUnits() throws {
        let response = try GetImportedModelResponse(jsonBytes: Array(#"{"modelName":"m","instructSupported":false}"#.utf8))
        #expect(response.customModelUnits == nil)
        #expect(response.modelName == "m")
    }

    @Test("re-encoding gives the wire form back, with and without customModelUnits")
    func reencode() throws {
        let response = try GetImportedModelResponse(jsonBytes: Array(fullResponseJSON.utf8))
        let encoded = try JSONEncoder().encode(response)
        let object = try #require(try JSONSerialization.jsonObject(with: encoded) as? [String: Any])
        let units = try #require(object["customModelUnits"] as? [String: Any])
        #expect(units["customModelUnitsPerModelCopy"] as? Int == 2)
        #expect(units["customModelUnitsVersion"] as? String == "1.0")
        #expect(object["creationTime"] as? String == "2025-03-21T10:15:30.123Z")  // the model's iso8601 format
        #expect(object["addedNextYear"] == nil)  // unknown fields are ignored, not kept
        #expect(try JSONDecoder().decode(GetImportedModelResponse.self, from: encoded) == response)

        let withoutUnits = GetImportedModelResponse(
            creationTime: response.creationTime, jobArn: response.jobArn, jobName: response.jobName, modelArn: response.modelArn,
            modelName: response.modelName
        )
        let encodedWithout = try JSONEncoder().encode(withoutUnits)
        let objectWithout = try #require(try JSONSerialization.jsonObject(with: encodedWithout) as? [String: Any])
        #expect(objectWithout["customModelUnits"] == nil)
        #expect(try JSONDecoder().decode(GetImportedModelResponse.self, from: encodedWithout).customModelUnits == nil)
    }

    @Test("a wrong type names the member path")
    func wrongType() {
        #expect {
            _ = try GetImportedModelResponse(jsonBytes: Array(#"{"customModelUnits":{"customModelUnitsPerModelCopy":"two"}}"#.utf8))
        } throws: { error in
            "\(error)" == "cannot decode GetImportedModelResponse: at $.customModelUnits.customModelUnitsPerModelCopy: expected an integer, found a string"
        }
    }

    @Test("a structure that is not an object, and a wrong member of a list element, name their paths")
    func nestedErrors() {
        #expect {
            _ = try GetImportedModelResponse(jsonBytes: Array(#"{"customModelUnits":"two"}"#.utf8))
        } throws: { error in
            "\(error)" == "cannot decode GetImportedModelResponse: at $.customModelUnits: expected an object, found a string"
        }
        let summaries = #"{"modelSummaries":[{"modelArn":"a","modelName":"m","creationTime":1},{"modelArn":2,"modelName":"n","creationTime":1}]}"#
        #expect {
            _ = try ListImportedModelsResponse(jsonBytes: Array(summaries.utf8))
        } throws: { error in
            "\(error)" == "cannot decode ListImportedModelsResponse: at $.modelSummaries[1].modelArn: expected a string, found a number"
        }
    }
}

@Suite("String enums")
struct StringEnumTests {
    @Test("constants, unknown values, switch, Set, Codable and the wire form behave like an enum's")
    func behaviour() throws {
        let order: AWSBedrock.SortOrder = .descending
        #expect(order.rawValue == "Descending")
        #expect(AWSBedrock.SortOrder.knownValues == [.ascending, .descending])
        #expect(order.isKnown)
        let unknown = AWSBedrock.SortOrder(rawValue: "Sideways")
        #expect(!unknown.isKnown)
        func describe(_ value: AWSBedrock.SortOrder) -> String {
            switch value {
            case .ascending: "up"
            case .descending: "down"
            default: "other: \(value)"
            }
        }
        #expect([describe(.ascending), describe(order), describe(unknown)] == ["up", "down", "other: Sideways"])
        #expect(Set([AWSBedrock.SortOrder.ascending, .ascending, .descending, unknown]).count == 3)
        // Two enums with the same raw values are different types.
        #expect(SortModelsBy.self != SortJobsBy.self)
        let request = ListImportedModelsRequest(sortBy: .creationTime, sortOrder: unknown)
        let decoded = try JSONDecoder().decode(ListImportedModelsRequest.self, from: JSONEncoder().encode(request))
        #expect(decoded == request)
        #expect(decoded.sortOrder?.rawValue == "Sideways")
        #expect(try AWSBedrock.SortOrder(json: "Ascending", path: .root) == .ascending)
        #expect(throws: AWSDecodingError.self) { try AWSBedrock.SortOrder(json: 1, path: .root) }
    }
}

@Suite("GetImportedModel against a local Bedrock stand-in that verifies SigV4 with botocore", .serialized, .enabled(if: Servers.stubTrait))
struct GetImportedModelEndToEndTests {
    func client(_ server: LocalServer, maxAttempts: Int = 3) -> BedrockClient {
        BedrockClient(configuration: AWSClientConfiguration(
            region: "us-east-1",
            endpoint: server.endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: Servers.accessKey, secretAccessKey: Servers.secretKey),
            retryStrategy: StandardRetryStrategy(maxAttempts: maxAttempts, baseDelay: 0.01),
            attemptTimeout: .seconds(10)
        ))
    }

    /// How many requests the server received for an identifier.
    func requestCount(_ server: LocalServer, _ identifier: String) async throws -> Int {
        let response = try await AsyncHTTPClientTransport().send(
            AWSHTTPRequest(method: "GET", url: server.endpoint.appendingPathComponent("__count/\(identifier)")), timeout: .seconds(5)
        )
        let json = try JSONParser.parse(try await response.body.collect())
        return Int(try Int64(json: json["count"] ?? .null, path: .root))
    }

    @Test("a full response, with customModelUnits")
    func full() async throws {
        let server = try Servers.stub()
        let response = try await client(server).getImportedModel(modelIdentifier: "full")
        #expect(response.customModelUnits?.customModelUnitsPerModelCopy == 2)
        #expect(response.customModelUnits?.customModelUnitsVersion == "1.0")
        #expect(response.modelArchitecture == "llama3")
    }

    @Test("a response without customModelUnits")
    func noUnits() async throws {
        let response = try await client(try Servers.stub()).getImportedModel(GetImportedModelRequest(modelIdentifier: "no-cmu"))
        #expect(response.customModelUnits == nil)
        #expect(response.modelName == "my-imported-model")
    }

    @Test("404 is a typed ResourceNotFoundException with message, status and request id")
    func notFound() async throws {
        do {
            _ = try await client(try Servers.stub()).getImportedModel(modelIdentifier: "missing")
            Issue.record("expected ResourceNotFoundException")
        } catch let error as ResourceNotFoundException {
            #expect(error.message == "Model missing not found.")
            #expect(error.statusCode == 404)
            #expect(error.errorMetadata.code == "ResourceNotFoundException")
            #expect(error.requestID?.isEmpty == false)
        }
    }

    @Test("429 ThrottlingException is retried and then succeeds")
    func throttledOnce() async throws {
        let server = try Servers.stub()
        let identifier = "throttle-once-\(UUID().uuidString.prefix(8))"
        let response = try await client(server).getImportedModel(modelIdentifier: identifier)
        #expect(response.customModelUnits?.customModelUnitsPerModelCopy == 2)
        #expect(try await requestCount(server, identifier) == 2)
    }

    @Test("500 is retried until the attempts run out, then thrown")
    func alwaysFailing() async throws {
        let server = try Servers.stub()
        let identifier = "always-500-\(UUID().uuidString.prefix(8))"
        await #expect(throws: InternalServerException.self) { try await client(server, maxAttempts: 3).getImportedModel(modelIdentifier: identifier) }
        #expect(try await requestCount(server, identifier) == 3)
    }

    @Test("a malformed JSON body is a clear decoding error")
    func malformed() async throws {
        do {
            _ = try await client(try Servers.stub()).getImportedModel(modelIdentifier: "malformed")
            Issue.record("expected a decoding error")
        } catch let error as AWSDecodingError {
            #expect(error.shapeName == "GetImportedModelResponse")
            #expect("\(error)".contains("invalid JSON"))
        }
    }

    @Test("a wrong type in the body names the member path")
    func wrongType() async throws {
        do {
            _ = try await client(try Servers.stub()).getImportedModel(modelIdentifier: "wrong-type")
            Issue.record("expected a decoding error")
        } catch let error as AWSDecodingError {
            #expect(error.path == "$.customModelUnits.customModelUnitsPerModelCopy")
        }
    }

    @Test("a dropped connection is retried, then a transport error")
    func droppedConnection() async throws {
        let server = try Servers.stub()
        let identifier = "drop-\(UUID().uuidString.prefix(8))"
        do {
            _ = try await client(server, maxAttempts: 2).getImportedModel(modelIdentifier: identifier)
            Issue.record("expected a transport error")
        } catch let error as AWSClientError {
            #expect(error.kind == .transport)
        }
        #expect(try await requestCount(server, identifier) == 2)
    }

    @Test("invalid input is refused before anything is sent")
    func validation() async throws {
        let server = try Servers.stub()
        let tooLong = String(repeating: "a", count: 1012)
        do {
            _ = try await client(server).getImportedModel(modelIdentifier: tooLong)
            Issue.record("expected a validation error")
        } catch let error as AWSValidationError {
            #expect(error.path == "GetImportedModelRequest.modelIdentifier")
            #expect(error.message == "has 1012 characters, more than the maximum 1011")
        }
        #expect(try await requestCount(server, tooLong) == 0)
    }

    @Test("wrong credentials are rejected by the server's signature check")
    func wrongSecret() async throws {
        let server = try Servers.stub()
        let bad = BedrockClient(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: server.endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: Servers.accessKey, secretAccessKey: "wrong"),
            retryStrategy: StandardRetryStrategy(maxAttempts: 1)
        ))
        do {
            _ = try await bad.getImportedModel(modelIdentifier: "full")
            Issue.record("expected the signature to be rejected")
        } catch let error as AWSUnknownServiceError {
            #expect(error.code == "InvalidSignatureException")
            #expect(error.statusCode == 403)
        }
    }

    @Test("cancelling the calling task stops the call")
    func cancellation() async throws {
        let server = try Servers.stub()
        let client = client(server, maxAttempts: 10)
        let task = Task { try await client.getImportedModel(modelIdentifier: "always-500-cancel") }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        let result = await task.result
        #expect(throws: (any Error).self) { try result.get() }
    }
}
