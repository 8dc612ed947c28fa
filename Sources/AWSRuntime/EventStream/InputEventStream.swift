import Foundation

/// The events of an operation's input event stream (`InvokeModelWithBidirectionalStreamInput`):
/// generated code makes each such union an enum with one case per event type, and writes each event
/// as a message.
public protocol AWSEventStreamInputUnion: Sendable {
    /// The event as a message: `:event-type`, `:message-type`, `:content-type` and the event's header
    /// members as headers, its payload member or its body as the payload.
    func eventMessage(encoder: AWSEventEncoder) throws -> AWSEventStreamMessage
}

/// Writes an event's members into a message by the service's protocol, as the input of an
/// operation is written into a request.
public struct AWSEventEncoder: Sendable {
    let wire: WireProtocol

    /// The message for an event structure of type `eventType`. (The protocols whose models have input
    /// streams, rest-json and json, write an event's body as JSON.)
    public func message<Event: AWSShape>(_ eventType: String, _ event: Event) throws -> AWSEventStreamMessage {
        let writer = ShapeWriter.request(encoding: event)
        let parts = writer.request!
        let payload: [UInt8]
        var contentType = "application/json"
        if parts.hasPayloadMember {
            payload = parts.payload?.bytes ?? (parts.payloadIsStructured ? Array("{}".utf8) : [])
            if let type = parts.payload?.contentType { contentType = type }
        } else {
            payload = JSONSerializer.serialize(.object(writer.object))
        }
        var headers = [
            AWSEventStreamHeader(":event-type", .string(eventType)),
            AWSEventStreamHeader(":message-type", .string("event")),
            AWSEventStreamHeader(":content-type", .string(contentType)),
        ]
        for field in parts.headers where !field.name.hasPrefix(":") {
            headers.append(AWSEventStreamHeader(field.name, .string(field.value)))
        }
        return AWSEventStreamMessage(headers: headers, payload: payload)
    }

    /// The error for an event of a type the model does not know, which cannot be sent.
    public static func unknownEvent(_ type: String) -> AWSValidationError {
        AWSValidationError(path: type, message: "an event of a type this model does not know cannot be sent")
    }
}

/// An input's event stream with its element type erased, kept by the request until it is sent.
struct InputEventStream: Sendable {
    /// The events as messages, pulled one at a time.
    let messages: @Sendable (AWSEventEncoder) -> AsyncThrowingStream<AWSEventStreamMessage, any Error>

    init<Event: AWSEventStreamInputUnion>(_ events: AWSEventStream<Event>) {
        messages = { encoder in
            let iterator = UncheckedIteratorBox(events.makeAsyncIterator())
            return AsyncThrowingStream(unfolding: { try await iterator.next()?.eventMessage(encoder: encoder) })
        }
    }

    /// The request body: each message encoded, and with a signer wrapped in its signed envelope,
    /// then (with a signer) the signed empty envelope that ends the stream. Pulled as the
    /// connection takes it.
    func body(encoder: AWSEventEncoder, signer: AWSEventStreamSigner?) -> AsyncThrowingStream<[UInt8], any Error> {
        let state = SigningState(messages: messages(encoder).makeAsyncIterator(), signer: signer)
        return AsyncThrowingStream(unfolding: { try await state.nextChunk() })
    }

    /// The messages still to send and the signature chain; used by the body's one reader.
    private final class SigningState: @unchecked Sendable {
        var messages: AsyncThrowingStream<AWSEventStreamMessage, any Error>.AsyncIterator
        var signer: AWSEventStreamSigner?
        var ended = false

        init(messages: AsyncThrowingStream<AWSEventStreamMessage, any Error>.AsyncIterator, signer: AWSEventStreamSigner?) {
            self.messages = messages
            self.signer = signer
        }

        func nextChunk() async throws -> [UInt8]? {
            if ended { return nil }
            guard let message = try await messages.next() else {
                ended = true
                return try signer?.sign([]).encoded()
            }
            let encoded = try message.encoded()
            guard signer != nil else { return encoded }
            return try signer!.sign(encoded).encoded()
        }
    }
}

extension ShapeWriter {
    /// An input's event stream, the request's body.
    public mutating func eventStream<Event: AWSEventStreamInputUnion>(_ member: String, _ stream: AWSEventStream<Event>) {
        guard request != nil else { return }
        request!.hasPayloadMember = true
        request!.inputEventStream = InputEventStream(stream)
    }
}
