import AWSRuntime
import Foundation
import Testing
import TestSupport

/// botocore's test material: AWS_CODEGEN_BOTOCORE_TESTS (scripts/test.sh sets it).
let botocoreTestsFolder: String? = ProcessInfo.processInfo.environment["AWS_CODEGEN_BOTOCORE_TESTS"]

/// A message as botocore's reference script writes it: headers as [name, kind, value], payload hex.
struct ReferenceMessage: Decodable, Equatable {
    var headers: [[ReferenceValue]]
    var payload: String

    enum ReferenceValue: Decodable, Equatable {
        case text(String), number(Int64), flag(Bool)
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let flag = try? container.decode(Bool.self) { self = .flag(flag) }
            else if let number = try? container.decode(Int64.self) { self = .number(number) }
            else { self = .text(try container.decode(String.self)) }
        }
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        headers = try container.decode([[ReferenceValue]].self, forKey: .headers)
        payload = try container.decode(String.self, forKey: .payload)
    }

    private enum CodingKeys: String, CodingKey { case headers, payload }

    /// A Swift message in the same form.
    init(_ message: AWSEventStreamMessage) {
        headers = message.headers.map { header in
            switch header.value {
            case .bool(let flag): [.text(header.name), .text("bool"), .flag(flag)]
            case .byte(let number): [.text(header.name), .text("int"), .number(Int64(number))]
            case .short(let number): [.text(header.name), .text("int"), .number(Int64(number))]
            case .integer(let number): [.text(header.name), .text("int"), .number(Int64(number))]
            case .long(let number): [.text(header.name), .text("int"), .number(number)]
            case .timestamp(let milliseconds): [.text(header.name), .text("int"), .number(milliseconds)]
            case .byteArray(let bytes): [.text(header.name), .text("bytes"), .text(Self.hex(bytes))]
            case .uuid(let uuid): [.text(header.name), .text("bytes"), .text(Self.hex(withUnsafeBytes(of: uuid.uuid) { Array($0) }))]
            case .string(let text): [.text(header.name), .text("string"), .text(text)]
            }
        }
        payload = Self.hex(message.payload)
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
}

struct ReferenceDecoding: Decodable {
    var messages: [ReferenceMessage]
    var error: String?
}

/// Reads a whole stream, fed in chunks of the given sizes (cycled), as a client would.
func decodeStream(_ bytes: [UInt8], chunkSizes: [Int]) throws(AWSEventStreamError) -> [AWSEventStreamMessage] {
    var decoder = AWSEventStreamDecoder()
    var messages: [AWSEventStreamMessage] = []
    var start = 0
    var turn = 0
    while start < bytes.count {
        let end = min(bytes.count, start + max(1, chunkSizes[turn % chunkSizes.count]))
        decoder.append(bytes[start..<end])
        while let message = try decoder.next() { messages.append(message) }
        start = end
        turn += 1
    }
    try decoder.finish()
    return messages
}

@Suite("Event streams: botocore's cases and differential tests against botocore's decoder", .enabled(if: Servers.pythonTrait && botocoreTestsFolder != nil))
struct EventStreamTests {
    static let exceptionKinds: [String: AWSEventStreamError.Kind] = [
        "ChecksumMismatch": .checksumMismatch, "DuplicateHeader": .duplicateHeader,
        "InvalidHeadersLength": .headersTooLong, "InvalidPayloadLength": .payloadTooLong,
    ]

    @Test("every positive case of botocore's test_eventstream.py decodes to botocore's message, whole and a byte at a time; every negative case fails as botocore does")
    func botocoreCases() async throws {
        let folder = NSTemporaryDirectory() + "eventstream-cases-\(UUID().uuidString)"
        let testFile = try #require(botocoreTestsFolder) + "/tests/unit/test_eventstream.py"
        _ = try await offCooperativePool { try Servers.runPython("Tests/Differential/eventstream_reference.py", ["cases", testFile, folder]) }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(files.filter { $0.hasSuffix(".bin") }.count == 16)
        for file in files where file.hasPrefix("positive") && file.hasSuffix(".bin") {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(file)")))
            let expected = try JSONDecoder().decode(ReferenceMessage.self, from: Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(file.dropLast(4)).json")))
            for chunks in [[bytes.count], [1]] {
                let messages = try decodeStream(bytes, chunkSizes: chunks)
                #expect(messages.count == 1, "\(file)")
                #expect(messages.first.map(ReferenceMessage.init) == expected, "\(file)")
                // And written back, byte for byte.
                #expect(try messages.first?.encoded() == bytes, "\(file)")
            }
        }
        for file in files where file.hasPrefix("negative") {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: "\(folder)/\(file)")))
            let exception = String(file.split(separator: "-")[2].dropLast(4))
            let error = #expect(throws: AWSEventStreamError.self, "\(file)") { try decodeStream(bytes, chunkSizes: [bytes.count]) }
            #expect(error?.kind == Self.exceptionKinds[exception], "\(file): \(error.map(String.init(describing:)) ?? "no error")")
        }
    }

    /// A random message with headers of all ten types, unique names, and a payload of up to 3 KiB.
    static func randomMessage(using generator: inout some RandomNumberGenerator) -> AWSEventStreamMessage {
        var headers: [AWSEventStreamHeader] = []
        for index in 0..<Int.random(in: 0...8, using: &generator) {
            let name = index % 3 == 0 ? ":event-type-\(index)" : "h\(index)-\(String(repeating: "é", count: Int.random(in: 0...3, using: &generator)))"
            let value: AWSEventStreamHeaderValue = switch Int.random(in: 0..<10, using: &generator) {
            case 0: .bool(Bool.random(using: &generator))
            case 1: .byte(Int8.random(in: .min ... .max, using: &generator))
            case 2: .short(Int16.random(in: .min ... .max, using: &generator))
            case 3: .integer(Int32.random(in: .min ... .max, using: &generator))
            case 4: .long(Int64.random(in: .min ... .max, using: &generator))
            case 5: .byteArray((0..<Int.random(in: 0...40, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) })
            case 6: .string(String(repeating: "ab€", count: Int.random(in: 0...20, using: &generator)))
            case 7: .timestamp(milliseconds: Int64.random(in: .min ... .max, using: &generator))
            case 8: .uuid(UUID())
            default: .string("")
            }
            headers.append(AWSEventStreamHeader(name, value))
        }
        let payload = (0..<Int.random(in: 0...3072, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return AWSEventStreamMessage(headers: headers, payload: payload)
    }

    @Test("random messages: encoded, then decoded from random chunks, they come back; botocore's EventStreamBuffer reads the same messages; a corrupted stream fails in both")
    func roundTripAgainstBotocore() async throws {
        var generator = SystemRandomNumberGenerator()
        let folder = NSTemporaryDirectory() + "eventstream-random-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for round in 0..<12 {
            let messages = (0..<Int.random(in: 1...40, using: &generator)).map { _ in Self.randomMessage(using: &generator) }
            var stream: [UInt8] = []
            for message in messages { stream += try message.encoded() }
            let chunkSizes = (0..<5).map { _ in Int.random(in: 1...700, using: &generator) }
            #expect(try decodeStream(stream, chunkSizes: chunkSizes) == messages)

            // The same bytes through botocore; every third round with one byte changed.
            var sent = stream
            let corrupted = round % 3 == 2
            if corrupted { sent[Int.random(in: 0..<sent.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator) }
            let file = "\(folder)/stream-\(round).bin"
            try Data(sent).write(to: URL(fileURLWithPath: file))
            let output = try await offCooperativePool { try Servers.runPython("Tests/Differential/eventstream_reference.py", ["decode", file]) }
            let reference = try JSONDecoder().decode(ReferenceDecoding.self, from: output)
            if corrupted {
                #expect(reference.error != nil)
                let error = #expect(throws: AWSEventStreamError.self) { try decodeStream(sent, chunkSizes: chunkSizes) }
                if let expected = reference.error.flatMap({ Self.exceptionKinds[$0] }) { #expect(error?.kind == expected) }
            } else {
                #expect(reference.error == nil)
                #expect(reference.messages == messages.map(ReferenceMessage.init))
            }
        }
    }

    @Test("a stream that ends inside a message, an unknown header type, and lengths that do not add up are errors, never a crash")
    func malformedStreams() throws {
        let message = try AWSEventStreamMessage(headers: [AWSEventStreamHeader(":event-type", .string("chunk"))], payload: Array("{}".utf8)).encoded()
        var decoder = AWSEventStreamDecoder()
        decoder.append(message.dropLast(3))
        #expect(try decoder.next() == nil)
        #expect(throws: AWSEventStreamError.self) { try decoder.finish() }

        // The messages before an error are delivered first, then the error.
        var corrupted = message + message
        corrupted[message.count + 13] ^= 0xFF
        var second = AWSEventStreamDecoder()
        second.append(corrupted)
        #expect(try second.next() != nil)
        #expect(throws: AWSEventStreamError.self) { try second.next() }

        // Header type 10, with both CRCs made right, so only the type is wrong.
        var unknownType = try AWSEventStreamMessage(headers: [AWSEventStreamHeader("x", .bool(true))]).encoded()
        unknownType[14] = 10
        let fixed = Self.withCRCs(unknownType)
        let error = #expect(throws: AWSEventStreamError.self) { try decodeStream(fixed, chunkSizes: [fixed.count]) }
        #expect(error?.kind == .unknownHeaderType)

        // A total length smaller than its headers.
        let short = Self.withCRCs([0, 0, 0, 16, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect((#expect(throws: AWSEventStreamError.self) { try decodeStream(short, chunkSizes: [16]) })?.kind == .invalidLength)
    }

    /// Recomputes both CRCs of a one-message stream.
    static func withCRCs(_ message: [UInt8]) -> [UInt8] {
        var bytes = message
        func crc(_ range: Range<Int>) -> [UInt8] {
            // The decoder is the reference here: find the CRC by asking zlib's polynomial through Foundation-free code.
            var value: UInt32 = 0xFFFF_FFFF
            for byte in bytes[range] {
                value ^= UInt32(byte)
                for _ in 0..<8 { value = value & 1 == 1 ? (value >> 1) ^ 0xEDB8_8320 : value >> 1 }
            }
            value = ~value
            return [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
        }
        bytes.replaceSubrange(8..<12, with: crc(0..<8))
        bytes.replaceSubrange((bytes.count - 4)..<bytes.count, with: crc(0..<(bytes.count - 4)))
        return bytes
    }
}
