import Foundation

/// A request signed in its URL (SigV4 query signing): anyone holding it can make the call until it
/// expires, with no credentials of their own. Send `method` to `url` with `headers` (usually none
/// but `Host`, which every HTTP client sends; a `Content-Type` you presigned must be sent as signed).
public struct AWSPresignedRequest: Sendable {
    public var method: String
    public var url: URL
    /// Headers that were signed besides `Host`: the request must carry them with these values.
    public var headers: AWSHTTPHeaders
    /// When the signature stops being accepted.
    public var expiration: Date
}

extension AWSClient {
    /// The longest a SigV4 presigned URL can live (seven days).
    public static let maximumPresignedExpiry: Duration = .seconds(604_800)

    /// Presigns an operation: its request, as this client would send it, signed in the URL's query
    /// for `expiresIn` (botocore's `generate_presigned_url`). S3 signs no payload
    /// (`UNSIGNED-PAYLOAD`); other services' form bodies (the query protocol) move into the query,
    /// as botocore moves them. Fails for clients that do not sign with SigV4.
    ///
    /// ```swift
    /// let s3 = S3Client()
    /// let download = try await s3.client.presign(S3Client.getObjectOperation, input: GetObjectRequest(bucket: "b", key: "k"), expiresIn: .seconds(900))
    /// print(download.url)   // GET it with any HTTP client, no credentials needed
    /// ```
    public func presign<Input: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, expiresIn: Duration = .seconds(3600), date: Date = Date()
    ) async throws -> AWSPresignedRequest {
        guard expiresIn > .zero, expiresIn <= Self.maximumPresignedExpiry else {
            throw AWSConfigurationError("\(service.serviceId).\(operation.name): a presigned URL expires after 1 second to 7 days, not \(expiresIn)")
        }
        guard authScheme == .sigV4 else {
            throw AWSConfigurationError("\(service.serviceId) does not sign with SigV4 here (\(authScheme.map { "\($0)" } ?? "no scheme")); only SigV4 requests can be presigned")
        }
        let (prepared, region, resolved) = try serialize(operation, input: input, wire: wireProtocol())
        let credentials = try await credentialProvider.credentials()
        let seconds = Int(expiresIn.components.seconds)
        let url = try HTTPRequestStep.url(prepared, endpoint: resolved, operation: operation)
        return Presigner(endpoint: resolved.endpoint, region: region, signingName: service.signingName, operation: operation.name)
            .presign(prepared, url: url, credentials: credentials, expires: seconds, date: date)
    }
}

/// SigV4 query signing exactly as botocore's `SigV4QueryAuth` and `S3SigV4QueryAuth` do it, so the
/// same inputs, credentials and clock give the same URL byte for byte.
struct Presigner {
    let endpoint: AWSEndpoint
    let region: String
    let signingName: String
    var operation = ""

    /// Operations whose presigned request leaves out the body's `Content-Type` (botocore's
    /// `remove_content_type_header_for_presigning`): Polly's audio links are fetched without one.
    static let dropsContentType: Set<String> = ["polly.SynthesizeSpeech"]

    /// botocore's `percent_encode` (`urllib.parse.quote(safe='-_.~')`): RFC 3986's unreserved characters
    /// kept, all else `%XX`, which is SigV4's own encoding.
    static func percentEncode(_ text: String) -> String { SigV4Signer.uriEncode(text, keepSlash: false) }

    /// A query or form body as botocore's `parse_qs(keep_blank_values=True)` then `{k: v[0]}` reads
    /// it: decoded pairs, each name once (its first value), in the order names first appear.
    static func decodedPairs(_ query: String, into pairs: inout [(String, String)]) {
        for part in query.split(separator: "&", omittingEmptySubsequences: true) {
            let (name, value) = part.firstIndex(of: "=").map { (part[..<$0], part[part.index(after: $0)...]) } ?? (part, "")
            let key = formDecode(String(name))
            if pairs.contains(where: { $0.0 == key }) { continue }
            pairs.append((key, formDecode(String(value))))
        }
    }

    /// A JSON value as botocore puts it in a presigned query: `str()` of what `json.loads` made of
    /// it (a string as is, `True`/`False`/`None`, lists and objects as Python prints them).
    static func pythonText(_ value: JSONValue) -> String {
        switch value {
        case .string(let text): return text
        default: return pythonRepr(value)
        }
    }

    /// Python's `repr()` of a value `json.loads` made.
    static func pythonRepr(_ value: JSONValue) -> String {
        switch value {
        case .null: return "None"
        case .bool(let flag): return flag ? "True" : "False"
        case .integer(let number): return String(number)
        case .double: return String(decoding: JSONSerializer.serialize(value), as: UTF8.self)
        case .string(let text): return pythonRepr(text)
        case .array(let items): return "[" + items.map(pythonRepr).joined(separator: ", ") + "]"
        case .object(let members):
            return "{" + members.sorted(by: { $0.key < $1.key }).map { pythonRepr($0.key) + ": " + pythonRepr($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// Python's `repr()` of a string: single quotes unless it holds one and no double quote, and
    /// backslash escapes for the quote, the backslash and control characters.
    static func pythonRepr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where Character(scalar) == quote: out += "\\" + String(quote)
            case _ where scalar.value < 0x20 || (0x7F...0xA0).contains(scalar.value):
                out += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + String(quote)
    }

    /// `+` is a space and `%XX` a byte, as in a form (Python's `unquote_plus`).
    static func formDecode(_ text: String) -> String {
        SigV4Signer.percentDecode(text.replacingOccurrences(of: "+", with: " "))
    }

    func presign(_ prepared: JSONProtocols.PreparedRequest, url: URL, credentials: AWSCredentials, expires: Int, date: Date) -> AWSPresignedRequest {
        let signingRegion = endpoint.signingRegion ?? (region == "aws-global" ? "us-east-1" : region)
        let signingName = endpoint.signingName ?? self.signingName
        let isS3 = signingName == "s3" || signingName == "s3-outposts" || signingName == "s3express"
        let signer = SigV4Signer(credentials: credentials, region: signingRegion, service: signingName, normalizesAndDoubleEncodesPath: !isS3)

        // The URL as the client would send it, then its query rebuilt: operation parameters (the
        // URL's own, then a form body's), then the auth parameters.
        var base = url.absoluteString
        // A bucket-level S3 operation on a path-style endpoint: botocore presigns `/bucket?tagging`,
        // where the client sends `/bucket/?tagging` (S3 takes both; the signature covers the path).
        let endpointPath = SigV4Signer.splitURL(endpoint.url.absoluteString).path
        if endpointPath != "/", prepared.pathAndQuery == "/" || prepared.pathAndQuery.hasPrefix("/?"),
           let slash = base.range(of: endpointPath + "/", options: .backwards) {
            base.replaceSubrange(slash, with: endpointPath)
        }
        let target = SigV4Signer.splitURL(base)
        var parameters: [(String, String)] = []
        if let query = target.query { Self.decodedPairs(query, into: &parameters) }
        var headers = AWSHTTPHeaders()
        for field in prepared.headers { headers.add(name: field.name, value: field.value) }
        for (name, values) in endpoint.headers.sorted(by: { $0.key < $1.key }) {
            for value in values { headers.add(name: name, value: value) }
        }
        var body = prepared.body
        if Self.dropsContentType.contains("\(signingName).\(operation)") { headers.remove("Content-Type") }
        if headers["Content-Type"] == "application/x-www-form-urlencoded; charset=utf-8" {
            headers.remove("Content-Type")
            Self.decodedPairs(String(decoding: body, as: UTF8.self), into: &parameters)
            body = []
        } else if !isS3, !body.isEmpty, case .object(let members)? = try? JSONParser.parse(body) {
            // A JSON body (rest-json) moves into the query too, in the body's order (this runtime
            // writes JSON keys sorted): each value as Python's str() writes it, a list as the name
            // repeated once per element (botocore's `percent_encode_sequence`).
            for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                var items: [(String, String)] = [(name, Self.pythonText(value))]
                if case .array(let elements) = value { items = elements.map { (name, Self.pythonText($0)) } }
                // A name the URL's query has already keeps its place (Python's dict.update).
                if let index = parameters.firstIndex(where: { $0.0 == name }) {
                    parameters.remove(at: index)
                    parameters.insert(contentsOf: items, at: index)
                } else {
                    parameters.append(contentsOf: items)
                }
            }
            body = []
        }
        let amzDate = Timestamps.iso8601Basic(date)
        headers.replaceOrAdd(name: "Host", value: target.authority)
        var signed: [String] = []
        for field in headers {
            let name = field.name.lowercased()
            if !SigV4Signer.unsignedHeaders.contains(name), !signed.contains(name) { signed.append(name) }
        }
        var auth: [(String, String)] = [
            ("X-Amz-Algorithm", "AWS4-HMAC-SHA256"),
            ("X-Amz-Credential", "\(credentials.accessKeyID)/\(signer.scope(day: String(amzDate.prefix(8))))"),
            ("X-Amz-Date", amzDate),
            ("X-Amz-Expires", String(expires)),
            ("X-Amz-SignedHeaders", signed.sorted().joined(separator: ";")),
        ]
        if let token = credentials.sessionToken { auth.append(("X-Amz-Security-Token", token)) }
        func encoded(_ pairs: [(String, String)]) -> String {
            pairs.map { "\(Self.percentEncode($0.0))=\(Self.percentEncode($0.1))" }.joined(separator: "&")
        }
        let query = (parameters.isEmpty ? "" : encoded(parameters) + "&") + encoded(auth)
        let payloadHash = isS3 ? SigV4Signer.unsignedPayload : SigV4Signer.payloadHash(body)
        let parts = signer.canonicalBytes(method: prepared.method, path: target.path, query: query, headers: headers, payloadHash: payloadHash)
        let signature = signer.signature(stringToSign: signer.stringToSign(canonicalRequest: parts.canonicalRequest, amzDate: amzDate), day: String(amzDate.prefix(8)))
        let prefix = base.firstIndex(of: "?").map { String(base[..<$0]) } ?? base
        let url = URL(string: "\(prefix)?\(query)&X-Amz-Signature=\(signature)")!
        var extra = AWSHTTPHeaders()
        for field in headers where field.name.lowercased() != "host" { extra.add(name: field.name, value: field.value) }
        return AWSPresignedRequest(method: prepared.method, url: url, headers: extra, expiration: date.addingTimeInterval(TimeInterval(expires)))
    }
}
