import Clients
import Foundation
import Logging
import Models

/// What a handler can use: logging, the topology, the pipeline's shared state, output files, and publishing.
public struct StageContext: Sendable {
    public let logger: Logger
    public let topology: Topology
    public let state: any PipelineStore
    public let layout: OutputLayout
    public let publisher: any MessagePublisher
    /// The message being handled and what became of it (the runtime sets it for each handling; nil outside one).
    private(set) var handling: MessageHandling?

    public init(logger: Logger, topology: Topology, state: any PipelineStore, layout: OutputLayout,
                publisher: any MessagePublisher) {
        self.logger = logger
        self.topology = topology
        self.state = state
        self.layout = layout
        self.publisher = publisher
    }

    /// This context for handling one message.
    func handling(_ handling: MessageHandling) -> StageContext {
        var context = self
        context.handling = handling
        return context
    }

    /// Publishes messages now and waits for their confirms (for handlers that must publish before a later step).
    public func publish(_ envelopes: [Envelope]) async throws {
        try await publisher.publish(envelopes.map { try topology.outgoing($0) })
    }

    /// Publishes messages through their stage's longest delay queue, so they arrive after that delay (a timer
    /// made of the broker, for work that must look again later).
    public func publishLater(_ envelopes: [Envelope]) async throws {
        try await publisher.publish(envelopes.map { envelope in
            var message = try topology.outgoing(envelope)
            let later = topology.queues(for: envelope.kind.stage).retryQueue(afterAttempt: .max)
            message.exchange = later.exchange
            message.routingKey = later.routingKey
            return message
        })
    }
}
