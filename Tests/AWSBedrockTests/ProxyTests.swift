@testable import AWSRuntime
import Foundation
import IntegrationSTS
import Testing

/// Requests through `HTTP_PROXY` / `HTTPS_PROXY` and around them for `NO_PROXY`, against a real
/// forward proxy (`Tests/Servers/forward_proxy.py`, with basic authentication and CONNECT tunnels).
@Suite("Proxies from the environment", .serialized, .enabled(if: Servers.motoTrait))
struct ProxyTests {
    struct Stats: Decodable {
        var forwarded: Int
        var tunnels: Int
        var hosts: [String]
        var refused: Int
    }

    func stats(_ proxy: LocalServer) async throws -> Stats {
        let response = try await AsyncHTTPClientTransport().send(AWSHTTPRequest(method: "GET", url: proxy.endpoint.appendingPathComponent("__stats")), timeout: .seconds(60))
        return try JSONDecoder().decode(Stats.self, from: Data(try await response.body.collect()))
    }

    func proxyURL(_ proxy: LocalServer, password: String = "proxy%20secret") -> String {
        "http://proxyuser:\(password)@127.0.0.1:\(proxy.port)"
    }

    @Test("NO_PROXY: names cover their subdomains, CIDR blocks and ports match, * covers everything")
    func bypassRules() throws {
        let settings = AWSProxySettings(https: .init(host: "proxy", port: 3128), noProxy: [".internal.example", "10.0.0.0/8", "localhost:8080", "*.corp"])
        func bypasses(_ url: String) -> Bool { settings.bypasses(URL(string: url)!) }
        #expect(bypasses("https://a.internal.example/x") && bypasses("https://internal.example"))
        #expect(!bypasses("https://notinternal.example") && !bypasses("https://sts.us-east-1.amazonaws.com"))
        #expect(bypasses("http://10.1.2.3:9000") && !bypasses("http://11.1.2.3"))
        #expect(bypasses("http://localhost:8080") && !bypasses("http://localhost:8081"))
        #expect(bypasses("https://git.corp"))
        #expect(AWSProxySettings(noProxy: ["*"]).bypasses(URL(string: "https://anything.example")!))
        let parsed = try AWSProxySettings.fromEnvironment(["https_proxy": "http://u:p%40ss@proxy.corp:3128", "HTTP_PROXY": "proxy.corp", "NO_PROXY": "a, b"])
        #expect(parsed.https == .init(host: "proxy.corp", port: 3128, username: "u", password: "p@ss"))
        #expect(parsed.http == .init(host: "proxy.corp", port: 80) && parsed.noProxy == ["a", "b"])
        #expect(throws: AWSConfigurationError.self) { try AWSProxySettings.fromEnvironment(["HTTPS_PROXY": "socks5://proxy:1080"]) }
    }

    @Test("a generated client's calls go through HTTP_PROXY with its credentials, and around it for NO_PROXY")
    func httpProxy() async throws {
        let proxy = try Servers.proxy()
        let moto = try Servers.moto()
        func sts(_ environment: [String: String]) -> STSClient {
            STSClient(configuration: AWSClientConfiguration(
                region: "us-east-1", endpoint: moto.endpoint,
                credentialProvider: StaticCredentialProvider(accessKeyID: "testing", secretAccessKey: "testing"),
                environment: environment
            ))
        }
        let before = try await stats(proxy)
        _ = try await sts(["HTTP_PROXY": proxyURL(proxy)]).getCallerIdentity()
        // AsyncHTTPClient reaches http targets through a CONNECT tunnel as well.
        let after = try await stats(proxy)
        #expect(after.forwarded + after.tunnels == before.forwarded + before.tunnels + 1)
        #expect(after.hosts.last == "127.0.0.1:\(moto.port)")

        _ = try await sts(["HTTP_PROXY": proxyURL(proxy), "NO_PROXY": "localhost,127.0.0.0/8"]).getCallerIdentity()
        let direct = try await stats(proxy)
        #expect(direct.forwarded + direct.tunnels == after.forwarded + after.tunnels, "NO_PROXY went direct")

        // Wrong proxy credentials: the proxy's 407 is the call's error, not a silent direct connection.
        await #expect(throws: (any Error).self) { try await sts(["HTTP_PROXY": proxyURL(proxy, password: "wrong")]).getCallerIdentity() }
        #expect(try await stats(proxy).refused > after.refused)
        // A proxy variable that is no proxy URL fails the call and names it.
        await #expect { try await sts(["HTTP_PROXY": "ftp://proxy"]).getCallerIdentity() } throws: { "\($0)".contains("HTTP_PROXY") }
    }

    @Test("https goes through HTTPS_PROXY in a CONNECT tunnel, the certificate checked end to end")
    func httpsTunnel() async throws {
        let proxy = try Servers.proxy()
        let stub = try Servers.runtimeStub()
        let endpoint = try #require(stub.secureEndpoint)
        let settings = AsyncHTTPClientTransport.Settings(
            caBundlePath: Servers.runtimeStubCAFile, proxies: try AWSProxySettings.fromEnvironment(["HTTPS_PROXY": proxyURL(proxy)])
        )
        let before = try await stats(proxy)
        let response = try await AsyncHTTPClientTransport(settings: settings).send(
            AWSHTTPRequest(method: "GET", url: endpoint.appendingPathComponent("no-such-path")), timeout: .seconds(60)
        )
        #expect(response.statusCode >= 400, "the stand-in answered through the tunnel")
        let after = try await stats(proxy)
        #expect(after.tunnels == before.tunnels + 1 && after.hosts.last == "127.0.0.1:\(endpoint.port!)")
        // Through the tunnel the client still checks the server's certificate against its own authorities.
        let untrusting = AsyncHTTPClientTransport.Settings(
            caBundlePath: Servers.runtimeStubCAFile + ".other.pem", proxies: settings.proxies
        )
        await #expect(throws: (any Error).self) {
            try await AsyncHTTPClientTransport(settings: untrusting).send(AWSHTTPRequest(method: "GET", url: endpoint), timeout: .seconds(60))
        }
    }
}
