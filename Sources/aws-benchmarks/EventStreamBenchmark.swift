import AWSRuntime
import Foundation

/// Decodes an event stream of `MiB` mebibytes made of 1 KiB messages, fed in 16 KiB chunks as a
/// network read delivers them: messages per second and peak memory beyond the process's start.
/// The stream is produced chunk by chunk (never held whole), so a decoder whose memory grows with
/// the stream shows it. Run by scripts/benchmark-eventstream.sh beside botocore's EventStreamBuffer.
enum EventStreamBenchmark {
    static func run(_ arguments: [String]) throws {
        let mebibytes = Int(arguments.first ?? "") ?? 64
        let message = try AWSEventStreamMessage(
            headers: [
                AWSEventStreamHeader(":event-type", .string("contentBlockDelta")),
                AWSEventStreamHeader(":content-type", .string("application/json")),
                AWSEventStreamHeader(":message-type", .string("event")),
            ],
            payload: Array(repeating: UInt8(ascii: "x"), count: 1024 - 103)
        ).encoded()
        precondition(message.count == 1024, "the message is \(message.count) bytes")
        let total = mebibytes << 20
        // One period of chunks: the stream repeats every 16 messages, and chunk boundaries fall inside messages.
        let period = Array((0..<16).map { _ in message }.joined())
        let chunkSize = 16 * 1024 + 7
        DecoderMemoryBenchmark.resetPeak()
        let before = DecoderMemoryBenchmark.residentKiB("VmRSS")
        var decoder = AWSEventStreamDecoder()
        var messages = 0
        var payloadBytes = 0
        var offset = 0
        let start = ContinuousClock.now
        while offset < total {
            let length = min(chunkSize, total - offset)
            var chunk: [UInt8] = []
            chunk.reserveCapacity(length)
            var position = offset % period.count
            while chunk.count < length {
                let take = min(length - chunk.count, period.count - position)
                chunk.append(contentsOf: period[position..<(position + take)])
                position = 0
            }
            decoder.append(chunk)
            while let decoded = try decoder.next() {
                messages += 1
                payloadBytes += decoded.payload.count
            }
            offset += length
        }
        try decoder.finish()
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        let peak = DecoderMemoryBenchmark.residentKiB("VmHWM")
        print(String(
            format: "RESULT decoder=swift stream_mib=%d messages=%d seconds=%.3f messages_per_second=%.0f peak_extra_mib=%.1f payload=%d",
            mebibytes, messages, seconds, Double(messages) / seconds, Double(max(0, peak - before)) / 1024, payloadBytes
        ))
    }
}
