/// Holds a sensitive member: the value reads and writes as usual, but `description`,
/// `debugDescription`, `dump` and string interpolation of the containing shape show `<redacted>`.
@propertyWrapper
public struct Redacted<Value: Sendable & Equatable>: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: nil) }
}

extension Redacted: Hashable where Value: Hashable {}

/// Holds a member whose type contains the containing shape (directly or through other
/// structures), so the structs have a finite size. Copies share the immutable box.
@propertyWrapper
public struct Boxed<Value: Sendable & Equatable>: Sendable, Equatable {
    private final class Box: Sendable {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    public init(wrappedValue: Value) { box = Box(wrappedValue) }

    public var wrappedValue: Value {
        get { box.value }
        set { box = Box(newValue) }
    }

    public static func == (lhs: Boxed, rhs: Boxed) -> Bool { lhs.box === rhs.box || lhs.wrappedValue == rhs.wrappedValue }
}

extension Boxed: Hashable where Value: Hashable {
    public func hash(into hasher: inout Hasher) { hasher.combine(wrappedValue) }
}

extension Boxed: CustomReflectable {
    public var customMirror: Mirror { Mirror(reflecting: wrappedValue) }
}
