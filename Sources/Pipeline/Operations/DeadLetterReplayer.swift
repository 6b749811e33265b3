import Models
import Clients
import DreamFrameCore
import Foundation

/// Lists dead letters and moves matching ones back to their stage's work queue.
///
/// Listing settles nothing: the replayer holds a stage's dead letters unacknowledged on a subscription of its own
/// (``Clients/AMQPAdmin/hold(_:limit:idle:)``), reads them, and closes the channel, so the broker puts every one
/// back in the order it had them — none is requeued one by one, none is lost if the replayer dies.
/// A replayed message keeps its body and id, gets its attempt count reset and its replay count raised, and is
/// published with confirms before it is acked in the dead-letter queue — so a crash mid-replay duplicates at worst
/// (which every stage tolerates), never loses.
public struct DeadLetterReplayer: Sendable {
    /// The broker's nodes: the replayer works on the first one that answers.
    public let broker: AMQPEndpoints
    public let topology: Topology

    public init(broker: AMQPEndpoints, topology: Topology) {
        self.broker = broker
        self.topology = topology
    }

    /// Lists the dead letters matching `filter` (at most `limit` read per stage); nothing moves.
    public func list(_ filter: DeadLetterFilter, limit: Int = 10_000) async throws -> [DeadLetter] {
        try await walk(filter, limit: limit, publisher: nil)
    }

    /// Requeues the dead letters matching `filter` to their work queues and returns them.
    public func replay(_ filter: DeadLetterFilter, publisher: any MessagePublisher, limit: Int = 10_000) async throws
        -> [DeadLetter] {
        try await walk(filter, limit: limit, publisher: publisher)
    }

    private func walk(_ filter: DeadLetterFilter, limit: Int, publisher: (any MessagePublisher)?) async throws
        -> [DeadLetter] {
        var found: [DeadLetter] = []
        for stage in Stage.allCases where filter.stage == nil || filter.stage == stage {
            let queues = topology.queues(for: stage)
            let box = try await BlockingWork.run { [broker] in AdminBox(try AMQPAdmin(endpoints: broker)) }
            defer { box.admin.close() }
            let deliveries = try await BlockingWork.run { try box.admin.hold(queues.deadQueue, limit: limit) }
            var matching: [(delivery: Delivery, letter: DeadLetter)] = []
            for delivery in deliveries {
                let letter = DeadLetter(stage: stage, queue: queues.deadQueue, delivery: delivery)
                if filter.matches(letter) { matching.append((delivery, letter)) }
            }
            found += matching.map(\.letter)
            var toAck: [Delivery] = []
            if let publisher, !matching.isEmpty {
                // One batch, confirmed as a whole, before any ack: a failure acks nothing and every letter stays.
                try await publisher.publish(matching.map { Self.replayed($0.delivery, letter: $0.letter, to: queues) })
                toAck = matching.map(\.delivery)
            }
            // Acks first, then the channel closes: the broker puts back, in order, every letter left unacked.
            try await BlockingWork.run { [toAck] in
                for delivery in toAck { try box.admin.ack(delivery) }
                try box.admin.release()
            }
        }
        return found
    }

    /// The dead letter as its stage takes it again: same body and id, attempt 1, replays raised, the failure's
    /// headers gone.
    static func replayed(_ delivery: Delivery, letter: DeadLetter, to queues: StageQueues) -> OutgoingMessage {
        var headers = delivery.headers
        for key in [MessageHeaders.error, MessageHeaders.errorClass, MessageHeaders.lastSeen, MessageHeaders.stage,
                    "x-death", "x-delivery-count"] {
            headers[key] = nil
        }
        headers[MessageHeaders.attempt] = .int(1)
        headers[MessageHeaders.replays] = .int(Int64(letter.replays + 1))
        return OutgoingMessage(exchange: queues.workExchange, routingKey: queues.workRoutingKey, body: delivery.body,
                               messageId: letter.messageId, headers: headers)
    }
}

/// Carries a blocking admin connection between threads, used by one at a time.
final class AdminBox: @unchecked Sendable {
    let admin: AMQPAdmin

    init(_ admin: AMQPAdmin) {
        self.admin = admin
    }
}
