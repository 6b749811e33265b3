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

    public var stage: Stage
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

    /// The retry queue for a failed attempt (1-based): the n-th failure waits the n-th delay, then the longest.
    public func retryQueue(afterAttempt attempt: Int) -> RetryQueue {
        retries[min(max(attempt - 1, 0), retries.count - 1)]
    }
}

extension StageQueues {
    /// Derives one stage's queues from the structure of a definitions document, not from names:
    /// - its retry queues are the queues with a message TTL that dead-letter with the stage's routing key;
    /// - the exchange they dead-letter to is the stage's work exchange (all of them must agree);
    /// - the work queue is the queue bound to that exchange with the stage's routing key;
    /// - the dead-letter queue is where the work queue's own dead-letter exchange and key route.
    static func derive(stage: Stage, from d: Definitions, source: String) throws -> StageQueues {
        let key = stage.rawValue
        func missing(_ what: String) -> ConfigurationError {
            .invalid("topology file", value: source, expected: "\(what) for stage '\(key)'")
        }
        let retrySources = d.queues.filter {
            $0.arguments["x-message-ttl"] != nil && $0.arguments["x-dead-letter-routing-key"]?.stringValue == key
        }
        let exchanges = Set(retrySources.compactMap { $0.arguments["x-dead-letter-exchange"]?.stringValue })
        guard let workExchange = exchanges.first, exchanges.count == 1 else {
            throw missing(exchanges.isEmpty
                ? "at least one retry queue (x-message-ttl, x-dead-letter-routing-key '\(key)')"
                : "retry queues that all dead-letter to one work exchange (found \(exchanges.sorted()))")
        }
        guard let workBinding = d.bindings.first(where: {
            $0.source == workExchange && $0.routing_key == key && $0.destination_type == "queue"
        }), let work = d.queues.first(where: { $0.name == workBinding.destination }) else {
            throw missing("a queue bound to '\(workExchange)' with routing key '\(key)'")
        }
        var retries: [RetryQueue] = []
        for queue in retrySources {
            guard let binding = d.bindings.first(where: { $0.destination == queue.name && $0.destination_type == "queue" }),
                  let ttl = queue.arguments["x-message-ttl"]?.intValue else {
                throw missing("a binding to retry queue '\(queue.name)'")
            }
            retries.append(RetryQueue(queue: queue.name, exchange: binding.source, routingKey: binding.routing_key,
                                      delay: .milliseconds(ttl)))
        }
        retries.sort { $0.delay < $1.delay }
        guard let deadExchange = work.arguments["x-dead-letter-exchange"]?.stringValue,
              let deadKey = work.arguments["x-dead-letter-routing-key"]?.stringValue,
              let deadBinding = d.bindings.first(where: { $0.source == deadExchange && $0.routing_key == deadKey }) else {
            throw missing("a dead-letter queue (x-dead-letter-exchange/-routing-key on the work queue)")
        }
        return StageQueues(stage: stage, workQueue: work.name, workExchange: workExchange, workRoutingKey: key,
                           retries: retries, deadQueue: deadBinding.destination, deadExchange: deadExchange,
                           deadRoutingKey: deadKey)
    }
}
