import Foundation

/// The S3 calls the transfer manager makes, in terms of its own small types: a generated S3 client
/// provides them (`S3Client.transfer()`), so the transfer logic lives once, here, and each
/// generated module carries only the mapping to its own input and output types.
public protocol AWSS3TransferOperations: Sendable {
    /// Starts a multipart upload; returns its upload ID.
    func createMultipartUpload(_ object: AWSS3TransferObject) async throws -> String
    func uploadPart(_ object: AWSS3TransferObject, uploadID: String, partNumber: Int, body: AWSByteStream) async throws -> AWSS3UploadedPart
    func completeMultipartUpload(_ object: AWSS3TransferObject, uploadID: String, parts: [AWSS3UploadedPart]) async throws -> AWSS3UploadResult
    func abortMultipartUpload(_ object: AWSS3TransferObject, uploadID: String) async throws
    /// One `PutObject`, for what is smaller than the multipart threshold.
    func putObject(_ object: AWSS3TransferObject, body: AWSByteStream) async throws -> AWSS3UploadResult
    func headObject(bucket: String, key: String) async throws -> AWSS3ObjectInfo
    /// `GetObject`, of `range` (`bytes=first-last`) when given, failing when the object's ETag is no longer `ifMatch`.
    func getObject(bucket: String, key: String, range: String?, ifMatch: String?) async throws -> AWSByteStream
}

/// The object an upload writes: where, and the settings every request of the upload repeats.
public struct AWSS3TransferObject: Sendable {
    public var bucket: String
    public var key: String
    public var contentType: String?
    /// The checksum sent with each part (and for a single `PutObject`).
    public var checksumAlgorithm: AWSChecksumAlgorithm

    public init(bucket: String, key: String, contentType: String? = nil, checksumAlgorithm: AWSChecksumAlgorithm = .crc32) {
        self.bucket = bucket
        self.key = key
        self.contentType = contentType
        self.checksumAlgorithm = checksumAlgorithm
    }
}

/// A part S3 accepted: what `CompleteMultipartUpload` lists.
public struct AWSS3UploadedPart: Sendable, Equatable {
    public var partNumber: Int
    public var eTag: String
    public var checksumAlgorithm: AWSChecksumAlgorithm
    /// The part's checksum as S3 returned it (base64).
    public var checksum: String?

    public init(partNumber: Int, eTag: String, checksumAlgorithm: AWSChecksumAlgorithm, checksum: String?) {
        self.partNumber = partNumber
        self.eTag = eTag
        self.checksumAlgorithm = checksumAlgorithm
        self.checksum = checksum
    }

    /// The part from an `UploadPart` output: its ETag and, of the checksums it carries, the one of `algorithm`.
    public init(partNumber: Int, eTag: String?, checksumAlgorithm: AWSChecksumAlgorithm, checksums: [AWSChecksumAlgorithm: String?]) {
        self.init(partNumber: partNumber, eTag: eTag ?? "", checksumAlgorithm: checksumAlgorithm, checksum: checksums[checksumAlgorithm] ?? nil)
    }

    /// The checksum, when it is of `algorithm`: what goes in a `CompletedPart`'s member of that algorithm.
    public func checksum(_ algorithm: AWSChecksumAlgorithm) -> String? {
        algorithm == checksumAlgorithm ? checksum : nil
    }
}

/// What an upload produced.
public struct AWSS3UploadResult: Sendable, Equatable {
    public var eTag: String?
    public var versionID: String?
    /// The object's checksum as S3 reports it: for a multipart upload, S3's composite checksum
    /// (the checksum of the parts' checksums, with `-<parts>` after it).
    public var checksum: String?
    /// How many parts (1 for a single `PutObject`).
    public var parts: Int

    public init(eTag: String?, versionID: String?, checksum: String?, parts: Int) {
        self.eTag = eTag
        self.versionID = versionID
        self.checksum = checksum
        self.parts = parts
    }

    /// The result from an output's members: of the checksums it carries, the one of `checksumAlgorithm`.
    public init(eTag: String?, versionID: String?, checksumAlgorithm: AWSChecksumAlgorithm, checksums: [AWSChecksumAlgorithm: String?], parts: Int) {
        self.init(eTag: eTag, versionID: versionID, checksum: checksums[checksumAlgorithm] ?? nil, parts: parts)
    }
}

/// What a download needs to know before it starts.
public struct AWSS3ObjectInfo: Sendable {
    public var size: Int
    public var eTag: String?

    public init(size: Int, eTag: String?) {
        self.size = size
        self.eTag = eTag
    }
}
