import Foundation

/// The rules engine's standard library and AWS's extensions, with the same results as
/// botocore's implementation (which the endpoint test suites are checked against).
enum RuleFunction: String, Sendable {
    case isSet
    case not
    case getAttr
    case substring
    case stringEquals
    case booleanEquals
    case uriEncode
    case parseURL
    case isValidHostLabel
    case awsPartition = "aws.partition"
    case awsParseArn = "aws.parseArn"
    case awsIsVirtualHostableS3Bucket = "aws.isVirtualHostableS3Bucket"

    var arity: ClosedRange<Int> {
        switch self {
        case .isSet, .not, .uriEncode, .parseURL, .awsPartition, .awsParseArn: 1...1
        case .getAttr, .stringEquals, .booleanEquals, .isValidHostLabel, .awsIsVirtualHostableS3Bucket: 2...2
        case .substring: 4...4
        }
    }

    func apply(_ arguments: [RuleValue?]) throws -> RuleValue? {
        switch self {
        case .isSet:
            return .bool(arguments[0] != nil)
        case .not:
            return .bool(!Self.truthy(arguments[0]))
        case .getAttr:
            guard let text = arguments[1]?.string, let path = AttributePathPart.parse(text) else {
                throw AWSEndpointResolutionError("getAttr needs an attribute path")
            }
            return AttributePathPart.follow(path, from: arguments[0])
        case .substring:
            guard let input = arguments[0]?.string else { throw AWSEndpointResolutionError("substring needs a string") }
            guard case .integer(let start)? = arguments[1], case .integer(let stop)? = arguments[2], let reverse = arguments[3]?.bool else {
                throw AWSEndpointResolutionError("substring needs two integers and a boolean")
            }
            return Self.substring(input, start: start, stop: stop, reverse: reverse).map { .string($0) }
        case .stringEquals:
            guard let left = arguments[0]?.string, let right = arguments[1]?.string else {
                throw AWSEndpointResolutionError("stringEquals needs two strings")
            }
            return .bool(left == right)
        case .booleanEquals:
            guard let left = arguments[0]?.bool, let right = arguments[1]?.bool else {
                throw AWSEndpointResolutionError("booleanEquals needs two booleans")
            }
            return .bool(left == right)
        case .uriEncode:
            return arguments[0]?.string.map { .string(Self.uriEncode($0)) }
        case .parseURL:
            return arguments[0]?.string.flatMap(Self.parseURL)
        case .isValidHostLabel:
            guard let value = arguments[0]?.string else { return .bool(false) }
            return .bool(Self.isValidHostLabel(value, allowSubDomains: arguments[1]?.bool == true))
        case .awsPartition:
            return arguments[0]?.string.map { AWSPartition.of(region: $0).ruleValue }
        case .awsParseArn:
            return arguments[0]?.string.flatMap(Self.parseArn)
        case .awsIsVirtualHostableS3Bucket:
            guard let value = arguments[0]?.string else { return .bool(false) }
            return .bool(Self.isVirtualHostableS3Bucket(value, allowSubDomains: arguments[1]?.bool == true))
        }
    }

    static func truthy(_ value: RuleValue?) -> Bool {
        switch value {
        case nil, .bool(false)?: false
        default: true
        }
    }

    /// Characters `start..<stop` (from the end when `reverse`), for ASCII input only.
    static func substring(_ input: String, start: Int, stop: Int, reverse: Bool) -> String? {
        let bytes = Array(input.utf8)
        guard start >= 0, start < stop, stop <= bytes.count, bytes.allSatisfy({ $0 < 0x80 }) else { return nil }
        let range = reverse ? (bytes.count - stop)..<(bytes.count - start) : start..<stop
        return String(decoding: bytes[range], as: UTF8.self)
    }

    /// Percent-encodes everything but the unreserved characters of RFC 3986.
    static func uriEncode(_ value: String) -> String {
        var result = ""
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                result += "%" + String(byte, radix: 16, uppercase: true).leftPadded(to: 2)
            }
        }
        return result
    }

    /// `{scheme, authority, path, normalizedPath, isIp}` of an http(s) URL without a query.
    static func parseURL(_ value: String) -> RuleValue? {
        guard let schemeEnd = value.range(of: "://") else { return nil }
        let scheme = String(value[..<schemeEnd.lowerBound])
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = value[schemeEnd.upperBound...]
        guard !rest.contains("?"), !rest.contains("#") else { return nil }
        let authorityEnd = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = String(rest[..<authorityEnd])
        let path = String(rest[authorityEnd...])
        guard !authority.isEmpty, let components = URLComponents(string: value), components.host != nil else { return nil }
        if let portText = Self.port(of: authority) {
            guard let port = Int(portText), (0...65535).contains(port) else { return nil }
        }
        var normalizedPath = path.isEmpty ? "/" : path
        if !normalizedPath.hasSuffix("/") { normalizedPath += "/" }
        let host = authority.split(separator: "@").last.map(String.init) ?? authority
        let isIp = host.hasPrefix("[") || Self.isIPv4(Self.port(of: host).map { String(host.dropLast($0.count + 1)) } ?? host)
        return .record([
            "scheme": .string(scheme), "authority": .string(authority), "path": .string(path),
            "normalizedPath": .string(normalizedPath), "isIp": .bool(isIp),
        ])
    }

    private static func port(of authority: String) -> String? {
        if authority.hasPrefix("[") {
            guard let close = authority.lastIndex(of: "]") else { return nil }
            let after = authority[authority.index(after: close)...]
            return after.hasPrefix(":") ? String(after.dropFirst()) : nil
        }
        guard let colon = authority.lastIndex(of: ":") else { return nil }
        return String(authority[authority.index(after: colon)...])
    }

    /// Four dot-separated groups of 1–3 digits: the shape AWS's rules treat as an IP address.
    static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            (1...3).contains(part.utf8.count) && part.utf8.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        }
    }

    /// RFC 1123 labels: 1–63 letters, digits and hyphens, not starting or ending with a hyphen.
    static func isValidHostLabel(_ value: String, allowSubDomains: Bool) -> Bool {
        if allowSubDomains {
            return value.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { isValidHostLabel(String($0), allowSubDomains: false) }
        }
        let bytes = Array(value.utf8)
        guard (1...63).contains(bytes.count), bytes.first != UInt8(ascii: "-"), bytes.last != UInt8(ascii: "-") else { return false }
        return bytes.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"): true
            default: false
            }
        }
    }

    /// `{partition, service, region, accountId, resourceId}`; nil for anything that is not an ARN.
    static func parseArn(_ value: String) -> RuleValue? {
        let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", !parts[1].isEmpty, !parts[2].isEmpty, !parts[5].isEmpty else { return nil }
        let resource = parts[5].split(omittingEmptySubsequences: false) { $0 == ":" || $0 == "/" }
        return .record([
            "partition": .string(String(parts[1])), "service": .string(String(parts[2])), "region": .string(String(parts[3])),
            "accountId": .string(String(parts[4])), "resourceId": .array(resource.map { .string(String($0)) }),
        ])
    }

    /// A bucket name that can be the first label(s) of a host name.
    static func isVirtualHostableS3Bucket(_ value: String, allowSubDomains: Bool) -> Bool {
        guard value.utf8.count >= 3, value.lowercased() == value, !isIPv4(value) else { return false }
        return isValidHostLabel(value, allowSubDomains: allowSubDomains)
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
