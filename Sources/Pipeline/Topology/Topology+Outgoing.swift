import Clients
import Foundation

extension Topology {
    /// The wire message for an envelope, addressed to its stage's work queue.
    public func outgoing(_ envelope: Envelope, attempt: Int = 1) throws -> OutgoingMessage {
        let queues = queues(for: envelope.kind.stage)
        return OutgoingMessage(exchange: queues.workExchange, routingKey: queues.workRoutingKey,
                               body: try envelope.encoded(), messageId: envelope.id, headers: [
                                   MessageHeaders.attempt: .int(Int64(attempt)),
                                   MessageHeaders.kind: .string(envelope.kind.rawValue),
                                   MessageHeaders.run: .string(envelope.movie.runId),
                                   MessageHeaders.movie: .string(envelope.movie.movieId),
                               ])
    }
}
