import AWSModel

/// For S3, `S3Client.presignPost(bucket:key:...)`: a browser form upload signed ahead of time
/// (`AWSClient.presignPost`, where the policy and signature are made). The bucket's URL comes from
/// `CreateBucket`'s request, as botocore takes it, so it is generated when that operation is in scope.
struct S3PresignedPostTranslator {
    let context: GenerationContext

    func declarations() -> [SwiftDecl] {
        let model = context.model
        guard model.metadata.serviceId == "S3", context.options.generateClient,
              let createBucket = context.operations.first(where: { $0.name == "CreateBucket" }),
              let input = createBucket.input, let inputType = context.typeNames[input.shapeName],
              let bucketMember = model.shape(named: input.shapeName).structure?.member(named: "Bucket"),
              let names = try? context.memberNames(of: input.shapeName), let bucketName = names[bucketMember.name],
              model.shape(named: input.shapeName).structure?.members.allSatisfy({ $0.name == "Bucket" || !context.isNonOptional($0, in: input.shapeName) }) == true
        else { return [] }
        let method = Naming.operationName(createBucket.name)
        return [.type(SwiftTypeDecl(kind: .extension, name: context.clientName, members: [
            .function(SwiftFunctionDecl(
                doc: SwiftDoc([
                    "Presigns a browser form upload of `key` to `bucket` (botocore's `generate_presigned_post`): post the",
                    "returned fields, then the file, to the returned URL. See `AWSRuntime.AWSClient.presignPost`.",
                ]),
                access: context.access, kind: .function(name: "presignPost"),
                parameters: [
                    SwiftParameter(label: "bucket", name: "bucket", type: "Swift.String"),
                    SwiftParameter(label: "key", name: "key", type: "Swift.String"),
                    SwiftParameter(label: "fields", name: "fields", type: "[AWSRuntime.AWSFormField]", defaultValue: .array([])),
                    SwiftParameter(label: "conditions", name: "conditions", type: "[AWSRuntime.AWSPostCondition]", defaultValue: .array([])),
                    SwiftParameter(label: "expiresIn", name: "expiresIn", type: "Swift.Duration", defaultValue: .call(.identifier(".seconds"), [SwiftArgument(nil, .int(3600))])),
                ],
                isAsync: true, isThrows: true, returnType: "AWSRuntime.AWSPresignedPost",
                body: [.return(.try(.await(.call(.identifier("client.presignPost"), [
                    SwiftArgument(nil, .identifier("Self." + method + "Operation")),
                    SwiftArgument("input", .call(.identifier(inputType), [SwiftArgument(bucketName, .identifier("bucket"))])),
                    SwiftArgument("bucket", .identifier("bucket")), SwiftArgument("key", .identifier("key")),
                    SwiftArgument("fields", .identifier("fields")), SwiftArgument("conditions", .identifier("conditions")),
                    SwiftArgument("expiresIn", .identifier("expiresIn")),
                ]))))]
            )),
        ]))]
    }
}
