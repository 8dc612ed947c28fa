/// The pages of a paginated operation, fetched one at a time as you iterate. Iteration ends
/// when a response has no next token, or repeats the token just sent (a service bug that
/// would otherwise loop forever).
public struct AWSPaginator<Input: AWSShape, Output: AWSShape, Token: Equatable & Sendable>: AsyncSequence, Sendable {
    public typealias Element = Output

    let input: Input
    let fetch: @Sendable (Input) async throws -> Output
    let token: @Sendable (Output) -> Token?
    let next: @Sendable (Input, Token) -> Input

    public init(
        input: Input,
        fetch: @escaping @Sendable (Input) async throws -> Output,
        token: @escaping @Sendable (Output) -> Token?,
        next: @escaping @Sendable (Input, Token) -> Input
    ) {
        self.input = input
        self.fetch = fetch
        self.token = token
        self.next = next
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let paginator: AWSPaginator
        var input: Input?
        var sentToken: Token?

        public mutating func next() async throws -> Output? {
            guard let current = input else { return nil }
            let output = try await paginator.fetch(current)
            if let token = paginator.token(output), token != sentToken {
                input = paginator.next(current, token)
                sentToken = token
            } else {
                input = nil
            }
            return output
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(paginator: self, input: input, sentToken: nil) }
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
