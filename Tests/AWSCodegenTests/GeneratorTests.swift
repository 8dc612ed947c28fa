@testable import AWSCodegen
import AWSModel
import Foundation
import Testing

@Suite("Generator behaviour")
struct GeneratorTests {
    @Test("a structure with 10,000 members generates quickly and completely")
    func hugeStructure() throws {
        var members: [String: Any] = [:]
        for index in 0..<10_000 { members["member\(index)"] = ["shape": "S"] }
        let model = try smallModel(shapes: ["In": ["type": "structure", "members": members], "S": ["type": "string"]])
        let start = ContinuousClock.now
        let files = try CodeGenerator.generate(model: model)
        #expect(ContinuousClock.now - start < .seconds(30))
        let text = joined(files)
        #expect(text.contains("public let member9999: Swift.String?"))
        #expect(text.components(separatedBy: "w.put(").count - 1 == 10_000)
    }

    @Test("an output event stream becomes an enum of its events and an AWSEventStream member, read through executeStreaming")
    func outputEventStream() throws {
        let model = try smallModel(shapes: [
            "In": ["type": "structure", "members": ["Id": ["shape": "S"]]],
            "Out": ["type": "structure", "members": ["Stream": ["shape": "Events"]], "payload": "Stream"],
            "Events": ["type": "structure", "eventstream": true, "members": [
                "Chunk": ["shape": "Chunk"], "Boom": ["shape": "Boom"],
            ]],
            "Chunk": ["type": "structure", "event": true, "members": [
                "Bytes": ["shape": "B", "eventpayload": true], "Seq": ["shape": "S", "eventheader": true],
            ]],
            "Boom": ["type": "structure", "exception": true, "members": ["message": ["shape": "S"]]],
            "S": ["type": "string"], "B": ["type": "blob"],
        ], output: "Out")
        let text = joined(try CodeGenerator.generate(model: model))
        #expect(text.contains("public indirect enum Events: AWSRuntime.AWSShape, AWSRuntime.AWSEventStreamUnion"))
        #expect(text.contains("case chunk(Chunk)"))
        #expect(!text.contains("case boom("), "an exception member is thrown, not yielded")
        #expect(text.contains("return try d.error(Boom.self, message)"))
        #expect(text.contains("public let stream: AWSRuntime.AWSEventStream<Events>"))
        #expect(text.contains("self.stream = try r.eventStream()"))
        #expect(text.contains("try await client.executeStreaming("))
        #expect(!text.contains("unavailable"))
        // The event's payload and header members bind to the message's payload and headers.
        #expect(text.contains("self.bytes = try r.optionalPayload(\"Bytes\")"))
        #expect(text.contains("self.seq = try r.optionalHeader(\"Seq\", \"Seq\")"))
    }

    @Test("an input event stream becomes an enum of its events that writes each as a message, and the input member an AWSEventStream sent as the body")
    func inputEventStream() throws {
        let model = try smallModel(shapes: [
            "In": ["type": "structure", "members": ["Stream": ["shape": "Events"]], "payload": "Stream", "required": ["Stream"]],
            "Events": ["type": "structure", "eventstream": true, "members": ["Chunk": ["shape": "Chunk"]]],
            "Chunk": ["type": "structure", "event": true, "members": ["Bytes": ["shape": "S", "eventpayload": true]]],
            "S": ["type": "string"],
        ])
        let text = joined(try CodeGenerator.generate(model: model))
        #expect(text.contains("public indirect enum Events: AWSRuntime.AWSShape, AWSRuntime.AWSEventStreamInputUnion"))
        #expect(text.contains("return try e.message(\"Chunk\", value)"))
        #expect(text.contains("public let stream: AWSRuntime.AWSEventStream<Events>"))
        #expect(text.contains("w.eventStream(\"Stream\", self.stream)"))
        #expect(!text.contains("unavailable"))
    }

    @Test("a streaming payload is an AWSByteStream (streaming on the member or on the blob): an output's is read as it arrives, an input's is sent as it is read, and also taken as Data")
    func outputStreamingPayload() throws {
        for (reference, blob) in [(["shape": "B", "streaming": true], ["type": "blob"]), (["shape": "B"], ["type": "blob", "streaming": true])] as [([String: Any], [String: Any])] {
            let model = try smallModel(shapes: [
                "In": ["type": "structure", "members": ["Upload": reference], "payload": "Upload"],
                "Out": ["type": "structure", "members": ["Body": reference, "Length": ["shape": "L", "location": "header", "locationName": "Content-Length"]], "payload": "Body"],
                "B": blob, "L": ["type": "long"],
            ], output: "Out")
            let text = joined(try CodeGenerator.generate(model: model))
            #expect(text.contains("public let body: AWSRuntime.AWSByteStream\n"))
            #expect(text.contains("self.body = try r.byteStream(\"Body\")"))
            #expect(text.contains("w.byteStream(\"Body\", self.body)"))
            #expect(text.contains("streamsOutputPayload: true"))
            #expect(text.contains("try await client.executeStreaming("))
            #expect(text.contains("public let upload: AWSRuntime.AWSByteStream?"), "an input's stream: bytes, a file or a stream")
            #expect(text.contains("w.payload(\"Upload\", self.upload)"))
            // The Data overloads that keep `upload: someData` compiling, on the input and the method.
            #expect(text.contains("public init(upload: Foundation.Data) {\n        self.init(upload: AWSRuntime.AWSByteStream(upload))"))
            #expect(text.contains("public func op(upload: Foundation.Data) async throws -> Out {\n        return try await self.op(upload: AWSRuntime.AWSByteStream(upload))"))
        }
    }

    @Test("S3 gets transfer() when every operation the transfer manager calls is generated, and none when the operations filter leaves one out")
    func s3Transfer() throws {
        let s3 = try ModelLoader.load(servicePath: packageRoot.appendingPathComponent("api-models/s3/2006-03-01/service-2.json").path)
        let all = ["CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload", "PutObject", "HeadObject", "GetObject"]
        let text = joined(try CodeGenerator.generate(model: s3, options: GeneratorOptions(operations: all)))
        #expect(text.contains("public func transfer(options: AWSRuntime.AWSS3TransferOptions = AWSRuntime.AWSS3TransferOptions()) -> AWSRuntime.AWSS3TransferManager {"))
        #expect(text.contains("struct S3ClientTransferOperations: AWSRuntime.AWSS3TransferOperations {"))
        // Each part's checksum goes back in the CompletedPart member of its algorithm.
        #expect(text.contains("CompletedPart(checksumCRC32: part.checksum(.crc32), checksumCRC32C: part.checksum(.crc32c)"))
        let partial = joined(try CodeGenerator.generate(model: s3, options: GeneratorOptions(operations: all.filter { $0 != "AbortMultipartUpload" })))
        #expect(!partial.contains("func transfer("))
    }

    @Test("S3's Expires header, where a model types it as a timestamp, is read leniently (nil when not a date), as botocore reads it")
    func lenientExpires() throws {
        var model = try smallModel(shapes: [
            "In": ["type": "structure", "members": ["Id": ["shape": "S"]]],
            "Out": ["type": "structure", "members": [
                "Expires": ["shape": "T", "location": "header", "locationName": "Expires"],
                "LastModified": ["shape": "T", "location": "header", "locationName": "Last-Modified"],
            ]],
            "S": ["type": "string"], "T": ["type": "timestamp"],
        ], output: "Out")
        #expect(!joined(try CodeGenerator.generate(model: model)).contains("r.lenientHeader"), "only S3")
        model.metadata.serviceId = "S3"
        let text = joined(try CodeGenerator.generate(model: model))
        #expect(text.contains("self.expires = try r.lenientHeader(\"Expires\", \"Expires\")"))
        #expect(text.contains("self.lastModified = try r.optionalHeader(\"LastModified\", \"Last-Modified\")"))
    }

    @Test("members that collide after naming are an error naming both")
    func memberCollision() throws {
        let model = try smallModel(shapes: ["In": ["type": "structure", "members": ["Name": ["shape": "S"], "name": ["shape": "S"]]], "S": ["type": "string"]])
        #expect {
            try CodeGenerator.generate(model: model)
        } throws: { error in
            "\(error)".contains("$.shapes.In.members.name") && "\(error)".contains("'Name' and 'name'")
        }
    }

    @Test("types that collide after naming are an error")
    func typeCollision() throws {
        let model = try smallModel(shapes: [
            "In": ["type": "structure", "members": ["a": ["shape": "Foo_Bar"], "b": ["shape": "FooBar"]]],
            "Foo_Bar": ["type": "structure", "members": [:]], "FooBar": ["type": "structure", "members": [:]],
        ])
        #expect(throws: CodegenError.self) { try CodeGenerator.generate(model: model) }
    }

    @Test("mutually recursive structures are boxed, unions are indirect")
    func recursion() throws {
        let model = try smallModel(shapes: [
            "In": ["type": "structure", "members": ["a": ["shape": "A"], "u": ["shape": "U"]]],
            "A": ["type": "structure", "members": ["b": ["shape": "B"], "list": ["shape": "AList"]]],
            "B": ["type": "structure", "members": ["a": ["shape": "A"]]],
            "AList": ["type": "list", "member": ["shape": "A"]],
            "U": ["type": "structure", "union": true, "members": ["u": ["shape": "U"], "s": ["shape": "S"]]],
            "S": ["type": "string"],
        ])
        let text = joined(try CodeGenerator.generate(model: model))
        #expect(text.contains("@AWSRuntime.Boxed public internal(set) var b: B?"))
        #expect(text.contains("@AWSRuntime.Boxed public internal(set) var a: A?"))
        #expect(text.contains("public let list: [A]?"))  // arrays already break the cycle
        #expect(text.contains("public indirect enum U"))
    }

    @Test("generated files are the fixed set whatever the model holds")
    func fixedFileSet() throws {
        let model = try smallModel(shapes: ["In": ["type": "structure", "members": [:]]])
        let files = try CodeGenerator.generate(model: model)
        #expect(files.map(\.name) == GeneratorOptions.outputFileNames)
        for file in files { #expect(file.contents.hasPrefix("// Generated by aws-codegen")) }
        #expect(GenerationContext.fileIndex(for: "GetImportedModelResponse") == GenerationContext.fileIndex(for: "GetImportedModelResponse"))
    }
}

@Suite("Config files")
struct ConfigTests {
    @Test("a config with every key")
    func fullConfig() throws {
        let config = try GeneratorConfig.parse("""
            model: ../models/service-2.json
            operations: [GetImportedModel, ListImportedModels]
            accessModifier: internal
            generate: [types]
            """, file: "aws-codegen-config.yaml")
        #expect(config.model == "../models/service-2.json")
        #expect(config.options.operations == ["GetImportedModel", "ListImportedModels"])
        #expect(config.options.accessModifier == .internal)
        #expect(!config.options.generateClient)
    }

    @Test("unknown keys and bad values are errors that say what is allowed", arguments: [
        ("operation: [X]", "unknown key 'operation'"),
        ("accessModifier: open", "'accessModifier' must be one of public, package, internal"),
        ("operations: GetImportedModel", "'operations' must be a list"),
        ("generate: [client]", "'generate' must be a list of types, client, paginators, waiters that includes types"),
        ("- just\n- a list", "the config must be a mapping"),
        ("model: [", "not valid YAML"),
    ])
    func badConfig(text: String, message: String) {
        #expect {
            _ = try GeneratorConfig.parse(text, file: "cfg.yaml")
        } throws: { error in
            "\(error)".contains("cfg.yaml") && "\(error)".contains(message)
        }
    }
}

@Suite("Writing output")
struct OutputWriterTests {
    func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "aws-codegen-test-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("writes only changed files, removes its stale files, keeps the user's")
    func incremental() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let header = "// Generated by aws-codegen test\n"
        let first = [GeneratedFile(name: "A.swift", contents: header + "a"), GeneratedFile(name: "B.swift", contents: header + "b")]
        #expect(try OutputWriter.write(first, to: folder).written == ["A.swift", "B.swift"])
        try "// mine".write(toFile: folder + "/Mine.swift", atomically: true, encoding: .utf8)
        let second = [GeneratedFile(name: "A.swift", contents: header + "a2")]
        let report = try OutputWriter.write(second, to: folder)
        #expect(report.written == ["A.swift"])
        #expect(report.removed == ["B.swift"])
        #expect(FileManager.default.fileExists(atPath: folder + "/Mine.swift"))
        let third = try OutputWriter.write(second, to: folder)
        #expect(third.written.isEmpty && third.unchanged == ["A.swift"])
    }

    @Test("the CLI leaves the output folder untouched when a model is bad")
    func cliBadModel() throws {
        let tool = packageRoot.appendingPathComponent(".build/debug/aws-codegen").path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "build aws-codegen first (swift build)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "keep".write(toFile: folder + "/existing.txt", atomically: true, encoding: .utf8)
        let bad = folder + "/bad.json"
        try #"{"metadata": {"apiVersion": "1", "endpointPrefix": "x", "protocol": "rest-json", "serviceId": "X"}, "operations": {}, "shapes": {"A": {"type": "structure", "members": {"b": {"shape": "Missing"}}}}}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try run(tool, ["generate", bad, "--output", folder + "/out"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.json: $.shapes.A.members.b.shape: refers to a shape named 'Missing' that does not exist"))
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))

        let good = try run(tool, ["generate", "--output", folder + "/out", "--operations", "GetImportedModel"])
        #expect(good.status == 0)
        #expect(good.stdout.contains("Bedrock: wrote 8"))
        let again = try run(tool, ["generate", "--output", folder + "/out", "--operations", "GetImportedModel"])
        #expect(again.stdout.contains("wrote 0, unchanged 8"))
    }

    @Test("the CLI generates from a Smithy model (gzip-compressed), and a bad one writes nothing")
    func cliSmithy() throws {
        let tool = packageRoot.appendingPathComponent(".build/debug/aws-codegen").path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "build aws-codegen first (swift build)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let smithy = packageRoot.appendingPathComponent("api-models/smithy/bedrock-2023-04-20.json.gz").path
        let good = try run(tool, ["generate", smithy, "--output", folder + "/good", "--operations", "GetImportedModel"])
        #expect(good.status == 0, "\(good.stderr)")
        #expect(good.stdout.contains("Bedrock: wrote 8"))
        let shapes = try (0..<4).map { try String(contentsOfFile: folder + "/good/Generated.Shapes.\($0).swift", encoding: .utf8) }.joined()
        #expect(shapes.contains("public struct CustomModelUnits"))

        let bad = folder + "/bad.json"
        try #"{"smithy": "2.0", "shapes": {"a.b#S": {"type": "service", "operations": [{"target": "a.b#Op"}]}, "a.b#Op": {"type": "operation", "input": {"target": "a.b#Gone"}}}}"#
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let result = try run(tool, ["generate", bad, "--output", folder + "/out"])
        #expect(result.status == 1)
        #expect(result.stderr.contains(#"bad.json: $.shapes["a.b#Op"].input.target: 'input' of 'a.b#Op' targets 'a.b#Gone', which is neither a shape of the model nor of Smithy's prelude"#), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/out"))
    }

    @Test("the CLI's diff reports the customModelUnits change and --fail-on breaking fails on a removed member")
    func cliDiff() throws {
        let tool = packageRoot.appendingPathComponent(".build/debug/aws-codegen").path
        try #require(FileManager.default.isExecutableFile(atPath: tool), "build aws-codegen first (swift build)")
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: bedrockModelPath))) as! [String: Any]
        editMembers(&json, "GetImportedModelResponse") { $0["customModelUnits"] = nil }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: folder + "/old.json"))
        let additive = try run(tool, ["diff", folder + "/old.json", bedrockModelPath, "--fail-on", "breaking"])
        #expect(additive.status == 0)
        #expect(additive.stdout.contains("GetImportedModel (updated) [additive]"))
        #expect(additive.stdout.contains("{'customModelUnits': {'customModelUnitsPerModelCopy': 'integer',"))

        editMembers(&json, "GetImportedModelResponse") { $0["modelName"] = nil }
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: folder + "/new.json"))
        let breaking = try run(tool, ["diff", bedrockModelPath, folder + "/new.json", "--fail-on", "breaking", "--format", "json"])
        #expect(breaking.status == 2)
        #expect(breaking.stderr.contains("breaking changes found"))
        #expect(breaking.stdout.contains(#""classification" : "breaking""#))
    }

    func run(_ tool: String, _ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), String(decoding: stderr, as: UTF8.self))
    }
}
