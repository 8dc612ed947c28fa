import Crypto
import Foundation

/// S3's `aws-chunked` content encoding: the body as a series of chunks, each framed with its size
/// (and, when signed, a SigV4 signature chained from the request's own), then an empty chunk and
/// optionally trailing headers, which is where a checksum goes that is known only after the last
/// byte. It lets S3 take a body that was never in memory with its checksum, in one pass.
///
/// Unsigned (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`, over TLS, as botocore sends it):
/// `<hex size>\r\n<data>\r\n` … `0\r\n<trailer>:<value>\r\n\r\n`.
/// Signed (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD[-TRAILER]`, as the S3 API reference defines it):
/// `<hex size>;chunk-signature=<sig>\r\n<data>\r\n` … `0;chunk-signature=<sig>\r\n`, then either
/// `\r\n`, or the trailer, `x-amz-trailer-signature:<sig>\r\n` and `\r\n`.
struct AWSChunkedEncoding: Sendable {
    /// Data bytes per chunk (the last may be shorter). S3 wants at least 8 KiB.
    let chunkSize: Int
    /// The checksum sent after the last chunk, if any.
    let trailer: AWSChecksumAlgorithm?
    /// Signs each chunk (and the trailer) in a chain; nil for the unsigned encoding.
    let signer: AWSChunkSigner?

    /// 64 KiB, AWS's recommended minimum: small enough that a slow producer's bytes leave every
    /// fraction of a second (the attempt's time limit counts silence on the wire), large enough
    /// that the framing and the per-chunk signature cost nothing next to the bytes.
    static let defaultChunkSize = 64 << 10
    /// `;chunk-signature=` and 64 hex digits.
    private static let signatureExtensionLength = 17 + 64

    /// The `x-amz-content-sha256` value announcing this encoding.
    static func payloadHash(signed: Bool, trailer: Bool) -> String {
        switch (signed, trailer) {
        case (true, false): "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"
        case (true, true): "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER"
        case (false, _): "STREAMING-UNSIGNED-PAYLOAD-TRAILER"
        }
    }

    /// The length of the encoded body for `decodedLength` data bytes: the `Content-Length` to send.
    static func encodedLength(decodedLength: Int, chunkSize: Int, signed: Bool, trailer: AWSChecksumAlgorithm?) -> Int {
        func framed(_ size: Int) -> Int {
            String(size, radix: 16).utf8.count + (signed ? signatureExtensionLength : 0) + 2 + size + (size > 0 ? 2 : 0)
        }
        let full = decodedLength / chunkSize
        let rest = decodedLength % chunkSize
        var length = full * framed(chunkSize) + (rest > 0 ? framed(rest) : 0) + framed(0)
        if let trailer {
            length += trailer.headerName.utf8.count + 1 + trailer.base64DigestLength + 2
            if signed { length += "x-amz-trailer-signature:".utf8.count + 64 + 2 }
        }
        return length + 2
    }

    /// The encoded body of `source`: its bytes regrouped into chunks of exactly `chunkSize`, each
    /// framed (and signed) as it passes, then the final chunk and the trailer.
    func encode(_ source: AWSByteStream) -> AsyncThrowingStream<[UInt8], any Error> {
        let encoder = ChunkingEncoder(source.makeAsyncIterator(), encoding: self)
        return AsyncThrowingStream(unfolding: { try await encoder.next() })
    }

    /// One framed chunk (`data` empty: the final chunk, without its closing line).
    func frame(_ data: ArraySlice<UInt8>, signer: inout AWSChunkSigner?) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(data.count + 100)
        out.append(contentsOf: String(data.count, radix: 16).utf8)
        if signer != nil {
            out.append(contentsOf: ";chunk-signature=".utf8)
            out.append(contentsOf: signer!.sign(chunk: data).utf8)
        }
        out.append(contentsOf: [0x0D, 0x0A])
        if !data.isEmpty {
            out.append(contentsOf: data)
            out.append(contentsOf: [0x0D, 0x0A])
        }
        return out
    }

    /// What follows the final chunk: the trailer (and its signature), and the closing empty line.
    func ending(checksum: AWSChecksum?, signer: inout AWSChunkSigner?) -> [UInt8] {
        var text = ""
        if let checksum {
            let line = "\(checksum.algorithm.headerName):\(checksum.base64Digest())"
            text += line + "\r\n"
            if signer != nil { text += "x-amz-trailer-signature:\(signer!.sign(trailer: line + "\n"))\r\n" }
        }
        return Array((text + "\r\n").utf8)
    }
}

/// Signs the chunks of a signed `aws-chunked` body, each over the previous signature, starting
/// from the request's own (the seed).
///
/// Chunk string to sign: `AWS4-HMAC-SHA256-PAYLOAD`, the request's `x-amz-date`, the credential
/// scope, the previous signature, the SHA-256 of nothing and the SHA-256 of the chunk, one per line.
/// Trailer: `AWS4-HMAC-SHA256-TRAILER`, date, scope, previous signature, the SHA-256 of the
/// trailing header lines (`name:value\n`).
struct AWSChunkSigner: Sendable {
    private let key: SymmetricKey
    private let amzDate: String
    private let scope: String
    /// The last signature made (hex), or the seed.
    private(set) var previous: String

    init(credentials: AWSCredentials, amzDate: String, region: String, service: String, seedSignature: String) {
        let day = String(amzDate.prefix(8))
        key = SigV4Signer.deriveKey(secret: credentials.secretAccessKey, day: day, region: region, service: service)
        self.amzDate = amzDate
        scope = "\(day)/\(region)/\(service)/aws4_request"
        previous = seedSignature
    }

    mutating func sign(chunk: some DataProtocol) -> String {
        sign(kind: "AWS4-HMAC-SHA256-PAYLOAD", lines: [SigV4Signer.emptyPayloadHash, SigV4Signer.hex(SHA256.hash(data: chunk))])
    }

    mutating func sign(trailer: String) -> String {
        sign(kind: "AWS4-HMAC-SHA256-TRAILER", lines: [SigV4Signer.hex(SHA256.hash(data: Array(trailer.utf8)))])
    }

    private mutating func sign(kind: String, lines: [String]) -> String {
        let text = ([kind, amzDate, scope, previous] + lines).joined(separator: "\n")
        previous = SigV4Signer.hex(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key))
        return previous
    }
}

/// Regroups a byte stream into chunks of the encoding's size and frames them, keeping the
/// running checksum for the trailer.
private final class ChunkingEncoder: @unchecked Sendable {
    // Only the stream's one consumer calls `next()`, one call at a time.
    private var source: AWSByteStream.AsyncIterator
    private let encoding: AWSChunkedEncoding
    private var signer: AWSChunkSigner?
    private var checksum: AWSChecksum?
    private var buffer: [UInt8] = []
    private var sourceEnded = false
    private var finished = false

    init(_ source: AWSByteStream.AsyncIterator, encoding: AWSChunkedEncoding) {
        self.source = source
        self.encoding = encoding
        signer = encoding.signer
        checksum = encoding.trailer.map(AWSChecksum.init)
        buffer.reserveCapacity(encoding.chunkSize)
    }

    func next() async throws -> [UInt8]? {
        guard !finished else { return nil }
        while !sourceEnded && buffer.count < encoding.chunkSize {
            guard let chunk = try await source.next() else {
                sourceEnded = true
                break
            }
            buffer.append(contentsOf: chunk)
        }
        if !buffer.isEmpty {
            let count = min(encoding.chunkSize, buffer.count)
            let data = buffer[..<count]
            checksum?.update(data)
            let framed = encoding.frame(data, signer: &signer)
            buffer.removeFirst(count)
            return framed
        }
        finished = true
        return encoding.frame([], signer: &signer) + encoding.ending(checksum: checksum, signer: &signer)
    }
}

extension AWSChecksumAlgorithm {
    /// The length of the base64 text of a digest.
    var base64DigestLength: Int {
        let bytes = switch self {
        case .crc32, .crc32c: 4
        case .crc64nvme: 8
        case .sha1: 20
        case .sha256: 32
        }
        return (bytes + 2) / 3 * 4
    }
}
