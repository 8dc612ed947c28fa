@testable import AWSRuntime
import Foundation
import Testing
import TestSupport

/// The runtime's JMESPath evaluator against the reference implementation, Python's `jmespath`
/// 1.1.0 (`Tests/Differential/jmespath_reference.py`), on generated expressions and documents:
/// every projection, filter, slice, multi-select, operator and function, with wrong argument types
/// and counts, unknown functions, and expressions with a character dropped or added (syntax
/// errors, and near misses that still parse). Results, and error kinds, must be identical.
@Suite("JMESPath: differential against Python jmespath", .enabled(if: Servers.pythonTrait))
struct JMESPathDifferentialTests {
    struct Case {
        var expression: String
        var given: JSONValue
        var result: JSONValue?
        var error: String?

        /// Read with the runtime's parser, which keeps `100` and `100.0` apart (`JSONDecoder` does not).
        static func list(_ data: Data) throws -> [Case] {
            guard case .array(let items) = try JSONParser.parse(data) else { return [] }
            return items.map { item in
                Case(expression: item["expression"]?.stringValue ?? "", given: item["given"] ?? .null, result: item["result"], error: item["error"]?.stringValue)
            }
        }
    }

    /// What ours says for a case: the result, or the error's kind.
    static func outcome(_ expression: String, _ given: JSONValue) -> Result<JSONValue, JMESPathError> {
        Result { () throws(JMESPathError) in try JMESPathExpression(expression).search(given) }
    }

    static func check(_ cases: [Case], label: String) -> (compared: Int, skipped: Int) {
        var compared = 0, skipped = 0
        for reference in cases {
            let ours = outcome(reference.expression, reference.given)
            switch (reference.error, ours) {
            case ("reference-crash"?, _), ("unrepresentable"?, _):
                // The reference fails outside JMESPath (Python's TypeError on `'a' < 1`, which the
                // specification defines as null), or returns a non-JSON value.
                skipped += 1
                continue
            case (let kind?, .failure(let error)):
                #expect(error.kind.rawValue == kind, "\(label): '\(reference.expression)' over \(reference.given): \(error)")
            case (let kind?, .success(let value)):
                Issue.record("\(label): '\(reference.expression)' over \(reference.given): reference fails with \(kind), ours gives \(value)")
            case (nil, .failure(let error)):
                Issue.record("\(label): '\(reference.expression)' over \(reference.given): reference gives \(reference.result ?? .null), ours fails: \(error)")
            case (nil, .success(let value)):
                #expect(value == (reference.result ?? .null), "\(label): '\(reference.expression)' over \(reference.given)")
            }
            compared += 1
        }
        return (compared, skipped)
    }

    @Test("10,000 generated expressions give the reference's results and errors", arguments: Array(1...5))
    func generated(seed: Int) async throws {
        let data = try await offCooperativePool { try Servers.runPython("Tests/Differential/jmespath_reference.py", ["generate", "\(seed)", "2000"]) }
        let cases = try Case.list(data)
        #expect(cases.count == 2000)
        let (compared, skipped) = Self.check(cases, label: "seed \(seed)")
        #expect(skipped < 40, "the reference crashed on \(skipped) cases")
        // Each kind of outcome must be there in quantity, or the comparison proves little.
        let kinds = Dictionary(grouping: cases, by: { $0.error ?? ($0.result == nil || $0.result == .null ? "null" : "value") }).mapValues(\.count)
        for kind in ["value", "null", "syntax", "invalid-type", "invalid-arity", "unknown-function"] {
            #expect(kinds[kind, default: 0] >= 10, "only \(kinds[kind, default: 0]) cases of \(kind)")
        }
        #expect(compared > 1900)
    }
}

extension JMESPathDifferentialTests {
    @Test("the conformance cases' expected results are still the reference's")
    func conformanceExpectations() async throws {
        let file = "Tests/AWSRuntimeTests/JMESPath/conformance.json"
        let committed = try Case.list(try Data(contentsOf: Servers.packageRoot.appendingPathComponent(file)))
        let data = try await offCooperativePool { try Servers.runPython("Tests/Differential/jmespath_reference.py", ["cases", Servers.packageRoot.appendingPathComponent(file).path]) }
        let live = try Case.list(data)
        #expect(live.count == committed.count)
        for (a, b) in zip(committed, live) {
            #expect(a.expression == b.expression && a.result == b.result && a.error == b.error, "'\(a.expression)': \(String(describing: a.result ?? nil)) \(a.error ?? "") vs \(String(describing: b.result ?? nil)) \(b.error ?? "")")
        }
        let (compared, _) = Self.check(live, label: "conformance")
        #expect(compared > 390)
    }
}
