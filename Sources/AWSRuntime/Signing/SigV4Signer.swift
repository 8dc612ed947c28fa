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
        let target = Self.splitURL(request.url.absoluteString)
        if !request.headers.contains("Host") {
            request.headers.add(name: "Host", value: target.authority)
        }
        let parts = canonicalBytes(method: request.method, path: target.path, query: target.query, headers: request.headers, payloadHash: payloadHash)
        request.headers.replaceOrAdd(
            name: "Authorization",
            value: authorization(canonicalRequest: parts.canonicalRequest, signedHeaders: parts.signedHeaders, amzDate: amzDate)
        )
    }

    /// Authority (host and non-default port), percent-encoded path and query of an absolute URL,
    /// read straight from its text (`URLComponents` costs more than the rest of signing).
    static func splitURL(_ text: String) -> (authority: String, path: String, query: String?) {
        let bytes = Array(text.utf8)
        var index = 0
        var scheme = ""
        if let colon = bytes.firstIndex(of: UInt8(ascii: ":")), colon + 2 < bytes.count,
           bytes[colon + 1] == UInt8(ascii: "/"), bytes[colon + 2] == UInt8(ascii: "/") {
            scheme = String(decoding: bytes[..<colon], as: UTF8.self).lowercased()
            index = colon + 3
        }
        let authorityStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "/"), bytes[index] != UInt8(ascii: "?"), bytes[index] != UInt8(ascii: "#") {
            index += 1
        }
        var hostStart = authorityStart
        for position in authorityStart..<index where bytes[position] == UInt8(ascii: "@") { hostStart = position + 1 }
        var authority = String(decoding: bytes[hostStart..<index], as: UTF8.self)
        if (scheme == "https" && authority.hasSuffix(":443")) || (scheme == "http" && authority.hasSuffix(":80")) {
            authority = String(authority[..<authority.lastIndex(of: ":")!])
        }
        let pathStart = index
        while index < bytes.count, bytes[index] != UInt8(ascii: "?"), bytes[index] != UInt8(ascii: "#") { index += 1 }
        let path = pathStart == index ? "/" : String(decoding: bytes[pathStart..<index], as: UTF8.self)
        var query: String?
        if index < bytes.count, bytes[index] == UInt8(ascii: "?") {
            let queryStart = index + 1
            index = queryStart
            while index < bytes.count, bytes[index] != UInt8(ascii: "#") { index += 1 }
            query = String(decoding: bytes[queryStart..<index], as: UTF8.self)
        }
        return (authority, path, query)
    }

    func scope(day: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }

    /// The canonical request and the signed-header list of a request.
    public func canonicalParts(_ request: AWSHTTPRequest, payloadHash: String) -> (canonicalRequest: String, signedHeaders: String) {
        let target = Self.splitURL(request.url.absoluteString)
        return canonicalParts(method: request.method, path: target.path, query: target.query, headers: request.headers, payloadHash: payloadHash)
    }

    /// The canonical request from its parts. `path` and `query` are as they travel on the wire.
    public func canonicalParts(
        method: String, path: String, query: String?, headers: AWSHTTPHeaders, payloadHash: String
    ) -> (canonicalRequest: String, signedHeaders: String) {
        let parts = canonicalBytes(method: method, path: path, query: query, headers: headers, payloadHash: payloadHash)
        return (String(decoding: parts.canonicalRequest, as: UTF8.self), parts.signedHeaders)
    }

    func canonicalBytes(
        method: String, path wirePath: String, query: String?, headers requestHeaders: AWSHTTPHeaders, payloadHash: String
    ) -> (canonicalRequest: [UInt8], signedHeaders: String) {
        let path: String
        if normalizesAndDoubleEncodesPath {
            path = Self.uriEncode(Self.normalize(wirePath.isEmpty ? "/" : wirePath), keepSlash: true)
        } else {
            path = wirePath.isEmpty ? "/" : wirePath
        }
        let canonicalQuery = Self.canonicalQuery(query)
        // Lowercased names, sorted; values of repeated names joined by commas in their order.
        var fields: [(name: String, value: String)] = []
        fields.reserveCapacity(requestHeaders.fields.count)
        for field in requestHeaders.fields {
            let name = Self.lowercasedASCII(field.name)
            if Self.unsignedHeaders.contains(name) { continue }
            let value = Self.trimmed(field.value)
            if let existing = fields.firstIndex(where: { $0.name == name }) {
                fields[existing].value += "," + value
            } else {
                fields.append((name, value))
            }
        }
        fields.sort { $0.name < $1.name }
        var canonical: [UInt8] = []
        canonical.reserveCapacity(512)
        func append(_ text: String) {
            var text = text
            text.withUTF8 { canonical.append(contentsOf: $0) }
        }
        append(method)
        canonical.append(0x0A)
        append(path)
        canonical.append(0x0A)
        append(canonicalQuery)
        canonical.append(0x0A)
        var signedHeaders = ""
        for (index, field) in fields.enumerated() {
            append(field.name)
            canonical.append(UInt8(ascii: ":"))
            append(field.value)
            canonical.append(0x0A)
            if index > 0 { signedHeaders += ";" }
            signedHeaders += field.name
        }
        canonical.append(0x0A)
        append(signedHeaders)
        canonical.append(0x0A)
        append(payloadHash)
        return (canonical, signedHeaders)
    }

    /// The `Authorization` header value for a canonical request.
    public func authorization(canonicalRequest: String, signedHeaders: String, amzDate: String) -> String {
        authorization(canonicalRequest: Array(canonicalRequest.utf8), signedHeaders: signedHeaders, amzDate: amzDate)
    }

    func authorization(canonicalRequest: [UInt8], signedHeaders: String, amzDate: String) -> String {
        let day = String(amzDate.prefix(8))
        let signature = self.signature(stringToSign: stringToSign(canonicalRequest: canonicalRequest, amzDate: amzDate), day: day)
        return "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(day: day)), SignedHeaders=\(signedHeaders), Signature=\(signature)"
    }

    public func stringToSign(canonicalRequest: String, amzDate: String) -> String {
        stringToSign(canonicalRequest: Array(canonicalRequest.utf8), amzDate: amzDate)
    }

    func stringToSign(canonicalRequest: [UInt8], amzDate: String) -> String {
        let hash = Self.hex(canonicalRequest.withUnsafeBytes { SHA256.hash(data: $0) })
        return "AWS4-HMAC-SHA256\n\(amzDate)\n\(scope(day: String(amzDate.prefix(8))))\n\(hash)"
    }

    func signature(stringToSign: String, day: String) -> String {
        // A copy of an HMAC already keyed: keying (two pad blocks) costs as much as the signature.
        var mac = SigningKeyCache.shared.keyedHMAC(secret: credentials.secretAccessKey, day: day, region: region, service: service)
        var text = stringToSign
        text.withUTF8 { mac.update(data: UnsafeRawBufferPointer($0)) }
        return Self.hex(mac.finalize())
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
        // Fast path: nothing to trim or collapse.
        var clean = true
        var previousSpace = true
        for byte in value.utf8 {
            let isSpace = byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
            if isSpace && (previousSpace || byte != 0x20) { clean = false; break }
            previousSpace = isSpace
        }
        if clean && !previousSpace { return value }
        if value.isEmpty { return value }
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

    static func lowercasedASCII(_ text: String) -> String {
        if !text.utf8.contains(where: { $0 >= 0x41 && $0 <= 0x5A }) { return text }
        return String(decoding: text.utf8.map { ($0 >= 0x41 && $0 <= 0x5A) ? $0 + 32 : $0 }, as: UTF8.self)
    }

    /// Removes `.` and `..` segments and empty segments, keeping a trailing slash.
    static func normalize(_ path: String) -> String {
        // Fast path: no empty, `.` or `..` segments (checked on bytes; Foundation's `contains`
        // is slower than the whole rest of normalization).
        var previous: UInt8 = 0
        var dotRun = 0
        var needsWork = false
        for byte in path.utf8 {
            if byte == UInt8(ascii: "/") {
                if previous == UInt8(ascii: "/") || dotRun == 1 || dotRun == 2 { needsWork = true; break }
                dotRun = 0
            } else if byte == UInt8(ascii: ".") {
                dotRun = (previous == UInt8(ascii: "/") || dotRun > 0) ? dotRun + 1 : -100
            } else {
                dotRun = -100
            }
            previous = byte
        }
        if dotRun == 1 || dotRun == 2 { needsWork = true }
        if !needsWork { return path.isEmpty ? "/" : path }
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
        let needsEncoding = text.utf8.contains { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                return false
            case UInt8(ascii: "/"):
                return !keepSlash
            default:
                return true
            }
        }
        if !needsEncoding { return text }
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

    static func hex(_ digest: SHA256.Digest) -> String { digest.withUnsafeBytes { hex($0) } }
    static func hex(_ code: HashedAuthenticationCode<SHA256>) -> String { code.withUnsafeBytes { hex($0) } }
}

/// Derived signing keys, shared by all signers in the process. Keys change daily, so the
/// cache stays tiny; it is cleared whenever it grows past a bound.
final class SigningKeyCache: Sendable {
    static let shared = SigningKeyCache()
    private struct Scope: Hashable {
        var secret: String, day: String, region: String, service: String
    }
    private let keys = Locked<(last: (scope: Scope, mac: HMAC<SHA256>)?, all: [Scope: HMAC<SHA256>])>((nil, [:]))

    /// An HMAC keyed with the derived signing key; copy it, then update and finalize the copy.
    func keyedHMAC(secret: String, day: String, region: String, service: String) -> HMAC<SHA256> {
        let cacheKey = Scope(secret: secret, day: day, region: region, service: service)
        // Most processes sign for one scope at a time: compare before hashing four strings.
        if let mac = keys.withLock({ cache -> HMAC<SHA256>? in
            if let last = cache.last, last.scope == cacheKey { return last.mac }
            guard let mac = cache.all[cacheKey] else { return nil }
            cache.last = (cacheKey, mac)
            return mac
        }) { return mac }
        let mac = HMAC<SHA256>(key: SigV4Signer.deriveKey(secret: secret, day: day, region: region, service: service))
        keys.withLock { cache in
            if cache.all.count > 64 { cache.all.removeAll() }
            cache.all[cacheKey] = mac
            cache.last = (cacheKey, mac)
        }
        return mac
    }
}
