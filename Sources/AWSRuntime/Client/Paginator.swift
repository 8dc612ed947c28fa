import AWSJMESPath

/// The pages of a paginated operation, fetched one at a time as you iterate. Iteration ends
/// when a response has no next token (or an empty one), or after `maxItems` items; a response
/// whose token repeats the one just sent (a service bug that would otherwise loop forever) ends
/// it with `AWSPaginationError`, after that page.
public struct AWSPaginator<Input: AWSShape, Output: AWSShape, Token: Equatable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Output

    let input: Input
    let fetch: @Sendable (Input) async throws -> Output
    let token: @Sendable (Output) throws -> Token?
    let next: @Sendable (Input, Token) throws -> Input
    let operationName: String
    let limit: ItemLimit?

    /// A cap on the items of the pages: how to count a page's items and cut a page short.
    struct ItemLimit: Sendable {
        var maxItems: Int
        var count: @Sendable (Output) -> Int
        var truncate: @Sendable (Output, Int) -> Output
    }

    public init(
        input: Input,
        fetch: @escaping @Sendable (Input) async throws -> Output,
        token: @escaping @Sendable (Output) throws -> Token?,
        next: @escaping @Sendable (Input, Token) throws -> Input
    ) {
        self.init(input: input, operationName: _typeName(Input.self, qualified: false), fetch: fetch, token: token, next: next)
    }

    /// A paginator that stops after `maxItems` items (nil: no cap), counted by `count` and cut by
    /// `truncate` (the page's result list, shortened to the given count).
    public init(
        input: Input,
        operationName: String,
        maxItems: Int? = nil,
        count: (@Sendable (Output) -> Int)? = nil,
        truncate: (@Sendable (Output, Int) -> Output)? = nil,
        fetch: @escaping @Sendable (Input) async throws -> Output,
        token: @escaping @Sendable (Output) throws -> Token?,
        next: @escaping @Sendable (Input, Token) throws -> Input
    ) {
        self.input = input
        self.fetch = fetch
        self.token = token
        self.next = next
        self.operationName = operationName
        if let maxItems, let count, let truncate {
            self.limit = ItemLimit(maxItems: Swift.max(maxItems, 0), count: count, truncate: truncate)
        } else {
            self.limit = nil
        }
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let paginator: AWSPaginator
        var input: Input?
        var sentToken: Token?
        var delivered = 0
        var pendingError: AWSPaginationError?

        public mutating func next() async throws -> Output? {
            if let pendingError {
                self.pendingError = nil
                input = nil
                throw pendingError
            }
            guard let current = input else { return nil }
            if let limit = paginator.limit, delivered >= limit.maxItems {
                input = nil
                return nil
            }
            var output = try await paginator.fetch(current)
            if let limit = paginator.limit {
                let count = limit.count(output)
                if delivered + count >= limit.maxItems {
                    if delivered + count > limit.maxItems { output = limit.truncate(output, limit.maxItems - delivered) }
                    delivered = limit.maxItems
                    input = nil
                    return output
                }
                delivered += count
            }
            guard let token = try paginator.token(output), !Self.isEmpty(token) else {
                input = nil
                return output
            }
            if token == sentToken {
                pendingError = AWSPaginationError(operationName: paginator.operationName, token: "\(token)")
                return output
            }
            input = try paginator.next(current, token)
            sentToken = token
            return output
        }

        /// An empty token (string, map or list), like no token at all, means the last page, as
        /// botocore reads it.
        static func isEmpty(_ token: Token) -> Bool {
            if let tokens = token as? AWSPaginationTokens { return tokens.isEmpty }
            if let collection = token as? any Collection { return collection.isEmpty }
            return false
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(paginator: self, input: input, sentToken: nil) }
}

/// A paginator stopped because the service returned the token it had just been sent.
public struct AWSPaginationError: Error, Sendable, CustomStringConvertible {
    public var operationName: String
    public var token: String
    public var description: String {
        "\(operationName): the service returned the same pagination token twice (\(token)); stopped rather than loop forever"
    }
}

/// The next tokens of a page, read by the paginator's expressions: for paginators whose tokens
/// are not one plain member (several tokens, expressions such as `NextMarker || Contents[-1].Key`,
/// a `more_results` flag that is an expression).
public struct AWSPaginationTokens: Equatable, Sendable, CustomStringConvertible {
    /// One per input token, in the model's order; `.null` where the page has none.
    public var values: [JSONValue]

    public init(values: [JSONValue]) { self.values = values }

    /// The tokens of a page: each expression over the output's JSON form (`fieldKeys` as
    /// generated code passes them), a falsy one (null, empty) as none; nil when `moreResults`
    /// says there are no more pages.
    public static func read(
        from output: some AWSShape, tokens: [AWSPaginationPath], moreResults: AWSPaginationPath? = nil
    ) throws -> AWSPaginationTokens? {
        let json = output.jsonValue()
        if let moreResults, !JMESPathValues.isTrue(try JMESPathExpression(moreResults.expression, fieldKeys: moreResults.fieldKeys).search(json)) {
            return nil
        }
        let values = try tokens.map { token -> JSONValue in
            let value = try JMESPathExpression(token.expression, fieldKeys: token.fieldKeys).search(json)
            return JMESPathValues.isTrue(value) ? value : .null
        }
        return AWSPaginationTokens(values: values)
    }

    /// Whether every token is absent.
    public var isEmpty: Bool { values.allSatisfy { $0 == .null } }

    /// The token at `index` as the input member's type; nil where the page has none.
    public func value<T: AWSShape>(_ index: Int, as type: T.Type) throws -> T? {
        guard index < values.count, values[index] != .null else { return nil }
        return try T(json: values[index], path: .root)
    }

    public var description: String { values.map { JMESPathValues.jsonText($0) }.joined(separator: ", ") }
}

/// A paginator's expression over an output (a token, `more_results`), with the keys its fields
/// stand for in the output's JSON form (see ``JMESPathExpression/init(_:fieldKeys:)``).
public struct AWSPaginationPath: Sendable {
    public var expression: String
    public var fieldKeys: [String]?

    public init(_ expression: String, fieldKeys: [String]? = nil) {
        self.expression = expression
        self.fieldKeys = fieldKeys
    }
}

/// The items of every page of a paginated operation, one at a time.
public struct AWSPaginatorItems<Pages: AsyncSequence & Sendable, Item>: AsyncSequence, Sendable where Pages.Element: Sendable {
    public typealias Element = Item

    let pages: Pages
    let items: @Sendable (Pages.Element) -> [Item]

    public init(pages: Pages, items: @escaping @Sendable (Pages.Element) -> [Item]) {
        self.pages = pages
        self.items = items
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        var pages: Pages.AsyncIterator
        let items: @Sendable (Pages.Element) -> [Item]
        var buffer: [Item] = []
        var index = 0

        public mutating func next() async throws -> Item? {
            while index >= buffer.count {
                guard let page = try await pages.next() else { return nil }
                buffer = items(page)
                index = 0
            }
            defer { index += 1 }
            return buffer[index]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(pages: pages.makeAsyncIterator(), items: items) }
}
