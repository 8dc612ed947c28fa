import AWSModel

/// Compares two versions of one service's model and reports the changes by operation.
public enum ModelDiff {
    public static func compare(old: ServiceModel, new: ServiceModel) -> APIChangeReport {
        var differ = Differ(old: old, new: new)
        return differ.report()
    }
}

/// The Swift-visible type of a member: what generated code would spell.
indirect enum SwiftTypeSignature: Hashable, CustomStringConvertible {
    case primitive(String)
    case named(String)
    case list(SwiftTypeSignature)
    case map(SwiftTypeSignature)

    var description: String {
        switch self {
        case .primitive(let name): name
        case .named(let name): name
        case .list(let element): "[\(element)]"
        case .map(let value): "[String: \(value)]"
        }
    }
}

private struct Differ {
    let old: ServiceModel
    let new: ServiceModel
    /// Shape pairs already compared on the current path (recursion guard).
    var visiting: Set<String> = []

    init(old: ServiceModel, new: ServiceModel) {
        self.old = old
        self.new = new
    }

    mutating func report() -> APIChangeReport {
        let oldOperations = Dictionary(uniqueKeysWithValues: old.operations.map { ($0.name, $0) })
        let newOperations = Dictionary(uniqueKeysWithValues: new.operations.map { ($0.name, $0) })
        var changes: [OperationChange] = []
        for name in Set(oldOperations.keys).union(newOperations.keys).sorted() {
            switch (oldOperations[name], newOperations[name]) {
            case (nil, let added?):
                var syntax: [String: SyntaxValue] = [:]
                if let input = added.input { syntax["request"] = tree(input.shapeName, in: new) }
                if let output = added.output { syntax["response"] = tree(output.shapeName, in: new) }
                changes.append(OperationChange(name: name, kind: .added, classification: .additive, changes: [
                    Change(direction: .operation, kind: .operationAdded, path: "", detail: "new operation \(name)", classification: .additive),
                ], syntax: syntax))
            case (_?, nil):
                changes.append(OperationChange(name: name, kind: .removed, classification: .breaking, changes: [
                    Change(direction: .operation, kind: .operationRemoved, path: "", detail: "operation \(name) removed", classification: .breaking),
                ], syntax: [:]))
            case (let before?, let after?):
                if let change = compareOperation(before, after) { changes.append(change) }
            default:
                break
            }
        }
        var serviceChanges: [Change] = []
        if old.documentation != new.documentation {
            serviceChanges.append(Change(direction: .service, kind: .documentation, path: "", detail: "service documentation changed", classification: .documentation))
        }
        return APIChangeReport(
            serviceName: new.metadata.serviceFullName, oldAPIVersion: old.metadata.apiVersion, newAPIVersion: new.metadata.apiVersion,
            operations: changes, serviceChanges: serviceChanges
        )
    }

    // MARK: operations

    mutating func compareOperation(_ before: Operation, _ after: Operation) -> OperationChange? {
        var changes: [Change] = []
        var syntax: [String: SyntaxValue] = [:]
        if before.http != after.http {
            changes.append(Change(direction: .http, kind: .httpBindingChanged, path: "",
                detail: "HTTP binding \(before.http.method) \(before.http.requestUri) → \(after.http.method) \(after.http.requestUri)", classification: .additive))
        }
        for (direction, oldRef, newRef) in [(Change.Direction.request, before.input, after.input), (.response, before.output, after.output)] {
            switch (oldRef, newRef) {
            case (nil, nil): break
            case (nil, let added?):
                changes.append(Change(direction: direction, kind: .memberAdded, path: "", detail: "\(direction.rawValue) shape \(added.shapeName) added",
                    classification: direction == .request ? .breaking : .additive))
            case (let removed?, nil):
                changes.append(Change(direction: direction, kind: .memberRemoved, path: "", detail: "\(direction.rawValue) shape \(removed.shapeName) removed", classification: .breaking))
            case (let oldShape?, let newShape?):
                var tree: SyntaxValue?
                compareStructure(oldShape.shapeName, newShape.shapeName, direction: direction, path: [], into: &changes, tree: &tree)
                if let tree { syntax[direction.rawValue] = tree }
            }
        }
        let oldErrors = Set(before.errors.map(\.shapeName))
        let newErrors = Set(after.errors.map(\.shapeName))
        for error in newErrors.subtracting(oldErrors).sorted() {
            changes.append(Change(direction: .errors, kind: .errorAdded, path: error, detail: "may now throw \(error)", classification: .additive))
        }
        for error in oldErrors.subtracting(newErrors).sorted() {
            changes.append(Change(direction: .errors, kind: .errorRemoved, path: error, detail: "no longer lists \(error)", classification: .additive))
        }
        if before.deprecated != after.deprecated {
            changes.append(Change(direction: .operation, kind: .deprecated, path: "", detail: after.deprecated ? "deprecated" : "no longer deprecated", classification: .additive))
        }
        if before.documentation != after.documentation {
            changes.append(Change(direction: .operation, kind: .documentation, path: "", detail: "documentation changed", classification: .documentation))
        }
        guard !changes.isEmpty else { return nil }
        return OperationChange(
            name: after.name, kind: .updated, classification: changes.map(\.classification).max()!, changes: changes, syntax: syntax
        )
    }

    // MARK: shapes

    func signature(_ reference: ShapeReference, in model: ServiceModel) -> SwiftTypeSignature {
        if reference.jsonValue { return .primitive("document") }
        let shape = model.shape(named: reference.shapeName)
        switch shape.kind {
        case .structure(let info): return info.isDocument ? .primitive("document") : .named(Naming.typeName(shape.name))
        case .list(let member): return .list(signature(member, in: model))
        case .map(_, let value): return .map(signature(value, in: model))
        case .string(let values?) where !values.isEmpty: return .named(Naming.typeName(shape.name))
        default: return .primitive(shape.kind.typeName)
        }
    }

    /// The changelog's syntax for a shape: its type name, or its members' syntax.
    func tree(_ shapeName: String, in model: ServiceModel, seen: Set<String> = []) -> SyntaxValue {
        let shape = model.shape(named: shapeName)
        if seen.contains(shapeName) { return .type(shapeName) }
        switch shape.kind {
        case .structure(let info) where !info.isDocument:
            var members: [String: SyntaxValue] = [:]
            for member in info.members {
                members[member.name] = tree(member.shapeName, in: model, seen: seen.union([shapeName]))
            }
            return .structure(members)
        case .list(let member): return .list(tree(member.shapeName, in: model, seen: seen))
        case .map(_, let value): return .structure(["string": tree(value.shapeName, in: model, seen: seen)])
        case .structure: return .type("document")
        default: return .type(shape.kind.typeName)
        }
    }

    /// Compares two structures member by member, recursing into named types both sides share.
    mutating func compareStructure(
        _ oldName: String, _ newName: String, direction: Change.Direction, path: [String],
        into changes: inout [Change], tree: inout SyntaxValue?
    ) {
        let pairKey = oldName + "\u{0}" + newName
        guard !visiting.contains(pairKey) else { return }
        visiting.insert(pairKey)
        defer { visiting.remove(pairKey) }
        guard let oldInfo = old.shape(named: oldName).structure, let newInfo = new.shape(named: newName).structure else { return }
        let oldMembers = Dictionary(uniqueKeysWithValues: oldInfo.members.map { ($0.name, $0) })
        let newMembers = Dictionary(uniqueKeysWithValues: newInfo.members.map { ($0.name, $0) })
        func joined(_ name: String) -> String { (path + [name]).joined(separator: ".") }
        func nest(_ name: String, _ value: SyntaxValue) -> SyntaxValue {
            (path + [name]).reversed().reduce(value) { inner, key in .structure([key: inner]) }
        }
        for name in Set(oldMembers.keys).union(newMembers.keys).sorted() {
            switch (oldMembers[name], newMembers[name]) {
            case (nil, let added?):
                // A new required input member changes the memberwise init: existing calls break.
                let classification: Classification = (direction == .request && added.isRequired) ? .breaking : .additive
                changes.append(Change(direction: direction, kind: .memberAdded, path: joined(name),
                    detail: "\(added.isRequired ? "required " : "")member \(joined(name)): \(signature(added.reference, in: new)) added", classification: classification))
                tree = (tree ?? .structure([:])).merged(with: nest(name, self.tree(added.shapeName, in: new)))
            case (let removed?, nil):
                changes.append(Change(direction: direction, kind: .memberRemoved, path: joined(name),
                    detail: "member \(joined(name)): \(signature(removed.reference, in: old)) removed", classification: .breaking))
            case (let before?, let after?):
                compareMember(before, after, direction: direction, path: path + [name], into: &changes, tree: &tree)
            default:
                break
            }
        }
    }

    mutating func compareMember(
        _ before: Member, _ after: Member, direction: Change.Direction, path: [String],
        into changes: inout [Change], tree: inout SyntaxValue?
    ) {
        let joined = path.joined(separator: ".")
        let oldSignature = signature(before.reference, in: old)
        let newSignature = signature(after.reference, in: new)
        if oldSignature != newSignature {
            changes.append(Change(direction: direction, kind: .typeChanged, path: joined,
                detail: "member \(joined): \(oldSignature) → \(newSignature)", classification: .breaking))
            let nested = path.reversed().reduce(self.tree(after.shapeName, in: new)) { inner, key in .structure([key: inner]) }
            tree = (tree ?? .structure([:])).merged(with: nested)
            return
        }
        if before.isRequired != after.isRequired {
            // Response: the property's optionality changes. Request: a new required argument breaks
            // callers; a required one becoming optional still accepts what they pass.
            let breaking = direction == .response || after.isRequired
            changes.append(Change(direction: direction, kind: after.isRequired ? .becameRequired : .becameOptional, path: joined,
                detail: "member \(joined) became \(after.isRequired ? "required" : "optional")", classification: breaking ? .breaking : .additive))
        }
        if before.reference.location != after.reference.location || before.wireName != after.wireName {
            changes.append(Change(direction: .http, kind: .httpBindingChanged, path: joined,
                detail: "member \(joined) moved from \(before.reference.location?.rawValue ?? "body") '\(before.wireName)' to \(after.reference.location?.rawValue ?? "body") '\(after.wireName)'", classification: .additive))
        }
        if before.reference.documentation != after.reference.documentation {
            changes.append(Change(direction: direction, kind: .documentation, path: joined, detail: "documentation of \(joined) changed", classification: .documentation))
        }
        if before.reference.deprecated != after.reference.deprecated {
            changes.append(Change(direction: direction, kind: .deprecated, path: joined, detail: "\(joined) \(after.reference.deprecated ? "deprecated" : "no longer deprecated")", classification: .additive))
        }
        compareContents(before.shapeName, after.shapeName, direction: direction, path: path, into: &changes, tree: &tree)
    }

    /// Looks inside same-signature types: structure members, list elements, map values, enum values.
    mutating func compareContents(
        _ oldName: String, _ newName: String, direction: Change.Direction, path: [String],
        into changes: inout [Change], tree: inout SyntaxValue?
    ) {
        let before = old.shape(named: oldName)
        let after = new.shape(named: newName)
        let joined = path.joined(separator: ".")
        switch (before.kind, after.kind) {
        case (.structure, .structure):
            compareStructure(oldName, newName, direction: direction, path: path, into: &changes, tree: &tree)
            if before.documentation != after.documentation {
                changes.append(Change(direction: direction, kind: .documentation, path: joined, detail: "documentation of \(after.name) changed", classification: .documentation))
            }
        case (.list(let oldElement), .list(let newElement)):
            compareContents(oldElement.shapeName, newElement.shapeName, direction: direction, path: path, into: &changes, tree: &tree)
        case (.map(_, let oldValue), .map(_, let newValue)):
            compareContents(oldValue.shapeName, newValue.shapeName, direction: direction, path: path, into: &changes, tree: &tree)
        case (.string(let oldValues?), .string(let newValues?)):
            let added = newValues.filter { !oldValues.contains($0) }
            let removed = oldValues.filter { !newValues.contains($0) }
            if !added.isEmpty {
                changes.append(Change(direction: direction, kind: .enumValuesAdded, path: joined,
                    detail: "\(after.name) gained \(added.map { "'\($0)'" }.joined(separator: ", "))", classification: .additive))
            }
            if !removed.isEmpty {
                changes.append(Change(direction: direction, kind: .enumValuesRemoved, path: joined,
                    detail: "\(after.name) lost \(removed.map { "'\($0)'" }.joined(separator: ", "))", classification: .breaking))
            }
        default:
            break
        }
    }
}
