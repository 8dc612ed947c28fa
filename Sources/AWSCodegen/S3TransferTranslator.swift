import AWSModel

/// For S3, the glue between the runtime's transfer manager (`AWSS3TransferManager`, where the
/// multipart and ranged-download logic lives) and this module's own types: `S3Client.transfer()`
/// and a small `AWSS3TransferOperations` conformance that maps each call to the generated input
/// and output. Generated only when the model is S3 and every operation the manager calls is in
/// scope with the members it uses; otherwise nothing (an S3 client filtered to a few operations
/// simply has no `transfer()`).
struct S3TransferTranslator {
    let context: GenerationContext
    private var model: ServiceModel { context.model }

    /// The operations the transfer manager calls, by model name.
    static let operationNames = [
        "CreateMultipartUpload", "UploadPart", "CompleteMultipartUpload", "AbortMultipartUpload", "PutObject", "HeadObject", "GetObject",
    ]
    /// The output members that carry a checksum, by the runtime's algorithm name.
    static let checksumMembers: [(algorithm: String, member: String)] = [
        ("crc32", "ChecksumCRC32"), ("crc32c", "ChecksumCRC32C"), ("crc64nvme", "ChecksumCRC64NVME"), ("sha1", "ChecksumSHA1"), ("sha256", "ChecksumSHA256"),
    ]

    func declarations() -> [SwiftDecl] {
        guard model.metadata.serviceId == "S3", context.options.generateClient else { return [] }
        let operations = Dictionary(context.operations.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        guard Self.operationNames.allSatisfy({ operations[$0] != nil }) else { return [] }
        do {
            return try generate(operations)
        } catch {
            // A model whose S3 operations lack a member the manager needs: no transfer(), rather than code that does not compile.
            return []
        }
    }

    private struct Missing: Error {}

    private func generate(_ operations: [String: Operation]) throws -> [SwiftDecl] {
        let access = context.access
        let adapter = context.clientName + "TransferOperations"
        func shapeNames(_ name: String) throws -> (input: String, output: String?) {
            guard let operation = operations[name], let input = operation.input else { throw Missing() }
            return (input.shapeName, operation.output?.shapeName)
        }
        // Each call: `let output = try await client.method(Input(...))`, then what to return.
        func call(_ operation: String, _ values: [String: SwiftExpr]) throws -> SwiftExpr {
            let (input, _) = try shapeNames(operation)
            guard let method = operations[operation].map({ Naming.operationName($0.name) }) else { throw Missing() }
            return .try(.await(.call(.identifier("client." + method), [SwiftArgument(nil, try initializer(input, values))])))
        }
        func output(_ operation: String, _ member: String) throws -> SwiftExpr {
            let (_, outputShape) = try shapeNames(operation)
            guard let shape = outputShape else { throw Missing() }
            let names = try context.memberNames(of: shape)
            guard let name = names[member] else { throw Missing() }
            return .identifier("output." + Naming.escaped(name))
        }
        func checksums(_ operation: String) throws -> SwiftExpr {
            .dictionary(try Self.checksumMembers.map { (key: .dot($0.algorithm), value: try output(operation, $0.member)) })
        }
        let object = SwiftExpr.identifier("object")
        let bucket = SwiftExpr.member(object, "bucket"), key = SwiftExpr.member(object, "key")
        let algorithm = SwiftExpr.identifier("object.checksumAlgorithm.rawValue")
        func function(_ name: String, _ parameters: [SwiftParameter], returns: String?, _ body: [SwiftStatement]) -> SwiftDecl {
            .function(SwiftFunctionDecl(
                kind: .function(name: name), parameters: parameters, isAsync: true, isThrows: true, returnType: returns, body: body
            ))
        }
        let objectParameter = SwiftParameter(label: "_", name: "object", type: "AWSRuntime.AWSS3TransferObject")
        let uploadID = SwiftParameter(label: "uploadID", name: "uploadID", type: "Swift.String")
        let members: [SwiftDecl] = [
            .property(SwiftPropertyDecl(isLet: true, name: "client", type: context.clientName)),
            function("createMultipartUpload", [objectParameter], returns: "Swift.String", [
                .declare(isLet: true, name: "output", type: nil, value: try call("CreateMultipartUpload", [
                    "Bucket": bucket, "Key": key, "ChecksumAlgorithm": algorithm, "ContentType": .member(object, "contentType"),
                ])),
                .ifLet(name: "uploadID", value: try output("CreateMultipartUpload", "UploadId"), then: [.return(.identifier("uploadID"))]),
                .throw(.call(.identifier("AWSRuntime.AWSClientError"), [
                    SwiftArgument(nil, .dot("invalidResponse")), SwiftArgument(nil, .string("CreateMultipartUpload returned no UploadId")),
                ])),
            ]),
            function("uploadPart", [
                objectParameter, uploadID,
                SwiftParameter(label: "partNumber", name: "partNumber", type: "Swift.Int"),
                SwiftParameter(label: "body", name: "body", type: "AWSRuntime.AWSByteStream"),
            ], returns: "AWSRuntime.AWSS3UploadedPart", [
                .declare(isLet: true, name: "output", type: nil, value: try call("UploadPart", [
                    "Bucket": bucket, "Key": key, "UploadId": .identifier("uploadID"), "PartNumber": .identifier("partNumber"),
                    "Body": .identifier("body"), "ChecksumAlgorithm": algorithm,
                ])),
                .return(.call(.identifier("AWSRuntime.AWSS3UploadedPart"), [
                    SwiftArgument("partNumber", .identifier("partNumber")), SwiftArgument("eTag", try output("UploadPart", "ETag")),
                    SwiftArgument("checksumAlgorithm", .identifier("object.checksumAlgorithm")), SwiftArgument("checksums", try checksums("UploadPart")),
                ])),
            ]),
            function("completeMultipartUpload", [
                objectParameter, uploadID, SwiftParameter(label: "parts", name: "parts", type: "[AWSRuntime.AWSS3UploadedPart]"),
            ], returns: "AWSRuntime.AWSS3UploadResult", [
                .declare(isLet: true, name: "completed", type: nil, value: .call(.identifier("parts.map"), [SwiftArgument(nil, .closure(params: ["part"], body: [
                    .return(try initializer("CompletedPart", Dictionary(uniqueKeysWithValues: Self.checksumMembers.map {
                        ($0.member, SwiftExpr.call(.identifier("part.checksum"), [SwiftArgument(nil, .dot($0.algorithm))]))
                    }).merging(["ETag": .identifier("part.eTag"), "PartNumber": .identifier("part.partNumber")]) { first, _ in first })),
                ]))])),
                .declare(isLet: true, name: "output", type: nil, value: try call("CompleteMultipartUpload", [
                    "Bucket": bucket, "Key": key, "UploadId": .identifier("uploadID"),
                    "MultipartUpload": try initializer("CompletedMultipartUpload", ["Parts": .identifier("completed")]),
                ])),
                .return(try result("CompleteMultipartUpload", parts: .identifier("parts.count"), output: output, checksums: checksums)),
            ]),
            function("abortMultipartUpload", [objectParameter, uploadID], returns: nil, [
                .assign(.identifier("_"), try call("AbortMultipartUpload", ["Bucket": bucket, "Key": key, "UploadId": .identifier("uploadID")])),
            ]),
            function("putObject", [objectParameter, SwiftParameter(label: "body", name: "body", type: "AWSRuntime.AWSByteStream")], returns: "AWSRuntime.AWSS3UploadResult", [
                .declare(isLet: true, name: "output", type: nil, value: try call("PutObject", [
                    "Bucket": bucket, "Key": key, "Body": .identifier("body"), "ChecksumAlgorithm": algorithm, "ContentType": .member(object, "contentType"),
                ])),
                .return(try result("PutObject", parts: .int(1), output: output, checksums: checksums)),
            ]),
            function("headObject", [
                SwiftParameter(label: "bucket", name: "bucket", type: "Swift.String"), SwiftParameter(label: "key", name: "key", type: "Swift.String"),
            ], returns: "AWSRuntime.AWSS3ObjectInfo", [
                .declare(isLet: true, name: "output", type: nil, value: try call("HeadObject", ["Bucket": .identifier("bucket"), "Key": .identifier("key")])),
                .return(.call(.identifier("AWSRuntime.AWSS3ObjectInfo"), [
                    SwiftArgument("size", .call(.identifier("Swift.Int"), [SwiftArgument(nil, .binary(try output("HeadObject", "ContentLength"), "??", .int(0)))])),
                    SwiftArgument("eTag", try output("HeadObject", "ETag")),
                ])),
            ]),
            function("getObject", [
                SwiftParameter(label: "bucket", name: "bucket", type: "Swift.String"), SwiftParameter(label: "key", name: "key", type: "Swift.String"),
                SwiftParameter(label: "range", name: "range", type: "Swift.String?"), SwiftParameter(label: "ifMatch", name: "ifMatch", type: "Swift.String?"),
            ], returns: "AWSRuntime.AWSByteStream", [
                .declare(isLet: true, name: "output", type: nil, value: try call("GetObject", [
                    "Bucket": .identifier("bucket"), "Key": .identifier("key"), "Range": .identifier("range"), "IfMatch": .identifier("ifMatch"),
                ])),
                .return(try output("GetObject", "Body")),
            ]),
        ]
        return [
            .type(SwiftTypeDecl(kind: .extension, name: context.clientName, members: [
                .function(SwiftFunctionDecl(
                    doc: SwiftDoc([
                        "Uploads and downloads of files and streams of any size through this client: multipart uploads in",
                        "parallel parts with a checksum each (aborted on failure or cancellation), downloads in parallel",
                        "ranged GETs; see `AWSRuntime.AWSS3TransferManager`.",
                    ]),
                    access: access, kind: .function(name: "transfer"),
                    parameters: [SwiftParameter(label: "options", name: "options", type: "AWSRuntime.AWSS3TransferOptions", defaultValue: .call(.identifier("AWSRuntime.AWSS3TransferOptions"), []))],
                    returnType: "AWSRuntime.AWSS3TransferManager",
                    body: [.return(.call(.identifier("AWSRuntime.AWSS3TransferManager"), [
                        SwiftArgument("operations", .call(.identifier(adapter), [SwiftArgument("client", .identifier("self"))])),
                        SwiftArgument("options", .identifier("options")),
                    ]))]
                )),
            ])),
            .type(SwiftTypeDecl(
                doc: SwiftDoc(["The S3 calls of `AWSRuntime.AWSS3TransferManager`, made with this module's types."]),
                kind: .struct, name: adapter, conformances: ["AWSRuntime.AWSS3TransferOperations"], members: members
            )),
        ]
    }

    /// `AWSS3UploadResult` from an output with `ETag`, `VersionId` and the checksum members.
    private func result(
        _ operation: String, parts: SwiftExpr, output: (String, String) throws -> SwiftExpr, checksums: (String) throws -> SwiftExpr
    ) throws -> SwiftExpr {
        .call(.identifier("AWSRuntime.AWSS3UploadResult"), [
            SwiftArgument("eTag", try output(operation, "ETag")),
            SwiftArgument("versionID", try output(operation, "VersionId")),
            SwiftArgument("checksumAlgorithm", .identifier("object.checksumAlgorithm")),
            SwiftArgument("checksums", try checksums(operation)),
            SwiftArgument("parts", parts),
        ])
    }

    /// `Shape(member: value, ...)` in the memberwise initializer's order, string enums made from
    /// their raw value; every required member must have a value.
    private func initializer(_ shapeName: String, _ values: [String: SwiftExpr]) throws -> SwiftExpr {
        guard let info = model.shape(named: shapeName).structure, let typeName = context.typeNames[shapeName] else { throw Missing() }
        let names = try context.memberNames(of: shapeName)
        guard values.keys.allSatisfy({ info.member(named: $0) != nil }) else { throw Missing() }
        let ordered = info.members.filter { context.isNonOptional($0, in: shapeName) } + info.members.filter { !context.isNonOptional($0, in: shapeName) }
        var arguments: [SwiftArgument] = []
        for member in ordered {
            guard var value = values[member.name] else {
                if context.isNonOptional(member, in: shapeName) { throw Missing() }
                continue
            }
            if case .string(let enumValues?) = model.shape(named: member.shapeName).kind, !enumValues.isEmpty {
                value = .call(.identifier(context.swiftType(member.reference)), [SwiftArgument("rawValue", value)])
            }
            arguments.append(SwiftArgument(names[member.name]!, value))
        }
        return .call(.identifier(typeName), arguments)
    }
}
