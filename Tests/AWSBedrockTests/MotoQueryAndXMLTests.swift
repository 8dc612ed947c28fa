import AWSRuntime
import Crypto
import Foundation
import IntegrationS3
import IntegrationSQS
import IntegrationSTS
import Testing

/// The query and rest-xml protocols against a real implementation: moto's S3 and STS.
@Suite("S3 (rest-xml) and STS (query) against moto", .serialized, .enabled(if: Servers.motoTrait))
struct MotoQueryAndXMLTests {
    func configuration() throws -> AWSClientConfiguration {
        AWSClientConfiguration(
            region: "us-east-1", endpoint: try Servers.moto().endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            retryStrategy: StandardRetryStrategy(maxAttempts: 2, baseDelay: 0.01)
        )
    }

    @Test("STS GetCallerIdentity and AssumeRole: form-encoded requests, XML results")
    func sts() async throws {
        let sts = STSClient(configuration: try configuration())
        let identity = try await sts.getCallerIdentity(GetCallerIdentityRequest())
        #expect(identity.account == "123456789012")
        #expect(identity.arn?.hasPrefix("arn:aws:") == true)
        let role = try await sts.assumeRole(roleArn: "arn:aws:iam::123456789012:role/test-role", roleSessionName: "session-1", durationSeconds: 900)
        #expect(role.credentials?.accessKeyId.isEmpty == false)
        #expect(role.assumedRoleUser?.arn.hasSuffix("assumed-role/test-role/session-1") == true)
        if let expiration = role.credentials?.expiration { #expect(expiration > Date()) }
    }

    @Test("S3 SelectObjectContent streams Records (a blob payload), Stats (an XML payload) and End events from moto")
    func selectObjectContent() async throws {
        let s3 = S3Client(configuration: try configuration())
        let bucket = "select-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await s3.createBucket(bucket: bucket)
        let csv = "name,team\nada,swift\nlinus,c\ngrace,swift\n"
        _ = try await s3.putObject(bucket: bucket, key: "people.csv", body: Data(csv.utf8))
        let response = try await s3.selectObjectContent(
            bucket: bucket, expression: "SELECT * FROM s3object s WHERE s.team = 'swift'", expressionType: .sql,
            inputSerialization: InputSerialization(csv: CSVInput(fileHeaderInfo: .use)), key: "people.csv",
            outputSerialization: OutputSerialization(json: JSONOutput(recordDelimiter: "\n"))
        )
        var records = Data()
        var stats: Stats?
        var ended = false
        for try await event in response.payload {
            switch event {
            case .records(let part): records += part.payload ?? Data()
            case .stats(let part): stats = part.details
            case .end: ended = true
            default: break
            }
        }
        let lines = String(decoding: records, as: UTF8.self).split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.allSatisfy { $0.contains("swift") } && lines.contains { $0.contains("ada") } && lines.contains { $0.contains("grace") })
        #expect((stats?.bytesScanned ?? 0) > 0)  // moto counts its own way (111 for these 41 bytes, botocore reads the same)
        #expect(stats?.bytesReturned == Int64(records.count))
        #expect(ended)
    }

    @Test("S3 buckets and objects: path-style through the endpoint rules, XML bodies, blob payloads, headers")
    func s3() async throws {
        let s3 = S3Client(configuration: try configuration())
        let bucket = "bucket-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await s3.createBucket(bucket: bucket)
        let buckets = try await s3.listBuckets(ListBucketsRequest())
        #expect(buckets.buckets?.contains { $0.name == bucket } == true)

        let body = Data("hello, world & <xml> 日本".utf8)
        let put = try await s3.putObject(bucket: bucket, key: "dir/file name+1.txt", body: body, contentType: "text/plain", metadata: ["purpose": "test"])
        #expect(put.eTag?.isEmpty == false)
        let head = try await s3.headObject(bucket: bucket, key: "dir/file name+1.txt")
        #expect(head.contentLength == Int64(body.count))
        #expect(head.metadata?["purpose"] == "test")
        let get = try await s3.getObject(bucket: bucket, key: "dir/file name+1.txt")
        #expect(get.body.length == body.count)
        #expect(try await get.body.collect(upTo: 1 << 20) == body)
        #expect(get.contentType == "text/plain")

        for index in 0..<3 { _ = try await s3.putObject(bucket: bucket, key: "many/\(index)", body: Data([UInt8(index)])) }
        let listed = try await s3.listObjectsV2(bucket: bucket, maxKeys: 2, prefix: "many/")
        #expect(listed.contents?.map(\.key) == ["many/0", "many/1"])
        #expect(listed.isTruncated == true)
        let rest = try await s3.listObjectsV2(bucket: bucket, continuationToken: listed.nextContinuationToken, prefix: "many/")
        #expect(rest.contents?.map(\.key) == ["many/2"])

        _ = try await s3.putBucketTagging(bucket: bucket, tagging: Tagging(tagSet: [Tag(key: "team", value: "swift"), Tag(key: "env", value: "test")]))
        let tags = try await s3.getBucketTagging(bucket: bucket)
        #expect(Set(tags.tagSet.map { "\($0.key)=\($0.value)" }) == ["team=swift", "env=test"])

        do {
            _ = try await s3.getObject(bucket: bucket, key: "missing")
            Issue.record("a missing key must fail")
        } catch let error as NoSuchKey {
            #expect(error.errorMetadata.statusCode == 404)
        }
        for key in ["dir/file name+1.txt", "many/0", "many/1", "many/2"] { _ = try await s3.deleteObject(bucket: bucket, key: key) }
        _ = try await s3.deleteBucket(bucket: bucket)
    }

    @Test("clients keep AWS's acronyms; the earlier names still build, as deprecated aliases")
    func clientNames() {
        #expect(SQSClient.self == SQSClient.self)
        #expect(_typeName(STSClient.self, qualified: false) == "STSClient")
        #expect(_typeName(S3Client.self, qualified: false) == "S3Client")
    }

    @Test("SQS (awsJson1_0, query-compatible): a missing queue is the modelled QueueDoesNotExist, with the query code")
    func sqsQueryCompatibleErrors() async throws {
        let sqs = SQSClient(configuration: try configuration())
        let name = "queue-\(UUID().uuidString.prefix(8).lowercased())"
        let created = try await sqs.createQueue(queueName: name)
        let url = try #require(created.queueUrl)
        _ = try await sqs.sendMessage(messageBody: "hello & <xml> 日本", queueUrl: url)
        let received = try await sqs.receiveMessage(queueUrl: url)
        #expect(received.messages?.first?.body == "hello & <xml> 日本")
        do {
            _ = try await sqs.getQueueUrl(queueName: "missing-\(name)")
            Issue.record("a missing queue must fail")
        } catch let error as QueueDoesNotExist {
            #expect(error.errorMetadata.statusCode == 400)
            #expect(error.errorMetadata.code == "AWS.SimpleQueueService.NonExistentQueue", "the code botocore reports as Error.Code")
        }
        _ = try await sqs.deleteQueue(queueUrl: url)
    }
}

extension MotoQueryAndXMLTests {
    /// An S3 client whose requests are recorded on their way to moto, and a new bucket.
    func recordingS3() async throws -> (S3Client, RecordingTransport, String) {
        let recorder = RecordingTransport(forwardingTo: AsyncHTTPClientTransport())
        var configuration = try configuration()
        configuration.transport = recorder
        let s3 = S3Client(configuration: configuration)
        let bucket = "bucket-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await s3.createBucket(bucket: bucket)
        return (s3, recorder, bucket)
    }

    @Test("S3 DeleteObjects (httpChecksum.requestChecksumRequired) carries a CRC-32 of its body, as botocore sends it, and moto accepts it")
    func deleteObjectsChecksum() async throws {
        let (s3, recorder, bucket) = try await recordingS3()
        for key in ["a", "b"] { _ = try await s3.putObject(bucket: bucket, key: key, body: Data(key.utf8)) }
        let deleted = try await s3.deleteObjects(
            bucket: bucket, delete: Delete(objects: [ObjectIdentifierShape(key: "a"), ObjectIdentifierShape(key: "b")])
        )
        #expect(Set(deleted.deleted?.compactMap(\.key) ?? []) == ["a", "b"])
        let request = try #require(recorder.requests.first { $0.url.query?.contains("delete") == true })
        guard case .bytes(let body) = request.body else { Issue.record("DeleteObjects sent a stream"); return }
        #expect(request.headers["x-amz-checksum-crc32"] == AWSChecksum.base64Digest(of: body, algorithm: .crc32))
        #expect(request.headers["x-amz-sdk-checksum-algorithm"] == "CRC32")
        #expect(request.headers["Content-MD5"] == nil)
        _ = try await s3.deleteBucket(bucket: bucket)
    }

    @Test("ListObjectsV2 asks for URL-encoded keys (as botocore does) and gives them back decoded: spaces, plus signs, percent signs, control characters")
    func listingKeysRoundTrip() async throws {
        let (s3, recorder, bucket) = try await recordingS3()
        let keys = ["odd/a b+c", "odd/100%", "odd/tab\there", "odd/日本 語", "odd/q?&=x"]
        for key in keys { _ = try await s3.putObject(bucket: bucket, key: key, body: Data("x".utf8)) }
        let listed = try await s3.listObjectsV2(bucket: bucket, delimiter: "/", prefix: "odd/")
        #expect(Set(listed.contents?.map(\.key) ?? []) == Set(keys))
        #expect(listed.prefix == "odd/")
        let request = try #require(recorder.requests.last)
        #expect(request.url.query?.hasSuffix("encoding-type=url") == true)

        // Asked for by the caller: left as S3 sends it, as botocore leaves it.
        let raw = try await s3.listObjectsV2(bucket: bucket, encodingType: .url, prefix: "odd/a")
        #expect(["odd/a+b%2Bc", "odd/a%20b%2Bc"].contains(raw.contents?.first?.key ?? ""), "S3 writes a space as +, moto as %20")
        for key in keys { _ = try await s3.deleteObject(bucket: bucket, key: key) }
        _ = try await s3.deleteBucket(bucket: bucket)
    }
}
