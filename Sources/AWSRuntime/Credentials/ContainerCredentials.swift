import Foundation

/// Credentials from the container credentials endpoint, as ECS, Fargate and EKS Pod Identity
/// provide them:
/// - `AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`: a path on `http://169.254.170.2` (ECS);
/// - else `AWS_CONTAINER_CREDENTIALS_FULL_URI`: any `https` URL, or an `http` URL whose host is a
///   loopback address or the ECS / EKS link-local address (`169.254.170.2`, `169.254.170.23`,
///   `fd00:ec2::23`), so that a container's credentials never travel in clear text off the host;
/// - the `Authorization` header from the file `AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE` (read on
///   every fetch: EKS rotates it), else `AWS_CONTAINER_AUTHORIZATION_TOKEN`.
/// Three attempts a second apart, two seconds each, as botocore's `ContainerMetadataFetcher`.
public struct ContainerCredentialProvider: AWSCredentialProvider {
    let environment: [String: String]
    let endpoint: CredentialEndpoint
    let attempts: Int
    let attemptTimeout: Duration
    let pause: Duration

    public init(
        environment: [String: String] = ProcessInfo.processInfo.environment, transport: (any AWSHTTPTransport)? = nil,
        attempts: Int = 3, attemptTimeout: Duration = .seconds(2), pause: Duration = .seconds(1)
    ) {
        self.environment = environment
        endpoint = CredentialEndpoint(transport: transport, label: "container credentials")
        self.attempts = max(1, attempts)
        self.attemptTimeout = attemptTimeout
        self.pause = pause
    }

    public var sourceName: String { "container-role" }

    static let ecsHost = "169.254.170.2"
    static let allowedHTTPHosts: Set<String> = ["169.254.170.2", "169.254.170.23", "fd00:ec2::23", "[fd00:ec2::23]", "localhost"]

    /// Whether the environment names a container endpoint at all.
    var isConfigured: Bool {
        SettingsResolver.nonEmpty(environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) != nil
            || SettingsResolver.nonEmpty(environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) != nil
    }

    /// The endpoint's URL; an error for a full URI this provider will not send credentials requests to.
    func url() throws -> URL {
        if let relative = SettingsResolver.nonEmpty(environment["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) {
            guard let url = URL(string: "http://\(Self.ecsHost)" + (relative.hasPrefix("/") ? "" : "/") + relative) else {
                throw AWSCredentialSourceError("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI '\(relative.prefix(100))' is not a path")
            }
            return url
        }
        guard let full = SettingsResolver.nonEmpty(environment["AWS_CONTAINER_CREDENTIALS_FULL_URI"]) else {
            throw AWSClientError(.credentials, "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor AWS_CONTAINER_CREDENTIALS_FULL_URI is set")
        }
        guard let url = URL(string: full), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else {
            throw AWSCredentialSourceError("AWS_CONTAINER_CREDENTIALS_FULL_URI '\(full.prefix(100))' is not a URL")
        }
        if scheme == "https" { return url }
        guard scheme == "http", Self.isAllowedHTTPHost(host) else {
            throw AWSCredentialSourceError(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI names \(host) over \(scheme); over http only a loopback address, 169.254.170.2, "
                    + "169.254.170.23 or fd00:ec2::23 may serve credentials"
            )
        }
        return url
    }

    static func isAllowedHTTPHost(_ host: String) -> Bool {
        if allowedHTTPHosts.contains(host) { return true }
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare == "::1" { return true }
        // Any 127.0.0.0/8 address.
        let octets = bare.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    /// The authorization header's value, if one is configured; an error for an unreadable file or a
    /// value with a line break (it would let the value add headers of its own).
    func authorization() throws -> String? {
        var token: String?
        if let path = SettingsResolver.nonEmpty(environment["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]) {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw AWSCredentialSourceError("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE names \(path), which cannot be read")
            }
            token = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        } else {
            token = SettingsResolver.nonEmpty(environment["AWS_CONTAINER_AUTHORIZATION_TOKEN"])
        }
        if let token, token.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" }) {
            throw AWSCredentialSourceError("the container authorization token has a line break")
        }
        return token
    }

    public func credentials() async throws -> AWSCredentials {
        let url = try url()
        var headers = AWSHTTPHeaders()
        headers.add(name: "Accept", value: "application/json")
        if let token = try authorization() { headers.add(name: "Authorization", value: token) }
        var lastError: any Error = AWSClientError(.credentials, "container credentials: no attempt made")
        for attempt in 1...attempts {
            do {
                let response = try await endpoint.send("GET", url, headers: headers, timeout: attemptTimeout)
                guard response.status == 200 else {
                    let object = try? CredentialEndpoint.object(response.body, from: "container credentials")
                    let message = object?["message"]?.stringValue ?? object?["Message"]?.stringValue ?? ""
                    let error = AWSClientError(.credentials, "container credentials at \(CredentialEndpoint.redacted(url)) answered \(response.status)\(message.isEmpty ? "" : ": \(message.prefix(200))")")
                    // A client error (a wrong token) does not get better by asking again.
                    if (400..<500).contains(response.status) { throw AWSCredentialSourceError(error.message) }
                    throw error
                }
                let object = try CredentialEndpoint.object(response.body, from: "container credentials")
                return try CredentialEndpoint.credentials(from: object, source: "container credentials")
            } catch let error as AWSCredentialSourceError {
                throw error
            } catch {
                lastError = error
                if attempt < attempts { try await Task.sleep(for: pause) }
            }
        }
        throw lastError
    }
}
