import AWSBedrock
import Foundation

/// Peak memory of decoding one large response body, beyond the body itself, as a multiple of the
/// body's size: `aws-benchmarks memory CASE [MiB]`, one case per process (scripts/benchmark-memory.sh
/// runs them all). Linux only: it resets and reads the kernel's peak-RSS mark around the decode.
enum DecoderMemoryBenchmark {
    static let cases = ["json-digits", "json-strings", "xml-digits", "xml-strings", "cbor-digits", "cbor-strings"]

    static func run(_ arguments: [String]) throws {
        guard let name = arguments.first, cases.contains(name) else {
            print("usage: aws-benchmarks memory {\(cases.joined(separator: "|"))} [MiB]")
            exit(2)
        }
        let size = (Int(arguments.dropFirst().first ?? "") ?? 64) * 1024 * 1024
        let body = makeBody(name, size: size)
        let before = residentKiB("VmRSS")
        resetPeak()
        var check = 0
        switch name {
        case "json-digits", "json-strings":
            let output = try DecoderMemoryBenchmark.decodeJSON(body)
            check = output.customModelUnits?.customModelUnitsPerModelCopy ?? output.modelName?.count ?? 0
        case "xml-digits", "xml-strings":
            check = try decodeXML(body)
        default:
            check = try decodeCBOR(body)
        }
        let peak = residentKiB("VmHWM")
        let extra = Double(max(0, peak - before)) * 1024
        print(String(format: "RESULT case=%@ body_mib=%d peak_extra_mib=%.1f ratio=%.2f check=%d", name, size >> 20, extra / 1_048_576, extra / Double(body.count), check))
    }

    /// A body whose bulk is a list the output does not model (what a hostile or newer service can send):
    /// one-digit numbers (`*-digits`, the worst case for a tree of values) or 16-letter strings (`*-strings`).
    static func makeBody(_ name: String, size: Int) -> [UInt8] {
        var body: [UInt8] = []
        body.reserveCapacity(size + 64)
        let digits = name.hasSuffix("-digits")
        switch name.prefix(while: { $0 != "-" }) {
        case "json":
            body += Array(#"{"modelName":"m","customModelUnits":{"customModelUnitsPerModelCopy":2},"#.utf8)
            body += Array(#""unknownList":["#.utf8)
            while body.count < size - 32 { body += digits ? Array("1,".utf8) : Array(#""abcdefghijklmnop","#.utf8) }
            body += Array((digits ? "1]}" : #""x"]}"#).utf8)
        case "xml":
            body += Array("<Result><Name>m</Name><Unknown>".utf8)
            while body.count < size - 32 { body += digits ? Array("<a>1</a>".utf8) : Array("<Item>abcdefghijklmnop</Item>".utf8) }
            body += Array("</Unknown></Result>".utf8)
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

    static func decodeJSON(_ body: [UInt8]) throws -> GetImportedModelResponse {
        try GetImportedModelResponse(json: JSONParser.parse(body), path: .root)
    }

    static func decodeXML(_ body: [UInt8]) throws -> Int {
        let root = try AWSXMLParser.parse(body)
        return root.children.count
    }

    static func decodeCBOR(_ body: [UInt8]) throws -> Int {
        let value = try CBOR.decode(body)
        if case .map(let entries) = value { return entries.count }
        return 0
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
