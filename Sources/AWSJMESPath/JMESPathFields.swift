/// The field names of an expression, and the same expression with other names: how the generator
/// points a model's expression (written with member names) at the keys of a generated output's
/// JSON form (its wire names, which differ for EC2's `instancesSet` and the like).
extension JMESPathNode {
    /// The names of the expression's fields, in a fixed order (the order `replacingFields` uses).
    package func fieldNames() -> [String] {
        var names: [String] = []
        var copy = self
        copy.visitFields { names.append($0); return $0 }
        return names
    }

    /// The expression with its fields renamed, in the order of `fieldNames()`; nil when the
    /// count differs.
    package func replacingFields(_ keys: [String]) -> JMESPathNode? {
        guard keys.count == fieldNames().count else { return nil }
        var iterator = keys.makeIterator()
        var copy = self
        copy.visitFields { _ in iterator.next()! }
        return copy
    }

    private mutating func visitFields(_ rename: (String) -> String) {
        switch self {
        case .identity, .index, .slice, .literal: return
        case .field(let name): self = .field(rename(name))
        case .subexpression(var children):
            for index in children.indices { children[index].visitFields(rename) }
            self = .subexpression(children)
        case .indexExpression(var children):
            for index in children.indices { children[index].visitFields(rename) }
            self = .indexExpression(children)
        case .multiSelectList(var children):
            for index in children.indices { children[index].visitFields(rename) }
            self = .multiSelectList(children)
        case .multiSelectHash(var pairs):
            for index in pairs.indices { pairs[index].value.visitFields(rename) }
            self = .multiSelectHash(pairs)
        case .function(let name, var arguments):
            for index in arguments.indices { arguments[index].visitFields(rename) }
            self = .function(name, arguments)
        case .projection(var a, var b): a.visitFields(rename); b.visitFields(rename); self = .projection(a, b)
        case .valueProjection(var a, var b): a.visitFields(rename); b.visitFields(rename); self = .valueProjection(a, b)
        case .or(var a, var b): a.visitFields(rename); b.visitFields(rename); self = .or(a, b)
        case .and(var a, var b): a.visitFields(rename); b.visitFields(rename); self = .and(a, b)
        case .pipe(var a, var b): a.visitFields(rename); b.visitFields(rename); self = .pipe(a, b)
        case .comparator(let comparator, var a, var b): a.visitFields(rename); b.visitFields(rename); self = .comparator(comparator, a, b)
        case .filterProjection(var a, var b, var condition):
            a.visitFields(rename); condition.visitFields(rename); b.visitFields(rename)
            self = .filterProjection(a, b, condition: condition)
        case .flatten(var inner): inner.visitFields(rename); self = .flatten(inner)
        case .not(var inner): inner.visitFields(rename); self = .not(inner)
        case .expref(var inner): inner.visitFields(rename); self = .expref(inner)
        }
    }
}

/// What the generator knows of the values an expression walks over: which members a structure
/// has (and their keys), what a list or map holds.
package protocol JMESPathTypeOracle {
    associatedtype ValueType
    /// A structure's member by its model name: the key of the JSON form and the member's type.
    func member(_ name: String, of type: ValueType) -> (key: String, type: ValueType)?
    /// A list's element type.
    func element(of type: ValueType) -> ValueType?
    /// A map's value type.
    func mapValue(of type: ValueType) -> ValueType?
}

/// A value's type during the walk: a model's type, or a list that a projection made.
private indirect enum WalkType<T> {
    case model(T)
    case list(WalkType<T>)
}

extension JMESPathNode {
    /// The expression with every field that names a member of a known structure renamed to the
    /// member's key, and the type of the expression's result where it is a model's type.
    package func resolvingFields<Oracle: JMESPathTypeOracle>(
        _ type: Oracle.ValueType?, _ oracle: Oracle
    ) -> (node: JMESPathNode, type: Oracle.ValueType?) {
        let (node, result) = resolving(type.map { .model($0) }, oracle)
        if case .model(let model)? = result { return (node, model) }
        return (node, nil)
    }

    private func resolving<Oracle: JMESPathTypeOracle>(
        _ type: WalkType<Oracle.ValueType>?, _ oracle: Oracle
    ) -> (node: JMESPathNode, type: WalkType<Oracle.ValueType>?) {
        typealias W = WalkType<Oracle.ValueType>
        func element(_ type: W?) -> W? {
            switch type {
            case .model(let model)?: oracle.element(of: model).map { .model($0) }
            case .list(let inner)?: inner
            case nil: nil
            }
        }
        func listOf(_ type: W?) -> W? { type.map { .list($0) } }
        switch self {
        case .identity: return (self, type)
        case .field(let name):
            guard case .model(let model)? = type, let member = oracle.member(name, of: model) else { return (self, nil) }
            return (.field(member.key), .model(member.type))
        case .subexpression(let children), .indexExpression(let children):
            var current = type
            var resolved: [JMESPathNode] = []
            for child in children {
                let (node, next) = child.resolving(current, oracle)
                resolved.append(node)
                current = next
            }
            if case .subexpression = self { return (.subexpression(resolved), current) }
            return (.indexExpression(resolved), current)
        case .index: return (self, element(type))
        case .slice: return (self, type)
        case .literal: return (self, nil)
        case .projection(let left, let right):
            let (leftNode, leftType) = left.resolving(type, oracle)
            let (rightNode, rightType) = right.resolving(element(leftType), oracle)
            return (.projection(leftNode, rightNode), listOf(rightType))
        case .valueProjection(let left, let right):
            let (leftNode, leftType) = left.resolving(type, oracle)
            var values: W?
            if case .model(let model)? = leftType { values = oracle.mapValue(of: model).map { .model($0) } }
            let (rightNode, rightType) = right.resolving(values, oracle)
            return (.valueProjection(leftNode, rightNode), listOf(rightType))
        case .filterProjection(let left, let right, let condition):
            let (leftNode, leftType) = left.resolving(type, oracle)
            let (conditionNode, _) = condition.resolving(element(leftType), oracle)
            let (rightNode, rightType) = right.resolving(element(leftType), oracle)
            return (.filterProjection(leftNode, rightNode, condition: conditionNode), listOf(rightType))
        case .flatten(let inner):
            let (node, innerType) = inner.resolving(type, oracle)
            // A list of lists flattens to a list of their elements; a list of anything else stays.
            let items = element(innerType)
            return (.flatten(node), listOf(element(items) ?? items))
        case .multiSelectList(let children):
            return (.multiSelectList(children.map { $0.resolving(type, oracle).node }), nil)
        case .multiSelectHash(let pairs):
            return (.multiSelectHash(pairs.map { KeyValue(key: $0.key, value: $0.value.resolving(type, oracle).node) }), nil)
        case .or(let a, let b):
            return (.or(a.resolving(type, oracle).node, b.resolving(type, oracle).node), nil)
        case .and(let a, let b):
            return (.and(a.resolving(type, oracle).node, b.resolving(type, oracle).node), nil)
        case .not(let inner):
            return (.not(inner.resolving(type, oracle).node), nil)
        case .comparator(let comparator, let a, let b):
            return (.comparator(comparator, a.resolving(type, oracle).node, b.resolving(type, oracle).node), nil)
        case .pipe(let left, let right):
            let (leftNode, leftType) = left.resolving(type, oracle)
            let (rightNode, rightType) = right.resolving(leftType, oracle)
            return (.pipe(leftNode, rightNode), rightType)
        case .function(let name, let arguments):
            // Expression references apply to the elements of the array argument.
            let arrayType = arguments.first { !$0.isReference }.flatMap { $0.resolving(type, oracle).type }
            let resolved = arguments.map { argument -> JMESPathNode in
                if case .expref(let inner) = argument { return .expref(inner.resolving(element(arrayType), oracle).node) }
                return argument.resolving(type, oracle).node
            }
            let resultType: W? = switch name {
            case "sort_by", "reverse", "sort": arrayType
            case "max_by", "min_by": element(arrayType)
            default: nil
            }
            return (.function(name, resolved), resultType)
        case .expref(let inner):
            return (.expref(inner.resolving(nil, oracle).node), nil)
        }
    }

    private var isReference: Bool {
        if case .expref = self { return true }
        return false
    }
}
