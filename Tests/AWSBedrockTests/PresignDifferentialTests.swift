import AWSRuntime
import Foundation
import IntegrationPolly
import IntegrationS3
import IntegrationSTS
import TestSupport
import Testing

/// Presigned URLs against botocore's `generate_presigned_url` and `generate_db_auth_token`: the same
/// inputs, credentials and clock must give the same URL, byte for byte, on generated cases; then
/// presigned GET and PUT URLs work against moto from a plain HTTP client.
@Suite("Presigned URLs: byte-identical to botocore's, and usable against moto", .serialized, .enabled(if: Servers.stubTrait))
struct PresignDifferentialTests {
    /// One generated case: what botocore is asked (JSON for presign_reference.py) and how we make it.
    struct Case {
        var reference: [String: Any]
        var make: @Sendable () async throws -> String
    }

    static let keyCharacters = Array("abcXYZ019 -_.~!$&'()*+,;=:@/?#[]%é日本").map(String.init)

    static func randomKey(_ generator: inout some RandomNumberGenerator) -> String {
        var key = ""
        for _ in 0..<Int.random(in: 1...24, using: &generator) { key += keyCharacters.randomElement(using: &generator)! }
        // S3 keys cannot be made of dots alone as a path segment for every client; keep it readable.
        return key.hasPrefix("/") ? "k" + key : key
    }

    static func randomBucket(_ generator: inout some RandomNumberGenerator) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return "b" + String((0..<Int.random(in: 3...20, using: &generator)).map { _ in letters.randomElement(using: &generator)! })
    }

    static func cases(count: Int, motoEndpoint: URL) -> [Case] {
        var generator = SystemRandomNumberGenerator()
        var cases: [Case] = []
        for index in 0..<count {
            let time = Int.random(in: 1_500_000_000...1_900_000_000, using: &generator)
            let date = Date(timeIntervalSince1970: TimeInterval(time))
            let expires = [1, 60, 900, 3600, 604_800, Int.random(in: 1...604_800, using: &generator)].randomElement(using: &generator)!
            // A few credentials, so the reference makes a few botocore clients rather than one per case.
            let token: String? = Bool.random(using: &generator) ? "FwoGZX+/Tok=\(index % 3)en" : nil
            let credentials = StaticCredentialProvider(accessKeyID: "AKIDEXAMPLE\(index % 3)", secretAccessKey: "secret/\(index % 3)+key", sessionToken: token)
            let region = ["us-west-2", "eu-central-1", "ap-southeast-2", "us-east-2"].randomElement(using: &generator)!
            var reference: [String: Any] = [
                "region": region, "time": time, "expires": expires, "access_key": "AKIDEXAMPLE\(index % 3)", "secret_key": "secret/\(index % 3)+key",
                "token": token as Any,
            ]
            let style = ["virtual", "path", "moto"].randomElement(using: &generator)!
            var parameters: [String: AWSEndpointValue] = [:]
            var endpoint: URL?
            switch style {
            case "path": parameters["ForcePathStyle"] = .bool(true); reference["addressing_style"] = "path"
            case "moto": endpoint = motoEndpoint; reference["endpoint_url"] = motoEndpoint.absoluteString
            default: reference["addressing_style"] = "virtual"
            }
            let configuration = AWSClientConfiguration(
                region: region, endpoint: endpoint, credentialProvider: credentials, endpointParameters: parameters, validatesPatterns: false,
                environment: ["AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
            )
            let bucket = randomBucket(&generator)
            let key = randomKey(&generator)
            let s3 = S3Client(configuration: configuration)
            let duration = Duration.seconds(expires)
            func s3Case(_ operation: String, _ params: [String: Any], _ make: @escaping @Sendable () async throws -> AWSPresignedRequest) {
                var entry = reference
                entry["service"] = "s3"
                entry["operation"] = operation
                entry["params"] = params
                cases.append(Case(reference: entry, make: { try await make().url.absoluteString }))
            }
            switch index % 10 {
            case 0:
                s3Case("get_object", ["Bucket": bucket, "Key": key]) {
                    try await s3.client.presign(S3Client.getObjectOperation, input: GetObjectRequest(bucket: bucket, key: key), expiresIn: duration, date: date)
                }
            case 1:
                s3Case("get_object", ["Bucket": bucket, "Key": key, "VersionId": "v\(index)", "ResponseContentType": "text/plain; charset=utf-8", "ResponseContentDisposition": "attachment; filename=\"a b.txt\""]) {
                    try await s3.client.presign(S3Client.getObjectOperation, input: GetObjectRequest(
                        bucket: bucket, key: key, responseContentDisposition: "attachment; filename=\"a b.txt\"", responseContentType: "text/plain; charset=utf-8", versionId: "v\(index)"
                    ), expiresIn: duration, date: date)
                }
            case 2:
                s3Case("put_object", ["Bucket": bucket, "Key": key]) {
                    try await s3.client.presign(S3Client.putObjectOperation, input: PutObjectRequest(bucket: bucket, key: key), expiresIn: duration, date: date)
                }
            case 3:
                s3Case("put_object", ["Bucket": bucket, "Key": key, "ContentType": "image/png", "Metadata": ["owner": "me"]]) {
                    try await s3.client.presign(S3Client.putObjectOperation, input: PutObjectRequest(bucket: bucket, key: key, contentType: "image/png", metadata: ["owner": "me"]), expiresIn: duration, date: date)
                }
            case 4:
                s3Case("head_object", ["Bucket": bucket, "Key": key]) {
                    try await s3.client.presign(S3Client.headObjectOperation, input: HeadObjectRequest(bucket: bucket, key: key), expiresIn: duration, date: date)
                }
            case 5:
                s3Case("delete_object", ["Bucket": bucket, "Key": key]) {
                    try await s3.client.presign(S3Client.deleteObjectOperation, input: DeleteObjectRequest(bucket: bucket, key: key), expiresIn: duration, date: date)
                }
            case 6:
                // Without EncodingType both add `encoding-type=url` after the listing's own parameters.
                s3Case("list_objects_v2", ["Bucket": bucket, "Prefix": key, "Delimiter": "/", "MaxKeys": 7]) {
                    try await s3.client.presign(S3Client.listObjectsV2Operation, input: ListObjectsV2Request(bucket: bucket, delimiter: "/", maxKeys: 7, prefix: key), expiresIn: duration, date: date)
                }
            case 7 where index % 20 == 17:
                // A browser form upload (generate_presigned_post): policy, fields and signature.
                let fileKey = Bool.random(using: &generator) ? "uploads/\(key)${filename}" : key
                let choices: [(AWSPostCondition, Any)] = [
                    (.equals(field: "acl", value: "public-read"), ["acl": "public-read"]),
                    (.startsWith(field: "Content-Type", prefix: "image/"), ["starts-with", "$Content-Type", "image/"]),
                    (.contentLengthRange(minimum: 1, maximum: 10_485_760), ["content-length-range", 1, 10_485_760]),
                    (.equals(field: "x-amz-meta-note", value: "é \"quoted\" \\ 日本"), ["x-amz-meta-note": "é \"quoted\" \\ 日本"]),
                ]
                let chosen = choices.filter { _ in Bool.random(using: &generator) }
                let fields = [AWSFormField("acl", "public-read"), AWSFormField("Content-Type", "image/png")].filter { _ in Bool.random(using: &generator) }
                var entry = reference
                entry["service"] = "s3"
                entry["post"] = [
                    "bucket": bucket, "key": fileKey, "fields": fields.map { [$0.name, $0.value] }, "conditions": chosen.map(\.1),
                ] as [String: Any]
                let conditions = chosen.map(\.0)
                cases.append(Case(reference: entry, make: {
                    let post = try await s3.client.presignPost(
                        S3Client.createBucketOperation, input: CreateBucketRequest(bucket: bucket), bucket: bucket, key: fileKey,
                        fields: fields, conditions: conditions, expiresIn: duration, date: date
                    )
                    return ([post.url.absoluteString] + post.fields.sorted { $0.name < $1.name }.map { "\($0.name)=\($0.value)" }).joined(separator: "\n")
                }))
            case 7:
                s3Case("get_bucket_tagging", ["Bucket": bucket]) {
                    try await s3.client.presign(S3Client.getBucketTaggingOperation, input: GetBucketTaggingRequest(bucket: bucket), expiresIn: duration, date: date)
                }
            case 8:
                var entry = reference
                entry["service"] = "sts"
                entry.removeValue(forKey: "addressing_style")
                entry.removeValue(forKey: "endpoint_url")
                let sts = STSClient(configuration: AWSClientConfiguration(
                    region: region, credentialProvider: credentials,
                    environment: ["AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
                ))
                if index % 20 == 8 {
                    entry["operation"] = "get_caller_identity"
                    entry["params"] = [String: Any]()
                    cases.append(Case(reference: entry, make: {
                        try await sts.client.presign(STSClient.getCallerIdentityOperation, input: GetCallerIdentityRequest(), expiresIn: duration, date: date).url.absoluteString
                    }))
                } else {
                    let session = "session \(key)".prefix(60).filter { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@-".contains($0)) }
                    entry["operation"] = "assume_role"
                    entry["params"] = ["RoleArn": "arn:aws:iam::123456789012:role/r\(index)", "RoleSessionName": "s" + session, "DurationSeconds": 900]
                    cases.append(Case(reference: entry, make: {
                        try await sts.client.presign(STSClient.assumeRoleOperation, input: AssumeRoleRequest(
                            roleArn: "arn:aws:iam::123456789012:role/r\(index)", roleSessionName: "s" + session, durationSeconds: 900
                        ), expiresIn: duration, date: date).url.absoluteString
                    }))
                }
            case 9 where index % 20 == 9:
                // Polly's SynthesizeSpeech: a JSON body that botocore moves into the query (lists as Python prints them).
                var entry = reference
                entry["service"] = "polly"
                entry["operation"] = "synthesize_speech"
                entry.removeValue(forKey: "addressing_style")
                entry.removeValue(forKey: "endpoint_url")
                let polly = PollyClient(configuration: AWSClientConfiguration(
                    region: region, credentialProvider: credentials,
                    environment: ["AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
                ))
                let text = "Hello, \(key)\n\"it's\" \\ 100%"
                let lexicons: [String]? = Bool.random(using: &generator) ? ["lex\(index)", "it's", "say \"hi\""] : nil
                let neural = Bool.random(using: &generator)
                var params: [String: Any] = ["OutputFormat": "mp3", "Text": text, "VoiceId": "Joanna"]
                if let lexicons { params["LexiconNames"] = lexicons }
                if neural { params["Engine"] = "neural" }
                entry["params"] = params
                cases.append(Case(reference: entry, make: {
                    try await polly.client.presign(PollyClient.synthesizeSpeechOperation, input: SynthesizeSpeechInput(
                        outputFormat: .mp3, text: text, voiceId: .joanna, engine: neural ? .neural : nil, lexiconNames: lexicons
                    ), expiresIn: duration, date: date).url.absoluteString
                }))
            default:
                var entry = reference
                let hostname = "\(bucket).cluster-x.\(region).rds.amazonaws.com"
                let port = [3306, 5432, 443].randomElement(using: &generator)!
                let user = ["admin", "app user", "a+b/c", "ünïcode"].randomElement(using: &generator)!
                entry["rds_token"] = ["hostname": hostname, "port": port, "username": user]
                cases.append(Case(reference: entry, make: {
                    let resolved = try await credentials.credentials()
                    return AWSRDSAuthToken.generate(hostname: hostname, port: port, username: user, region: region, credentials: resolved, date: date)
                }))
            }
        }
        return cases
    }

    @Test("200 generated cases (S3 GET/PUT/HEAD/DELETE/list/tagging in three addressing styles, S3 form uploads (presigned POST), STS query operations, Polly's SynthesizeSpeech, RDS tokens; odd keys, session tokens, expiries from 1 s to 7 days) give botocore's URL byte for byte")
    func againstBotocore() async throws {
        let cases = Self.cases(count: 200, motoEndpoint: URL(string: "http://127.0.0.1:5000")!)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("presign-cases-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        // Sorted keys: botocore writes query parameters in the order the caller gives them, and the
        // generated code writes them in member-name order.
        try JSONSerialization.data(withJSONObject: cases.map(\.reference), options: [.sortedKeys]).write(to: file)
        let output = try await offCooperativePool { try Servers.runPython("Tests/Differential/presign_reference.py", [file.path]) }
        let expected = try #require(try JSONSerialization.jsonObject(with: output) as? [String])
        #expect(expected.count == cases.count)
        var mismatches = 0
        for (index, (testCase, reference)) in zip(cases, expected).enumerated() {
            let ours = try await testCase.make()
            if ours != reference {
                mismatches += 1
                if mismatches <= 5 { Issue.record("case \(index) \(testCase.reference["operation"] ?? "rds"):\n ours:     \(ours)\n botocore: \(reference)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test("presigned PUT and GET URLs and a presigned POST form work against moto from a plain HTTP client (moto does not check their signatures: the differential test does); more than 7 days is refused")
    func usableAgainstMoto() async throws {
        let moto = try Servers.moto()
        let configuration = AWSClientConfiguration(
            region: "us-east-1", endpoint: moto.endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            environment: ["AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        )
        let s3 = S3Client(configuration: configuration)
        let bucket = "presign-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await s3.createBucket(bucket: bucket)
        let key = "dir/hello world+1.txt"
        let put = try await s3.presign(S3Client.putObjectOperation, input: PutObjectRequest(bucket: bucket, key: key, contentType: "text/plain"), expiresIn: .seconds(300))
        #expect(put.headers["Content-Type"] == "text/plain", "a presigned header must be sent as signed")
        // A plain HTTP client: no signing, no credentials, only the URL (and the signed Content-Type).
        let http = AsyncHTTPClientTransport()
        let upload = try await http.send(
            AWSHTTPRequest(method: put.method, url: put.url, headers: put.headers, body: .bytes(Array("presigned body".utf8))), timeout: .seconds(30)
        )
        #expect(upload.statusCode == 200)

        let get = try await s3.presign(S3Client.getObjectOperation, input: GetObjectRequest(bucket: bucket, key: key), expiresIn: .seconds(300))
        let download = try await http.send(AWSHTTPRequest(method: "GET", url: get.url), timeout: .seconds(30))
        #expect(download.statusCode == 200)
        #expect(String(decoding: try await download.body.collect(), as: UTF8.self) == "presigned body")

        await #expect(throws: AWSConfigurationError.self) {
            _ = try await s3.presign(S3Client.getObjectOperation, input: GetObjectRequest(bucket: bucket, key: key), expiresIn: .seconds(604_801))
        }

        // A browser form upload: the presigned POST's fields, then the file, as multipart/form-data.
        let form = try await s3.presignPost(bucket: bucket, key: "form/${filename}", conditions: [.contentLengthRange(minimum: 1, maximum: 1000)])
        let boundary = "swift-aws-codegen-\(UUID().uuidString)"
        var text = ""
        for field in form.fields { text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(field.name)\"\r\n\r\n\(field.value)\r\n" }
        text += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"hello.txt\"\r\nContent-Type: text/plain\r\n\r\nform body\r\n--\(boundary)--\r\n"
        let posted = try await http.send(AWSHTTPRequest(
            method: "POST", url: form.url, headers: ["Content-Type": "multipart/form-data; boundary=\(boundary)"], body: .bytes(Array(text.utf8))
        ), timeout: .seconds(30))
        #expect((200..<300).contains(posted.statusCode))
        #expect(try await s3.getObject(bucket: bucket, key: "form/hello.txt").body.collect(upTo: 100) == Data("form body".utf8))
        _ = try await s3.deleteObject(bucket: bucket, key: "form/hello.txt")
        _ = try await s3.deleteObject(bucket: bucket, key: key)
        _ = try await s3.deleteBucket(bucket: bucket)
    }
}
