@testable import AWSRuntime
import Foundation
import Testing

/// JMESPath conformance: 405 cases by section of the specification (basic expressions, identifiers
/// and escapes, the current node, indices, slices, wildcards, flatten, filters, comparisons, boolean
/// operators, multi-selects, pipes, literals, Unicode, syntax errors, every built-in function with
/// wrong types and counts, and AWS waiter expressions). The official compliance suite is not
/// published to a package registry; these results were produced by the reference implementation
/// (Python `jmespath` 1.1.0, `Tests/Differential/jmespath_reference.py cases`), and
/// `JMESPathDifferentialTests` checks that they still are.
@Suite("JMESPath conformance")
struct JMESPathConformanceTests {
    struct Case {
        var section: String
        var expression: String
        var given: JSONValue
        var result: JSONValue?
        var error: String?
    }

    static func cases() throws -> [Case] {
        let url = try #require(Bundle.module.url(forResource: "conformance", withExtension: "json", subdirectory: "JMESPath"))
        guard case .array(let items) = try JSONParser.parse(try Data(contentsOf: url)) else { return [] }
        return items.map { item in
            Case(section: item["section"]?.stringValue ?? "", expression: item["expression"]?.stringValue ?? "",
                 given: item["given"] ?? .null, result: item["result"], error: item["error"]?.stringValue)
        }
    }

    @Test("every case gives the reference's result or error kind")
    func conformance() throws {
        let cases = try Self.cases()
        #expect(cases.count == 405)
        for reference in cases {
            let label = "\(reference.section): '\(reference.expression)'"
            let ours = Result { () throws(JMESPathError) in try JMESPathExpression(reference.expression).search(reference.given) }
            switch (reference.error, ours) {
            case ("unrepresentable"?, _):
                continue
            case ("reference-crash"?, .success):
                // The reference's host language fails (`'a' < 1`, `merge({}, null)`); the
                // specification's answer is null or a type error, never a crash.
                continue
            case ("reference-crash"?, .failure(let error)):
                #expect(error.kind == .invalidType, "\(label): \(error)")
            case (let kind?, .failure(let error)):
                #expect(error.kind.rawValue == kind, "\(label): \(error)")
            case (let kind?, .success(let value)):
                Issue.record("\(label): expected a \(kind) error, got \(value)")
            case (nil, .failure(let error)):
                Issue.record("\(label): expected \(reference.result ?? .null), got \(error)")
            case (nil, .success(let value)):
                #expect(value == (reference.result ?? .null), "\(label)")
            }
        }
    }

    @Test("errors say what and where")
    func errorMessages() {
        #expect(throws: JMESPathError.self) { try JMESPathExpression("foo[?bar") }
        do {
            _ = try JMESPathExpression("foo.=bar")
            Issue.record("parsed")
        } catch {
            #expect(error.kind == .syntax)
            #expect(error.position == 4)
            #expect(error.description.contains("'foo.=bar'"))
        }
        do {
            _ = try JMESPathExpression.strict("length(a, b)")
            Issue.record("accepted")
        } catch {
            #expect(error.kind == .invalidArity)
            #expect(error.description.contains("length() takes 1 argument, got 2"))
        }
        #expect(throws: JMESPathError.self) { try JMESPathExpression.strict("Table.lenght(@)") }
        // Hostile nesting is a syntax error, not a stack overflow (in parsing, checking or evaluating).
        for deep in [String(repeating: "(", count: 5000) + "a" + String(repeating: ")", count: 5000),
                     Array(repeating: "a", count: 3000).joined(separator: " | "),
                     "a" + String(repeating: "[*]", count: 3000), String(repeating: "!", count: 5000) + "a",
                     String(repeating: "[", count: 3000) + "a" + String(repeating: "]", count: 3000)] {
            #expect(throws: JMESPathError.self) { try JMESPathExpression.strict(deep) }
        }
        #expect((try? JMESPathExpression(Array(repeating: "a", count: 150).joined(separator: " | ")).search(.null)) == .null)
        // Plain parsing leaves functions to evaluation, as the specification does.
        #expect((try? JMESPathExpression("`true` || nope(@)").search(.null)) == .bool(true))
    }
}
