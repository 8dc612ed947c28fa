@testable import AWSCodegen
import AWSModel
import Foundation
import Testing

/// Loads the Bedrock model as mutable JSON, applies `edit`, and loads the result as a model.
func editedBedrock(_ edit: (inout [String: Any]) -> Void) throws -> ServiceModel {
    var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bedrockModelPath))) as! [String: Any]
    edit(&json)
    let data = try JSONSerialization.data(withJSONObject: json)
    return try ModelLoader.load(serviceData: data, servicePath: "edited.json")
}

/// Edits one shape of the JSON model.
func editShape(_ json: inout [String: Any], _ name: String, _ edit: (inout [String: Any]) -> Void) {
    var shapes = json["shapes"] as! [String: Any]
    var shape = shapes[name] as! [String: Any]
    edit(&shape)
    shapes[name] = shape
    json["shapes"] = shapes
}

func editMembers(_ json: inout [String: Any], _ shape: String, _ edit: (inout [String: Any]) -> Void) {
    editShape(&json, shape) { shape in
        var members = shape["members"] as! [String: Any]
        edit(&members)
        shape["members"] = members
    }
}

@Suite("API change reports")
struct DiffTests {
    /// The model as it was before 2025/03/21: no customModelUnits, no CustomModelUnits shapes.
    static func beforeCustomModelUnits() throws -> ServiceModel {
        try editedBedrock { json in
            editMembers(&json, "GetImportedModelResponse") { $0["customModelUnits"] = nil }
            var shapes = json["shapes"] as! [String: Any]
            shapes["CustomModelUnits"] = nil
            shapes["CustomModelUnitsVersion"] = nil
            json["shapes"] = shapes
        }
    }

    @Test("the customModelUnits change is one additive update of GetImportedModel, in the changelog's style")
    func customModelUnits() throws {
        let report = ModelDiff.compare(old: try Self.beforeCustomModelUnits(), new: bedrockModel)
        #expect(report.operations.map(\.name) == ["GetImportedModel"])
        let operation = try #require(report.operations.first)
        #expect(operation.kind == .updated)
        #expect(operation.classification == .additive)
        #expect(report.classification == .additive)
        #expect(operation.changes.map(\.kind) == [.memberAdded])
        #expect(operation.changes.first?.direction == .response)
        #expect(operation.syntax["request"] == nil)
        #expect(operation.syntax["response"]?.pythonLiteral() == """
            {'customModelUnits': {'customModelUnitsPerModelCopy': 'integer',
                                  'customModelUnitsVersion': 'string'}}
            """)
        let text = report.rendered(as: .text)
        #expect(text.hasPrefix("Amazon Bedrock 2023-04-20: 1 updated API method, 0 new API methods, 0 removed API methods; 0 documentation-only updates\n"))
        #expect(text.contains("GetImportedModel (updated) [additive]\nChanges (response)\n{'customModelUnits': {'customModelUnitsPerModelCopy': 'integer',\n"))
        #expect(report.rendered(as: .markdown).contains("### GetImportedModel (updated, additive)"))
        let json = try JSONSerialization.jsonObject(with: Data(report.rendered(as: .json).utf8)) as? [String: Any]
        #expect((json?["operations"] as? [[String: Any]])?.first?["name"] as? String == "GetImportedModel")
    }

    @Test("the same model has no changes")
    func noChanges() {
        let report = ModelDiff.compare(old: bedrockModel, new: bedrockModel)
        #expect(!report.hasChanges)
        #expect(report.classification == nil)
    }

    @Test("a removed response member is breaking")
    func removedMember() throws {
        let new = try editedBedrock { json in editMembers(&json, "GetImportedModelResponse") { $0["modelKmsKeyArn"] = nil } }
        let report = ModelDiff.compare(old: bedrockModel, new: new)
        #expect(report.classification == .breaking)
        #expect(report.operations.first?.changes.first?.kind == .memberRemoved)
        #expect(report.operations.first?.changes.first?.path == "modelKmsKeyArn")
    }

    @Test("request members: optional added is additive, required added is breaking, optional becoming required is breaking")
    func requestMembers() throws {
        let optionalAdded = try editedBedrock { json in
            editMembers(&json, "ListImportedModelsRequest") { $0["owner"] = ["shape": "String", "location": "querystring", "locationName": "owner"] }
        }
        #expect(ModelDiff.compare(old: bedrockModel, new: optionalAdded).classification == .additive)
        let requiredAdded = try editedBedrock { json in
            editMembers(&json, "GetImportedModelRequest") { $0["version"] = ["shape": "String"] }
            editShape(&json, "GetImportedModelRequest") { $0["required"] = ["modelIdentifier", "version"] }
        }
        #expect(ModelDiff.compare(old: bedrockModel, new: requiredAdded).classification == .breaking)
        let becameRequired = try editedBedrock { json in
            editShape(&json, "ListImportedModelsRequest") { $0["required"] = ["nameContains"] }
        }
        let report = ModelDiff.compare(old: bedrockModel, new: becameRequired)
        #expect(report.operations.first?.changes.first?.kind == .becameRequired)
        #expect(report.classification == .breaking)
    }

    @Test("a type change is breaking; a renamed primitive shape is no change; a renamed structure is breaking")
    func typesAndRenames() throws {
        let typeChanged = try editedBedrock { json in
            editMembers(&json, "CustomModelUnits") { $0["customModelUnitsPerModelCopy"] = ["shape": "String"] }
        }
        let typeReport = ModelDiff.compare(old: bedrockModel, new: typeChanged)
        #expect(typeReport.classification == .breaking)
        #expect(typeReport.operations.first { $0.name == "GetImportedModel" }?.changes.first?.detail == "member customModelUnits.customModelUnitsPerModelCopy: integer → string")

        let primitiveRenamed = try editedBedrock { json in
            var shapes = json["shapes"] as! [String: Any]
            shapes["CustomModelUnitsVersionRenamed"] = shapes["CustomModelUnitsVersion"]
            json["shapes"] = shapes
            editMembers(&json, "CustomModelUnits") { members in
                var member = members["customModelUnitsVersion"] as! [String: Any]
                member["shape"] = "CustomModelUnitsVersionRenamed"
                members["customModelUnitsVersion"] = member
            }
        }
        #expect(!ModelDiff.compare(old: bedrockModel, new: primitiveRenamed).hasChanges)

        let structureRenamed = try editedBedrock { json in
            var shapes = json["shapes"] as! [String: Any]
            shapes["ModelCopyUnits"] = shapes["CustomModelUnits"]
            json["shapes"] = shapes
            editMembers(&json, "GetImportedModelResponse") { members in
                var member = members["customModelUnits"] as! [String: Any]
                member["shape"] = "ModelCopyUnits"
                members["customModelUnits"] = member
            }
        }
        let renameReport = ModelDiff.compare(old: bedrockModel, new: structureRenamed)
        #expect(renameReport.classification == .breaking)
        #expect(renameReport.operations.first?.changes.first?.detail == "member customModelUnits: CustomModelUnits → ModelCopyUnits")
    }

    @Test("enum values added are additive, removed are breaking")
    func enumValues() throws {
        let added = try editedBedrock { json in
            editShape(&json, "ModelStatus") { $0["enum"] = (($0["enum"] as! [String]) + ["Archived"]) }
        }
        let addedReport = ModelDiff.compare(old: bedrockModel, new: added)
        #expect(addedReport.classification == .additive)
        #expect(addedReport.operations.contains { $0.changes.contains { $0.kind == .enumValuesAdded && $0.detail.contains("'Archived'") } })
        let removed = ModelDiff.compare(old: added, new: bedrockModel)
        #expect(removed.classification == .breaking)
    }

    @Test("operations added and removed, errors, HTTP bindings, documentation only")
    func operationLevel() throws {
        let withoutOperation = try editedBedrock { json in
            var operations = json["operations"] as! [String: Any]
            operations["GetImportedModel"] = nil
            json["operations"] = operations
        }
        #expect(ModelDiff.compare(old: bedrockModel, new: withoutOperation).removed.map(\.name) == ["GetImportedModel"])
        let addedReport = ModelDiff.compare(old: withoutOperation, new: bedrockModel)
        #expect(addedReport.added.map(\.name) == ["GetImportedModel"])
        #expect(addedReport.classification == .additive)

        let edited = try editedBedrock { json in
            var operations = json["operations"] as! [String: Any]
            var operation = operations["GetImportedModel"] as! [String: Any]
            operation["errors"] = (operation["errors"] as! [Any]) + [["shape": "ConflictException"]]
            operation["http"] = ["method": "GET", "requestUri": "/v2/imported-models/{modelIdentifier}", "responseCode": 200]
            operations["GetImportedModel"] = operation
            var other = operations["ListImportedModels"] as! [String: Any]
            other["documentation"] = "<p>New words.</p>"
            operations["ListImportedModels"] = other
            json["operations"] = operations
        }
        let report = ModelDiff.compare(old: bedrockModel, new: edited)
        let kinds = report.operations.first { $0.name == "GetImportedModel" }?.changes.map(\.kind) ?? []
        #expect(kinds.contains(.errorAdded) && kinds.contains(.httpBindingChanged))
        #expect(report.documentationOnly.map(\.name) == ["ListImportedModels"])
        #expect(report.updated.map(\.name) == ["GetImportedModel"])
    }

    @Test("changes inside recursive shapes are found and the comparison terminates")
    func recursive() throws {
        func model(_ extra: Bool) throws -> ServiceModel {
            var nodeMembers: [String: Any] = ["next": ["shape": "Node"], "children": ["shape": "NodeList"]]
            if extra { nodeMembers["label"] = ["shape": "S"] }
            return try smallModel(shapes: [
                "In": ["type": "structure", "members": ["root": ["shape": "Node"]]],
                "Node": ["type": "structure", "members": nodeMembers],
                "NodeList": ["type": "list", "member": ["shape": "Node"]],
                "S": ["type": "string"],
            ])
        }
        let report = ModelDiff.compare(old: try model(false), new: try model(true))
        #expect(report.operations.first?.changes.map(\.path) == ["root.label"])
        #expect(report.operations.first?.syntax["request"]?.pythonLiteral() == "{'root': {'label': 'string'}}")
    }
}
