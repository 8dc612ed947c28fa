import AWSRuntime
import Foundation
import Testing

// Building this target is the first test: the code generated from hostile-service.json, whose
// documentation, enum values and names try to break out of comments and string literals, use
// keywords and standard type names, and recurse, must compile. These tests check its behaviour.

@Suite("Code generated from a hostile model")
struct HostileModelTests {
    @Test("enum values that look like code round-trip exactly")
    func enumValuesRoundTrip() throws {
        let expected = ["*/", "\"\"\"", "\\(x)", "#\"raw\"#", "a\\b", "line\nbreak", "ml.p4d.24xlarge", "2xlarge", "x-amz-*", "Active", "ACTIVE", "ünïcödé"]
        let raws = Weird.knownValues.map(\.rawValue)
        for value in expected { #expect(raws.contains(value)) }
        #expect(Set(raws).count == raws.count)
        #expect(Weird.mlP4d24xlarge.rawValue == "ml.p4d.24xlarge")
        #expect(Weird._2xlarge.rawValue == "2xlarge")
        #expect(Weird.Active != Weird.ACTIVE)
        for value in Weird.knownValues {
            let output = HostileOutput(weird: value)
            let data = try JSONEncoder().encode(output)
            #expect(try JSONDecoder().decode(HostileOutput.self, from: data).weird == value)
        }
    }

    @Test("a value the model does not know decodes and round-trips")
    func unknownEnumValue() throws {
        let output = try HostileOutput(jsonBytes: Array(#"{"weird":"added-next-year"}"#.utf8))
        #expect(output.weird?.rawValue == "added-next-year")
        #expect(output.weird?.isKnown == false)
        #expect(String(decoding: output.jsonBytes(), as: UTF8.self) == #"{"weird":"added-next-year"}"#)
    }

    @Test("shapes named after standard types do not shadow them")
    func reservedTypeNames() {
        let holder = StringStruct(data: Data([1, 2]), string: "plain")
        let text: Swift.String = holder.string!
        #expect(text == "plain")
        #expect(ErrorShape(value: "e").value == "e")
        #expect(DataShape(value: "d").value == "d")
        #expect(OptionalShape(value: "o").value == "o")
        #expect(SelfShape(value: "s").value == "s")
        #expect(TypeShape(value: "t").value == "t")
        #expect(ProtocolShape(value: "p").value == "p")
    }

    @Test("members named after keywords and generated members are usable")
    func keywordMembers() throws {
        let keywords = Keywords(class: "c", default: "d", encodeValue: "e", init_: "i", payload: "p", self_: "s")
        #expect(keywords.class == "c" && keywords.self_ == "s" && keywords.init_ == "i" && keywords.default == "d")
        let json = keywords.jsonValue()
        #expect(json["class"] == .string("c"))
        #expect(json["self"] == .string("s"))
        #expect(json["init"] == .string("i"))
        #expect(json["encode"] == .string("e"))
        #expect(try Keywords(json: json, path: .root) == keywords)
    }

    @Test("recursive structures and unions build, encode and decode")
    func recursion() throws {
        let leaf = Node(label: "leaf")
        let tree = Node(children: [leaf, leaf], label: "root", next: Node(label: "next", next: leaf))
        let decoded = try Node(jsonBytes: tree.jsonBytes())
        #expect(decoded == tree)
        #expect(decoded.next?.next?.label == "leaf")

        let a = A(b: B(a: A(name: "inner")), name: "outer")
        #expect(try A(jsonBytes: a.jsonBytes()).b?.a?.name == "inner")

        let expression = Expr.sum([.literal(1), .negate(.literal(2)), .class("x")])
        let roundTripped = try Expr(jsonBytes: expression.jsonBytes())
        #expect(roundTripped == expression)
        #expect(try Expr(jsonBytes: Array(#"{"addedLater":1}"#.utf8)) == .sdkUnknown("addedLater"))
        #expect(throws: AWSDecodingError.self) { try Expr(jsonBytes: Array(#"{"literal":1,"negate":{"literal":2}}"#.utf8)) }
    }

    @Test("sensitive members are redacted in description, debugDescription and dump")
    func sensitiveRedaction() {
        let input = HostileInput(id: "id-1", secret: "hunter2-secret")
        var dumped = ""
        dump(input, to: &dumped)
        for text in [String(describing: input), String(reflecting: input), dumped, "\(input)"] {
            #expect(!text.contains("hunter2-secret"))
            #expect(text.contains("<redacted>"))
        }
        #expect(input.secret == "hunter2-secret")
    }

    @Test("lists and maps of sensitive values are redacted whole, at any depth")
    func sensitiveCollectionsRedaction() {
        let output = HostileOutput(
            nestedSecretLists: [["nested-secret"]], secretKeyMap: ["key-secret": "plain"],
            secretList: ["list-secret"], secretMap: ["name": "map-secret"]
        )
        var dumped = ""
        dump(output, to: &dumped)
        for text in [String(describing: output), String(reflecting: output), dumped, "\(output)"] {
            for secret in ["nested-secret", "key-secret", "list-secret", "map-secret"] {
                #expect(!text.contains(secret), "\(secret) leaked into: \(text)")
            }
        }
        #expect(output.secretList == ["list-secret"] && output.secretMap?["name"] == "map-secret")
    }

    @Test("validation names the member and sends nothing")
    func validation() throws {
        let input = HostileInput(id: "x", secret: "")
        #expect(throws: AWSValidationError.self) { try input.validate(path: "HostileInput") }
        do {
            try input.validate(path: "HostileInput")
        } catch let error as AWSValidationError {
            #expect(error.path == "HostileInput.secret")
        }
    }

    @Test("deprecated shapes keep a usable type and a deprecated alias")
    func deprecated() {
        let old = _OldShape(x: 3)
        #expect(HostileInput(id: "a", secret: "b", oldShape: old).oldShape?.x == 3)
    }
}

@Suite("Paginators over sparse lists")
struct SparsePaginatorTests {
    @Test("a sparse result list gives optional items")
    func sparseItems() throws {
        let page = try ListThingsOutput(jsonBytes: Array(#"{"Things":["a",null,"b"]}"#.utf8))
        #expect(page.things == ["a", nil, "b"])
        let client = HostileClient(configuration: AWSClientConfiguration(region: "us-east-1"))
        let items: AWSPaginatorItems<AWSPaginator<ListThingsInput, ListThingsOutput, Swift.String>, Swift.String?> = client.listThingsItems(ListThingsInput())
        _ = items
    }
}

@Suite("Endpoint rules carried by code generated from a hostile model")
struct HostileEndpointRuleTests {
    @Test("the carried rule set, with quotes, hashes and backslashes, parses and resolves")
    func ruleSetResolves() throws {
        let ruleSet = try #require(try HostileClient.service.endpointRules())
        #expect(ruleSet.parameters.keys.contains("Id\"#\\(x)"))
        #expect(try ruleSet.resolve(["Region": .string("eu-west-1")]).url.absoluteString == "https://hostile.eu-west-1.amazonaws.com")
        #expect(try ruleSet.resolve(["Region": .string("eu-west-1"), "Id\"#\\(x)": .string("abc")]).url.absoluteString == "https://thing.hostile.eu-west-1.amazonaws.com")
        do {
            _ = try ruleSet.resolve([:])
            Issue.record("resolving without a region must fail")
        } catch let error as AWSEndpointResolutionError {
            #expect(error.message == "no region: \"# \\#(x) \"##")
        }
    }

    @Test("contextParam members and static and path parameters reach the descriptor and the input")
    func contextParameters() throws {
        let input = HostileInput(id: "abc", secret: "s", filter: ["a", "b"], weird: .mlP4d24xlarge)
        let values = input.endpointContextParameters
        #expect(values["Id\"#\\(x)"] == .string("abc"))
        #expect(values["Weird"] == .string("ml.p4d.24xlarge"))
        #expect(values["Filter"] == .stringArray(["a", "b"]))
        #expect(values["Old"] == nil)
        #expect(HostileClient.doHostileThingOperation.staticContextParameters == ["Static\"##": .bool(true), "Kind": .string("thing */")])
        #expect(HostileClient.listThingsOperation.operationContextParameters == ["Things": "items[*].name"])
    }
}

@Suite("Waiters generated from a hostile model")
struct HostileWaiterTests {
    /// Answers every request with the given JSON body, without any I/O.
    struct CannedTransport: AWSHTTPTransport {
        let status: Int
        let body: String
        func send(_ request: AWSHTTPRequest, timeout: Duration) async throws -> AWSHTTPResponse {
            AWSHTTPResponse(statusCode: status, headers: ["Content-Type": "application/json"], body: .bytes(Array(body.utf8)))
        }
    }

    static func client(status: Int = 200, _ body: String) -> HostileClient {
        HostileClient(configuration: AWSClientConfiguration(
            region: "us-east-1", credentialProvider: StaticCredentialProvider(accessKeyID: "a", secretAccessKey: "b"),
            transport: CannedTransport(status: status, body: body)
        ))
    }

    @Test("expected values and expressions with quotes, backslashes and comment ends match exactly")
    func hostileStrings() async throws {
        let options = AWSWaiterOptions(clock: AWSVirtualWaiterClock())
        let input = HostileInput(id: "a", secret: "b", path: "p/q")
        // The success acceptor's expected string, character for character.
        let hostile = ##"{"weird": "\"\"\"\\(x)#\"raw\"#*/\nünïcödé"}"##
        let done = try await Self.client(hostile).waitUntilClass(input, options: options)
        #expect(done.attempts == 1)
        // The failure acceptor: a raw string literal with an escaped quote and a backslash pair, which a raw
        // string keeps (as the reference implementation does): the value has two backslashes.
        do {
            try await Self.client(#"{"weird": "a'b\\\\c"}"#).waitUntilClass(input, options: options)
            Issue.record("the failure acceptor did not match")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .failureStateMatched(#"failure when weird == 'a\'b\\c' && status == `200` == true"#))
        }
        // Neither: retried until the attempts (2) run out.
        do {
            try await Self.client(#"{"weird": "other"}"#).waitUntilClass(input, options: options)
            Issue.record("a wait without a match succeeded")
        } catch let error as AWSWaiterError {
            #expect(error.reason == .tooManyAttempts && error.attempts == 2)
        }
    }
}
