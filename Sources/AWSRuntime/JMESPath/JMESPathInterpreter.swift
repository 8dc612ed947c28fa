import AWSJMESPath
/// Evaluates a parsed expression over a JSON value, as the JMESPath specification (and its
/// reference implementation, where the specification leaves room) says.
struct JMESPathInterpreter {
    func evaluate(_ node: JMESPathNode, _ value: JSONValue) throws(JMESPathError) -> JSONValue {
        switch node {
        case .identity:
            return value
        case .field(let name):
            if case .object(let members) = value { return members[name] ?? .null }
            return .null
        case .subexpression(let children) where children.allSatisfy(\.isField):
            // The common case of models' expressions (`Table.TableStatus`): a walk down objects.
            var current = value
            for case .field(let name) in children {
                guard case .object(let members) = current, let next = members[name] else { return .null }
                current = next
            }
            return current
        case .subexpression(let children), .indexExpression(let children):
            var result = value
            for child in children { result = try evaluate(child, result) }
            return result
        case .pipe(let left, let right):
            return try evaluate(right, try evaluate(left, value))
        case .index(let position):
            guard case .array(let items) = value else { return .null }
            let resolved = position < 0 ? items.count + position : position
            return items.indices.contains(resolved) ? items[resolved] : .null
        case .slice(let start, let stop, let step):
            guard case .array(let items) = value else { return .null }
            return .array(try Self.slice(items, start: start, stop: stop, step: step))
        case .projection(let left, let right):
            guard case .array(let items) = try evaluate(left, value) else { return .null }
            var collected: [JSONValue] = []
            collected.reserveCapacity(items.count)
            for item in items {
                let result = try evaluate(right, item)
                if result != .null { collected.append(result) }
            }
            return .array(collected)
        case .valueProjection(let left, let right):
            guard case .object(let members) = try evaluate(left, value) else { return .null }
            var collected: [JSONValue] = []
            for key in JMESPathValues.orderedKeys(members) {
                let result = try evaluate(right, members[key]!)
                if result != .null { collected.append(result) }
            }
            return .array(collected)
        case .filterProjection(let left, let right, let condition):
            guard case .array(let items) = try evaluate(left, value) else { return .null }
            var collected: [JSONValue] = []
            for item in items where try isTrue(condition, item) {
                let result = try evaluate(right, item)
                if result != .null { collected.append(result) }
            }
            return .array(collected)
        case .flatten(let inner):
            guard case .array(let items) = try evaluate(inner, value) else { return .null }
            var merged: [JSONValue] = []
            merged.reserveCapacity(items.count)
            for item in items {
                if case .array(let nested) = item { merged.append(contentsOf: nested) } else { merged.append(item) }
            }
            return .array(merged)
        case .literal(let literal):
            // Literals in waiters and paginators are strings, numbers and booleans: cheap to convert.
            return JSONValue(literal)
        case .multiSelectList(let elements):
            if value == .null { return .null }
            var collected: [JSONValue] = []
            collected.reserveCapacity(elements.count)
            for element in elements { collected.append(try evaluate(element, value)) }
            return .array(collected)
        case .multiSelectHash(let pairs):
            if value == .null { return .null }
            var collected: [String: JSONValue] = [:]
            for pair in pairs { collected[pair.key] = try evaluate(pair.value, value) }
            return .object(collected)
        case .or(let left, let right):
            if case .expref = left { return .null }
            let matched = try evaluate(left, value)
            return JMESPathValues.isTrue(matched) ? matched : try evaluate(right, value)
        case .and(let left, let right):
            if case .expref = left { return try evaluate(right, value) }
            let matched = try evaluate(left, value)
            return JMESPathValues.isTrue(matched) ? try evaluate(right, value) : matched
        case .not(let inner):
            return .bool(!(try isTrue(inner, value)))
        case .comparator(let comparator, let leftNode, let rightNode):
            // An expression reference is a value unequal to any other (and unordered).
            if leftNode.isExpressionReference || rightNode.isExpressionReference {
                switch comparator {
                case .eq: return .bool(false)
                case .ne: return .bool(true)
                default: return .null
                }
            }
            let left = try evaluate(leftNode, value)
            let right = try evaluate(rightNode, value)
            switch comparator {
            case .eq: return .bool(JMESPathValues.equals(left, right))
            case .ne: return .bool(!JMESPathValues.equals(left, right))
            default:
                // Ordering is defined for two numbers or two strings; anything else is null.
                guard let order = JMESPathValues.order(left, right) else { return .null }
                switch comparator {
                case .lt: return .bool(order == .orderedAscending)
                case .lte: return .bool(order != .orderedDescending)
                case .gt: return .bool(order == .orderedDescending)
                default: return .bool(order != .orderedAscending)
                }
            }
        case .function(let name, let argumentNodes):
            var arguments: [JMESPathFunctions.Argument] = []
            arguments.reserveCapacity(argumentNodes.count)
            for node in argumentNodes {
                if case .expref(let inner) = node { arguments.append(.expref(inner)) }
                else { arguments.append(.value(try evaluate(node, value))) }
            }
            return try JMESPathFunctions.call(name, arguments, interpreter: self)
        case .expref:
            // An expression reference is a value only as a function's argument.
            return .null
        }
    }

    /// Truth of a node's value; an expression reference is true (it is a value, and not an empty one).
    private func isTrue(_ node: JMESPathNode, _ value: JSONValue) throws(JMESPathError) -> Bool {
        if node.isExpressionReference { return true }
        return JMESPathValues.isTrue(try evaluate(node, value))
    }

    /// Python-style slicing (the reference semantics): negative bounds count from the end,
    /// bounds are clamped, a negative step walks backwards.
    static func slice(_ items: [JSONValue], start: Int?, stop: Int?, step: Int?) throws(JMESPathError) -> [JSONValue] {
        let step = step ?? 1
        guard step != 0 else { throw JMESPathError(.invalidValue, "a slice step cannot be 0") }
        let count = items.count
        func clamp(_ bound: Int?, default fallback: Int) -> Int {
            guard let bound else { return fallback }
            if bound < 0 {
                let from = bound < -count ? -1 : count + bound
                return step < 0 ? max(from, -1) : max(from, 0)
            }
            return step < 0 ? min(bound, count - 1) : min(bound, count)
        }
        let first = clamp(start, default: step < 0 ? count - 1 : 0)
        let last = clamp(stop, default: step < 0 ? -1 : count)
        var result: [JSONValue] = []
        var position = first
        if step > 0 {
            while position < last {
                result.append(items[position])
                let (next, overflow) = position.addingReportingOverflow(step)
                if overflow { break }
                position = next
            }
        } else {
            while position > last {
                result.append(items[position])
                let (next, overflow) = position.addingReportingOverflow(step)
                if overflow { break }
                position = next
            }
        }
        return result
    }
}

extension JMESPathNode {
    var isField: Bool {
        if case .field = self { return true }
        return false
    }

    var isExpressionReference: Bool {
        if case .expref = self { return true }
        return false
    }
}
