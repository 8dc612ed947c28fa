import AWSCodegen
import AWSModel
import Foundation
import Testing

@Suite("Generated code for GetImportedModel matches the golden files")
struct GoldenTests {
    static let goldenFolder = packageRoot.appendingPathComponent("Tests/AWSCodegenTests/Golden/GetImportedModel")

    @Test("every file is byte-identical to its golden copy (refresh with scripts/update-golden.sh)")
    func golden() throws {
        let files = try CodeGenerator.generate(
            model: bedrockModel, options: GeneratorOptions(operations: ["GetImportedModel"]), modelDisplayPath: bedrockDisplayPath
        )
        #expect(files.map(\.name) == GeneratorOptions.outputFileNames)
        try Self.compare(files, withGoldenFolder: Self.goldenFolder)
    }

    /// Records an issue, with the first differing line, for each file that is not byte-identical to its golden copy.
    static func compare(_ files: [GeneratedFile], withGoldenFolder folder: URL) throws {
        for file in files {
            let goldenPath = folder.appendingPathComponent(file.name).path
            let golden = try String(contentsOfFile: goldenPath, encoding: .utf8)
            if golden != file.contents {
                let generatedLines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
                let goldenLines = golden.split(separator: "\n", omittingEmptySubsequences: false)
                let line = Array(zip(generatedLines, goldenLines)).firstIndex { $0 != $1 } ?? min(generatedLines.count, goldenLines.count)
                Issue.record("""
                    \(folder.lastPathComponent)/\(file.name) differs from its golden file at line \(line + 1):
                      generated: \(line < generatedLines.count ? String(generatedLines[line]) : "<end of file>")
                      golden:    \(line < goldenLines.count ? String(goldenLines[line]) : "<end of file>")
                    If the change is intended, run scripts/update-golden.sh and review the diff.
                    """)
            }
        }
    }

    /// One small model (`Golden/Protocols/models/weather-<protocol>.json`: a labelled, queried and
    /// header-bound input; a list, a map, a union, timestamps and a modelled error in the output),
    /// its metadata varied per protocol: what each protocol changes in the generated code is the diff
    /// between two of these folders.
    @Test("each protocol's small model generates its golden files", arguments: ["rest-json", "rest-xml", "json", "query", "ec2", "smithy-rpc-v2-cbor"])
    func goldenPerProtocol(protocolName: String) throws {
        let model = "Tests/AWSCodegenTests/Golden/Protocols/models/weather-\(protocolName).json"
        let loaded = try ModelLoader.load(servicePath: packageRoot.appendingPathComponent(model).path)
        #expect(loaded.metadata.protocolName == protocolName)
        let files = try CodeGenerator.generate(model: loaded, modelDisplayPath: model)
        try Self.compare(files, withGoldenFolder: packageRoot.appendingPathComponent("Tests/AWSCodegenTests/Golden/Protocols/\(protocolName)"))
    }

    /// GetImportedModel from Bedrock's Smithy JSON AST pins the Smithy loader's output as the
    /// botocore golden pins the botocore loader's (the two differ where the forms do: enum order,
    /// documentation of the older snapshot).
    @Test("GetImportedModel from the Smithy model matches its golden files")
    func goldenFromSmithy() throws {
        let model = "api-models/smithy/bedrock-2023-04-20.json.gz"
        let files = try CodeGenerator.generate(
            model: try ModelLoader.load(servicePath: packageRoot.appendingPathComponent(model).path),
            options: GeneratorOptions(operations: ["GetImportedModel"]), modelDisplayPath: model
        )
        try Self.compare(files, withGoldenFolder: packageRoot.appendingPathComponent("Tests/AWSCodegenTests/Golden/SmithyGetImportedModel"))
    }

    /// Waiters and paginators: IAM (query; a typed token with `more_results`; waiters on a status
    /// and an error code) and S3 (rest-xml; two tokens and an expression token read by JMESPath;
    /// waiters on statuses).
    @Test("waiters and paginators are byte-identical to their golden copies", arguments: [
        ("IAMWaitersAndPaginators", "api-models/iam/2010-05-08/service-2.json", ["GetRole", "GetUser", "ListRoles"]),
        ("S3WaitersAndPaginators", "api-models/s3/2006-03-01/service-2.json", ["HeadObject", "ListObjects", "ListObjectVersions"]),
    ])
    func goldenWaitersAndPaginators(folder: String, model: String, operations: [String]) throws {
        let files = try CodeGenerator.generate(
            model: try ModelLoader.load(servicePath: packageRoot.appendingPathComponent(model).path),
            options: GeneratorOptions(operations: operations), modelDisplayPath: model
        )
        for file in files where file.name == "Generated.Waiters.swift" || file.name == "Generated.Paginators.swift" {
            let golden = try String(contentsOfFile: packageRoot.appendingPathComponent("Tests/AWSCodegenTests/Golden/\(folder)/\(file.name)").path, encoding: .utf8)
            #expect(golden == file.contents, "\(folder)/\(file.name) differs: if the change is intended, run scripts/update-golden.sh and review the diff")
        }
    }

    @Test("the operations filter keeps only the closure of GetImportedModel")
    func operationsFilter() throws {
        let files = try CodeGenerator.generate(model: bedrockModel, options: GeneratorOptions(operations: ["GetImportedModel"]))
        let text = joined(files)
        let types = text.split(separator: "\n").filter { $0.hasPrefix("public struct ") || $0.hasPrefix("public indirect enum ") }
        #expect(types.count == 11)
        #expect(text.contains("public func getImportedModel("))
        #expect(!text.contains("public func listImportedModels("))
        #expect(!text.contains("CustomModelSummary"))
    }

    @Test("GetImportedModel's response has customModelUnits with Int? and String? members")
    func customModelUnits() throws {
        let text = joined(try CodeGenerator.generate(model: bedrockModel, options: GeneratorOptions(operations: ["GetImportedModel"])))
        #expect(text.contains("public let customModelUnits: CustomModelUnits?"))
        #expect(text.contains("public let customModelUnitsPerModelCopy: Swift.Int?"))
        #expect(text.contains("public let customModelUnitsVersion: Swift.String?"))
        #expect(text.contains(#"self.customModelUnits = try r.optional("customModelUnits")"#))
    }

    @Test("an unknown operation in the filter is an error naming it")
    func unknownOperation() {
        #expect(throws: CodegenError.self) {
            try CodeGenerator.generate(model: bedrockModel, options: GeneratorOptions(operations: ["GetImportedModel", "NoSuchOperation"]))
        }
    }

    @Test("the same model gives byte-identical output, from JSON or YAML")
    func determinism() throws {
        let first = try CodeGenerator.generate(model: bedrockModel, modelDisplayPath: bedrockDisplayPath)
        let second = try CodeGenerator.generate(model: try ModelLoader.load(servicePath: bedrockModelPath), modelDisplayPath: bedrockDisplayPath)
        #expect(first == second)
        // The same model as YAML.
        let yamlText = try YAMLText.from(jsonData: Data(contentsOf: URL(fileURLWithPath: bedrockModelPath)))
        let folder = URL(fileURLWithPath: bedrockModelPath).deletingLastPathComponent()
        let paginatorsPath = folder.appendingPathComponent("paginators-1.json").path
        let ruleSetPath = folder.appendingPathComponent("endpoint-rule-set-1.json").path
        let yamlModel = try ModelLoader.load(
            serviceData: Data(yamlText.utf8), servicePath: "service-2.yaml",
            paginators: (paginatorsPath, try Data(contentsOf: URL(fileURLWithPath: paginatorsPath))),
            endpointRuleSet: (ruleSetPath, try Data(contentsOf: URL(fileURLWithPath: ruleSetPath)))
        )
        let fromYAML = try CodeGenerator.generate(model: yamlModel, modelDisplayPath: bedrockDisplayPath)
        #expect(fromYAML == first)
    }

    @Test("access modifier and config choices shape the output")
    func accessModifier() throws {
        let files = try CodeGenerator.generate(
            model: bedrockModel,
            options: GeneratorOptions(operations: ["GetImportedModel"], accessModifier: .package, generateClient: false)
        )
        let text = joined(files)
        #expect(!text.contains("public "))
        #expect(text.contains("package struct GetImportedModelResponse"))
        #expect(!text.contains("BedrockClient"))
        #expect(files.count == GeneratorOptions.outputFileNames.count)
    }
}

/// Writes a JSON document as YAML block text with YAML's own quoting (JSON is YAML, but this
/// exercises the YAML reader on a real model).
enum YAMLText {
    static func from(jsonData: Data) throws -> String {
        let value = try JSONDecoder().decode(RawAnyJSON.self, from: jsonData)
        var output = ""
        write(value, indent: 0, into: &output)
        return output
    }

    static func quote(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x85 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result + "\""
    }

    static func write(_ value: RawAnyJSON, indent: Int, into output: inout String) {
        let pad = String(repeating: "  ", count: indent)
        switch value {
        case .object(let dictionary):
            if dictionary.isEmpty { output += " {}\n"; return }
            output += "\n"
            for key in dictionary.keys.sorted() {
                output += pad + quote(key) + ":"
                write(dictionary[key]!, indent: indent + 1, into: &output)
            }
        case .array(let array):
            if array.isEmpty { output += " []\n"; return }
            output += "\n"
            for element in array {
                output += pad + "-"
                write(element, indent: indent + 1, into: &output)
            }
        case .string(let string):
            output += " " + quote(string) + "\n"
        case .number(let number):
            output += number == number.rounded() && abs(number) < 1e15 ? " \(Int64(number))\n" : " \(number)\n"
        case .bool(let bool):
            output += bool ? " true\n" : " false\n"
        case .null:
            output += " null\n"
        }
    }
}
