import Foundation
import IntegrationCloudFormation
import IntegrationDynamoDB
import IntegrationEC2
import IntegrationIAM
import IntegrationLambda
import IntegrationS3
import Testing

/// Generated waiters against moto, one protocol after another (rest-xml, JSON 1.0, ec2, query,
/// rest-json): success by status, by path, by pathAll and by an error code, a failure acceptor, a
/// wait that runs out of attempts and one that runs out of time. Time is virtual: moto changes
/// state at once, and no test sleeps.
@Suite("Waiters against moto", .serialized, .enabled(if: Servers.motoTrait))
struct WaiterMotoTests {
    static func configuration() throws -> AWSClientConfiguration {
        AWSClientConfiguration(
            region: "us-east-1", endpoint: try Servers.moto().endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            retryStrategy: StandardRetryStrategy(maxAttempts: 2, baseDelay: 0.01)
        )
    }

    static func virtualTime(maxAttempts: Int? = nil) -> AWSWaiterOptions {
        AWSWaiterOptions(maxAttempts: maxAttempts, clock: AWSVirtualWaiterClock())
    }

    static func name(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    @Test("S3 (rest-xml): BucketExists, ObjectExists, ObjectNotExists; a wait out of attempts and one out of time")
    func s3() async throws {
        let s3 = S3Client(configuration: try Self.configuration())
        let bucket = Self.name("waiters")
        do {
            try await s3.waitUntilBucketExists(bucket: bucket, options: Self.virtualTime(maxAttempts: 3))
            Issue.record("a bucket that does not exist exists")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .tooManyAttempts && error.attempts == 3)
            #expect(error.description.contains("waiter BucketExists stopped: no success after 3 attempts"))
        }
        _ = try await s3.createBucket(bucket: bucket)
        let exists = try await s3.waitUntilBucketExists(bucket: bucket, options: Self.virtualTime())
        #expect(exists.attempts == 1 && exists.statusCode == 200 && exists.output != nil)

        // Success by an error: the object is not there (HEAD answers 404).
        let absent = try await s3.waitUntilObjectNotExists(bucket: bucket, key: "a.txt", options: Self.virtualTime())
        #expect(absent.statusCode == 404 && absent.output == nil && absent.error != nil)
        _ = try await s3.putObject(bucket: bucket, key: "a.txt", body: Data("hello".utf8))
        let present = try await s3.waitUntilObjectExists(bucket: bucket, key: "a.txt", options: Self.virtualTime())
        #expect(present.output?.contentLength == 5)

        // BucketNotExists on a bucket that stays: every attempt matches nothing, until the deadline.
        let clock = AWSVirtualWaiterClock()
        do {
            try await s3.waitUntilBucketNotExists(bucket: bucket, maxWait: .seconds(60), options: AWSWaiterOptions(clock: clock))
            Issue.record("the bucket went away")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .deadlineExceeded(.seconds(60)))
            #expect(error.attempts == 13)
            #expect(clock.pauses == Array(repeating: .seconds(5), count: 12))
        }
    }

    @Test("DynamoDB (JSON 1.0): TableExists by path, TableNotExists by an error code")
    func dynamoDB() async throws {
        let dynamo = DynamoDBClient(configuration: try Self.configuration())
        let table = Self.name("table")
        _ = try await dynamo.createTable(
            tableName: table, attributeDefinitions: [AttributeDefinition(attributeName: "id", attributeType: .s)],
            billingMode: .payPerRequest, keySchema: [KeySchemaElement(attributeName: "id", keyType: .hash)]
        )
        let active = try await dynamo.waitUntilTableExists(tableName: table, options: Self.virtualTime())
        #expect(active.output?.table?.tableStatus == .active)
        _ = try await dynamo.deleteTable(tableName: table)
        let gone = try await dynamo.waitUntilTableNotExists(tableName: table, options: Self.virtualTime())
        #expect(gone.output == nil && gone.statusCode == 400)
    }

    @Test("EC2 (ec2, wire names unlike member names): InstanceRunning and InstanceStopped by pathAll, a failure acceptor by pathAny")
    func ec2() async throws {
        let ec2 = EC2Client(configuration: try Self.configuration())
        let reservation = try await ec2.runInstances(maxCount: 2, minCount: 2, imageId: "ami-12c6146b", instanceType: .t2Micro)
        let ids = (reservation.instances ?? []).compactMap(\.instanceId)
        #expect(ids.count == 2)
        let running = try await ec2.waitUntilInstanceRunning(instanceIds: ids, options: Self.virtualTime())
        let states = (running.output?.reservations ?? []).flatMap { $0.instances ?? [] }.compactMap { $0.state?.name?.rawValue }
        #expect(states == ["running", "running"])

        _ = try await ec2.stopInstances(instanceIds: ids)
        try await ec2.waitUntilInstanceStopped(instanceIds: ids, options: Self.virtualTime())

        _ = try await ec2.terminateInstances(instanceIds: [ids[0]])
        do {
            try await ec2.waitUntilInstanceRunning(instanceIds: ids, options: Self.virtualTime())
            Issue.record("a terminated instance is running")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .failureStateMatched("failure when any of Reservations[].Instances[].State.Name == \"terminated\""))
            #expect(error.attempts == 1)
        }
    }

    @Test("CloudFormation (query): StackCreateComplete; a failure acceptor on an error code")
    func cloudFormation() async throws {
        let cloudFormation = CloudFormationClient(configuration: try Self.configuration())
        let stack = Self.name("stack")
        let template = #"{"Resources": {"Queue": {"Type": "AWS::SQS::Queue"}}}"#
        _ = try await cloudFormation.createStack(stackName: stack, templateBody: template)
        let complete = try await cloudFormation.waitUntilStackCreateComplete(stackName: stack, options: Self.virtualTime())
        #expect(complete.output?.stacks?.first?.stackStatus == .createComplete)
        do {
            try await cloudFormation.waitUntilStackCreateComplete(stackName: Self.name("missing"), options: Self.virtualTime())
            Issue.record("a stack that was never created completed")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .failureStateMatched("failure when error ValidationError"))
        }
    }

    @Test("Lambda (rest-json): FunctionExists and FunctionActive; IAM (query): UserExists")
    func lambdaAndIAM() async throws {
        let iam = IAMClient(configuration: try Self.configuration())
        let role = try await iam.createRole(assumeRolePolicyDocument: "{}", roleName: Self.name("role"))
        let user = Self.name("user")
        _ = try await iam.createUser(userName: user)
        try await iam.waitUntilUserExists(userName: user, options: Self.virtualTime())

        let lambda = LambdaClient(configuration: try Self.configuration())
        let function = Self.name("function")
        // An empty zip archive (its end-of-central-directory record alone).
        let emptyZip = Data([0x50, 0x4B, 0x05, 0x06] + Array(repeating: 0, count: 18))
        _ = try await lambda.createFunction(
            code: FunctionCode(zipFile: emptyZip), functionName: function, role: role.role.arn,
            handler: "index.handler", runtime: Runtime(rawValue: "python3.11")
        )
        try await lambda.waitUntilFunctionExists(functionName: function, options: Self.virtualTime())
        let active = try await lambda.waitUntilFunctionActive(functionName: function, options: Self.virtualTime())
        #expect(active.output?.state == .active)
    }
}
