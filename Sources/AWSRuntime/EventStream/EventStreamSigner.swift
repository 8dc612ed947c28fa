import Crypto
import Foundation

/// Signs the messages of an input event stream (Transcribe Streaming, Bedrock's bidirectional
/// streams) as AWS expects: each message travels as the payload of an envelope message whose
/// headers are `:date` and `:chunk-signature`, a SigV4 signature over the date, the message and the
/// previous signature, so that the signatures form a chain from the HTTP request's own signature
/// (the seed). The stream ends with an envelope around an empty payload.
///
/// String to sign: `AWS4-HMAC-SHA256-PAYLOAD`, the date (`yyyyMMddTHHmmssZ`), the credential
/// scope, the prior signature in hex, the SHA-256 of the encoded `:date` header and the SHA-256 of
/// the message, one per line.
public struct AWSEventStreamSigner: Sendable {
    let credentials: AWSCredentials
    let region: String
    let service: String
    /// The signature of the last message signed, or the seed: what the next message chains to.
    public private(set) var priorSignature: [UInt8]

    /// - Parameter seedSignature: the hex signature of the HTTP request that opens the stream.
    public init(credentials: AWSCredentials, region: String, service: String, seedSignature: String) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.priorSignature = Self.bytes(hex: seedSignature)
    }

    /// The signed envelope around `message` (an encoded event-stream message, or no bytes for the
    /// end of the stream), signed at `date` (to the millisecond on the wire, to the second in the signature).
    public mutating func sign(_ message: [UInt8], date: Date = Date()) -> AWSEventStreamMessage {
        let milliseconds = Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
        let dateHeader = AWSEventStreamHeader(":date", .timestamp(milliseconds: milliseconds))
        let amzDate = Timestamps.iso8601Basic(Date(timeIntervalSince1970: Double(milliseconds / 1000)))
        let day = String(amzDate.prefix(8))
        let encodedDate = (try? AWSEventStreamMessage(headers: [dateHeader]).encodedHeaders()) ?? []
        let stringToSign = [
            "AWS4-HMAC-SHA256-PAYLOAD",
            amzDate,
            "\(day)/\(region)/\(service)/aws4_request",
            SigV4Signer.hex(priorSignature),
            SigV4Signer.hex(SHA256.hash(data: encodedDate)),
            SigV4Signer.hex(SHA256.hash(data: message)),
        ].joined(separator: "\n")
        let key = SigV4Signer.deriveKey(secret: credentials.secretAccessKey, day: day, region: region, service: service)
        let signature = Array(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
        priorSignature = signature
        return AWSEventStreamMessage(headers: [dateHeader, AWSEventStreamHeader(":chunk-signature", .byteArray(signature))], payload: message)
    }

    static func bytes(hex: String) -> [UInt8] {
        var result: [UInt8] = []
        var high: UInt8?
        for character in hex.utf8 {
            let value: UInt8
            switch character {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = character - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = character - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = character - UInt8(ascii: "A") + 10
            default: continue
            }
            if let first = high { result.append(first << 4 | value); high = nil } else { high = value }
        }
        return result
    }
}
