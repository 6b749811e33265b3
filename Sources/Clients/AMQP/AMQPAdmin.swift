import DreamFrameCore
import CRabbitMQ
import Foundation

/// Administrative broker operations over one short-lived connection: declare the topology, read queue depths,
/// browse and move dead letters. Blocking; use it from one thread (wrap calls in ``BlockingWork``).
public final class AMQPAdmin {
    /// Depth and consumers of one queue, exact at the time of the call (passive declare).
    public struct QueueStats: Sendable, Hashable {
        /// The queue.
        public var name: String
        /// Messages ready for delivery (not counting unacknowledged ones).
        public var messages: Int
        /// Consumers subscribed.
        public var consumers: Int
    }

    let connection: AMQPConnection

    /// Connects to the broker (blocking; throws ``BrokerError`` when it cannot).
    public convenience init(url: AMQPURL) throws {
        try self.init(endpoints: AMQPEndpoints(url))
    }

    /// Connects to the first node of `endpoints` that accepts a connection, trying each once in order (blocking;
    /// throws the last node's ``BrokerError`` when none does).
    public init(endpoints: AMQPEndpoints) throws {
        var nodes = FailoverCursor(endpoints, connection: "amqp-admin")
        var lastError: Error = BrokerError.connection("no broker node")
        for _ in endpoints.urls {
            do {
                connection = try nodes.connect()
                return
            } catch {
                lastError = error
                _ = nodes.failed()
            }
        }
        throw lastError
    }

    /// Closes the connection (idempotent).
    public func close() {
        connection.close()
    }

    /// Declares an exchange; idempotent (same arguments, no change).
    public func declareExchange(_ name: String, type: String, durable: Bool) throws {
        _ = df_exchange_declare(connection.state, connection.channel, name, type, durable ? 1 : 0)
        try connection.checkReply("declare exchange '\(name)'")
    }

    /// Declares a queue with `arguments` (strings and integers); idempotent (same arguments, no change).
    public func declareQueue(_ name: String, durable: Bool = true, arguments: [String: AMQPFieldValue] = [:]) throws {
        try withArguments(arguments) { args, count in
            _ = df_queue_declare(connection.state, connection.channel, name, 0, durable ? 1 : 0, args, count)
        }
        try connection.checkReply("declare queue '\(name)'")
    }

    /// Binds `queue` to `exchange` with `routingKey`.
    public func bind(queue: String, exchange: String, routingKey: String) throws {
        _ = df_queue_bind(connection.state, connection.channel, queue, exchange, routingKey)
        try connection.checkReply("bind '\(queue)' to '\(exchange)'")
    }

    /// Messages ready and consumers of `queue`, or nil when the queue does not exist.
    public func stats(_ queue: String) throws -> QueueStats? {
        let ok = df_queue_declare(connection.state, connection.channel, queue, 1, 0, nil, 0)
        do {
            try connection.checkReply("inspect queue '\(queue)'")
        } catch BrokerError.refused(let code, _) where code == 404 {
            try connection.reopenChannel()
            return nil
        }
        guard let ok else { return nil }
        return QueueStats(name: queue, messages: Int(ok.pointee.message_count), consumers: Int(ok.pointee.consumer_count))
    }

    /// Takes the next message of `queue` without acknowledging it (it stays unacked until ``ack(_:)`` /
    /// ``requeue(_:)`` or until this connection closes, which requeues it).
    public func get(_ queue: String) throws -> Delivery? {
        let reply = df_basic_get(connection.state, connection.channel, queue)
        try AMQPConnection.check(reply, "get from '\(queue)'")
        guard reply.reply.id == AMQP_BASIC_GET_OK_METHOD, let decoded = reply.reply.decoded else { return nil }
        let ok = decoded.assumingMemoryBound(to: amqp_basic_get_ok_t.self).pointee
        var message = amqp_message_t()
        try AMQPConnection.check(amqp_read_message(connection.state, connection.channel, &message, 0), "read message")
        defer { amqp_destroy_message(&message) }
        let flags = message.properties._flags
        let headers = (flags & amqp_flags_t(AMQP_BASIC_HEADERS_FLAG)) != 0 ? AMQPFieldValue.decode(message.properties.headers) : [:]
        let messageId = (flags & amqp_flags_t(AMQP_BASIC_MESSAGE_ID_FLAG)) != 0 ? message.properties.message_id.string : nil
        return Delivery(tag: ok.delivery_tag, generation: 0, body: message.body.data, messageId: messageId,
                        headers: headers, redelivered: ok.redelivered != 0, exchange: ok.exchange.string,
                        routingKey: ok.routing_key.string)
    }

    /// Acknowledges a delivery taken with ``get(_:)``.
    public func ack(_ delivery: Delivery) throws {
        let status = amqp_basic_ack(connection.state, connection.channel, delivery.tag, 0)
        guard status == AMQP_STATUS_OK.rawValue else { throw BrokerError.connection("ack failed") }
    }

    /// Hands a delivery taken with ``get(_:)`` back to its queue.
    public func requeue(_ delivery: Delivery) throws {
        let status = amqp_basic_nack(connection.state, connection.channel, delivery.tag, 0, 1)
        guard status == AMQP_STATUS_OK.rawValue else { throw BrokerError.connection("nack failed") }
    }

    /// Removes every message of `queue`; returns how many.
    @discardableResult
    public func purge(_ queue: String) throws -> Int {
        let ok = df_queue_purge(connection.state, connection.channel, queue)
        try connection.checkReply("purge '\(queue)'")
        return Int(ok?.pointee.message_count ?? 0)
    }

    /// Deletes a queue and its messages.
    public func deleteQueue(_ name: String) throws {
        _ = df_queue_delete(connection.state, connection.channel, name)
        try connection.checkReply("delete queue '\(name)'")
    }

    private func withArguments(_ arguments: [String: AMQPFieldValue],
                               _ body: (UnsafePointer<df_header>?, Int32) -> Void) throws {
        var table = CStringTable()
        let pending = arguments.sorted { $0.key < $1.key }.map { PendingHeader(key: $0.key, value: $0.value, table: &table) }
        table.withPointers { pointer in
            let headers = pending.map { $0.resolve(pointer) }
            headers.withUnsafeBufferPointer { body($0.baseAddress, Int32($0.count)) }
        }
    }
}
