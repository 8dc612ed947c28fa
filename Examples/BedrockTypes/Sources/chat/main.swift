import BedrockRuntimeChat
import Foundation

/// Streams a Bedrock conversation and prints the model's tokens as they arrive; Ctrl-C cancels the
/// stream (and closes its connection) and prints what arrived so far.
///
///     swift run chat [--endpoint URL] [--model-id ID] "your prompt"
///
/// Authenticates with a Bedrock API key in AWS_BEARER_TOKEN_BEDROCK when it is set, else with SigV4
/// credentials from the environment or ~/.aws; region from AWS_REGION or the profile, us-east-1 otherwise.
let arguments = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
    return arguments[index + 1]
}
let optionValues = Set(["--endpoint", "--model-id"].compactMap { name in arguments.firstIndex(of: name).map { $0 + 1 } })
let prompt = arguments.enumerated().filter { !$0.element.hasPrefix("--") && !optionValues.contains($0.offset) }.map(\.element)
    .joined(separator: " ")

/// Writes straight to standard output, unbuffered, so each token shows as soon as it arrives.
func write(_ text: String) { FileHandle.standardOutput.write(Data(text.utf8)) }

var configuration = AWSClientConfiguration(endpoint: option("--endpoint").flatMap(URL.init(string:)))
if configuration.resolvedRegion() == nil { configuration.region = "us-east-1" }
let runtime = BedrockRuntimeClient(configuration: configuration)

let chat = Task {
    let response = try await runtime.converseStream(
        modelId: option("--model-id") ?? "anthropic.claude-3-haiku-20240307-v1:0",
        messages: [Message(content: [.text(prompt.isEmpty ? "Say hello" : prompt)], role: .user)]
    )
    for try await event in response.stream {
        switch event {
        case .contentBlockDelta(let delta):
            if case .text(let text) = delta.delta { write(text) }
        case .messageStop(let stop):
            write("\n[stop: \(stop.stopReason.rawValue)]\n")
        case .metadata(let metadata):
            write("[\(metadata.usage.inputTokens) tokens in, \(metadata.usage.outputTokens) out, \(metadata.metrics.latencyMs) ms]\n")
        default:
            break
        }
    }
}

// Ctrl-C cancels the stream rather than killing the process mid-line.
signal(SIGINT, SIG_IGN)
let interrupt = DispatchSource.makeSignalSource(signal: SIGINT)
interrupt.setEventHandler { chat.cancel() }
interrupt.resume()

do {
    try await chat.value
} catch is CancellationError {
    write("\n[cancelled]\n")
} catch {
    FileHandle.standardError.write(Data("\nerror: \(error)\n".utf8))
    exit(1)
}
