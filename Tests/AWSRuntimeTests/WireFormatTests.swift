@testable import AWSRuntime
import Foundation
import Testing

@Suite("XML parser")
struct XMLParserTests {
    @Test("elements, attributes, entities, CDATA, comments, namespaces and a declaration")
    func wellFormed() throws {
        let root = try AWSXMLParser.parse(Array("""
        <?xml version="1.0" encoding="UTF-8"?>
        <!-- leading comment -->
        <ns:Root xmlns:ns="https://example.com" a='1' b="x &amp; y">
          <Code>Invalid&#x41;&#66;&lt;&gt;&quot;&apos;</Code>
          <Data><![CDATA[<not> & parsed]]></Data>
          <Item>1</Item><Item>2</Item>
          <Empty/>
          <Unicode>日本 🚀</Unicode>
        </ns:Root>
        """.utf8))
        #expect(root.name == "ns:Root" && root.localName == "Root")
        #expect(root.attribute("a") == "1" && root.attribute("b") == "x & y")
        #expect(root.child("Code")?.text == "InvalidAB<>\"'")
        #expect(root.child("Data")?.text == "<not> & parsed")
        #expect(root.children(named: "Item").map(\.text) == ["1", "2"])
        #expect(root.child("Empty")?.children.isEmpty == true)
        #expect(root.child("Unicode")?.text == "日本 🚀")
    }

    @Test("what the XML writer writes, the parser reads back", arguments: ["plain", "a & b < c > d", "quote \" and ' apos", "line\nbreak\r\n", "日本 🚀", ""])
    func roundTrip(text: String) throws {
        let schema = AWSShapeSchema(members: [
            AWSMemberSchema(key: "Value", name: "Value", value: .scalar(.string)),
            AWSMemberSchema(key: "Attr", name: "Attr", isAttribute: true, value: .scalar(.string)),
        ])
        var xml = ""
        XMLValues.writeElement("Root", ["Value": .string(text), "Attr": .string(text)], .structure({ schema }), namespace: nil, into: &xml)
        let object = try XMLValues.object(Array(xml.utf8), schema: schema)
        #expect(object["Value"] == .string(text.replacingOccurrences(of: "\r\n", with: "\r\n")))
        #expect(object["Attr"] == .string(text))
    }

    @Test("malformed documents are errors with an offset, never a crash", arguments: [
        "", "<", "<a>", "<a></b>", "<a><b></a>", "<a x=1/>", "<a>&bogus;</a>", "<a>&#xZZ;</a>", "<a></a><b/>", "text",
        "<!DOCTYPE a [<!ENTITY x 'y'>]><a/>", "<a><![CDATA[x</a>", "<a>\u{FF}</a>", "<a b=\"<\"/>", "<a><!-- x</a>",
    ])
    func malformed(text: String) {
        var bytes = Array(text.utf8)
        if text == "<a>\u{FF}</a>" { bytes = [0x3C, 0x61, 0x3E, 0xFF, 0x3C, 0x2F, 0x61, 0x3E] }
        #expect(throws: AWSXMLParseError.self) { try AWSXMLParser.parse(bytes) }
    }

    @Test("nesting deeper than the limit is refused, not a stack overflow")
    func depth() {
        let deep = String(repeating: "<a>", count: 100_000) + String(repeating: "</a>", count: 100_000)
        #expect(throws: AWSXMLParseError.self) { try AWSXMLParser.parse(Array(deep.utf8)) }
    }
}

@Suite("CBOR")
struct CBORTests {
    static let values: [CBORValue] = [
        .unsigned(0), .unsigned(23), .unsigned(24), .unsigned(255), .unsigned(65_536), .unsigned(UInt64.max),
        .negative(0), .negative(1_000_000), .bytes([]), .bytes([0, 1, 255]), .text(""), .text("日本 🚀"),
        .array([.unsigned(1), .array([])]), .map([CBOREntry(.text("a"), .bool(true)), CBOREntry(.text("b"), .null)]),
        .tagged(1, .float(1_398_796_238.5)), .float(1.5), .float(1.1), .float(-0.0), .float(.infinity), .undefined,
    ]

    @Test("encode then decode gives the same item", arguments: values)
    func roundTrip(value: CBORValue) throws {
        #expect(try CBOR.decode(CBOR.encode(value)) == value)
    }

    @Test("RFC 8949 appendix A examples decode", arguments: [
        ("f93c00", CBORValue.float(1.0)), ("f97bff", .float(65504.0)), ("f90001", .float(5.960464477539063e-08)),
        ("fa47c35000", .float(100000.0)), ("c11a514b67b0", .tagged(1, .unsigned(1_363_896_240))),
        ("5f42010243030405ff", .bytes([1, 2, 3, 4, 5])), ("7f657374726561646d696e67ff", .text("streaming")),
        ("9f018202039f0405ffff", .array([.unsigned(1), .array([.unsigned(2), .unsigned(3)]), .array([.unsigned(4), .unsigned(5)])])),
        ("bf61610161629f0203ffff", .map([CBOREntry(.text("a"), .unsigned(1)), CBOREntry(.text("b"), .array([.unsigned(2), .unsigned(3)]))])),
        ("3903e7", .negative(999)),
    ])
    func appendixA(hex: String, expected: CBORValue) throws {
        let bytes = stride(from: 0, to: hex.count, by: 2).map { offset -> UInt8 in
            let start = hex.index(hex.startIndex, offsetBy: offset)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16)!
        }
        #expect(try CBOR.decode(bytes) == expected)
    }

    @Test("malformed items are errors with an offset, never a crash", arguments: [
        [], [0x18], [0x19, 0x01], [0x62, 0x61], [0x82, 0x01], [0xBF, 0x61, 0x61], [0x5F, 0x01, 0xFF], [0x1C], [0xFF],
        [0x9B, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF], [0x62, 0xC3, 0x28], [0x01, 0x02], [0x1F],
    ] as [[UInt8]])
    func malformed(bytes: [UInt8]) {
        #expect(throws: CBORDecodingError.self) { try CBOR.decode(bytes) }
    }

    @Test("nesting deeper than the limit is refused")
    func depth() {
        #expect(throws: CBORDecodingError.self) { try CBOR.decode([UInt8](repeating: 0x81, count: 100_000) + [0x01]) }
    }
}
