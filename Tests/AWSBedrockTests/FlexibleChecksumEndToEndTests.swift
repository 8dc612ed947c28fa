import AWSRuntime
import Foundation
import IntegrationS3
import TestSupport
import Testing

/// Flexible checksums against their references: botocore's own checksum classes (with awscrt for
/// CRC-32C and CRC-64/NVME) on random data, moto's S3 for every algorithm, and a server whose
/// checksum does not match its body.
@Suite("Flexible checksums against botocore, moto and a damaged body", .serialized, .enabled(if: Servers.motoTrait))
struct FlexibleChecksumEndToEndTests {
    static let awscrtAvailable = Servers.canImport("awscrt")

    func s3(_ endpoint: URL, transport: (any AWSHTTPTransport)? = nil) -> S3Client {
        S3Client(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            transport: transport, retryStrategy: StandardRetryStrategy(maxAttempts: 1), validatesPatterns: false
        ))
    }

    /// Lowercase hex, by table (String(format:) per byte took most of a minute on megabytes).
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: bytes.count * 2)
        for (index, byte) in bytes.enumerated() {
            text[2 * index] = digits[Int(byte >> 4)]
            text[2 * index + 1] = digits[Int(byte & 15)]
        }
        return String(decoding: text, as: UTF8.self)
    }

    @Test("every algorithm's digest equals botocore's (awscrt for CRC-32C and CRC-64/NVME) on 300 random inputs of 0 bytes to 512 KiB")
    func againstBotocore() async throws {
        guard Self.awscrtAvailable || Servers.isCI else {
            print("⚠️ SKIPPED: awscrt is not installed for python3 (pip install awscrt); the checksum differential test did not run")
            return
        }
        var generator = SystemRandomNumberGenerator()
        var inputs: [[UInt8]] = [[], Array("123456789".utf8)]
        for index in 0..<298 {
            let length = index < 288 ? Int.random(in: 0...4096, using: &generator) : Int.random(in: 0...(1 << 19), using: &generator)
            // Eight random bytes per draw: a byte-by-byte loop in a debug build holds the test
            // process's cooperative pool long enough to starve other suites' network reads.
            var bytes = [UInt64](repeating: 0, count: (length + 7) / 8)
            for word in bytes.indices { bytes[word] = generator.next() }
            inputs.append(bytes.withUnsafeBytes { Array($0.prefix(length)) })
        }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("checksum-inputs-\(UUID().uuidString).txt")
        defer { try? FileManager.default.removeItem(at: file) }
        let hex = inputs.map(Self.hex).joined(separator: "\n") + "\n"
        try hex.write(to: file, atomically: true, encoding: .utf8)
        let output = try await offCooperativePool { try Servers.runPython("Tests/Differential/checksum_reference.py", [file.path]) }
        let lines = String(decoding: output, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == inputs.count)
        let algorithms: [AWSChecksumAlgorithm] = [.crc32, .crc32c, .crc64nvme, .sha1, .sha256]
        for (input, line) in zip(inputs, lines) {
            let expected = line.split(separator: "\t").map(String.init)
            let ours = algorithms.map { AWSChecksum.base64Digest(of: input, algorithm: $0) }
            #expect(ours == expected, "\(input.count) bytes")
        }
    }

    @Test("PutObject with each algorithm: the checksum header matches the body and moto stores it; GetObject asks for the checksum and validates it", arguments: [
        ChecksumAlgorithm.crc32, .crc32c, .crc64nvme, .sha1, .sha256,
    ])
    func roundTrip(algorithm: ChecksumAlgorithm) async throws {
        let recorder = RecordingTransport(forwardingTo: AsyncHTTPClientTransport())
        let s3 = s3(try Servers.moto().endpoint, transport: recorder)
        let bucket = "checksum-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await s3.createBucket(bucket: bucket)
        let body = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let ours = try #require(AWSChecksumAlgorithm(name: algorithm.rawValue))
        let expected = AWSChecksum.base64Digest(of: body, algorithm: ours)
        _ = try await s3.putObject(bucket: bucket, key: "object", body: body, checksumAlgorithm: algorithm)
        let put = try #require(recorder.requests.last { $0.method == "PUT" && $0.url.path.hasSuffix("/object") })
        #expect(put.headers[ours.headerName] == expected)

        let object = try await s3.getObject(bucket: bucket, key: "object")
        let get = try #require(recorder.requests.last)
        #expect(get.headers["x-amz-checksum-mode"] == "ENABLED")
        #expect(try await object.body.collect(upTo: 1 << 20) == body)
        let returned: String? = switch algorithm {
        case .crc32: object.checksumCRC32
        case .crc32c: object.checksumCRC32C
        case .crc64nvme: object.checksumCRC64NVME
        case .sha1: object.checksumSHA1
        case .sha256: object.checksumSHA256
        default: nil
        }
        #expect(returned == expected, "moto sends back the checksum it stored")
        _ = try await s3.deleteObject(bucket: bucket, key: "object")
        _ = try await s3.deleteBucket(bucket: bucket)
    }

    @Test("a body that does not match its checksum: every byte is delivered, then the read fails with AWSChecksumMismatchError")
    func damagedBody() async throws {
        let s3 = s3(try Servers.hostile().endpoint)
        let object = try await s3.getObject(bucket: "bucket", key: "bad-checksum")
        var received = 0
        let error = await #expect(throws: AWSChecksumMismatchError.self) {
            for try await chunk in object.body { received += chunk.count }
        }
        #expect(received == 256 * 781 + 4)
        #expect(error?.algorithm == .crc32)
        #expect(error?.description.contains("S3.GetObject") == true)

        // A multipart object's composite checksum cannot be checked against the body: skipped, as botocore does.
        let composite = try await s3.getObject(bucket: "bucket", key: "composite-checksum")
        #expect(try await composite.body.collect(upTo: 1 << 20).count == 256 * 781 + 4)
    }

    @Test("a byte damaged by a proxy between the client and moto: the read fails with AWSChecksumMismatchError after the last byte; the same object read past the proxy is intact")
    func damagedByProxy() async throws {
        let direct = s3(try Servers.moto().endpoint)
        let bucket = "tamper-\(UUID().uuidString.prefix(8).lowercased())"
        _ = try await direct.createBucket(bucket: bucket)
        let body = Data((0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 13) })
        _ = try await direct.putObject(bucket: bucket, key: "tamper.bin", body: body, checksumAlgorithm: .crc32c)
        let proxied = s3(try Servers.tamperingProxy().endpoint)
        let object = try await proxied.getObject(bucket: bucket, key: "tamper.bin")
        var received = 0
        let error = await #expect(throws: AWSChecksumMismatchError.self) {
            for try await chunk in object.body { received += chunk.count }
        }
        #expect(received == body.count, "every byte arrives before the mismatch is known")
        #expect(error?.algorithm == .crc32c)
        #expect(error?.expected == AWSChecksum.base64Digest(of: body, algorithm: .crc32c))
        #expect(try await direct.getObject(bucket: bucket, key: "tamper.bin").body.collect(upTo: 1 << 20) == body)
    }

    @Test("with response_checksum_validation when_required the client neither asks for nor checks the checksum")
    func validationOff() async throws {
        let s3 = S3Client(configuration: AWSClientConfiguration(
            region: "us-east-1", endpoint: try Servers.hostile().endpoint,
            credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
            retryStrategy: StandardRetryStrategy(maxAttempts: 1), validatesPatterns: false,
            environment: ["AWS_RESPONSE_CHECKSUM_VALIDATION": "when_required", "AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        ))
        let object = try await s3.getObject(bucket: "bucket", key: "bad-checksum")
        #expect(try await object.body.collect(upTo: 1 << 20).count == 256 * 781 + 4)
    }
}
