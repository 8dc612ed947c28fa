// Generated from README.md by ReadmeSnippetTests: each Swift snippet of the README, compiled as part of
// this test target. Do not edit; after changing the README run
// UPDATE_README_SNIPPETS=1 swift test --filter ReadmeSnippetTests
// swiftlint:disable all

import AWSBedrock
import AWSRuntime
import Foundation
import IntegrationBedrockRuntime  // stands in for the BedrockRuntime module a user generates with the plugin
import IntegrationS3  // stands in for the S3 module a user generates with the plugin

/// Never called: compiling them is the test.
enum ReadmeSnippets {
    /// README.md, Swift snippet 1.
    static func snippet1() async throws {

        let bedrock = BedrockClient()   // region and credentials from the environment / ~/.aws, like the AWS CLI
        let model = try await bedrock.getImportedModel(modelIdentifier: "my-model")
        print(model.customModelUnits?.customModelUnitsPerModelCopy ?? 0)

        // Another endpoint and profile:
        let local = BedrockClient(configuration: .init(endpoint: URL(string: "http://127.0.0.1:4566")!, profile: "dev"))
        print(try await local.getImportedModel(modelIdentifier: "my-model").modelArn ?? "")
    }

    /// README.md, Swift snippet 2.
    static func snippet2() async throws {

        let runtime = BedrockRuntimeClient()   // SigV4 credentials, or a Bedrock API key in AWS_BEARER_TOKEN_BEDROCK
        let chat = Task {
            let response = try await runtime.converseStream(
                modelId: "anthropic.claude-3-haiku-20240307-v1:0",
                messages: [Message(content: [.text("Write a haiku about Swift")], role: .user)]
            )
            for try await event in response.stream {
                if case .contentBlockDelta(let delta) = event, case .text(let text) = delta.delta { print(text, terminator: "") }
                if case .metadata(let metadata) = event { print("\n\(metadata.usage.totalTokens) tokens") }
            }
        }
        // chat.cancel() stops the stream and closes its connection.
        try await chat.value
    }

    /// README.md, Swift snippet 3.
    static func snippet3() async throws {
        let runtime = BedrockRuntimeClient()
        let (audio, input) = AsyncStream<InvokeModelWithBidirectionalStreamInput>.makeStream()
        let session = try await runtime.invokeModelWithBidirectionalStream(body: AWSEventStream(audio), modelId: "amazon.nova-sonic-v1:0")
        input.yield(.chunk(BidirectionalInputPayloadPart(bytes: Data("{\"event\":{}}".utf8))))
        input.finish()
        for try await case .chunk(let part) in session.body { print(part.bytes?.count ?? 0, "bytes") }
    }

    /// README.md, Swift snippet 4.
    static func snippet4() async throws {
        let s3 = S3Client()
        let object = try await s3.getObject(bucket: "my-bucket", key: "videos/launch.mp4")
        print(object.contentLength ?? 0, "bytes,", object.contentType ?? "?")
        try await object.body.write(to: URL(fileURLWithPath: "launch.mp4"))  // a .partial file beside it, renamed at the end
        let notes = try await s3.getObject(bucket: "my-bucket", key: "notes.txt").body.collect(upTo: 1 << 20)  // Data, at most 1 MiB
        print(String(decoding: notes, as: UTF8.self))
        for try await chunk in try await s3.getObject(bucket: "my-bucket", key: "log.txt").body { print(chunk.count) }
    }

    /// README.md, Swift snippet 5.
    static func snippet5() async throws {
        let s3 = S3Client()
        let put = try await s3.putObject(bucket: "my-bucket", key: "videos/launch.mp4", body: try AWSByteStream(fileAt: URL(fileURLWithPath: "launch.mp4")))
        print(put.eTag ?? "", put.checksumCRC32 ?? "")  // the CRC32 sent in the trailer, as S3 stored it
        _ = try await s3.putObject(bucket: "my-bucket", key: "notes.txt", body: Data("hello".utf8))
        let chunks = AsyncStream<[UInt8]> { continuation in continuation.yield(Array("streamed".utf8)); continuation.finish() }
        _ = try await s3.putObject(bucket: "my-bucket", key: "live.txt", body: AWSByteStream(chunks, length: 8))
    }

    /// README.md, Swift snippet 6.
    static func snippet6() async throws {
        let s3 = S3Client()
        let transfer = s3.transfer(options: AWSS3TransferOptions(partSize: 16 << 20, concurrency: 8))
        let uploaded = try await transfer.upload(file: URL(fileURLWithPath: "backup.tar"), bucket: "my-bucket", key: "backup.tar") { progress in
            print(progress.bytesTransferred, "of", progress.totalBytes ?? 0, "at", Int(progress.bytesPerSecond), "B/s")
        }
        print(uploaded.parts, uploaded.eTag ?? "")
        try await transfer.download(bucket: "my-bucket", key: "backup.tar", to: URL(fileURLWithPath: "restored.tar"))
        let chunks = AsyncStream<[UInt8]> { continuation in continuation.yield(Array("any length".utf8)); continuation.finish() }
        try await transfer.upload(AWSByteStream(chunks), bucket: "my-bucket", key: "stream.txt")
    }

    /// README.md, Swift snippet 7.
    static func snippet7() async throws {
        let s3 = S3Client()
        let download = try await s3.presign(S3Client.getObjectOperation, input: GetObjectRequest(bucket: "my-bucket", key: "report.pdf"), expiresIn: .seconds(900))
        print(download.url)  // GET it with any HTTP client
        let upload = try await s3.presign(S3Client.putObjectOperation, input: PutObjectRequest(bucket: "my-bucket", key: "in.png", contentType: "image/png"))
        print(upload.method, upload.url, upload.headers)  // PUT, sending the signed Content-Type as it is
        let password = AWSRDSAuthToken.generate(hostname: "db.cluster-x.us-east-1.rds.amazonaws.com", port: 5432, username: "app", region: "us-east-1", credentials: try await StaticCredentialProvider(accessKeyID: "AKID", secretAccessKey: "secret").credentials())
        print(password.count)
    }

    /// README.md, Swift snippet 8.
    static func snippet8() async throws {
        let s3 = S3Client()
        let form = try await s3.presignPost(
            bucket: "my-bucket", key: "uploads/${filename}",  // S3 puts the uploaded file's name in place of ${filename}
            fields: [AWSFormField("Content-Type", "image/png")],
            conditions: [.startsWith(field: "Content-Type", prefix: "image/"), .contentLengthRange(minimum: 1, maximum: 10 << 20)],
            expiresIn: .seconds(600)
        )
        print(form.url, form.fields.map(\.name))  // <form action=url method=post enctype=multipart/form-data>, one input per field
    }

    /// README.md, Swift snippet 9.
    static func snippet9() async throws {
        let s3 = S3Client()
        _ = try await s3.createBucket(bucket: "my-bucket")
        try await s3.waitUntilBucketExists(bucket: "my-bucket", maxWait: .seconds(120))

        for try await object in s3.listObjectsV2Items(bucket: "my-bucket", prefix: "logs/", pageSize: 100, maxItems: 1_000) {
            print(object.key ?? "", object.size ?? 0)
        }
    }

    /// README.md, Swift snippet 10.
    static func snippet10() async throws {
        func largeKeys(of page: ListObjectsV2Output) throws -> JSONValue {
            try JMESPathExpression("Contents[?Size > `1048576`].Key").search(page.jsonValue())
        }
    }

    /// README.md, Swift snippet 11.
    static func snippet11() async throws {
        /// Adds a header to every request, before signing (so the header is signed too).
        struct TraceHeader: AWSInterceptor {
            let traceID: String
            func beforeSigning(request: inout AWSHTTPRequest, context: AWSCallContext) async throws {
                request.headers.replaceOrAdd(name: "X-Trace-Id", value: traceID)
            }
        }

        /// Prints one line per attempt: operation, attempt, status.
        struct RequestLogger: AWSInterceptor {
            func afterResponse(_ response: HTTPResponseParts, context: AWSCallContext) async throws {
                print("\(context.serviceId).\(context.operationName) attempt \(context.attempt): \(response.statusCode)")
            }
        }

        let bedrock = BedrockClient(configuration: AWSClientConfiguration(interceptors: [TraceHeader(traceID: "t-1"), RequestLogger()]))
        print(try await bedrock.getImportedModel(modelIdentifier: "my-model").modelName ?? "")
    }

    /// README.md, Swift snippet 12.
    static func snippet12() async throws {
        // A role that needs an MFA code: the chain asks for it on every refresh.
        let chain = DefaultCredentialChain(profile: "admin", mfaToken: { serial in
            print("MFA code for \(serial):", terminator: " ")
            return readLine() ?? ""
        })
        let s3 = S3Client(configuration: AWSClientConfiguration(credentialProvider: chain.provider()))
        print(try await s3.listBuckets().buckets?.count ?? 0)
    }

}
