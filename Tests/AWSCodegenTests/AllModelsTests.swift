@testable import AWSCodegen
import AWSModel
import Foundation
import Testing
import TestSupport

/// botocore's service models, unpacked by `scripts/fetch-botocore-models.sh` (the test script does it);
/// nil when `AWS_CODEGEN_BOTOCORE_DATA` does not name such a folder.

let botocoreData: String? = {
    guard let path = ProcessInfo.processInfo.environment["AWS_CODEGEN_BOTOCORE_DATA"],
          FileManager.default.fileExists(atPath: path) else { return nil }
    return path
}()

@Suite("Every botocore model", .enabled(if: botocoreData != nil, "set AWS_CODEGEN_BOTOCORE_DATA (scripts/test.sh does)"))
struct AllModelsTests {
    /// The newest API version of each service.
    static func modelPaths() throws -> [String] {
        let root = try #require(botocoreData)
        var paths: [String] = []
        for service in try FileManager.default.contentsOfDirectory(atPath: root).sorted() {
            let folder = (root as NSString).appendingPathComponent(service)
            guard let version = try FileManager.default.contentsOfDirectory(atPath: folder).sorted(by: >).first else { continue }
            paths.append((folder as NSString).appendingPathComponent("\(version)/service-2.json"))
        }
        return paths
    }

    /// Standard types a generated type must not shadow, and properties every enum value has: written
    /// out here, apart from the generator's own lists, so the test checks the rule, not itself.
    static let shadowedTypeNames: Set<String> = [
        "ObjectIdentifier", "Range", "Substring", "Duration", "Actor", "Type", "Error", "Result", "Data", "Date", "URL", "UUID",
        "String", "Int", "Double", "Bool", "Array", "Dictionary", "Set", "Optional", "Task", "Sequence", "Decimal",
    ]
    static let misleadingConstantNames: Set<String> = ["hashValue", "description", "rawValue", "debugDescription", "knownValues"]

    @Test("all 424 load, and no two members, enum constants or types of a service collide after naming, and none shadows a standard name")
    func naming() async throws {
        let paths = try Self.modelPaths()
        #expect(paths.count == 424)
        let (problems, clientNames, serviceIds) = try await offCooperativePool { () -> ([String], [String], [String]) in
            var problems: [String] = []
            var clientNames: [String] = []
            var serviceIds: [String] = []
            for path in paths {
                let model: ServiceModel
                do { model = try ModelLoader.load(servicePath: path) } catch {
                    problems.append("\(error)")
                    continue
                }
                do {
                    // Type names are checked for collisions when the context is built.
                    let context = try GenerationContext(model: model, options: GeneratorOptions())
                    clientNames.append(context.clientName)
                    serviceIds.append(model.metadata.serviceId)
                    let serviceId = model.metadata.serviceId
                    if !context.clientName.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) || context.clientName.first!.isNumber {
                        problems.append("\(path): the client name \(context.clientName) is not an identifier")
                    }
                    // Every all-capitals word of the service id (an acronym) appears as written.
                    for word in serviceId.split(separator: " ") where word.count > 1 && !word.contains(where: \.isLowercase) {
                        if !context.clientName.contains(word) { problems.append("\(path): \(context.clientName) lost the acronym \(word)") }
                    }
                    if let legacy = context.legacyClientName, legacy != Naming.legacyClientName(serviceId: serviceId) {
                        problems.append("\(path): the deprecated alias \(legacy) is not the earlier name")
                    }
                    for name in context.generatedShapes {
                        let shape = model.shape(named: name)
                        if shape.structure != nil {
                            let names = try context.memberNames(of: name)
                            if Set(names.values).count != names.count { problems.append("\(path): \(name): member names collide") }
                        }
                        // Nothing reads as, or shadows, a name Swift developers know (the rename rules 5, 6 and 9).
                        let typeName = context.typeNames[name]!
                        if Self.shadowedTypeNames.contains(typeName) { problems.append("\(path): \(name): the type \(typeName) shadows a standard type") }
                        if let values = shape.enumValues {
                            let cases = Naming.enumCaseNames(values)
                            if Set(cases).count != cases.count { problems.append("\(path): \(name): enum constants collide") }
                            for constant in cases where Self.misleadingConstantNames.contains(constant) {
                                problems.append("\(path): \(name): the enum constant \(constant) reads as a property of every value")
                            }
                            // The deprecated aliases of renamed constants never take another constant's name.
                            let aliases = zip(Naming.legacyEnumCaseNames(values), cases).filter { $0 != $1 && !cases.contains($0) }.map(\.0)
                            if Set(aliases).count != aliases.count { problems.append("\(path): \(name): deprecated constant aliases collide") }
                            if cases.contains(where: { $0.isEmpty || $0.first!.isNumber }) { problems.append("\(path): \(name): an enum constant is not an identifier") }
                        }
                    }
                } catch {
                    problems.append("\(error)")
                }
            }
            return (problems, clientNames, serviceIds)
        }
        #expect(problems.isEmpty, "\(problems.prefix(20).joined(separator: "\n"))")
        // The renames users meet first: DynamoDB's key types, S3's object identifier (with its old name kept, deprecated).
        let dynamo = try GenerationContext(model: ModelLoader.load(servicePath: try #require(paths.first { $0.contains("/dynamodb/") })), options: GeneratorOptions())
        #expect(dynamo.typeNames["KeyType"] == "KeyType")
        #expect(Naming.enumCaseNames(["HASH", "RANGE"]) == ["hash", "range"])
        #expect(Naming.legacyEnumCaseNames(["HASH", "RANGE"]) == ["hashValue", "range"])
        let s3 = try GenerationContext(model: ModelLoader.load(servicePath: try #require(paths.first { $0.contains("/s3/") })), options: GeneratorOptions())
        #expect(s3.typeNames["ObjectIdentifier"] == "ObjectIdentifierShape")
        #expect(s3.legacyTypeNames["ObjectIdentifier"] == "ObjectIdentifier")
        #expect(s3.typeNames["Error"] == "ErrorShape" && s3.legacyTypeNames["Error"] == nil)
        // Two botocore services share a service id ("Pinpoint SMS Voice", versions 1 and 2): only those may share a name.
        #expect(Set(clientNames).count == Set(serviceIds).count, "two service ids would give the same client name")
        for expected in ["SQSClient", "STSClient", "SNSClient", "DynamoDBClient", "EC2Client", "BedrockRuntimeClient", "S3Client", "IAMClient"] {
            #expect(clientNames.contains(expected))
        }
    }
}
