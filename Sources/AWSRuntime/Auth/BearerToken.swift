import Foundation

/// A bearer token (a Bedrock API key, an SSO access token), sent as `Authorization: Bearer …`.
/// Its description never shows the token.
public struct AWSBearerToken: Sendable, Hashable, CustomStringConvertible {
    public var token: String
    /// When the token stops being valid, if known.
    public var expiration: Date?

    public init(token: String, expiration: Date? = nil) {
        self.token = token
        self.expiration = expiration
    }

    public var description: String { "AWSBearerToken(token: <redacted>\(expiration.map { ", expiration: \($0)" } ?? ""))" }
}

/// Where a client gets its bearer token; called before each attempt that uses bearer auth, so a
/// provider may refresh (SSO tokens).
public protocol AWSBearerTokenProvider: Sendable {
    func token() async throws -> AWSBearerToken
}

/// One fixed token.
public struct StaticBearerTokenProvider: AWSBearerTokenProvider {
    public let bearerToken: AWSBearerToken
    public init(token: String) { bearerToken = AWSBearerToken(token: token) }
    public func token() async throws -> AWSBearerToken { bearerToken }
}

/// The token in `AWS_BEARER_TOKEN_<SIGNING NAME>` (`AWS_BEARER_TOKEN_BEDROCK`), as botocore reads it:
/// the signing name upper-cased, with `-` and spaces as `_`.
public struct EnvironmentBearerTokenProvider: AWSBearerTokenProvider {
    public let variableName: String
    let value: String?

    public init(signingName: String, environment: [String: String] = ProcessInfo.processInfo.environment) {
        variableName = Self.variableName(signingName: signingName)
        value = environment[variableName].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `AWS_BEARER_TOKEN_` and the signing name in botocore's spelling.
    public static func variableName(signingName: String) -> String {
        "AWS_BEARER_TOKEN_" + signingName.replacingOccurrences(of: "-", with: "_").replacingOccurrences(of: " ", with: "_").uppercased()
    }

    /// Whether the variable is set.
    public var hasToken: Bool { value != nil }

    public func token() async throws -> AWSBearerToken {
        guard let value else { throw AWSClientError(.credentials, "no bearer token: \(variableName) is not set") }
        return AWSBearerToken(token: value)
    }
}
