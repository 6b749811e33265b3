import Models
import Clients
import DreamFrameCore
import Foundation

/// Lists dead letters and moves matching ones back to their stage's work queue.
///
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

    /// Lists the dead letters matching `filter` (at most `limit` per stage); nothing moves.
    public func list(_ filter: DeadLetterFilter, limit: Int = 10_000) async throws -> [DeadLetter] {
        try await walk(filter, limit: limit, publisher: nil)
    }

    /// Requeues the dead letters matching `filter` to their work queues and returns them.
    public func replay(_ filter: DeadLetterFilter, publisher: AMQPPublisher, limit: Int = 10_000) async throws -> [DeadLetter] {
        try await walk(filter, limit: limit, publisher: publisher)
    }

    private func walk(_ filter: DeadLetterFilter, limit: Int, publisher: AMQPPublisher?) async throws -> [DeadLetter] {
        var found: [DeadLetter] = []
        for stage in Stage.allCases where filter.stage == nil || filter.stage == stage {
            let queues = topology.queues(for: stage)
            let box = try await BlockingWork.run { [broker] in AdminBox(try AMQPAdmin(endpoints: broker)) }
            defer { box.admin.close() }
            let deliveries = try await BlockingWork.run {
                var items: [Delivery] = []
                while items.count < limit, let delivery = try box.admin.get(queues.deadQueue) { items.append(delivery) }
                return items
            }
            var toAck: [Delivery] = []
            var toRequeue: [Delivery] = []
            for delivery in deliveries {
                let letter = DeadLetter(stage: stage, queue: queues.deadQueue, delivery: delivery)
                guard filter.matches(letter) else {
                    toRequeue.append(delivery)
                    continue
                }
                found.append(letter)
                guard let publisher else {
                    toRequeue.append(delivery)
                    continue
                }
                var headers = delivery.headers
                for key in [MessageHeaders.error, MessageHeaders.errorClass, MessageHeaders.lastSeen, MessageHeaders.stage, "x-death"] {
                    headers[key] = nil
                }
                headers[MessageHeaders.attempt] = .int(1)
                headers[MessageHeaders.replays] = .int(Int64(letter.replays + 1))
                try await publisher.publish([OutgoingMessage(exchange: queues.workExchange, routingKey: queues.workRoutingKey,
                                                             body: delivery.body, messageId: letter.messageId, headers: headers)])
                toAck.append(delivery)
            }
            try await BlockingWork.run { [toAck, toRequeue] in
                for delivery in toAck { try box.admin.ack(delivery) }
                for delivery in toRequeue { try box.admin.requeue(delivery) }
            }
        }
        return found
    }
}

/// Carries a blocking admin connection between threads, used by one at a time.
final class AdminBox: @unchecked Sendable {
    let admin: AMQPAdmin

    init(_ admin: AMQPAdmin) {
        self.admin = admin
    }
}
