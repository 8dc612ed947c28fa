@testable import AWSRuntime
import Foundation
import Testing

/// The paginator on scripted pages: how it ends (no token, an empty one, `more_results`), the
/// repeated-token error, `maxItems`, and tokens read by expressions.
@Suite("Paginators: tokens, ends, maxItems")
struct PaginatorTests {
    /// Pages of `{"Items": [...], "Next": token}`, answered by the token sent.
    final class Pages: @unchecked Sendable {
        let pages: [String: JSONValue]
        private let lock = NSLock()
        private(set) var sent: [String] = []
        init(_ pages: [String: JSONValue]) { self.pages = pages }
        func fetch(_ input: JSONValue) throws -> JSONValue {
            let token = input["Token"]?.stringValue ?? ""
            lock.withLock { sent.append(token) }
            return pages[token] ?? .object([:])
        }
    }

    static func page(_ items: [Int], next: JSONValue) -> JSONValue {
        .object(["Items": .array(items.map { .integer(Int64($0)) }), "Next": next])
    }

    static func paginator(_ pages: Pages, maxItems: Int? = nil) -> AWSPaginator<JSONValue, JSONValue, String> {
        AWSPaginator(
            input: .object([:]), operationName: "List", maxItems: maxItems,
            count: { $0["Items"].map { if case .array(let items) = $0 { items.count } else { 0 } } ?? 0 },
            truncate: { page, count in
                guard case .array(let items) = page["Items"] else { return page }
                return .object(["Items": .array(Array(items.prefix(count))), "Next": page["Next"] ?? .null])
            },
            fetch: { try pages.fetch($0) },
            token: { $0["Next"]?.stringValue },
            next: { _, token in .object(["Token": .string(token)]) }
        )
    }

    static func items(_ paginator: AWSPaginator<JSONValue, JSONValue, String>) async throws -> [[JSONValue]] {
        var result: [[JSONValue]] = []
        for try await page in paginator {
            if case .array(let items) = page["Items"] { result.append(items) }
        }
        return result
    }

    @Test("follows tokens to the last page; an empty token is the last page too")
    func follows() async throws {
        let pages = Pages(["": Self.page([1, 2], next: .string("a")), "a": Self.page([3], next: .string("b")), "b": Self.page([4], next: .string(""))])
        let result = try await Self.items(Self.paginator(pages))
        #expect(result == [[1, 2], [3], [4]].map { $0.map { .integer($0) } })
        #expect(pages.sent == ["", "a", "b"])
    }

    @Test("a token repeated by the service: that page, then AWSPaginationError")
    func repeatedToken() async throws {
        let pages = Pages(["": Self.page([1], next: .string("a")), "a": Self.page([2], next: .string("a"))])
        var seen: [JSONValue] = []
        do {
            for try await page in Self.paginator(pages) { seen.append(page) }
            Issue.record("no error")
        } catch let error as AWSPaginationError {
            #expect(error.token == "a")
            #expect(error.description.contains("List: the service returned the same pagination token twice (a)"))
        }
        #expect(seen.count == 2 && pages.sent == ["", "a"])
    }

    @Test("maxItems cuts the last page short and stops fetching")
    func maxItems() async throws {
        let pages = Pages(["": Self.page([1, 2], next: .string("a")), "a": Self.page([3, 4, 5], next: .string("b")), "b": Self.page([6], next: .null)])
        #expect(try await Self.items(Self.paginator(pages, maxItems: 4)) == [[1, 2], [3, 4]].map { $0.map { .integer($0) } })
        #expect(pages.sent == ["", "a"])
        let exact = Pages(pages.pages)
        #expect(try await Self.items(Self.paginator(exact, maxItems: 2)).count == 1)
        #expect(exact.sent == [""])
        // No items wanted: no request.
        let none = Pages(pages.pages)
        #expect(try await Self.items(Self.paginator(none, maxItems: 0)).isEmpty && none.sent.isEmpty)
    }

    @Test("tokens read by expressions: a fallback, a more_results flag, several tokens, typed back onto the input")
    func expressionTokens() throws {
        let page: JSONValue = .object([
            "IsTruncated": .bool(true), "NextMarker": .null,
            "Contents": .array([.object(["Key": .string("a")]), .object(["Key": .string("b")])]),
            "NextKeyMarker": .string("k"), "NextVersionIdMarker": .string(""),
        ])
        let fallback = try AWSPaginationTokens.read(
            from: page, tokens: [AWSPaginationPath("NextMarker || Contents[-1].Key")], moreResults: AWSPaginationPath("IsTruncated")
        )
        #expect(fallback?.values == [.string("b")])
        #expect(try fallback?.value(0, as: String.self) == "b")
        let two = try AWSPaginationTokens.read(from: page, tokens: [AWSPaginationPath("NextKeyMarker"), AWSPaginationPath("NextVersionIdMarker")])
        #expect(two?.values == [.string("k"), .null])
        #expect(try two?.value(1, as: String.self) == nil)
        var done = page.objectValue!
        done["IsTruncated"] = .bool(false)
        #expect(try AWSPaginationTokens.read(from: JSONValue.object(done), tokens: [AWSPaginationPath("Contents[-1].Key")], moreResults: AWSPaginationPath("IsTruncated")) == nil)
        // Fields pointed at wire keys, as generated code does.
        let wire = try AWSPaginationTokens.read(from: JSONValue.object(["nextToken": .string("t")]), tokens: [AWSPaginationPath("NextToken", fieldKeys: ["nextToken"])])
        #expect(wire?.values == [.string("t")])
        #expect(AWSPaginationTokens(values: [.null, .null]).isEmpty)
    }
}
