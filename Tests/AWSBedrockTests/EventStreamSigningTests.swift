import AWSRuntime
import Foundation
import Testing
import TestSupport

/// Input event streams are signed message by message, each signature chained to the one before:
/// checked byte for byte against AWS's own Python event signer (amazon-transcribe's `EventSigner`;
/// botocore has none) on random messages, credentials and dates.
@Suite("Input event-stream signing", .enabled(if: Servers.eventSignerTrait))
struct EventStreamSigningTests {
    struct Case: Encodable {
        var access_key: String
        var secret_key: String
        var region: String
        var service: String
        var seed: String
        var date: Int
        var messages: [String]
    }

    struct Reference: Decodable {
        var envelopes: [String]
    }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    @Test("random streams: every envelope, and the empty one that ends the stream, equal amazon-transcribe's")
    func againstReference() async throws {
        var generator = SystemRandomNumberGenerator()
        let folder = NSTemporaryDirectory() + "event-signing-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for round in 0..<8 {
            let messages = try (0..<Int.random(in: 0...12, using: &generator)).map { _ in
                try EventStreamTests.randomMessage(using: &generator).encoded()
            }
            let seed = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let date = Int.random(in: 0...4_102_444_800, using: &generator)  // 1970 to 2100, whole seconds
            let region = ["us-east-1", "eu-west-3", "ap-southeast-2"][round % 3]
            let service = ["transcribe", "bedrock", "lex"][round % 3]
            let secret = String((0..<40).map { _ in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".randomElement(using: &generator)! })
            let testCase = Case(
                access_key: "AKIDEXAMPLE", secret_key: secret, region: region, service: service,
                seed: Self.hex(seed), date: date, messages: messages.map(Self.hex)
            )
            let file = "\(folder)/case-\(round).json"
            try JSONEncoder().encode(testCase).write(to: URL(fileURLWithPath: file))
            let output = try await offCooperativePool { try Servers.runPython("Tests/Differential/event_signing_reference.py", ["sign", file]) }
            let reference = try JSONDecoder().decode(Reference.self, from: output)

            var signer = AWSEventStreamSigner(
                credentials: AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: secret),
                region: region, service: service, seedSignature: Self.hex(seed)
            )
            let moment = Date(timeIntervalSince1970: Double(date))
            let envelopes = try (messages + [[]]).map { try signer.sign($0, date: moment).encoded() }
            #expect(envelopes.map(Self.hex) == reference.envelopes, "round \(round): \(messages.count) messages, \(region)/\(service)")
        }
    }

    @Test("the chain: each signature depends on the one before, and the envelope decodes to the message")
    func chain() throws {
        let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        let seed = String(repeating: "ab", count: 32)
        let date = Date(timeIntervalSince1970: 1_700_000_000)
        let message = try AWSEventStreamMessage(headers: [AWSEventStreamHeader(":event-type", .string("AudioEvent"))], payload: [1, 2, 3]).encoded()
        var first = AWSEventStreamSigner(credentials: credentials, region: "us-east-1", service: "transcribe", seedSignature: seed)
        let one = first.sign(message, date: date)
        let two = first.sign(message, date: date)
        #expect(one.payload == message)
        #expect(one[header: ":chunk-signature"] != two[header: ":chunk-signature"], "the same message signs differently after another")
        #expect(one[header: ":date"] == .timestamp(milliseconds: 1_700_000_000_000))
        var other = AWSEventStreamSigner(credentials: credentials, region: "us-east-1", service: "transcribe", seedSignature: String(repeating: "cd", count: 32))
        #expect(other.sign(message, date: date)[header: ":chunk-signature"] != one[header: ":chunk-signature"], "the seed starts the chain")
    }
}
