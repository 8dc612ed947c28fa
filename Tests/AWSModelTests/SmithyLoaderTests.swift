import AWSModel
import Foundation
import Testing

/// A Smithy JSON AST document around one service; `shapes` are JSON members of the `shapes` object.
func smithyModel(_ shapes: String, version: String = "2.0", protocolTrait: String = #""aws.protocols#restJson1": {}"#) -> String {
    """
    {"smithy": "\(version)", "shapes": {
      "example.weather#Weather": {"type": "service", "version": "2024-01-01",
        "operations": [{"target": "example.weather#GetForecast"}],
        "traits": {"aws.api#service": {"sdkId": "Weather", "endpointPrefix": "weather"}, "aws.auth#sigv4": {"name": "weather"},
                   \(protocolTrait), "smithy.api#title": "Example Weather"}},
      "example.weather#GetForecast": {"type": "operation",
        "input": {"target": "example.weather#GetForecastInput"}, "output": {"target": "example.weather#GetForecastOutput"},
        "traits": {"smithy.api#http": {"method": "GET", "uri": "/forecast/{city}", "code": 200}, "smithy.api#readonly": {}}},
      \(shapes)
    }}
    """
}

/// The usual input and output of `GetForecast`, with extra output members.
func forecastShapes(output: String = "", extra: String = "") -> String {
    """
    "example.weather#GetForecastInput": {"type": "structure", "members": {
      "city": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}}},
      "traits": {"smithy.api#input": {}}},
    "example.weather#GetForecastOutput": {"type": "structure", "members": {
      "temperature": {"target": "smithy.api#Float"}\(output.isEmpty ? "" : ", " + output)},
      "traits": {"smithy.api#output": {}}}\(extra.isEmpty ? "" : ", " + extra)
    """
}

func smithyLoad(_ text: String, file: String = "weather.json") throws -> ServiceModel {
    try ModelLoader.load(serviceData: Data(text.utf8), servicePath: file)
}

func smithyError(_ text: String) -> String {
    do {
        _ = try smithyLoad(text)
        return "no error"
    } catch {
        return "\(error)"
    }
}

@Suite("Loading Smithy JSON AST models")
struct SmithyLoaderTests {
    @Test("a Smithy model is told from a botocore one by its content")
    func detection() {
        #expect(SmithyFormat.isSmithyAST(Data(#"{"smithy": "2.0", "shapes": {}}"#.utf8)))
        #expect(SmithyFormat.isSmithyAST(Data(#"{"metadata": {"smithy": 1}, "shapes": {"a": "\"smithy\""}, "smithy": "2.0"}"#.utf8)))
        #expect(!SmithyFormat.isSmithyAST(Data(#"{"version": "2.0", "metadata": {"smithy": "x"}, "shapes": {"smithy": {}}}"#.utf8)))
        #expect(!SmithyFormat.isSmithyAST(Data(#"{"documentation": "the \"smithy\" key", "operations": {}}"#.utf8)))
    }

    @Test("operations, members, bindings, constraints and the service's metadata")
    func basics() throws {
        let model = try smithyLoad(smithyModel(forecastShapes(
            output: #""city": {"target": "example.weather#CityName", "traits": {"smithy.api#jsonName": "cityName"}}, "#
                + #""updated": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "epoch-seconds"}}, "#
                + #""unit": {"target": "example.weather#Unit", "traits": {"smithy.api#httpHeader": "x-unit"}}"#,
            extra: #""example.weather#CityName": {"type": "string", "traits": {"smithy.api#length": {"min": 1, "max": 64}, "smithy.api#pattern": "^[A-Za-z ]+$"}}, "#
                + #""example.weather#Unit": {"type": "enum", "members": {"C": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": "celsius"}}, "F": {"target": "smithy.api#Unit"}}}"#
        )))
        #expect(model.metadata.protocolName == "rest-json")
        #expect(model.metadata.serviceId == "Weather")
        #expect(model.metadata.signingName == "weather")
        #expect(model.metadata.serviceFullName == "Example Weather")
        #expect(model.metadata.apiVersion == "2024-01-01")
        let operation = try #require(model.operations.first)
        #expect(operation.name == "GetForecast" && operation.http.method == "GET" && operation.http.requestUri == "/forecast/{city}")
        #expect(operation.readonly)
        let input = try #require(model.shape(named: "GetForecastInput").structure)
        #expect(input.members.first?.reference.location == .uri && input.members.first?.isRequired == true)
        let output = try #require(model.shape(named: "GetForecastOutput").structure)
        #expect(output.member(named: "city")?.wireName == "cityName")
        #expect(output.member(named: "updated")?.reference.timestampFormat == .unixTimestamp)
        #expect(output.member(named: "unit")?.reference.location == .header)
        #expect(output.member(named: "unit")?.wireName == "x-unit")
        #expect(model.shape(named: "Unit").enumValues == ["F", "celsius"])
        #expect(model.shape(named: "CityName").min == 1 && model.shape(named: "CityName").max == 64)
        #expect(model.shape(named: "CityName").pattern == "^[A-Za-z ]+$")
        #expect(model.shape(named: "Float").kind == .float)
    }

    /// (In one JSON AST file an `apply` can only name a member: a shape's own id is already its key.)
    @Test("mixins copy members and traits; apply adds traits to members")
    func mixinsAndApply() throws {
        let model = try smithyLoad(smithyModel(forecastShapes(
            output: #""details": {"target": "example.weather#Details"}"#,
            extra: #""example.weather#Audited": {"type": "structure", "mixins": [{"target": "example.weather#Named"}], "members": {"#
                + #""createdBy": {"target": "smithy.api#String"}}, "traits": {"smithy.api#mixin": {}, "smithy.api#sensitive": {}}}, "#
                + #""example.weather#Named": {"type": "structure", "members": {"name": {"target": "smithy.api#String"}}, "#
                + #""traits": {"smithy.api#mixin": {"localTraits": ["smithy.api#documentation"]}, "smithy.api#documentation": "only here"}}, "#
                + #""example.weather#Details": {"type": "structure", "mixins": [{"target": "example.weather#Audited"}], "members": {"#
                + #""name": {"target": "smithy.api#String", "traits": {"smithy.api#required": {}}}, "summary": {"target": "smithy.api#String"}}}, "#
                + #""example.weather#Details$summary": {"type": "apply", "traits": {"smithy.api#documentation": "applied"}}"#
        )))
        let details = try #require(model.shape(named: "Details").structure)
        #expect(details.members.map(\.name) == ["createdBy", "name", "summary"])
        #expect(details.member(named: "name")?.isRequired == true)
        #expect(details.member(named: "summary")?.reference.documentation == "applied")
        #expect(model.shape(named: "Details").sensitive)  // from Audited
        #expect(model.shape(named: "Details").documentation == nil)  // Named's documentation is local to it
        #expect(model.shapes["Audited"] == nil && model.shapes["Named"] == nil)  // mixins are not generated
    }

    @Test("resources' operations, unions, documents, intEnums and big numbers")
    func shapesOfEveryKind() throws {
        let text = smithyModel(forecastShapes(
            output: #""alert": {"target": "example.weather#Alert"}, "raw": {"target": "smithy.api#Document"}, "#
                + #""level": {"target": "example.weather#Level"}, "huge": {"target": "smithy.api#BigInteger"}, "#
                + #""exact": {"target": "smithy.api#BigDecimal"}, "tags": {"target": "example.weather#Tags"}"#,
            extra: #""example.weather#Alert": {"type": "union", "members": {"storm": {"target": "smithy.api#String"}, "none": {"target": "smithy.api#Unit"}}}, "#
                + #""example.weather#Level": {"type": "intEnum", "members": {"LOW": {"target": "smithy.api#Unit", "traits": {"smithy.api#enumValue": 1}}}}, "#
                + #""example.weather#Tags": {"type": "map", "key": {"target": "smithy.api#String"}, "value": {"target": "example.weather#Cities"}}, "#
                + #""example.weather#Cities": {"type": "list", "member": {"target": "smithy.api#String"}}, "#
                + #""example.weather#City": {"type": "resource", "read": {"target": "example.weather#GetCity"}, "resources": [{"target": "example.weather#Station"}]}, "#
                + #""example.weather#Station": {"type": "resource", "operations": [{"target": "example.weather#ListStations"}]}, "#
                + #""example.weather#GetCity": {"type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/city"}}}, "#
                + #""example.weather#ListStations": {"type": "operation", "traits": {"smithy.api#http": {"method": "GET", "uri": "/stations"}}}"#
        )).replacingOccurrences(of: #""operations": [{"target": "example.weather#GetForecast"}],"#,
                                with: #""operations": [{"target": "example.weather#GetForecast"}], "resources": [{"target": "example.weather#City"}],"#)
        let model = try smithyLoad(text)
        #expect(model.operations.map(\.name) == ["GetCity", "GetForecast", "ListStations"])
        #expect(model.shape(named: "Alert").structure?.isUnion == true)
        #expect(model.shape(named: "Document").structure?.isDocument == true)
        #expect(model.shape(named: "Level").kind == .integer)
        #expect(model.shape(named: "BigInteger").kind == .long)
        #expect(model.shape(named: "BigDecimal").kind == .double)
        guard case .map(_, let value) = model.shape(named: "Tags").kind else { Issue.record("Tags is not a map"); return }
        #expect(value.shapeName == "Cities")
    }

    @Test("prelude shapes keep their names unless the service has a shape of that name")
    func preludeNames() throws {
        let model = try smithyLoad(smithyModel(forecastShapes(
            output: #""alert": {"target": "example.weather#Alert"}, "unit": {"target": "example.weather#Unit"}, "#
                + #""note": {"target": "example.weather#String"}, "plain": {"target": "smithy.api#String"}"#,
            extra: #""example.weather#Alert": {"type": "union", "members": {"storm": {"target": "smithy.api#String"}, "none": {"target": "smithy.api#Unit"}}}, "#
                + #""example.weather#Unit": {"type": "enum", "members": {"C": {"target": "smithy.api#Unit"}}}, "#
                + #""example.weather#String": {"type": "string", "traits": {"smithy.api#length": {"max": 10}}}"#
        )))
        let alert = try #require(model.shape(named: "Alert").structure)
        #expect(alert.member(named: "none")?.shapeName == "SmithyUnit")
        #expect(model.shape(named: "SmithyUnit").structure?.members.isEmpty == true)
        #expect(model.shape(named: "Unit").enumValues == ["C"])
        #expect(alert.member(named: "storm")?.shapeName == "SmithyString")
        let output = try #require(model.shape(named: "GetForecastOutput").structure)
        #expect(output.member(named: "note")?.shapeName == "String" && model.shape(named: "String").max == 10)
        #expect(output.member(named: "plain")?.shapeName == "SmithyString" && model.shape(named: "SmithyString").max == nil)
    }

    @Test("bad Smithy input fails with an error naming the shape", arguments: [
        (forecastShapes(output: #""x": {"target": "example.weather#Missing"}"#),
         #"$.shapes["example.weather#GetForecastOutput"].members.x.target: the member 'x' of 'example.weather#GetForecastOutput' targets 'example.weather#Missing', which is neither a shape of the model nor of Smithy's prelude"#),
        (forecastShapes(extra: #""example.weather#A": {"type": "structure", "mixins": [{"target": "example.weather#B"}], "traits": {"smithy.api#mixin": {}}}, "#
            + #""example.weather#B": {"type": "structure", "mixins": [{"target": "example.weather#A"}], "traits": {"smithy.api#mixin": {}}}"#),
         "a mixin cycle: example.weather#A → example.weather#B → example.weather#A"),
        (forecastShapes(output: #""y": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": 42}}"#),
         #"$.shapes["example.weather#GetForecastOutput"].members.y.traits["smithy.api#httpHeader"]: the trait smithy.api#httpHeader must be a string"#),
        (forecastShapes(extra: #""example.weather#Name": {"type": "string", "traits": {"smithy.api#length": {"min": "one"}}}"#).replacingOccurrences(of: "smithy.api#Float", with: "example.weather#Name"),
         #"$.shapes["example.weather#Name"].traits["smithy.api#length"].min: 'min' of the trait smithy.api#length must be a number"#),
        (forecastShapes(extra: #""example.weather#Odd": {"type": "struct"}"#),
         "the shape 'example.weather#Odd' has the unknown type 'struct'"),
        (forecastShapes(extra: #""example.weather#Elsewhere$nothing": {"type": "apply", "traits": {}}"#),
         "'apply' targets 'example.weather#Elsewhere', a shape the model does not define"),
    ])
    func badInput(shapes: String, message: String) {
        let error = smithyError(smithyModel(shapes))
        #expect(error.contains("weather.json: "), "\(error)")
        #expect(error.contains(message), "\(error)")
    }

    @Test("an unsupported Smithy version, and a model without a service, are clear errors")
    func versionAndService() {
        #expect(smithyError(smithyModel(forecastShapes(), version: "3.0")).contains("$.smithy: unsupported Smithy version '3.0' (supported: 1.0 and 2.0)"))
        #expect(smithyError(#"{"smithy": "2.0", "shapes": {"a.b#C": {"type": "string"}}}"#).contains("the model defines no service shape"))
        #expect(smithyError(#"{"smithy": "2.0"}"#).contains("the model has no 'shapes' object"))
    }

    @Test("the protocol comes from the service's protocol trait", arguments: [
        (#""aws.protocols#awsJson1_0": {}"#, "json", "1.0"), (#""aws.protocols#awsJson1_1": {}"#, "json", "1.1"),
        (#""aws.protocols#restXml": {}"#, "rest-xml", nil), (#""aws.protocols#awsQuery": {}"#, "query", nil),
        (#""aws.protocols#ec2Query": {}"#, "ec2", nil), (#""smithy.protocols#rpcv2Cbor": {}"#, "smithy-rpc-v2-cbor", nil),
    ] as [(String, String, String?)])
    func protocols(trait: String, name: String, jsonVersion: String?) throws {
        let model = try smithyLoad(smithyModel(forecastShapes(), protocolTrait: trait))
        #expect(model.metadata.protocolName == name)
        #expect(model.metadata.jsonVersion == jsonVersion)
        if name == "json" { #expect(model.metadata.targetPrefix == "Weather") }
    }
}
