import Foundation

/// Which proxy a request goes through, as botocore (through `requests`) reads it from the
/// environment: `HTTPS_PROXY` for https URLs and `HTTP_PROXY` for http URLs (either case of the
/// name, the lower-case one first), and `NO_PROXY` for the hosts that go direct: a comma-separated
/// list of host names (a name also covers its subdomains; a leading `.` or `*.` is allowed), IP
/// addresses, CIDR blocks (`10.0.0.0/8`), an optional `:port`, or `*` for every host.
public struct AWSProxySettings: Sendable, Hashable {
    /// A proxy server (`http://user:password@host:port`).
    public struct Proxy: Sendable, Hashable {
        public var host: String
        public var port: Int
        public var username: String?
        public var password: String?

        public init(host: String, port: Int, username: String? = nil, password: String? = nil) {
            self.host = host
            self.port = port
            self.username = username
            self.password = password
        }

        /// A proxy URL as the variables hold it; a bare `host:port` is taken as `http://host:port`.
        public init?(url text: String) {
            let full = text.contains("://") ? text : "http://" + text
            guard let components = URLComponents(string: full), let host = components.host, !host.isEmpty,
                components.scheme?.lowercased() == "http"
            else { return nil }
            self.init(host: host, port: components.port ?? 80, username: components.percentEncodedUser?.removingPercentEncoding,
                      password: components.percentEncodedPassword?.removingPercentEncoding)
        }
    }

    public var https: Proxy?
    public var http: Proxy?
    public var noProxy: [String]

    public init(https: Proxy? = nil, http: Proxy? = nil, noProxy: [String] = []) {
        self.https = https
        self.http = http
        self.noProxy = noProxy
    }

    var isEmpty: Bool { https == nil && http == nil }

    /// The proxies the environment names; an error for a proxy URL that is not `http://host[:port]`.
    public static func fromEnvironment(_ environment: [String: String]) throws -> AWSProxySettings {
        func value(_ name: String) -> String? {
            SettingsResolver.nonEmpty(environment[name.lowercased()]) ?? SettingsResolver.nonEmpty(environment[name])
        }
        func proxy(_ name: String) throws -> Proxy? {
            guard let text = value(name) else { return nil }
            guard let proxy = Proxy(url: text) else {
                throw AWSConfigurationError("\(name) is not an http://host:port proxy URL")
            }
            return proxy
        }
        let noProxy = (value("NO_PROXY") ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        return AWSProxySettings(https: try proxy("HTTPS_PROXY"), http: try proxy("HTTP_PROXY"), noProxy: noProxy)
    }

    /// Whether a request to `url` goes direct.
    public func bypasses(_ url: URL) -> Bool {
        guard let host = url.host?.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]")) else { return true }
        let port = url.port
        for entry in noProxy {
            if entry == "*" { return true }
            var pattern = entry.lowercased()
            var entryPort: Int?
            if let colon = pattern.lastIndex(of: ":"), !pattern.contains("/"), pattern.filter({ $0 == ":" }).count == 1,
                let number = Int(pattern[pattern.index(after: colon)...])
            {
                entryPort = number
                pattern = String(pattern[..<colon])
            }
            if let entryPort, entryPort != port { continue }
            if pattern.contains("/") {
                if Self.address(host, isIn: pattern) { return true }
                continue
            }
            if pattern.hasPrefix("*.") { pattern.removeFirst(2) } else if pattern.hasPrefix(".") { pattern.removeFirst() }
            if host == pattern || host.hasSuffix("." + pattern) { return true }
        }
        return false
    }

    /// Whether an IPv4 address lies in a CIDR block.
    static func address(_ host: String, isIn block: String) -> Bool {
        let parts = block.split(separator: "/")
        guard parts.count == 2, let bits = Int(parts[1]), (0...32).contains(bits),
            let network = ipv4(String(parts[0])), let address = ipv4(host)
        else { return false }
        let mask: UInt32 = bits == 0 ? 0 : ~UInt32(0) << (32 - bits)
        return address & mask == network & mask
    }

    static func ipv4(_ text: String) -> UInt32? {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false).compactMap { UInt8($0) }
        guard octets.count == 4, text.split(separator: ".", omittingEmptySubsequences: false).count == 4 else { return nil }
        return octets.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
