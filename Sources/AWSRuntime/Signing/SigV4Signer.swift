import Crypto
import Foundation

/// AWS Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv-create-signed-request.html).
///
/// Signing keys are derived once per (secret, day, region, service) and cached, so steady-state
/// signing is one SHA-256 of the canonical request and one HMAC.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    /// The signing name, e.g. `bedrock`.
    public var service: String
    /// Add `x-amz-content-sha256` (S3 requires it; other services accept it).
    public var includesContentSHA256Header: Bool
    /// S3 signs the path as sent; every other service normalizes it and encodes it again.
    public var normalizesAndDoubleEncodesPath: Bool

    /// Headers never signed: proxies and clients change them.
    static let unsignedHeaders: Set<String> = ["authorization", "expect", "transfer-encoding", "user-agent", "x-amzn-trace-id"]
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public init(
        credentials: AWSCredentials, region: String, service: String,
        includesContentSHA256Header: Bool = false, normalizesAndDoubleEncodesPath: Bool = true
    ) {
        self.credentials = credentials
        self.region = region
        self.service = service
        self.includesContentSHA256Header = includesContentSHA256Header
        self.normalizesAndDoubleEncodesPath = normalizesAndDoubleEncodesPath
    }

    /// The hex SHA-256 of a body.
    public static func payloadHash(_ bytes: [UInt8]) -> String {
        if bytes.isEmpty { return emptyPayloadHash }
        return hex(SHA256.hash(data: bytes))
    }

    /// Signs `request` in place: adds `X-Amz-Date`, the session token, optionally
    /// `x-amz-content-sha256`, and `Authorization`.
    /// - Parameter payloadHash: the body's hex SHA-256, or `SigV4Signer.unsignedPayload`.
    public func sign(_ request: inout AWSHTTPRequest, payloadHash: String, date: Date = Date()) {
        let amzDate = Timestamps.iso8601Basic(date)
        request.headers.replaceOrAdd(name: "X-Amz-Date", value: amzDate)
        if let token = credentials.sessionToken {
            request.headers.replaceOrAdd(name: "X-Amz-Security-Token", value: token)
        }
        if includesContentSHA256Header {
            request.headers.replaceOrAdd(name: "x-amz-content-sha256", value: payloadHash)
        }
        if !request.headers.contains("Host"), let host = request.url.host {
            let port = request.url.port.map { ":\($0)" } ?? ""
            let isDefaultPort = (request.url.scheme == "https" && request.url.port == 443) || (request.url.scheme == "http" && request.url.port == 80)
            request.headers.add(name: "Host", value: host + (isDefaultPort ? "" : port))
        }
        let parts = canonicalParts(request, payloadHash: payloadHash)
        request.headers.replaceOrAdd(
            name: "Authorization",
            value: authorization(canonicalRequest: parts.canonicalRequest, signedHeaders: parts.signedHeaders, amzDate: amzDate)
        )
    }

    func scope(day: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }

    /// The canonical request and the signed-header list of a request.
    public func canonicalParts(_ request: AWSHTTPRequest, payloadHash: String) -> (canonicalRequest: String, signedHeaders: String) {
        let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false)
        return canonicalParts(
            method: request.method, path: components?.percentEncodedPath ?? "/",
            query: components?.percentEncodedQuery, headers: request.headers, payloadHash: payloadHash
        )
    }

    /// The canonical request from its parts. `path` and `query` are as they travel on the wire.
    public func canonicalParts(
        method: String, path wirePath: String, query: String?, headers requestHeaders: AWSHTTPHeaders, payloadHash: String
    ) -> (canonicalRequest: String, signedHeaders: String) {
        let path: String
        if normalizesAndDoubleEncodesPath {
            path = Self.uriEncode(Self.normalize(wirePath.isEmpty ? "/" : wirePath), keepSlash: true)
        } else {
            path = wirePath.isEmpty ? "/" : wirePath
        }
        let canonicalQuery = Self.canonicalQuery(query)
        var headers: [String: [String]] = [:]
        for field in requestHeaders {
            let name = field.name.lowercased()
            if Self.unsignedHeaders.contains(name) { continue }
            headers[name, default: []].append(Self.trimmed(field.value))
        }
        let names = headers.keys.sorted()
        var canonicalHeaders = ""
        for name in names {
            canonicalHeaders += name + ":" + headers[name]!.joined(separator: ",") + "\n"
        }
        let signedHeaders = names.joined(separator: ";")
        let canonical = "\(method)\n\(path)\n\(canonicalQuery)\n\(canonicalHeaders)\n\(signedHeaders)\n\(payloadHash)"
        return (canonical, signedHeaders)
    }

    /// The `Authorization` header value for a canonical request.
    public func authorization(canonicalRequest: String, signedHeaders: String, amzDate: String) -> String {
        let day = String(amzDate.prefix(8))
        let signature = self.signature(stringToSign: stringToSign(canonicalRequest: canonicalRequest, amzDate: amzDate), day: day)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(day: day)), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    public func stringToSign(canonicalRequest: String, amzDate: String) -> String {
        let hash = Self.hex(SHA256.hash(data: Array(canonicalRequest.utf8)))
        return "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope(day: String(amzDate.prefix(8))))\n\(hash)"
    }

    func signature(stringToSign: String, day: String) -> String {
        let key = SigningKeyCache.shared.key(secret: credentials.secretAccessKey, day: day, region: region, service: service)
        let mac = HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)
        return Self.hex(mac)
    }

    static func deriveKey(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ text: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(text.utf8), using: key)))
        }
        let dateKey = hmac(SymmetricKey(data: Array(("AWS4" + secret).utf8)), day)
        return hmac(hmac(hmac(dateKey, region), service), "aws4_request")
    }

    // MARK: canonical forms

    /// Leading and trailing spaces removed, runs of whitespace collapsed to one space.
    static func trimmed(_ value: String) -> String {
        var result = ""
        var pendingSpace = false
        for character in value {
            if character == " " || character == "\t" || character == "\n" || character == "\r" {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(character)
            }
        }
        return result
    }

    /// Removes `.` and `..` segments and empty segments, keeping a trailing slash.
    static func normalize(_ path: String) -> String {
        var segments: [Substring] = []
        for segment in path.split(separator: "/", omittingEmptySubsequences: true) {
            if segment == "." { continue }
            if segment == ".." { _ = segments.popLast(); continue }
            segments.append(segment)
        }
        var result = "/" + segments.joined(separator: "/")
        if path.hasSuffix("/") && result != "/" { result += "/" }
        return result
    }

    static func canonicalQuery(_ percentEncodedQuery: String?) -> String {
        guard let query = percentEncodedQuery, !query.isEmpty else { return "" }
        var pairs: [(String, String)] = []
        for item in query.split(separator: "&", omittingEmptySubsequences: true) {
            let keyValue = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = percentDecode(String(keyValue[0]))
            let value = keyValue.count > 1 ? percentDecode(String(keyValue[1])) : ""
            pairs.append((uriEncode(key, keepSlash: false), uriEncode(value, keepSlash: false)))
        }
        pairs.sort { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }
        return pairs.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    static func percentDecode(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// RFC 3986 encoding: everything but `A-Z a-z 0-9 - . _ ~` (and `/` when kept) as `%XX`.
    public static func uriEncode(_ text: String, keepSlash: Bool) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                bytes.append(byte)
            case UInt8(ascii: "/") where keepSlash:
                bytes.append(byte)
            default:
                bytes.append(UInt8(ascii: "%"))
                bytes.append(hexDigits[Int(byte >> 4)])
                bytes.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static let lowerHex = Array("0123456789abcdef".utf8)

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        for byte in digest {
            bytes.append(lowerHex[Int(byte >> 4)])
            bytes.append(lowerHex[Int(byte & 0x0F)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func hex(_ digest: SHA256.Digest) -> String { hex(digest.makeIterator().map { $0 }) }
    static func hex(_ code: HashedAuthenticationCode<SHA256>) -> String { hex(Array(code)) }
}

/// Derived signing keys, shared by all signers in the process. Keys change daily, so the
/// cache stays tiny; it is cleared whenever it grows past a bound.
final class SigningKeyCache: Sendable {
    static let shared = SigningKeyCache()
    private let keys = Locked<[String: SymmetricKey]>([:])

    func key(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        let cacheKey = "\(day)/\(region)/\(service)/\(secret)"
        if let key = keys.withLock({ $0[cacheKey] }) { return key }
        let key = SigV4Signer.deriveKey(secret: secret, day: day, region: region, service: service)
        keys.withLock { keys in
            if keys.count > 64 { keys.removeAll() }
            keys[cacheKey] = key
        }
        return key
    }
}
