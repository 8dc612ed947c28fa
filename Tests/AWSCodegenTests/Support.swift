import AWSCodegen
import AWSModel
import Foundation

/// The package checkout this test runs in.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let bedrockModelPath = packageRoot.appendingPathComponent("api-models/bedrock/2023-04-20/service-2.json").path
let bedrockDisplayPath = "api-models/bedrock/2023-04-20/service-2.json"

/// The Bedrock model, loaded once.
let bedrockModel: ServiceModel = {
    do { return try ModelLoader.load(servicePath: bedrockModelPath) } catch { fatalError("cannot load the Bedrock model: \(error)") }
}()

/// Generated files joined, for searching.
func joined(_ files: [GeneratedFile]) -> String { files.map(\.contents).joined(separator: "\n") }

/// A small rest-json model around one structure, for generator tests.
func smallModel(shapes: [String: Any], input: String = "In", output: String? = nil) throws -> ServiceModel {
    var operation: [String: Any] = ["name": "Op", "http": ["method": "POST", "requestUri": "/op"], "input": ["shape": input]]
    if let output { operation["output"] = ["shape": output] }
    let document: [String: Any] = [
        "metadata": ["apiVersion": "2020-01-01", "endpointPrefix": "small", "protocol": "rest-json", "serviceId": "Small", "serviceFullName": "Small Service"],
        "operations": ["Op": operation],
        "shapes": shapes,
    ]
    let data = try JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])
    return try ModelLoader.load(serviceData: data, servicePath: "small.json")
}
