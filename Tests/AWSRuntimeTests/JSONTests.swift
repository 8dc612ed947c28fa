@testable import AWSRuntime
import Foundation
import Testing

@Suite("JSON parsing and writing")
struct JSONTests {
    @Test("parses every kind of value")
    func parse() throws {
        let value = try JSONParser.parse(Array(#" {"a": [1, -2.5e3, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude80"], "big": 9223372036854775807, "f": 0.1} "#.utf8))
        #expect(value["a"] == .array([.integer(1), .double(-2500), .bool(true), .bool(false), .null, .string("x\"\\/\u{8}\u{c}\n\r\té🚀")]))
        #expect(value["big"] == .integer(Int64.max))
        #expect(value["f"] == .double(0.1))
    }

    @Test("rejects malformed input with the byte offset", arguments: [
        "", "{", "[1,]", "{\"a\":}", "{\"a\" 1}", "tru", "01", "1.", "-", "\"unterminated", "\"\\x\"", "\"\\ud800\"", "[1] 2", "{'a':1}", "\"\u{01}\"",
    ])
    func malformed(text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test("strings: ASCII and raw UTF-8 as they are, invalid UTF-8 refused")
    func stringsAndUTF8() throws {
        #expect(try JSONParser.parse(Array(#"["plain", "日本 🚀", "é\n"]"#.utf8)) == ["plain", "日本 🚀", "é\n"])
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0x61, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22]] {
            #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        }
    }

    @Test("refuses nesting deeper than the limit instead of overflowing the stack")
    func depth() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(deep.utf8)) }
    }

    @Test("serializes deterministically and round-trips")
    func roundTrip() throws {
        let value: JSONValue = ["z": 1, "a": ["s": "q\"uote\n\u{1}", "n": .null, "d": 1.5, "b": true], "list": [1, 2, 3]]
        let text = String(decoding: JSONSerializer.serialize(value), as: UTF8.self)
        #expect(text == #"{"a":{"b":true,"d":1.5,"n":null,"s":"q\"uote\n\u0001"},"list":[1,2,3],"z":1}"#)
        #expect(try JSONParser.parse(Array(text.utf8)) == value)
    }

    @Test("random mutations of valid JSON never crash the parser")
    func mutationFuzz() {
        let seed = Array(#"{"modelArn":"arn:aws:bedrock:us-east-1:123456789012:imported-model/abc","customModelUnits":{"customModelUnitsPerModelCopy":2,"customModelUnitsVersion":"1.0"},"list":[1,2.5,true,null]}"#.utf8)
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var bytes = seed
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let index = Int.random(in: 0..<bytes.count, using: &generator)
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
                case 1: bytes.remove(at: index)
                default: bytes = Array(bytes.prefix(index))
                }
                if bytes.isEmpty { break }
            }
            _ = try? JSONParser.parse(bytes)
        }
    }
}

@Suite("Timestamps")
struct TimestampTests {
    let date = Date(timeIntervalSince1970: 1_420_070_400.5)  // 2015-01-01T00:00:00.5Z

    @Test("formats the three AWS forms")
    func format() {
        #expect(Timestamps.iso8601(Date(timeIntervalSince1970: 1_420_070_400)) == "2015-01-01T00:00:00Z")
        #expect(Timestamps.iso8601(date) == "2015-01-01T00:00:00.500Z")
        #expect(Timestamps.httpDate(Date(timeIntervalSince1970: 1_420_070_400)) == "Thu, 01 Jan 2015 00:00:00 GMT")
        #expect(Timestamps.iso8601Basic(Date(timeIntervalSince1970: 1_440_938_160)) == "20150830T123600Z")
        #expect(Date(timeIntervalSince1970: 1_420_070_400).jsonValue() == .integer(1_420_070_400))
        #expect(date.jsonValue() == .double(1_420_070_400.5))
    }

    @Test("parses every AWS form", arguments: [
        "2015-01-01T00:00:00.5Z", "2015-01-01T00:00:00.500Z", "2015-01-01T01:00:00.5+01:00", "1420070400.5",
    ])
    func parse(text: String) {
        #expect(Timestamps.parse(text) == date)
    }

    @Test("parses HTTP-dates and rejects garbage")
    func httpDate() {
        #expect(Timestamps.parse("Thu, 01 Jan 2015 00:00:00 GMT") == Date(timeIntervalSince1970: 1_420_070_400))
        #expect(Timestamps.parse("yesterday") == nil)
        #expect(Timestamps.parse("2015-13-01T00:00:00Z") == nil)
    }

    @Test("dates before 1970 and leap days survive")
    func edges() {
        for seconds in [-86_400.0 * 365 * 30, 951_782_400, 4_102_444_800] {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(Timestamps.parse(Timestamps.iso8601(date)) == date)
            #expect(Timestamps.parse(Timestamps.httpDate(date)) == date)
        }
    }
}

@Suite("Values of shapes in their JSON form")
struct ShapeValueTests {
    func decodingError<T: AWSShape>(_ type: T.Type, _ json: String) -> String? {
        do {
            _ = try T(json: try JSONParser.parse(Array(json.utf8)), path: .root)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test("a wrong value deep in lists and maps names its whole path")
    func nestedPaths() {
        #expect(decodingError([String: [Int]].self, #"{"a": [1, "two"]}"#)?.hasSuffix("at $.a[1]: expected an integer, found a string") == true)
        #expect(decodingError([[String: Bool]].self, #"[{"x": true}, {"y": 3}]"#)?.hasSuffix("at $[1].y: expected a boolean, found a number") == true)
        #expect(decodingError([String].self, #"{"a": "b"}"#)?.hasSuffix("at $: expected an array, found an object") == true)
        #expect(decodingError([String: [String: String]].self, #"{"a": {"b": {"c": "d"}}}"#)?.hasSuffix("at $.a.b: expected a string, found an object") == true)
    }

    @Test("values round-trip through their JSON form; sparse nulls stay nulls")
    func roundTrip() throws {
        let json: JSONValue = ["a": [1, 2], "b": []]
        let value = try [String: [Int]](json: json, path: .root)
        #expect(value == ["a": [1, 2], "b": []])
        #expect(value.jsonValue() == json)
        let sparse = try [String?](json: ["x", nil], path: .root)
        #expect(sparse == ["x", nil])
        #expect(sparse.jsonValue() == ["x", nil])
    }

    @Test("JSONValue compares and hashes by structure (its `==` is its own, not the shapes' bridge)")
    func jsonValueEquality() {
        let a: JSONValue = ["k": [1, 2.5, "s", true, nil]]
        let b: JSONValue = ["k": [1, 2.5, "s", true, nil]]
        #expect(a == b)
        #expect(a != ["k": [1, 2.5, "s", false, nil]])
        #expect(JSONValue.integer(1) != .double(1))
        #expect(Set([a, b, .null]).count == 2)
    }
}
