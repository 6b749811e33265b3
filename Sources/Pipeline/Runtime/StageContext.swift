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

    public init(logger: Logger, topology: Topology, state: any PipelineStore, layout: OutputLayout,
                publisher: any MessagePublisher) {
        self.logger = logger
        self.topology = topology
        self.state = state
        self.layout = layout
        self.publisher = publisher
    }

    /// Publishes messages now and waits for their confirms (for handlers that must publish before a later step).
    public func publish(_ envelopes: [Envelope]) async throws {
        try await publisher.publish(envelopes.map { try topology.outgoing($0) })
    }
}
