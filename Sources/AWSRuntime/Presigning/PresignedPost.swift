import Crypto
import Foundation

/// An S3 upload from a browser form (an HTML `<form method="post" enctype="multipart/form-data">`),
/// signed ahead of time: post `fields` in this order, then the file as the field `file`, to `url`.
/// S3 accepts it until `expiration` if it meets every condition of the signed policy.
public struct AWSPresignedPost: Sendable {
    public var url: URL
    /// The form's fields, in the order to send them (the file goes last).
    public var fields: [AWSFormField]
    public var expiration: Date

    /// A field's value by name.
    public subscript(field name: String) -> String? { fields.first { $0.name == name }?.value }
}

/// One field of a form.
public struct AWSFormField: Sendable, Equatable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A condition of a presigned POST's policy, which S3 checks against the form it receives.
public enum AWSPostCondition: Sendable, Equatable {
    /// The field must be exactly this value (`{"acl": "public-read"}`).
    case equals(field: String, value: String)
    /// The field must start with this prefix (`["starts-with", "$Content-Type", "image/"]`; an empty prefix allows any value).
    case startsWith(field: String, prefix: String)
    /// The file's size must be within these bounds, in bytes (`["content-length-range", 1, 10485760]`).
    case contentLengthRange(minimum: Int, maximum: Int)

    /// The condition as the policy's JSON writes it.
    var policyJSON: PythonJSON {
        switch self {
        case .equals(let field, let value): .object([(field, .string(value))])
        case .startsWith(let field, let prefix): .array([.string("starts-with"), .string("$" + field), .string(prefix)])
        case .contentLengthRange(let minimum, let maximum): .array([.string("content-length-range"), .integer(minimum), .integer(maximum)])
        }
    }
}

extension AWSClient {
    /// Presigns an S3 form upload of `key` to `bucket` (botocore's `generate_presigned_post`, with the
    /// same policy, fields and signature for the same inputs and clock): the policy holds your
    /// `conditions`, then the bucket, the key (a key ending in `${filename}` allows any key with the
    /// part before it, which S3 completes with the uploaded file's name) and the signing fields.
    /// `fields` are added to the form as given (add a condition for each, or S3 refuses them).
    /// `operation` and `input` say where the bucket lives (the generated `S3Client.presignPost`
    /// passes `CreateBucket`, as botocore does).
    public func presignPost<Input: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, bucket: String, key: String, fields: [AWSFormField] = [],
        conditions: [AWSPostCondition] = [], expiresIn: Duration = .seconds(3600), date: Date = Date()
    ) async throws -> AWSPresignedPost {
        guard expiresIn > .zero else {
            throw AWSConfigurationError("S3 presigned POST for \(bucket)/\(key): the policy must expire in the future, not after \(expiresIn)")
        }
        let (prepared, region, resolved) = try serialize(operation, input: input, wire: wireProtocol())
        var url = try HTTPRequestStep.url(prepared, endpoint: resolved, operation: operation).absoluteString
        // A path-style endpoint: botocore posts to `/bucket`, where the bucket-level request URL is `/bucket/`.
        let endpointPath = SigV4Signer.splitURL(resolved.endpoint.url.absoluteString).path
        if endpointPath != "/", url.hasSuffix(endpointPath + "/") { url.removeLast() }
        let credentials = try await credentialProvider.credentials()
        let seconds = Int(expiresIn.components.seconds)
        let amzDate = Timestamps.iso8601Basic(date)
        let day = String(amzDate.prefix(8))
        let scope = "\(credentials.accessKeyID)/\(day)/\(region)/s3/aws4_request"

        var form = fields
        func set(_ name: String, _ value: String) {
            if let index = form.firstIndex(where: { $0.name == name }) { form[index].value = value } else { form.append(AWSFormField(name, value)) }
        }
        var policyConditions = conditions.map(\.policyJSON)
        policyConditions.append(.object([("bucket", .string(bucket))]))
        if key.hasSuffix("${filename}") {
            policyConditions.append(.array([.string("starts-with"), .string("$key"), .string(String(key.dropLast("${filename}".count)))]))
        } else {
            policyConditions.append(.object([("key", .string(key))]))
        }
        set("key", key)
        set("x-amz-algorithm", "AWS4-HMAC-SHA256")
        set("x-amz-credential", scope)
        set("x-amz-date", amzDate)
        policyConditions.append(.object([("x-amz-algorithm", .string("AWS4-HMAC-SHA256"))]))
        policyConditions.append(.object([("x-amz-credential", .string(scope))]))
        policyConditions.append(.object([("x-amz-date", .string(amzDate))]))
        if let token = credentials.sessionToken {
            set("x-amz-security-token", token)
            policyConditions.append(.object([("x-amz-security-token", .string(token))]))
        }
        let expiration = date.addingTimeInterval(TimeInterval(seconds))
        let policy = PythonJSON.object([
            // To the second, as botocore's strftime('%Y-%m-%dT%H:%M:%SZ') writes it.
            ("expiration", .string(Timestamps.iso8601(Date(timeIntervalSince1970: expiration.timeIntervalSince1970.rounded(.down))))),
            ("conditions", .array(policyConditions)),
        ])
        let encodedPolicy = Data(policy.text.utf8).base64EncodedString()
        set("policy", encodedPolicy)
        let signingKey = SigV4Signer.deriveKey(secret: credentials.secretAccessKey, day: day, region: region, service: "s3")
        set("x-amz-signature", SigV4Signer.hex(HMAC<SHA256>.authenticationCode(for: Array(encodedPolicy.utf8), using: signingKey)))
        guard let postURL = URL(string: url) else { throw AWSClientError(.invalidEndpoint, "the endpoint \(url) is not a URL") }
        return AWSPresignedPost(url: postURL, fields: form, expiration: expiration)
    }
}

/// JSON written as Python's `json.dumps` writes it by default (`", "` and `": "` separators, keys
/// in the order given, non-ASCII as `\uXXXX`): the policy's bytes must be botocore's for the
/// signature to match.
indirect enum PythonJSON {
    case string(String)
    case integer(Int)
    case array([PythonJSON])
    case object([(String, PythonJSON)])

    var text: String {
        switch self {
        case .string(let value): return Self.quoted(value)
        case .integer(let value): return String(value)
        case .array(let items): return "[" + items.map(\.text).joined(separator: ", ") + "]"
        case .object(let members): return "{" + members.map { Self.quoted($0.0) + ": " + $0.1.text }.joined(separator: ", ") + "}"
        }
    }

    static func quoted(_ value: String) -> String {
        var out = "\""
        for unit in value.utf16 {
            switch unit {
            case 0x22: out += "\\\""
            case 0x5C: out += "\\\\"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x08: out += "\\b"
            case 0x0C: out += "\\f"
            case 0x20..<0x7F: out.unicodeScalars.append(Unicode.Scalar(unit)!)
            default:
                let hex = String(unit, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        return out + "\""
    }
}
