@testable import AWSModel
import Foundation
import Testing

/// pip-installed botocore ships `service-2.json.gz` and `endpoint-rule-set-1.json.gz`: the loader
/// reads them as it reads `.json`, and a damaged file is an error naming it.
@Suite("Loading gzip-compressed models")
struct GzipModelTests {
    /// Writes bytes to a fresh temporary file with the given name and returns its path.
    func temporaryFile(_ name: String, _ data: Data) throws -> String {
        let folder = NSTemporaryDirectory() + "aws-codegen-gzip-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    func loadError(path: String) -> String {
        do {
            _ = try ModelLoader.load(servicePath: path, discoverCompanions: false)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    @Test("a .json.gz model loads to the same model as its .json, with one gzip member or two")
    func sameModel() throws {
        let json = try ModelLoader.load(servicePath: fixture("all-traits.json"))
        for name in ["all-traits.json.gz", "all-traits.two-members.json.gz"] {
            let compressed = try ModelLoader.load(servicePath: fixture(name))
            #expect(compressed.shapes == json.shapes)
            #expect(compressed.operations == json.operations)
            #expect(compressed.metadata == json.metadata)
            #expect(compressed.paginators == json.paginators)
            #expect(compressed.waiters == json.waiters)
        }
        let bytes = try ModelLoader.readModelFile(fixture("all-traits.json.gz"))
        #expect(bytes == (try Data(contentsOf: URL(fileURLWithPath: fixture("all-traits.json")))))
    }

    @Test("companion files are found compressed beside a compressed model")
    func companions() throws {
        let source = try Data(contentsOf: URL(fileURLWithPath: fixture("all-traits.json.gz")))
        let path = try temporaryFile("service-2.json.gz", source)
        let folder = (path as NSString).deletingLastPathComponent
        for name in ["paginators-1.json", "waiters-2.json"] {
            try FileManager.default.copyItem(atPath: fixture(name), toPath: folder + "/" + name)
        }
        try Data(try #require(FileManager.default.contents(atPath: fixture("all-traits.json.gz"))))
            .write(to: URL(fileURLWithPath: folder + "/endpoint-rule-set-1.json.gz"))
        let found = ModelLoader.companionFiles(forServiceAt: path)
        #expect(found.paginators == folder + "/paginators-1.json")
        #expect(found.waiters == folder + "/waiters-2.json")
        #expect(found.endpointRuleSet == folder + "/endpoint-rule-set-1.json.gz")
    }

    @Test("a truncated .gz is an error naming the file, not a partial model")
    func truncated() throws {
        let whole = try Data(contentsOf: URL(fileURLWithPath: fixture("all-traits.json.gz")))
        for keep in [whole.count - 4, whole.count / 2, 10] {
            let path = try temporaryFile("service-2.json.gz", whole.prefix(keep))
            let message = loadError(path: path)
            #expect(message.contains(path), "\(message)")
            #expect(message.contains("the gzip data ends early: the file is truncated"), "\(message)")
        }
    }

    @Test("a corrupt .gz is an error naming the file", arguments: [
        (byte: 3, value: UInt8(0xE0), reason: "unknown header flags set"),
        (byte: 200, value: UInt8(0x5A), reason: "the gzip data is corrupt"),
        (byte: -6, value: UInt8(0x00), reason: "the gzip data is corrupt (incorrect data check)"),
    ])
    func corrupt(byte: Int, value: UInt8, reason: String) throws {
        var data = try Data(contentsOf: URL(fileURLWithPath: fixture("all-traits.json.gz")))
        let index = byte >= 0 ? byte : data.count + byte
        data[index] = data[index] == value ? value ^ 0xFF : value
        let path = try temporaryFile("service-2.json.gz", data)
        let message = loadError(path: path)
        #expect(message.contains(path), "\(message)")
        #expect(message.contains(reason), "\(message)")
    }

    @Test("a .gz that is not gzip, and trailing bytes after the gzip data, are errors")
    func notGzip() throws {
        let plain = try temporaryFile("service-2.json.gz", Data(#"{"metadata": {}}"#.utf8))
        #expect(loadError(path: plain).contains("not a gzip file"))
        var trailing = try Data(contentsOf: URL(fileURLWithPath: fixture("all-traits.json.gz")))
        trailing.append(contentsOf: Array("junk".utf8))
        let path = try temporaryFile("service-2.json.gz", trailing)
        #expect(loadError(path: path).contains("4 bytes of something other than gzip follow the compressed data"))
    }

    @Test("decompression stops at the size limit: a small file cannot inflate to gigabytes")
    func bomb() throws {
        let data = try Data(contentsOf: URL(fileURLWithPath: fixture("all-traits.json.gz")))
        #expect(throws: ModelError.self) { try Gzip.decompress(data, limit: 1000, file: "bomb.json.gz") }
        let whole = try Gzip.decompress(data, limit: 6963, file: "exact.json.gz")
        #expect(whole.count == 6963)
    }
}
