import CAWSChecksums
import Crypto
import Foundation

/// The checksum algorithms of S3's flexible checksums that this runtime computes, by their model
/// names (`ChecksumAlgorithm` in S3's model). XXHASH and SHA-512, which newer models list, are not
/// among them yet: asking for one is an error, not a silent skip.
public enum AWSChecksumAlgorithm: String, CaseIterable, Sendable {
    case crc32 = "CRC32"
    case crc32c = "CRC32C"
    case crc64nvme = "CRC64NVME"
    case sha1 = "SHA1"
    case sha256 = "SHA256"

    /// The algorithm by its name in any case (`crc32`, `CRC32`); nil for one not supported.
    public init?(name: String) {
        guard let algorithm = Self.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(name) == .orderedSame }) else { return nil }
        self = algorithm
    }

    /// The header that carries the checksum: `x-amz-checksum-crc32`.
    public var headerName: String { "x-amz-checksum-" + rawValue.lowercased() }

    /// The order botocore tries a response's checksums in (the cheapest strong one first).
    static let validationPriority: [AWSChecksumAlgorithm] = [.crc64nvme, .crc32c, .crc32, .sha1, .sha256]
}

/// A running checksum: feed it bytes as they pass, then read the digest. CRCs are big-endian
/// (as AWS sends them); every digest travels base64-encoded.
public struct AWSChecksum: Sendable {
    private enum State: Sendable {
        case crc32(UInt32)
        case crc32c(UInt32)
        case crc64nvme(UInt64)
        case sha1(Insecure.SHA1)
        case sha256(SHA256)
    }
    private var state: State
    public let algorithm: AWSChecksumAlgorithm

    public init(_ algorithm: AWSChecksumAlgorithm) {
        self.algorithm = algorithm
        switch algorithm {
        case .crc32: state = .crc32(0)
        case .crc32c: state = .crc32c(0)
        case .crc64nvme: state = .crc64nvme(0)
        case .sha1: state = .sha1(Insecure.SHA1())
        case .sha256: state = .sha256(SHA256())
        }
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), !bytes.isEmpty else { return }
        switch state {
        case .crc32(let crc): state = .crc32(CRC32.checksum(UnsafeBufferPointer(start: base, count: bytes.count), continuing: crc))
        case .crc32c(let crc): state = .crc32c(aws_codegen_crc32c(crc, base, bytes.count))
        case .crc64nvme(let crc): state = .crc64nvme(aws_codegen_crc64nvme(crc, base, bytes.count))
        case .sha1(var hash):
            hash.update(bufferPointer: bytes)
            state = .sha1(hash)
        case .sha256(var hash):
            hash.update(bufferPointer: bytes)
            state = .sha256(hash)
        }
    }

    public mutating func update(_ bytes: some Collection<UInt8>) {
        if bytes.withContiguousStorageIfAvailable({ update(UnsafeRawBufferPointer($0)) }) != nil { return }
        Array(bytes).withUnsafeBytes { update($0) }
    }

    /// The digest of everything fed so far.
    public func digest() -> [UInt8] {
        switch state {
        case .crc32(let crc), .crc32c(let crc): withUnsafeBytes(of: crc.bigEndian) { Array($0) }
        case .crc64nvme(let crc): withUnsafeBytes(of: crc.bigEndian) { Array($0) }
        case .sha1(let hash): Array(hash.finalize())
        case .sha256(let hash): Array(hash.finalize())
        }
    }

    /// The digest as AWS sends it, base64-encoded.
    public func base64Digest() -> String { Data(digest()).base64EncodedString() }

    /// The base64 digest of `bytes` in one step.
    public static func base64Digest(of bytes: some Collection<UInt8>, algorithm: AWSChecksumAlgorithm) -> String {
        var checksum = AWSChecksum(algorithm)
        checksum.update(bytes)
        return checksum.base64Digest()
    }
}
