@testable import AWSRuntime
import Foundation
import Testing

/// Regression tests for the defects of the hardening review: each failed before its fix.
@Suite("Hardening: hostile wire values and broken configuration")
struct HardeningTests {
    @Test("HTTP-date fields of any size are rejected, never multiplied into an overflow", arguments: [
        "Thu, 01 Jan 99999999999999 00:00:00 GMT", "Thu, 99999999999999999999 Jan 2015 00:00:00 GMT",
        "Thu, 01 Jan 2015 99999999999999999:00:00 GMT", "Thu, 01 Jan 2015 00:99999999999999999:00 GMT",
        "Thu, 01 Jan 2015 00:00:99999999999999999 GMT", "Thu, 01 Jan -9223372036854775808 00:00:00 GMT",
        "Thu, -1 Jan 2015 00:00:00 GMT", "Thu, 01 Jan 2015 24:00:00 GMT", "Thu, 01 Jan 0000 00:00:00 GMT",
        "Thu, 01 Jan 2015 1:2:3 GMT", "Thu, 01 Jan 2015 00:00:00: GMT",
    ])
    func hostileHTTPDates(text: String) {
        #expect(Timestamps.parse(text) == nil)
        #expect(Date(httpFieldText: text) == nil)
    }

    @Test("valid HTTP dates still parse, at the ends of the range too")
    func validHTTPDates() {
        #expect(Timestamps.parse("Thu, 01 Jan 2015 00:00:00 GMT") == Date(timeIntervalSince1970: 1_420_070_400))
        #expect(Timestamps.parse("Fri, 31 Dec 9999 23:59:59 GMT") == Date(timeIntervalSince1970: 253_402_300_799))
        #expect(Timestamps.parse("Mon, 01 Jan 0001 00:00:00 GMT") == Date(timeIntervalSince1970: -62_135_596_800))
    }

    @Test("epoch seconds outside years 1-9999, infinite or NaN are decoding errors", arguments: [
        JSONValue.double(1e300), .double(-1e300), .double(.infinity), .double(-.infinity), .double(.nan),
        .integer(Int64.max), .integer(Int64.min), .integer(253_402_300_800), .string("1e300"), .string("inf"),
        .string("nan"), .string("-9.3e18"), .string("0000-01-01T00:00:00+23:59"),
    ])
    func hostileEpochSeconds(value: JSONValue) {
        #expect(throws: AWSDecodingError.self) { try Date(json: value, path: ValuePath.root) }
    }

    @Test("a JSON number beyond Double's range is a parse error, not an infinity that cannot be written back (found by fuzzing)")
    func jsonNumberOutOfRange() throws {
        for text in ["1e400", "-1e400", "22222222622222E2222"] {
            #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
        }
        #expect(try JSONParser.parse(Array("1e300".utf8)) == .double(1e300))
    }

    @Test("CBOR timestamps (tag 1) of inf, NaN and 1e300 are decoding errors")
    func hostileCBORTimestamps() throws {
        for bits: UInt64 in [0x7FF0_0000_0000_0000, 0x7FF8_0000_0000_0000, (1e300 as Double).bitPattern, (-1e300 as Double).bitPattern] {
            var bytes: [UInt8] = [0xC1, 0xFB]
            for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: bits >> UInt64(shift))) }
            let value = try CBOR.decode(bytes)
            let json = try CBOR.jsonValue(value)
            #expect(throws: AWSDecodingError.self) { try Date(json: json, path: ValuePath.root) }
        }
    }

    @Test("CBOR that RFC 8949 calls not well-formed is refused: nested indefinite-length chunks, reserved and two-byte simple values", arguments: [
        [0x5F, 0x5F, 0x41, 0x00, 0xFF, 0xFF], [0x7F, 0x7F, 0x61, 0x61, 0xFF, 0xFF], [0x7F, 0x41, 0x61, 0xFF],
        [0xF8, 0x14], [0xF8, 0x00], [0xFC], [0xFD], [0xFE], [0xF0], [0xF8, 0xFF],
    ] as [[UInt8]])
    func malformedCBOR(bytes: [UInt8]) {
        #expect(throws: CBORDecodingError.self) { try CBOR.decode(bytes) }
    }

    @Test("well-formed indefinite-length strings still decode")
    func indefiniteStrings() throws {
        #expect(try CBOR.decode([0x5F, 0x41, 0x01, 0x42, 0x02, 0x03, 0xFF]) == .bytes([1, 2, 3]))
        #expect(try CBOR.decode([0x7F, 0x61, 0x61, 0x62, 0x62, 0x63, 0xFF]) == .text("abc"))
    }

    @Test("formatting a date built from any Double never traps")
    func formattingExtremeDates() {
        for seconds in [Double.infinity, -.infinity, .nan, 1e300, -1e300, 9.3e18, -9.3e18] {
            let date = Date(timeIntervalSince1970: seconds)
            for format in [TimestampFormat.iso8601, .rfc822, .unixTimestamp] { _ = Timestamps.format(date, as: format) }
            _ = Timestamps.iso8601Basic(date)
            _ = date.jsonValue()
        }
        #expect(Timestamps.iso8601(Date(timeIntervalSince1970: .infinity)) == "9999-12-31T23:59:59Z")
    }

    @Test("a section header followed by a comment names its section (botocore reads [prod] # x as prod)")
    func sectionHeaderWithComment() throws {
        let sections = try SharedConfigParser.parse("""
            [default]
            aws_access_key_id = DEFAULTKEY
            region = us-east-1
            [prod] # production
            aws_access_key_id = PRODKEY
            region = eu-west-1
            [profile dev] ; development
            region = ap-south-1
            """)
        #expect(sections["default"]?.values == ["aws_access_key_id": "DEFAULTKEY", "region": "us-east-1"])
        #expect(sections["prod"]?.values == ["aws_access_key_id": "PRODKEY", "region": "eu-west-1"])
        #expect(sections["profile dev"]?.values == ["region": "ap-south-1"])
    }

    @Test("the default profile signs with its own keys when another profile's header has a comment")
    func defaultProfileKeepsItsKeys() async throws {
        let folder = NSTemporaryDirectory() + "aws-hardening-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = DEFAULTKEY\naws_secret_access_key = DEFAULTSECRET\n[prod] # production\naws_access_key_id = PRODKEY\naws_secret_access_key = PRODSECRET\n"
            .write(toFile: folder + "/credentials", atomically: true, encoding: .utf8)
        try "[default]\nregion = us-east-1\n[profile prod] # production\nregion = eu-west-1\n".write(toFile: folder + "/config", atomically: true, encoding: .utf8)
        let environment = ["AWS_SHARED_CREDENTIALS_FILE": folder + "/credentials", "AWS_CONFIG_FILE": folder + "/config", "HOME": folder]
        let credentials = try await ChainCredentialProvider.default(environment: environment).credentials()
        #expect(credentials.accessKeyID == "DEFAULTKEY" && credentials.secretAccessKey == "DEFAULTSECRET")
        #expect(AWSClientConfiguration(environment: environment).resolvedRegion() == "us-east-1")
        #expect(AWSClientConfiguration(profile: "prod", environment: environment).resolvedRegion() == "eu-west-1")
    }

    @Test("[default] and [profile default] both in the config file: the later one is the profile, whole (botocore's build_profile_map)", arguments: [
        ("[profile default]\nregion = eu-west-1\noutput = json\n[default]\nregion = us-west-2\n", "us-west-2", nil as String?),
        ("[default]\nregion = us-west-2\n[profile default]\nregion = eu-west-1\noutput = json\n", "eu-west-1", "json"),
    ])
    func defaultSectionPrecedence(config: String, region: String, output: String?) throws {
        let folder = NSTemporaryDirectory() + "aws-hardening-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try config.write(toFile: folder + "/config", atomically: true, encoding: .utf8)
        let environment = ["AWS_SHARED_CREDENTIALS_FILE": folder + "/none", "AWS_CONFIG_FILE": folder + "/config", "HOME": folder]
        #expect(AWSClientConfiguration(environment: environment).resolvedRegion() == region)
        #expect(try AWSSharedConfigFiles(environment: environment).settings(forProfile: "default")["output"] == output)
    }

    @Test("files botocore refuses are errors naming the file and line", arguments: [
        ("[a]\nk = 1\n[a]\n", 3), ("[a]\nk = 1\nK = 2\n", 3), ("k = 1\n[a]\n", 1), ("[a]\njust text\n", 2),
        ("[a]\ns3 =\n  no equals sign\n", 0),
    ])
    func refusedFiles(text: String, line: Int) {
        #expect {
            try SharedConfigParser.parse(text, path: "/tmp/config")
        } throws: { error in
            guard let error = error as? AWSConfigFileError else { return false }
            return error.path == "/tmp/config" && error.line == line
        }
    }

    @Test("a profile named by AWS_PROFILE or in code must exist, even when the environment has keys (botocore: ProfileNotFound)")
    func namedProfileMustExist() async throws {
        let folder = NSTemporaryDirectory() + "aws-profile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\n".write(toFile: folder + "/credentials", atomically: true, encoding: .utf8)
        try "[profile dev]\nregion = eu-west-1\n".write(toFile: folder + "/config", atomically: true, encoding: .utf8)
        let files = ["AWS_SHARED_CREDENTIALS_FILE": folder + "/credentials", "AWS_CONFIG_FILE": folder + "/config", "HOME": folder,
                     "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "ENVSECRET", "AWS_EC2_METADATA_DISABLED": "true"]
        await #expect {
            try await ChainCredentialProvider.default(environment: files.merging(["AWS_PROFILE": "prodd"]) { $1 }).credentials()
        } throws: { error in
            (error as? AWSClientError)?.kind == .credentials && "\(error)".contains("'prodd'")
        }
        await #expect(throws: AWSClientError.self) { try await ChainCredentialProvider.default(profile: "missing", environment: files).credentials() }
        // A profile named by AWS_PROFILE that exists, and no profile at all, go on as before: the environment first.
        #expect(try await ChainCredentialProvider.default(environment: files.merging(["AWS_PROFILE": "dev"]) { $1 }).credentials().accessKeyID == "ENVKEY")
        // A profile named in code skips the environment's keys (botocore's Session(profile=...)).
        #expect(try await ChainCredentialProvider.default(profile: "default", environment: files).credentials().accessKeyID == "FILEKEY")
        #expect(try await ChainCredentialProvider.default(environment: files).credentials().accessKeyID == "ENVKEY")
        var noFiles = files
        noFiles["AWS_SHARED_CREDENTIALS_FILE"] = folder + "/none"
        noFiles["AWS_CONFIG_FILE"] = folder + "/none"
        #expect(try await ChainCredentialProvider.default(environment: noFiles).credentials().accessKeyID == "ENVKEY")
    }

    @Test("AWS_ACCESS_KEY_ID without its secret stops the chain instead of using the shared files")
    func partialEnvironmentCredentials() async throws {
        let folder = NSTemporaryDirectory() + "aws-partial-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRET\n".write(toFile: folder + "/credentials", atomically: true, encoding: .utf8)
        let files = ["AWS_SHARED_CREDENTIALS_FILE": folder + "/credentials", "AWS_CONFIG_FILE": folder + "/none", "HOME": folder, "AWS_EC2_METADATA_DISABLED": "true"]
        let chain = ChainCredentialProvider.default(environment: files.merging(["AWS_ACCESS_KEY_ID": "ENVKEY"]) { $1 })
        await #expect {
            try await chain.credentials()
        } throws: { error in
            (error as? AWSClientError)?.kind == .credentials && "\(error)".contains("AWS_SECRET_ACCESS_KEY")
        }
        // Without the partial variable the file's keys are used, as before.
        #expect(try await ChainCredentialProvider.default(environment: files).credentials().accessKeyID == "FILEKEY")
        // A profile with half a key pair stops the chain too.
        try "[default]\naws_access_key_id = FILEKEY\n".write(toFile: folder + "/credentials", atomically: true, encoding: .utf8)
        await #expect(throws: AWSClientError.self) { try await ChainCredentialProvider.default(environment: files).credentials() }
        await #expect(throws: AWSCredentialSourceError.self) { try await ProfileCredentialProvider(environment: files).credentials() }
    }
}

@Suite("Standard retry mode: quota, codes and hints")
struct StandardRetryModeTests {
    @Test("costs and refunds follow botocore: 5 per retry, 10 after a timeout, the last cost back on success, 1 for a first-try success")
    func quotaArithmetic() throws {
        let strategy = StandardRetryStrategy(maxAttempts: 3, baseDelay: 0.001)
        let first = try #require(strategy.retryPermit(afterAttempt: 1, error: .response(statusCode: 503, code: nil), retryAfter: nil))
        #expect(first.cost == 5 && strategy.availableQuota == 495)
        let second = try #require(strategy.retryPermit(afterAttempt: 2, error: .transport(isTimeout: true), retryAfter: nil))
        #expect(second.cost == 10 && strategy.availableQuota == 485)
        strategy.recordSuccess(after: second)
        #expect(strategy.availableQuota == 495)
        strategy.recordSuccess(after: nil)
        #expect(strategy.availableQuota == 496)
        for _ in 0..<10 { strategy.recordSuccess(after: nil) }
        #expect(strategy.availableQuota == 500, "the quota never grows past its start")
    }

    @Test("an empty quota stops retries until successes refill it")
    func exhaustedQuota() {
        let strategy = StandardRetryStrategy(maxAttempts: 2, baseDelay: 0.001)
        var granted = 0
        while strategy.retryPermit(afterAttempt: 1, error: .transport(isTimeout: false), retryAfter: nil) != nil { granted += 1 }
        #expect(granted == 100 && strategy.availableQuota == 0)
        strategy.recordSuccess(after: AWSRetryPermit(delay: .zero, cost: 5))
        #expect(strategy.retryPermit(afterAttempt: 1, error: .transport(isTimeout: false), retryAfter: nil) != nil)
    }

    @Test("which failures are retried", arguments: [
        (AWSRetryableFailure.response(statusCode: 500, code: nil), true), (.response(statusCode: 502, code: nil), true),
        (.response(statusCode: 503, code: nil), true), (.response(statusCode: 504, code: nil), true),
        (.response(statusCode: 429, code: nil), true), (.response(statusCode: 400, code: "ThrottlingException"), true),
        (.response(statusCode: 400, code: "RequestTimeout"), true), (.response(statusCode: 400, code: "PriorRequestNotComplete"), true),
        (.response(statusCode: 400, code: "ValidationException"), false), (.response(statusCode: 404, code: nil), false),
        (.response(statusCode: 307, code: nil), false), (.transport(isTimeout: false), true), (.transport(isTimeout: true), true),
    ])
    func retryable(failure: AWSRetryableFailure, expected: Bool) {
        #expect(StandardRetryStrategy.isRetryable(failure) == expected)
    }

    @Test("a retry-after hint lengthens the delay by at most 5 s over the backoff; bad hints are ignored")
    func retryAfterBounds() throws {
        let strategy = StandardRetryStrategy(maxAttempts: 5, baseDelay: 0.001)
        let long = try #require(strategy.retryPermit(afterAttempt: 1, error: .response(statusCode: 503, code: nil), retryAfter: .seconds(3600)))
        #expect(long.delay <= .milliseconds(5001) && long.delay >= .seconds(5))
        let short = try #require(strategy.retryPermit(afterAttempt: 1, error: .response(statusCode: 503, code: nil), retryAfter: .milliseconds(300)))
        #expect(short.delay == .milliseconds(300))
        var headers = AWSHTTPHeaders()
        headers.add(name: "x-amz-retry-after", value: "-5")
        #expect(headers.retryAfter == nil)
        headers = AWSHTTPHeaders()
        headers.add(name: "Retry-After", value: "Wed, 21 Oct 2015 07:28:00 GMT")
        #expect(headers.retryAfter == nil)
        headers = AWSHTTPHeaders()
        headers.add(name: "Retry-After", value: "99999999999999999999")
        #expect(headers.retryAfter == nil)
        headers = AWSHTTPHeaders()
        headers.add(name: "Retry-After", value: "2")
        #expect(headers.retryAfter == .seconds(2))
    }
}
