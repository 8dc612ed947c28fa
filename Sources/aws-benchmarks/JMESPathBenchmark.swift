import AWSRuntime
import Foundation

/// JMESPath compile and search rates over every waiter and paginator expression of botocore, each
/// over a document shaped like its operation's output (`scripts/benchmarks/jmespath_expressions.py`
/// writes them; `scripts/benchmark-jmespath.sh` runs both sides).
enum JMESPathBenchmark {
    static func run(_ arguments: [String]) throws {
        guard let file = arguments.first else { throw BenchmarkError("usage: aws-benchmarks jmespath CASES [ROUNDS]") }
        let rounds = arguments.count > 1 ? Int(arguments[1]) ?? 3 : 3
        // `search`: search rounds only (one compile), for a profiler.
        let compileRounds = arguments.count > 2 && arguments[2] == "search" ? 1 : rounds
        guard case .array(let items) = try JSONParser.parse(try Data(contentsOf: URL(fileURLWithPath: file))) else {
            throw BenchmarkError("\(file) holds no list of cases")
        }
        let cases = items.compactMap { item -> (String, JSONValue)? in
            guard let text = item["expression"]?.stringValue else { return nil }
            return (text, item["given"] ?? .null)
        }
        let clock = ContinuousClock()
        func seconds(_ duration: Duration) -> Double { Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18 }

        var compiled: [(JMESPathExpression, JSONValue)] = []
        let compileStart = clock.now
        for round in 0..<compileRounds {
            for (text, given) in cases {
                let expression = try JMESPathExpression(text)
                if round == 0 { compiled.append((expression, given)) }
            }
        }
        let compileRate = Double(compileRounds * cases.count) / seconds(clock.now - compileStart)

        var found = 0
        let searchStart = clock.now
        for _ in 0..<rounds {
            for (expression, given) in compiled where try expression.search(given) != .null { found += 1 }
        }
        let searchRate = Double(rounds * compiled.count) / seconds(clock.now - searchStart)
        print("swift JMESPath: \(cases.count) expressions; compile \(Int(compileRate))/s, search \(Int(searchRate))/s (\(found / rounds) non-null)")
        print("RESULT compile_per_second=\(Int(compileRate)) search_per_second=\(Int(searchRate))")
    }
}

struct BenchmarkError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
