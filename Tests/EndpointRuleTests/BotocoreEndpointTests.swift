import AWSModel
@testable import AWSRuntime
import Foundation
import Testing
import TestSupport

/// botocore's data folder (`scripts/fetch-botocore-models.sh`) and test material
/// (`scripts/fetch-botocore-tests.sh`); the test script sets both.
let botocoreData = ProcessInfo.processInfo.environment["AWS_CODEGEN_BOTOCORE_DATA"].flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
let botocoreTests = ProcessInfo.processInfo.environment["AWS_CODEGEN_BOTOCORE_TESTS"].flatMap { FileManager.default.fileExists(atPath: $0) ? $0 : nil }
let botocoreMaterialMissing = botocoreData == nil || botocoreTests == nil


@Suite("botocore endpoint tests")
struct BotocoreEndpointTests {
    @Test("every case of every service's endpoint-tests-1.json resolves as botocore expects")
    func allServices() async throws {
        guard let data = botocoreData, let tests = botocoreTests else {
            // On CI the material must be there; locally the suite is skipped without it.
            #expect(ProcessInfo.processInfo.environment["CI"] != "true", "set AWS_CODEGEN_BOTOCORE_DATA and AWS_CODEGEN_BOTOCORE_TESTS (scripts/test.sh does)")
            return
        }
        let testsRoot = (tests as NSString).appendingPathComponent("tests/functional/endpoint-rules")
        let services = try FileManager.default.contentsOfDirectory(atPath: testsRoot).sorted()
        let (passed, failed, failures, lines) = try await offCooperativePool { () throws -> (Int, Int, [String], [String]) in
            var totals = (passed: 0, failed: 0)
            var failures: [String] = []
            var lines: [String] = []
            for service in services {
                let result = try EndpointTestRunner.run(
                    service: service, dataRoot: data,
                    testFile: "\(testsRoot)/\(service)/endpoint-tests-1.json"
                )
                totals.passed += result.passed
                totals.failed += result.failures.count
                failures += result.failures.prefix(3).map { "\(service): \($0)" }
                lines.append("\(service): \(result.passed) passed, \(result.failures.count) failed")
            }
            return (totals.passed, totals.failed, failures, lines)
        }
        let totals = (passed: passed, failed: failed)
        print(lines.joined(separator: "\n"))
        print("endpoint rules, \(services.count) services: \(totals.passed) passed, \(totals.failed) failed")
        #expect(services.count == 424)
        #expect(totals.failed == 0, "\(failures.prefix(40).joined(separator: "\n"))")
        #expect(totals.passed > 13_000)
    }
}

@Suite("The endpoint test runner")
struct EndpointTestRunnerTests {
    @Test("it reports a wrong URL, wrong properties, wrong headers, a wrong error and a missing error")
    func reportsMismatches() throws {
        let ruleSet = try AWSEndpointRuleSet(json: #"""
        {"version":"1.0","parameters":{"Region":{"type":"String","builtIn":"AWS::Region"}},"rules":[
          {"conditions":[{"fn":"isSet","argv":[{"ref":"Region"}]}],"type":"endpoint",
           "endpoint":{"url":"https://svc.{Region}.amazonaws.com","properties":{"a":1},"headers":{"h":["v"]}}},
          {"conditions":[],"type":"error","error":"Missing Region"}]}
        """#)
        let region: [String: AWSEndpointValue] = ["Region": .string("us-east-1")]
        let right: JSONValue = ["endpoint": ["url": "https://svc.us-east-1.amazonaws.com", "properties": ["a": 1], "headers": ["h": ["v"]]]]
        #expect(EndpointTestRunner.check(ruleSet, parameters: region, expect: right) == nil)
        #expect(EndpointTestRunner.check(ruleSet, parameters: region, expect: ["endpoint": ["url": "https://other", "properties": ["a": 1], "headers": ["h": ["v"]]]]) != nil)
        #expect(EndpointTestRunner.check(ruleSet, parameters: region, expect: ["endpoint": ["url": "https://svc.us-east-1.amazonaws.com", "properties": ["a": 2], "headers": ["h": ["v"]]]]) != nil)
        #expect(EndpointTestRunner.check(ruleSet, parameters: region, expect: ["endpoint": ["url": "https://svc.us-east-1.amazonaws.com", "properties": ["a": 1]]]) != nil)
        #expect(EndpointTestRunner.check(ruleSet, parameters: region, expect: ["error": "Missing Region"]) != nil)
        #expect(EndpointTestRunner.check(ruleSet, parameters: [:], expect: ["error": "Missing Region"]) == nil)
        #expect(EndpointTestRunner.check(ruleSet, parameters: [:], expect: ["error": "Other"]) != nil)
        #expect(EndpointTestRunner.check(ruleSet, parameters: [:], expect: right) != nil)
    }
}

/// Runs one service's `endpoint-tests-1.json`: each case's `params` directly, and each of its
/// `operationInputs` with parameters bound from the model (built-ins, `staticContextParams`,
/// `contextParam` members, `operationContextParams`), as a client would bind them.
enum EndpointTestRunner {
    struct Result {
        var passed = 0
        var failures: [String] = []
    }

    static func run(service: String, dataRoot: String, testFile: String) throws -> Result {
        let folder = "\(dataRoot)/\(service)"
        let version = try #require(try FileManager.default.contentsOfDirectory(atPath: folder).sorted(by: >).first)
        let model = try ModelLoader.load(servicePath: "\(folder)/\(version)/service-2.json")
        let document = try #require(model.endpointRuleSet, "\(service) has no endpoint-rule-set-1.json")
        let ruleSet = try AWSEndpointRuleSet(json: document.compactJSON)
        let suite = try JSONParser.parse(Array(try Data(contentsOf: URL(fileURLWithPath: testFile))))
        guard case .array(let cases)? = suite["testCases"] else { throw RunnerError("\(testFile) has no testCases") }

        var result = Result()
        for testCase in cases {
            let name = testCase["documentation"]?.stringValue ?? "?"
            let expect = testCase["expect"] ?? .null
            var problems: [String] = []
            if let problem = check(ruleSet, parameters: try parameters(testCase["params"] ?? .object([:])), expect: expect) {
                problems.append("params: \(problem)")
            }
            if case .array(let inputs)? = testCase["operationInputs"] {
                for input in inputs {
                    let operationName = input["operationName"]?.stringValue ?? ""
                    do {
                        let bound = try bind(input, model: model, ruleSet: ruleSet)
                        if let problem = check(ruleSet, parameters: bound, expect: expect) { problems.append("\(operationName): \(problem)") }
                    } catch {
                        problems.append("\(operationName): \(error)")
                    }
                }
            }
            if problems.isEmpty { result.passed += 1 } else { result.failures.append("\(name): \(problems.joined(separator: "; "))") }
        }
        return result
    }

    /// Nil when the resolution matches `expect`, else what differs.
    static func check(_ ruleSet: AWSEndpointRuleSet, parameters: [String: AWSEndpointValue], expect: JSONValue) -> String? {
        do {
            let endpoint = try ruleSet.resolve(parameters)
            guard let expected = expect["endpoint"] else { return "expected error \"\(expect["error"]?.stringValue ?? "")\", got \(endpoint.url)" }
            if endpoint.url.absoluteString != expected["url"]?.stringValue { return "url \(endpoint.url.absoluteString) != \(expected["url"]?.stringValue ?? "nil")" }
            let properties = expected["properties"] ?? .object([:])
            if JSONValue.object(endpoint.properties) != properties { return "properties \(endpoint.properties) != \(properties)" }
            var headers: [String: [String]] = [:]
            if case .object(let fields)? = expected["headers"] {
                for (name, values) in fields { if case .array(let items) = values { headers[name] = items.compactMap(\.stringValue) } }
            }
            if endpoint.headers != headers { return "headers \(endpoint.headers) != \(headers)" }
            return nil
        } catch let error as AWSEndpointResolutionError {
            guard let expected = expect["error"]?.stringValue else { return "unexpected error \"\(error.message)\"" }
            return expected == error.message ? nil : "error \"\(error.message)\" != \"\(expected)\""
        } catch {
            return "\(error)"
        }
    }

    static func parameters(_ value: JSONValue) throws -> [String: AWSEndpointValue] {
        guard case .object(let fields) = value else { throw RunnerError("params is not an object") }
        return try fields.mapValues(endpointValue)
    }

    static func endpointValue(_ value: JSONValue) throws -> AWSEndpointValue {
        switch value {
        case .string(let text): return .string(text)
        case .bool(let flag): return .bool(flag)
        case .array(let items): return .stringArray(items.compactMap(\.stringValue))
        default: throw RunnerError("\(value.typeDescription) is not a parameter value")
        }
    }

    /// The parameters a client binds for one operation call, by the model.
    static func bind(_ input: JSONValue, model: ServiceModel, ruleSet: AWSEndpointRuleSet) throws -> [String: AWSEndpointValue] {
        var values: [String: AWSEndpointValue] = [:]
        let builtIns = input["builtInParams"] ?? .object([:])
        for (name, parameter) in ruleSet.parameters {
            if let builtIn = parameter.builtIn, let value = builtIns[builtIn] { values[name] = try endpointValue(value) }
        }
        let operationName = input["operationName"]?.stringValue ?? ""
        guard let operation = model.operations.first(where: { $0.name == operationName }) else {
            throw RunnerError("no operation \(operationName)")
        }
        let params = input["operationParams"] ?? .object([:])
        for (name, path) in operation.operationContextParams {
            if let value = try AWSEndpointContextPath(path).evaluate(on: params) { values[name] = value }
        }
        if let inputShape = operation.input, let info = model.shape(named: inputShape.shapeName).structure {
            for member in info.members {
                if let parameter = member.reference.contextParam, let value = params[member.name] { values[parameter] = try endpointValue(value) }
            }
        }
        for (name, value) in operation.staticContextParams {
            switch value {
            case .string(let text): values[name] = .string(text)
            case .bool(let flag): values[name] = .bool(flag)
            default: break
            }
        }
        return values
    }

    struct RunnerError: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
