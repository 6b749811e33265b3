import Models
import Clients
import DreamFrameCore
import Foundation

/// Where one stage's messages live and how to address them.
public struct StageQueues: Sendable {
    /// A delayed-retry queue: publish to (`exchange`, `routingKey`); after `delay` it returns to the work queue.
    public struct RetryQueue: Sendable {
        public var queue: String
        public var exchange: String
        public var routingKey: String
        public var delay: Duration
    }

    public var stage: String
    /// The durable work queue the stage consumes.
    public var workQueue: String
    /// The exchange and routing key that deliver to the work queue.
    public var workExchange: String
    public var workRoutingKey: String
    /// Retry queues, shortest delay first.
    public var retries: [RetryQueue]
    /// The dead-letter queue and the address that reaches it (the work queue's own dead-letter target).
    public var deadQueue: String
    public var deadExchange: String
    public var deadRoutingKey: String

    static func derive(stage: String, from d: Definitions, source: String) throws -> StageQueues {
        func missing(_ what: String) -> ConfigurationError {
            .invalid("topology file", value: source, expected: "\(what) for stage '\(stage)'")
        }
        let retrySources = d.queues.filter { $0.arguments["x-message-ttl"] != nil }
        guard let workExchange = retrySources.compactMap({ $0.arguments["x-dead-letter-exchange"]?.stringValue }).first
            ?? d.bindings.first(where: { $0.routing_key == stage && $0.destination_type == "queue" })?.source else {
            throw missing("a work exchange")
        }
        guard let workBinding = d.bindings.first(where: {
            $0.source == workExchange && $0.routing_key == stage && $0.destination_type == "queue"
        }), let work = d.queues.first(where: { $0.name == workBinding.destination }) else {
            throw missing("a queue bound to '\(workExchange)' with routing key '\(stage)'")
        }
        var retries: [RetryQueue] = []
        for queue in retrySources where queue.arguments["x-dead-letter-exchange"]?.stringValue == workExchange
            && queue.arguments["x-dead-letter-routing-key"]?.stringValue == stage {
            guard let binding = d.bindings.first(where: { $0.destination == queue.name && $0.destination_type == "queue" }),
                  let ttl = queue.arguments["x-message-ttl"]?.intValue else {
                throw missing("a binding to retry queue '\(queue.name)'")
            }
            retries.append(RetryQueue(queue: queue.name, exchange: binding.source, routingKey: binding.routing_key,
                                      delay: .milliseconds(ttl)))
        }
        retries.sort { $0.delay < $1.delay }
        guard !retries.isEmpty else { throw missing("at least one retry queue") }
        guard let deadExchange = work.arguments["x-dead-letter-exchange"]?.stringValue,
              let deadKey = work.arguments["x-dead-letter-routing-key"]?.stringValue,
              let deadBinding = d.bindings.first(where: { $0.source == deadExchange && $0.routing_key == deadKey }) else {
            throw missing("a dead-letter queue (x-dead-letter-exchange/-routing-key on the work queue)")
        }
        return StageQueues(stage: stage, workQueue: work.name, workExchange: workExchange, workRoutingKey: stage,
                           retries: retries, deadQueue: deadBinding.destination, deadExchange: deadExchange,
                           deadRoutingKey: deadKey)
    }

    /// The retry queue for a failed attempt (1-based): the n-th failure waits the n-th delay, then the longest.
    public func retryQueue(afterAttempt attempt: Int) -> RetryQueue {
        retries[min(max(attempt - 1, 0), retries.count - 1)]
    }
}
