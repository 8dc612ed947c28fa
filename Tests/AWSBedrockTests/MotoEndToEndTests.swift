import AWSBedrock
import Foundation
import Testing

@Suite("Bedrock operations against moto", .serialized, .enabled(if: Servers.motoTrait))
struct MotoEndToEndTests {
    func client() throws -> BedrockClient {
        let server = try Servers.moto()
        return BedrockClient(configuration: AWSClientConfiguration(
            region: "us-east-1",
            endpoint: server.endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            retryStrategy: StandardRetryStrategy(maxAttempts: 2, baseDelay: 0.01),
            // moto's ARNs (`model-customization-job/NAME`) do not follow Bedrock's ARN pattern.
            validatesPatterns: false
        ))
    }

    func createJob(_ bedrock: BedrockClient, name: String, tags: [AWSBedrock.Tag]? = nil) async throws -> String {
        let response = try await bedrock.createModelCustomizationJob(
            baseModelIdentifier: "amazon.titan-text-express-v1",
            customModelName: "model-\(name)",
            jobName: name,
            outputDataConfig: OutputDataConfig(s3Uri: "s3://output-bucket/\(name)/"),
            roleArn: "arn:aws:iam::123456789012:role/BedrockRole",
            trainingDataConfig: TrainingDataConfig(s3Uri: "s3://training-bucket/data.jsonl"),
            customizationType: .fineTuning,
            hyperParameters: ["epochCount": "1"],
            jobTags: tags,
            validationDataConfig: ValidationDataConfig(validators: [Validator(s3Uri: "s3://validation-bucket/data.jsonl")])
        )
        return response.jobArn
    }

    @Test("model-customization jobs: create, get, list with pagination, stop")
    func customizationJobs() async throws {
        let bedrock = try client()
        let prefix = "job-\(UUID().uuidString.prefix(6).lowercased())"
        var arns: [String] = []
        for index in 0..<5 { arns.append(try await createJob(bedrock, name: "\(prefix)-\(index)")) }
        #expect(arns[0].hasSuffix(":model-customization-job/\(prefix)-0"))

        let job = try await bedrock.getModelCustomizationJob(jobIdentifier: "\(prefix)-0")
        #expect(job.jobArn == arns[0])
        #expect(job.outputModelName == "model-\(prefix)-0-\(prefix)-0")
        #expect(job.status == .inProgress)
        #expect(job.hyperParameters?["epochCount"] == "1")
        #expect(job.trainingDataConfig.s3Uri == "s3://training-bucket/data.jsonl")

        // Two per page: the paginator follows nextToken through every page.
        var pages = 0
        var names: [String] = []
        for try await page in bedrock.listModelCustomizationJobsPaginator(ListModelCustomizationJobsRequest(maxResults: 2, nameContains: prefix)) {
            pages += 1
            names += (page.modelCustomizationJobSummaries ?? []).map(\.jobName)
        }
        #expect(pages == 3)
        #expect(names.sorted() == (0..<5).map { "\(prefix)-\($0)" })
        var items: [String] = []
        for try await summary in bedrock.listModelCustomizationJobsItems(ListModelCustomizationJobsRequest(maxResults: 2, nameContains: prefix)) {
            items.append(summary.jobName)
        }
        #expect(items.sorted() == names.sorted())

        _ = try await bedrock.stopModelCustomizationJob(jobIdentifier: "\(prefix)-1")
        #expect(try await bedrock.getModelCustomizationJob(jobIdentifier: "\(prefix)-1").status == .stopped)
        await #expect(throws: ResourceNotFoundException.self) { try await bedrock.getModelCustomizationJob(jobIdentifier: "\(prefix)-missing") }
    }

    @Test("custom models: get, list with pagination, delete; a missing model is ResourceNotFoundException")
    func customModels() async throws {
        let bedrock = try client()
        let prefix = "cm-\(UUID().uuidString.prefix(6).lowercased())"
        for index in 0..<3 { _ = try await createJob(bedrock, name: "\(prefix)-\(index)") }
        let model = try await bedrock.getCustomModel(modelIdentifier: "model-\(prefix)-0")
        #expect(model.modelName == "model-\(prefix)-0")
        #expect(model.modelArn.hasSuffix(":custom-model/model-\(prefix)-0"))
        #expect(model.jobName == "\(prefix)-0")

        var names: [String] = []
        for try await summary in bedrock.listCustomModelsItems(ListCustomModelsRequest(maxResults: 1, nameContains: prefix)) {
            names.append(summary.modelName)
        }
        #expect(names.sorted() == (0..<3).map { "model-\(prefix)-\($0)" })

        _ = try await bedrock.deleteCustomModel(modelIdentifier: "model-\(prefix)-2")
        do {
            _ = try await bedrock.getCustomModel(modelIdentifier: "model-\(prefix)-2")
            Issue.record("expected ResourceNotFoundException")
        } catch let error as ResourceNotFoundException {
            #expect(error.errorMetadata.code == "ResourceNotFoundException")  // moto answers 400, Bedrock 404
            #expect(error.message?.contains("model-\(prefix)-2") == true)
        }
    }

    @Test("tags: tag, list, untag")
    func tags() async throws {
        let bedrock = try client()
        let name = "tag-\(UUID().uuidString.prefix(6).lowercased())"
        let arn = try await createJob(bedrock, name: name, tags: [AWSBedrock.Tag(key: "team", value: "ml")])
        _ = try await bedrock.tagResource(resourceARN: arn, tags: [AWSBedrock.Tag(key: "env", value: "test"), Tag(key: "cost", value: "42")])
        let tags = try await bedrock.listTagsForResource(resourceARN: arn).tags ?? []
        #expect(Dictionary(uniqueKeysWithValues: tags.map { ($0.key, $0.value) }) == ["team": "ml", "env": "test", "cost": "42"])
        _ = try await bedrock.untagResource(resourceARN: arn, tagKeys: ["cost", "team"])
        #expect(try await bedrock.listTagsForResource(resourceARN: arn).tags?.map(\.key) == ["env"])
    }

    @Test("model invocation logging configuration: put, get, delete")
    func loggingConfiguration() async throws {
        let bedrock = try client()
        let config = LoggingConfig(
            embeddingDataDeliveryEnabled: false,
            imageDataDeliveryEnabled: true,
            s3Config: S3Config(bucketName: "logs-bucket", keyPrefix: "bedrock/"),
            textDataDeliveryEnabled: true
        )
        _ = try await bedrock.putModelInvocationLoggingConfiguration(loggingConfig: config)
        let fetched = try await bedrock.getModelInvocationLoggingConfiguration()
        #expect(fetched.loggingConfig?.s3Config?.bucketName == "logs-bucket")
        #expect(fetched.loggingConfig?.textDataDeliveryEnabled == true)
        #expect(fetched.loggingConfig == config)
        _ = try await bedrock.deleteModelInvocationLoggingConfiguration()
        #expect(try await bedrock.getModelInvocationLoggingConfiguration().loggingConfig?.s3Config == nil)
    }
}
