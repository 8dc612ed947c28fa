import AWSBedrock
import Foundation

/// Peak memory of decoding one large response body, beyond the body itself, as a multiple of the
/// body's size: `aws-benchmarks memory CASE [MiB]`, one case per process (scripts/benchmark-memory.sh
/// runs them all). Each case is a whole call through `AWSClient` over an in-memory transport, so it
/// measures what a user's call holds: the protocol's parse and the generated reader. Linux only: it
/// resets and reads the kernel's peak-RSS mark around the call.
enum DecoderMemoryBenchmark {
    static let cases = ["json-digits", "json-strings", "json-typed", "xml-digits", "xml-strings", "xml-typed", "cbor-digits", "cbor-strings", "cbor-typed"]

    static func run(_ arguments: [String]) async throws {
        guard let name = arguments.first, cases.contains(name) else {
            print("usage: aws-benchmarks memory {\(cases.joined(separator: "|"))} [MiB]")
            exit(2)
        }
        let size = (Int(arguments.dropFirst().first ?? "") ?? 64) * 1024 * 1024
        let body = makeBody(name, size: size)
        let format = String(name.prefix(while: { $0 != "-" }))
        let client = AWSClient(service: service(format), configuration: AWSClientConfiguration(
            region: "us-east-1",
            credentialProvider: StaticCredentialProvider(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"),
            transport: CannedTransport(body: body, contentType: format == "xml" ? "application/xml" : format == "cbor" ? "application/cbor" : "application/json"),
            maximumResponseBodySize: size * 2
        ))
        let before = residentKiB("VmRSS")
        resetPeak()
        let check: Int
        if format == "xml" {
            let output = try await client.execute(operation(format, typed: name.hasSuffix("-typed")), input: EmptyInput(), output: XMLBenchmarkOutput.self)
            check = name.hasSuffix("-typed") ? output.items?.count ?? 0 : output.name?.count ?? 0
        } else if name.hasSuffix("-typed") {
            let output = try await client.execute(operation(format, typed: name.hasSuffix("-typed")), input: ListImportedModelsRequest(), output: ListImportedModelsResponse.self)
            check = output.modelSummaries?.count ?? 0
        } else {
            let output = try await client.execute(operation(format, typed: name.hasSuffix("-typed")), input: GetImportedModelRequest(modelIdentifier: "m"), output: GetImportedModelResponse.self)
            check = output.modelName?.count ?? 0
        }
        let peak = residentKiB("VmHWM")
        let extra = Double(max(0, peak - before)) * 1024
        print(String(format: "RESULT case=%@ body_mib=%d peak_extra_mib=%.1f ratio=%.2f check=%d", name, size >> 20, extra / 1_048_576, extra / Double(body.count), check))
    }

    /// The service each case calls: Bedrock as it is (rest-json), Bedrock's shapes over the CBOR
    /// protocol, and a rest-xml service whose output has two members.
    static func service(_ format: String) -> AWSServiceDescriptor {
        AWSServiceDescriptor(
            serviceId: "Bedrock", signingName: "bedrock", endpointPrefix: "bedrock", apiVersion: "2023-04-20",
            protocolName: ["xml": "rest-xml", "cbor": "smithy-rpc-v2-cbor"][format] ?? "rest-json",
            endpointRuleSet: BedrockClient.endpointRuleSet
        )
    }

    static func operation(_ format: String, typed: Bool) -> AWSOperationDescriptor {
        let name = typed ? "ListImportedModels" : "GetImportedModel"
        let uri = format == "xml" ? "/result" : typed ? "/imported-models" : "/imported-models/{modelIdentifier}"
        return AWSOperationDescriptor(name: name, method: format == "cbor" ? "POST" : "GET", requestURI: uri, responseCode: 200)
    }

    /// A body whose bulk is a list the output does not model (what a hostile or newer service can send):
    /// one-digit numbers (`*-digits`, the worst case for a tree of values) or 16-letter strings
    /// (`*-strings`); or (`*-typed`) a list the output models: Bedrock's model summaries (JSON, CBOR),
    /// object keys of 26 letters (XML).
    static func makeBody(_ name: String, size: Int) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(size + 256)
        let kind = name.split(separator: "-").last ?? ""
        let digits = kind == "digits"
        switch name.prefix(while: { $0 != "-" }) {
        case "json" where kind == "typed":
            body += Array(#"{"modelSummaries":["#.utf8)
            let summary = Array(#"{"modelArn":"arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl","modelName":"model-1","creationTime":"2025-03-21T10:15:30Z","instructSupported":true,"modelArchitecture":"llama3"},"#.utf8)
            while body.count < size - summary.count { body += summary }
            body[body.count - 1] = UInt8(ascii: "]")
            body += Array("}".utf8)
        case "json":
            body += Array(#"{"modelName":"m","customModelUnits":{"customModelUnitsPerModelCopy":2},"#.utf8)
            body += Array(#""unknownList":["#.utf8)
            while body.count < size - 32 { body += digits ? Array("1,".utf8) : Array(#""abcdefghijklmnop","#.utf8) }
            body += Array((digits ? "1]}" : #""x"]}"#).utf8)
        case "xml":
            let item = kind == "typed" ? "<Item>photos/2024/img-000123.jpg</Item>" : digits ? "<a>1</a>" : "<Item>abcdefghijklmnop</Item>"
            body += Array("<Result><Name>m</Name><\(kind == "typed" ? "Items" : "Unknown")>".utf8)
            while body.count < size - 32 { body += Array(item.utf8) }
            body += Array("</\(kind == "typed" ? "Items" : "Unknown")></Result>".utf8)
        case "cbor" where kind == "typed":
            // {"modelSummaries": [summary, ...]}, the summary a map of five members, creationTime a tag-1 epoch.
            var summary: [UInt8] = [0xA5]
            func text(_ string: String) -> [UInt8] { [0x60 | UInt8(string.utf8.count)] + Array(string.utf8) }
            func longText(_ string: String) -> [UInt8] { [0x78, UInt8(string.utf8.count)] + Array(string.utf8) }
            summary += text("modelArn") + longText("arn:aws:bedrock:us-east-1:123456789012:imported-model/abcdefghijkl")
            summary += text("modelName") + text("model-1")
            summary += longText("creationTime") + [0xC1, 0x1A, 0x67, 0xDD, 0x3B, 0x02]
            summary += longText("instructSupported") + [0xF5]
            summary += longText("modelArchitecture") + text("llama3")
            let count = (size - 64) / summary.count
            body += [0xA1] + longText("modelSummaries")
            body += [0x9A, UInt8(count >> 24 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            for _ in 0..<count { body += summary }
        default:
            // A CBOR map {"modelName": "m", "unknownList": [1, 1, ...]} with a definite-length array.
            let itemSize = digits ? 1 : 17
            let count = (size - 64) / itemSize
            body += [0xA2, 0x69] + Array("modelName".utf8) + [0x61, 0x6D, 0x6B] + Array("unknownList".utf8)
            body += [0x9A, UInt8(count >> 24 & 0xFF), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
            for _ in 0..<count { body += digits ? [0x01] : [0x70] + Array("abcdefghijklmnop".utf8) }
        }
        return body
    }

    static func residentKiB(_ field: String) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
        for line in status.split(separator: "\n") where line.hasPrefix(field + ":") {
            return Int(line.split(separator: " ").dropFirst().first { !$0.isEmpty }.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "") ?? 0
        }
        return 0
    }

    /// Writing 5 to clear_refs resets the peak-RSS mark (VmHWM) to the current RSS.
    static func resetPeak() {
        try? "5".write(toFile: "/proc/self/clear_refs", atomically: false, encoding: .utf8)
    }
}

/// Answers every request with one canned 200 response.
struct CannedTransport: AWSHTTPTransport {
    let body: [UInt8]
    let contentType: String
    func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
        AWSHTTPResponse(statusCode: 200, headers: ["Content-Type": contentType], body: .bytes(body))
    }
}

/// An input with no member (the XML case's operation takes none).
struct EmptyInput: AWSSchemaShape {
    static let schema = AWSShapeSchema(members: [])
    init() {}
    init(reader: ShapeReader) throws {}
    func encode(to writer: inout ShapeWriter) {}
}

/// The XML cases' output: a rest-xml structure with a string and a list of strings, as generated code reads them.
struct XMLBenchmarkOutput: AWSSchemaShape {
    static let schema = AWSShapeSchema(members: [
        AWSMemberSchema(key: "Name", name: "Name", value: .scalar(.string)),
        AWSMemberSchema(key: "Items", name: "Items", value: .list(.scalar(.string), memberName: "Item", memberNamespace: nil, flattened: false)),
    ])
    let name: String?
    let items: [String]?
    init(reader: ShapeReader) throws {
        name = try reader.optional("Name")
        items = try reader.optional("Items")
    }
    func encode(to writer: inout ShapeWriter) {
        writer.put("Name", name)
        writer.put("Items", items)
    }
}
