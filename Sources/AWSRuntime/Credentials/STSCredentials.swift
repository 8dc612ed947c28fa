import Foundation

/// The two STS calls credential providers make, `AssumeRole` (signed with the source
/// credentials) and `AssumeRoleWithWebIdentity` (unsigned), over the Query protocol. Written
/// here rather than through a generated STS client because the runtime cannot depend on
/// generated code; both calls are small and their XML answers fixed.
struct STSCredentialCall: Sendable {
    let endpoint: CredentialEndpoint
    /// The STS endpoint: the configured one (`AWS_ENDPOINT_URL_STS`, the profile's), else the region's.
    let url: URL
    let region: String

    /// The STS endpoint for `region` (`us-east-1` when none), or the one the shared settings configure for STS.
    init(region: String?, environment: [String: String], profile: String?, transport: (any AWSHTTPTransport)?) throws {
        let region = region ?? "us-east-1"
        let resolver = SettingsResolver(profile: profile, environment: environment)
        if let configured = try resolver.configuredEndpointURL(serviceId: "STS", ignoresInCode: nil) {
            url = configured
        } else {
            let partition = AWSPartition.of(region: region)
            guard let url = URL(string: "https://sts.\(region).\(partition.dnsSuffix)") else {
                throw AWSCredentialSourceError("the region '\(region.prefix(60))' makes no STS endpoint")
            }
            self.url = url
        }
        self.region = region
        endpoint = CredentialEndpoint(transport: transport, label: "STS")
    }

    /// Calls `action` with `parameters`, signed with `credentials` when given; the credentials of the answer.
    func call(_ action: String, _ parameters: [(String, String)], signedWith credentials: AWSCredentials?) async throws -> AWSCredentials {
        let form = ([("Action", action), ("Version", "2011-06-15")] + parameters)
            .map { "\(Self.formEncode($0.0))=\(Self.formEncode($0.1))" }.joined(separator: "&")
        let body = Array(form.utf8)
        var request = AWSHTTPRequest(method: "POST", url: url, headers: [
            "Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Host": Self.host(url), "Content-Length": String(body.count),
        ], body: .bytes(body))
        if let credentials {
            SigV4Signer(credentials: credentials, region: region, service: "sts").sign(&request, payloadHash: SigV4Signer.payloadHash(body))
        }
        let response = try await endpoint.send(request.method, request.url, headers: request.headers, body: body, timeout: .seconds(30))
        let root: AWSXMLElement
        do {
            root = try AWSXMLParser.parse(response.body)
        } catch {
            throw AWSClientError(.credentials, "STS \(action) answered \(response.status) with a body that is not XML")
        }
        guard response.status == 200 else {
            let error = root.child("Error")
            let code = error?.child("Code")?.text ?? "HTTP \(response.status)"
            let message = error?.child("Message")?.text ?? ""
            throw AWSCredentialSourceError("STS \(action) failed: \(code)\(message.isEmpty ? "" : ": \(message.prefix(300))")")
        }
        guard let result = root.child("\(action)Result"), let document = result.child("Credentials") else {
            throw AWSCredentialSourceError("STS \(action) answered without credentials")
        }
        guard let key = document.child("AccessKeyId")?.text, let secret = document.child("SecretAccessKey")?.text, !key.isEmpty, !secret.isEmpty else {
            throw AWSCredentialSourceError("STS \(action) answered with incomplete credentials")
        }
        let expiration = document.child("Expiration").flatMap { Timestamps.parseISO8601($0.text) }
        return AWSCredentials(accessKeyID: key, secretAccessKey: secret, sessionToken: document.child("SessionToken")?.text, expiration: expiration)
    }

    static func host(_ url: URL) -> String {
        guard let host = url.host else { return "" }
        let bracketed = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return url.port.map { "\(bracketed):\($0)" } ?? bracketed
    }

    /// `application/x-www-form-urlencoded` as the Query protocol sends it (RFC 3986 unreserved kept).
    static func formEncode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")) ?? text
    }

    /// A session name as botocore makes one: `botocore-session-<seconds since 1970>`.
    static func defaultSessionName() -> String { "aws-sdk-swift-codegen-session-\(Int(Date().timeIntervalSince1970))" }
}

/// Credentials of an IAM role, assumed with `sts:AssumeRole` using the credentials of another
/// provider (a profile's `source_profile` or `credential_source`).
public struct AssumeRoleCredentialProvider: AWSCredentialProvider {
    public let roleARN: String
    public let sessionName: String
    public let externalID: String?
    public let duration: Int?
    public let mfaSerial: String?
    let source: any AWSCredentialProvider
    let mfaToken: (@Sendable (_ serial: String) async throws -> String)?
    let sts: @Sendable () throws -> STSCredentialCall

    /// - Parameters:
    ///   - source: the credentials that call `AssumeRole`.
    ///   - mfaToken: asked for the current code of `mfaSerial` on every refresh.
    ///   - region: the STS region (the client's); `us-east-1` when nil.
    public init(
        roleARN: String, source: any AWSCredentialProvider, sessionName: String? = nil, externalID: String? = nil, duration: Int? = nil,
        mfaSerial: String? = nil, mfaToken: (@Sendable (_ serial: String) async throws -> String)? = nil, region: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any AWSHTTPTransport)? = nil
    ) {
        self.init(
            roleARN: roleARN, source: source, sessionName: sessionName, externalID: externalID, duration: duration, mfaSerial: mfaSerial,
            mfaToken: mfaToken, sts: { try STSCredentialCall(region: region, environment: environment, profile: nil, transport: transport) }
        )
    }

    init(
        roleARN: String, source: any AWSCredentialProvider, sessionName: String?, externalID: String?, duration: Int?, mfaSerial: String?,
        mfaToken: (@Sendable (_ serial: String) async throws -> String)?, sts: @escaping @Sendable () throws -> STSCredentialCall
    ) {
        self.roleARN = roleARN
        self.source = source
        self.sessionName = sessionName ?? STSCredentialCall.defaultSessionName()
        self.externalID = externalID
        self.duration = duration
        self.mfaSerial = mfaSerial
        self.mfaToken = mfaToken
        self.sts = sts
    }

    public var sourceName: String { "assume-role" }

    public func credentials() async throws -> AWSCredentials {
        var parameters = [("RoleArn", roleARN), ("RoleSessionName", sessionName)]
        if let externalID { parameters.append(("ExternalId", externalID)) }
        if let duration { parameters.append(("DurationSeconds", String(duration))) }
        if let mfaSerial {
            guard let mfaToken else {
                throw AWSCredentialSourceError("the role \(roleARN) needs an MFA code for \(mfaSerial); pass mfaToken to the credential chain")
            }
            parameters.append(("SerialNumber", mfaSerial))
            parameters.append(("TokenCode", try await mfaToken(mfaSerial)))
        }
        let sourceCredentials = try await source.credentials()
        return try await sts().call("AssumeRole", parameters, signedWith: sourceCredentials)
    }
}

/// Credentials of an IAM role for an OpenID Connect token in a file, with
/// `sts:AssumeRoleWithWebIdentity`: `AWS_WEB_IDENTITY_TOKEN_FILE`, `AWS_ROLE_ARN` and
/// `AWS_ROLE_SESSION_NAME` (as EKS service accounts and CI OIDC set them), or a profile's
/// `web_identity_token_file`, `role_arn` and `role_session_name`. The file is read again on every
/// refresh, since the token in it rotates.
public struct WebIdentityCredentialProvider: AWSCredentialProvider {
    public let tokenFile: String
    public let roleARN: String
    public let sessionName: String
    let sts: @Sendable () throws -> STSCredentialCall

    public init(
        tokenFile: String, roleARN: String, sessionName: String? = nil, region: String? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any AWSHTTPTransport)? = nil
    ) {
        self.init(tokenFile: tokenFile, roleARN: roleARN, sessionName: sessionName) {
            try STSCredentialCall(region: region, environment: environment, profile: nil, transport: transport)
        }
    }

    init(tokenFile: String, roleARN: String, sessionName: String?, sts: @escaping @Sendable () throws -> STSCredentialCall) {
        self.tokenFile = tokenFile
        self.roleARN = roleARN
        self.sessionName = sessionName ?? STSCredentialCall.defaultSessionName()
        self.sts = sts
    }

    public var sourceName: String { "assume-role-with-web-identity" }

    public func credentials() async throws -> AWSCredentials {
        guard let data = FileManager.default.contents(atPath: tokenFile) else {
            throw AWSCredentialSourceError("the web identity token file \(tokenFile) cannot be read")
        }
        let token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !token.isEmpty else { throw AWSCredentialSourceError("the web identity token file \(tokenFile) is empty") }
        return try await sts().call(
            "AssumeRoleWithWebIdentity", [("RoleArn", roleARN), ("RoleSessionName", sessionName), ("WebIdentityToken", token)], signedWith: nil
        )
    }
}
