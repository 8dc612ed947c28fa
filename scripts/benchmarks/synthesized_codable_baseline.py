"""Writes the compile-time baseline for scripts/benchmark-compile.sh: every shape of a botocore
model as the plainest Swift a user might write by hand, structs with compiler-synthesized
`Codable` and `Hashable` (CodingKeys only where a name differs), string enums as `String` raw
value enums, unions as structs of optionals. No runtime, no client.

Usage: python3 synthesized_codable_baseline.py service-2.json > Baseline.swift"""

import json
import keyword
import re
import sys

model = json.load(open(sys.argv[1]))
shapes = model["shapes"]
SWIFT_KEYWORDS = {"class", "default", "protocol", "self", "Self", "Type", "init", "func", "in", "is", "as", "where",
                  "return", "import", "static", "struct", "enum", "case", "var", "let", "operator", "extension",
                  "internal", "public", "private", "repeat", "switch", "throw", "try", "while", "for", "if", "else"}
RESERVED = {"Error", "Data", "Date", "String", "Optional", "Type", "Protocol", "Self", "Int", "Bool", "Double", "Float"}


def type_name(name):
    name = re.sub(r"[^A-Za-z0-9]", "", name)
    name = name[0].upper() + name[1:]
    return name + "Shape" if name in RESERVED else name


def member_name(name):
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z0-9]+|[A-Z]+|[0-9]+", name)
    result = words[0].lower() + "".join(w[0].upper() + w[1:] for w in words[1:]) if words else "value"
    if result[0].isdigit():
        result = "_" + result
    return f"`{result}`" if result in SWIFT_KEYWORDS else result


def swift_type(shape_name):
    shape = shapes[shape_name]
    kind = shape["type"]
    if kind == "structure":
        return "JSONDocument" if shape.get("document") else type_name(shape_name)
    if kind == "list":
        return f"[{swift_type(shape['member']['shape'])}]"
    if kind == "map":
        return f"[String: {swift_type(shape['value']['shape'])}]"
    if kind == "string":
        return type_name(shape_name) if shape.get("enum") else "String"
    return {"integer": "Int", "long": "Int64", "float": "Float", "double": "Double", "boolean": "Bool",
            "blob": "Data", "timestamp": "Date"}[kind]


# Structures that contain themselves through optional struct members need indirection.
def recursive_members():
    boxed = set()
    for name, shape in shapes.items():
        if shape["type"] != "structure":
            continue
        for member_key, member in shape.get("members", {}).items():
            target = member["shape"]
            seen, stack = set(), [target]
            while stack:
                current = stack.pop()
                if current == name:
                    boxed.add((name, member_key))
                    break
                if current in seen or shapes[current]["type"] != "structure" or shapes[current].get("document"):
                    continue
                seen.add(current)
                stack.extend(m["shape"] for m in shapes[current].get("members", {}).values())
    return boxed


boxed = recursive_members()
print("import Foundation\n")
print("public enum JSONDocument: Codable, Hashable, Sendable { case string(String), number(Double), bool(Bool) }\n")
print("public final class Box<T: Codable & Hashable & Sendable>: Codable, Hashable, @unchecked Sendable {")
print("    public let value: T\n    public init(_ value: T) { self.value = value }")
print("    public static func == (l: Box, r: Box) -> Bool { l.value == r.value }")
print("    public func hash(into h: inout Hasher) { h.combine(value) }\n}\n")
for name in sorted(shapes):
    shape = shapes[name]
    if shape["type"] == "string" and shape.get("enum"):
        print(f"public enum {type_name(name)}: String, Codable, Hashable, Sendable {{")
        used = set()
        for value in shape["enum"]:
            case = member_name(value).strip("`")
            while case in used or case in SWIFT_KEYWORDS:
                case += "_"
            used.add(case)
            print(f"    case {case} = {json.dumps(value)}")
        print("}\n")
    elif shape["type"] == "structure" and not shape.get("document"):
        required = set(shape.get("required", []))
        members = shape.get("members", {})
        print(f"public struct {type_name(name)}: Codable, Hashable, Sendable {{")
        keys = []
        for key in sorted(members):
            swift = swift_type(members[key]["shape"])
            if (name, key) in boxed:
                swift = f"Box<{swift}>"
            optional = "" if key in required and not shape.get("union") else "?"
            print(f"    public var {member_name(key)}: {swift}{optional}")
            keys.append((member_name(key), key))
        if any(swift.strip("`") != wire for swift, wire in keys):
            print("    enum CodingKeys: String, CodingKey {")
            for swift, wire in keys:
                print(f"        case {swift} = {json.dumps(wire)}")
            print("    }")
        print("}\n")
