import AWSRuntime
import Foundation
import IntegrationS3
import TestSupport
import Testing

/// Whether the long tests run (`AWS_CODEGEN_LONG_TESTS=1`, as `scripts/long-test.sh` sets it).
enum LongTests {
    static let enabled = ProcessInfo.processInfo.environment["AWS_CODEGEN_LONG_TESTS"] == "1"
}

/// The 1 GiB cases, too slow for every run: `scripts/long-test.sh` runs them (AWS_CODEGEN_LONG_TESTS=1).
extension LargeData {
    @Suite("1 GiB transfers against moto (long tests)", .serialized, .enabled(if: LongTests.enabled && Servers.motoTrait))
    struct LongTransferTests {
        static let gibibyte = 1 << 30

        func s3() throws -> S3Client {
            S3Client(configuration: AWSClientConfiguration(
                region: "us-east-1", endpoint: try Servers.moto().endpoint,
                credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
                retryStrategy: StandardRetryStrategy(maxAttempts: 2, baseDelay: 0.01), attemptTimeout: .seconds(600), validatesPatterns: false
            ))
        }

        @Test("a 1 GiB file up and down through streamed bodies (PutObject, GetObject): bytes intact, memory growth under 64 MiB")
        func streamedGibibyte() async throws {
            try await StreamedUploadTests.roundTrip(size: Self.gibibyte, s3: s3())
        }

        @Test("a 1 GiB file up in 64 parallel parts and down in parallel ranges: bytes intact, memory growth under 128 MiB")
        func multipartGibibyte() async throws {
            let s3 = try s3()
            let bucket = "long-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await s3.createBucket(bucket: bucket)
            let file = try await StreamedUploadTests.patternFile(Self.gibibyte)
            let copy = file.appendingPathExtension("copy")
            defer {
                try? FileManager.default.removeItem(at: file)
                try? FileManager.default.removeItem(at: copy)
            }
            let transfer = s3.transfer(options: AWSS3TransferOptions(partSize: 16 << 20, concurrency: 8))
            let sampler = MemorySampler()
            let baseline = StreamingBodyTests.residentBytes() ?? 0
            let result = try await transfer.upload(file: file, bucket: bucket, key: "big.bin")
            #expect(result.parts == 64)
            #expect(try await transfer.download(bucket: bucket, key: "big.bin", to: copy) == Self.gibibyte)
            let peak = await sampler.stop()
            #expect(try await StreamedUploadTests.sha256(ofFile: copy) == StreamedUploadTests.sha256(ofFile: file))
            if baseline > 0 {
                #expect(peak - baseline < 128 << 20, "resident memory grew by \((peak - baseline) >> 20) MiB")
            }
        }

        @Test("cancelling a 1 GiB multipart upload part-way aborts it: ListMultipartUploads is empty afterwards")
        func cancelledGibibyte() async throws {
            let s3 = try s3()
            let bucket = "long-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await s3.createBucket(bucket: bucket)
            let file = try await StreamedUploadTests.patternFile(Self.gibibyte)
            defer { try? FileManager.default.removeItem(at: file) }
            let transfer = s3.transfer(options: AWSS3TransferOptions(partSize: 16 << 20, concurrency: 4))
            let progress = AsyncStream<Int>.makeStream()
            let upload = Task { try await transfer.upload(file: file, bucket: bucket, key: "cancelled.bin") { progress.continuation.yield($0.bytesTransferred) } }
            for await done in progress.stream where done >= 256 << 20 { break }
            upload.cancel()
            await #expect(throws: CancellationError.self) { _ = try await upload.value }
            #expect(try await s3.listMultipartUploads(bucket: bucket).uploads?.count ?? 0 == 0)
        }
    }
}
