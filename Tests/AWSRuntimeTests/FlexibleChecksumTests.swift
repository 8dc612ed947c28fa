@testable import AWSRuntime
import CAWSChecksums
import Foundation
import Testing

@Suite("Flexible checksums: the algorithms and botocore's rules")
struct FlexibleChecksumTests {
    /// A reflected CRC one bit at a time, the definition the fast code must agree with.
    static func bitwise<T: FixedWidthInteger & UnsignedInteger>(_ bytes: [UInt8], polynomial: T) -> T {
        var crc = ~T.zero
        for byte in bytes {
            crc ^= T(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
        }
        return ~crc
    }

    static func randomBytes(_ count: Int, _ generator: inout some RandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }

    @Test("the catalogue's check values (\"123456789\") of every algorithm, as AWS writes them (big-endian, base64)", arguments: [
        (AWSChecksumAlgorithm.crc32, "y/Q5Jg=="),           // 0xCBF43926
        (.crc32c, "4waSgw=="),                              // 0xE3069283
        (.crc64nvme, "rosUhgp5mIg="),                       // 0xAE8B14860A799888
        (.sha1, "98O8HYCOBHMq32eZZczDTKeuNEE="),
        (.sha256, "FeKw08M4keuw8e9gnsQZQgwg4yDOlMZfvIwzEkSOsiU="),
    ])
    func checkValues(algorithm: AWSChecksumAlgorithm, expected: String) {
        #expect(AWSChecksum.base64Digest(of: Array("123456789".utf8), algorithm: algorithm) == expected)
    }

    @Test("CRC-32C and CRC-64/NVME (instruction and table each) agree with their bitwise definitions at every length to 300 and any split")
    func crcsAgreeWithDefinitions() {
        var generator = SystemRandomNumberGenerator()
        for length in 0...300 {
            let bytes = Self.randomBytes(length, &generator)
            let crc32c = Self.bitwise(bytes, polynomial: UInt32(0x82F6_3B78))
            let crc64 = Self.bitwise(bytes, polynomial: UInt64(0x9A6C_9329_AC4B_C9B5))
            #expect(aws_codegen_crc32c(0, bytes, bytes.count) == crc32c, "length \(length)")
            #expect(aws_codegen_crc32c_without_instruction(0, bytes, bytes.count) == crc32c, "length \(length)")
            #expect(aws_codegen_crc64nvme(0, bytes, bytes.count) == crc64, "length \(length)")
            #expect(aws_codegen_crc64nvme_without_instruction(0, bytes, bytes.count) == crc64, "length \(length)")
            let split = Int.random(in: 0...length, using: &generator)
            for algorithm in AWSChecksumAlgorithm.allCases {
                var running = AWSChecksum(algorithm)
                running.update(bytes[..<split])
                running.update(bytes[split...])
                #expect(running.base64Digest() == AWSChecksum.base64Digest(of: bytes, algorithm: algorithm), "\(algorithm) split at \(split) of \(length)")
            }
        }
    }

    static let putObject = AWSOperationDescriptor(
        name: "PutObject", method: "PUT", requestURI: "/{Key+}", requestChecksumAlgorithmHeader: "x-amz-sdk-checksum-algorithm"
    )
    static let deleteObjects = AWSOperationDescriptor(
        name: "DeleteObjects", method: "POST", requestURI: "/?delete", requiresRequestChecksum: true,
        requestChecksumAlgorithmHeader: "x-amz-sdk-checksum-algorithm"
    )
    static let getObject = AWSOperationDescriptor(
        name: "GetObject", method: "GET", requestURI: "/{Key+}", checksumValidationModeHeader: "x-amz-checksum-mode",
        responseChecksumAlgorithms: ["CRC64NVME", "CRC32", "CRC32C", "SHA256", "SHA1", "XXHASH3"]
    )

    func checksumHeaders(_ policy: AWSChecksumPolicy, _ operation: AWSOperationDescriptor, headers: [String: String] = [:]) throws -> [String: String] {
        var request = AWSHTTPRequest(method: "PUT", url: URL(string: "https://s3.amazonaws.com/b/k")!)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        try FlexibleChecksums(requestPolicy: policy, responsePolicy: .whenSupported).addRequestChecksum(to: &request, body: Array("hello".utf8), operation: operation)
        return Dictionary(uniqueKeysWithValues: request.headers.map { ($0.name.lowercased(), $0.value) })
    }

    @Test("request checksums follow botocore: CRC-32 by default where supported, the caller's algorithm, only required ones when_required, never over the caller's own")
    func requestRules() throws {
        #expect(try checksumHeaders(.whenSupported, Self.putObject) == ["x-amz-checksum-crc32": "NhCmhg==", "x-amz-sdk-checksum-algorithm": "CRC32"])
        #expect(try checksumHeaders(.whenRequired, Self.putObject) == [:])
        #expect(try checksumHeaders(.whenRequired, Self.deleteObjects) == ["x-amz-checksum-crc32": "NhCmhg==", "x-amz-sdk-checksum-algorithm": "CRC32"])
        #expect(try checksumHeaders(.whenRequired, Self.putObject, headers: ["x-amz-sdk-checksum-algorithm": "sha256"])
            == ["x-amz-checksum-sha256": "LPJNul+wow4m6DsqxbninhsWHlwfp0JecwQzYpOLmCQ=", "x-amz-sdk-checksum-algorithm": "sha256"])
        #expect(try checksumHeaders(.whenSupported, Self.putObject, headers: ["x-amz-checksum-crc32c": "mine"]) == ["x-amz-checksum-crc32c": "mine"])
        // botocore's pattern takes x-amz-checksum-mode for a checksum header too.
        #expect(try checksumHeaders(.whenSupported, Self.putObject, headers: ["x-amz-checksum-mode": "ENABLED"]) == ["x-amz-checksum-mode": "ENABLED"])
        #expect(throws: AWSConfigurationError.self) { try checksumHeaders(.whenSupported, Self.putObject, headers: ["x-amz-sdk-checksum-algorithm": "XXHASH3"]) }
    }

    func response(_ headers: [String: String], body: String) -> HTTPResponseParts {
        var fields = AWSHTTPHeaders()
        for (name, value) in headers { fields.add(name: name, value: value) }
        return HTTPResponseParts(statusCode: 200, headers: fields, body: Array(body.utf8))
    }

    @Test("response validation: the first algorithm of botocore's order that the response carries; composite checksums skipped; a mismatch is an error naming both values")
    func responseRules() throws {
        var request = AWSHTTPRequest(method: "GET", url: URL(string: "https://s3.amazonaws.com/b/k")!)
        FlexibleChecksums(requestPolicy: .whenSupported, responsePolicy: .whenSupported).requestValidationMode(in: &request, operation: Self.getObject)
        #expect(request.headers["x-amz-checksum-mode"] == "ENABLED")
        var unasked = AWSHTTPRequest(method: "GET", url: URL(string: "https://s3.amazonaws.com/b/k")!)
        FlexibleChecksums(requestPolicy: .whenSupported, responsePolicy: .whenRequired).requestValidationMode(in: &unasked, operation: Self.getObject)
        #expect(unasked.headers["x-amz-checksum-mode"] == nil)

        let both = response(["x-amz-checksum-crc32": "NhCmhg==", "x-amz-checksum-sha256": "wrong"], body: "hello")
        #expect(FlexibleChecksums.expectedChecksum(request: request, response: both, operation: Self.getObject)?.algorithm == .crc32)
        #expect(FlexibleChecksums.expectedChecksum(request: unasked, response: both, operation: Self.getObject) == nil)
        let composite = response(["x-amz-checksum-crc32": "AAAAAA==-3"], body: "hello")
        #expect(FlexibleChecksums.expectedChecksum(request: request, response: composite, operation: Self.getObject) == nil)

        var good = response(["x-amz-checksum-crc32": "NhCmhg=="], body: "hello")
        try FlexibleChecksums.validate(&good, request: request, operation: Self.getObject, operationLabel: "S3.GetObject")
        var bad = response(["x-amz-checksum-crc32": "NhCmhg=="], body: "hellO")
        let error = #expect(throws: AWSChecksumMismatchError.self) {
            try FlexibleChecksums.validate(&bad, request: request, operation: Self.getObject, operationLabel: "S3.GetObject")
        }
        #expect(error?.description.contains("S3.GetObject") == true && error?.expected == "NhCmhg==")
    }

    @Test("a streamed body is checked as its last byte passes: every chunk arrives, then the mismatch fails the iteration")
    func streamedValidation() async throws {
        var request = AWSHTTPRequest(method: "GET", url: URL(string: "https://s3.amazonaws.com/b/k")!)
        request.headers.add(name: "x-amz-checksum-mode", value: "ENABLED")
        for (body, matches) in [("hello", true), ("hellO", false)] {
            var parts = response(["x-amz-checksum-crc32": "NhCmhg=="], body: "")
            let chunks = body.utf8.map { [$0] }
            parts.bodyStream = AsyncThrowingStream { continuation in
                for chunk in chunks { continuation.yield(chunk) }
                continuation.finish()
            }
            try FlexibleChecksums.validate(&parts, request: request, operation: Self.getObject, operationLabel: "S3.GetObject")
            var received: [UInt8] = []
            do {
                for try await chunk in parts.bodyStream! { received += chunk }
                #expect(matches, "a damaged body ended quietly")
            } catch is AWSChecksumMismatchError {
                #expect(!matches)
            }
            #expect(received == Array(body.utf8))
        }
    }

    @Test("the policies: code, then AWS_*_CHECKSUM_*, then the profile; a value that is neither policy is an error naming where it came from")
    func policies() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("checksum-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = folder.appendingPathComponent("config")
        try "[default]\nrequest_checksum_calculation = when_required\nresponse_checksum_validation = WHEN_REQUIRED\n[profile broken]\nrequest_checksum_calculation = sometimes\n"
            .write(to: config, atomically: true, encoding: .utf8)
        let environment = ["AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]
        func resolve(_ environment: [String: String], profile: String? = nil, request: AWSChecksumPolicy? = nil) throws -> FlexibleChecksums {
            try FlexibleChecksums.resolve(AWSClientConfiguration(profile: profile, requestChecksumCalculation: request, environment: environment))
        }
        let fromProfile = try resolve(environment)
        #expect(fromProfile.requestPolicy == .whenRequired && fromProfile.responsePolicy == .whenRequired)
        #expect(try resolve(environment.merging(["AWS_REQUEST_CHECKSUM_CALCULATION": "when_supported"]) { $1 }).requestPolicy == .whenSupported)
        #expect(try resolve(environment, request: .whenSupported).requestPolicy == .whenSupported)
        #expect(try resolve(["AWS_CONFIG_FILE": "/nonexistent", "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent"]).requestPolicy == .whenSupported)
        let error = #expect(throws: AWSConfigurationError.self) { try resolve(environment, profile: "broken") }
        #expect(error?.description.contains("request_checksum_calculation") == true && error?.description.contains("sometimes") == true)
    }
}
