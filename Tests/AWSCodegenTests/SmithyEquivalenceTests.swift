import AWSCodegen
import AWSModel
import Foundation
import Testing

/// The Smithy JSON AST of eleven services (`api-models/smithy/`, from aws/api-models-aws, April 2025)
/// against botocore's JSON of the same services from the same days (botocore 1.37.23, the release
/// whose models match the snapshot's operations and members; kept in `api-models/smithy/botocore-1.37.23/`
/// as pip installs it, gzip-compressed): both forms must load to the same model wherever both hold
/// an operation, shape or member; what only one form holds is drift, counted and printed. Against
/// botocore 1.43.11 (a year newer) only the drift is printed.
@Suite("Smithy JSON AST and botocore JSON load to the same model")
struct SmithyEquivalenceTests {
    static let services: [(smithy: String, botocore: String?)] = [
        ("bedrock-2023-04-20", "bedrock/2023-04-20"), ("bedrock-runtime-2023-09-30", "bedrock-runtime/2023-09-30"),
        ("cloudwatch-2010-08-01", "cloudwatch/2010-08-01"), ("dynamodb-2012-08-10", "dynamodb/2012-08-10"),
        ("kinesis-2013-12-02", "kinesis/2013-12-02"), ("lambda-2015-03-31", "lambda/2015-03-31"),
        ("s3-2006-03-01", "s3/2006-03-01"), ("sns-2010-03-31", "sns/2010-03-31"), ("sqs-2012-11-05", "sqs/2012-11-05"),
        ("sts-2011-06-15", "sts/2011-06-15"),
        // botocore has no Transcribe Streaming (boto3 does not stream): it is loaded and generated only.
        ("transcribe-streaming-2017-10-26", nil),
    ]

    /// Where botocore's JSON of an old service keeps a hand-made form that no rule derives from the
    /// Smithy model (AWS's botocore models of these services predate Smithy). Each is a difference
    /// the test expects, matched by text; a listed one that stops occurring fails the test.
    static let knownDivergences: [(service: String, match: String, reason: String)] = [
        ("s3-2006-03-01", "x-id=", "botocore drops S3's ?x-id=Operation query that Smithy's URIs carry"),
        ("s3-2006-03-01", "signature version: smithy Optional(\"v4\") ≠ botocore Optional(\"s3\")", "botocore's legacy name for S3's signer"),
        ("s3-2006-03-01", "HeadBucket errors", "botocore's NoSuchBucket for Smithy's NotFound"),
        ("s3-2006-03-01", "shape MetricsFilter union: smithy true ≠ botocore false", "botocore keeps S3's older unions structures"),
        ("s3-2006-03-01", "shape AnalyticsFilter union: smithy true ≠ botocore false", "the same"),
        ("s3-2006-03-01", "PartNumberMarker: type string ≠ integer", "botocore reads S3's part number markers as integers"),
        ("s3-2006-03-01", "acceptors: smithy", "botocore's hand-written S3 waiters match HTTP status 200 and 404 where Smithy says success and NotFound"),
        ("s3-2006-03-01", "HeadObject errors", "botocore's NoSuchKey for Smithy's NotFound"),
        ("lambda-2015-03-31", "/ 2", "botocore keeps Lambda's legacy trailing slashes (/2015-03-31/functions/)"),
        ("lambda-2015-03-31", "{ARN}", "botocore names the tagging label {ARN}, Smithy {Resource}"),
        ("lambda-2015-03-31", "Resource wire name: smithy Resource ≠ botocore ARN", "the same label"),
        ("lambda-2015-03-31", "waiter FunctionExists acceptors", "botocore's hand-written waiter matches status 200 where Smithy says success"),
        ("dynamodb-2012-08-10", "shape AttributeValue union: smithy true ≠ botocore false", "botocore keeps AttributeValue a structure for compatibility"),
        ("kinesis-2013-12-02", "SubscribeToShardEvent required", "botocore marks the event required"),
    ]

    static func smithyPath(_ name: String) -> String {
        packageRoot.appendingPathComponent("api-models/smithy/\(name).json.gz").path
    }

    static func botocorePath(_ folder: String) -> String {
        packageRoot.appendingPathComponent("api-models/smithy/botocore-1.37.23/\(folder)/service-2.json.gz").path
    }

    @Test("every operation, shape and member both forms hold is equal", arguments: services.map(\.smithy))
    func equivalent(name: String) throws {
        let smithy = try ModelLoader.load(servicePath: Self.smithyPath(name))
        #expect(!smithy.operations.isEmpty)
        guard let folder = Self.services.first(where: { $0.smithy == name })?.botocore else {
            let files = try CodeGenerator.generate(model: smithy)
            print("drift \(name): no botocore form; \(smithy.operations.count) operations, \(smithy.shapes.count) shapes loaded, \(files.count) files generated")
            return
        }
        let botocore = try ModelLoader.load(servicePath: Self.botocorePath(folder))
        let comparison = ModelComparison(smithy: smithy, botocore: botocore)
        let known = Self.knownDivergences.filter { $0.service == name }
        let unexplained = comparison.differences.filter { difference in !known.contains { difference.contains($0.match) } }
        let explained = comparison.differences.count - unexplained.count
        print("drift \(name) against botocore 1.37.23: \(comparison.summary); \(explained) known divergences of botocore's hand-kept form")
        for difference in unexplained.prefix(60) { print("  \(name): \(difference)") }
        #expect(unexplained.isEmpty, "\(unexplained.count) differences in \(name)")
        for divergence in known {
            #expect(comparison.differences.contains { $0.contains(divergence.match) }, "\(name): the known divergence '\(divergence.match)' no longer occurs: remove it from the list")
        }
        #expect(comparison.commonOperations > 0 && comparison.comparedMembers > 0)
    }

    @Test("drift against botocore 1.43.11, printed", .enabled(if: botocoreData != nil, "set AWS_CODEGEN_BOTOCORE_DATA (scripts/test.sh does)"),
          arguments: services.compactMap { $0.botocore == nil ? nil : $0.smithy })
    func newerDrift(name: String) throws {
        let folder = try #require(Self.services.first { $0.smithy == name }?.botocore)
        let smithy = try ModelLoader.load(servicePath: Self.smithyPath(name))
        let botocore = try ModelLoader.load(servicePath: try #require(botocoreData) + "/\(folder)/service-2.json")
        let comparison = ModelComparison(smithy: smithy, botocore: botocore)
        print("drift \(name) against botocore 1.43.11: \(comparison.summary); \(comparison.differences.count) changed values")
        #expect(comparison.commonOperations > 0)
    }
}

/// Compares two loads of one service: what both hold must agree; what only one holds is drift.
struct ModelComparison {
    var differences: [String] = []
    var commonOperations = 0
    var operationsOnlyInSmithy: [String] = []
    var operationsOnlyInBotocore: [String] = []
    var membersOnlyInSmithy = 0
    var membersOnlyInBotocore = 0
    var comparedShapes = 0
    var comparedMembers = 0
    var paginatorsInOneForm = 0

    /// A pattern as a whole-value match. Smithy's patterns search (ECMA-262, unanchored unless
    /// written with `^`/`$`); botocore's are converted to match the whole value (`^[^:]` becomes
    /// `[^:].*`), though some services keep the anchors. Both forms are brought to the whole-match
    /// form without anchors to compare them.
    static func withoutAnchors(_ pattern: String) -> String {
        var form = pattern
        if form.hasPrefix("^") { form.removeFirst() }
        if form.hasSuffix("$") && !form.hasSuffix("\\$") { form.removeLast() }
        return form
    }

    static func fullMatchForm(_ pattern: String) -> String {
        var form = pattern
        if form.hasPrefix("^") { form.removeFirst() } else if !form.hasPrefix(".*") { form = ".*" + form }
        if form.hasSuffix("$") && !form.hasSuffix("\\$") { form.removeLast() } else if !form.hasSuffix(".*") { form += ".*" }
        return form
    }

    var summary: String {
        "\(commonOperations) operations and \(comparedShapes) shapes (\(comparedMembers) members) compared; "
            + "operations only in Smithy \(operationsOnlyInSmithy.count), only in botocore \(operationsOnlyInBotocore.count); "
            + "members only in Smithy \(membersOnlyInSmithy), only in botocore \(membersOnlyInBotocore); "
            + "paginators in one form only \(paginatorsInOneForm)"
    }

    init(smithy: ServiceModel, botocore: ServiceModel) {
        let a = smithy.metadata, b = botocore.metadata
        func same<T: Equatable>(_ what: String, _ x: T, _ y: T) {
            if x != y { differences.append("\(what): smithy \(x) ≠ botocore \(y)") }
        }
        same("protocol", a.protocolName, b.protocolName)
        same("apiVersion", a.apiVersion, b.apiVersion)
        same("serviceId", a.serviceId, b.serviceId)
        same("endpointPrefix", a.endpointPrefix, b.endpointPrefix)
        same("signingName", a.signingName, b.signingName)
        same("jsonVersion", a.jsonVersion, b.jsonVersion)
        same("targetPrefix", a.targetPrefix, b.targetPrefix)
        same("awsQueryCompatible", a.awsQueryCompatible, b.awsQueryCompatible)
        same("xmlNamespace", a.xmlNamespace, b.xmlNamespace)
        same("signature version", a.signatureVersion, b.signatureVersion)
        // Auth: every scheme the older Smithy snapshot names is in botocore's list, in the same order.
        same("auth", a.auth, b.auth.filter(a.auth.contains))
        same("endpoint parameters", smithy.endpointRuleSet?.parameters, botocore.endpointRuleSet?.parameters)

        let usesXML = ["rest-xml", "query", "ec2"].contains(b.protocolName)
        let smithyOperations = Dictionary(uniqueKeysWithValues: smithy.operations.map { ($0.name, $0) })
        let botocoreOperations = Dictionary(uniqueKeysWithValues: botocore.operations.map { ($0.name, $0) })
        operationsOnlyInSmithy = smithyOperations.keys.filter { botocoreOperations[$0] == nil }.sorted()
        operationsOnlyInBotocore = botocoreOperations.keys.filter { smithyOperations[$0] == nil }.sorted()
        var pairs: [(String, String)] = []
        var seen: Set<String> = []
        for name in smithyOperations.keys.sorted() {
            guard let x = smithyOperations[name], let y = botocoreOperations[name] else { continue }
            commonOperations += 1
            let at = "operation \(name)"
            same("\(at) wire name", x.wireName, y.wireName)
            // No response code means 200; botocore writes it for some services and not others.
            same("\(at) http", "\(x.http.method) \(x.http.requestUri) \(x.http.responseCode ?? 200)", "\(y.http.method) \(y.http.requestUri) \(y.http.responseCode ?? 200)")
            same("\(at) host prefix", x.hostPrefix, y.hostPrefix)
            same("\(at) errors", Set(x.errors.map(\.shapeName)), Set(y.errors.map(\.shapeName)))
            same("\(at) auth", x.auth.filter { !$0.isEmpty }, y.auth.filter(x.auth.contains))
            same("\(at) authtype", x.authType, y.authType)
            same("\(at) checksum required", x.httpChecksumRequired, y.httpChecksumRequired)
            same("\(at) checksum", x.httpChecksum?.requestAlgorithmMember, y.httpChecksum?.requestAlgorithmMember)
            same("\(at) unsigned payload", x.unsignedPayload, y.unsignedPayload)
            same("\(at) static context params", x.staticContextParams, y.staticContextParams)
            same("\(at) operation context params", x.operationContextParams, y.operationContextParams)
            // botocore's paginators-1.json is kept by hand: compare where both have one, count the rest.
            if let p = smithy.paginators[name], let q = botocore.paginators[name] {
                same("\(at) paginator input tokens", p.inputTokens, q.inputTokens)
                same("\(at) paginator output tokens", p.outputTokens, q.outputTokens)
                same("\(at) paginator limit key", p.limitKey, q.limitKey)
                // Smithy names one list of items; botocore's may add more (DynamoDB's Count).
                same("\(at) paginator result keys", p.resultKeys, Array(q.resultKeys.prefix(p.resultKeys.count)))
            } else if (smithy.paginators[name] == nil) != (botocore.paginators[name] == nil) {
                paginatorsInOneForm += 1
            }
            for (left, right) in [(x.input, y.input), (x.output, y.output)] {
                same("\(at) input/output present", left == nil, right == nil)
                if let left, let right { pairs.append((left.shapeName, right.shapeName)) }
            }
        }
        // Walk the shapes both reach from common operations, pairing them by where they are used.
        while let (left, right) = pairs.popLast() {
            guard seen.insert("\(left)|\(right)").inserted else { continue }
            let x = smithy.shape(named: left), y = botocore.shape(named: right)
            comparedShapes += 1
            let at = "shape \(left)"
            guard x.kind.typeName == y.kind.typeName else {
                differences.append("\(at): type \(x.kind.typeName) ≠ \(y.kind.typeName) (\(right))")
                continue
            }
            // A length of at least 0 is no constraint; botocore writes it for some shapes and not others.
            let measuresLength = ["string", "list", "map", "blob"].contains(x.kind.typeName)
            same("\(at) min", measuresLength && x.min == 0 ? nil : x.min, measuresLength && y.min == 0 ? nil : y.min)
            same("\(at) max", x.max, y.max)
            same("\(at) pattern", x.pattern.map(Self.fullMatchForm), y.pattern.map(Self.withoutAnchors))
            same("\(at) sensitive", x.sensitive, y.sensitive)
            same("\(at) requiresLength", x.requiresLength, y.requiresLength)
            same("\(at) xml name", x.locationName, y.locationName)
            switch (x.kind, y.kind) {
            case (.structure(let s), .structure(let t)):
                same("\(at) union", s.isUnion, t.isUnion)
                same("\(at) document", s.isDocument, t.isDocument)
                same("\(at) event stream", s.isEventStream, t.isEventStream)
                same("\(at) event", s.isEvent, t.isEvent)
                same("\(at) payload", s.payload, t.payload)
                same("\(at) error code", s.exception?.code, t.exception?.code)
                same("\(at) error status", s.exception?.httpStatusCode, t.exception?.httpStatusCode)
                same("\(at) fault", s.exception?.isFault, t.exception?.isFault)
                for member in s.members {
                    guard let other = t.member(named: member.name) else { membersOnlyInSmithy += 1; continue }
                    comparedMembers += 1
                    let m = "\(at).\(member.name)"
                    same("\(m) required", member.isRequired, other.isRequired)
                    same("\(m) location", member.reference.location, other.reference.location)
                    same("\(m) wire name", member.wireName, other.wireName)
                    same("\(m) query name", member.reference.queryName, other.reference.queryName)
                    // Flattening means something in XML only; botocore puts it on the member or the list.
                    if usesXML {
                        same("\(m) flattened", member.reference.flattened || smithy.shape(named: member.shapeName).flattened,
                             other.reference.flattened || botocore.shape(named: other.shapeName).flattened)
                    }
                    same("\(m) xml attribute", member.reference.xmlAttribute, other.reference.xmlAttribute)
                    same("\(m) idempotency token", member.reference.idempotencyToken, other.reference.idempotencyToken)
                    same("\(m) host label", member.reference.hostLabel, other.reference.hostLabel)
                    same("\(m) context param", member.reference.contextParam, other.reference.contextParam)
                    same("\(m) timestamp format", member.reference.timestampFormat, other.reference.timestampFormat)
                    same("\(m) event payload", member.reference.eventPayload, other.reference.eventPayload)
                    same("\(m) event header", member.reference.eventHeader, other.reference.eventHeader)
                    same("\(m) json value", member.reference.jsonValue, other.reference.jsonValue)
                    // botocore marks streaming on the member, Smithy on the blob: either makes a stream.
                    func streams(_ member: Member, _ model: ServiceModel) -> Bool {
                        if case .blob(true) = model.shape(named: member.shapeName).kind { return true }
                        return member.reference.streaming
                    }
                    same("\(m) streaming", streams(member, smithy), streams(other, botocore))
                    pairs.append((member.shapeName, other.shapeName))
                }
                membersOnlyInBotocore += t.members.filter { s.member(named: $0.name) == nil }.count
            case (.list(let a), .list(let b)):
                same("\(at) member wire name", a.locationName, b.locationName)
                pairs.append((a.shapeName, b.shapeName))
            case (.map(let k1, let v1), .map(let k2, let v2)):
                same("\(at) key wire name", k1.locationName, k2.locationName)
                same("\(at) value wire name", v1.locationName, v2.locationName)
                pairs.append((k1.shapeName, k2.shapeName))
                pairs.append((v1.shapeName, v2.shapeName))
            case (.string(let e1), .string(let e2)):
                // Older snapshot: its values must all be botocore's.
                if let e1 {
                    let missing = Set(e1).subtracting(e2 ?? [])
                    if !missing.isEmpty { differences.append("\(at) enum values only in Smithy: \(missing.sorted())") }
                } else if e2 != nil {
                    differences.append("\(at): an enum only in botocore")
                }
            case (.timestamp(let f1), .timestamp(let f2)):
                same("\(at) timestamp format", f1, f2)
            default:
                break
            }
        }
        let waiterNames = Set(smithy.waiters.keys).intersection(botocore.waiters.keys)
        for name in waiterNames.sorted() {
            let x = smithy.waiters[name]!, y = botocore.waiters[name]!
            same("waiter \(name) operation", x.operationName, y.operationName)
            same("waiter \(name) delay", x.delay, y.delay)
            same("waiter \(name) acceptors", x.acceptors, y.acceptors)
        }
    }
}
