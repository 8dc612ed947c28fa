@testable import AWSCodegen
import Testing

@Suite("Naming rules")
struct NamingTests {
    @Test("member names are lowerCamelCase with leading acronyms lowercased", arguments: [
        ("KMSKeyId", "kmsKeyId"), ("modelArn", "modelArn"), ("S3Uri", "s3Uri"), ("ARN", "arn"),
        ("DBInstanceIdentifier", "dbInstanceIdentifier"), ("customModelUnitsPerModelCopy", "customModelUnitsPerModelCopy"),
        ("Type", "type"), ("self", "self_"), ("init", "init_"), ("2xlarge", "_2xlarge"), ("x-amz-meta", "xAmzMeta"),
        ("snake_case_name", "snakeCaseName"), ("payload", "payload"), ("validate", "validateValue"), ("encode", "encodeValue"),
        ("BEDROCK_RERANKING_MODEL", "bedrockRerankingModel"), ("IN_PROGRESS", "inProgress"), ("resourceARN", "resourceARN"),
    ])
    func memberNames(model: String, swift: String) {
        #expect(Naming.memberName(model) == swift)
    }

    @Test("type names are UpperCamelCase and never shadow standard types", arguments: [
        ("GetImportedModelResponse", "GetImportedModelResponse"), ("bedrock-runtime", "BedrockRuntime"),
        ("Error", "ErrorShape"), ("Data", "DataShape"), ("Date", "DateShape"), ("Type", "TypeShape"), ("Protocol", "ProtocolShape"),
        ("Self", "SelfShape"), ("String", "StringShape"), ("Optional", "OptionalShape"), ("Swift", "SwiftShape"),
        ("2Fast", "_2Fast"), ("KMSKey", "KMSKey"), ("ml.p4d", "MlP4d"), ("GPU_TYPE", "GpuType"),
    ])
    func typeNames(model: String, swift: String) {
        #expect(Naming.typeName(model) == swift)
    }

    @Test("client names keep AWS's acronyms; the earlier name is the deprecated alias", arguments: [
        ("SQS", "SQSClient", "SqsClient"), ("STS", "STSClient", "StsClient"), ("SNS", "SNSClient", "SnsClient"),
        ("DynamoDB", "DynamoDBClient", "DynamoDBClient"), ("EC2", "EC2Client", "Ec2Client"), ("S3", "S3Client", "S3Client"),
        ("Bedrock Runtime", "BedrockRuntimeClient", "BedrockRuntimeClient"), ("Bedrock", "BedrockClient", "BedrockClient"),
        ("ACM PCA", "ACMPCAClient", "AcmPcaClient"), ("IoT Data Plane", "IoTDataPlaneClient", "IoTDataPlaneClient"),
        ("codestar notifications", "CodestarNotificationsClient", "CodestarNotificationsClient"),
        ("Route 53", "Route53Client", "Route53Client"),
    ])
    func clientNames(serviceId: String, name: String, legacy: String) {
        #expect(Naming.clientName(serviceId: serviceId) == name)
        #expect(Naming.legacyClientName(serviceId: serviceId) == legacy)
    }

    @Test("enum constants are distinct and readable")
    func enumCases() {
        #expect(Naming.enumCaseNames(["ml.p4d.24xlarge", "2xlarge", "x-amz-*", "ACTIVE", "Active", "in"]) ==
            ["mlP4d24xlarge", "_2xlarge", "xAmz", "ACTIVE", "Active", "in"])
        #expect(Naming.enumCaseNames(["IN_PROGRESS", "Completed", "ACTIVE"]) == ["inProgress", "completed", "active"])
        #expect(Naming.enumCaseNames(["a-b", "a.b", "a_b"]) == ["a_b", "a_b_2", "a_b_3"])
        #expect(Naming.enumCaseNames(["*/", "\"\"\""]) == ["__", "___"])
        #expect(Naming.escaped("in") == "`in`")
        #expect(Naming.clientName(serviceId: "Bedrock Runtime") == "BedrockRuntimeClient")
    }
}

@Suite("Rendering keeps model text inside comments and literals")
struct RendererTests {
    static let hostile = ["*/", "\"\"\"", "\\(x)", "#\"raw\"#", "back\\slash", "line\nbreak", "cr\rreturn", "ls\u{2028}ps\u{2029}", "nul\u{0}", "bidi\u{202E}", "ümlaut 日本語 🚀"]

    @Test("string literals hold exactly the model text", arguments: hostile)
    func stringLiterals(text: String) {
        let literal = SwiftRenderer.stringLiteral(text)
        #expect(literal.hasPrefix("\"") && literal.hasSuffix("\""))
        let inner = literal.dropFirst().dropLast()
        // No unescaped quote, no raw line break, no interpolation opener.
        var escaped = false
        for character in inner {
            if escaped { escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            #expect(character != "\"")
            #expect(!character.isNewline)
        }
        #expect(!inner.unicodeScalars.contains { $0.value == 0x2028 || $0.value == 0x2029 || $0.value == 0x202E })
    }

    @Test("comment text is one line without control or bidi characters", arguments: hostile)
    func comments(text: String) {
        let safe = SwiftRenderer.commentSafe(text)
        #expect(!safe.contains { $0.isNewline })
        #expect(!safe.unicodeScalars.contains { $0.value < 0x20 || (0x202A...0x202E).contains($0.value) })
    }

    @Test("HTML documentation becomes Markdown")
    func documentation() {
        let lines = Documentation.markdown("<p>Uses <code>KMS</code> &amp; <b>bold</b>, see <a href=\"https://aws.amazon.com\">docs</a>.</p><ul><li>one</li><li>two</li></ul>")
        #expect(lines == ["Uses `KMS` & **bold**, see [docs](https://aws.amazon.com).", "", "- one", "- two"])
    }
}
