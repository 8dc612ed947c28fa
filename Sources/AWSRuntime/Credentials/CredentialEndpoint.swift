import Foundation

/// One HTTP exchange with a credential endpoint (instance metadata, container credentials, STS,
/// IAM Identity Center): a request with a timeout, the response body capped, failures as errors
/// that name the endpoint and never show a secret.
struct CredentialEndpoint: Sendable {
    let transport: any AWSHTTPTransport
    /// The source's name for error messages (`instance metadata`, `container credentials`).
    let label: String
    /// The largest body read from a credential endpoint; every real answer is a few KiB.
    static let maximumBodySize = 1024 * 1024

    struct Response {
        var status: Int
        var headers: AWSHTTPHeaders
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    init(transport: (any AWSHTTPTransport)?, label: String) {
        self.transport = transport ?? AsyncHTTPClientTransport()
        self.label = label
    }

    func send(_ method: String, _ url: URL, headers: AWSHTTPHeaders = AWSHTTPHeaders(), body: [UInt8] = [], timeout: Duration) async throws -> Response {
        let request = AWSHTTPRequest(method: method, url: url, headers: headers, body: .bytes(body))
        let options = AWSHTTPRequestOptions(timeout: timeout, maximumResponseBodySize: Self.maximumBodySize, operationName: label)
        let response: AWSHTTPResponse
        do {
            response = try await transport.send(request, options: options)
        } catch let error as AWSClientError {
            throw AWSClientError(.credentials, "\(label) at \(Self.redacted(url)): \(error.message)", underlying: error)
        } catch {
            throw AWSClientError(.credentials, "\(label) at \(Self.redacted(url)): \(error)", underlying: error)
        }
        let bytes = try await response.body.collect(upTo: Self.maximumBodySize)
        return Response(status: response.statusCode, headers: response.headers, body: bytes)
    }

    /// The URL without its query (which may carry a role or account name, never needed in a message).
    static func redacted(_ url: URL) -> String {
        var components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        components?.query = nil
        return components?.string ?? "\(url.scheme ?? "")://\(url.host ?? "")"
    }

    /// A JSON object from a credential endpoint's body.
    static func object(_ body: [UInt8], from source: String) throws -> [String: JSONValue] {
        guard let value = try? JSONParser.parse(body), let object = value.objectValue else {
            throw AWSCredentialSourceError("\(source) answered with something that is not a JSON object (\(body.count) bytes)")
        }
        return object
    }

    /// Credentials from a JSON document with the given key names (the container and instance
    /// metadata endpoints and `credential_process` use `AccessKeyId`, `SecretAccessKey`,
    /// `Token`/`SessionToken`, `Expiration`). Missing keys are an error that names the source.
    static func credentials(
        from object: [String: JSONValue], source: String, keyID: String = "AccessKeyId", secret: String = "SecretAccessKey",
        token: [String] = ["Token", "SessionToken"], expiration: String = "Expiration"
    ) throws -> AWSCredentials {
        guard let key = object[keyID]?.stringValue, !key.isEmpty else {
            throw AWSCredentialSourceError("\(source) answered without \(keyID)")
        }
        guard let secretValue = object[secret]?.stringValue, !secretValue.isEmpty else {
            throw AWSCredentialSourceError("\(source) answered with \(keyID) but without \(secret)")
        }
        let tokenValue = token.lazy.compactMap { object[$0]?.stringValue }.first
        var expirationDate: Date?
        switch object[expiration] {
        case .string(let text)?:
            guard let date = Timestamps.parseISO8601(text) else {
                throw AWSCredentialSourceError("\(source) answered with the \(expiration) '\(text.prefix(40))', not an ISO 8601 time")
            }
            expirationDate = date
        case .integer(let milliseconds)?:
            expirationDate = Date(timeIntervalSince1970: Double(milliseconds) / 1000)
        case nil, .null?:
            break
        default:
            throw AWSCredentialSourceError("\(source) answered with an \(expiration) that is not a time")
        }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secretValue, sessionToken: tokenValue, expiration: expirationDate)
    }
}
