import Foundation
import IntegrationDynamoDB
import IntegrationIAM
import IntegrationS3
import Testing

/// Generated paginators against moto, with argument-style calls: a page size from the limit key,
/// `maxItems`, `more_results` (S3, IAM), a token that is an expression (`NextMarker ||
/// Contents[-1].Key`), two tokens at once (`ListObjectVersions`), and a token that is a map
/// (DynamoDB's `LastEvaluatedKey`).
@Suite("Paginators against moto", .serialized, .enabled(if: Servers.motoTrait))
struct PaginatorMotoTests {
    static func name(_ prefix: String) -> String { "\(prefix)-\(UUID().uuidString.prefix(8).lowercased())" }

    static func keys(_ count: Int) -> [String] { (0..<count).map { String(format: "key-%02d", $0) } }

    @Test("S3: ListObjectsV2, ListObjects and ListObjectVersions page by page, and capped by maxItems")
    func s3() async throws {
        let s3 = S3Client(configuration: try WaiterMotoTests.configuration())
        let bucket = Self.name("pages")
        _ = try await s3.createBucket(bucket: bucket)
        for key in Self.keys(9) { _ = try await s3.putObject(bucket: bucket, key: key, body: Data(key.utf8)) }

        var sizes: [Int] = []
        var keys: [String] = []
        for try await page in s3.listObjectsV2Paginator(bucket: bucket, pageSize: 2) {
            sizes.append(page.contents?.count ?? 0)
            keys += (page.contents ?? []).compactMap(\.key)
        }
        #expect(sizes == [2, 2, 2, 2, 1])
        #expect(keys == Self.keys(9))

        // maxItems: 5 of 9, the third page cut to one item, no fourth request.
        sizes = []
        for try await page in s3.listObjectsV2Paginator(bucket: bucket, pageSize: 2, maxItems: 5) { sizes.append(page.contents?.count ?? 0) }
        #expect(sizes == [2, 2, 1])
        var items: [String] = []
        for try await object in s3.listObjectsV2Items(bucket: bucket, pageSize: 4, maxItems: 6) { items.append(object.key ?? "") }
        #expect(items == Array(Self.keys(9).prefix(6)))

        // ListObjects: the next marker is `NextMarker || Contents[-1].Key` (moto sends no NextMarker without a delimiter).
        items = []
        for try await object in s3.listObjectsItems(bucket: bucket, pageSize: 4) { items.append(object.key ?? "") }
        #expect(items == Self.keys(9))

        // ListObjectVersions: two tokens (key and version id markers), both set on each next request.
        var versions = 0, pages = 0
        for try await page in s3.listObjectVersionsPaginator(bucket: bucket, pageSize: 4) {
            pages += 1
            versions += page.versions?.count ?? 0
        }
        #expect(versions == 9 && pages == 3)
    }

    @Test("DynamoDB: ListTables by page size; Scan's map token and maxItems")
    func dynamoDB() async throws {
        let dynamo = DynamoDBClient(configuration: try WaiterMotoTests.configuration())
        let prefix = Self.name("scan")
        var created: [String] = []
        for index in 0..<3 {
            let table = "\(prefix)-\(index)"
            _ = try await dynamo.createTable(
                tableName: table, attributeDefinitions: [AttributeDefinition(attributeName: "id", attributeType: .s)],
                billingMode: .payPerRequest, keySchema: [KeySchemaElement(attributeName: "id", keyType: .hash)]
            )
            created.append(table)
        }
        var names: [String] = []
        var pages = 0
        for try await page in dynamo.listTablesPaginator(pageSize: 1) {
            pages += 1
            names += page.tableNames ?? []
        }
        #expect(Set(created).isSubset(of: names) && pages >= 3)

        for index in 0..<7 {
            _ = try await dynamo.putItem(item: ["id": AttributeValue(s: "item-\(index)")], tableName: created[0])
        }
        var scanned: [String] = []
        for try await item in dynamo.scanItems(tableName: created[0], pageSize: 3) { scanned.append(item["id"]?.s ?? "") }
        #expect(scanned.sorted() == (0..<7).map { "item-\($0)" })
        var sizes: [Int] = []
        for try await page in dynamo.scanPaginator(tableName: created[0], pageSize: 3, maxItems: 4) { sizes.append(page.items?.count ?? 0) }
        #expect(sizes == [3, 1])
    }

    @Test("IAM: ListRoles pages while IsTruncated (more_results), MaxItems as pageSize")
    func iam() async throws {
        let iam = IAMClient(configuration: try WaiterMotoTests.configuration())
        let path = "/\(Self.name("p"))/"
        let roles = (0..<5).map { "\(path.dropFirst().dropLast())-role-\($0)" }
        for role in roles { _ = try await iam.createRole(assumeRolePolicyDocument: "{}", roleName: role, path: path) }
        var pages = 0
        var names: [String] = []
        for try await page in iam.listRolesPaginator(pathPrefix: path, pageSize: 2) {
            pages += 1
            names += page.roles.map(\.roleName)
        }
        #expect(pages == 3)
        #expect(names.sorted() == roles.sorted())
        var capped: [String] = []
        for try await role in iam.listRolesItems(pathPrefix: path, pageSize: 2, maxItems: 3) { capped.append(role.roleName) }
        #expect(capped.count == 3)
    }
}
