import BedrockImported
import Foundation

/// With no arguments: decodes a sample GetImportedModel response and prints its fields.
/// With `--endpoint URL [--model-id ID]`: calls GetImportedModel there (credentials from the
/// environment or the shared files, region from AWS_REGION or the profile, us-east-1 otherwise).
let sample = #"""
{"modelArn":"arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl","modelName":"my-imported-model",
 "jobName":"import-job-1","jobArn":"arn:aws:bedrock:us-east-1:123456789012:model-import-job/abcdefghijkl",
 "modelDataSource":{"s3DataSource":{"s3Uri":"s3://my-bucket/model/"}},"creationTime":"2025-03-21T10:15:30Z",
 "modelArchitecture":"llama3","instructSupported":true,
 "customModelUnits":{"customModelUnitsPerModelCopy":2,"customModelUnitsVersion":"1.0"}}
"""#

func describe(_ response: GetImportedModelResponse) {
    print("modelName: \(response.modelName ?? "-")")
    print("modelArn: \(response.modelArn ?? "-")")
    print("modelArchitecture: \(response.modelArchitecture ?? "-")")
    print("instructSupported: \(response.instructSupported.map(String.init) ?? "-")")
    if case .s3DataSource(let source)? = response.modelDataSource { print("s3Uri: \(source.s3Uri)") }
    if let units = response.customModelUnits {
        print("customModelUnitsPerModelCopy: \(units.customModelUnitsPerModelCopy.map(String.init) ?? "-")")
        print("customModelUnitsVersion: \(units.customModelUnitsVersion ?? "-")")
    } else {
        print("customModelUnits: none")
    }
}

let arguments = CommandLine.arguments
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}

do {
    if let endpoint = option("--endpoint") {
        guard let url = URL(string: endpoint) else { throw ExampleError("not a URL: \(endpoint)") }
        var configuration = AWSClientConfiguration(endpoint: url)
        if configuration.resolvedRegion() == nil { configuration.region = "us-east-1" }
        let bedrock = BedrockClient(configuration: configuration)
        describe(try await bedrock.getImportedModel(modelIdentifier: option("--model-id") ?? "full"))
    } else {
        describe(try JSONDecoder().decode(GetImportedModelResponse.self, from: Data(sample.utf8)))
    }
} catch {
    FileHandle.standardError.write(Data("error: \(error)\n".utf8))
    exit(1)
}

struct ExampleError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
