import ArgumentParser
import AWSCodegen
import AWSModel
import Foundation

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check that a model loads, resolves and generates, and report every problem.",
        discussion: """
            Exits with 0 and a summary when the model is valid, or 1 with one line per problem \
            (file, JSON path, message).

            Example:
              aws-codegen validate api-models/bedrock/2023-04-20/service-2.json
            """
    )

    @Argument(help: ArgumentHelp("The model file (service-2.json or .yaml). Default: the embedded Bedrock model.", valueName: "model"))
    var model: String?

    func run() throws {
        let path = model ?? EmbeddedModel.path
        do {
            let loaded = try ModelLoader.load(servicePath: path)
            _ = try CodeGenerator.generate(model: loaded)
            let shapes = loaded.shapes.count
            print("\(path): valid \(loaded.metadata.protocolName) model of \(loaded.metadata.serviceFullName) \(loaded.metadata.apiVersion): \(loaded.operations.count) operations, \(shapes) shapes, \(loaded.paginators.count) paginators")
        } catch {
            printError("\(error is ModelError ? "" : "error: ")\(error)")
            throw ExitCode.failure
        }
    }
}
