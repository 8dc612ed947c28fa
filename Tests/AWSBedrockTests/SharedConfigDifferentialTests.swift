@testable import AWSRuntime
import Foundation
import Testing
import TestSupport

/// The shared config parser against botocore's own reader (`raw_config_parse`) on generated files:
/// headers with comments, `=` and `:`, indented blocks, `[DEFAULT]`, duplicates, garbage lines and
/// CRLF endings. Both must accept the same files with the same sections, and refuse the same files.
@Suite("Shared config files: differential against botocore", .enabled(if: Servers.stubTrait))
struct SharedConfigDifferentialTests {
    struct Case: Decodable {
        var text: String
        var sections: [String: [String: Setting]]?
        var path: String?
    }

    enum Setting: Decodable, Equatable {
        case value(String)
        case block([String: String])
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let text = try? container.decode(String.self) { self = .value(text) } else { self = .block(try container.decode([String: String].self)) }
        }
    }

    @Test("2,000 generated files parse as botocore parses them", arguments: [1, 2])
    func matchesBotocore(seed: Int) async throws {
        let data = try await offCooperativePool { try Servers.runPython("Tests/Differential/shared_config_reference.py", ["\(seed)", "1000"]) }
        let cases = try JSONDecoder().decode([Case].self, from: data)
        #expect(cases.count == 1000)
        var accepted = 0
        for (index, reference) in cases.enumerated() {
            let ours = try? SharedConfigParser.parse(reference.text)
            guard let expected = reference.sections else {
                #expect(ours == nil, "case \(index): botocore refuses this file, ours reads it:\n\(reference.text)")
                continue
            }
            guard let ours else {
                Issue.record("case \(index): botocore reads this file, ours refuses it:\n\(reference.text)")
                continue
            }
            accepted += 1
            var converted: [String: [String: Setting]] = [:]
            for (name, section) in ours {
                var settings = section.values.mapValues(Setting.value)
                for (key, block) in section.subsections { settings[key] = .block(block) }
                converted[name] = settings
            }
            #expect(converted == expected, "case \(index):\n\(reference.text)")
        }
        // The generator must produce both kinds in quantity, or the comparison proves little.
        #expect(accepted > 250 && accepted < 900)
    }

    @Test("botocore's own sample config files (tests/unit/cfg) parse as botocore parses them")
    func botocoreSamples() async throws {
        guard let folder = botocoreTestsFolder.map({ $0 + "/tests/unit/cfg" }), FileManager.default.fileExists(atPath: folder) else {
            #expect(!Servers.isCI, "AWS_CODEGEN_BOTOCORE_TESTS must hold tests/unit/cfg (scripts/fetch-botocore-tests.sh)")
            return
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).sorted().map { folder + "/" + $0 }
        let data = try await offCooperativePool { try Servers.runPython("Tests/Differential/shared_config_reference.py", ["--files"] + files) }
        let cases = try JSONDecoder().decode([Case].self, from: data)
        #expect(cases.count >= 12)
        for reference in cases {
            let ours = try? SharedConfigParser.parse(reference.text)
            guard let expected = reference.sections else {
                #expect(ours == nil, "\(reference.path ?? ""): botocore refuses it, ours reads it")
                continue
            }
            var converted: [String: [String: Setting]] = [:]
            for (name, section) in ours ?? [:] {
                var settings = section.values.mapValues(Setting.value)
                for (key, block) in section.subsections { settings[key] = .block(block) }
                converted[name] = settings
            }
            #expect(ours != nil && converted == expected, "\(reference.path ?? "")")
        }
    }
}
