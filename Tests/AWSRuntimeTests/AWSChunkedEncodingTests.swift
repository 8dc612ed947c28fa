@testable import AWSRuntime
import Crypto
import Foundation
import TestSupport
import Testing

/// S3's `aws-chunked` encoding against AWS's published example (the S3 API reference's signed
/// streaming PUT, and the trailer vector of AWS's common runtime tests), and its lengths against
/// the bodies it makes.
@Suite("aws-chunked encoding")
struct AWSChunkedEncodingTests {
    static let credentials = AWSCredentials(accessKeyID: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
    static let exampleDate = Date(timeIntervalSince1970: 1_369_353_600)  // 2013-05-24T00:00:00Z
    static let seed = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
    static let chunkSignatures = [
        "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648",
        "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497",
        "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9",
    ]

    @Test("AWS's example: the request's seed signature, then 64 KiB, 1 KiB and the final chunk signed in a chain, 66824 bytes in all")
    func publishedSignedExample() async throws {
        var request = AWSHTTPRequest(method: "PUT", url: URL(string: "https://s3.amazonaws.com/examplebucket/chunkObject.txt")!)
        request.headers.add(name: "x-amz-storage-class", value: "REDUCED_REDUNDANCY")
        request.headers.add(name: "Content-Encoding", value: "aws-chunked")
        request.headers.add(name: "x-amz-decoded-content-length", value: "66560")
        let length = AWSChunkedEncoding.encodedLength(decodedLength: 66560, chunkSize: 65536, signed: true, trailer: nil)
        #expect(length == 66824)
        request.headers.add(name: "Content-Length", value: String(length))
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "s3", includesContentSHA256Header: true, normalizesAndDoubleEncodesPath: false)
        signer.sign(&request, payloadHash: AWSChunkedEncoding.payloadHash(signed: true, trailer: false), date: Self.exampleDate)
        let authorization = try #require(request.headers["Authorization"])
        #expect(authorization.contains("SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class"))
        #expect(AWSClient.signature(in: request) == Self.seed)

        let chunkSigner = AWSChunkSigner(credentials: Self.credentials, amzDate: "20130524T000000Z", region: "us-east-1", service: "s3", seedSignature: Self.seed)
        let encoding = AWSChunkedEncoding(chunkSize: 65536, trailer: nil, signer: chunkSigner)
        // Given in uneven pieces: the encoder regroups them into 64 KiB chunks.
        let pieces = [[UInt8](repeating: 97, count: 1000), [UInt8](repeating: 97, count: 65560)]
        var body: [UInt8] = []
        for try await piece in encoding.encode(AWSByteStream(pieces.async)) { body += piece }
        #expect(body.count == 66824)
        let text = String(decoding: body, as: UTF8.self)
        #expect(text.hasPrefix("10000;chunk-signature=\(Self.chunkSignatures[0])\r\n"))
        #expect(text.contains("\r\n400;chunk-signature=\(Self.chunkSignatures[1])\r\n"))
        #expect(text.hasSuffix("\r\n0;chunk-signature=\(Self.chunkSignatures[2])\r\n\r\n"))
    }

    @Test("the trailer's signature chains to the final chunk's, over the trailing header lines (AWS common runtime vector)")
    func trailerSignature() {
        var signer = AWSChunkSigner(credentials: Self.credentials, amzDate: "20130524T000000Z", region: "us-east-1", service: "s3", seedSignature: Self.chunkSignatures[2])
        #expect(signer.sign(trailer: "first:1st\nsecond:2nd\nthird:3rd\n") == "df5735bd9f3295cd9386572292562fefc93ba94e80a0a1ddcbd652c4e0a75e6c")
    }

    @Test("the announced length is the length of the body made, signed or not, with any trailer, for empty, exact and ragged sizes", arguments: [
        0, 1, 8191, 8192, 8193, 3 * 8192, 100_000,
    ])
    func lengths(size: Int) async throws {
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        for signed in [false, true] {
            for trailer in [nil] + AWSChecksumAlgorithm.allCases {
                let signer = signed
                    ? AWSChunkSigner(credentials: Self.credentials, amzDate: "20130524T000000Z", region: "us-east-1", service: "s3", seedSignature: Self.seed)
                    : nil
                let encoding = AWSChunkedEncoding(chunkSize: 8192, trailer: trailer, signer: signer)
                var body: [UInt8] = []
                for try await piece in encoding.encode(AWSByteStream(bytes: bytes)) { body += piece }
                let announced = AWSChunkedEncoding.encodedLength(decodedLength: size, chunkSize: 8192, signed: signed, trailer: trailer)
                #expect(body.count == announced, "\(size) bytes, signed \(signed), trailer \(trailer?.rawValue ?? "none")")
                if let trailer {
                    let expected = "\(trailer.headerName):\(AWSChecksum.base64Digest(of: bytes, algorithm: trailer))\r\n"
                    #expect(String(decoding: body, as: UTF8.self).contains(expected))
                }
            }
        }
    }

    @Test("a file is read in chunks, again from its start for each reading; a range reads only its bytes; a missing file or a range outside it is an error that names the file")
    func fileStreams() async throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("aws-chunked-\(UUID().uuidString).bin")
        let bytes = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let stream = try AWSByteStream(fileAt: url, chunkSize: 4096)
        #expect(stream.length == 10_000)
        #expect(stream.isReplayable)
        for _ in 0..<2 {
            var chunks: [[UInt8]] = []
            for try await chunk in stream { chunks.append(chunk) }
            #expect(chunks.map(\.count) == [4096, 4096, 1808])
            #expect(Array(chunks.joined()) == bytes)
        }
        let part = try AWSByteStream(fileAt: url, range: 5000..<7000)
        #expect(try await Array(part.collect(upTo: 10_000)) == Array(bytes[5000..<7000]))
        #expect(throws: AWSByteStreamError.cannotRead(path: url.path + ".missing", reason: "no such file, or it cannot be read")) {
            try AWSByteStream(fileAt: URL(fileURLWithPath: url.path + ".missing"))
        }
        #expect(throws: AWSByteStreamError.self) { try AWSByteStream(fileAt: url, range: 9000..<10_001) }
        // A file that shrinks after the stream was made fails the read instead of sending short.
        let shrinking = try AWSByteStream(fileAt: url)
        try Data(bytes.prefix(100)).write(to: url)
        await #expect(throws: AWSByteStreamError.self) { _ = try await shrinking.collect(upTo: 20_000) }
        #expect(!AWSByteStream([[UInt8]()].async).isReplayable, "a stream of chunks can be read once")
        // A payload may be sensitive (EBS blocks): the description says what and how long, never the bytes.
        #expect(String(describing: AWSByteStream(bytes: [0x41, 0x42, 0x43])) == "AWSByteStream(3 bytes in memory)")
        #expect(String(describing: part) == "AWSByteStream(file \(url.path), 2000 bytes from offset 5000)")
    }
}
