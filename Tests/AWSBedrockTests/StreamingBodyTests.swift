import AWSRuntime
import Crypto
import Foundation
import IntegrationS3
import TestSupport
import Testing

/// Streaming payloads (S3's `GetObject` body) read as the caller iterates, against moto and the
/// hostile server.
extension LargeData {
    @Suite("Streamed response bodies: S3 GetObject against moto and a server that drops mid-body", .serialized, .enabled(if: Servers.motoTrait))
    struct StreamingBodyTests {
        func s3(_ endpoint: URL, attempts: Int = 2) -> S3Client {
            S3Client(configuration: AWSClientConfiguration(
                region: "us-east-1", endpoint: endpoint,
                credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
                retryStrategy: StandardRetryStrategy(maxAttempts: attempts, baseDelay: 0.01),
                maximumResponseBodySize: 1024 * 1024,
                validatesPatterns: false
            ))
        }

        /// The process's resident memory now, in bytes (Linux; nil elsewhere).
        static func residentBytes() -> Int? {
            guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
                  let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
                  let kilobytes = Int(line.split(separator: " ").dropFirst().first ?? "")
            else { return nil }
            return kilobytes * 1024
        }

        /// Deterministic bytes that are not all alike (so a lost or repeated chunk shows in the hash):
        /// a pseudo-random 64 KiB block, repeated with each copy's index in its first 8 bytes. Cheap to
        /// make, since a long byte-by-byte loop in a debug build would hold a thread of the test
        /// process's cooperative pool (two here) for seconds and starve other suites' network reads.
        static func pattern(_ count: Int) -> Data {
            var block = [UInt8](repeating: 0, count: 64 * 1024)
            var state: UInt64 = 0x9E37_79B9_7F4A_7C15
            for index in block.indices {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                block[index] = UInt8(truncatingIfNeeded: state >> 56)
            }
            var data = Data(capacity: count)
            var copy: UInt64 = 0
            while data.count < count {
                withUnsafeBytes(of: copy) { block.replaceSubrange(0..<8, with: $0) }
                data.append(contentsOf: block.prefix(count - data.count))
                copy += 1
            }
            return data
        }

        @Test("a 32 MiB object streams in chunks (and HEAD of it is not over the response limit): headers first, the bytes hash right, memory stays below the object's size, more than the buffered-response limit")
        func largeObjectStreams() async throws {
            let s3 = s3(try Servers.moto().endpoint)
            let bucket = "stream-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await s3.createBucket(bucket: bucket)
            let size = 32 * 1024 * 1024
            // Made and uploaded by botocore in its own process: 32 MiB built and sent from this one would
            // hold the test process's two cooperative threads for seconds (a debug build), and starve the
            // other suites' network reads past their deadlines.
            let endpoint = try Servers.moto().endpoint.absoluteString
            let output = try await offCooperativePool { try Servers.runPython("Tests/Differential/s3_put_pattern.py", [endpoint, bucket, "big.bin", "\(size)"]) }
            let expected = String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)

            // A HEAD response's Content-Length is the object's size, not a body over the buffered-response limit.
            #expect(try await s3.headObject(bucket: bucket, key: "big.bin").contentLength == Int64(size))
            let baseline = Self.residentBytes()
            let object = try await s3.getObject(bucket: bucket, key: "big.bin")
            #expect(object.contentLength == Int64(size), "the headers are read before the body")
            #expect(object.body.length == size)
            var hash = SHA256()
            var received = 0
            var chunks = 0
            var peak = baseline ?? 0
            for try await chunk in object.body {
                hash.update(data: chunk)
                received += chunk.count
                chunks += 1
                if chunks == 1 || chunks % 64 == 0, let now = Self.residentBytes() { peak = max(peak, now) }
            }
            #expect(received == size)
            #expect(hash.finalize().map { String(format: "%02x", $0) }.joined() == expected)
            #expect(chunks > 50, "the body arrived as \(chunks) chunks")
            if let baseline {
                let growth = peak - baseline
                // A buffered body would hold the 32 MiB at least twice (the transport's buffer and the
                // bytes handed over); other suites allocating beside this one take some of the margin.
                #expect(growth < 32 * 1024 * 1024, "memory grew by \(growth / 1024 / 1024) MiB while streaming 32 MiB")
            }
            _ = try await s3.deleteObject(bucket: bucket, key: "big.bin")
            _ = try await s3.deleteBucket(bucket: bucket)
        }

        @Test("write(to:) saves the object whole; collect(upTo:) refuses more than its limit before reading it")
        func writeAndCollect() async throws {
            let s3 = s3(try Servers.moto().endpoint)
            let bucket = "stream-\(UUID().uuidString.prefix(8).lowercased())"
            _ = try await s3.createBucket(bucket: bucket)
            let body = Self.pattern(3 * 1024 * 1024 + 17)
            _ = try await s3.putObject(bucket: bucket, key: "file.bin", body: body)

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            let file = folder.appendingPathComponent("file.bin")
            try Data("old content".utf8).write(to: file)
            let written = try await s3.getObject(bucket: bucket, key: "file.bin").body.write(to: file)
            #expect(written == body.count)
            #expect(try Data(contentsOf: file) == body)
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["file.bin"], "no temporary file is left")

            await #expect(throws: AWSByteStreamError.tooLong(limit: 1024, length: body.count)) {
                _ = try await s3.getObject(bucket: bucket, key: "file.bin").body.collect(upTo: 1024)
            }
            let range = try await s3.getObject(bucket: bucket, key: "file.bin", range: "bytes=10-19")
            #expect(try await range.body.collect(upTo: 1024) == body[10..<20])
            _ = try await s3.deleteObject(bucket: bucket, key: "file.bin")
            _ = try await s3.deleteBucket(bucket: bucket)
        }

        @Test("a connection dropped mid-body fails the read with a transport error; write(to:) leaves no file behind")
        func droppedMidBody() async throws {
            let s3 = s3(try Servers.hostile().endpoint, attempts: 1)
            let object = try await s3.getObject(bucket: "bucket", key: "drop-mid-body")
            #expect(object.body.length == 1_000_000)
            var received = 0
            do {
                for try await chunk in object.body { received += chunk.count }
                Issue.record("the stream ended quietly after \(received) of 1,000,000 bytes")
            } catch let error as AWSClientError {
                #expect(error.kind == .transport)
                #expect(received <= 100_000)
            }

            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("stream-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            await #expect(throws: AWSClientError.self) {
                try await s3.getObject(bucket: "bucket", key: "drop-mid-body").body.write(to: folder.appendingPathComponent("partial.bin"))
            }
            #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty, "neither the file nor a temporary one is left")
        }

        @Test("a streaming payload in an output's JSON form: bytes given whole are base64, equality compares them")
        func jsonForm() async throws {
            let output = GetObjectOutput(body: AWSByteStream(Data("abc".utf8)), contentType: "text/plain")
            #expect(output.jsonValue()["Body"]?.stringValue == "YWJj")
            #expect(output == GetObjectOutput(body: AWSByteStream(bytes: Array("abc".utf8)), contentType: "text/plain"))
            #expect(output != GetObjectOutput(body: AWSByteStream(Data("abd".utf8)), contentType: "text/plain"))
            let decoded = try GetObjectOutput(jsonBytes: output.jsonBytes())
            #expect(try await decoded.body.collect(upTo: 10) == Data("abc".utf8))
            #expect(decoded.contentType == "text/plain", "a header member survives the JSON form")
            // Every kind of located member: headers of each type, a header map, the status-free rest.
            let full = GetObjectOutput(
                body: AWSByteStream(bytes: []), contentLength: 42, contentType: "text/plain", deleteMarker: true,
                lastModified: Date(timeIntervalSince1970: 1_700_000_000), metadata: ["owner": "me"], storageClass: .standardIa
            )
            #expect(try GetObjectOutput(jsonBytes: full.jsonBytes()) == full)
        }
    }
}
