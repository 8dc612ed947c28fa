import Foundation
import Logging

/// The events of an operation's output event stream (`ConverseStreamOutput`): generated code
/// makes each event-stream union of the model an enum with one case per event type, and maps the
/// union's exception members to their error types.
public protocol AWSEventStreamUnion: Sendable {
    /// The event a message of type `eventType` (its `:event-type` header) carries; nil for an
    /// event type this version of the model does not know (the stream skips it).
    static func event(_ eventType: String, from message: AWSEventStreamMessage, decoder: AWSEventDecoder) throws -> Self?
    /// The modelled error an exception message of type `exceptionType` (`:exception-type`)
    /// carries; nil when the model does not list it (the stream throws `AWSUnknownServiceError`).
    static func exception(_ exceptionType: String, from message: AWSEventStreamMessage, decoder: AWSEventDecoder) throws -> (any Error)?
}

/// Reads an event's members from a message by the service's protocol: the payload is the event
/// structure's body (or its `eventpayload` member), and header members come from the message's
/// headers, exactly as an operation's output is read from an HTTP response.
public struct AWSEventDecoder: Sendable {
    let wire: WireProtocol
    let operation: AWSOperationDescriptor
    let service: AWSServiceDescriptor
    /// The HTTP status and request id of the response that carries the stream, for errors.
    let statusCode: Int
    let requestID: String?

    /// The event structure a message carries.
    public func decode<Event: AWSShape>(_ message: AWSEventStreamMessage, as type: Event.Type = Event.self) throws -> Event {
        var headers = AWSHTTPHeaders()
        for header in message.headers where !header.name.hasPrefix(":") {
            headers.add(name: header.name, value: header.value.httpFieldText)
        }
        let parts = HTTPResponseParts(statusCode: 200, headers: headers, body: message.payload)
        do {
            return try wire.decodeOutput(Event.self, response: parts, operation: operation, service: service)
        } catch var error as AWSDecodingError {
            error.shapeName = "the \(message.string(":event-type") ?? message.string(":exception-type") ?? "") event (\(Event.shapeName))"
            throw error
        }
    }

    /// The modelled error an exception message carries, with its code, message and the stream's
    /// request id.
    public func error<Failure: AWSServiceErrorShape>(_ type: Failure.Type, _ message: AWSEventStreamMessage) throws -> Failure {
        var error = try decode(message, as: Failure.self)
        error.errorMetadata = AWSErrorMetadata(
            code: Failure.errorCode, message: Self.message(in: message.payload), statusCode: statusCode, requestID: requestID
        )
        return error
    }

    /// The `message` of an exception's JSON payload, if it has one.
    static func message(in payload: [UInt8]) -> String? {
        guard case .object(let object)? = try? JSONParser.parse(payload) else { return nil }
        for key in ["message", "Message", "errorMessage"] {
            if case .string(let text)? = object[key] { return text }
        }
        return nil
    }
}

extension AWSEventStreamHeaderValue {
    /// The value as an HTTP header would carry it, for the readers of header-bound members.
    var httpFieldText: String {
        switch self {
        case .bool(let flag): flag ? "true" : "false"
        case .byte(let value): String(value)
        case .short(let value): String(value)
        case .integer(let value): String(value)
        case .long(let value): String(value)
        case .byteArray(let bytes): Data(bytes).base64EncodedString()
        case .string(let text): text
        case .timestamp(let milliseconds): Timestamps.format(Date(timeIntervalSince1970: Double(milliseconds) / 1000), as: .iso8601)
        case .uuid(let uuid): uuid.uuidString.lowercased()
        }
    }
}

/// A stream of events: a response's event stream, read from the network as you iterate, or an input
/// stream's events, sent as the connection takes them. For a response, the next bytes
/// are read only when you ask for the next event, so a slow consumer holds back the sender rather
/// than filling memory.
///
/// - Each event is an event-type case of `Event`. An exception event is thrown as its modelled
///   error type (`ThrottlingException`), an error message (`:message-type: error`) as
///   `AWSUnknownServiceError`, a broken stream as `AWSEventStreamError` or `AWSClientError`; the
///   stream ends there. Events of types the model does not know are skipped (and logged at debug
///   level), so a client keeps working when the service adds one.
/// - The stream is read once: iterators share the one connection, and what one took the next
///   does not see.
/// - Cancelling the iterating task, or dropping the stream before its end, closes the connection.
public struct AWSEventStream<Event: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Event

    fileprivate enum Storage: Sendable {
        /// A response's stream: messages, and how to turn one into an event (nil: skip it).
        case response(EventStreamSource, @Sendable (AWSEventStreamMessage) throws -> Event?)
        case events([Event])
        case sequence(AsyncThrowingStream<Event, any Error>)
    }
    private let storage: Storage

    /// A stream of the given events, as a response would deliver them, or as an input stream
    /// sends them: for tests, previews, and inputs known in advance.
    public init(events: [Event]) {
        storage = .events(events)
    }

    /// The events of an asynchronous sequence, taken one at a time as the stream is read (for an
    /// input stream: as the connection can send them), so a slow network holds the producer back.
    public init<Events: AsyncSequence & Sendable>(_ events: Events) where Events.Element == Event {
        let iterator = UncheckedIteratorBox(events.makeAsyncIterator())
        storage = .sequence(AsyncThrowingStream(unfolding: { try await iterator.next() }))
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(storage: storage) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        private let storage: Storage
        private var index = 0
        private var sequenceIterator: AsyncThrowingStream<Event, any Error>.AsyncIterator?

        fileprivate init(storage: Storage) {
            self.storage = storage
            if case .sequence(let stream) = storage { sequenceIterator = stream.makeAsyncIterator() }
        }

        public mutating func next() async throws -> Event? {
            switch storage {
            case .events(let events):
                guard index < events.count else { return nil }
                defer { index += 1 }
                return events[index]
            case .sequence:
                return try await sequenceIterator?.next()
            case .response(let source, let event):
                while let message = try await source.nextMessage() {
                    do {
                        if let value = try event(message) { return value }
                    } catch {
                        source.end()
                        throw error
                    }
                }
                return nil
            }
        }
    }
}

extension AWSEventStream where Event: AWSEventStreamUnion {
    /// The stream of a response, read from `source`.
    init(source: EventStreamSource, decoder: AWSEventDecoder, logger: Logger) {
        storage = .response(source, { message in try Self.event(from: message, decoder: decoder, logger: logger) })
    }

    /// The event a message carries, nil for one to skip; throws the error an exception or error
    /// message carries.
    private static func event(from message: AWSEventStreamMessage, decoder: AWSEventDecoder, logger: Logger) throws -> Event? {
        switch message.string(":message-type") {
        case "exception":
            let type = message.string(":exception-type") ?? ""
            if let error = try Event.exception(type, from: message, decoder: decoder) { throw error }
            throw AWSUnknownServiceError(metadata: AWSErrorMetadata(
                code: type, message: AWSEventDecoder.message(in: message.payload), statusCode: decoder.statusCode, requestID: decoder.requestID
            ))
        case "error":
            throw AWSUnknownServiceError(metadata: AWSErrorMetadata(
                code: message.string(":error-code") ?? "", message: message.string(":error-message"),
                statusCode: decoder.statusCode, requestID: decoder.requestID
            ))
        default:
            guard let type = message.string(":event-type") else {
                logger.debug("skipped an event-stream message without an :event-type header")
                return nil
            }
            if let event = try Event.event(type, from: message, decoder: decoder) { return event }
            if type != "initial-response" {
                logger.debug("skipped an event of a type the model does not know", metadata: ["event-type": "\(type)"])
            }
            return nil
        }
    }
}

/// The messages of one response's event stream, decoded from the body's chunks as they are asked
/// for. Shared by the output (which may take an `initial-response` message first) and the event
/// sequence; a class because the connection behind it can be read only once.
///
/// Only one task reads it at a time (an `AsyncIteratorProtocol` is not iterated concurrently), so
/// its state needs no lock; that is what the unchecked `Sendable` promises.
final class EventStreamSource: @unchecked Sendable {
    private var chunks: AsyncThrowingStream<[UInt8], any Error>.AsyncIterator?
    private var decoder = AWSEventStreamDecoder()
    private var pushedBack: AWSEventStreamMessage?
    private var bodyEnded = false

    init(chunks: AsyncThrowingStream<[UInt8], any Error>) {
        self.chunks = chunks.makeAsyncIterator()
    }

    /// The next message; nil at the end of the stream. A stream that ends inside a message, or a
    /// message that cannot be read, is an `AWSEventStreamError`, and the stream ends there.
    func nextMessage() async throws -> AWSEventStreamMessage? {
        if let message = pushedBack {
            pushedBack = nil
            return message
        }
        while true {
            do {
                if let message = try decoder.next() { return message }
                if bodyEnded { return nil }
                if let chunk = try await chunks?.next() {
                    decoder.append(chunk)
                } else {
                    bodyEnded = true
                    try decoder.finish()
                }
            } catch {
                end()
                throw error
            }
        }
    }

    /// Puts a message back, to be returned by the next `nextMessage()`.
    func pushBack(_ message: AWSEventStreamMessage) { pushedBack = message }

    /// Ends the stream: drops the connection's body (which closes the connection if it was not
    /// read to its end) and returns nil from now on.
    func end() {
        chunks = nil
        bodyEnded = true
        decoder = AWSEventStreamDecoder()
        pushedBack = nil
    }
}

/// An iterator held by a stream's unfolding closure. Only the stream's one consumer calls `next()`,
/// one call at a time, which is what makes the unchecked `Sendable` sound.
final class UncheckedIteratorBox<Iterator: AsyncIteratorProtocol>: @unchecked Sendable {
    private var iterator: Iterator
    init(_ iterator: Iterator) { self.iterator = iterator }
    func next() async throws -> Iterator.Element? { try await iterator.next() }
}

/// The event stream of the response whose output is being read; `ShapeReader.eventStream()` gives
/// it to the output's stream member. (A task-local value, because the output is read by each
/// protocol's own decoder, which knows nothing of streams.)
enum PendingEventStream {
    struct Binding: Sendable {
        let source: EventStreamSource
        let decoder: AWSEventDecoder
        let logger: Logger
    }
    @TaskLocal static var current: Binding?
}

extension ShapeReader {
    /// An input's event stream cannot be read back (from a JSON form, say): its events are sent, not stored.
    public func inputEventStream<Event: Sendable>() throws -> AWSEventStream<Event> {
        throw AWSDecodingError(path: path, message: "an input event stream cannot be read; its events are sent, not stored")
    }

    /// The event stream of the response being read, for the output's event-stream member.
    public func eventStream<Event: AWSEventStreamUnion>() throws -> AWSEventStream<Event> {
        guard let binding = PendingEventStream.current else {
            throw AWSDecodingError(path: path, message: "an event stream can only be read from a response, not from a JSON document")
        }
        return AWSEventStream(source: binding.source, decoder: binding.decoder, logger: binding.logger)
    }
}

extension AWSClient {
    /// Calls an operation whose output has an event stream or a streaming payload
    /// (`operation.streamsOutputPayload`); checks the input against the model's constraints first.
    /// Returns once the response head (and, on RPC protocols, the `initial-response` event) has
    /// arrived: the output's other members are set, and its stream member yields the events or
    /// the bytes as they arrive.
    public func executeStreaming<Input: AWSValidatingShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> Output {
        var context = AWSCallContext(serviceId: service.serviceId, operationName: operation.name)
        return try await reportingErrors(context) {
            try validate(input)
            return try await callStreaming(operation, input: input, output: output, context: &context)
        }
    }

    /// Calls an operation whose output has an event stream or a streaming payload (its input has no constraints).
    public func executeStreaming<Input: AWSShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type
    ) async throws -> Output {
        var context = AWSCallContext(serviceId: service.serviceId, operationName: operation.name)
        return try await reportingErrors(context) { try await callStreaming(operation, input: input, output: output, context: &context) }
    }

    private func callStreaming<Input: AWSShape, Output: AWSShape>(
        _ operation: AWSOperationDescriptor, input: Input, output: Output.Type, context: inout AWSCallContext
    ) async throws -> Output {
        var response = try await send(operation, input: input, context: &context, streamsResponse: true)
        let wire = try wireProtocol()
        let body = response.body
        let chunks = response.bodyStream ?? AsyncThrowingStream { continuation in
            // A transport that does not stream returned the body whole.
            continuation.yield(body)
            continuation.finish()
        }
        response.body = []
        response.bodyStream = nil
        if operation.streamsOutputPayload {
            // A streaming blob payload: the body goes to the output as it is, unread.
            let length = response.headers["Content-Length"].flatMap(Int.init)
            do {
                return try PendingByteStream.$current.withValue(AWSByteStream(response: chunks, length: length)) {
                    try wire.decodeOutput(Output.self, response: response, operation: operation, service: service)
                }
            } catch var error as AWSDecodingError {
                error.shapeName = Output.shapeName
                throw error
            }
        }
        let source = EventStreamSource(chunks: chunks)
        let requestID = response.headers["x-amzn-RequestId"] ?? response.headers["x-amz-request-id"]
        let decoder = AWSEventDecoder(wire: wire, operation: operation, service: service, statusCode: response.statusCode, requestID: requestID)
        // RPC protocols carry the output's other members in a first `initial-response` event
        // rather than in headers.
        if wire == .json || wire == .rpcV2CBOR, let first = try await source.nextMessage() {
            if first.string(":message-type") == "event", first.string(":event-type") == "initial-response" {
                response.body = first.payload
            } else {
                source.pushBack(first)
            }
        }
        var logger = configuration.logger
        logger[metadataKey: "aws.operation"] = "\(service.serviceId).\(operation.name)"
        let binding = PendingEventStream.Binding(source: source, decoder: decoder, logger: logger)
        do {
            return try PendingEventStream.$current.withValue(binding) {
                try wire.decodeOutput(Output.self, response: response, operation: operation, service: service)
            }
        } catch var error as AWSDecodingError {
            error.shapeName = Output.shapeName
            throw error
        }
    }
}
