import AWSModel
import Foundation
import Testing

/// The fixture folder inside the test bundle.
let fixtures = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

func fixture(_ name: String) -> String { fixtures.appendingPathComponent(name).path }

/// Loads a model from text (the file name chooses JSON or YAML).
func load(_ text: String, file: String = "test-model.json") throws -> ServiceModel {
    try ModelLoader.load(serviceData: Data(text.utf8), servicePath: file)
}

/// A minimal valid model with the given shapes and operations (JSON fragments).
func model(shapes: String, operations: String = "{}", metadata: String? = nil) -> String {
    """
    {"metadata": \(metadata ?? #"{"apiVersion":"2020-01-01","endpointPrefix":"x","protocol":"rest-json","serviceId":"X"}"#),
     "operations": \(operations), "shapes": \(shapes)}
    """
}

/// The error a load throws, as text.
func loadError(_ text: String, file: String = "test-model.json") -> String {
    do {
        _ = try load(text, file: file)
        return "no error"
    } catch {
        return "\(error)"
    }
}

@Suite("Loading botocore models")
struct ModelLoaderTests {
    @Test("every shape type and trait is read from JSON", arguments: ["all-traits.json", "all-traits.yaml"])
    func allTraits(file: String) throws {
        let model = try ModelLoader.load(servicePath: fixture(file))
        let metadata = model.metadata
        #expect(metadata.protocolName == "rest-xml")  // botocore prefers rest-xml over query
        #expect(metadata.protocols == ["query", "rest-xml"])
        #expect(metadata.serviceId == "All Traits")
        #expect(metadata.signingName == "traits-signing")
        #expect(metadata.endpointPrefix == "traits")
        #expect(metadata.targetPrefix == "TraitsService")
        #expect(metadata.jsonVersion == "1.1")
        #expect(metadata.apiVersion == "2024-01-01")
        #expect(metadata.xmlNamespace == "https://example.com/doc/2024-01-01/")
        #expect(metadata.auth == ["aws.auth#sigv4"])
        #expect(metadata.globalEndpoint == "traits.amazonaws.com")
        #expect(metadata.awsQueryCompatible)

        let put = try #require(model.operations.first { $0.name == "PutThing" })
        #expect(put.http.method == "PUT")
        #expect(put.http.responseCode == 201)
        #expect(put.http.pathTemplate == "/things/{Bucket}/{Key+}")
        #expect(put.http.labels.map(\.name) == ["Bucket", "Key"])
        #expect(put.http.labels.map(\.greedy) == [false, true])
        #expect(put.http.literalQuery.map(\.name) == ["tagging", "x"])
        #expect(put.http.literalQuery.map(\.value) == [nil, "1"])
        #expect(put.hostPrefix == "{AccountId}.")
        #expect(put.deprecated && put.deprecatedMessage == "Use PutThing2")
        #expect(put.idempotent && put.unsignedPayload)
        #expect(put.authType == "v4-unsigned-body")
        #expect(put.errors.map(\.shapeName) == ["NotFound", "Throttled"])
        #expect(put.input?.locationName == "PutThingRequest")
        #expect(put.input?.xmlNamespace?.uri == "https://example.com/ns")
        #expect(put.staticContextParams["UseS3ExpressControlEndpoint"] == .bool(true))
        #expect(model.operations.first { $0.name == "ListThings" }?.readonly == true)

        let input = try #require(model.shape(named: "PutThingInput").structure)
        #expect(input.payload == "Body")
        func member(_ name: String) throws -> Member { try #require(input.member(named: name)) }
        #expect(try member("Bucket").reference.location == .uri)
        #expect(try member("Bucket").reference.contextParam == "Bucket")
        #expect(try member("Bucket").isRequired)
        #expect(try member("Key").isRequired)
        #expect(try member("AccountId").reference.hostLabel)
        #expect(try member("Body").reference.streaming)
        #expect(try member("Metadata").reference.location == .headers)
        #expect(try member("Metadata").wireName == "x-amz-meta-")
        #expect(try member("Expires").reference.timestampFormat == .rfc822)
        #expect(try member("Tags").reference.queryName == "Tag")
        #expect(try member("Tags").reference.flattened)
        #expect(try member("Attr").reference.xmlAttribute)
        #expect(try member("Attr").reference.xmlNamespace?.prefix == "xsi")
        #expect(try member("Policy").reference.jsonValue)
        #expect(try member("Token").reference.idempotencyToken)
        #expect(try member("Old").reference.deprecated)
        #expect(try member("Old").reference.deprecatedMessage == "gone")
        #expect(try member("Old").reference.documentation == "<p>old</p>")
        #expect(try member("Boxed").reference.box)
        #expect(try member("Events").reference.eventPayload)
        #expect(try !member("Old").isRequired)

        #expect(model.shape(named: "BucketName").min == 3)
        #expect(model.shape(named: "BucketName").max == 63)
        #expect(model.shape(named: "BucketName").pattern == "^[a-z0-9.-]+$")
        #expect(model.shape(named: "AccountId").sensitive)
        #expect(model.shape(named: "Stream").kind == .blob(streaming: true))
        #expect(model.shape(named: "Stream").requiresLength)
        #expect(model.shape(named: "Stamp").kind == .timestamp(format: .iso8601))
        #expect(model.shape(named: "Count").kind == .integer)
        #expect(model.shape(named: "Count").box)
        #expect(model.shape(named: "Size").kind == .long)
        #expect(model.shape(named: "Ratio").kind == .float)
        #expect(model.shape(named: "Ratio").min == 0.5)
        #expect(model.shape(named: "Precise").kind == .double)
        #expect(model.shape(named: "Flag").kind == .boolean)
        #expect(model.shape(named: "Mode").enumValues == ["fast", "slow"])
        #expect(model.shape(named: "Document").structure?.isDocument == true)
        #expect(model.shape(named: "Choice").structure?.isUnion == true)
        #expect(model.shape(named: "EventStream").structure?.isEventStream == true)
        #expect(model.shape(named: "ChunkEvent").structure?.isEvent == true)
        #expect(model.shape(named: "ChunkEvent").structure?.member(named: "Seq")?.reference.eventHeader == true)
        #expect(model.shape(named: "MetadataMap").flattened)
        #expect(model.shape(named: "MetadataMap").sparse)
        #expect(model.shape(named: "Tag").locationName == "TagItem")
        #expect(model.shape(named: "Tag").xmlNamespace?.uri == "https://example.com/tag")
        #expect(model.shape(named: "Tag").deprecated)
        if case .list(let element) = model.shape(named: "TagList").kind {
            #expect(element.shapeName == "Tag")
            #expect(element.locationName == "Tag")
        } else {
            Issue.record("TagList is not a list")
        }
        if case .map(let key, let value) = model.shape(named: "MetadataMap").kind {
            #expect(key.locationName == "Key")
            #expect(value.locationName == "Value")
        } else {
            Issue.record("MetadataMap is not a map")
        }
        let notFound = try #require(model.shape(named: "NotFound").structure?.exception)
        #expect(notFound.code == "NoSuchThing")
        #expect(notFound.httpStatusCode == 404)
        #expect(notFound.senderFault)
        let throttled = try #require(model.shape(named: "Throttled").structure?.exception)
        #expect(throttled.code == "Throttled")  // no error code: the shape name
        #expect(throttled.isFault)
        #expect(throttled.retryableThrottling == true)

        // Companion files found beside the model.
        #expect(model.paginators["ListThings"]?.resultKeys == ["Things"])
        // The fixture's limit key is not an input member: it sets nothing.
        #expect(model.paginators["ListThings"]?.limitKey == nil)
        #expect(model.waiterNames == ["ThingExists"])
        let waiter = try #require(model.waiters["ThingExists"])
        #expect(waiter.operationName == "ListThings" && waiter.delay == 5 && waiter.maxAttempts == 20)
        #expect(waiter.description == "Waits until a thing is listed.")
        #expect(waiter.acceptors.map(\.matcher) == [.path, .pathAny, .error, .status, .error])
        #expect(waiter.acceptors.map(\.state) == [.success, .failure, .retry, .success, .failure])
        #expect(waiter.acceptors[0].argument == "length(Things) > `0`" && waiter.acceptors[0].expected == .bool(true))
    }

    @Test("a bad waiter or paginator is an error naming it and what is wrong", arguments: [
        (#"{"waiters": {"W": {"operation": "ListThings", "delay": 5, "maxAttempts": 3, "acceptors": [{"state": "success", "matcher": "path", "argument": "Things[?", "expected": true}]}}}"#,
         "$.waiters.W.acceptors[0].argument: waiter W: JMESPath syntax error: incomplete expression in 'Things[?'"),
        (#"{"waiters": {"W": {"operation": "ListThings", "delay": 5, "maxAttempts": 3, "acceptors": [{"state": "success", "matcher": "path", "argument": "lenght(Things)", "expected": 1}]}}}"#,
         "waiter W: JMESPath unknown-function error: unknown function lenght()"),
        (#"{"waiters": {"W": {"operation": "Nope", "delay": 5, "maxAttempts": 3, "acceptors": []}}}"#,
         "$.waiters.W: waiter W: polls 'Nope', an operation the service does not have"),
        (#"{"waiters": {"W": {"operation": "ListThings", "delay": 0, "maxAttempts": 3, "acceptors": [{"state": "success", "matcher": "status", "expected": 200}]}}}"#,
         "$.waiters.W.delay: waiter W: delay must be a whole number from 1 to 86400"),
        (#"{"waiters": {"W": {"operation": "ListThings", "delay": 5, "maxAttempts": 3, "acceptors": [{"state": "done", "matcher": "status", "expected": 200}]}}}"#,
         "state 'done' is none of success, failure, retry"),
        (#"{"waiters": {"W": {"operation": "ListThings", "delay": 5, "maxAttempts": 3, "acceptors": [{"state": "success", "matcher": "status", "expected": "OK"}]}}}"#,
         "a status matcher expects an HTTP status"),
    ])
    func badWaiters(text: String, message: String) throws {
        let service = try Data(contentsOf: URL(fileURLWithPath: fixture("all-traits.json")))
        #expect {
            _ = try ModelLoader.load(serviceData: service, servicePath: "all-traits.json", waiters: (path: "waiters-2.json", data: Data(text.utf8)))
        } throws: { error in
            "\(error)".contains("waiters-2.json") && "\(error)".contains(message)
        }
    }

    @Test("a paginator expression that does not parse names the paginator")
    func badPaginatorExpression() throws {
        let service = try Data(contentsOf: URL(fileURLWithPath: fixture("all-traits.json")))
        let paginators = #"{"pagination": {"ListThings": {"input_token": "NextToken", "output_token": "NextToken || Things[-1", "result_key": "Things"}}}"#
        #expect {
            _ = try ModelLoader.load(serviceData: service, servicePath: "all-traits.json", paginators: (path: "paginators-1.json", data: Data(paginators.utf8)))
        } throws: { error in
            "\(error)".contains("paginators-1.json: $.pagination.ListThings: the paginator of ListThings: JMESPath syntax error")
        }
    }

    @Test("JSON and YAML forms of one model load to the same model")
    func yamlEqualsJSON() throws {
        let json = try ModelLoader.load(servicePath: fixture("all-traits.json"))
        let yaml = try ModelLoader.load(servicePath: fixture("all-traits.yaml"))
        #expect(json.shapes == yaml.shapes)
        #expect(json.operations == yaml.operations)
        #expect(json.metadata == yaml.metadata)
    }

    @Test("the embedded Bedrock model loads with the customModelUnits change")
    func bedrock() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("api-models/bedrock/2023-04-20/service-2.json").path
        let model = try ModelLoader.load(servicePath: path)
        #expect(model.operations.count == 106)
        #expect(model.shapes.count == 895)
        #expect(model.metadata.protocolName == "rest-json")
        let response = try #require(model.shape(named: "GetImportedModelResponse").structure)
        #expect(response.member(named: "customModelUnits")?.shapeName == "CustomModelUnits")
        let units = try #require(model.shape(named: "CustomModelUnits").structure)
        #expect(units.members.map(\.name) == ["customModelUnitsPerModelCopy", "customModelUnitsVersion"])
        #expect(model.paginators.count == 19)
    }
}

@Suite("Model errors name the file and the JSON path")
struct ModelErrorTests {
    @Test("a reference to a shape that does not exist")
    func missingShape() {
        let text = model(shapes: #"{"A": {"type": "structure", "members": {"b": {"shape": "Nope"}}}}"#)
        #expect(loadError(text) == "error: test-model.json: $.shapes.A.members.b.shape: refers to a shape named 'Nope' that does not exist")
    }

    @Test("a shape without a type, and one with an unknown type")
    func types() {
        let error = loadError(model(shapes: #"{"A": {"members": {}}, "B": {"type": "tuple"}}"#))
        #expect(error.contains("test-model.json: $.shapes.A: the shape has no 'type'"))
        #expect(error.contains("test-model.json: $.shapes.B.type: unknown shape type 'tuple'"))
    }

    @Test("malformed request URIs", arguments: [
        ("imported-models/{id}", "must start with '/'"),
        ("/a/{id", "'{' that is never closed"),
        ("/a/id}", "'}' without a matching '{'"),
        ("/a/{}", "invalid label '{}'"),
        ("/a/{i d}", "invalid label '{i d}'"),
        ("/a/{id}/{id}", "uses the label {id} twice"),
        ("/a/{other}", "the label {other} is not bound by any input member"),
    ])
    func requestURI(uri: String, message: String) {
        let operations = #"{"Op": {"http": {"method": "GET", "requestUri": "\#(uri)"}, "input": {"shape": "In"}}}"#
        let shapes = #"{"In": {"type": "structure", "members": {"id": {"shape": "S", "location": "uri", "locationName": "id"}}}, "S": {"type": "string"}}"#
        let error = loadError(model(shapes: shapes, operations: operations))
        #expect(error.contains("$.operations.Op.http.requestUri"))
        #expect(error.contains(message))
    }

    @Test("truncated, empty and non-object documents give a clear error")
    func malformedDocuments() throws {
        let full = try String(contentsOfFile: fixture("all-traits.json"), encoding: .utf8)
        for cut in [1, 100, full.count / 2, full.count - 2] {
            let error = loadError(String(full.prefix(cut)))
            #expect(error.contains("test-model.json: $"), "cut at \(cut): \(error)")
            #expect(!error.contains("no error"))
        }
        #expect(loadError("").contains("test-model.json: $"))
        #expect(loadError("[1, 2]").contains("test-model.json: $"))
        #expect(loadError("{\"metadata\": 3}").contains("test-model.json: $.metadata"))
        #expect(loadError("shapes: [unclosed", file: "m.yaml").contains("m.yaml: $"))
    }

    @Test("hostile nesting is refused, not a crash")
    func deepNesting() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(loadError(#"{"documentation": \#(deep)}"#).contains("test-model.json"))
    }

    @Test("a wrong type for a trait names its path")
    func wrongTraitType() {
        let text = model(shapes: #"{"A": {"type": "string", "min": "three"}}"#)
        #expect(loadError(text).contains("$.shapes.A.min"))
    }

    @Test("required names and payloads must exist; enum values must be unique")
    func structureChecks() {
        let text = model(shapes: #"{"A": {"type": "structure", "required": ["x"], "payload": "y", "members": {}}, "E": {"type": "string", "enum": ["a", "a"]}}"#)
        let error = loadError(text)
        #expect(error.contains("$.shapes.A.required[0]: names a member 'x'"))
        #expect(error.contains("$.shapes.A.payload: names a payload member 'y'"))
        #expect(error.contains("$.shapes.E.enum[1]: the enum value 'a' appears twice"))
    }

    @Test("a missing file is an error, not a crash")
    func missingFile() {
        #expect(throws: ModelError.self) { try ModelLoader.load(servicePath: "/nonexistent/service-2.json") }
    }
}
