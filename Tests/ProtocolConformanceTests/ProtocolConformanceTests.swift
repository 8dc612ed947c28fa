import AWSRuntime
import Foundation
import Testing

/// botocore 1.43.11's protocol suites (`tests/unit/protocols`), committed with botocore's license.
let suitesRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .appendingPathComponent("ProtocolSuites/botocore-1.43.11")

@Suite("botocore protocol conformance")
struct ProtocolConformanceTests {
    @Test("every case of every protocol suite, through generated code, as botocore expects")
    func allSuites() async throws {
        let skips = try ConformanceSkips.load()
        var tally: [String: (passed: Int, failed: Int, skipped: Int)] = [:]
        var failures: [String] = []
        for (file, cases) in allProtocolTestCases {
            let document = try JSONParser.parse(try Data(contentsOf: suitesRoot.appendingPathComponent(file)))
            guard case .array(let suites) = document else { Issue.record("\(file) is not a list of suites"); continue }
            let direction = file.contains("input/") ? "input" : "output"
            for testCase in cases {
                let suite = suites[testCase.suite]
                let protocolName = suite["metadata"]?["protocol"]?.stringValue ?? "?"
                let label = (file.hasPrefix("legacy/") ? "\(protocolName) (legacy)" : protocolName) + " " + direction
                guard case .array(let suiteCases)? = suite["cases"] else { continue }
                let caseValue = suiteCases[testCase.index]
                let id = caseValue["id"]?.stringValue ?? "\(testCase.suite):\(testCase.index)"
                let description = suite["description"]?.stringValue ?? ""
                let position = "\(file) \(testCase.suite):\(testCase.index)"
                if skips.reason(protocolName: protocolName, direction: direction, suite: description, caseID: caseValue["id"]?.stringValue, position: position) != nil {
                    tally[label, default: (0, 0, 0)].skipped += 1
                    continue
                }
                let problem = await ConformanceCheck.run(testCase, suite: suite, caseValue: caseValue, protocolName: protocolName, isInput: direction == "input")
                if let problem {
                    tally[label, default: (0, 0, 0)].failed += 1
                    failures.append("\(file) suite \(testCase.suite) case \(testCase.index) (\(id)): \(problem)")
                } else {
                    tally[label, default: (0, 0, 0)].passed += 1
                }
            }
        }
        for label in tally.keys.sorted() {
            let counts = tally[label]!
            print("\(label): \(counts.passed) passed, \(counts.failed) failed, \(counts.skipped) skipped")
        }
        let total = tally.values.reduce(into: (passed: 0, failed: 0, skipped: 0)) { $0.passed += $1.passed; $0.failed += $1.failed; $0.skipped += $1.skipped }
        print("protocol conformance: \(total.passed) passed, \(total.failed) failed, \(total.skipped) skipped")
        if ProcessInfo.processInfo.environment["AWS_CODEGEN_PRINT_CONFORMANCE_FAILURES"] != nil {
            print(failures.joined(separator: "\n"))
        }
        #expect(failures.isEmpty, "\(failures.count) failures; the first:\n\(failures.prefix(30).joined(separator: "\n"))")
    }
}

/// botocore's ignore list plus ours (`conformance-skips.json`), each of ours with its reason.
struct ConformanceSkips {
    var botocore: JSONValue
    var ours: JSONValue

    static func load() throws -> ConformanceSkips {
        let botocore = try JSONParser.parse(try Data(contentsOf: suitesRoot.appendingPathComponent("protocol-tests-ignore-list.json")))
        let ours = try JSONParser.parse(try Data(contentsOf: suitesRoot.deletingLastPathComponent().appendingPathComponent("conformance-skips.json")))
        return ConformanceSkips(botocore: botocore, ours: ours)
    }

    /// Why a case is skipped, or nil; legacy cases have no id and are named by `position`
    /// (`legacy/output/json.json 3:1`).
    func reason(protocolName: String, direction: String, suite: String, caseID: String?, position: String) -> String? {
        if contains(botocore["general"]?[direction]?["suites"], suite) { return "botocore ignores the suite" }
        if let caseID, contains(botocore["protocols"]?[protocolName]?[direction]?["cases"], caseID) { return "botocore ignores the case" }
        if let reason = ours["protocols"]?[protocolName]?.stringValue { return reason }
        if let reason = ours["cases"]?[caseID ?? position]?.stringValue { return reason }
        return nil
    }

    private func contains(_ list: JSONValue?, _ value: String) -> Bool {
        guard case .array(let items)? = list else { return false }
        return items.contains(.string(value))
    }
}
