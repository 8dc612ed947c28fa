import Foundation

/// A Smithy JSON AST model made ready for conversion: `apply` statements merged, mixins applied,
/// every target checked, the service found and the shapes it reaches named as botocore names them.
/// Errors name the shape id and the JSON path in the file.
struct SmithyModel {
    let file: String
    /// Every shape of the document after `apply` and mixins, by absolute shape id.
    private(set) var shapes: [String: SmithyShape]
    let serviceID: String
    var service: SmithyShape { shapes[serviceID]! }
    /// The service's operations, including those of its resources (and theirs), sorted by id.
    private(set) var operationIDs: [String] = []
    /// The shape ids the service reaches (inputs, outputs, errors and what they contain), prelude included.
    private(set) var reachable: Set<String> = []

    /// Smithy's prelude (`smithy.api#String`...), each as the botocore type it becomes. Big numbers
    /// have no botocore type: they become `long` and `double`, as the AWS SDKs without arbitrary
    /// precision read them.
    static let prelude: [String: String] = [
        "smithy.api#String": "string", "smithy.api#Blob": "blob", "smithy.api#Timestamp": "timestamp",
        "smithy.api#Boolean": "boolean", "smithy.api#PrimitiveBoolean": "boolean",
        "smithy.api#Byte": "integer", "smithy.api#PrimitiveByte": "integer",
        "smithy.api#Short": "integer", "smithy.api#PrimitiveShort": "integer",
        "smithy.api#Integer": "integer", "smithy.api#PrimitiveInteger": "integer",
        "smithy.api#Long": "long", "smithy.api#PrimitiveLong": "long",
        "smithy.api#Float": "float", "smithy.api#PrimitiveFloat": "float",
        "smithy.api#Double": "double", "smithy.api#PrimitiveDouble": "double",
        "smithy.api#BigInteger": "long", "smithy.api#BigDecimal": "double",
        "smithy.api#Document": "document", "smithy.api#Unit": "unit",
    ]

    /// Smithy shape types, as the botocore type each becomes (`nil`: not a data shape).
    static let shapeTypes: [String: String?] = [
        "blob": "blob", "boolean": "boolean", "string": "string", "enum": "string", "timestamp": "timestamp",
        "byte": "integer", "short": "integer", "integer": "integer", "intEnum": "integer", "long": "long",
        "float": "float", "double": "double", "bigInteger": "long", "bigDecimal": "double",
        "document": "document", "list": "list", "set": "list", "map": "map", "structure": "structure", "union": "structure",
        "service": nil, "operation": nil, "resource": nil,
    ]

    static let supportedVersions: Set<String> = ["1.0", "2.0", "1", "2"]

    init(document: SmithyDocument, file: String) throws {
        self.file = file
        guard let version = document.smithy else {
            throw ModelError(file: file, path: "$", message: "not a Smithy JSON AST model: it has no 'smithy' version")
        }
        guard Self.supportedVersions.contains(version) else {
            throw ModelError(file: file, path: "$.smithy", message: "unsupported Smithy version '\(version)' (supported: 1.0 and 2.0)")
        }
        guard var shapes = document.shapes else {
            throw ModelError(file: file, path: "$", message: "the model has no 'shapes' object")
        }
        try Self.applyStatements(&shapes, file: file)
        try Self.checkTypesAndTargets(shapes, file: file)
        shapes = try Self.applyingMixins(shapes, file: file)
        self.shapes = shapes
        serviceID = try Self.findService(shapes, file: file)
        try collectOperations()
        try collectReachable()
    }

    static func shapePath(_ id: String) -> String { JSONPath.join("$.shapes", id) }

    /// The local name of a shape id: `com.amazonaws.s3#Bucket` is `Bucket`; a member id's shape part.
    static func localName(_ id: String) -> String {
        let shape = id.split(separator: "$", maxSplits: 1).first.map(String.init) ?? id
        return shape.split(separator: "#", maxSplits: 1).last.map(String.init) ?? shape
    }

    // MARK: apply and mixins

    /// `apply` entries add traits to a shape or a member (`ns#Shape$member`) defined elsewhere.
    private static func applyStatements(_ shapes: inout [String: SmithyShape], file: String) throws {
        for id in shapes.keys.sorted() where shapes[id]?.type == "apply" {
            let traits = shapes[id]!.traits ?? [:]
            shapes[id] = nil
            let parts = id.split(separator: "$", maxSplits: 1).map(String.init)
            guard var target = shapes[parts[0]], target.type != "apply" else {
                throw ModelError(file: file, path: shapePath(id), message: "'apply' targets '\(parts[0])', a shape the model does not define")
            }
            if parts.count == 2 {
                let member = parts[1]
                if target.members?[member] != nil {
                    target.members![member]!.traits = (target.members![member]!.traits ?? [:]).merging(traits) { _, applied in applied }
                } else if member == "member", target.member != nil {
                    target.member!.traits = (target.member!.traits ?? [:]).merging(traits) { _, applied in applied }
                } else if member == "key", target.key != nil {
                    target.key!.traits = (target.key!.traits ?? [:]).merging(traits) { _, applied in applied }
                } else if member == "value", target.value != nil {
                    target.value!.traits = (target.value!.traits ?? [:]).merging(traits) { _, applied in applied }
                } else {
                    throw ModelError(file: file, path: shapePath(id), message: "'apply' targets the member '\(member)', which '\(parts[0])' does not have")
                }
            } else {
                target.traits = (target.traits ?? [:]).merging(traits) { _, applied in applied }
            }
            shapes[parts[0]] = target
        }
    }

    /// Every shape has a known type and every target exists (in the model or Smithy's prelude).
    private static func checkTypesAndTargets(_ shapes: [String: SmithyShape], file: String) throws {
        var issues: [ModelIssue] = []
        func check(_ target: String?, at path: String, what: String) {
            guard let target, !target.isEmpty else {
                issues.append(ModelIssue(file: file, path: path, message: "\(what) has no 'target'"))
                return
            }
            if shapes[target] == nil && prelude[target] == nil {
                issues.append(ModelIssue(file: file, path: JSONPath.join(path, "target"), message: "\(what) targets '\(target)', which is neither a shape of the model nor of Smithy's prelude"))
            }
        }
        for id in shapes.keys.sorted() {
            let shape = shapes[id]!
            let path = shapePath(id)
            guard id.contains("#") else {
                issues.append(ModelIssue(file: file, path: path, message: "'\(id)' is not an absolute shape id (namespace#Name)"))
                continue
            }
            guard let type = shape.type else {
                issues.append(ModelIssue(file: file, path: path, message: "the shape '\(id)' has no 'type'"))
                continue
            }
            guard shapeTypes[type] != nil else {
                issues.append(ModelIssue(file: file, path: JSONPath.join(path, "type"), message: "the shape '\(id)' has the unknown type '\(type)'"))
                continue
            }
            for (name, member) in (shape.members ?? [:]).sorted(by: { $0.key < $1.key }) {
                check(member.target, at: JSONPath.join(JSONPath.join(path, "members"), name), what: "the member '\(name)' of '\(id)'")
            }
            for (key, member) in [("member", shape.member), ("key", shape.key), ("value", shape.value)] {
                if let member { check(member.target, at: JSONPath.join(path, key), what: "the \(key) of '\(id)'") }
            }
            if ["list", "set"].contains(type), shape.member == nil, shape.mixins?.isEmpty ?? true {
                issues.append(ModelIssue(file: file, path: path, message: "the \(type) '\(id)' has no 'member'"))
            }
            if type == "map", shape.mixins?.isEmpty ?? true, shape.key == nil || shape.value == nil {
                issues.append(ModelIssue(file: file, path: path, message: "the map '\(id)' needs a 'key' and a 'value'"))
            }
            let references: [(String, SmithyReference?)] = [
                ("input", shape.input), ("output", shape.output), ("create", shape.create), ("put", shape.put),
                ("read", shape.read), ("update", shape.update), ("delete", shape.delete), ("list", shape.list),
            ] + [("operations", shape.operations), ("resources", shape.resources), ("errors", shape.errors),
                 ("collectionOperations", shape.collectionOperations), ("mixins", shape.mixins)]
                .flatMap { key, list in (list ?? []).map { (key, Optional($0)) } }
            for (key, reference) in references {
                if let reference { check(reference.target, at: JSONPath.join(path, key), what: "'\(key)' of '\(id)'") }
            }
        }
        if !issues.isEmpty { throw ModelError(issues) }
    }

    /// Copies each mixin's members and traits into the shapes that use it (mixins first, in order;
    /// the shape's own traits win), refusing cycles. Mixin shapes themselves stay but nothing targets them.
    private static func applyingMixins(_ shapes: [String: SmithyShape], file: String) throws -> [String: SmithyShape] {
        var resolved: [String: SmithyShape] = [:]
        var visiting: [String] = []
        func resolve(_ id: String) throws -> SmithyShape {
            if let done = resolved[id] { return done }
            var shape = shapes[id]!
            guard let mixins = shape.mixins, !mixins.isEmpty else {
                resolved[id] = shape
                return shape
            }
            if let start = visiting.firstIndex(of: id) {
                let cycle = (visiting[start...] + [id]).joined(separator: " → ")
                throw ModelError(file: file, path: JSONPath.join(shapePath(id), "mixins"), message: "a mixin cycle: \(cycle)")
            }
            visiting.append(id)
            defer { visiting.removeLast() }
            var members: [String: SmithyMember] = [:]
            var traits: [String: RawAnyJSON] = [:]
            for mixin in mixins {
                let mixinID = mixin.target!
                let resolvedMixin = try resolve(mixinID)
                guard resolvedMixin.traits?["smithy.api#mixin"] != nil else {
                    throw ModelError(file: file, path: JSONPath.join(shapePath(id), "mixins"), message: "'\(mixinID)' is used as a mixin of '\(id)' but has no smithy.api#mixin trait")
                }
                for (name, member) in resolvedMixin.members ?? [:] {
                    members[name] = member
                }
                let local = Set((resolvedMixin.traits?["smithy.api#mixin"]?.objectValue?["localTraits"]?.arrayValue ?? []).compactMap(\.stringValue))
                for (trait, value) in resolvedMixin.traits ?? [:] where trait != "smithy.api#mixin" && !local.contains(trait) {
                    traits[trait] = value
                }
                shape.member = shape.member ?? resolvedMixin.member
                shape.key = shape.key ?? resolvedMixin.key
                shape.value = shape.value ?? resolvedMixin.value
            }
            for (name, member) in shape.members ?? [:] {
                if let inherited = members[name] {
                    // A redeclared mixin member may only add traits.
                    var merged = inherited
                    merged.traits = (inherited.traits ?? [:]).merging(member.traits ?? [:]) { _, own in own }
                    members[name] = merged
                } else {
                    members[name] = member
                }
            }
            shape.members = members.isEmpty ? shape.members : members
            shape.traits = traits.merging(shape.traits ?? [:]) { _, own in own }
            shape.mixins = nil
            resolved[id] = shape
            return shape
        }
        for id in shapes.keys.sorted() { _ = try resolve(id) }
        return resolved
    }

    // MARK: the service

    private static func findService(_ shapes: [String: SmithyShape], file: String) throws -> String {
        let services = shapes.filter { $0.value.type == "service" }.keys.sorted()
        if services.count == 1 { return services[0] }
        if services.isEmpty {
            throw ModelError(file: file, path: "$.shapes", message: "the model defines no service shape; a client is generated for a service")
        }
        let aws = services.filter { shapes[$0]?.traits?["aws.api#service"] != nil }
        if aws.count == 1 { return aws[0] }
        throw ModelError(file: file, path: "$.shapes", message: "the model defines \(services.count) services (\(services.joined(separator: ", "))); keep one per file")
    }

    private mutating func collectOperations() throws {
        var operations: Set<String> = []
        var visitedResources: Set<String> = []
        func add(_ id: String?, at path: String) throws {
            guard let id else { return }
            guard shapes[id]?.type == "operation" else {
                throw ModelError(file: file, path: path, message: "'\(id)' is used as an operation but is a \(shapes[id]?.type ?? "shape of the prelude")")
            }
            operations.insert(id)
        }
        func visitResource(_ id: String, at path: String) throws {
            guard let resource = shapes[id], resource.type == "resource" else {
                throw ModelError(file: file, path: path, message: "'\(id)' is used as a resource but is a \(shapes[id]?.type ?? "shape of the prelude")")
            }
            guard visitedResources.insert(id).inserted else { return }
            let own = Self.shapePath(id)
            for (key, reference) in [("create", resource.create), ("put", resource.put), ("read", resource.read),
                                     ("update", resource.update), ("delete", resource.delete), ("list", resource.list)] {
                try add(reference?.target, at: JSONPath.join(own, key))
            }
            for reference in (resource.operations ?? []) + (resource.collectionOperations ?? []) {
                try add(reference.target, at: JSONPath.join(own, "operations"))
            }
            for reference in resource.resources ?? [] { try visitResource(reference.target!, at: JSONPath.join(own, "resources")) }
        }
        let path = Self.shapePath(serviceID)
        for reference in service.operations ?? [] { try add(reference.target, at: JSONPath.join(path, "operations")) }
        for reference in service.resources ?? [] { try visitResource(reference.target!, at: JSONPath.join(path, "resources")) }
        operationIDs = operations.sorted()
    }

    private mutating func collectReachable() throws {
        var seen: Set<String> = []
        var queue: [String] = []
        // `smithy.api#Unit` is reachable only as a member's target (a union's value-less variant); as an
        // operation's input or output it means "none", and enum members always target it.
        func visit(_ id: String?) {
            guard let id, seen.insert(id).inserted else { return }
            queue.append(id)
        }
        for operation in operationIDs {
            let shape = shapes[operation]!
            for target in [shape.input?.target, shape.output?.target] where target != "smithy.api#Unit" { visit(target) }
            for error in shape.errors ?? [] { visit(error.target) }
        }
        for error in service.errors ?? [] { visit(error.target) }
        while let id = queue.popLast() {
            guard let shape = shapes[id] else { continue }  // the prelude
            if shape.type == "enum" || shape.type == "intEnum" { continue }  // members target Unit
            for member in (shape.members ?? [:]).values { visit(member.target) }
            for member in [shape.member, shape.key, shape.value] { visit(member?.target) }
        }
        reachable = seen
    }
}
