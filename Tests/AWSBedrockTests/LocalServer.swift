import Foundation

/// A server process the tests start themselves (moto, the Bedrock stand-in), on 127.0.0.1 with
/// a port it chooses and announces as `PORT <n>`. It exits when our pipe to its standard input
/// closes, so it never outlives the test process.
final class LocalServer: @unchecked Sendable {
    let port: Int
    /// Further ports the server announced on the same line (`PORT <n> <m> ...`).
    let otherPorts: [Int]
    private let process: Process
    private let input: Pipe

    var endpoint: URL { URL(string: "http://127.0.0.1:\(port)")! }
    /// The HTTPS endpoint on the first further port (the stand-ins' HTTP/2 side).
    var secureEndpoint: URL? { otherPorts.first.map { URL(string: "https://127.0.0.1:\($0)")! } }

    init(python: String, script: String, arguments: [String] = []) throws {
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script] + arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()

        // Read the "PORT <n>" line, within 60 seconds.
        let reader = output.fileHandleForReading
        let box = PortBox()
        let thread = Thread {
            var line = Data()
            while true {
                let byte = reader.readData(ofLength: 1)
                if byte.isEmpty || byte == Data("\n".utf8) { break }
                line.append(byte)
            }
            box.set(String(decoding: line, as: UTF8.self))
        }
        thread.start()
        let ports = box.wait(seconds: 60) ? (box.value ?? "").split(separator: " ").dropFirst().compactMap { Int($0) } : []
        guard let text = box.value, text.hasPrefix("PORT "), let port = ports.first else {
            process.terminate()
            throw ServerError("\(script) did not start (it said: \(box.value ?? "nothing"))")
        }
        self.port = port
        self.otherPorts = Array(ports.dropFirst())
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
    }

    deinit { stop() }
}

private final class PortBox: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    private(set) var value: String?
    func set(_ text: String) { value = text; semaphore.signal() }
    func wait(seconds: Int) -> Bool { semaphore.wait(timeout: .now() + .seconds(seconds)) == .success }
}

struct ServerError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// The servers the end-to-end tests need, started once per test process.
enum Servers {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let accessKey = "AKIDLOCALTEST"
    static let secretKey = "local/test+secret"
    /// The Bedrock API key the Bedrock Runtime stand-in accepts as `Authorization: Bearer`.
    static let bearerToken = "ABSKQmVkcm9ja0FQSUtleS1leGFtcGxl"

    /// In CI a missing server fails the run; elsewhere the tests that need one are skipped, loudly.
    static let isCI: Bool = {
        let value = ProcessInfo.processInfo.environment["CI"]?.lowercased() ?? ""
        return !value.isEmpty && value != "false" && value != "0"
    }()

    static let python: String? = {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for folder in path.split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// Whether `python3` can import `module`.
    static func canImport(_ module: String) -> Bool {
        guard let python else { return false }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-c", "import \(module)"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return false }
        process.waitUntilExit()
        return process.terminationStatus == 0
    }

    static let motoAvailable = canImport("moto.server")
    static let botocoreAvailable = canImport("botocore.auth")

    /// Enabled when the server can run, or in CI (where its absence must fail the run).
    static var motoTrait: Bool {
        if !motoAvailable && !isCI { print("⚠️ SKIPPED: moto is not installed for python3 (pip install 'moto[server]'); the moto end-to-end tests did not run") }
        return motoAvailable || isCI
    }

    static let eventSignerAvailable = canImport("amazon_transcribe.eventstream")

    /// Enabled when AWS's Python event signer (amazon-transcribe) is installed, or in CI.
    static var eventSignerTrait: Bool {
        if !eventSignerAvailable && !isCI { print("⚠️ SKIPPED: amazon-transcribe is not installed for python3 (pip install amazon-transcribe==0.6.4); the event-signing tests did not run") }
        return eventSignerAvailable || isCI
    }

    static var stubTrait: Bool {
        if !botocoreAvailable && !isCI { print("⚠️ SKIPPED: botocore is not installed for python3 (pip install botocore); the GetImportedModel end-to-end tests did not run") }
        return botocoreAvailable || isCI
    }

    private static let motoServer = Result { () throws -> LocalServer in
        guard let python else { throw ServerError("python3 is not on PATH") }
        return try LocalServer(python: python, script: packageRoot.appendingPathComponent("Tests/Servers/moto_server.py").path)
    }

    private static let bedrockStub = Result { () throws -> LocalServer in
        guard let python else { throw ServerError("python3 is not on PATH") }
        return try LocalServer(python: python, script: packageRoot.appendingPathComponent("Tests/Servers/bedrock_stub_server.py").path, arguments: [accessKey, secretKey])
    }

    /// Where the Bedrock Runtime stand-in writes the certificate of the authority that issued its
    /// HTTP/2 endpoint's certificate (the test's `AWS_CA_BUNDLE`).
    static let runtimeStubCAFile = FileManager.default.temporaryDirectory
        .appendingPathComponent("bedrock-runtime-stub-ca-\(ProcessInfo.processInfo.processIdentifier).pem").path

    private static let bedrockRuntimeStub = Result { () throws -> LocalServer in
        guard let python else { throw ServerError("python3 is not on PATH") }
        return try LocalServer(
            python: python, script: packageRoot.appendingPathComponent("Tests/Servers/bedrock_runtime_stub_server.py").path,
            arguments: [accessKey, secretKey, bearerToken, runtimeStubCAFile]
        )
    }

    private static let hostileServer = Result { () throws -> LocalServer in
        guard let python else { throw ServerError("python3 is not on PATH") }
        return try LocalServer(python: python, script: packageRoot.appendingPathComponent("Tests/Servers/hostile_server.py").path)
    }

    private static let tamperProxy = Result { () throws -> LocalServer in
        guard let python else { throw ServerError("python3 is not on PATH") }
        return try LocalServer(python: python, script: packageRoot.appendingPathComponent("Tests/Servers/tamper_proxy.py").path, arguments: [String(moto().port)])
    }

    private static let credentialsStandIn = Result { () throws -> LocalServer in
        guard let python else { throw ServerError("python3 is not on PATH") }
        return try LocalServer(python: python, script: packageRoot.appendingPathComponent("Tests/Servers/credentials_server.py").path)
    }

    private static let proxyServer = Result { () throws -> LocalServer in
        guard let python else { throw ServerError("python3 is not on PATH") }
        return try LocalServer(python: python, script: packageRoot.appendingPathComponent("Tests/Servers/forward_proxy.py").path)
    }

    static func moto() throws -> LocalServer { try motoServer.get() }
    /// `Tests/Servers/forward_proxy.py`: a forward proxy with basic authentication and CONNECT tunnels.
    static func proxy() throws -> LocalServer { try proxyServer.get() }
    /// `Tests/Servers/credentials_server.py`: IMDSv2, container credentials, the SSO portal and SSO OIDC.
    static func credentials() throws -> LocalServer { try credentialsStandIn.get() }
    /// `Tests/Servers/tamper_proxy.py` in front of moto: flips a byte of GET bodies whose path says "tamper".
    static func tamperingProxy() throws -> LocalServer { try tamperProxy.get() }
    /// `Tests/Servers/hostile_server.py`: scripted misbehaviour (redirects, trickled bodies, bombs).
    static func hostile() throws -> LocalServer { try hostileServer.get() }

    /// Runs a Python script of the test tree and returns what it printed.
    static func runPython(_ script: String, _ arguments: [String]) throws -> Data {
        guard let python else { throw ServerError("python3 is not on PATH") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [packageRoot.appendingPathComponent(script).path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.standardError
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw ServerError("\(script) exited with \(process.terminationStatus)") }
        return data
    }

    static var pythonTrait: Bool {
        if python == nil && !isCI { print("⚠️ SKIPPED: python3 is not on PATH; the hostile-server tests did not run") }
        return python != nil || isCI
    }
    static func stub() throws -> LocalServer { try bedrockStub.get() }
    /// `Tests/Servers/bedrock_runtime_stub_server.py`: ConverseStream and InvokeModelWithResponseStream.
    static func runtimeStub() throws -> LocalServer { try bedrockRuntimeStub.get() }
}
