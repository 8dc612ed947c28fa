import Foundation

/// How a request is authenticated: the schemes a service lists (botocore `metadata.auth`, Smithy
/// auth traits) that this runtime can use.
public enum AWSAuthScheme: String, Sendable, Hashable, CaseIterable {
    case sigV4 = "aws.auth#sigv4"
    case bearer = "smithy.api#httpBearerAuth"
    case none = "smithy.api#noAuth"

    /// The name `AWS_AUTH_SCHEME_PREFERENCE` and `auth_scheme_preference` use (`sigv4`, `httpBearerAuth`, `noAuth`).
    public var preferenceName: String { String(rawValue.split(separator: "#").last!) }
}

/// Picks the auth scheme of a call as botocore does:
/// 1. the service's schemes in the model's order, reordered by the preference (the configuration's
///    `authSchemePreference`, else `AWS_AUTH_SCHEME_PREFERENCE`, else the profile's
///    `auth_scheme_preference`): preferred schemes the service supports first, then the rest;
/// 2. the first of them this runtime can use;
/// 3. except that a bearer token in the environment (`AWS_BEARER_TOKEN_<SIGNING NAME>`) or in the
///    configuration makes bearer auth the choice when the service supports it, unless a preference
///    set in code chose otherwise.
struct AuthSchemeResolver: Sendable {
    /// The preference by scheme names, and whether it was set in code.
    let preference: [String]
    let preferenceSetInCode: Bool
    let hasBearerToken: Bool

    func scheme(for serviceSchemes: [String]) -> AWSAuthScheme? {
        let supported = serviceSchemes.map { String($0.split(separator: "#").last ?? "") }
        var ordered: [String] = []
        for name in preference + supported where supported.contains(name) && !ordered.contains(name) { ordered.append(name) }
        let resolved = ordered.lazy.compactMap { name in AWSAuthScheme.allCases.first { $0.preferenceName == name } }.first
        if hasBearerToken, supported.contains(AWSAuthScheme.bearer.preferenceName), !preferenceSetInCode || resolved == .bearer {
            return .bearer
        }
        return resolved
    }

    /// A preference list as written in the environment or a profile: comma-separated, spaces ignored.
    static func parsePreference(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.filter { !$0.isWhitespace } }.filter { !$0.isEmpty }
    }
}

extension AWSHTTPRequest {
    /// Sets `Authorization: Bearer …`; refuses to send a token in clear text to anything but this machine.
    mutating func authorize(with token: AWSBearerToken) throws {
        if url.scheme?.lowercased() != "https" {
            let host = url.host?.lowercased() ?? ""
            guard host == "localhost" || host == "127.0.0.1" || host == "::1" || host == "[::1]" else {
                throw AWSClientError(.credentials, "refusing to send a bearer token over plain http to \(host); use https")
            }
        }
        headers.replaceOrAdd(name: "Authorization", value: "Bearer " + token.token)
    }
}
