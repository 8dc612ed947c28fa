import Crypto
import Foundation

/// How a request sends an input payload whose bytes are not in memory (a file, a stream), chosen
/// once per call from the service, the scheme and the checksum the call needs:
///
/// - S3 over TLS: `UNSIGNED-PAYLOAD`, or, when a checksum goes with it, unsigned `aws-chunked`
///   with the checksum in the trailer (`STREAMING-UNSIGNED-PAYLOAD-TRAILER`), as botocore does.
/// - S3 over plain HTTP (a local S3, moto): a file as botocore sends it, read once for its SHA-256
///   (and checksum header) and again as it is sent, plain bytes every S3-compatible server takes;
///   a one-shot stream as signed `aws-chunked` (`STREAMING-AWS4-HMAC-SHA256-PAYLOAD`, with
///   `-TRAILER` and a signed trailer when a checksum goes with it), signed without being read twice.
/// - Other services: `UNSIGNED-PAYLOAD` over TLS where the model allows it (`unsignedPayload`);
///   otherwise the payload's SHA-256 is needed before the request goes out: a file is read once
///   for it and then sent, a one-shot stream is read into memory (it cannot be read twice).
///
/// S3 needs the length of what it receives: a stream of unknown length is an error for S3 that
/// says so before anything is sent.
struct StreamedRequestBody: Sendable {
    let source: AWSByteStream
    /// How the bytes go on the wire: as they are, or `aws-chunked` (its signer is added per attempt).
    let chunked: AWSChunkedEncoding?
    /// The `x-amz-content-sha256` value and the payload hash the request is signed with.
    let payloadHash: String

    static let s3SigningNames: Set<String> = ["s3", "s3-outposts", "s3express"]

    /// The plan for `source`, with the request's headers set for it; nil when the body was read into
    /// memory instead (then `request.body` holds it, with its `Content-Length` and checksum).
    static func plan(
        _ source: AWSByteStream, request: inout AWSHTTPRequest, operation: AWSOperationDescriptor, signingName: String,
        checksums: FlexibleChecksums, chunkSize: Int = AWSChunkedEncoding.defaultChunkSize
    ) async throws -> StreamedRequestBody? {
        let overTLS = request.url.scheme?.lowercased() == "https"
        if s3SigningNames.contains(signingName) && (overTLS || !source.isReplayable) {
            guard let length = source.length else {
                throw AWSValidationError(
                    path: operation.name, message: "S3 needs the length of the body: make the AWSByteStream with its length (or from a file)"
                )
            }
            let trailer = try checksums.requestAlgorithm(for: &request, operation: operation)
            if overTLS && trailer == nil {
                request.headers.replaceOrAdd(name: "Content-Length", value: String(length))
                return StreamedRequestBody(source: source, chunked: nil, payloadHash: SigV4Signer.unsignedPayload)
            }
            let signed = !overTLS
            let encoding = AWSChunkedEncoding(chunkSize: chunkSize, trailer: trailer, signer: nil)
            let encodedLength = AWSChunkedEncoding.encodedLength(decodedLength: length, chunkSize: chunkSize, signed: signed, trailer: trailer)
            request.headers.replaceOrAdd(name: "Content-Length", value: String(encodedLength))
            request.headers.replaceOrAdd(name: "x-amz-decoded-content-length", value: String(length))
            let encodings = request.headers["Content-Encoding"].map { $0 + ",aws-chunked" } ?? "aws-chunked"
            request.headers.replaceOrAdd(name: "Content-Encoding", value: encodings)
            if let trailer { request.headers.replaceOrAdd(name: "x-amz-trailer", value: trailer.headerName) }
            return StreamedRequestBody(
                source: source, chunked: encoding, payloadHash: AWSChunkedEncoding.payloadHash(signed: signed, trailer: trailer != nil)
            )
        }
        let needsChecksum = operation.requiresRequestChecksum || operation.requestChecksumAlgorithmHeader != nil
        if overTLS && operation.unsignedPayload && !needsChecksum {
            if let length = source.length { request.headers.replaceOrAdd(name: "Content-Length", value: String(length)) }
            return StreamedRequestBody(source: source, chunked: nil, payloadHash: SigV4Signer.unsignedPayload)
        }
        guard source.isReplayable, let length = source.length else {
            // A one-shot stream that must be hashed before it is sent: there is no other way to read it twice.
            let bytes = try await source.collect(upTo: Int.max)
            request.body = .bytes(Array(bytes))
            request.headers.replaceOrAdd(name: "Content-Length", value: String(bytes.count))
            try checksums.addRequestChecksum(to: &request, body: Array(bytes), operation: operation)
            return nil
        }
        // A file: one pass for its hash (and checksum), a second as it is sent.
        var hash = SHA256()
        var checksum = try checksums.requestAlgorithm(for: &request, operation: operation).map(AWSChecksum.init)
        for try await chunk in source {
            hash.update(data: chunk)
            checksum?.update(chunk)
        }
        if let checksum { request.headers.replaceOrAdd(name: checksum.algorithm.headerName, value: checksum.base64Digest()) }
        request.headers.replaceOrAdd(name: "Content-Length", value: String(length))
        return StreamedRequestBody(source: source, chunked: nil, payloadHash: SigV4Signer.hex(hash.finalize()))
    }

    /// The body of one attempt of the signed request: the bytes read afresh from the source,
    /// `aws-chunked` with chunk signatures chained from the request's signature when signed.
    func body(of signedRequest: AWSHTTPRequest, credentials: AWSCredentials?, region: String, service: String) -> AWSHTTPBody {
        let length = signedRequest.headers["Content-Length"].flatMap(Int.init)
        guard var encoding = chunked else {
            return .stream(AsyncThrowingStream(unfolding: Self.chunks(of: source)), length: length)
        }
        if payloadHash.hasPrefix("STREAMING-AWS4-HMAC-SHA256"), let credentials, let amzDate = signedRequest.headers["x-amz-date"],
           let seed = AWSClient.signature(in: signedRequest) {
            let signer = AWSChunkSigner(credentials: credentials, amzDate: amzDate, region: region, service: service, seedSignature: seed)
            encoding = AWSChunkedEncoding(chunkSize: encoding.chunkSize, trailer: encoding.trailer, signer: signer)
        }
        return .stream(encoding.encode(source), length: length)
    }

    /// The source's chunks, as a stream's unfolding closure.
    private static func chunks(of source: AWSByteStream) -> @Sendable () async throws -> [UInt8]? {
        let iterator = UncheckedIteratorBox(source.makeAsyncIterator())
        return { try await iterator.next() }
    }
}
