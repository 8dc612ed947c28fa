import Foundation

/// The checks generated `validate(path:)` methods run before a request is sent.
public enum Validation {
    /// Whether `pattern` checks run (`AWSClientConfiguration.validatesPatterns` sets it per call).
    /// Lengths, ranges and required members are always checked.
    @TaskLocal public static var checksPatterns = true

    public static func length(_ value: String?, min: Int?, max: Int?, _ path: String, _ member: String) throws {
        guard let value else { return }
        // botocore counts characters (code points), not UTF-16 units.
        try check(count: value.unicodeScalars.count, min: min, max: max, unit: "characters", path, member)
    }

    public static func length<T>(_ value: [T]?, min: Int?, max: Int?, _ path: String, _ member: String) throws {
        guard let value else { return }
        try check(count: value.count, min: min, max: max, unit: "elements", path, member)
    }

    public static func length<T>(_ value: [String: T]?, min: Int?, max: Int?, _ path: String, _ member: String) throws {
        guard let value else { return }
        try check(count: value.count, min: min, max: max, unit: "entries", path, member)
    }

    public static func length(_ value: Data?, min: Int?, max: Int?, _ path: String, _ member: String) throws {
        guard let value else { return }
        try check(count: value.count, min: min, max: max, unit: "bytes", path, member)
    }

    public static func range<T: BinaryInteger>(_ value: T?, min: Int64?, max: Int64?, _ path: String, _ member: String) throws {
        guard let value else { return }
        if let min, value < min { throw AWSValidationError(path: path + "." + member, message: "\(value) is less than the minimum \(min)") }
        if let max, value > max { throw AWSValidationError(path: path + "." + member, message: "\(value) is greater than the maximum \(max)") }
    }

    public static func range<T: BinaryFloatingPoint>(_ value: T?, min: Double?, max: Double?, _ path: String, _ member: String) throws {
        guard let value else { return }
        if let min, Double(value) < min { throw AWSValidationError(path: path + "." + member, message: "\(value) is less than the minimum \(min)") }
        if let max, Double(value) > max { throw AWSValidationError(path: path + "." + member, message: "\(value) is greater than the maximum \(max)") }
    }

    public static func pattern(_ value: String?, _ pattern: String, _ path: String, _ member: String) throws {
        guard checksPatterns, let value, let regex = RegexCache.shared.regex(pattern) else { return }
        let range = NSRange(value.startIndex..., in: value)
        if regex.firstMatch(in: value, options: [], range: range) == nil {
            throw AWSValidationError(path: path + "." + member, message: "'\(value.prefix(100))' does not match the pattern \(pattern)")
        }
    }

    public static func pattern<Values>(_ value: AWSStringEnum<Values>?, _ pattern: String, _ path: String, _ member: String) throws {
        try self.pattern(value?.rawValue, pattern, path, member)
    }

    public static func length<Values>(_ value: AWSStringEnum<Values>?, min: Int?, max: Int?, _ path: String, _ member: String) throws {
        try length(value?.rawValue, min: min, max: max, path, member)
    }

    public static func nested<T: AWSValidatingShape>(_ value: T?, _ path: String, _ member: String) throws {
        try value?.validate(path: path + "." + member)
    }

    public static func nested<T: AWSValidatingShape>(_ value: [T]?, _ path: String, _ member: String) throws {
        guard let value else { return }
        for (index, element) in value.enumerated() { try element.validate(path: "\(path).\(member)[\(index)]") }
    }

    public static func nested<T: AWSValidatingShape>(_ value: [String: T]?, _ path: String, _ member: String) throws {
        guard let value else { return }
        for key in value.keys.sorted() { try value[key]!.validate(path: "\(path).\(member)[\"\(key)\"]") }
    }

    private static func check(count: Int, min: Int?, max: Int?, unit: String, _ path: String, _ member: String) throws {
        if let min, count < min { throw AWSValidationError(path: path + "." + member, message: "has \(count) \(unit), fewer than the minimum \(min)") }
        if let max, count > max { throw AWSValidationError(path: path + "." + member, message: "has \(count) \(unit), more than the maximum \(max)") }
    }
}

/// Compiled model patterns, shared by all clients. A pattern ICU cannot compile is skipped
/// (the service still checks it) rather than failing every call.
final class RegexCache: @unchecked Sendable {
    static let shared = RegexCache()
    private let lock = NSLock()
    private var cache: [String: NSRegularExpression?] = [:]

    func regex(_ pattern: String) -> NSRegularExpression? {
        lock.lock()
        defer { lock.unlock() }
        if let cached = cache[pattern] { return cached }
        let compiled = try? NSRegularExpression(pattern: pattern, options: [])
        cache[pattern] = compiled
        return compiled
    }
}
