import Foundation

/// Credentials printed by a command (a profile's `credential_process`), as the AWS CLI runs it:
/// the command line split as a shell would (quotes, backslashes) and run without a shell; the
/// command prints `{"Version": 1, "AccessKeyId": …, "SecretAccessKey": …, "SessionToken": …,
/// "Expiration": …}` and exits 0. Unlike botocore, which waits forever, a command that does not
/// finish within `timeout` is stopped and is an error.
public struct ProcessCredentialProvider: AWSCredentialProvider {
    public let commandLine: String
    public let timeout: Duration
    let environment: [String: String]
    /// The profile it came from, for messages.
    let profile: String?

    public init(commandLine: String, timeout: Duration = .seconds(60), environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.init(commandLine: commandLine, timeout: timeout, environment: environment, profile: nil)
    }

    init(commandLine: String, timeout: Duration, environment: [String: String], profile: String?) {
        self.commandLine = commandLine
        self.timeout = timeout
        self.environment = environment
        self.profile = profile
    }

    public var sourceName: String { "custom-process" }

    private var source: String { profile.map { "the credential_process of the profile '\($0)'" } ?? "the credential process" }

    public func credentials() async throws -> AWSCredentials {
        guard let words = SharedConfigParser.shellWords(commandLine), let program = words.first else {
            throw AWSCredentialSourceError("\(source) is not a command line (empty, or an unterminated quote)")
        }
        let output = try await run(program: program, arguments: Array(words.dropFirst()))
        let object = try CredentialEndpoint.object(output, from: source)
        guard case .integer(1)? = object["Version"] else {
            throw AWSCredentialSourceError("\(source) printed a document whose Version is not 1")
        }
        return try CredentialEndpoint.credentials(from: object, source: source)
    }

    /// Runs the command and returns what it printed; an error with the exit status and the first
    /// line of standard error when it fails.
    private func run(program: String, arguments: [String]) async throws -> [UInt8] {
        let process = Process()
        if program.contains("/") {
            process.executableURL = URL(fileURLWithPath: AWSSharedConfigFiles.expandTilde(environment["HOME"] ?? NSHomeDirectory())(program))
            process.arguments = arguments
        } else {
            // Found on PATH, as Python's subprocess finds it.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [program] + arguments
        }
        process.environment = environment
        let standardOutput = Pipe()
        let standardError = Pipe()
        process.standardOutput = standardOutput
        process.standardError = standardError
        process.standardInput = FileHandle.nullDevice
        let finished = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { process in
            finished.continuation.yield(process.terminationStatus)
            finished.continuation.finish()
        }
        do {
            try process.run()
        } catch {
            throw AWSCredentialSourceError("\(source) could not start '\(program)': \(error.localizedDescription)")
        }
        // Read both pipes while the command runs, so a chatty command cannot block on a full pipe.
        // Unstructured, so a stopped command's readers can be left behind (a grandchild may hold the pipe).
        let output = Self.readAll(standardOutput.fileHandleForReading)
        let errors = Self.readAll(standardError.fileHandleForReading)
        let timeout = self.timeout
        let status: Int32? = await withTaskGroup(of: Int32?.self) { group in
            group.addTask {
                var iterator = finished.stream.makeAsyncIterator()
                return await iterator.next()
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        guard let status else {
            process.terminate()
            throw AWSCredentialSourceError("\(source) did not finish within \(timeout) and was stopped")
        }
        let printed = await output.value
        let complaint = await errors.value
        guard status == 0 else {
            let firstLine = String(decoding: complaint.prefix(500), as: UTF8.self).split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            throw AWSCredentialSourceError("\(source) exited with status \(status)\(firstLine.isEmpty ? "" : ": \(firstLine)")")
        }
        return printed
    }

    /// Reads a pipe to its end on a Dispatch thread: a blocking read must not hold one of the
    /// few threads of Swift's cooperative pool.
    private static func readAll(_ handle: FileHandle) -> Task<[UInt8], Never> {
        Task {
            await withCheckedContinuation { continuation in
                DispatchQueue.global().async {
                    continuation.resume(returning: (try? handle.readToEnd()).map { [UInt8]($0.prefix(CredentialEndpoint.maximumBodySize)) } ?? [])
                }
            }
        }
    }
}
