@testable import AWSRuntime
import Foundation
import Testing

@Suite("Endpoint rules engine")
struct EndpointRuleSetTests {
    /// A small rule set in the shape of AWS's: custom endpoint, FIPS/dual-stack errors, partitions.
    static let ruleSetJSON = #"""
    {"version":"1.0","parameters":{
      "Region":{"builtIn":"AWS::Region","required":false,"type":"String"},
      "UseFIPS":{"builtIn":"AWS::UseFIPS","required":true,"default":false,"type":"Boolean"},
      "Endpoint":{"builtIn":"SDK::Endpoint","required":false,"type":"String"},
      "Bucket":{"required":false,"type":"String"}},
     "rules":[
      {"conditions":[{"fn":"isSet","argv":[{"ref":"Endpoint"}]}],"type":"tree","rules":[
        {"conditions":[{"fn":"booleanEquals","argv":[{"ref":"UseFIPS"},true]}],"error":"Invalid Configuration: FIPS and custom endpoint are not supported","type":"error"},
        {"conditions":[{"fn":"parseURL","argv":[{"ref":"Endpoint"}],"assign":"url"}],"endpoint":{"url":"{url#scheme}://{url#authority}{url#normalizedPath}x","properties":{},"headers":{}},"type":"endpoint"}]},
      {"conditions":[{"fn":"isSet","argv":[{"ref":"Bucket"}]},{"fn":"aws.parseArn","argv":[{"ref":"Bucket"}],"assign":"arn"},
                     {"fn":"getAttr","argv":[{"ref":"arn"},"resourceId[1]"],"assign":"name"}],
       "endpoint":{"url":"https://{name}.{arn#region}.example.com","properties":{"authSchemes":[{"name":"sigv4","signingName":"{arn#service}","signingRegion":"{arn#region}"}]},"headers":{"x-a":["1","{name}"]}},"type":"endpoint"},
      {"conditions":[{"fn":"isSet","argv":[{"ref":"Region"}]}],"type":"tree","rules":[
        {"conditions":[{"fn":"aws.partition","argv":[{"ref":"Region"}],"assign":"p"}],"type":"tree","rules":[
          {"conditions":[{"fn":"booleanEquals","argv":[{"ref":"UseFIPS"},true]}],"endpoint":{"url":"https://svc-fips.{Region}.{p#dnsSuffix}","properties":{},"headers":{}},"type":"endpoint"},
          {"conditions":[],"endpoint":{"url":"https://svc.{Region}.{p#dnsSuffix}","properties":{},"headers":{}},"type":"endpoint"}]}]},
      {"conditions":[],"error":"Invalid Configuration: Missing Region","type":"error"}]}
    """#

    func resolve(_ values: [String: AWSEndpointValue]) throws -> AWSEndpoint {
        try AWSEndpointRuleSet(json: Self.ruleSetJSON).resolve(values)
    }

    @Test("rules resolve by partition, FIPS, custom endpoint, ARN; error rules give their message")
    func resolution() throws {
        #expect(try resolve(["Region": .string("us-west-2")]).url.absoluteString == "https://svc.us-west-2.amazonaws.com")
        #expect(try resolve(["Region": .string("cn-north-1")]).url.absoluteString == "https://svc.cn-north-1.amazonaws.com.cn")
        // A region no partition lists but whose pattern matches; then one nothing matches (aws).
        #expect(try resolve(["Region": .string("us-isob-west-9")]).url.absoluteString == "https://svc.us-isob-west-9.sc2s.sgov.gov")
        #expect(try resolve(["Region": .string("mars-1")]).url.absoluteString == "https://svc.mars-1.amazonaws.com")
        #expect(try resolve(["Region": .string("us-east-1"), "UseFIPS": .bool(true)]).url.absoluteString == "https://svc-fips.us-east-1.amazonaws.com")
        #expect(try resolve(["Endpoint": .string("http://127.0.0.1:4566/base")]).url.absoluteString == "http://127.0.0.1:4566/base/x")
        let arn = try resolve(["Bucket": .string("arn:aws:s3:eu-west-1:123456789012:accesspoint/my-ap")])
        #expect(arn.url.absoluteString == "https://my-ap.eu-west-1.example.com")
        #expect(arn.signingName == "s3" && arn.signingRegion == "eu-west-1")
        #expect(arn.headers == ["x-a": ["1", "my-ap"]])
        #expect(throws: AWSEndpointResolutionError.self) { try resolve(["Endpoint": .string("https://x"), "UseFIPS": .bool(true)]) }
        do {
            _ = try resolve([:])
            Issue.record("a missing region must fail")
        } catch let error as AWSEndpointResolutionError {
            #expect(error.message == "Invalid Configuration: Missing Region")
        }
        // A parameter of the wrong type is refused with its name.
        #expect(throws: AWSEndpointResolutionError.self) { try resolve(["Region": .bool(true)]) }
    }

    @Test("malformed rule sets are refused with the JSON path of the problem")
    func malformed() {
        func error(_ json: String) -> String {
            do { _ = try AWSEndpointRuleSet(json: json); return "" } catch { return "\(error)" }
        }
        #expect(error("{\"parameters\":{}, \"rules\":[") .contains("at $"))
        #expect(error(#"{"parameters":{"A":{"type":"int"}},"rules":[]}"#).contains("$.parameters.A.type"))
        #expect(error(#"{"parameters":{},"rules":[{"conditions":[{"fn":"nope","argv":[]}],"type":"error","error":"x"}]}"#).contains("$.rules[0].conditions[0].fn: unknown function 'nope'"))
        #expect(error(#"{"parameters":{},"rules":[{"conditions":[],"type":"endpoint","endpoint":{"url":"{Region"}}]}"#).contains("unclosed '{'"))
        #expect(error(#"{"parameters":{},"rules":[{"conditions":[],"type":"mystery"}]}"#).contains("$.rules[0].type"))
        #expect(error(#"{"parameters":{},"rules":[{"conditions":[{"fn":"not","argv":[1,2]}],"type":"error","error":"x"}]}"#).contains("not takes 1 argument(s), not 2"))
    }

    @Test("standard library functions")
    func functions() {
        #expect(RuleFunction.substring("abcdef", start: 0, stop: 2, reverse: false) == "ab")
        #expect(RuleFunction.substring("abcdef", start: 0, stop: 2, reverse: true) == "ef")
        #expect(RuleFunction.substring("ab", start: 0, stop: 3, reverse: false) == nil)
        #expect(RuleFunction.substring("ab\u{e9}d", start: 0, stop: 2, reverse: false) == nil)
        #expect(RuleFunction.uriEncode("a b/c?d=é~") == "a%20b%2Fc%3Fd%3D%C3%A9~")
        #expect(RuleFunction.isValidHostLabel("my-bucket", allowSubDomains: false))
        #expect(!RuleFunction.isValidHostLabel("-bad", allowSubDomains: false))
        #expect(!RuleFunction.isValidHostLabel("a.b", allowSubDomains: false))
        #expect(RuleFunction.isValidHostLabel("a.b", allowSubDomains: true))
        #expect(!RuleFunction.isValidHostLabel("a..b", allowSubDomains: true))
        #expect(!RuleFunction.isValidHostLabel(String(repeating: "a", count: 64), allowSubDomains: false))
        #expect(RuleFunction.isVirtualHostableS3Bucket("my.bucket", allowSubDomains: true))
        #expect(!RuleFunction.isVirtualHostableS3Bucket("My-bucket", allowSubDomains: false))
        #expect(!RuleFunction.isVirtualHostableS3Bucket("192.168.1.1", allowSubDomains: true))
        #expect(RuleFunction.parseArn("arn:aws:s3") == nil)
        #expect(RuleFunction.parseArn("arn:aws::us-east-1:1:x") == nil)
        if case .record(let arn)? = RuleFunction.parseArn("arn:aws:iam::123:role/a:b") {
            #expect(arn["resourceId"] == .array([.string("role"), .string("a"), .string("b")]))
            #expect(arn["region"] == .string(""))
        } else {
            Issue.record("a valid ARN must parse")
        }
        if case .record(let url)? = RuleFunction.parseURL("https://[::1]:8443") {
            #expect(url["isIp"] == .bool(true) && url["normalizedPath"] == .string("/") && url["authority"] == .string("[::1]:8443"))
        } else {
            Issue.record("an IPv6 URL must parse")
        }
        #expect(RuleFunction.parseURL("https://example.com/a?b=c") == nil)
        #expect(RuleFunction.parseURL("ftp://example.com") == nil)
        #expect(RuleFunction.parseURL("https://example.com:99999") == nil)
    }

    @Test("operationContextParams paths: chains, projections, multi-select with flattening, keys")
    func contextPaths() throws {
        let input: JSONValue = [
            "TableCreationParameters": ["TableName": "t0"],
            "TransactItems": [["Get": ["TableName": "t1"]], ["Put": ["TableName": "t2"]], ["Delete": ["TableName": "t3"]]],
            "RequestItems": ["b": [], "a": []],
        ]
        #expect(try AWSEndpointContextPath("TableCreationParameters.TableName").evaluate(on: input) == .string("t0"))
        #expect(try AWSEndpointContextPath("TransactItems[*].Get.TableName").evaluate(on: input) == .stringArray(["t1"]))
        #expect(try AWSEndpointContextPath("TransactItems[*].[ConditionCheck.TableName, Put.TableName, Delete.TableName, Update.TableName][]").evaluate(on: input) == .stringArray(["t2", "t3"]))
        #expect(try AWSEndpointContextPath("keys(RequestItems)").evaluate(on: input) == .stringArray(["a", "b"]))
        #expect(try AWSEndpointContextPath("Missing.Name").evaluate(on: input) == nil)
        #expect(throws: AWSEndpointResolutionError.self) { try AWSEndpointContextPath("a[?b == 'c']") }
    }

    @Test("every partition of the embedded data is reachable and has suffixes")
    func partitions() {
        #expect(AWSPartition.all.first?.name == "aws")
        #expect(AWSPartition.all.count >= 8)
        #expect(AWSPartition.of(region: "eusc-de-east-1").dnsSuffix == "amazonaws.eu")
        #expect(AWSPartition.of(region: "aws-cn-global").name == "aws-cn")
        #expect(AWSPartition.of(region: "us-gov-west-1").implicitGlobalRegion == "us-gov-west-1")
    }
}
