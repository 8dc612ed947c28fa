#!/usr/bin/env python3
"""Synthetic Swift for measuring what a design of generated types costs to compile, without the
rest of a model: 500 structs of six `String?` members (or 300 string enums of six values), in one
self-contained file with stand-ins for the runtime's reader, writer and JSON value.

Usage: synthetic_types.py VARIANT > File.swift   (scripts/benchmark-synthetic.sh runs them all)

Variants:
  struct-refining  the first round's design: `Shape` refines two wire protocols, Codable and Equatable
  struct-stated    `Shape` refines the wire protocols only; each type states Codable, Equatable
  struct-one       one protocol of our own per type (every wire value is a `Shape`); Codable, Equatable stated
  enum-each        each string enum a struct with its own ten conformances
  enum-generic     one generic enum struct with those conformances; per enum a tag type and constants
"""
import sys

PRELUDE = """
public enum JSON: Sendable, Equatable { case null, string(String), object([String: JSON]) }
public struct Reader { public let value: JSON }
public struct Writer { public var value: JSON? = nil }
public protocol WireDecodable: Sendable { init(json: JSON) throws }
public protocol WireEncodable: Sendable { func json() -> JSON }
public protocol FieldValue: Sendable { func fieldText() -> String; init?(fieldText: String) }
public protocol PayloadValue: WireDecodable, WireEncodable { init(payload: [UInt8]) throws; func payload() -> [UInt8] }
"""


def struct_body(i):
    fields = [f"f{j}" for j in range(6)]
    body = "".join(f"    public let {f}: String?\n" for f in fields)
    body += "    public init(" + ", ".join(f"{f}: String? = nil" for f in fields) + ") {\n"
    body += "".join(f"        self.{f} = {f}\n" for f in fields) + "    }\n"
    body += "    public init(reader: Reader) throws { fatalError() }\n    public func encode(to writer: inout Writer) {}\n"
    return body


def structs(variant):
    out = [PRELUDE]
    if variant == "struct-refining":
        out.append("public protocol Shape: WireDecodable, WireEncodable, Codable, Equatable { init(reader: Reader) throws; func encode(to writer: inout Writer) }")
        conformances = "Shape"
    elif variant == "struct-stated":
        out.append("public protocol Shape: WireDecodable, WireEncodable { init(reader: Reader) throws; func encode(to writer: inout Writer) }")
        conformances = "Shape, Codable, Equatable"
    else:
        out.append("public protocol Shape: Sendable { init(reader: Reader) throws; func encode(to writer: inout Writer) }")
        conformances = "Shape, Codable, Equatable"
    bridge = ["public init(from decoder: any Decoder) throws { fatalError() }", "public func encode(to encoder: any Encoder) throws {}",
              "public static func == (lhs: Self, rhs: Self) -> Bool { true }"]
    if variant != "struct-one":
        bridge += ["public init(json: JSON) throws { fatalError() }", "public func json() -> JSON { .null }"]
    out.append("extension Shape { " + "; ".join(bridge) + " }")
    for i in range(500):
        out.append(f"public struct T{i}: {conformances} {{\n{struct_body(i)}}}")
    return out


ENUM_MEMBERS = """    public var description: String { rawValue }
    public init(json: JSON) throws { fatalError() }
    public func json() -> JSON { .string(rawValue) }
    public func fieldText() -> String { rawValue }
    public init?(fieldText: String) { self.init(rawValue: fieldText) }
    public init(payload: [UInt8]) throws { fatalError() }
    public func payload() -> [UInt8] { Array(rawValue.utf8) }
    public init(from decoder: any Decoder) throws { self.init(rawValue: try decoder.singleValueContainer().decode(String.self)) }
    public func encode(to encoder: any Encoder) throws { var c = encoder.singleValueContainer(); try c.encode(rawValue) }
"""
ENUM_CONFORMANCES = "RawRepresentable, WireDecodable, WireEncodable, FieldValue, PayloadValue, Codable, Hashable, CustomStringConvertible"


def enums(variant):
    out = [PRELUDE]
    if variant == "enum-generic":
        out.append("public protocol EnumValues: Sendable { static var knownRawValues: [String] { get } }")
        out.append(f"public struct StringEnum<Values: EnumValues>: {ENUM_CONFORMANCES} {{\n    public let rawValue: String\n"
                   f"    public init(rawValue: String) {{ self.rawValue = rawValue }}\n{ENUM_MEMBERS}"
                   "    public static var knownValues: [Self] { Values.knownRawValues.map(Self.init(rawValue:)) }\n}")
        out.append("public enum Tags {}")
    for i in range(300):
        values = [f"V{j}" for j in range(6)]
        if variant == "enum-generic":
            out.append(f"public typealias T{i} = StringEnum<Tags.T{i}>")
            out.append(f"extension Tags {{ public enum T{i}: EnumValues {{ public static var knownRawValues: [String] {{ [{', '.join(repr(v).replace(chr(39), chr(34)) for v in values)}] }} }} }}")
            out.append(f"extension StringEnum where Values == Tags.T{i} {{\n" + "".join(
                f'    public static var c{j}: Self {{ Self(rawValue: "{v}") }}\n' for j, v in enumerate(values)) + "}")
        else:
            consts = "".join(f'    public static var c{j}: T{i} {{ T{i}(rawValue: "{v}") }}\n' for j, v in enumerate(values))
            known = f"    public static var knownValues: [T{i}] {{ [{', '.join(f'.c{j}' for j in range(6))}] }}\n"
            out.append(f"public struct T{i}: {ENUM_CONFORMANCES} {{\n    public let rawValue: String\n"
                       f"    public init(rawValue: String) {{ self.rawValue = rawValue }}\n{ENUM_MEMBERS}{consts}{known}}}")
    return out


variant = sys.argv[1] if len(sys.argv) > 1 else ""
if variant.startswith("struct-") and variant in ("struct-refining", "struct-stated", "struct-one"):
    print("\n".join(structs(variant)))
elif variant in ("enum-each", "enum-generic"):
    print("\n".join(enums(variant)))
else:
    sys.exit(__doc__)
