import Foundation

/// When the client computes request checksums or validates response checksums, as botocore's
/// `request_checksum_calculation` and `response_checksum_validation`.
public enum AWSChecksumPolicy: String, Sendable {
    /// For every operation that supports it (the default).
    case whenSupported = "when_supported"
    /// Only where the operation requires it (request), or where the caller asked (response).
    case whenRequired = "when_required"
}

/// A response whose body does not match the checksum the service sent with it: the body was
/// damaged on the way (or by a proxy). For a streamed body, the iteration fails after the last byte.
public struct AWSChecksumMismatchError: Error, Sendable, CustomStringConvertible {
    public var operation: String
    public var algorithm: AWSChecksumAlgorithm
    /// The checksum the service sent (base64).
    public var expected: String
    /// The checksum of the bytes received (base64).
    public var computed: String

    public var description: String {
        "the body of the \(operation) response does not match its \(algorithm.rawValue) checksum: the service sent \(expected), the bytes received give \(computed)"
    }
}

/// botocore's flexible-checksum rules for one call (`httpchecksum.py`).
struct FlexibleChecksums {
    let requestPolicy: AWSChecksumPolicy
    let responsePolicy: AWSChecksumPolicy

    /// The two policies from the configuration, `AWS_REQUEST_CHECKSUM_CALCULATION` /
    /// `AWS_RESPONSE_CHECKSUM_VALIDATION`, or the profile's `request_checksum_calculation` /
    /// `response_checksum_validation`; a value that is neither policy is an error naming it.
    static func resolve(_ configuration: AWSClientConfiguration) throws -> FlexibleChecksums {
        let profile = try? AWSSharedConfigFiles(environment: configuration.environment).settings(forProfile: configuration.profileName)
        func policy(_ set: AWSChecksumPolicy?, variable: String, key: String) throws -> AWSChecksumPolicy {
            if let set { return set }
            let (text, source) = configuration.environment[variable].flatMap { $0.isEmpty ? nil : ($0, variable) }
                ?? profile?[key].map { ($0, "the profile's \(key)") } ?? ("when_supported", "")
            guard let value = AWSChecksumPolicy(rawValue: text.lowercased()) else {
                throw AWSConfigurationError("\(source) is '\(text)'; it must be when_supported or when_required")
            }
            return value
        }
        return FlexibleChecksums(
            requestPolicy: try policy(configuration.requestChecksumCalculation, variable: "AWS_REQUEST_CHECKSUM_CALCULATION", key: "request_checksum_calculation"),
            responsePolicy: try policy(configuration.responseChecksumValidation, variable: "AWS_RESPONSE_CHECKSUM_VALIDATION", key: "response_checksum_validation")
        )
    }

    /// botocore's test for a checksum the caller already set: any `x-amz-checksum-<letters and digits>`
    /// header (which `x-amz-checksum-mode` also is).
    static func hasChecksumHeader(_ headers: AWSHTTPHeaders) -> Bool {
        headers.contains { field in
            let name = field.name.lowercased()
            guard name.hasPrefix("x-amz-checksum-") else { return false }
            let suffix = name.dropFirst("x-amz-checksum-".count)
            return suffix.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
        }
    }

    /// Adds the request's checksum header (and the algorithm member's header when the client chose
    /// the algorithm), for a body sent whole.
    func addRequestChecksum(to request: inout AWSHTTPRequest, body: [UInt8], operation: AWSOperationDescriptor) throws {
        guard let algorithm = try requestAlgorithm(for: &request, operation: operation) else { return }
        request.headers.replaceOrAdd(name: algorithm.headerName, value: AWSChecksum.base64Digest(of: body, algorithm: algorithm))
    }

    /// The algorithm of the request's checksum, or nil for none: none when the caller set a checksum
    /// header already; the caller's algorithm when the input names one; else CRC-32 where the
    /// operation requires a checksum or supports one and the policy is `whenSupported` (then the
    /// algorithm member's header is set to it, as botocore does).
    func requestAlgorithm(for request: inout AWSHTTPRequest, operation: AWSOperationDescriptor) throws -> AWSChecksumAlgorithm? {
        guard !Self.hasChecksumHeader(request.headers) else { return nil }
        if let header = operation.requestChecksumAlgorithmHeader, let chosen = request.headers[header] {
            guard let known = AWSChecksumAlgorithm(name: chosen) else {
                throw AWSConfigurationError("\(operation.name): the checksum algorithm '\(chosen)' is not supported (supported: \(AWSChecksumAlgorithm.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return known
        }
        guard operation.requiresRequestChecksum || (operation.requestChecksumAlgorithmHeader != nil && requestPolicy == .whenSupported) else {
            return nil
        }
        if let header = operation.requestChecksumAlgorithmHeader { request.headers.replaceOrAdd(name: header, value: AWSChecksumAlgorithm.crc32.rawValue) }
        return .crc32
    }

    /// Asks the service for the checksum of what it sends (`x-amz-checksum-mode: ENABLED`) where the
    /// operation can validate one and the policy is `whenSupported`, unless the caller set the mode.
    func requestValidationMode(in request: inout AWSHTTPRequest, operation: AWSOperationDescriptor) {
        guard responsePolicy == .whenSupported, let header = operation.checksumValidationModeHeader, !request.headers.contains(header) else { return }
        request.headers.add(name: header, value: "ENABLED")
    }

    /// The algorithm and expected digest to check the response against: where the request asked
    /// for validation, the first of botocore's priority list that the operation lists and the
    /// response carries, skipping S3's composite multipart checksums (`...-3`).
    static func expectedChecksum(
        request: AWSHTTPRequest, response: HTTPResponseParts, operation: AWSOperationDescriptor
    ) -> (algorithm: AWSChecksumAlgorithm, value: String)? {
        guard let modeHeader = operation.checksumValidationModeHeader, request.headers.contains(modeHeader) else { return nil }
        let offered = Set(operation.responseChecksumAlgorithms.compactMap(AWSChecksumAlgorithm.init(name:)))
        for algorithm in AWSChecksumAlgorithm.validationPriority where offered.contains(algorithm) {
            guard let value = response.headers[algorithm.headerName] else { continue }
            if value.contains("-") { continue }
            return (algorithm, value)
        }
        return nil
    }

    /// Checks the response's body against its checksum: at once for a body read whole, as the last
    /// byte passes for a streamed one.
    static func validate(
        _ response: inout HTTPResponseParts, request: AWSHTTPRequest, operation: AWSOperationDescriptor, operationLabel: String
    ) throws {
        guard let (algorithm, expected) = expectedChecksum(request: request, response: response, operation: operation) else { return }
        guard let stream = response.bodyStream else {
            let computed = AWSChecksum.base64Digest(of: response.body, algorithm: algorithm)
            if computed != expected { throw AWSChecksumMismatchError(operation: operationLabel, algorithm: algorithm, expected: expected, computed: computed) }
            return
        }
        let checked = ChecksummedChunks(stream.makeAsyncIterator(), checksum: AWSChecksum(algorithm), expected: expected, operation: operationLabel)
        response.bodyStream = AsyncThrowingStream(unfolding: { try await checked.next() })
    }
}

/// A streamed body's chunks, passed on as they come while their checksum runs; at the end the
/// checksum is compared, and a mismatch fails the iteration instead of ending it.
private final class ChecksummedChunks: @unchecked Sendable {
    // Only the stream's one consumer calls `next()`, one call at a time.
    private var iterator: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator
    private var checksum: AWSChecksum
    private let expected: String
    private let operation: String
    private var finished = false

    init(_ iterator: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator, checksum: AWSChecksum, expected: String, operation: String) {
        self.iterator = iterator
        self.checksum = checksum
        self.expected = expected
        self.operation = operation
    }

    func next() async throws -> [UInt8]? {
        guard !finished else { return nil }
        if let chunk = try await iterator.next() {
            checksum.update(chunk)
            return chunk
        }
        finished = true
        let computed = checksum.base64Digest()
        if computed != expected {
            throw AWSChecksumMismatchError(operation: operation, algorithm: checksum.algorithm, expected: expected, computed: computed)
        }
        return nil
    }
}
