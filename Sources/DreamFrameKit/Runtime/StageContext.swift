import Foundation
import Logging

/// What a handler can use: configuration, logging, the pipeline's Redis state and output files, and publishing.
public struct StageContext: Sendable {
    public let logger: Logger
    public let topology: Topology
    public let state: PipelineState
    public let layout: OutputLayout
    let publisher: AMQPPublisher

    public init(logger: Logger, topology: Topology, state: PipelineState, layout: OutputLayout, publisher: AMQPPublisher) {
        self.logger = logger
        self.topology = topology
        self.state = state
        self.layout = layout
        self.publisher = publisher
    }

    /// Publishes messages now and waits for their confirms (for handlers that must publish before a later step).
    public func publish(_ envelopes: [Envelope]) async throws {
        try await publisher.publish(envelopes.map { try outgoing($0) })
    }

    /// The wire message for an envelope, addressed to its stage's work queue.
    public func outgoing(_ envelope: Envelope, attempt: Int = 1) throws -> OutgoingMessage {
        let queues = topology.queues(for: envelope.kind.stage)
        return OutgoingMessage(exchange: queues.workExchange, routingKey: queues.workRoutingKey,
                               body: try envelope.encoded(), messageId: envelope.id, headers: [
                                   MessageHeaders.attempt: .int(Int64(attempt)),
                                   MessageHeaders.kind: .string(envelope.kind.rawValue),
                                   MessageHeaders.run: .string(envelope.movie.runId),
                                   MessageHeaders.movie: .string(envelope.movie.movieId),
                               ])
    }
}
