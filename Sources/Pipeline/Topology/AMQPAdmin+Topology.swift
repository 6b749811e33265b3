import Clients
import Foundation

extension AMQPAdmin {
    /// Declares every exchange, queue and binding of the topology; idempotent (same arguments, no change).
    public func declare(_ topology: Topology) throws {
        let d = topology.definitions
        for exchange in d.exchanges {
            try declareExchange(exchange.name, type: exchange.type, durable: exchange.durable)
        }
        for queue in d.queues {
            try declareQueue(queue.name, durable: queue.durable, arguments: queue.arguments.mapValues(\.fieldValue))
        }
        for binding in d.bindings where binding.destination_type == "queue" {
            try bind(queue: binding.destination, exchange: binding.source, routingKey: binding.routing_key)
        }
    }
}

extension ArgumentValue {
    /// The AMQP field value of this queue argument.
    var fieldValue: AMQPFieldValue {
        switch self {
        case .string(let s): return .string(s)
        case .int(let i): return .int(i)
        }
    }
}
