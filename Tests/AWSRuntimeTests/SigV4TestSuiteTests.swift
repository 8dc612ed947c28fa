@testable import AWSRuntime
import Foundation
import Testing

/// Runs every case of the AWS Signature Version 4 test suite (from botocore 1.43.11's source
/// distribution, tests/unit/auth/aws4_testsuite; Apache-2.0, see its LICENSE and NOTICE).
@Suite("AWS SigV4 test suite")
struct SigV4TestSuiteTests {
    static let suite = Bundle.module.url(forResource: "aws4_testsuite", withExtension: nil)!
    static let credentials = AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")

    /// Every folder holding a `.req` file, relative to the suite.
    static let cases: [String] = {
        let enumerator = FileManager.default.enumerator(at: suite, includingPropertiesForKeys: nil)!
        var names: [String] = []
        for case let url as URL in enumerator where url.pathExtension == "req" {
            let folder = url.deletingLastPathComponent().path
            names.append(String(folder.dropFirst(suite.path.count + 1)))
        }
        return names.sorted()
    }()

    @Test("the suite is all there")
    func count() { #expect(Self.cases.count == 34) }

    /// Parses a raw `.req` file: request line, headers (with folded continuation lines), body.
    static func parse(_ text: String) -> (method: String, path: String, query: String?, headers: AWSHTTPHeaders, body: [UInt8]) {
        let normalized = text.replacingOccurrences(of: "\r\n", with: "\n")
        let parts = normalized.components(separatedBy: "\n\n")
        let head = parts[0]
        let body = parts.count > 1 ? parts[1...].joined(separator: "\n\n") : ""
        var lines = head.components(separatedBy: "\n")
        let requestLine = lines.removeFirst()
        let method = String(requestLine.prefix { $0 != " " })
        // The target may hold spaces (`GET /example space/ HTTP/1.1`): it runs to the last space.
        let target = String(requestLine.dropFirst(method.count + 1).dropLast(" HTTP/1.1".count))
        let pathAndQuery = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [(name: String, value: String)] = []
        for line in lines {
            if line.first == " " || line.first == "\t", !headers.isEmpty {
                headers[headers.count - 1].value += " " + line.trimmingCharacters(in: .whitespaces)
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...])))
            }
        }
        return (method, String(pathAndQuery[0]), pathAndQuery.count > 1 ? String(pathAndQuery[1]) : nil, AWSHTTPHeaders(headers), Array(body.utf8))
    }

    @Test("canonical request, string to sign and Authorization match", arguments: cases)
    func signatureCase(name: String) throws {
        let folder = Self.suite.appendingPathComponent(name)
        let base = folder.appendingPathComponent(folder.lastPathComponent).path
        func read(_ ext: String) throws -> String { try String(contentsOfFile: base + "." + ext, encoding: .utf8) }
        var request = Self.parse(try read("req"))
        // As botocore's runner does: a token in the expected canonical request is the session token.
        let expectedCanonical = try read("creq")
        if !request.headers.contains("X-Amz-Security-Token"),
           let line = expectedCanonical.split(separator: "\n").first(where: { $0.hasPrefix("x-amz-security-token:") }) {
            request.headers.add(name: "X-Amz-Security-Token", value: String(line.dropFirst("x-amz-security-token:".count)))
        }
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        let payloadHash = SigV4Signer.payloadHash(request.body)
        let parts = signer.canonicalParts(method: request.method, path: request.path, query: request.query, headers: request.headers, payloadHash: payloadHash)
        #expect(parts.canonicalRequest == (try read("creq")))
        let amzDate = "20150830T123600Z"
        #expect(signer.stringToSign(canonicalRequest: parts.canonicalRequest, amzDate: amzDate) == (try read("sts")))
        #expect(signer.authorization(canonicalRequest: parts.canonicalRequest, signedHeaders: parts.signedHeaders, amzDate: amzDate) == (try read("authz")))
    }

    @Test("signing a request adds the date, the token, and the same signature")
    func signRequest() throws {
        let date = Date(timeIntervalSince1970: 1_440_938_160)  // 2015-08-30T12:36:00Z
        var request = AWSHTTPRequest(method: "GET", url: URL(string: "https://example.amazonaws.com/")!)
        request.headers.add(name: "Host", value: "example.amazonaws.com")
        let signer = SigV4Signer(credentials: Self.credentials, region: "us-east-1", service: "service")
        signer.sign(&request, payloadHash: SigV4Signer.payloadHash([]), date: date)
        #expect(request.headers["X-Amz-Date"] == "20150830T123600Z")
        let expected = try String(contentsOf: Self.suite.appendingPathComponent("get-vanilla-query/get-vanilla-query.authz"), encoding: .utf8)
        #expect(request.headers["Authorization"] == expected)

        var withToken = AWSHTTPRequest(method: "GET", url: URL(string: "https://example.amazonaws.com/")!)
        let tokenSigner = SigV4Signer(
            credentials: AWSCredentials(accessKeyID: "AKID", secretAccessKey: "secret", sessionToken: "token/+="),
            region: "us-east-1", service: "service", includesContentSHA256Header: true
        )
        tokenSigner.sign(&withToken, payloadHash: SigV4Signer.unsignedPayload, date: date)
        #expect(withToken.headers["X-Amz-Security-Token"] == "token/+=")
        #expect(withToken.headers["x-amz-content-sha256"] == "UNSIGNED-PAYLOAD")
        #expect(withToken.headers["Authorization"]?.contains("SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token") == true)
        #expect(withToken.headers["Host"] == "example.amazonaws.com")
    }

    @Test("credentials never print their secrets")
    func redactedCredentials() {
        let credentials = AWSCredentials(accessKeyID: "AKIDPUBLIC", secretAccessKey: "very-secret-key", sessionToken: "session-secret")
        var dumped = ""
        dump(credentials, to: &dumped)
        for text in ["\(credentials)", String(reflecting: credentials), dumped] {
            #expect(!text.contains("very-secret-key"))
            #expect(!text.contains("session-secret"))
            #expect(text.contains("AKIDPUBLIC"))
        }
    }
}
