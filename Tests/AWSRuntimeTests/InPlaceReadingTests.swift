@testable import AWSRuntime
import Foundation
import Testing

/// Responses of the JSON and CBOR protocols are read in place (validated whole, values parsed where
/// a member is read) and XML responses are parsed keeping only what the output's schema reads.
/// These check that the results are exactly what the whole-tree parsers give.
@Suite("Reading response bodies in place")
struct InPlaceReadingTests {
    /// A random JSON value: nested objects and arrays (some over the 256 bytes whose end is
    /// recorded), escaped and non-ASCII strings and keys, repeated keys, numbers of every form.
    static func randomJSON(depth: Int, using generator: inout some RandomNumberGenerator) -> String {
        let strings = [#""""#, #""a""#, #""caf\u00e9""#, "\"日本\"", #""q\"uote\\""#, #""\ud83d\ude00""#, #""line\nbreak""#,
                       "\"\(String(repeating: "x", count: 300))\""]
        let scalars = ["0", "-1", "12345678901234", "2.5", "-3e2", "1E-7", "true", "false", "null"] + strings
        guard depth > 0, Int.random(in: 0..<3, using: &generator) > 0 else { return scalars.randomElement(using: &generator)! }
        let count = Int.random(in: 0...6, using: &generator)
        let items = (0..<count).map { _ in randomJSON(depth: depth - 1, using: &generator) }
        if Bool.random(using: &generator) { return "[ " + items.joined(separator: " , ") + "]" }
        let keys = ["a", "b", "a", "k\\u0065y", "ключ", "__type"]
        return "{" + items.map { "\"\(keys.randomElement(using: &generator)!)\" :\t\($0)" }.joined(separator: ",\n") + " }"
    }

    @Test("JSON read in place equals the parsed tree, on 1,500 generated documents")
    func jsonMatchesTree() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_500 {
            let text = Self.randomJSON(depth: 5, using: &generator)
            let bytes = Array(text.utf8)
            let document = try JSONInPlaceDocument(validating: bytes)
            #expect(try document.walk(at: document.rootOffset) == JSONParser.parse(bytes), "\(text)")
        }
    }

    @Test("CBOR read in place equals the decoded tree, on 1,500 generated items (definite and indefinite lengths, tags)")
    func cborMatchesTree() throws {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<1_500 {
            let json = try JSONParser.parse(Array(Self.randomJSON(depth: 4, using: &generator).utf8))
            var bytes: [UInt8] = []
            Self.encodeCBOR(json, indefinite: Bool.random(using: &generator), into: &bytes)
            let document = try CBORInPlaceDocument(validating: bytes)
            let tree = try CBOR.jsonValue(CBOR.decode(bytes))
            #expect(try document.walk(at: document.rootOffset) == tree)
        }
    }

    /// CBOR with indefinite-length arrays, maps and chunked strings when asked, and a tag on numbers.
    static func encodeCBOR(_ value: JSONValue, indefinite: Bool, into output: inout [UInt8]) {
        switch value {
        case .array(let items) where indefinite:
            output.append(0x9F)
            for item in items { encodeCBOR(item, indefinite: indefinite, into: &output) }
            output.append(0xFF)
        case .object(let object) where indefinite:
            output.append(0xBF)
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                output += [0x7F]
                CBOR.encode(.text(key), into: &output)
                output += [0xFF]
                encodeCBOR(item, indefinite: indefinite, into: &output)
            }
            output.append(0xFF)
        case .array(let items):
            CBOR.head(4, UInt64(items.count), into: &output)
            for item in items { encodeCBOR(item, indefinite: indefinite, into: &output) }
        case .object(let object):
            CBOR.head(5, UInt64(object.count), into: &output)
            for (key, item) in object.sorted(by: { $0.key < $1.key }) {
                CBOR.encode(.text(key), into: &output)
                encodeCBOR(item, indefinite: indefinite, into: &output)
            }
        case .integer:
            output.append(0xC1)  // tag 1: read through, as a timestamp's epoch seconds are
            RPCv2CBORProtocol.encodeGeneric(value, into: &output)
        default:
            RPCv2CBORProtocol.encodeGeneric(value, into: &output)
        }
    }

    @Test("a malformed member the model does not know still fails the whole body, as the tree parser does", arguments: [
        #"{"modelName":"m","unknown":[1,2,}"#, #"{"modelName":"m","unknown":"\ud800"}"#, #"{"modelName":"m","unknown":01}"#,
        #"{"modelName":"m","unknown":"é\#u{01}"}"#, #"{"modelName":"m"} x"#,
    ])
    func malformedUnknownMember(text: String) {
        #expect(throws: JSONParseError.self) { try JSONInPlaceDocument(validating: Array(text.utf8)) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test("the readers the protocols use refuse 100,000 nested arrays or elements with a clear error, not a stack overflow")
    func depthLimits() {
        let json = Array((String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)).utf8)
        #expect(throws: JSONParseError.self) { try JSONInPlaceDocument(validating: json) }
        #expect(throws: CBORDecodingError.self) { try CBORInPlaceDocument(validating: [UInt8](repeating: 0x81, count: 100_000) + [0x01]) }
        let xml = Array(("<R>" + String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000) + "</R>").utf8)
        let recursive = AWSShapeSchema(members: [AWSMemberSchema(key: "a", name: "a", value: .document)])
        #expect(throws: AWSXMLParseError.self) { try XMLValues.object(xml, schema: recursive) }
    }

    @Test("a generated output reads its members from a body read in place: escaped keys, repeated keys (last wins), unknown members skipped")
    func generatedReader() throws {
        let body = Array(#"""
        {"unknown":{"deep":[[[{"x":1}]]],"big":"\#(String(repeating: "y", count: 1000))"},"mod\u0065lName":"first","modelName":"second",
         "customModelUnits":{"customModelUnitsPerModelCopy":3},"instructSupported":false,"creationTime":1.5e9,"trailing":[1,2,3]}
        """#.utf8)
        let document = try JSONInPlaceDocument(validating: body)
        let reader = try ShapeReader(document: document, response: HTTPResponseParts(statusCode: 200, headers: [:], body: body))
        #expect(try reader.optional("modelName") as String? == "second")
        #expect(try reader.optional("instructSupported") as Bool? == false)
        #expect(try reader.optional("creationTime") as Date? == Date(timeIntervalSince1970: 1.5e9))
        #expect(try reader.optional("trailing") as [Int]? == [1, 2, 3])
        #expect(try reader.optional("absent") as String? == nil)
        #expect(throws: AWSDecodingError.self) { try reader.optional("modelName") as Int? }
        let error = try #require(throws: AWSDecodingError.self) { try reader.optional("trailing") as [String]? }
        #expect(error.path == "$.trailing[0]")
    }

    @Test("an XML body is read straight into the JSON form: members by name, attributes, wrapped and flattened lists, maps, first of repeated elements, unknown elements dropped")
    func xmlForm() throws {
        let schema = AWSShapeSchema(members: [
            AWSMemberSchema(key: "Name", name: "Name", value: .scalar(.string)),
            AWSMemberSchema(key: "Items", name: "Items", value: .list(.scalar(.string), memberName: "Item", memberNamespace: nil, flattened: false)),
            AWSMemberSchema(key: "Flat", name: "Flat", value: .list(.scalar(.integer), memberName: nil, memberNamespace: nil, flattened: true)),
            AWSMemberSchema(key: "Tags", name: "Tags", value: .map(.scalar(.string), keyName: "K", valueName: "V", flattened: false)),
            AWSMemberSchema(key: "id", name: "Id", xmlName: "id", isAttribute: true, value: .scalar(.string)),
            AWSMemberSchema(key: "Choice", name: "Choice", value: .structure({ AWSShapeSchema(members: [
                AWSMemberSchema(key: "A", name: "A", value: .scalar(.string)),
            ], isUnion: true) })),
        ])
        let text = """
        <Result id="7"><Unknown><a>1</a><b><c/></b></Unknown><Name>n &amp; <![CDATA[m]]></Name><Name>second</Name>
        <Items><Item>x</Item><Other>o</Other><ns:Item>y</ns:Item></Items><Flat>1</Flat><Noise>z</Noise><Flat>2</Flat>
        <Tags><entry><K>k</K><V>v</V><W>w</W></entry><entry><V>no key</V></entry></Tags><Choice><New>n</New><A>a</A></Choice></Result>
        """
        let object = try XMLValues.object(Array(text.utf8), schema: schema)
        #expect(object == [
            "id": "7", "Name": "n & m", "Items": ["x", "y"], "Flat": [1, 2], "Tags": ["k": "v"], "Choice": ["New": "n"],
        ])
        // What is dropped is still checked.
        #expect(throws: AWSXMLParseError.self) { try XMLValues.object(Array("<Result><Unknown><a>&bogus;</a></Unknown></Result>".utf8), schema: schema) }
        #expect(throws: AWSXMLParseError.self) { try XMLValues.object(Array("<Result><Unknown><a></b></Unknown></Result>".utf8), schema: schema) }
        #expect(throws: AWSXMLParseError.self) { try XMLValues.object(Array("<Result><Unknown>".utf8) + [0xFF] + Array("</Unknown></Result>".utf8), schema: schema) }
    }
}
