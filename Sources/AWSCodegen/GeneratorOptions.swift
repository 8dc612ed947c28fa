import Foundation

/// What to generate, from the CLI flags or the `aws-codegen-config.yaml` of a target.
public struct GeneratorOptions: Sendable, Hashable {
    /// Only these operations (and the shapes they reach); nil for all.
    public var operations: [String]?
    /// The access level of generated declarations.
    public var accessModifier: AccessModifier
    /// Generate the service client (operations as async methods).
    public var generateClient: Bool
    /// Generate paginators (needs the client).
    public var generatePaginators: Bool
    /// Generate waiters (needs the client).
    public var generateWaiters: Bool
    /// Put before every generated type name and the client's name (`BR` gives `BRModelSummary`,
    /// `BRBedrockClient`); empty for none.
    public var typeNamePrefix: String

    /// Shapes are spread over this many files, by a stable hash of the shape name, so the
    /// compiler can work on a large service in parallel while the file set stays fixed.
    public static let shapeFileCount = 4

    public init(
        operations: [String]? = nil,
        accessModifier: AccessModifier = .public,
        generateClient: Bool = true,
        generatePaginators: Bool = true,
        generateWaiters: Bool = true,
        typeNamePrefix: String = ""
    ) {
        self.operations = operations
        self.accessModifier = accessModifier
        self.generateClient = generateClient
        self.generatePaginators = generatePaginators
        self.generateWaiters = generateWaiters
        self.typeNamePrefix = typeNamePrefix
    }

    /// Empty, or an ASCII letter followed by letters, digits and underscores.
    public static func isValidTypeNamePrefix(_ prefix: String) -> Bool {
        guard let first = prefix.unicodeScalars.first else { return true }
        let word = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
        return first.isASCII && CharacterSet.letters.contains(first) && prefix.unicodeScalars.allSatisfy { word.contains($0) }
    }

    /// The fixed names of the files generation writes, whatever the model holds. A build
    /// plugin declares exactly these as outputs.
    public static var outputFileNames: [String] {
        ["Generated.Client.swift", "Generated.Errors.swift", "Generated.Paginators.swift", "Generated.Waiters.swift"]
            + (0..<shapeFileCount).map { "Generated.Shapes.\($0).swift" }
    }
}

/// A generated file: a name from `GeneratorOptions.outputFileNames` and its full text.
public struct GeneratedFile: Sendable, Hashable {
    public var name: String
    public var contents: String
}

/// A problem found while translating a valid model into Swift (for example two members
/// whose Swift names collide).
public struct CodegenError: Error, Sendable, CustomStringConvertible {
    public var file: String
    public var path: String
    public var message: String

    public var description: String { "\(file): \(path): \(message)" }
}
